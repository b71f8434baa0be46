"""A real ``insyt run`` process on free loopback ports, and the helpers tests share.

Tests talk to the daemon the way an admin's tools do: syslog over real
sockets, HTTP to the status endpoint, and the SQLite file read by a separate
connection.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
# The analyst's model: `make analyst-model` builds it (make test does first),
# INSYT_ANALYST_MODEL names another; tests that need it skip without it.
ANALYST_MODEL = Path(os.environ.get("INSYT_ANALYST_MODEL", REPO / ".cache/analyst/model"))
needs_analyst_model = pytest.mark.skipif(
    not (ANALYST_MODEL / "model.bin").is_file(),
    reason=f"no analyst model at {ANALYST_MODEL} (make analyst-model)")


def free_port(kind: int = socket.SOCK_STREAM, host: str = "127.0.0.1") -> int:
    """A port free for both TCP and UDP, so one number serves both listeners."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    while True:
        with socket.socket(family, kind) as s:
            s.bind((host, 0))
            port: int = s.getsockname()[1]
        other = socket.SOCK_DGRAM if kind == socket.SOCK_STREAM else socket.SOCK_STREAM
        with socket.socket(family, other) as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
        return port


def wait_for(predicate: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Poll until ``predicate()`` is truthy; fail with its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last: {value!r})")
        time.sleep(interval)


def toml_value(value: Any) -> str:
    return json.dumps(value)  # JSON scalars and arrays of them are valid TOML


def write_config(path: Path, sections: dict[str, dict[str, Any]], top: dict[str, Any]) -> Path:
    lines = [f"{k} = {toml_value(v)}" for k, v in top.items()]
    for name, table in sections.items():
        lines.append(f"[{name}]")
        lines.extend(f"{k} = {toml_value(v)}" for k, v in table.items())
    path.write_text("\n".join(lines) + "\n")
    return path


class Daemon:
    """One ``python -m insyt run`` subprocess and the means to observe it."""

    def __init__(self, tmp: Path, **overrides: dict[str, Any]) -> None:
        self.tmp = tmp
        self.port = free_port()
        self.web_port = free_port()
        self.db = tmp / "insyt.db"
        self.sections: dict[str, dict[str, Any]] = {
            "syslog": {"udp": [f"127.0.0.1:{self.port}"], "tcp": [f"127.0.0.1:{self.port}"]},
            "storage": {"path": str(self.db), "batch_delay_ms": 20},
            "web": {"listen": f"127.0.0.1:{self.web_port}"},
        }
        for name, table in overrides.items():
            self.sections.setdefault(name, {}).update(table)
        self.config = tmp / "insyt.toml"
        self.log = tmp / "daemon.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.write_config()

    def write_config(self) -> None:
        write_config(self.config, self.sections, {"log_level": "debug"})

    def start(self, env: dict[str, str] | None = None) -> Daemon:
        log = open(self.log, "ab")  # noqa: SIM115 - owned by the process
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "insyt", "run", "-c", str(self.config)],
            cwd=self.tmp, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        log.close()
        wait_for(self._ready, timeout=60)  # the analyst tests load a model first
        return self

    def _ready(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"daemon exited {self.proc.returncode}:\n{self.log.read_text()}")
        try:
            return self.http("/healthz") == "ok\n"
        except OSError:
            return False

    def http(self, path: str, headers: dict[str, str] | None = None) -> str:
        request = urllib.request.Request(f"http://127.0.0.1:{self.web_port}{path}",
                                         headers=headers or {})
        with urllib.request.urlopen(request, timeout=5) as response:
            body: bytes = response.read()
        return body.decode()

    def status(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.http("/api/status"))
        return result

    def counters(self, input_name: str | None = None) -> dict[str, int]:
        status = self.status()
        if input_name is None:
            totals: dict[str, int] = status["counters"]
            return totals
        for item in status["inputs"]:
            if item["name"] == input_name:
                found: dict[str, int] = item["counters"]
                return found
        raise AssertionError(f"no input {input_name!r} in {[i['name'] for i in status['inputs']]}")

    def rows(self, where: str = "1", params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with sqlite3.connect(self.db, timeout=10) as conn:
            conn.row_factory = sqlite3.Row
            return conn.execute(f"SELECT * FROM event WHERE {where} ORDER BY id", params).fetchall()

    def rows_of(self, table: str) -> list[sqlite3.Row]:
        with sqlite3.connect(self.db, timeout=10) as conn:
            conn.row_factory = sqlite3.Row
            return conn.execute(f'SELECT * FROM "{table}"').fetchall()

    def send_signal(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        code = self.proc.wait(timeout=timeout)
        return code

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")
