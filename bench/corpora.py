"""The shared corpora for the benchmarks: where they are, and real syslog
traffic made of them (the loghub samples replayed).

The corpora sit beside the checkout, in ``../shared/corpus`` (see its README
for what each may be used for).  loghub (``loghub.jsonl.gz``) holds 2,000-line
samples of 16 systems' real logs.  Replayed in random order with every digit run redrawn,
pids, ports, addresses, counters and timestamps change from line to line
while the templates repeat as they do in syslog: the traffic the verdict
cache was built for.  Validation data only: nothing here trains a model.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
_DIGITS = re.compile(rb"[0-9]+")


def loghub_lines(benign_only: bool = False) -> list[bytes]:
    """loghub's lines, or only those its labels call benign."""
    with gzip.open(CORPUS / "loghub.jsonl.gz", "rt", encoding="utf-8") as fh:
        docs = [json.loads(text) for text in fh]
    return [d["line"].encode() for d in docs if not benign_only or d["label"] == "benign"]


def replay(templates: list[bytes], count: int, rng: random.Random) -> list[bytes]:
    """``count`` lines drawn from ``templates``, every digit run redrawn."""

    def redraw(m: re.Match[bytes]) -> bytes:
        return str(rng.randrange(10 ** len(m[0]))).zfill(len(m[0])).encode()

    return [_DIGITS.sub(redraw, rng.choice(templates)) for _ in range(count)]
