"""How much of each category the rendered-events layer yields, and the figures that set it.

Usage::

    .venv/bin/python bench/synth_layers.py [--calls N] [--lines N]

Prints, per category, the line mass of the hand-written families (sum over
their emitters of weight x lines of that category per call, from ``--calls``
calls each: the figure :data:`insyt.training.synth.render.HAND_WRITTEN_MASS` holds)
the share of a category's lines that campaigns supply (what
:data:`~insyt.training.synth.render.CAMPAIGN_FRACTION` holds) and the share of
``render-*`` lines, both in a generated set of ``--lines`` lines.  Rerun it
after adding or reweighting a family and update the two tables.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from insyt.taxonomy import NAMES
from insyt.training.synth import generate
from insyt.training.synth.campaigns import CAMPAIGN
from insyt.training.synth.core import Ctx
from insyt.training.synth.mix import all_emitters
from insyt.training.synth.render import CAMPAIGN_FRACTION, HAND_WRITTEN_MASS
from insyt.training.synth.vocab import RESOLVERS


def hand_written_mass(calls: int, seed: int) -> Counter[str]:
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    mass: Counter[str] = Counter()
    for emitter in all_emitters():
        if emitter.category == CAMPAIGN or emitter.name.startswith("render-"):
            continue
        lines = 0
        for _ in range(calls):
            ctx = Ctx(rng, start + timedelta(seconds=rng.randrange(10**8)), RESOLVERS)
            lines += sum(line.category == emitter.category for line in emitter.emit(ctx))
        mass[emitter.category] += emitter.weight * lines / calls
    return mass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=300, help="calls per hand-written emitter")
    parser.add_argument("--lines", type=int, default=50_000, help="lines generated")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    mass = hand_written_mass(args.calls, args.seed)
    samples = generate(args.lines, seed=args.seed)
    total = Counter(s.category for s in samples)
    rendered = Counter(s.category for s in samples if s.family.startswith("render-"))
    campaign = Counter(s.category for s in samples if s.scenario.startswith("campaign:"))
    print(f"{'category':22} {'mass now':>9} {'in table':>9} {'campaigns':>10} {'in table':>9} "
          f"{'render share':>13}")
    for name in NAMES:
        n = max(total[name], 1)
        print(f"{name:22} {mass[name]:9.1f} {HAND_WRITTEN_MASS[name]:9.1f} "
              f"{campaign[name] / n:10.3f} {CAMPAIGN_FRACTION[name]:9.3f} "
              f"{rendered[name] / n:12.1%}")
    print(f"{'all':22} {'':9} {'':9} {'':10} {'':9} {rendered.total() / len(samples):12.1%}")


if __name__ == "__main__":
    main()
