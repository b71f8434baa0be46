"""Turn the family modules' emitters into a labelled, balanced, shuffled sample.

Budgets are kept per label, not per emitter: ``attack_fraction`` of the lines
are attacks, and among attacks every category is topped up in turn (the one
furthest behind goes next), so campaigns that emit several categories at
once cannot starve the others.  Lines beyond a full budget are dropped, which
keeps the total exact.  Lines of one scenario stay together and in time
order (a campaign reads as a campaign), while scenarios are shuffled among
each other.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from insyt.taxonomy import NAMES
from insyt.training.synth import (
    apps,
    appserver,
    auth,
    bigdata,
    campaigns,
    desktop,
    dns,
    generic,
    honeypot,
    identity,
    mail,
    netdevice,
    netedge,
    network,
    render,
    resolver,
    secprod,
    services,
    system,
    web,
    weberror,
    webtraffic,
    winsec,
)
from insyt.training.synth.core import BENIGN, Ctx, Emitter
from insyt.training.synth.envelope import wrap
from insyt.training.synth.vocab import RESOLVERS, hostname

ATTACK_CATEGORIES = tuple(name for name in NAMES if name != BENIGN)
CAMPAIGN = "campaign"
# Share of attack draws that are whole campaigns rather than single-category bursts
# (a campaign yields ~15 lines, a burst ~2.5: this keeps campaigns near 15% of attacks).
CAMPAIGN_SHARE = 0.025
# Draws in a row that yield no line before generate() gives up (a family
# filter that leaves budgets unfillable would otherwise loop for ever).
MAX_IDLE_DRAWS = 10_000
# Log timestamps span these years, in these UTC offsets (hours).
YEARS = (2005, 2026)
OFFSETS = (0, 0, 0, 1, 2, -5, -4, -7, -8, 8, 9, 5.5, 3, -3, 10, 1, 2, 0)

MODULES = (
    auth,
    web,
    weberror,
    mail,
    dns,
    network,
    services,
    apps,
    system,
    bigdata,
    desktop,
    generic,
    campaigns,
    netdevice,
    netedge,
    webtraffic,
    appserver,
    resolver,
    identity,
    secprod,
    honeypot,
    winsec,
    render,
)


@dataclass(frozen=True, slots=True)
class Sample:
    """One generated line: the bytes insyt receives and what they are."""

    line: bytes
    category: str
    family: str
    scenario: str
    form: str  # envelope shape: "rfc3164", "rfc5424", "file-bsd", ..., or "raw"


def all_emitters() -> tuple[Emitter, ...]:
    return tuple(e for module in MODULES for e in module.EMITTERS)


def _random_time(rng: random.Random) -> datetime:
    start = datetime(YEARS[0], 1, 1, tzinfo=UTC).timestamp()
    end = datetime(YEARS[1], 6, 30, tzinfo=UTC).timestamp()
    zone = timezone(timedelta(hours=rng.choice(OFFSETS)))
    moment = datetime.fromtimestamp(rng.uniform(start, end), zone)
    return moment.replace(microsecond=rng.randrange(1_000_000))


def _weighted(rng: random.Random, emitters: Sequence[Emitter]) -> Emitter:
    return rng.choices(emitters, weights=[e.weight for e in emitters])[0]


def family_of(emitter: Emitter) -> str:
    """The family an emitter writes as: its name up to the scenario."""
    return emitter.name.split(":", 1)[0]


def generate(n: int, *, seed: int, attack_fraction: float = 0.35,
             families: Callable[[str], bool] | None = None) -> list[Sample]:
    """``n`` labelled lines, the same for the same arguments.

    ``families`` keeps only the emitters, and the lines, of the families it
    accepts: the trainer leaves whole families out with it and the held-out
    evaluation draws only those (:mod:`insyt.training.synth.heldout`).
    """
    if not 0.0 <= attack_fraction <= 1.0:
        raise ValueError(f"attack_fraction must be within [0, 1], not {attack_fraction}")
    rng = random.Random(seed)
    emitters = all_emitters()
    if families is not None:
        emitters = tuple(e for e in emitters if families(family_of(e)))
    benign = [e for e in emitters if e.category == BENIGN]
    by_category = {cat: [e for e in emitters if e.category == cat] for cat in ATTACK_CATEGORIES}
    by_category = {cat: es for cat, es in by_category.items() if es}
    campaign = [e for e in emitters if e.category == CAMPAIGN]
    if not benign or (attack_fraction > 0 and not by_category):
        raise ValueError("the families kept leave no benign or no attack emitter")
    n_attack = round(n * attack_fraction)
    budget = {BENIGN: n - n_attack}
    counts = {cat: 0 for cat in (*NAMES,)}
    attack_total = 0
    chunks: list[list[Sample]] = []
    idle = 0
    while counts[BENIGN] < budget[BENIGN] or attack_total < n_attack:
        benign_left = (budget[BENIGN] - counts[BENIGN]) / max(budget[BENIGN], 1)
        attack_left = (n_attack - attack_total) / max(n_attack, 1)
        if attack_left > benign_left:
            if campaign and rng.random() < CAMPAIGN_SHARE:
                emitter = _weighted(rng, campaign)
            else:
                behind = min(by_category, key=lambda cat: (counts[cat], rng.random()))
                emitter = _weighted(rng, by_category[behind])
        else:
            emitter = _weighted(rng, benign)
        ctx = Ctx(rng, _random_time(rng), RESOLVERS)
        host = hostname(rng)
        chunk = []
        for line in emitter.emit(ctx):
            if families is not None and not families(line.family):
                continue  # a campaign's step of a family left out
            if line.category == BENIGN:
                if counts[BENIGN] >= budget[BENIGN]:
                    continue
            elif attack_total >= n_attack:
                continue
            else:
                attack_total += 1
            counts[line.category] += 1
            data, form = wrap(line, host, rng)
            chunk.append(Sample(data, line.category, line.family, line.scenario, form))
        if chunk:
            chunks.append(chunk)
            idle = 0
        else:
            idle += 1
            if idle > MAX_IDLE_DRAWS:
                raise ValueError("the families kept cannot fill the budgets "
                                 "(their emitters write only families left out)")
    rng.shuffle(chunks)
    return [sample for chunk in chunks for sample in chunk]
