"""``insyt synth``: write a generated training set as gzipped JSON lines."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Sequence

from insyt.taxonomy import BENIGN
from insyt.training.synth import heldout
from insyt.training.synth.mix import generate

# Which families a run draws from: every one, those a model trains on, or
# the held-out ones that measure how it does on formats it never saw.
FAMILIES = {"all": None, "train": heldout.trained, "heldout": heldout.held_out}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="insyt synth", description="Generate labelled synthetic log lines."
    )
    parser.add_argument("--n", type=int, default=200_000, help="number of lines")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same lines)")
    parser.add_argument("--attack-fraction", type=float, default=0.35, help="share of attack lines")
    parser.add_argument("--families", choices=sorted(FAMILIES), default="all",
                        help="all families, the trained ones, or only the held-out ones "
                             "(an evaluation set for `insyt eval`)")
    parser.add_argument("--out", required=True, help="output file (.jsonl or .jsonl.gz)")
    args = parser.parse_args(argv)
    if args.n < 0 or not 0.0 <= args.attack_fraction <= 1.0:
        print("insyt synth: --n must be >= 0 and --attack-fraction within [0, 1]", file=sys.stderr)
        return 2
    samples = generate(args.n, seed=args.seed, attack_fraction=args.attack_fraction,
                       families=FAMILIES[args.families])
    opener = gzip.open if args.out.endswith(".gz") else open
    with opener(args.out, "wt", encoding="utf-8") as out:
        for s in samples:
            record = {  # the shared corpora's fields, so `insyt eval` reads it per family
                "line": s.line.decode("utf-8", "backslashreplace"),
                "label": "benign" if s.category == BENIGN else "attack",
                "category": s.category,
                "file": s.family,
                "family": s.family,
                "scenario": s.scenario,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    for title, counter in (
        ("category", Counter(s.category for s in samples)),
        ("family", Counter(s.family for s in samples)),
    ):
        print(f"{title}:")
        for name, count in counter.most_common():
            print(f"  {name:24} {count:8d} {100 * count / max(len(samples), 1):6.2f}%")
    print(f"wrote {len(samples)} lines to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
