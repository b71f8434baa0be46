"""The systemd notification protocol (sd_notify) through systemd-python.

Silent when the daemon was not started by systemd (no ``NOTIFY_SOCKET``), so
``insyt run`` behaves the same in a terminal, a test or a unit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os

log = logging.getLogger(__name__)

try:
    from systemd import daemon as _sd  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - systemd-python is a declared dependency
    _sd = None


class Notifier:
    def __init__(self) -> None:
        self.enabled = _sd is not None and bool(os.environ.get("NOTIFY_SOCKET"))

    def send(self, *lines: str) -> None:
        if self.enabled:
            _sd.notify("\n".join(lines))

    def ready(self, status: str) -> None:
        self.send("READY=1", f"STATUS={status}")

    def status(self, status: str) -> None:
        self.send(f"STATUS={status}")

    def reloading(self) -> None:
        self.send("RELOADING=1")

    def stopping(self) -> None:
        self.send("STOPPING=1", "STATUS=draining queues")

    def watchdog_interval(self) -> float | None:
        """Seconds between keep-alive pings: half of WatchdogSec, as
        sd_watchdog_enabled(3) advises."""
        usec = os.environ.get("WATCHDOG_USEC")
        pid = os.environ.get("WATCHDOG_PID")
        if not self.enabled or not usec or (pid and pid != str(os.getpid())):
            return None
        with contextlib.suppress(ValueError):
            return int(usec) / 2e6
        return None

    async def watchdog(self, interval: float) -> None:
        """Ping while the event loop turns: a stuck loop stops the pings and
        systemd restarts the service."""
        while True:
            self.send("WATCHDOG=1")
            await asyncio.sleep(interval)
