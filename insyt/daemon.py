"""The daemon: start-up, main loop, reload and shutdown (uvicorn's Server shape).

Data flows one way: inputs -> :class:`~insyt.ingest.intake.Intake` -> the writer
task, which commits batches in the single SQLite thread.  Signals:

- SIGTERM / SIGINT: stop the inputs, drain the intake into SQLite, exit 0;
- SIGHUP: read the config file again; an invalid file is reported and the
  running configuration kept; inputs whose settings changed are restarted,
  the others keep running (and their connections).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import signal
import time
import zoneinfo
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path
from typing import Any, Protocol

from aiohttp import web

from insyt import __version__
from insyt import config as configuration
from insyt.alerts.mqtt import Publisher
from insyt.alerts.sink import AlertSink
from insyt.analyst.worker import AnalystWorker
from insyt.config import Config, SyslogConfig, parse_hostport
from insyt.detect.stage import DetectionStage
from insyt.incidents.tracker import Incident
from insyt.ingest.files import FileInput
from insyt.ingest.intake import Intake
from insyt.ingest.journald import JournaldInput
from insyt.ingest.stats import Registry
from insyt.ingest.tcp import TCPInput
from insyt.ingest.udp import UDPInput
from insyt.sdnotify import Notifier
from insyt.status import DaemonStatus, InputStatus, QueueStatus, StorageStatus
from insyt.store.database import Store
from insyt.store.writer import Writer
from insyt.web import history
from insyt.web.app import make_app

log = logging.getLogger(__name__)


class Input(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class Daemon:
    def __init__(self, config: Config, config_path: str | Path | None = None) -> None:
        self.config = config
        self.config_path = config_path
        self.registry = Registry()
        self.notifier = Notifier()
        self.started = time.time()
        self.history = history.History()  # what the status page charts
        storage = config.storage
        self.intake = Intake(storage.queue_size, storage.batch_size, storage.batch_delay_ms / 1000)
        self.store = Store(storage)
        self.writer = Writer(self.intake, self.store)
        self.alerts = AlertSink(self.writer, Publisher(config.mqtt, self.writer))
        self.analyst = self._analyst(config)
        self.detection = self._detection_stage(config)
        self.inputs: dict[Hashable, Input] = {}
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._web: web.AppRunner | None = None
        self._closing = False

    @property
    def publisher(self) -> Publisher:
        return self.alerts.publisher

    # -- lifecycle -------------------------------------------------------------

    async def run(self) -> None:
        """Start, serve until a stop signal, shut down cleanly."""
        try:
            await self.start()
            await self._stop.wait()
        finally:
            await self.shutdown()

    async def start(self) -> None:
        await self.writer.open()
        await self.publisher.start()
        if self.analyst is not None:
            await self.analyst.start()
        if self.detection is not None:
            await self.detection.start()
        self._tasks.append(asyncio.create_task(self._retention_loop(), name="retention"))
        await self._apply_inputs(self.config)
        await self._start_web(self.config)
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, self.stop)
        loop.add_signal_handler(signal.SIGINT, self.stop)
        loop.add_signal_handler(signal.SIGHUP, self._on_sighup)
        interval = self.notifier.watchdog_interval()
        if interval:
            self._spawn(self.notifier.watchdog(interval), "watchdog")
        self._spawn(self._status_loop(), "sd-status")
        self._spawn(self._history_loop(), "history")
        self.notifier.ready(self._status_line())
        log.info("insyt %s running (pid %d)", __version__, os.getpid())

    def stop(self) -> None:
        self._stop.set()

    def _on_sighup(self) -> None:
        if not self._closing:
            self._spawn(self.reload(), "reload")

    async def shutdown(self) -> None:
        if self._closing:
            return
        self._closing = True
        self.notifier.stopping()
        # The signal handlers stay: a second SIGTERM or Ctrl-C while draining
        # sets the same event again instead of killing the process mid-commit.
        for key in list(self.inputs):
            await self.inputs.pop(key).stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.detection is not None:
            await self.detection.stop()  # lines it had not classified wait in SQLite
        if self.analyst is not None:
            await self.analyst.stop()  # open incidents without an answer are queued at start
        await self.publisher.stop()  # the outbox keeps what the broker has not acknowledged
        await self.writer.close()  # drains the intake
        if self._web is not None:
            await self._web.cleanup()
        totals = self.registry.totals()
        log.info("stopped: %d received, %d stored, %d dropped",
                 totals["received"], totals["stored"], totals["dropped"])

    async def reload(self) -> None:
        if self.config_path is None:
            log.warning("SIGHUP ignored: the daemon was not started from a config file")
            return
        self.notifier.reloading()
        try:
            new = await asyncio.to_thread(configuration.load, self.config_path)
        except configuration.ConfigError as exc:
            log.error("reload refused, keeping the running configuration: %s", exc)
            self.notifier.status(f"reload refused: {exc}")
            return
        old = self.config
        kept = replace(
            new.storage,
            path=old.storage.path,
            queue_size=old.storage.queue_size,
            batch_size=old.storage.batch_size,
            batch_delay_ms=old.storage.batch_delay_ms,
            synchronous=old.storage.synchronous,
        )
        if kept != new.storage:
            log.warning("storage.path, queue_size, batch_size, batch_delay_ms and synchronous "
                        "take effect at the next restart")
        new = replace(new, storage=kept)
        self.config = new
        self.store.config = new.storage
        logging.getLogger().setLevel(new.log_level.upper())
        await self._apply_inputs(new)
        if new.mqtt != old.mqtt:
            await self.alerts.swap(Publisher(new.mqtt, self.writer))
        if new.analyst != old.analyst:
            if self.analyst is not None:
                await self.analyst.stop()
            self.analyst = self._analyst(new)
            if self.analyst is not None:
                await self.analyst.start()
        # Alerts go through the sink and opened incidents to whichever
        # analyst runs: neither [mqtt] nor [analyst] reloads the model.
        if (new.classifier, new.incidents, new.suppress) != (
                old.classifier, old.incidents, old.suppress):
            if self.detection is not None:
                await self.detection.stop()
            self.detection = self._detection_stage(new)
            if self.detection is not None:
                await self.detection.start()
        if new.web != old.web:
            if self._web is not None:
                await self._web.cleanup()
            await self._start_web(new)
        log.info("configuration reloaded from %s", self.config_path)
        self.notifier.ready(self._status_line())

    # -- status ---------------------------------------------------------------

    def healthy(self) -> bool:
        return self.writer.running

    def status(self) -> DaemonStatus:
        for component in self.inputs.values():
            if isinstance(component, UDPInput):
                component.count_kernel_drops()
        return DaemonStatus(
            version=__version__,
            uptime_s=round(time.time() - self.started, 3),
            # Lines given a verdict since start: DESIGN.md's contract counts them here.
            counters={**self.registry.totals(),
                      "classified": self.detection.classified if self.detection else 0},
            inputs=tuple(InputStatus(s.name, s.counters(), s.active_connections)
                         for s in self.registry.inputs()),
            queues={"intake": QueueStatus(self.intake.depth, self.intake.capacity)},
            storage=StorageStatus(str(self.store.path), _disk_size(self.store.path),
                                  self.store.deleted, self.writer.commits),
            listeners={kind: tuple(f"{host}:{port}" for host, port in self.bound(kind))
                       for kind in ("udp", "tcp")},
            classifier=self.detection.status() if self.detection else None,
            mqtt=self.publisher.status(),
            analyst=self.analyst.status() if self.analyst else None,
        )

    def bound(self, kind: str) -> list[tuple[str, int]]:
        """Addresses actually bound (port 0 in the config picks a free one)."""
        listener_type = UDPInput if kind == "udp" else TCPInput
        return [
            i.bound for i in self.inputs.values()
            if isinstance(i, listener_type) and i.bound is not None
        ]

    def _status_line(self) -> str:
        c = self.registry.totals()
        return (f"{c['received']} received, {c['stored']} stored, {c['dropped']} dropped, "
                f"queue {self.intake.depth}/{self.intake.capacity}")

    async def _status_loop(self) -> None:
        while self.notifier.enabled:
            await asyncio.sleep(10)
            self.notifier.status(self._status_line())

    async def _history_loop(self) -> None:
        while True:
            self.history.sample(time.time(), history.values_of(self.status()))
            await asyncio.sleep(self.config.web.sample_interval_s)

    def _detection_stage(self, config: Config) -> DetectionStage | None:
        if not config.classifier.enabled:
            return None
        intake = self.intake
        return DetectionStage(config, self.writer, self.store, self.alerts,
                              ingest_congested=lambda: intake.depth > intake.capacity // 4,
                              on_opened=self._analyse)

    def _analyst(self, config: Config) -> AnalystWorker | None:
        if not config.analyst.enabled:
            return None
        return AnalystWorker(config.analyst, self.writer, self.alerts)

    def _analyse(self, incident: Incident) -> None:
        if self.analyst is not None:
            self.analyst.submit(incident)

    # -- inputs ---------------------------------------------------------------

    async def _apply_inputs(self, config: Config) -> None:
        """Stop inputs whose settings went away or changed; start new ones."""
        wanted = self._input_factories(config)
        for key in [k for k in self.inputs if k not in wanted]:
            await self.inputs.pop(key).stop()
        await self.intake.flush()
        checkpoints: dict[str, str] | None = None
        for key, factory in wanted.items():
            if key in self.inputs:
                continue
            if checkpoints is None:
                checkpoints = await self.writer.in_db(self.store.checkpoints)
            component = factory(checkpoints)
            await component.start()
            self.inputs[key] = component

    def _input_factories(self, config: Config) -> dict[Hashable, Callable[[dict[str, str]], Input]]:
        syslog = config.syslog
        tz = _timezone(syslog.timezone)
        common = (syslog.max_frame, syslog.timezone)
        factories: dict[Hashable, Callable[[dict[str, str]], Input]] = {}
        for address in syslog.udp:
            host, port = parse_hostport(address)
            factories[("udp", host, port, syslog.udp_rcvbuf, *common)] = functools.partial(
                self._udp_input, host, port, syslog, tz)
        for address in syslog.tcp:
            host, port = parse_hostport(address)
            key = ("tcp", host, port, syslog.max_connections, syslog.max_connections_per_source,
                   syslog.idle_timeout_s, syslog.frame_timeout_s, *common)
            factories[key] = functools.partial(self._tcp_input, host, port, syslog, tz)
        if config.journald.enabled:
            factories[("journald", config.journald)] = lambda cp: JournaldInput(
                config.journald, intake=self.intake, stats=self.registry.input("journald"),
                checkpoints=cp,
            )
        if config.files.watch:
            factories[("files", config.files, *common)] = lambda cp: FileInput(
                config.files, intake=self.intake, registry=self.registry, checkpoints=cp,
                max_frame=syslog.max_frame, tz=tz,
            )
        return factories

    def _udp_input(self, host: str, port: int, syslog: SyslogConfig, tz: tzinfo | None,
                   _checkpoints: dict[str, str]) -> Input:
        return UDPInput(
            host, port, intake=self.intake, stats=self.registry.input(f"udp {host}:{port}"),
            max_frame=syslog.max_frame, rcvbuf=syslog.udp_rcvbuf, tz=tz,
        )

    def _tcp_input(self, host: str, port: int, syslog: SyslogConfig, tz: tzinfo | None,
                   _checkpoints: dict[str, str]) -> Input:
        return TCPInput(
            host, port, intake=self.intake, stats=self.registry.input(f"tcp {host}:{port}"),
            max_frame=syslog.max_frame, max_connections=syslog.max_connections,
            max_connections_per_source=syslog.max_connections_per_source,
            idle_timeout_s=syslog.idle_timeout_s, frame_timeout_s=syslog.frame_timeout_s, tz=tz,
        )

    # -- storage --------------------------------------------------------------

    async def _retention_loop(self) -> None:
        while True:
            try:
                await self.writer.in_db(self.store.enforce_retention)
            except Exception:
                log.exception("retention failed")
            await asyncio.sleep(self.store.config.retention_interval_s)

    # -- web ------------------------------------------------------------------

    async def _start_web(self, config: Config) -> None:
        host, port = parse_hostport(config.web.listen)
        app = make_app(self, config.web.token, self.store.path, (*config.web.hosts, host))
        self._web = web.AppRunner(app, access_log=None)
        await self._web.setup()
        await web.TCPSite(self._web, host, port).start()
        log.info("status page on http://%s:%d", host, port)

    def _spawn(self, coro: Any, name: str) -> None:
        task = asyncio.create_task(coro, name=name)
        self._tasks.append(task)
        task.add_done_callback(_log_failure)


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("task %s failed", task.get_name(), exc_info=task.exception())


def _timezone(name: str) -> tzinfo | None:
    return zoneinfo.ZoneInfo(name) if name else None


def _disk_size(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(FileNotFoundError):
            total += os.stat(f"{path}{suffix}").st_size
    return total
