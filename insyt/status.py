"""The daemon's runtime status as typed snapshots (uvicorn's ``ServerState`` shape).

Each running part answers ``status()`` with its own frozen piece and the
daemon assembles :class:`DaemonStatus`; the status page, the history sampler,
``/metrics`` and ``/api/status`` all read that one object.  It lives at the
top of the package, beside :mod:`insyt.record`, because both its producers
(the detection stage, the analyst, the publisher, the daemon) and its readers
(:mod:`insyt.web`) import it, and the daemon imports them all: a home in any
of them would be an import cycle.

A part switched off in the configuration is ``None`` here, never a missing
key; the publisher is the exception, it always exists and says
``enabled=False``.  :func:`as_json` is the one place the ``/api/status``
document is built, so its bytes stay what DESIGN.md's contract promised.

The snapshots are made fresh on every call; their mappings are not shared
with the running parts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InputStatus:
    name: str
    counters: Mapping[str, int]  # insyt.ingest.stats.COUNTERS, in that order
    active_connections: int


@dataclass(frozen=True)
class QueueStatus:
    depth: int
    capacity: int


@dataclass(frozen=True)
class StorageStatus:
    path: str
    size_bytes: int  # database and WAL on disk
    deleted: int  # lines removed by retention
    commits: int


@dataclass(frozen=True)
class DetectionStatus:
    """The classifier and the incident tracker behind it."""

    model: str | None  # None until the model is loaded
    classified: int
    detections: int
    lag_lines: int
    lag_s: float
    cache_hits: int
    cache_misses: int
    incidents: Mapping[str, int]  # insyt.incidents.tracker.Tracker.stats


@dataclass(frozen=True)
class PublisherStatus:
    enabled: bool  # False without [mqtt] url: the other fields stay at zero
    broker: str  # scheme, host and port only: never the credentials a url may carry
    connected: bool
    published: int
    failed_attempts: int
    pending: int
    last_error: str


@dataclass(frozen=True)
class AnalystStatus:
    model: str | None  # None: answering from playbooks
    model_error: str | None  # why a configured model is not used
    queued: int
    capacity: int
    dropped: int  # incidents left without analysis at a full queue
    outcomes: Mapping[str, int]  # submitted, analysed, by_model, ... (AnalystWorker.counters)
    seconds: float  # spent analysing, in total
    lag_s: float
    busy_s: float


@dataclass(frozen=True)
class DaemonStatus:
    version: str
    uptime_s: float
    # DESIGN.md's contract: at least received, stored, dropped and classified.
    counters: Mapping[str, int]
    inputs: tuple[InputStatus, ...]
    queues: Mapping[str, QueueStatus]
    storage: StorageStatus
    listeners: Mapping[str, tuple[str, ...]]  # "udp"/"tcp" -> the bound host:port
    classifier: DetectionStatus | None  # None: [classifier] enabled = false
    mqtt: PublisherStatus
    analyst: AnalystStatus | None  # None: [analyst] enabled = false


# What /api/status has always said for a part that is switched off.
DISABLED: Mapping[str, Any] = {"enabled": False}


def as_json(status: DaemonStatus) -> dict[str, Any]:
    """The ``/api/status`` document: key order and values as the contract has them."""
    return {
        "version": status.version,
        "uptime_s": status.uptime_s,
        "counters": dict(status.counters),
        "inputs": [{"name": i.name, "counters": dict(i.counters),
                    "active_connections": i.active_connections} for i in status.inputs],
        "queues": {name: dataclasses.asdict(q) for name, q in status.queues.items()},
        "storage": dataclasses.asdict(status.storage),
        "listeners": {kind: list(addresses) for kind, addresses in status.listeners.items()},
        "classifier": _detection_json(status.classifier),
        "mqtt": dataclasses.asdict(status.mqtt),
        "analyst": analyst_json(status.analyst),
    }


def _detection_json(detection: DetectionStatus | None) -> dict[str, Any]:
    return dict(DISABLED) if detection is None else dataclasses.asdict(detection)


def analyst_json(analyst: AnalystStatus | None) -> dict[str, Any]:
    """The analyst's part of the document (the status page lists it as it is)."""
    if analyst is None:
        return dict(DISABLED)
    return {
        "enabled": True,
        "model": analyst.model,
        "model_error": analyst.model_error,
        "queued": analyst.queued,
        "capacity": analyst.capacity,
        "dropped": analyst.dropped,
        **analyst.outcomes,
        "seconds": analyst.seconds,
        "lag_s": analyst.lag_s,
        "busy_s": analyst.busy_s,
    }
