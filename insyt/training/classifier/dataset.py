"""Training examples: generated lines plus the AIT-LDS training split.

Every line goes through what the daemon does to it (parse, model text,
normalize), so the model trains on exactly what it will read.  Identical
normalized texts collapse into one example (majority label): the AIT logs
repeat a few templates thousands of times, and repetition would only teach
the model those templates' priors.  Collapsing alone errs the other way: a
short template whose variable parts are all masked (``Connection closed by
ip [preauth]``) becomes a single text among a hundred thousand and is seen
about once in training, while a web request with free-text parts yields a
thousand.  So a text seen n times is trained on 1 + log2(n) times (at most
``MAX_REPEATS``): frequent templates count, logarithmically.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from insyt import taxonomy
from insyt.detect import model_text
from insyt.detect.modelinput import normalize
from insyt.ingest.parser import parse
from insyt.training import corpus


@dataclass(frozen=True)
class Example:
    text: str  # normalized model text
    label: str  # taxonomy category
    source: str  # "synth" or "ait"
    count: int = 1  # how many lines had this text
    family: str = ""  # the generator's family ("ait" for AIT-LDS lines)


def line_text(line: bytes) -> str:
    record = parse(line, received=0.0, transport="file", peer="train")
    return normalize(model_text(record))


def synthetic(count: int, seed: int, attack_fraction: float, families: str = "train",
              workers: int = 1) -> list[Example]:
    """``count`` generated lines of ``families`` ("train", "heldout" or "all",
    as ``insyt synth --families``), as examples.  With several ``workers``
    the lines come in that many chunks of their own seeds (another sample
    than one process draws, as reproducible)."""
    jobs = [(count, seed, attack_fraction, families)] if workers <= 1 else [
        (count // workers + (k < count % workers), seed * 1000 + k, attack_fraction, families)
        for k in range(workers)]
    if len(jobs) == 1:
        return _synthetic_chunk(jobs[0])
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return [ex for chunk in pool.map(_synthetic_chunk, jobs) for ex in chunk]


def _synthetic_chunk(job: tuple[int, int, float, str]) -> list[Example]:
    from insyt.training.synth import generate
    from insyt.training.synth.cli import FAMILIES

    count, seed, attack_fraction, families = job
    return [Example(line_text(s.line), s.category, "synth", family=s.family)
            for s in generate(count, seed=seed, attack_fraction=attack_fraction,
                              families=FAMILIES[families])]


def ait(path: Path) -> list[Example]:
    """AIT-LDS lines of the training split (the held-out blocks stay out)."""
    examples = []
    for row in corpus.read(path):
        if corpus.ait_split(row.file, row.index) != "train" or row.excluded:
            continue
        label = row.category if row.label == "attack" else taxonomy.BENIGN
        if label not in taxonomy.BY_NAME:
            continue
        examples.append(Example(line_text(row.line.encode()), label, "ait", family="ait"))
    return examples


def deduplicate(examples: Iterable[Example]) -> list[Example]:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, Example] = {}
    for ex in examples:
        votes[ex.text][ex.label] += 1
        first.setdefault(ex.text, ex)
    return [Example(text, counts.most_common(1)[0][0], first[text].source, counts.total(),
                    first[text].family)
            for text, counts in votes.items()]


MAX_REPEATS = 4


def repeats(count: int) -> int:
    """How many times a text seen ``count`` times is trained on."""
    return min(MAX_REPEATS, 1 + int(math.log2(max(1, count))))


def weighted(examples: Iterable[Example]) -> list[Example]:
    """Each example ``repeats(count)`` times: the training list, not a test set."""
    return [ex for ex in examples for _ in range(repeats(ex.count))]


def split(examples: list[Example], share: float, seed: int) -> tuple[list[Example], list[Example]]:
    """A validation slice for watching training; not a test set."""
    shuffled = examples[:]
    random.Random(seed).shuffle(shuffled)
    cut = int(len(shuffled) * share)
    return shuffled[cut:], shuffled[:cut]
