"""Hostile senders against a real daemon: what they hold, what they cost, what is counted.

Usage::

    .venv/bin/python bench/hostile.py [--checkout DIR] [--only NAME ...]

``--checkout`` runs another insyt checkout (an older commit, for a
before/after); keys that checkout does not know are left out of its config.
Four attacks, each on a fresh daemon with the shipped defaults but for what
is printed, all on loopback:

* ``slow``: 1,000 connections each sending one byte every 5 s and never an
  LF (any byte resets ``idle_timeout_s``); how long they stay open, and
  whether a new sender from 127.0.0.2 gets through while they do and after;
* ``flood``: 5,000 silent connections from 127.0.0.1, then one line from
  127.0.0.2; how many were accepted and refused, whether the line is stored,
  and how many log lines the refusals cost;
* ``udp``: unpaced datagrams for 3 s; sent, received, dropped, and the kernel's
  own drop count for the socket beside what ``/api/status`` says of it;
* ``octets``: ``999999999 `` then 10 MB on one connection; the bytes counted
  as discarded, and whether the connection is still open after
  ``frame_timeout_s`` (30 s) and 5 s more.

Prints figures only; asserts nothing.  Runs about two minutes, mostly waiting.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import sqlite3
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import servers
from servers import Insyt, udp_socket_drops

SLOW_CONNECTIONS = 1000
SLOW_BYTE_EVERY_S = 5.0  # the trickle
SLOW_WATCH_S = 45.0  # past the 30 s frame_timeout_s default
FLOOD_CONNECTIONS = 5000
UDP_SECONDS = 3.0
OCTET_JUNK = 10_000_000
OCTET_WATCH_S = 35.0
LEGIT_SOURCE = "127.0.0.2"  # all of 127/8 is loopback on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkout", type=Path, default=servers.REPO,
                        help="insyt checkout to run (default: this one)")
    parser.add_argument("--only", nargs="*", choices=sorted(ATTACKS), default=sorted(ATTACKS))
    args = parser.parse_args()
    servers.REPO = args.checkout.resolve()  # Insyt.start puts it first on PYTHONPATH
    known = (servers.REPO / "insyt" / "config.py").read_text()
    print(f"checkout {servers.REPO}")
    for name in args.only:
        with tempfile.TemporaryDirectory(prefix=f"hostile-{name}-") as tmp:
            ATTACKS[name](Path(tmp), known)
    return 0


def _start(workdir: Path, known: str, options: dict[str, str]) -> Insyt:
    """A daemon with ``options`` its checkout knows (the others are listed)."""
    keys = {k: v for k, v in options.items() if k.rpartition(".")[2] in known}
    missing = sorted(set(options) - set(keys))
    if missing:
        print(f"   (this checkout has no {', '.join(missing)})")
    server = Insyt(workdir, keys)
    server.start()
    return server


def _counters(server: Insyt, transport: str) -> dict[str, int]:
    """The one listener's counters, and its open connections as ``active``."""
    for item in server.status()["inputs"]:
        if item["name"].split()[0] == transport:
            return {**item["counters"], "active": item["active_connections"]}
    raise LookupError(f"no {transport} input")


def _send_line(port: int, text: str) -> str:
    """One line from the legitimate source: 'sent' or why not."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5,
                                      source_address=(LEGIT_SOURCE, 0)) as conn:
            conn.sendall(f"<13>Nov 24 10:00:00 legit app: {text}\n".encode())
            conn.settimeout(1)
            with contextlib.suppress(TimeoutError):
                if conn.recv(1) == b"":
                    return "closed by the daemon"
    except OSError as exc:
        return f"failed ({exc.__class__.__name__})"
    return "sent"


def _stored(server: Insyt, text: str) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with contextlib.suppress(sqlite3.Error):
            con = sqlite3.connect(f"file:{server.workdir / 'insyt.db'}?mode=ro", uri=True)
            try:
                if con.execute("SELECT 1 FROM event WHERE message = ?", (text,)).fetchone():
                    return True
            finally:
                con.close()
        time.sleep(0.2)
    return False


def _healthz_s(server: Insyt) -> str:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.web_port}/healthz",
                                    timeout=60) as resp:
            resp.read()
    except OSError as exc:
        return f"failed ({exc.__class__.__name__})"
    return f"{time.monotonic() - started:.3f} s"


def _open_count(conns: list[socket.socket]) -> int:
    alive = 0
    for conn in conns:
        conn.setblocking(False)
        try:
            alive += conn.recv(1) != b""
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    return alive


def slow(workdir: Path, known: str) -> None:
    print(f"slow: {SLOW_CONNECTIONS} connections, one byte each every {SLOW_BYTE_EVERY_S:g} s")
    server = _start(workdir, known, {
        "syslog.max_connections": str(SLOW_CONNECTIONS),
        "syslog.max_connections_per_source": str(SLOW_CONNECTIONS),  # the deadline alone
    })
    try:
        port = server.address("tcp")[1]
        conns = [socket.create_connection(("127.0.0.1", port)) for _ in range(SLOW_CONNECTIONS)]
        stop = threading.Event()

        def trickle() -> None:
            while not stop.is_set():
                for conn in conns:
                    with contextlib.suppress(OSError):
                        conn.send(b"x")
                stop.wait(SLOW_BYTE_EVERY_S)

        thread = threading.Thread(target=trickle, daemon=True)
        started = time.monotonic()
        thread.start()
        time.sleep(2)
        during = _send_line(port, "during the slow flood")
        print(f"   new sender while they hold the slots: {during}, "
              f"stored: {_stored(server, 'during the slow flood')}; "
              f"/healthz {_healthz_s(server)}")
        closed_at = None
        while time.monotonic() - started < SLOW_WATCH_S:
            time.sleep(1)
            if closed_at is None and _counters(server, "tcp")["active"] == 0:
                closed_at = time.monotonic() - started
        stop.set()
        thread.join()
        c = _counters(server, "tcp")
        held = "all closed" if closed_at is not None else f"{c['active']} still open"
        when = f" after {closed_at:.0f} s" if closed_at is not None else ""
        print(f"   after {SLOW_WATCH_S:g} s: {held}{when}; counters: timed_out "
              f"{c['timed_out']}, frame_timeouts {c.get('frame_timeouts', 'n/a')}")
        after = _send_line(port, "after the slow flood")
        print(f"   new sender then: {after}, stored: {_stored(server, 'after the slow flood')}")
        for conn in conns:
            conn.close()
    finally:
        server.stop()


def flood(workdir: Path, known: str) -> None:
    print(f"flood: {FLOOD_CONNECTIONS} silent connections from 127.0.0.1, one line from "
          f"{LEGIT_SOURCE}")
    server = _start(workdir, known, {})
    try:
        port = server.address("tcp")[1]
        started = time.monotonic()
        conns = []
        for _ in range(FLOOD_CONNECTIONS):
            with contextlib.suppress(OSError):
                conns.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        opened = time.monotonic() - started
        health = _healthz_s(server)
        legit = _send_line(port, "from the other source")
        time.sleep(1)
        c = _counters(server, "tcp")
        print(f"   {len(conns)} connected in {opened:.1f} s; the daemon holds "
              f"{_open_count(conns)}; rejected {c['rejected']}, rejected_per_source "
              f"{c.get('rejected_per_source', 'n/a')}; /healthz {health}")
        print(f"   {LEGIT_SOURCE}'s line: {legit}, stored: "
              f"{_stored(server, 'from the other source')}")
        for conn in conns:
            conn.close()
    finally:
        server.stop()
    lines = [line for line in (workdir / "server.log").read_text(errors="replace").splitlines()
             if "refus" in line]
    print(f"   log lines about refusals: {len(lines)}"
          + (f"; e.g. {lines[-1][-160:]}" if lines else ""))


def udp(workdir: Path, known: str) -> None:
    print(f"udp: unpaced datagrams for {UDP_SECONDS:g} s (udp_rcvbuf default)")
    server = _start(workdir, known, {})
    try:
        address = server.address("udp")
        sent = 0
        payload = b"<13>Nov 24 10:00:00 h app: udp flood datagram of some ordinary length"
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            deadline = time.monotonic() + UDP_SECONDS
            while time.monotonic() < deadline:
                for _ in range(1000):
                    s.sendto(payload, address)
                sent += 1000
        health = _healthz_s(server)
        time.sleep(3)
        c = _counters(server, "udp")
        proc = udp_socket_drops(address[1])
        print(f"   sent {sent:,}; received {c['received']:,}, dropped {c['dropped']:,}, "
              f"kernel_dropped {c.get('kernel_dropped', 'n/a (no such counter)')}; "
              f"the kernel's count in /proc/net/udp: {proc}; /healthz {health}")
    finally:
        server.stop()


def octets(workdir: Path, known: str) -> None:
    print(f"octets: '999999999 ' then {OCTET_JUNK:,} bytes on one connection")
    server = _start(workdir, known, {})
    try:
        port = server.address("tcp")[1]
        with socket.create_connection(("127.0.0.1", port)) as conn:
            conn.sendall(b"999999999 " + b"J" * OCTET_JUNK)
            time.sleep(2)
            c = _counters(server, "tcp")
            print(f"   truncated {c['truncated']}, discarded_bytes "
                  f"{c.get('discarded_bytes', 'n/a (no such counter)')}")
            time.sleep(OCTET_WATCH_S)
            state = "open" if _open_count([conn]) else "closed by the daemon"
            c = _counters(server, "tcp")
            print(f"   after {OCTET_WATCH_S + 2:g} s the connection is {state}; "
                  f"frame_timeouts {c.get('frame_timeouts', 'n/a')}")
    finally:
        server.stop()


ATTACKS: dict[str, Callable[[Path, str], None]] = {
    "slow": slow, "flood": flood, "udp": udp, "octets": octets}

if __name__ == "__main__":
    raise SystemExit(main())
