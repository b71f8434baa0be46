"""Labelled corpora (JSON lines, optionally gzipped) and the AIT-LDS split.

The shared corpora have one record per log line with at least ``line``,
``label`` ("attack"/"benign"), ``category`` and ``file``.  Only AIT-LDS may be
trained on; its held-out part is fixed here, for the trainer and ``insyt
eval`` alike: contiguous blocks of lines, chosen by a hash of (file, block),
so that neighbouring lines of one scan never sit on both sides of the split
while every phase of the campaign appears on both.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HOLDOUT_BLOCK = 500  # lines per block
HOLDOUT_PERCENT = 30  # share of blocks held out for testing
AMBIGUOUS = "ambiguous"  # elastic_dev: the line alone cannot tell; never in headline figures


@dataclass(frozen=True)
class CorpusLine:
    line: str
    label: str  # "attack" | "benign"
    category: str
    file: str
    index: int  # position within its file, in corpus order
    excluded: bool  # benign_suspect, label_conflict or ambiguous: reported apart
    fields: dict[str, Any]


def read(path: str | Path) -> Iterator[CorpusLine]:
    opener = gzip.open if str(path).endswith(".gz") else open
    positions: dict[str, int] = {}
    with opener(path, "rt", encoding="utf-8") as fh:
        for text in fh:
            if not text.strip():
                continue
            record = json.loads(text)
            # elastic_dev names the product (``package``) rather than a file.
            file = str(record.get("file") or record.get("package") or "")
            index = positions.get(file, 0)
            positions[file] = index + 1
            yield CorpusLine(
                line=record["line"],
                label=record["label"],
                category=record.get("category") or record["label"],
                file=file,
                index=index,
                excluded=bool(record.get("benign_suspect") or record.get("label_conflict")
                              or record["label"] == AMBIGUOUS),
                fields=record,
            )


def ait_split(file: str, index: int) -> str:
    """"test" for the held-out blocks of AIT-LDS, else "train"."""
    digest = hashlib.sha256(f"{file}\0{index // HOLDOUT_BLOCK}".encode()).digest()
    return "test" if digest[0] * 100 < HOLDOUT_PERCENT * 256 else "train"
