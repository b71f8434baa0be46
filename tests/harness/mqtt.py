"""A real mosquitto for the tests: one broker process per test on a free
loopback port, restartable on that port, and a ``mosquitto_sub`` that
collects what it publishes."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import threading
from pathlib import Path
from typing import Any

from harness.daemon import free_port, wait_for

MOSQUITTO = shutil.which("mosquitto") or shutil.which("mosquitto", path="/usr/sbin:/sbin")
MOSQUITTO_SUB = shutil.which("mosquitto_sub")
MOSQUITTO_PUB = shutil.which("mosquitto_pub")
DEADLINE_S = 15.0  # generous: the test machine may be a loaded 2-core box


class Broker:
    """One mosquitto process on a free loopback port; restartable on that port."""

    def __init__(self, tmp: Path, persistent: bool = False,
                 listeners: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.dir = tmp / f"broker-{self.port}"
        self.dir.mkdir()
        self.conf = self.dir / "mosquitto.conf"
        lines = [
            f"listener {self.port} 127.0.0.1",
            "allow_anonymous true",
            # As root, mosquitto drops to the "mosquitto" user, which cannot
            # write its database here; naming the current user keeps it.
            f"user {pwd.getpwuid(os.getuid()).pw_name}",
            "persistence true" if persistent else "persistence false",
        ]
        if persistent:
            lines.append(f"persistence_location {self.dir}/")
        lines.extend(listeners)  # more listeners, with their own settings
        self.conf.write_text("\n".join(lines) + "\n")
        self.log = self.dir / "mosquitto.log"
        self.url = f"mqtt://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Broker:
        assert MOSQUITTO is not None
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([MOSQUITTO, "-c", str(self.conf)],
                                         stdout=log, stderr=subprocess.STDOUT)
        wait_for(self._listening, timeout=DEADLINE_S)
        return self

    def _listening(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"mosquitto exited {self.proc.returncode}:\n"
                                 f"{self.log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            return False
        return True

    def stop(self) -> None:
        """SIGTERM: mosquitto closes its connections and saves its database."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=DEADLINE_S)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()


class Subscriber:
    """``mosquitto_sub -v`` on ``insyt/#``, its lines collected by a thread."""

    def __init__(self, broker: Broker, client_id: str | None = None) -> None:
        assert MOSQUITTO_SUB is not None
        self.broker = broker
        args = [MOSQUITTO_SUB, "-h", "127.0.0.1", "-p", str(broker.port), "-q", "1", "-v",
                "-t", "insyt/#"]
        if client_id:
            args += ["-c", "-i", client_id]  # persistent session: survives broker restarts
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: list[tuple[str, bytes]] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        self._probes = 0

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:  # JSON payloads never hold a raw newline
            topic, _, payload = line.rstrip(b"\n").partition(b" ")
            with self._lock:
                self.messages.append((topic.decode(), payload))

    def ready(self) -> Subscriber:
        """Publish probes until one comes back: the subscription is in place."""
        assert MOSQUITTO_PUB is not None

        def probe_seen() -> bool:
            self._probes += 1
            subprocess.run([MOSQUITTO_PUB, "-h", "127.0.0.1", "-p", str(self.broker.port),
                            "-q", "1", "-t", "insyt/probe", "-m", str(self._probes)], check=True)
            return any(t == "insyt/probe" and int(p) >= first for t, p in self.received())

        first = self._probes + 1
        wait_for(probe_seen, timeout=DEADLINE_S, interval=0.2)
        return self

    def received(self) -> list[tuple[str, bytes]]:
        with self._lock:
            return list(self.messages)

    def alerts(self) -> list[tuple[str, dict[str, Any]]]:
        """Alert messages in arrival order, each payload strictly UTF-8 JSON."""
        return [(t, json.loads(p.decode("utf-8"))) for t, p in self.received() if "/alert/" in t]

    def alert_ids(self) -> list[Any]:
        return [doc["id"] for _, doc in self.alerts()]

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            # Seen once on a loaded machine after the broker restarted under
            # it: mosquitto_sub outlived SIGTERM.  It is the test's own client.
            self.proc.kill()
            self.proc.wait(timeout=DEADLINE_S)
        self._thread.join(timeout=DEADLINE_S)
