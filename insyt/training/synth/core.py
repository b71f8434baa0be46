"""The pieces every family module builds on: a seeded context and one event shape.

A family module never touches transport: it says *what* a daemon wrote (the
app name, the message, the label) and :mod:`insyt.training.synth.envelope` decides
*how* it reached insyt.  Templates are plain strings with ``{name}`` or
``{name:arg}`` placeholders resolved by :data:`insyt.training.synth.vocab.RESOLVERS`;
a name repeated in one template means one value (``{ip}`` twice is the same
address), a digit suffix asks for another (``{ip2}``).  A campaign binds names
(``ip``, ``user``, ``site``) so that every line of it agrees on the attacker.
Only lowercase identifiers are placeholders, so payload braces such as
``${jndi:...}`` or ``() { :; };`` pass through untouched when they come from a
pool (values are never re-expanded).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

BENIGN = "benign"

T = TypeVar("T")

# Names that stay put through a burst of lines from one source.
STICKY = frozenset(
    {
        "ip",
        "pubip",
        "privip",
        "ipvsix",
        "anyip",
        "host",
        "rhost",
        "domain",
        "site",
        "fqdn",
        "srv",
        "mailhost",
        "attacker",
    }
)

_PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z_]*)([0-9]*)(?::([^{}]*))?\}")


@dataclass(frozen=True, slots=True)
class Line:
    """One event as its daemon wrote it, before any transport header.

    ``raw`` lines are whole lines in their own format (an access-log line, a
    Java log line with its own timestamp); the envelope may still forward
    them over syslog under ``app``, as rsyslog's imfile does.
    """

    family: str
    category: str
    scenario: str
    app: str
    msg: str
    when: datetime
    pid: str | None = None
    raw: bool = False


def words(text: str) -> tuple[str, ...]:
    """A pool written as one string of space-separated words."""
    return tuple(text.split())


Resolver = Callable[[random.Random, str], str]


@dataclass(slots=True)
class Ctx:
    """Randomness, a clock and bindings shared by the lines of one scenario."""

    rng: random.Random
    when: datetime
    resolvers: dict[str, Resolver]
    bind: dict[str, str] = field(default_factory=dict)

    def fill(self, template: str, memo: dict[str, str] | None = None, /, **extra: str) -> str:
        """Expand placeholders; ``extra`` and the scenario's bindings win over pools.

        ``memo`` carries the source-like values (:data:`STICKY`) of one burst
        from line to line, while ports, users and ids stay fresh.
        """
        local: dict[str, str] = {}

        def one(m: re.Match[str]) -> str:
            base, suffix, arg = m.group(1), m.group(2), m.group(3) or ""
            key = base + suffix if not arg else f"{base}{suffix}:{arg}"
            for known in (extra, self.bind, local, memo):
                if known is not None and key in known:
                    return known[key]
            resolver = self.resolvers.get(base)
            if resolver is None:
                return m.group(0)
            value = resolver(self.rng, arg)
            local[key] = value
            if memo is not None and base in STICKY:
                memo[key] = value
            return value

        text = _PLACEHOLDER.sub(one, template)
        # A {pick:...} whose options hold placeholders needs a second pass.
        while "{pick:" in text:
            again = _PLACEHOLDER.sub(one, text)
            if again == text:
                break
            text = again
        return text

    def pick(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def tick(self, low: float = 0.0, high: float = 3.0) -> datetime:
        """Move the scenario's clock on: lines of a campaign keep their order."""
        self.when += timedelta(seconds=self.rng.uniform(low, high))
        return self.when

    def line(
        self,
        family: str,
        category: str,
        scenario: str,
        app: str,
        msg: str,
        *,
        pid: str | None = None,
        raw: bool = False,
    ) -> Line:
        return Line(family, category, scenario, app, msg, self.tick(), pid, raw)


Emit = Callable[[Ctx], list[Line]]


@dataclass(frozen=True, slots=True)
class Emitter:
    """A source of lines and the attack category it is counted under.

    ``category`` is what the mixer budgets it as; the lines carry their own
    labels (a campaign emits benign-looking lines too).
    """

    name: str
    category: str
    weight: float
    emit: Emit


def templated(
    family: str,
    category: str,
    scenario: str,
    app: str | Sequence[str],
    templates: Sequence[str],
    *,
    weight: float = 1.0,
    pid: bool | float = True,
    count: tuple[int, int] = (1, 1),
    name: str | None = None,
    stamp: Callable[[datetime], str] | None = None,
    raw_share: float = 0.5,
) -> Emitter:
    """An emitter of one of ``templates`` per line, 1..n lines a call.

    ``pid`` is the chance that the daemon's tag carries a PID (syslog(3)
    callers differ); ``count`` > 1 repeats the draw with the same bindings,
    as a brute-force burst from one source does.  With ``stamp``, a
    ``raw_share`` of the calls writes the daemon's own log file instead
    (its own timestamp before the message, no syslog header).
    """
    apps = (app,) if isinstance(app, str) else tuple(app)
    p_pid = 1.0 if pid is True else 0.0 if pid is False else float(pid)

    def emit(c: Ctx) -> list[Line]:
        chosen = c.pick(apps)
        tag_pid = str(c.rng.randint(200, 65000)) if c.rng.random() < p_pid else None
        n = c.rng.randint(*count)
        memo: dict[str, str] | None = {} if n > 1 else None
        as_file = stamp is not None and c.rng.random() < raw_share
        out = []
        for _ in range(n):
            msg = c.fill(c.pick(templates), memo)
            if as_file and stamp is not None:
                c.tick()
                msg = f"{stamp(c.when)} {msg}"
            out.append(c.line(family, category, scenario, chosen, msg, pid=tag_pid, raw=as_file))
        return out

    return Emitter(name or f"{family}:{scenario}", category, weight, emit)


def raw_emitter(
    family: str,
    category: str,
    scenario: str,
    app: str,
    make: Callable[[Ctx], str],
    *,
    weight: float = 1.0,
    count: tuple[int, int] = (1, 1),
) -> Emitter:
    """An emitter of whole self-formatted lines made by ``make``."""

    def emit(c: Ctx) -> list[Line]:
        return [
            c.line(family, category, scenario, app, make(c), raw=True)
            for _ in range(c.rng.randint(*count))
        ]

    return Emitter(f"{family}:{scenario}", category, weight, emit)
