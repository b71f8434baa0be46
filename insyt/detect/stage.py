"""The detection stage: stored lines -> verdicts -> incidents -> alerts.

It reads what the writer committed (never the ingest queue), so ingest never
waits for the model: when classification falls behind, the backlog is the
set of lines whose verdict is still NULL, bounded by retention, visible as
lag, and worked off in id order, after a restart too.  Each round is one
micro-batch: fetch up to ``batch_size`` unclassified lines, classify them in
the model's thread (onnxruntime releases the GIL), then commit in one
transaction their verdicts, the incident changes they caused and the outbox
rows announcing those changes (:class:`insyt.alerts.sink.AlertSink`).

The incident tracker lives in the classifier's thread, not on the event
loop: every call that reads or changes it as a whole (observe, tick, adding
and removing suppressions, the final snapshot) runs there, one at a time.
Each detection is searched for every suppression pattern; RE2 makes that one
pass over at most PATTERN_SCAN characters, but a pattern whose automaton
outgrows RE2's cache still costs up to ~0.2 s a line (bench/suppress.py
--scan), time the loop's sockets and /healthz must not wait for.  RE2
releases the GIL meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from insyt.alerts.sink import AlertSink
from insyt.config import Config
from insyt.detect import Classifier, Verdict, model_text
from insyt.incidents import persistence
from insyt.incidents.configure import make_tracker
from insyt.incidents.tracker import Change, Detection, Incident, Suppression
from insyt.status import DetectionStatus
from insyt.store.database import Store, Unclassified
from insyt.store.writer import Writer

log = logging.getLogger(__name__)

T = TypeVar("T")

TICK_S = 1.0  # incident expiry and throttled updates
IDLE_POLL_S = 1.0  # re-check for lines even without a commit signal
YIELD_S = 0.05  # pause between checks while ingest is congested


class DetectionStage:
    def __init__(self, config: Config, writer: Writer, store: Store, alerts: AlertSink,
                 ingest_congested: Callable[[], bool] = lambda: False,
                 on_opened: Callable[[Incident], None] = lambda incident: None) -> None:
        self.config = config.classifier
        # Told of each incident once it is committed (the analyst queues it).
        self.on_opened = on_opened
        # Ingest comes first: while its queue is congested, classification
        # waits (its backlog is safe in SQLite) instead of taking the CPU and
        # the SQLite thread that the writer needs.
        self.ingest_congested = ingest_congested
        self.writer, self.store, self.alerts = writer, store, alerts
        self._whole_config = config
        self.tracker = make_tracker(config)
        self.classifier: Classifier | None = None
        self.classified = 0
        self.detections = 0  # attack verdicts at or above the threshold
        self.last_id = 0
        self.backlog: tuple[int, float | None] = (0, None)
        self._wake = asyncio.Event()
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="classifier")
        self._stopping = threading.Event()  # the classifier's thread drops its round
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        cfg = self.config
        self.classifier = await loop.run_in_executor(
            self._executor,
            lambda: Classifier(cfg.model or None, threads=cfg.threads, cache_size=cfg.cache_size),
        )
        # The model's calibrated per-category thresholds are the rules' defaults.
        # No task uses the tracker yet: replacing and filling it here races with nothing.
        self.tracker = make_tracker(self._whole_config, self.classifier.info.thresholds)
        restored = self.tracker.restore(await self.writer.in_db(persistence.load_open))
        suppressions, refused = await self.writer.in_db(persistence.load_suppressions)
        for suppression in suppressions:
            self.tracker.add_suppression(suppression)
        for suppression_id, reason in refused.items():
            log.warning("suppression %s is disabled: %s; remove it on /suppressions and add "
                        "it again in RE2 syntax", suppression_id, reason)
        self.writer.on_commit.append(self._wake.set)
        self._tasks = [asyncio.create_task(self._classify_loop(), name="classify"),
                       asyncio.create_task(self._tick_loop(), name="incident-tick")]
        log.info("classifier %s ready (%d threads); %d open incidents restored",
                 self.classifier.info.version, cfg.threads, restored)

    async def stop(self) -> None:
        """Stop; a round still classifying is dropped, its lines wait in SQLite."""
        self._stopping.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(ValueError):
            self.writer.on_commit.remove(self._wake.set)
        # Updates are throttled, so the table may lag the tracker: save the
        # open incidents as they stand, for the next start to carry on.
        # Queued behind the round the thread may still be finishing.
        incidents = await self._in_tracker(self.tracker.open_incidents)
        await self.writer.in_db(persistence.save, incidents)
        self._executor.shutdown()

    async def add_suppression(self, suppression: Suppression) -> None:
        await self._in_tracker(self.tracker.add_suppression, suppression)
        await self.writer.in_db(persistence.save_suppression, suppression)

    async def remove_suppression(self, suppression_id: str) -> None:
        await self._in_tracker(self.tracker.remove_suppression, suppression_id)
        await self.writer.in_db(persistence.delete_suppression, suppression_id)

    async def _in_tracker(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in the classifier's thread, which owns the tracker."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def alert_floor(self, category: str) -> float:
        """The confidence an attack verdict of ``category`` needs to count as a
        detection and reach its incident rule; below it the line is only
        "suspicious": stored and shown with its label and score, no incident.
        Both parts are in force now: ``classifier.threshold`` and the rule's
        ``min_confidence`` (the model's calibrated threshold unless the
        config sets one)."""
        return max(self.config.threshold, self.tracker.rule(category).min_confidence)

    def status(self) -> DetectionStatus:
        count, oldest = self.backlog
        cache = self.classifier.cache if self.classifier else None
        return DetectionStatus(
            model=self.classifier.info.version if self.classifier else None,
            classified=self.classified,
            detections=self.detections,
            lag_lines=count,
            lag_s=round(time.time() - oldest, 3) if oldest else 0.0,
            cache_hits=cache.hits if cache else 0,
            cache_misses=cache.misses if cache else 0,
            incidents=self.tracker.stats(),
        )

    async def _classify_loop(self) -> None:
        while True:
            try:
                # A gauge of the intake, not an event: polled, cheaply.
                while self.ingest_congested():  # noqa: ASYNC110
                    await asyncio.sleep(YIELD_S)
                if not await self._round():
                    self._wake.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), IDLE_POLL_S)
                    # Let a burst of commits gather into one micro-batch.
                    await asyncio.sleep(self.config.max_delay_ms / 1000)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("classification round failed; retrying")
                await asyncio.sleep(IDLE_POLL_S)

    async def _round(self) -> bool:
        """Classify the next micro-batch; False when there was nothing to do."""
        rows = await self.writer.in_db(self.store.unclassified, self.last_id,
                                       self.config.batch_size)
        if not rows:
            self.backlog = await self.writer.in_db(self.store.backlog)
            return False
        assert self.classifier is not None
        verdicts, changes = await self._in_tracker(self._classify, rows)
        model = self.classifier.info.version
        now = time.time()
        await self._commit_changes(_verdict_rows(rows, verdicts, model, now), changes)
        self.classified += len(rows)
        self.last_id = rows[-1].id
        self.backlog = await self.writer.in_db(self.store.backlog)
        return True

    def _classify(self, rows: Sequence[Unclassified]) -> tuple[list[Verdict], list[Change]]:
        """In the classifier's thread: the verdicts and the incident changes they cause."""
        assert self.classifier is not None
        verdicts = self.classifier.classify([model_text(row) for row in rows])
        changes: list[Change] = []
        threshold = self.config.threshold
        for row, verdict in zip(rows, verdicts, strict=True):
            if self._stopping.is_set():  # the loop no longer waits for this round
                break
            if verdict.attack and verdict.confidence >= threshold:
                self.detections += 1
                changes += self.tracker.observe(Detection(
                    row.id, row.received, verdict.label, verdict.confidence,
                    row.host or "", row.app or "", row.message, row.structured_data))
        return verdicts, changes

    async def _tick_loop(self) -> None:
        while True:
            await asyncio.sleep(TICK_S)
            changes = await self._in_tracker(self.tracker.tick, time.time())
            if changes:
                await self._commit_changes([], changes)

    async def _commit_changes(self, verdicts: list[tuple[int, str, float, str, str, float]],
                              changes: list[Change]) -> None:
        """Verdicts, incidents and alerts, one transaction."""
        write_verdicts = functools.partial(self.store.write_verdicts, verdicts)
        await self.alerts.save(changes, write_verdicts if verdicts else None)
        for change in changes:
            if change.kind == "opened":
                self.on_opened(change.incident)


def _verdict_rows(rows: Sequence[Unclassified], verdicts: Sequence[Verdict], model: str,
                  now: float) -> list[tuple[int, str, float, str, str, float]]:
    return [(row.id, v.label, round(v.confidence, 4),
             json.dumps({k: round(p, 4) for k, p in v.scores.items()}), model, now)
            for row, v in zip(rows, verdicts, strict=True)]
