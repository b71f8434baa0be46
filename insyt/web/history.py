"""A bounded in-memory history of the daemon's counters: what the overview charts.

The daemon samples its totals every ``interval_s`` seconds; the last
:data:`SAMPLES` samples are kept (an hour at the default five seconds), so
memory is fixed whatever the uptime.  Rates are differences between
neighbouring samples, so a counter that restarts from zero (a detection
stage rebuilt by a reload) shows a gap, not a negative rate.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Mapping
from typing import NamedTuple

from insyt.status import DaemonStatus

SAMPLES = 720

# Totals that only grow: charted as rates per second.
COUNTER_SERIES = ("received", "stored", "dropped", "classified", "detections")
# Levels: charted as they are.
GAUGE_SERIES = ("queue", "lag_lines")


class Point(NamedTuple):
    time: float
    value: float


class History:
    def __init__(self, samples: int = SAMPLES) -> None:
        self._samples: deque[tuple[float, dict[str, float]]] = deque(maxlen=samples)

    def sample(self, now: float, values: Mapping[str, float]) -> None:
        self._samples.append((now, dict(values)))

    def __len__(self) -> int:
        return len(self._samples)

    def rate(self, name: str) -> list[Point]:
        """Per-second increase of a counter between neighbouring samples."""
        points = []
        samples = self._samples
        for (t0, v0), (t1, v1) in itertools.pairwise(samples):
            if name in v0 and name in v1 and t1 > t0 and v1[name] >= v0[name]:
                points.append(Point(t1, (v1[name] - v0[name]) / (t1 - t0)))
        return points

    def level(self, name: str) -> list[Point]:
        return [Point(t, v[name]) for t, v in self._samples if name in v]

    def series(self) -> dict[str, list[Point]]:
        """Every series by name: rates for counters, levels for gauges."""
        out = {name: self.rate(name) for name in COUNTER_SERIES}
        out.update({name: self.level(name) for name in GAUGE_SERIES})
        return out


def values_of(status: DaemonStatus) -> dict[str, float]:
    """The sampled figures from a daemon status snapshot (insyt.daemon.Daemon.status)."""
    counters = status.counters
    values = {name: float(counters[name]) for name in ("received", "stored", "dropped")}
    values["queue"] = float(status.queues["intake"].depth)
    classifier = status.classifier
    if classifier is not None:  # its series stay empty with [classifier] enabled = false
        values["classified"] = float(classifier.classified)
        values["detections"] = float(classifier.detections)
        values["lag_lines"] = float(classifier.lag_lines)
    return values
