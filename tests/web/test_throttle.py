"""The failed-authentication throttle as a pure unit, on a clock the test turns."""

from __future__ import annotations

from insyt.web.throttle import BURST, REFILL_S, Throttle, client_of


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_one_attempt_per_refill() -> None:
    clock = Clock()
    throttle = Throttle(clock=clock)
    for _ in range(BURST):
        assert throttle.retry_after("192.0.2.1") == 0
        throttle.failed("192.0.2.1")
    assert throttle.retry_after("192.0.2.1") == REFILL_S
    assert throttle.retry_after("192.0.2.2") == 0  # another client is not affected
    clock.now += REFILL_S / 2
    assert throttle.retry_after("192.0.2.1") == REFILL_S / 2
    clock.now += REFILL_S / 2
    assert throttle.retry_after("192.0.2.1") == 0  # one more attempt
    throttle.failed("192.0.2.1")
    assert throttle.retry_after("192.0.2.1") == REFILL_S
    clock.now += BURST * REFILL_S
    for _ in range(BURST):  # refilled, but never beyond the burst
        assert throttle.retry_after("192.0.2.1") == 0
        throttle.failed("192.0.2.1")
    assert throttle.retry_after("192.0.2.1") > 0


def test_the_table_is_bounded_forgetting_the_least_recent_first() -> None:
    clock = Clock()
    throttle = Throttle(burst=1, max_clients=100, clock=clock)
    for i in range(10_000):
        throttle.failed(f"10.0.{i // 256}.{i % 256}")
        assert len(throttle) <= 100
    assert throttle.retry_after("10.0.39.15") > 0  # the latest is remembered
    assert throttle.retry_after("10.0.0.0") == 0  # the first is forgotten


def test_clients_are_addresses_and_ipv6_64s() -> None:
    assert client_of("192.0.2.7") == "192.0.2.7"
    assert client_of("::ffff:192.0.2.7") == "192.0.2.7"
    # A guesser with an IPv6 /64 has 2**64 addresses: they count as one client.
    assert client_of("2001:db8:1:2::1") == client_of("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert client_of("2001:db8:1:3::1") != client_of("2001:db8:1:2::1")
    assert client_of("fe80::1%eth0") == "fe80::/64"
    assert client_of(None) == "unknown"
