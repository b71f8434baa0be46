"""Syslog over real sockets into a real daemon, sent by util-linux ``logger``
and by raw sockets for what ``logger`` won't send (hostile frames)."""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from harness.daemon import Daemon, free_port, wait_for
from prometheus_client.parser import text_string_to_metric_families

from insyt.ingest.admission import Admission, source_of
from insyt.record import INVALID_UTF8, NUL_BYTES, TRUNCATED, UNPARSED


def logger(daemon: Daemon, *args: str, port: int | None = None, host: str = "127.0.0.1") -> None:
    subprocess.run(
        ["logger", "-n", host, "-P", str(port or daemon.port), *args],
        check=True, timeout=10,
    )


def tcp_send(port: int, data: bytes, host: str = "127.0.0.1",
             source: str | None = None) -> None:
    with connect(port, host, source) as s:
        s.sendall(data)


def connect(port: int, host: str = "127.0.0.1", source: str | None = None) -> socket.socket:
    """A TCP connection, from ``source`` when given (all of 127/8 is loopback)."""
    return socket.create_connection((host, port), timeout=5,
                                    source_address=(source, 0) if source else None)


def closed_by_daemon(conn: socket.socket) -> bool:
    """Whether the daemon closed this connection (RST or FIN), waiting for it."""
    conn.settimeout(10)
    try:
        return conn.recv(1) == b""
    except ConnectionResetError:
        return True


def open_now(conn: socket.socket) -> bool:
    """Whether the daemon still holds this connection (nothing to read, no FIN)."""
    conn.setblocking(False)
    try:
        return conn.recv(1) != b""
    except BlockingIOError:
        return True
    except ConnectionResetError:
        return False
    finally:
        conn.settimeout(5)


def healthz(daemon: Daemon) -> str:
    """/healthz with a generous timeout: it must answer during a flood, slowly or not."""
    url = f"http://127.0.0.1:{daemon.web_port}/healthz"
    with urllib.request.urlopen(url, timeout=60) as response:
        body: bytes = response.read()
    return body.decode()


@contextlib.contextmanager
def closing_all(conns: list[socket.socket]) -> Iterator[list[socket.socket]]:
    try:
        yield conns
    finally:
        for conn in conns:
            conn.close()


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
    assert d.counters()["discarded_bytes"] == 3 * (len(big) - 1024)


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


def test_slow_loris_connections_close_at_the_frame_deadline(
    daemon_factory: Callable[..., Daemon],
) -> None:
    """Before: a byte every few seconds reset the idle timer, so such
    connections held every slot for ever and new senders were refused."""
    slots = 24
    d = daemon_factory(syslog={"max_connections": slots, "max_connections_per_source": slots,
                               "frame_timeout_s": 2}).start()
    name = f"tcp 127.0.0.1:{d.port}"
    stop = threading.Event()

    def trickle(conns: list[socket.socket]) -> None:
        """One byte per connection, never an LF, far more often than idle_timeout_s."""
        while not stop.is_set():
            for conn in conns:
                with contextlib.suppress(OSError):  # closed by the daemon
                    conn.send(b"x")
            stop.wait(0.2)

    with closing_all([connect(d.port) for _ in range(slots)]) as slow:
        wait_for(lambda: d.counters(name)["connections"] == slots)
        # Every slot is taken: a new sender is refused (nothing has started a frame yet).
        with connect(d.port) as extra:
            assert closed_by_daemon(extra)
        wait_for(lambda: d.counters(name)["rejected"] == 1)
        sender = threading.Thread(target=trickle, args=(slow,))
        sender.start()
        try:
            assert healthz(d) == "ok\n"
            wait_for(lambda: d.counters(name)["frame_timeouts"] == slots, timeout=60)
        finally:
            stop.set()
            sender.join()
        assert not any(open_now(conn) for conn in slow)
    counters = d.counters(name)
    assert counters["timed_out"] == 0 and counters["rejected"] == 1
    tcp_send(d.port, b"<13>Nov 24 10:00:00 h app: got through\n")
    # Nothing accepted is lost: what each slow connection sent is stored too.
    wait_for(stored(d, slots + 1))
    messages = [r["message"] for r in d.rows()]
    assert "got through" in messages
    assert sum(1 for m in messages if re.fullmatch("x+", m)) == slots
    assert "a frame unfinished after 2 s" in d.log_text()


def test_one_source_is_held_to_its_share(daemon_factory: Callable[..., Daemon]) -> None:
    """Before: one address could open every slot and a sender elsewhere was
    refused, its line lost; and each refusal was a log line."""
    d = daemon_factory(syslog={"max_connections": 40, "max_connections_per_source": 3}).start()
    name = f"tcp 127.0.0.1:{d.port}"
    flooded = 30
    with closing_all([connect(d.port) for _ in range(flooded)]) as flood:
        wait_for(lambda: d.counters(name)["rejected_per_source"] == flooded - 3)
        assert d.counters(name)["connections"] == 3
        held = [conn for conn in flood if open_now(conn)]
        assert len(held) == 3
        assert healthz(d) == "ok\n"
        tcp_send(d.port, b"<13>Nov 24 10:00:00 h app: from another source\n", source="127.0.0.2")
        # The flood's accepted connections are served too.
        held[0].sendall(b"<13>Nov 24 10:00:00 h app: from the flooding source\n")
        wait_for(stored(d, 2))
    rows = {r["message"]: r["peer"] for r in d.rows()}
    assert rows["from another source"].startswith("127.0.0.2:")
    assert rows["from the flooding source"].startswith("127.0.0.1:")
    assert d.counters(name)["rejected"] == 0
    # Refusals are told once per interval with a count, not once per connection.
    pattern = re.compile(rf"refused (\d+) tcp connections? to tcp 127\.0\.0\.1:{d.port} "
                         r"\(\d+ at max_connections_per_source = 3\); from 127\.0\.0\.1 \(\d+\)")

    def told() -> list[int]:
        counts = [int(n) for n in pattern.findall(d.log_text())]
        return counts if sum(counts) == flooded - 3 else []

    counts = wait_for(told, timeout=60)
    assert counts[0] == 1  # the first refusal is told at once
    assert len(counts) < flooded - 3 and max(counts) > 1


def test_source_is_the_address_or_its_ipv6_64() -> None:
    assert source_of("192.0.2.7") == "192.0.2.7"
    assert source_of("2001:db8:1:2:aaaa::1") == source_of("2001:db8:1:2:bbbb::9")
    assert source_of("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert source_of("2001:db8:1:3::1") != source_of("2001:db8:1:2::1")
    assert source_of("::ffff:192.0.2.7") == "192.0.2.7"
    admission = Admission(max_connections=3, max_per_source=2)
    assert [admission.admit("a"), admission.admit("a"), admission.admit("a")] == [
        None, None, "max_connections_per_source"]
    assert admission.admit("b") is None
    assert admission.admit("c") == "max_connections"
    admission.release("a")
    assert admission.admit("c") is None


def test_huge_octet_count_is_discarded_counted_and_closed(
    daemon_factory: Callable[..., Daemon],
) -> None:
    """Before: the bytes thrown away after ``999999999 `` were counted nowhere,
    and the connection stayed inside that frame for ever."""
    d = daemon_factory(syslog={"max_frame": 1024, "frame_timeout_s": 1}).start()
    name = f"tcp 127.0.0.1:{d.port}"
    junk = b"<13>Nov 24 10:00:00 h app: " + b"J" * 100_000
    with connect(d.port) as conn:
        conn.sendall(b"999999999 " + junk)
        wait_for(lambda: d.counters(name)["discarded_bytes"] == len(junk) - 1024)
        wait_for(lambda: d.counters(name)["frame_timeouts"] == 1)
        assert closed_by_daemon(conn)  # closed by the daemon
    counters = d.counters(name)
    assert counters["truncated"] == 1
    wait_for(stored(d, 1))
    assert len(d.rows()[0]["raw"]) == 1024


def test_udp_kernel_drops_are_counted(daemon_factory: Callable[..., Daemon]) -> None:
    """Before: datagrams lost at a full socket buffer showed ``dropped`` 0."""
    d = daemon_factory(syslog={"udp_rcvbuf": 65536}).start()
    name = f"udp 127.0.0.1:{d.port}"
    sent = 3000
    # The daemon stopped reading: the small receive buffer overflows for sure.
    d.send_signal(signal.SIGSTOP)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for i in range(sent):
                s.sendto(b"<13>Nov 24 10:00:00 h app: flood %d" % i, ("127.0.0.1", d.port))
    finally:
        d.send_signal(signal.SIGCONT)
    assert healthz(d) == "ok\n"
    wait_for(lambda: d.counters(name)["kernel_dropped"])
    wait_for(lambda: (c := d.counters(name))["stored"] + c["dropped"] == c["received"])
    counters = d.counters(name)
    assert 0 < counters["kernel_dropped"] <= sent - counters["received"]
    assert d.counters()["kernel_dropped"] == counters["kernel_dropped"]
    families = {f.name: f for f in text_string_to_metric_families(d.http("/metrics"))}
    exported = {s.labels["input"]: s.value for s in families["insyt_kernel_dropped"].samples
                if s.name == "insyt_kernel_dropped_total"}
    assert exported[name] == counters["kernel_dropped"]
    assert "Kernel dropped" in d.http("/")
