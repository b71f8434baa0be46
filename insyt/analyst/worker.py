"""The analyst in the daemon: a bounded priority queue of new incidents and
one worker that answers them in a thread, stores each answer in the
incident's row and publishes it as an ``analysis`` alert update.

Never on the ingest path: detection hands over an incident after it is
committed and moves on; a full queue drops the least severe incident (and
counts it) instead of growing.  One analysis per incident, when it opens:
an ``updated`` incident carries more lines of the same kind, and its first
lines are what the admin is first alerted with, so the answer stands (the
incident's ``event_count`` and evidence on the status page show the rest).
Incidents still open without an answer at start-up (a restart or a reload
cut the queue) are queued again.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from insyt.alerts.sink import AlertSink
from insyt.analyst.answer import Analysis
from insyt.analyst.case import from_incident
from insyt.analyst.engine import Analyst, Engine, ModelError, Outcome
from insyt.config import AnalystConfig
from insyt.incidents import persistence
from insyt.incidents.tracker import Incident
from insyt.status import AnalystStatus
from insyt.store.writer import Writer

log = logging.getLogger(__name__)

# The analyst's thread runs at the lowest CPU priority: on a two-core
# appliance ingest and detection come first, and a starved analysis ends at
# timeout_s with the playbook's answer.  CTranslate2's own threads are
# created from this thread (the model is loaded in it) and inherit it.
NICE = 19


def _lower_priority() -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
    except OSError as exc:  # not permitted in some sandboxes: run at normal priority
        log.warning("analyst thread keeps its priority: %s", exc)


@dataclass(order=True)
class _Entry:
    key: tuple[int, float, int]  # (-severity, -confidence, arrival): smallest first
    queued: float = field(compare=False)
    incident: Incident = field(compare=False)


class AnalysisQueue:
    """Bounded; most severe first, then most confident, then oldest.

    When full, whichever is least urgent (the newcomer or a queued incident)
    is dropped and counted: a flood of low-severity scans must not keep a
    web shell waiting.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.dropped = 0
        self._heap: list[_Entry] = []
        self._arrivals = itertools.count()

    def __len__(self) -> int:
        return len(self._heap)

    def put(self, incident: Incident, now: float) -> Incident | None:
        """Queue ``incident``; the incident dropped to make room, if any."""
        entry = _Entry((-int(incident.severity), -incident.confidence, next(self._arrivals)),
                       now, incident)
        if len(self._heap) < self.capacity:
            heapq.heappush(self._heap, entry)
            return None
        self.dropped += 1
        worst = max(self._heap)
        if entry > worst:
            return incident
        self._heap.remove(worst)
        heapq.heapify(self._heap)
        heapq.heappush(self._heap, entry)
        return worst.incident

    def pop(self) -> tuple[Incident, float] | None:
        if not self._heap:
            return None
        entry = heapq.heappop(self._heap)
        return entry.incident, entry.queued

    def oldest(self) -> float | None:
        """When the longest-waiting incident was queued."""
        return min((e.queued for e in self._heap), default=None)


class AnalystWorker:
    def __init__(self, config: AnalystConfig, writer: Writer, alerts: AlertSink) -> None:
        self.config = config
        self.writer, self.alerts = writer, alerts
        self.queue = AnalysisQueue(config.max_queue)
        self.analyst = Analyst(None, config.max_new_tokens, config.timeout_s)
        self.model_error: str | None = None
        self.counters = dict.fromkeys(
            ("submitted", "analysed", "by_model", "regenerated", "rejected", "fallbacks",
             "timeouts", "failures"), 0)
        self.seconds = 0.0  # spent analysing, in total
        self.busy_since: float | None = None
        self._wake = asyncio.Event()
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="analyst",
                                            initializer=_lower_priority)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Load the model, then serve.  The daemon calls this before its
        listeners open: loading Gemma's 33 MB tokenizer.json holds the
        interpreter lock for a second or two (more on a busy machine), which
        must not stall a running event loop.  (A reload that changes
        [analyst] pays that stall once.)"""
        loop = asyncio.get_running_loop()
        if self.config.model:
            try:
                engine = await loop.run_in_executor(
                    self._executor, Engine, self.config.model, self.config.threads)
                self.analyst = Analyst(engine, self.config.max_new_tokens, self.config.timeout_s)
            except ModelError as exc:
                self.model_error = str(exc)
                log.error("analyst model unusable, answering from playbooks: %s", exc)
        for incident in await self.writer.in_db(persistence.load_unanalysed):
            self.submit(incident)
        self._task = asyncio.create_task(self._loop(), name="analyst")
        log.info("analyst ready (%s)", self.analyst.model or "playbooks")

    async def stop(self) -> None:
        """Stop now; an analysis in flight is cut at its next token."""
        self.analyst.stop()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._executor.shutdown(wait=False)

    def submit(self, incident: Incident) -> None:
        """Queue an opened incident; never waits."""
        self.counters["submitted"] += 1
        dropped = self.queue.put(incident, time.time())
        if dropped is not None:
            log.warning("analyst queue full: incident %s (%s) left without analysis",
                        dropped.id, dropped.category)
        self._wake.set()

    def status(self) -> AnalystStatus:
        oldest = self.queue.oldest()
        now = time.time()
        return AnalystStatus(
            model=self.analyst.model,
            model_error=self.model_error,
            queued=len(self.queue),
            capacity=self.queue.capacity,
            dropped=self.queue.dropped,
            outcomes=dict(self.counters),
            seconds=round(self.seconds, 3),
            lag_s=round(now - oldest, 3) if oldest is not None else 0.0,
            busy_s=round(time.monotonic() - self.busy_since, 3) if self.busy_since else 0.0,
        )

    async def _loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            item = self.queue.pop()
            if item is None:
                self._wake.clear()
                await self._wake.wait()
                continue
            incident, _queued = item
            try:
                self.busy_since = time.monotonic()
                analysis, outcome = await loop.run_in_executor(
                    self._executor, self.analyst.analyse, from_incident(incident))
                self._count(analysis, outcome)
                await self.alerts.save_analysis(incident.id, analysis)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("analysis of incident %s failed", incident.id)
            finally:
                self.busy_since = None

    def _count(self, analysis: Analysis, outcome: Outcome) -> None:
        c = self.counters
        c["analysed"] += 1
        self.seconds += analysis.seconds
        c["by_model"] += analysis.engine != "playbook"
        c["regenerated"] += outcome.regenerated
        c["rejected"] += outcome.rejected
        c["timeouts"] += outcome.timed_out
        c["failures"] += outcome.failed
        c["fallbacks"] += analysis.rejected is not None
        if analysis.rejected is not None:
            log.info("analyst answer replaced by the playbook: %s", analysis.rejected)
