"""The servers under test, each a real subprocess in its own temporary directory.

Both servers are driven the way an admin runs them (their own command line,
their own config file, SIGTERM to stop) so the figures include everything a
deployment pays: parsing, queueing, SQLite commits, the event loop.  What is
read back (rows committed, sequence numbers, memory, socket drops) comes
from outside the process: the SQLite file and /proc, so both servers are
measured the same way wherever they expose no counters of their own.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from loadgen import SEQ_DIGITS

READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 60.0
RSS_INTERVAL_S = 0.1
REPO = Path(__file__).resolve().parent.parent


def insyt_options(parser: argparse.ArgumentParser, given: list[str]) -> dict[str, str]:
    """``--insyt-option SECTION.KEY=TOML`` values as {"SECTION.KEY": "TOML"}."""
    options = {}
    for option in given:
        key, sep, value = option.partition("=")
        if not sep or not key.strip():
            parser.error(f"--insyt-option wants SECTION.KEY=TOML_VALUE, got {option!r}")
        options[key.strip()] = value.strip()
    return options


def finish_run(server: Server, workdir: Path, keep: bool) -> None:
    """After a run: stop the server if it still runs, keep or remove its directory."""
    if server.proc is not None and server.proc.poll() is None:
        server.stop()
    if keep:
        print(f"   kept {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


def machine(dists: Sequence[str]) -> list[str]:
    """The command, the machine and the versions that matter, for the head of a report."""
    cpu = "?"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as fh:
        cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "?")
    exe = os.path.relpath(sys.executable) if sys.executable.startswith(os.getcwd()) \
        else sys.executable
    versions = "".join(f"{d} {version(d)}, " for d in dists)
    return [
        f"command:  {shlex.join([exe, *sys.argv])}",
        f"machine:  nproc {os.cpu_count()} (usable {len(os.sched_getaffinity(0))}), {cpu}, "
        f"{platform.system()} {platform.release()}",
        f"python:   {platform.python_version()}, {versions}SQLite {sqlite3.sqlite_version}",
    ]


def version(dist: str) -> str:
    """An installed distribution's version, or say it is not installed."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll until ``predicate`` holds; TimeoutError naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.02)


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    """A port the kernel considers free now (for listeners that need a fixed one)."""
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def proc_status_kib(pid: int, key: str) -> int:
    """A ``VmRSS``/``VmHWM``-style figure from /proc/PID/status, in KiB (0 once gone)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def udp_socket_drops(port: int) -> int | None:
    """Datagrams the kernel dropped on a full receive buffer, for the socket
    bound to ``port`` (the server never sees these, so it can't count them)."""
    wanted = f":{port:04X}"
    with contextlib.suppress(FileNotFoundError):
        for table in ("/proc/net/udp", "/proc/net/udp6"):
            with open(table) as fh:
                next(fh)
                for line in fh:
                    cols = line.split()
                    if cols[1].endswith(wanted):
                        return int(cols[-1])
    return None


_TICK = os.sysconf("SC_CLK_TCK")


def _stat_cpu_s(path: str) -> float:
    """utime + stime of a /proc stat file, in seconds."""
    with open(path) as fh:
        fields = fh.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU time of the main thread (the event loop in both servers) and of
    all other threads (SQLite executors) together: on two shared cores, which
    one saturates says where to optimise."""
    main = other = 0.0
    with contextlib.suppress(FileNotFoundError, ProcessLookupError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                seconds = _stat_cpu_s(f"/proc/{pid}/task/{task}/stat")
                if int(task) == pid:
                    main = seconds
                else:
                    other += seconds
    return main, other


def process_cpu_seconds(pid: int) -> float:
    """All threads of a process (the load generator)."""
    try:
        return _stat_cpu_s(f"/proc/{pid}/stat")
    except (FileNotFoundError, ProcessLookupError):
        return 0.0


class RssSampler(threading.Thread):
    """Polls VmRSS: VmHWM alone would miss *when* the peak happened (start-up or load)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True, name=f"rss-{pid}")
        self.pid = pid
        self.peak_kib = 0
        self.last_kib = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            rss = proc_status_kib(self.pid, "VmRSS")
            self.last_kib = rss or self.last_kib
            self.peak_kib = max(self.peak_kib, rss)
            self._halt.wait(RSS_INTERVAL_S)

    def halt(self) -> None:
        self._halt.set()
        self.join()


@dataclass
class Verdict:
    """What the database holds after a clean stop."""

    rows: int
    distinct_seq: int | None = None  # None where the sequence numbers couldn't be read
    min_seq: int | None = None
    max_seq: int | None = None


@dataclass
class Server:
    """Common life cycle: start, wait until ready, sample, SIGTERM, read the database."""

    name: str
    workdir: Path
    proc: subprocess.Popen[bytes] | None = None
    rss: RssSampler | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def _spawn(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.workdir / "server.log", "wb")  # noqa: SIM115 (owned by the child)
        self.proc = subprocess.Popen(
            argv, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        log.close()
        self.rss = RssSampler(self.proc.pid)
        self.rss.start()

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(FileNotFoundError):
            text = (self.workdir / "server.log").read_text(errors="replace")
            return "\n".join(text.splitlines()[-lines:])
        return ""

    def _check_alive(self) -> None:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n"
                               f"{self.log_tail()}")

    def stop(self) -> int:
        """SIGTERM and wait: both servers commit what they hold on SIGTERM."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.rss is not None:
            self.rss.halt()
        return self.proc.returncode

    def hwm_kib(self) -> int:
        return proc_status_kib(self.pid, "VmHWM")

    # Overridden below.
    def start(self) -> None:
        raise NotImplementedError

    def address(self, transport: str) -> tuple[str, int]:
        raise NotImplementedError

    def stored(self) -> int:
        raise NotImplementedError

    def verdict(self) -> Verdict:
        raise NotImplementedError


def _count(db: Path, table: str, text_column: str) -> Verdict:
    """Rows and the sequence numbers at the end of each stored message."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        seq = f"CAST(substr({text_column}, -{SEQ_DIGITS}) AS INTEGER)"
        rows, distinct, low, high = con.execute(
            f'SELECT COUNT(*), COUNT(DISTINCT {seq}), MIN({seq}), MAX({seq}) FROM "{table}"'
        ).fetchone()
    finally:
        con.close()
    return Verdict(rows, distinct, low, high)


class Insyt(Server):
    def __init__(self, workdir: Path, options: dict[str, str] | None = None) -> None:
        super().__init__("insyt", workdir)
        self.web_port = 0
        self.listeners: dict[str, list[str]] = {}
        self.options = options or {}  # "section.key" -> TOML value, over the defaults

    def config_text(self) -> str:
        """The benchmark's config: insyt's defaults but for what a test run
        must change (ports, paths, no journald), plus ``--insyt-option``."""
        # Port 0: the daemon binds free ports and reports them in /api/status.
        sections: dict[str, dict[str, str]] = {
            "": {"log_level": '"info"'},
            "syslog": {"udp": '["127.0.0.1:0"]', "tcp": '["127.0.0.1:0"]'},
            "journald": {"enabled": "false"},
            "files": {"watch": "[]"},
            "storage": {"path": json.dumps(str(self.workdir / "insyt.db"))},
            "web": {"listen": f'"127.0.0.1:{self.web_port}"'},
        }
        for dotted, value in self.options.items():
            section, _, key = dotted.rpartition(".")
            sections.setdefault(section, {})[key] = value
        parts = []
        for section, keys in sections.items():
            head = f"[{section}]\n" if section else ""
            parts.append(head + "".join(f"{k} = {v}\n" for k, v in keys.items()))
        return "\n".join(parts)

    def start(self) -> None:
        self.web_port = free_port()
        config = self.workdir / "insyt.toml"
        config.write_text(self.config_text())
        # The checkout's insyt, whether or not it is installed in the venv.
        path = os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))
        self._spawn([sys.executable, "-m", "insyt", "run", "-c", str(config)],
                    env={"PYTHONPATH": path})
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            self._check_alive()
            with contextlib.suppress(OSError), \
                    urllib.request.urlopen(self._url("/healthz"), timeout=2) as resp:
                if resp.status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"insyt not ready in {READY_TIMEOUT_S} s:\n{self.log_tail()}")
            time.sleep(0.05)
        self.listeners = self.status()["listeners"]

    def _url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.web_port}{path}"

    def status(self) -> dict[str, Any]:
        with urllib.request.urlopen(self._url("/api/status"), timeout=10) as resp:
            result: dict[str, Any] = json.load(resp)
            return result

    def address(self, transport: str) -> tuple[str, int]:
        host, _, port = self.listeners[transport][0].rpartition(":")
        return host, int(port)

    def stored(self) -> int:
        return int(self.status()["counters"]["stored"])

    def verdict(self) -> Verdict:
        return _count(self.workdir / "insyt.db", "event", "raw")


class Aiosyslogd(Server):
    """aiosyslogd 1.5: UDP only; an unbounded in-memory queue feeds a writer
    task; one SQLite file per month (``syslog_YYYYMM.sqlite3``), created at the
    first write, with an FTS5 index maintained by triggers."""

    def __init__(self, workdir: Path, batch_size: int) -> None:
        super().__init__("aiosyslogd", workdir)
        self.port = 0
        self.batch_size = batch_size

    def start(self) -> None:
        self.port = free_port(socket.SOCK_DGRAM)
        config = self.workdir / "aiosyslogd.toml"
        config.write_text(
            "[server]\n"
            f'bind_ip = "127.0.0.1"\nbind_port = {self.port}\ndebug = false\nlog_dump = false\n\n'
            "[database]\n"
            f'driver = "sqlite"\nbatch_size = {self.batch_size}\nbatch_timeout = 1\n\n'
            "[database.sqlite]\n"
            f"database = {json.dumps(str(self.workdir / 'syslog.sqlite3'))}\n"
            "retention_months = 12\nsql_dump = false\ndebug = false\n"
        )
        # Its own entry point: installs uvloop, reads the config at import.
        self._spawn([sys.executable, "-m", "aiosyslogd.server"],
                    env={"AIOSYSLOGD_CONFIG": str(config)})
        deadline = time.monotonic() + READY_TIMEOUT_S
        while "Server is running" not in self.log_tail(50):
            self._check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"aiosyslogd not ready:\n{self.log_tail()}")
            time.sleep(0.05)

    def address(self, transport: str) -> tuple[str, int]:
        if transport != "udp":
            raise ValueError("aiosyslogd listens on UDP only")
        return "127.0.0.1", self.port

    def _databases(self) -> list[Path]:
        return [Path(p) for p in sorted(glob.glob(str(self.workdir / "syslog_*.sqlite3")))]

    def stored(self) -> int:
        """Committed rows: MAX(ID) is exact (AUTOINCREMENT, no deletes) and,
        unlike COUNT(*), costs the same at ten rows or ten million."""
        total = 0
        for db in self._databases():
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
                try:
                    total += con.execute('SELECT MAX(ID) FROM "SystemEvents"').fetchone()[0] or 0
                finally:
                    con.close()
            except sqlite3.OperationalError:
                pass  # created but its table not committed yet
        return total

    def verdict(self) -> Verdict:
        parts = [_count(db, "SystemEvents", "Message") for db in self._databases()]
        if not parts:
            return Verdict(0)
        if len(parts) == 1:
            return parts[0]
        return Verdict(sum(p.rows for p in parts))  # a month boundary: rows only
