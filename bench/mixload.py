"""Mixed-traffic TCP sender for the alert benchmark, run in its own process.

Unlike :mod:`loadgen` (one synthetic template family, a sequence number at
the end of every line), this replays a pool of labelled lines from
:mod:`insyt.training.synth` as they are, because what is measured here is the
classifier, and a line's text decides its cost: a number appended to every
line would be masked by the model's input normalisation anyway, but the
pool's variety is what fills (or misses) the verdict cache.

Attack lines can be injected at a fixed interval, each with its own number
``n`` (a distinct source address and a marker in the request path), and the
wall-clock time at which the kernel took each one is written to a shared
array: the parent matches MQTT alerts against it.  Wall clock (not
``perf_counter``) because the daemon stamps ``received``, verdicts and outbox
rows with ``time.time()`` too, so the stages of one alert's latency line up.
"""

from __future__ import annotations

import itertools
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

TCP_SNDBUF = 4 * 1024 * 1024
MAX_LAG_S = 0.05  # a paced sender that fell behind catches up at most this much at once
# Documentation networks (RFC 5737): 3 x 254 distinct sources, never a real host.
_NETS = ("192.0.2", "198.51.100", "203.0.113")
MAX_ATTACKS = len(_NETS) * 254

# An Apache access line with a web shell request: a webshell rule opens an
# incident on the first such line, and its source is the client address.
WEBSHELL = (
    '<134>Nov 24 10:01:00 web1 apache2: {ip} - - [24/Nov/2026:10:01:00 +0000] '
    '"GET /uploads/cmd{n}.php?cmd=id HTTP/1.1" 200 512 "-" "python-requests/2.31.0"'
)


def attack_ip(n: int) -> str:
    """A distinct documentation address per attack: a new incident key each time."""
    return f"{_NETS[n // 254]}.{n % 254 + 1}"


def frame(line: bytes) -> bytes:
    """RFC 6587 §3.4.1 octet counting: a line may hold any byte, newlines included."""
    return b"%d %b" % (len(line), line)


@dataclass(frozen=True)
class Spec:
    """What the sender does (picklable: it crosses a process boundary)."""

    host: str
    port: int
    rate: float  # lines per second, attacks included
    tick_s: float  # pacing period: each wake-up sends what is due
    max_seconds: float  # safety net: the parent normally stops it earlier
    attack_template: str = ""  # "": no injected attacks; else with {ip} and {n}
    attack_every: int = 0  # one attack line in this many lines
    attack_start: int = 0  # no attacks before this line (let the cache warm up)
    max_lines: int = 0  # stop after this many lines; 0: when told to (or at max_seconds)


class Counters:
    """Shared with the parent: plain shared-memory values, one writer each."""

    def __init__(self, ctx: Any) -> None:
        self.sent = ctx.RawValue("q", 0)  # lines handed to the kernel
        self.attacks = ctx.RawValue("q", 0)  # attack lines among them
        self.state = ctx.RawValue("i", 0)  # 0 starting, 1 sending, 2 done, -1 failed
        self.stop = ctx.RawValue("i", 0)  # set by the parent
        self.attack_sent = ctx.RawArray("d", MAX_ATTACKS)  # time.time() after sendall


def run(spec: Spec, pool: Sequence[bytes], counters: Counters) -> None:
    """Process entry point: send until told to stop (or ``max_seconds``)."""
    try:
        _send(spec, [frame(line) for line in pool], counters)
    except BaseException:
        counters.state.value = -1
        raise
    counters.state.value = 2


def _send(spec: Spec, framed: list[bytes], c: Counters) -> None:
    sock = socket.create_connection((spec.host, spec.port), timeout=60)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, TCP_SNDBUF)
    cycle = itertools.cycle(framed)
    every, template = spec.attack_every, spec.attack_template.encode()
    phase = spec.attack_start % every if every else 0
    seq = attacks = 0
    c.state.value = 1
    start = time.perf_counter()
    deadline = start + spec.max_seconds
    while not c.stop.value:
        now = time.perf_counter()
        if now >= deadline or (spec.max_lines and seq >= spec.max_lines):
            break
        due = int(spec.rate * (now - start))
        if spec.max_lines:
            due = min(due, spec.max_lines)
        n = min(due - seq, int(spec.rate * MAX_LAG_S) + 1)
        if n <= 0:
            ticks = int((now - start) / spec.tick_s) + 1
            time.sleep(max(start + ticks * spec.tick_s - time.perf_counter(), 0.0))
            continue
        batch: list[bytes] = []
        injected: list[int] = []
        for i in range(seq, seq + n):
            if (every and i >= spec.attack_start and i % every == phase
                    and attacks + len(injected) < MAX_ATTACKS):
                a = attacks + len(injected)
                batch.append(frame(template.replace(b"{ip}", attack_ip(a).encode())
                                   .replace(b"{n}", b"%d" % a)))
                injected.append(a)
            else:
                batch.append(next(cycle))
        sock.sendall(b"".join(batch))
        sent_at = time.time()
        for a in injected:
            c.attack_sent[a] = sent_at
        attacks += len(injected)
        seq += n
        c.attacks.value = attacks
        c.sent.value = seq
    sock.shutdown(socket.SHUT_WR)  # the server reads to EOF: nothing in flight is lost
    sock.close()
