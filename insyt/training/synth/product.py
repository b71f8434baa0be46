"""What the product families share: the line's own clock, field renderings, one emitter shape.

Identity providers, security products and honeypots (:mod:`.identity`,
:mod:`.secprod`, :mod:`.honeypot`, :mod:`.winsec`) write an event in one of
three shapes, a sentence, ``key=value`` pairs or a JSON object, and stamp it
with their own clock.  The helpers here give a template the
time of *its* line (``{iso}``, ``{epoch}``, ...), render an ordered list of
fields as JSON or key=value the way different versions and forwarders do
(spacing, quoting, a field or two in another place), and turn a maker of
messages into an emitter whose burst keeps one source address.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line
from insyt.training.synth.vocab import clf_time, millis, offset, stamp_iso, stamp_iso_z, stamp_java

Fields = Sequence[tuple[str, object]]
Make = Callable[[Ctx, dict[str, str]], str]


def clock(when: datetime) -> dict[str, str]:
    """The line's time in the shapes products print, as template values."""
    utc = when.astimezone(UTC)
    return {
        "iso": stamp_iso(when),
        "isoz": f"{utc:%Y-%m-%dT%H:%M:%S}.{millis(utc)}Z",
        "isous": stamp_iso_z(when),
        "epoch": str(int(when.timestamp())),
        "epochms": str(int(when.timestamp() * 1000)),
        "ymd": f"{when:%Y-%m-%d}",
        "hms": f"{when:%H:%M:%S}",
        "msec": millis(when),
        "tz": offset(when),
        "space": f"{when:%Y-%m-%d %H:%M:%S}",
        "java": stamp_java(when),
        "slash": f"{when:%Y/%m/%d %H:%M:%S}",
        "clf": clf_time(when),
    }


def filled(c: Ctx, memo: dict[str, str], fields: Fields) -> list[tuple[str, object]]:
    """``fields`` with every string value (nested ones too) expanded at the line's time."""
    now = clock(c.when)

    def one(value: object) -> object:
        if isinstance(value, str):
            return c.fill(value, memo, **now)
        if isinstance(value, Mapping):
            return {k: one(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [one(v) for v in value]
        return value

    return [(key, one(value)) for key, value in fields]


def jostle(c: Ctx, fields: Fields, p: float = 0.3) -> list[tuple[str, object]]:
    """The same fields, with a neighbouring pair swapped now and then (another version's order)."""
    out = list(fields)
    if len(out) > 3 and c.chance(p):
        i = c.rng.randrange(1, len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return out


def as_json(c: Ctx, fields: Fields, *, sort: bool = False) -> str:
    """One JSON object on one line, compact or spaced (encoders differ on it); ``sort``
    orders keys as Go's encoder and ``jq -S`` do."""
    separators = (", ", ": ") if c.chance(0.3) else (",", ":")
    return json.dumps(dict(fields), separators=separators, ensure_ascii=False, sort_keys=sort)


def as_kv(c: Ctx, fields: Fields, *, quote: bool | None = None, sep: str = " ") -> str:
    """``key=value`` pairs; values quoted always, never, or (None) when they hold a space."""
    always = c.chance(0.5) if quote is None else quote
    parts = []
    for key, value in fields:
        text = "" if value is None else str(value)
        if always or " " in text or not text:
            text = '"' + text.replace('"', '\\"') + '"'
        parts.append(f"{key}={text}")
    return sep.join(parts)


def product(
    family: str,
    category: str,
    scenario: str,
    apps: str | Sequence[str],
    make: Make,
    *,
    weight: float = 1.0,
    count: tuple[int, int] = (1, 3),
    pid: float = 0.5,
    raw: float = 0.0,
    stamp: Callable[[datetime], str] | None = None,
) -> Emitter:
    """An emitter of ``make``'s messages, 1..n a call, from one app and one source.

    ``raw`` is the chance that the burst is read from the product's own file
    instead of syslog: the line then starts with ``stamp`` (when given) and
    carries no header, as the files input meets it.
    """
    names = (apps,) if isinstance(apps, str) else tuple(apps)

    def emit(c: Ctx) -> list[Line]:
        app = c.pick(names)
        tag_pid = str(c.rng.randint(200, 65000)) if c.chance(pid) else None
        as_file = c.chance(raw)
        memo: dict[str, str] = {}
        out = []
        for _ in range(c.rng.randint(*count)):
            c.tick()
            msg = make(c, memo)
            if as_file and stamp is not None:
                msg = f"{stamp(c.when)} {msg}"
            out.append(Line(family, category, scenario, app, msg, c.when, tag_pid, as_file))
        return out

    return Emitter(f"{family}:{scenario}", category, weight, emit)


def texts(
    family: str,
    category: str,
    scenario: str,
    apps: str | Sequence[str],
    templates: Sequence[str],
    *,
    weight: float = 1.0,
    count: tuple[int, int] = (1, 3),
    pid: float = 0.5,
    raw: float = 0.0,
    stamp: Callable[[datetime], str] | None = None,
) -> Emitter:
    """:func:`product` of one of ``templates`` a line, expanded at the line's time."""

    def make(c: Ctx, memo: dict[str, str]) -> str:
        return c.fill(c.pick(templates), memo, **clock(c.when))

    return product(
        family,
        category,
        scenario,
        apps,
        make,
        weight=weight,
        count=count,
        pid=pid,
        raw=raw,
        stamp=stamp,
    )


Maker = Callable[[str], Make]


def rows_maker(rows: Sequence[tuple[str, str]]) -> Maker:
    """A maker of ``(category, template)`` rows: one template of the category a line."""

    def maker(category: str) -> Make:
        mine = [t for cat, t in rows if cat == category]

        def make(c: Ctx, memo: dict[str, str]) -> str:
            return c.fill(c.pick(mine), memo, **clock(c.when))

        return make

    return maker


def per_category(
    family: str,
    name: str,
    apps: str | Sequence[str],
    maker: Maker,
    weights: Mapping[str, float],
    *,
    raw: float = 0.0,
    pid: float = 0.5,
    attack_apps: Sequence[str] = (),
    attack_count: tuple[int, int] = (1, 4),
    benign_count: tuple[int, int] = (1, 3),
) -> list[Emitter]:
    """One emitter per category of a product, weighted by ``weights``.

    Scenarios are ``benign:NAME`` and ``attack:NAME-CATEGORY``.  ``attack_apps``,
    when given, tag the attack lines (the product's detecting process: a
    signature updater never reports a find).
    """
    out = []
    for category, weight in weights.items():
        benign = category == BENIGN
        scenario = f"benign:{name}" if benign else f"attack:{name}-{category.replace('_', '-')}"
        out.append(
            product(
                family,
                category,
                scenario,
                apps if benign or not attack_apps else attack_apps,
                maker(category),
                weight=weight,
                count=benign_count if benign else attack_count,
                pid=pid,
                raw=raw,
            )
        )
    return out


# Per-category factors on the product families' weights, so that together they make about
# 15% of the generated lines and about a fifth of each attack category they cover (measured
# with generate(60_000, seed=7): the families' weights alone gave 21%, malware_c2 52%; with
# these, 15%).
SHARE = {
    BENIGN: 0.7,
    "malware_c2": 0.25,
    "credential_access": 0.4,
    "dos": 0.4,
    "privilege_escalation": 0.5,
    "network_scan": 0.9,
    "brute_force": 0.5,
    "web_exploit": 0.8,
    "recon": 1.0,
    "web_scan": 1.9,
    "webshell": 1.0,
}


def rescaled(emitters: Sequence[Emitter]) -> tuple[Emitter, ...]:
    """``emitters`` with their weights multiplied by :data:`SHARE` of their category."""
    return tuple(replace(e, weight=e.weight * SHARE[e.category]) for e in emitters)
