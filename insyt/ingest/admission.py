"""Which TCP senders get a connection slot, and a refusal log that stays short.

Two bounds: ``max_connections`` in all, and ``max_connections_per_source``
for any one source, so a flood from one address fills its own share and a
legitimate sender elsewhere still gets in.  Refusals are told once per
:data:`REFUSAL_LOG_INTERVAL_S` with a count: a flood of thousands of
connections a second must not become thousands of log lines a second too.
"""

from __future__ import annotations

import ipaddress
import logging
import math
from collections import Counter

log = logging.getLogger(__name__)

# One warning at most per interval: a sustained flood costs six lines a minute.
REFUSAL_LOG_INTERVAL_S = 10.0
# An IPv6 host usually holds a whole /64 (RFC 4291 §2.5.1: 64-bit interface
# identifiers; RFC 8981 temporary addresses rotate within it), so counting per
# address would let one host take every slot.
IPV6_SOURCE_PREFIX = 64
# Sources a refusal line names, busiest first.
NAMED_SOURCES = 3
# Distinct sources tallied per interval; more are counted but not named, so a
# distributed flood cannot grow the tally without bound.
MAX_TALLIED_SOURCES = 1024

MAX_CONNECTIONS = "max_connections"
MAX_PER_SOURCE = "max_connections_per_source"


def source_of(host: str) -> str:
    """The unit the per-source limit counts: the address, or its IPv6 /64."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_SOURCE_PREFIX), strict=False))
    return host


class Admission:
    """Open connections in all and per source, against their limits."""

    def __init__(self, max_connections: int, max_per_source: int) -> None:
        self.max_connections = max_connections
        self.max_per_source = max_per_source
        self.open = 0
        self._by_source: dict[str, int] = {}

    def admit(self, source: str) -> str | None:
        """Take a slot for ``source``; or return the name of the limit that refuses it."""
        if self.open >= self.max_connections:
            return MAX_CONNECTIONS
        held = self._by_source.get(source, 0)
        if held >= self.max_per_source:
            return MAX_PER_SOURCE
        self._by_source[source] = held + 1
        self.open += 1
        return None

    def release(self, source: str) -> None:
        self.open -= 1
        held = self._by_source[source] - 1
        if held:
            self._by_source[source] = held
        else:
            del self._by_source[source]


class RefusalLog:
    """Tallies refusals and tells them in one warning per interval."""

    def __init__(self, where: str, limits: dict[str, int],
                 interval_s: float = REFUSAL_LOG_INTERVAL_S) -> None:
        self.where = where
        self.limits = limits
        self.interval_s = interval_s
        self._by_limit: Counter[str] = Counter()
        self._by_source: Counter[str] = Counter()
        self._last = -math.inf

    def refused(self, limit: str, source: str, now: float) -> None:
        """Tally one refusal; the first after a quiet interval is told at once."""
        self._by_limit[limit] += 1
        if source in self._by_source or len(self._by_source) < MAX_TALLIED_SOURCES:
            self._by_source[source] += 1
        self.flush(now)

    def flush(self, now: float, *, force: bool = False) -> None:
        """Tell what was tallied if an interval has passed since the last line
        (the listener's sweep calls this every second or so)."""
        if not self._by_limit or (now - self._last < self.interval_s and not force):
            return
        self._last = now
        count = sum(self._by_limit.values())
        limits = ", ".join(f"{n} at {limit} = {self.limits[limit]}"
                           for limit, n in self._by_limit.most_common())
        sources = ", ".join(f"{source} ({n})"
                            for source, n in self._by_source.most_common(NAMED_SOURCES))
        log.warning("refused %d tcp connection%s to %s (%s); from %s", count,
                    "" if count == 1 else "s", self.where, limits, sources)
        self._by_limit.clear()
        self._by_source.clear()
