"""Counters kept by the daemon, per input and in total.

Plain integer attributes incremented on the hot path (a Prometheus client
counter takes a lock per increment); ``/api/status`` and ``/metrics`` read
them when asked.  Input stats outlive a config reload that keeps the input,
so the figures an admin sees don't reset when they add a listener.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from insyt.record import INVALID_UTF8, NUL_BYTES, TRUNCATED, UNPARSED, Record

COUNTERS = (
    "received",  # lines accepted from the input (stored + dropped + queued)
    "stored",  # lines committed to SQLite
    "dropped",  # lines refused because the queue was full (UDP only)
    "kernel_dropped",  # UDP datagrams the kernel discarded at a full socket buffer
    "parse_errors",  # lines with no recognisable syslog header, kept raw
    "invalid_utf8",
    "nul_bytes",
    "truncated",  # frames longer than syslog.max_frame, cut to it
    "discarded_bytes",  # bytes of such syslog (TCP, UDP) frames past the cut, thrown away
    "connections",  # TCP connections accepted
    "rejected",  # TCP connections refused at syslog.max_connections
    "rejected_per_source",  # TCP connections refused at syslog.max_connections_per_source
    "timed_out",  # TCP connections closed after syslog.idle_timeout_s
    "frame_timeouts",  # TCP connections closed when a frame outlasted syslog.frame_timeout_s
    "errors",  # read errors of a source (journald, files), each logged
)


@dataclass(eq=False)
class InputStats:
    """What one input (a listener, the journal, a followed file) has seen."""

    name: str  # e.g. "tcp 127.0.0.1:5514", "journald", "file /var/log/auth.log"
    received: int = 0
    stored: int = 0
    dropped: int = 0
    kernel_dropped: int = 0
    parse_errors: int = 0
    invalid_utf8: int = 0
    nul_bytes: int = 0
    truncated: int = 0
    discarded_bytes: int = 0
    connections: int = 0
    rejected: int = 0
    rejected_per_source: int = 0
    timed_out: int = 0
    frame_timeouts: int = 0
    errors: int = 0
    active_connections: int = 0  # a gauge, not a counter

    def count_flags(self, flags: int) -> None:
        """Tally a record's flag bits; callers skip the call when flags == 0."""
        if flags & UNPARSED:
            self.parse_errors += 1
        if flags & INVALID_UTF8:
            self.invalid_utf8 += 1
        if flags & NUL_BYTES:
            self.nul_bytes += 1
        if flags & TRUNCATED:
            self.truncated += 1

    def account(self, records: Sequence[Record]) -> None:
        """Count records read from this input, and their flags."""
        self.received += len(records)
        for record in records:
            if record.flags:
                self.count_flags(record.flags)

    def counters(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTERS}


class Registry:
    """All inputs' stats by name; the one place totals are derived."""

    def __init__(self) -> None:
        self._inputs: dict[str, InputStats] = {}

    def input(self, name: str) -> InputStats:
        stats = self._inputs.get(name)
        if stats is None:
            stats = self._inputs[name] = InputStats(name)
        return stats

    def inputs(self) -> list[InputStats]:
        return list(self._inputs.values())

    def totals(self) -> dict[str, int]:
        total = dict.fromkeys(COUNTERS, 0)
        for stats in self._inputs.values():
            for name, value in stats.counters().items():
                total[name] += value
        return total

