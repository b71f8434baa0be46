"""Failed authentications per client: a token bucket each, in a bounded table.

Without it a script guesses bearer tokens as fast as the page answers
(about 4,000 a second here).  Each client may fail :data:`BURST` times at
once (typos, a script with a stale token), then once per :data:`REFILL_S`;
past that its attempts are refused unchecked until the bucket refills, so a
guesser learns nothing while throttled.  Other clients are not affected.

A client is an IPv4 address or an IPv6 /64 (RFC 7421 §1: the /64 is what a
single link, hence usually a single machine or household, is given), so an
IPv6 guesser cannot mint a fresh address per guess.  The table holds at most
:data:`MAX_CLIENTS`; when full, the client that failed least recently is
forgotten first, the one whose bucket has had the longest time to refill.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict
from collections.abc import Callable

BURST = 10  # failures a client may make at once
REFILL_S = 6.0  # then one more per this: 10 a minute, where a script made 240,000
MAX_CLIENTS = 4096  # clients remembered: ~1 MiB at most
IPV6_PREFIX = 64  # RFC 7421 §1: the subnet a single link is given


def client_of(address: str | None) -> str:
    """The key a peer address is counted under: the address, or its IPv6 /64."""
    if not address:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone
    except ValueError:
        return address  # a unix socket path, say
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, IPV6_PREFIX), strict=False))
    return str(ip)


class Throttle:
    """Token buckets of failed attempts, by client."""

    def __init__(self, burst: int = BURST, refill_s: float = REFILL_S,
                 max_clients: int = MAX_CLIENTS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = burst
        self.refill_s = refill_s
        self.max_clients = max_clients
        self.clock = clock
        # client -> (attempts left, when counted); least recently failed first
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def _left(self, client: str, now: float) -> float:
        left, at = self._buckets.get(client, (self.burst, now))
        return min(self.burst, left + (now - at) / self.refill_s)

    def retry_after(self, client: str) -> int:
        """Whole seconds until ``client`` may try again; 0 when it may now."""
        left = self._left(client, self.clock())
        return 0 if left >= 1 else math.ceil((1 - left) * self.refill_s)

    def failed(self, client: str) -> None:
        """Count one failed attempt of ``client``."""
        now = self.clock()
        left = self._left(client, now) - 1
        self._buckets[client] = (left, now)
        self._buckets.move_to_end(client)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
