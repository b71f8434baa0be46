"""Signals, crash safety, flow control and the systemd notification protocol,
against a real daemon process.

systemd itself cannot run as PID 1 here, so sd_notify is checked by being
the other end of its protocol: a real AF_UNIX datagram socket named by
NOTIFY_SOCKET, exactly what systemd reads.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from harness.daemon import Daemon, wait_for

LINE = b"<38>Nov 24 10:00:00 web1 sshd[42]: seq %d\n"


def test_sigterm_drains_the_queue_and_exits_0(daemon_factory: Callable[..., Daemon]) -> None:
    # A long batch delay keeps received lines in the queue when SIGTERM lands.
    d = daemon_factory(storage={"batch_delay_ms": 5000, "batch_size": 100000}).start()
    with socket.create_connection(("127.0.0.1", d.port)) as s:
        s.sendall(b"".join(LINE % i for i in range(2000)))
    wait_for(lambda: d.counters()["received"] == 2000)
    assert d.counters()["stored"] == 0
    assert d.stop(signal.SIGTERM) == 0
    assert len(d.rows()) == 2000
    assert "2000 received, 2000 stored, 0 dropped" in d.log_text()


def test_sigint_also_drains(daemon: Daemon) -> None:
    with socket.create_connection(("127.0.0.1", daemon.port)) as s:
        s.sendall(LINE % 1)
    wait_for(lambda: daemon.counters()["received"] == 1)
    assert daemon.stop(signal.SIGINT) == 0
    assert len(daemon.rows()) == 1


def test_kill_9_loses_nothing_committed(daemon_factory: Callable[..., Daemon]) -> None:
    d = daemon_factory().start()
    stop = threading.Event()
    sent = 0

    def send() -> None:
        nonlocal sent
        try:
            with socket.create_connection(("127.0.0.1", d.port)) as s:
                while not stop.is_set():
                    s.sendall(b"".join(LINE % (sent + i) for i in range(100)))
                    sent += 100
                    time.sleep(0.001)
        except OSError:
            pass  # the daemon was killed under us

    sender = threading.Thread(target=send)
    sender.start()
    wait_for(lambda: d.counters()["stored"] >= 5000, timeout=30)
    committed = d.counters()["stored"]
    d.stop(signal.SIGKILL)
    stop.set()
    sender.join()
    with sqlite3.connect(d.db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = d.rows()
    assert len(rows) >= committed
    # One TCP stream, committed in order: what survived is a gap-free prefix.
    assert [r["message"] for r in rows] == [f"seq {i}" for i in range(len(rows))]
    # Restart on the same database and carry on.
    d.start()
    with socket.create_connection(("127.0.0.1", d.port)) as s:
        s.sendall(b"<38>Nov 24 10:00:00 web1 sshd[42]: after restart\n")
    wait_for(lambda: d.counters()["stored"] == 1)
    assert d.rows()[-1]["message"] == "after restart"
    assert d.stop() == 0


def test_backpressure_pauses_tcp_drops_udp_and_loses_no_tcp_line(
    daemon_factory: Callable[..., Daemon],
) -> None:
    d = daemon_factory(storage={"queue_size": 1000, "batch_size": 200}).start()
    wait_for(lambda: d.db.exists())
    blocker = sqlite3.connect(d.db, timeout=10, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # storage falls behind: every commit waits
    total = 100_000  # ~4.5 MB: more than loopback socket buffers hold
    done = threading.Event()

    def send_tcp() -> None:
        with socket.create_connection(("127.0.0.1", d.port)) as s:
            s.sendall(b"".join(LINE % i for i in range(total)))
        done.set()

    sender = threading.Thread(target=send_tcp)
    sender.start()
    tcp = f"tcp 127.0.0.1:{d.port}"
    # The queue fills, then the connection pauses: intake stays near its bound
    # while the rest of the stream waits in the kernel and the sender.
    wait_for(lambda: d.status()["queues"]["intake"]["depth"] >= 1000)
    time.sleep(0.5)
    assert d.counters(tcp)["received"] < total
    # Bounded by the queue plus one socket read (at most 256 KiB of lines).
    assert d.status()["queues"]["intake"]["depth"] <= 1000 + 256 * 1024 // len(LINE % 0)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for i in range(100):
            s.sendto(b"<13>Nov 24 10:00:00 h app: udp %d" % i, ("127.0.0.1", d.port))
    udp = f"udp 127.0.0.1:{d.port}"
    wait_for(lambda: d.counters(udp)["dropped"] == 100)
    blocker.execute("ROLLBACK")
    blocker.close()
    sender.join(timeout=60)
    wait_for(lambda: d.counters(tcp)["stored"] == total, timeout=60)
    assert d.counters(tcp)["dropped"] == 0
    assert d.rows("transport = 'tcp'")[-1]["message"] == f"seq {total - 1}"
    assert len(d.rows("transport = 'tcp'")) == total


def test_sighup_reloads_listeners_and_keeps_config_when_invalid(
    daemon_factory: Callable[..., Daemon],
) -> None:
    d = daemon_factory().start()
    old_port = d.port
    from harness.daemon import free_port

    new_port = free_port()
    d.sections["syslog"]["tcp"] = [f"127.0.0.1:{new_port}"]
    d.write_config()
    d.send_signal(signal.SIGHUP)
    wait_for(lambda: d.status()["listeners"]["tcp"] == [f"127.0.0.1:{new_port}"])
    with socket.create_connection(("127.0.0.1", new_port)) as s:
        s.sendall(b"<13>Nov 24 10:00:00 h app: via new port\n")
    wait_for(lambda: d.counters()["stored"] == 1)
    try:
        socket.create_connection(("127.0.0.1", old_port), timeout=2).close()
        raise AssertionError("old TCP port still accepting")
    except ConnectionRefusedError:
        pass

    d.config.write_text('[syslog]\ntcp = ["nonsense"]\n')
    d.send_signal(signal.SIGHUP)
    wait_for(lambda: "reload refused" in d.log_text())
    assert "syslog.tcp[0]: expected host:port" in d.log_text()
    with socket.create_connection(("127.0.0.1", new_port)) as s:
        s.sendall(b"<13>Nov 24 10:00:00 h app: still on new port\n")
    wait_for(lambda: d.counters()["stored"] == 2)
    assert d.stop() == 0


def test_sd_notify_ready_status_watchdog_stopping(
    daemon_factory: Callable[..., Daemon], tmp_path: Path
) -> None:
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(10)
    d = daemon_factory()
    d.start(env={"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "400000"})
    messages: list[str] = []

    def seen(text: str) -> bool:
        while not any(text in m for m in messages):
            messages.append(sock.recv(4096).decode())
        return True

    assert seen("READY=1")
    ready = next(m for m in messages if "READY=1" in m)
    assert "STATUS=0 received, 0 stored" in ready
    assert seen("WATCHDOG=1")
    count = sum("WATCHDOG=1" in m for m in messages)
    time.sleep(1.0)  # pings every WATCHDOG_USEC / 2 = 0.2 s
    sock.settimeout(0.1)
    try:
        while True:
            messages.append(sock.recv(4096).decode())
    except TimeoutError:
        pass
    assert sum("WATCHDOG=1" in m for m in messages) >= count + 3
    sock.settimeout(10)
    d.send_signal(signal.SIGHUP)
    assert seen("RELOADING=1")
    d.send_signal(signal.SIGTERM)
    assert seen("STOPPING=1")
    assert d.stop() == 0
    sock.close()
    os.unlink(path)
