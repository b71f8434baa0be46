"""Syslog over real sockets into a real daemon, sent by util-linux ``logger``
and by raw sockets for what ``logger`` won't send (hostile frames)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Callable

import pytest
from conftest import Daemon, free_port, wait_for

from insyt.record import INVALID_UTF8, NUL_BYTES, TRUNCATED, UNPARSED


def logger(daemon: Daemon, *args: str, port: int | None = None, host: str = "127.0.0.1") -> None:
    subprocess.run(
        ["logger", "-n", host, "-P", str(port or daemon.port), *args],
        check=True, timeout=10,
    )


def tcp_send(port: int, data: bytes, host: str = "127.0.0.1") -> None:
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(data)


def stored(daemon: Daemon, n: int) -> Callable[[], bool]:
    return lambda: daemon.counters()["stored"] >= n


@pytest.mark.parametrize(
    ("args", "transport"),
    [
        (["-d", "--rfc5424"], "udp"),
        (["-d", "--rfc3164"], "udp"),
        (["-T", "--rfc5424", "--octet-count"], "tcp"),
        (["-T", "--rfc3164"], "tcp"),
        (["-T", "--rfc5424"], "tcp"),
    ],
)
def test_logger_lines_are_stored_parsed(daemon: Daemon, args: list[str], transport: str) -> None:
    logger(daemon, *args, "-t", "sshd", "-i", "-p", "auth.warning",
           "Failed password for root from 203.0.113.9 port 22 ssh2")
    wait_for(stored(daemon, 1))
    (row,) = daemon.rows()
    assert row["transport"] == transport
    assert row["peer"].startswith("127.0.0.1:")
    assert (row["facility"], row["severity"]) == (4, 4)  # auth, warning
    assert row["app"] == "sshd"
    assert row["procid"] and row["procid"].isdigit()
    assert row["message"] == "Failed password for root from 203.0.113.9 port 22 ssh2"
    assert abs(row["timestamp"] - time.time()) < 60
    assert row["flags"] == 0
    assert b"Failed password" in row["raw"]


def test_rfc5424_structured_data_and_msgid(daemon: Daemon) -> None:
    logger(daemon, "-T", "--octet-count", "--rfc5424", "--msgid", "ID47",
           "--sd-id", "exampleSDID@32473", "--sd-param", 'iut="3"', "-t", "app", "hello")
    wait_for(stored(daemon, 1))
    (row,) = daemon.rows()
    assert row["msgid"] == "ID47"
    assert '"exampleSDID@32473":{"iut":"3"}' in row["structured_data"]
    assert row["message"] == "hello"


def test_ipv6_listener(daemon_factory: Callable[..., Daemon]) -> None:
    port = free_port(host="::1")
    d = daemon_factory(syslog={"udp": [f"[::1]:{port}"], "tcp": [f"[::1]:{port}"]}).start()
    logger(d, "-d", "--rfc5424", "-t", "v6", "over udp6", port=port, host="::1")
    logger(d, "-T", "--octet-count", "-t", "v6", "over tcp6", port=port, host="::1")
    wait_for(stored(d, 2))
    rows = d.rows()
    assert sorted(r["message"] for r in rows) == ["over tcp6", "over udp6"]
    assert all(r["peer"].startswith("::1:") for r in rows)
    assert d.status()["listeners"] == {"udp": [f"::1:{port}"], "tcp": [f"::1:{port}"]}


def test_mixed_framing_on_one_connection(daemon: Daemon) -> None:
    msg = b"<34>1 2026-11-24T10:00:00Z h app - - - octet"
    tcp_send(daemon.port, b"<13>Nov 24 10:00:00 h app: lf one\n"
             + b"%d %s" % (len(msg), msg) + b"<13>Nov 24 10:00:01 h app: last, no LF")
    wait_for(stored(daemon, 3))
    assert [r["message"] for r in daemon.rows()] == ["lf one", "octet", "last, no LF"]


def test_oversize_frames_are_truncated_counted_and_stream_resyncs(
    daemon_factory: Callable[..., Daemon],
) -> None:
    d = daemon_factory(syslog={"max_frame": 1024}).start()
    big = b"<13>Nov 24 10:00:00 h app: " + b"X" * 5000
    tcp_send(d.port, b"%d %s" % (len(big), big) + b"<13>Nov 24 10:00:00 h app: after octet\n"
             + big + b"\n<13>Nov 24 10:00:00 h app: after lf\n")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(big, ("127.0.0.1", d.port))
    wait_for(stored(d, 5))
    rows = d.rows()
    by_message = {r["message"][:12]: r for r in rows}
    assert by_message["after octet"[:12]]["flags"] == 0
    assert by_message["after lf"]["flags"] == 0
    cut = [r for r in rows if r["flags"] & TRUNCATED]
    assert len(cut) == 3
    assert all(len(r["raw"]) == 1024 for r in cut)
    assert d.counters()["truncated"] == 3
    assert d.counters(f"tcp 127.0.0.1:{d.port}")["truncated"] == 2


def test_invalid_utf8_and_nul_are_stored_escaped_and_counted(daemon: Daemon) -> None:
    tcp_send(daemon.port, b"<13>Nov 24 10:00:00 h app: bad \xff\xfe utf8\n"
             b"<13>Nov 24 10:00:00 h app: nul \x00 byte\n")
    wait_for(stored(daemon, 2))
    bad, nul = daemon.rows()
    assert bad["message"] == "bad \\xff\\xfe utf8" and bad["flags"] & INVALID_UTF8
    assert nul["message"] == "nul \\x00 byte" and nul["flags"] & NUL_BYTES
    assert bad["raw"] == b"<13>Nov 24 10:00:00 h app: bad \xff\xfe utf8"
    counters = daemon.counters()
    assert (counters["invalid_utf8"], counters["nul_bytes"]) == (1, 1)


def test_unparseable_lines_are_kept_with_the_sender(daemon: Daemon) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"\x16\x03\x01 not syslog at all", ("127.0.0.1", daemon.port))
    wait_for(stored(daemon, 1))
    (row,) = daemon.rows()
    assert row["flags"] & UNPARSED
    assert row["peer"].startswith("127.0.0.1:")
    assert "not syslog at all" in row["message"]
    assert daemon.counters()["parse_errors"] == 1


def test_connection_limit_refuses_and_counts(daemon_factory: Callable[..., Daemon]) -> None:
    d = daemon_factory(syslog={"max_connections": 2}).start()
    name = f"tcp 127.0.0.1:{d.port}"
    keep = [socket.create_connection(("127.0.0.1", d.port)) for _ in range(2)]
    try:
        wait_for(lambda: d.counters(name)["connections"] == 2)
        extra = socket.create_connection(("127.0.0.1", d.port))
        extra.settimeout(5)
        with contextlib.suppress(ConnectionResetError):  # closed: RST or FIN
            assert extra.recv(1) == b""
        extra.close()
        wait_for(lambda: d.counters(name)["rejected"] == 1)
        keep[0].sendall(b"<13>Nov 24 10:00:00 h app: still served\n")
        wait_for(stored(d, 1))
    finally:
        for s in keep:
            s.close()


def test_idle_and_half_open_connections_time_out(daemon_factory: Callable[..., Daemon]) -> None:
    d = daemon_factory(syslog={"idle_timeout_s": 1}).start()
    name = f"tcp 127.0.0.1:{d.port}"
    silent = socket.create_connection(("127.0.0.1", d.port))
    # A half-open peer: sent part of a frame, then went quiet without FIN.
    partial = socket.create_connection(("127.0.0.1", d.port))
    partial.sendall(b"<13>Nov 24 10:00:00 h app: half a fra")
    try:
        wait_for(lambda: d.counters(name)["timed_out"] == 2, timeout=10)
        silent.settimeout(5)
        assert silent.recv(1) == b""  # closed by the daemon
        active = {i["name"]: i["active_connections"] for i in d.status()["inputs"]}
        assert active[name] == 0
        # What the half-open peer did send is kept, not lost.
        wait_for(stored(d, 1))
        assert d.rows()[0]["message"] == "half a fra"
    finally:
        silent.close()
        partial.close()


def test_counters_add_up(daemon: Daemon) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for i in range(200):
            s.sendto(b"<13>Nov 24 10:00:00 h app: udp %d" % i, ("127.0.0.1", daemon.port))
    tcp_send(daemon.port, b"".join(b"<13>Nov 24 10:00:00 h app: tcp %d\n" % i for i in range(300)))
    wait_for(lambda: daemon.counters()["received"] == 500)
    wait_for(stored(daemon, 500))
    c = daemon.counters()
    assert c["stored"] + c["dropped"] == c["received"] == 500
    assert len(daemon.rows()) == 500
