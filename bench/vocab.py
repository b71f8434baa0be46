"""How the analyst's pruned vocabulary (:mod:`insyt.training.analyst.vocab`) splits
real log lines nobody here wrote, against Gemma's full tokenizer.

Usage::

    .venv/bin/python bench/vocab.py [--ascii-tokens N ...] [--lines N]

For each ``--ascii-tokens`` budget (default: the build's), the vocabulary is
cut from the dequantized base checkpoint's tokenizer
(``.cache/analyst/base-hf``, which ``make analyst-model`` leaves) by the
build's own rule, and every corpus file under ``../shared/corpus`` (a
sample of ``--lines`` lines each) is tokenized both ways.  Printed per file:
tokens with the pruned vocabulary per token with the full one, the share of
lines split exactly as the full tokenizer splits them, and lines the two
decode differently (should be 0).  The corpora are validation data:
the rule never sees them.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

import tokenizers
from corpora import CORPUS

from insyt.training.analyst import vocab

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / ".cache/analyst/base-hf/tokenizer.json"
TRAINING = REPO / "insyt/training/analyst/adapter/training.json"


def sample(path: Path, n: int) -> list[str]:
    with gzip.open(path, "rt") as f:
        lines = [json.loads(row)["line"] for row in f]
    random.Random(1).shuffle(lines)
    return lines[:n]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ascii-tokens", type=int, nargs="+", default=[vocab.ASCII_TOKENS])
    p.add_argument("--lines", type=int, default=3000, help="lines sampled per corpus file")
    args = p.parse_args(argv)
    if not BASE.is_file():
        print(f"no base tokenizer at {BASE} (make analyst-model leaves it)", file=sys.stderr)
        return 2
    full = vocab.Vocabulary(json.loads(BASE.read_bytes()))
    training = json.loads(TRAINING.read_bytes())
    reference = list(vocab.reference(training["examples"], training["seed"], full.count))
    corpora = {path.name.split(".")[0]: sample(path, args.lines)
               for path in sorted(CORPUS.glob("*.jsonl.gz"))}
    before = {name: full.tokenizer.encode_batch(lines, add_special_tokens=False)
              for name, lines in corpora.items()}
    for budget in args.ascii_tokens:
        start = time.perf_counter()
        keep = full.kept(reference, budget)
        new = {old: n for n, old in enumerate(keep)}
        pruned = tokenizers.Tokenizer.from_str(json.dumps(full.pruned(keep)))
        print(f"ascii tokens {budget}: {len(keep)} tokens kept "
              f"({time.perf_counter() - start:.1f} s to choose)")
        for name, lines in corpora.items():
            after = pruned.encode_batch(lines, add_special_tokens=False)
            tokens = sum(len(e.ids) for e in before[name])
            same = sum([new.get(i, -1) for i in b.ids] == a.ids
                       for b, a in zip(before[name], after, strict=True))
            broken = sum(pruned.decode(a.ids, skip_special_tokens=False) !=
                         full.tokenizer.decode(b.ids, skip_special_tokens=False)
                         for b, a in zip(before[name], after, strict=True))
            print(f"  {name:<22}{len(lines):>6} lines  tokens x"
                  f"{sum(len(a.ids) for a in after) / tokens:.3f}  split alike "
                  f"{100 * same / len(lines):5.1f}%  decode differently {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
