"""``insyt eval``: how the classifier does on a labelled corpus, in the figures that matter.

An appliance that alerts is judged by two numbers at once: how many attack
lines it flags (recall) and how many benign lines it flags (false-positive
rate, which decides whether anyone still reads the alerts).  So the headline
is the attack/benign decision, then the recall achievable at a fixed benign
FPR when the decision is a threshold on ``P(attack) = 1 - P(benign)`` rather
than the top label, then per category, per file and the confusion of
categories, since a good average can hide one log format the model never
learned.  Lines whose label is doubtful (``benign_suspect``,
``label_conflict``) are counted apart, never in the headline.

The metrics are pure functions of :class:`Outcome` lists; only :func:`run`
reads files and runs the model.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from insyt import taxonomy
from insyt.detect import Classifier, Verdict, model_text
from insyt.ingest.parser import parse
from insyt.training import corpus

MAX_FPRS = (0.01, 0.005)  # operating points reported
CHUNK_LINES = 512
SPLITS = ("all", "train", "test")
FLOOR = 0.5  # classifier.threshold's default: below it a label raises nothing


@dataclass(frozen=True)
class Outcome:
    """One corpus line: what it is, and what the classifier said."""

    file: str
    category: str  # the true category; "benign" for benign lines
    predicted: str  # the classifier's top label
    p_attack: float  # 1 - P(benign)
    excluded: bool = False
    # The daemon's decision: an attack label at or above its category's
    # calibrated threshold (the model's labels.json); None: not known.
    alerted: bool | None = None

    @property
    def attack(self) -> bool:
        return self.category != taxonomy.BENIGN


@dataclass(frozen=True)
class Binary:
    """Counts of the attack/benign decision; attack is the positive class."""

    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    @property
    def lines(self) -> int:
        return self.tp + self.fp + self.tn + self.fn

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def fpr(self) -> float | None:
        return _ratio(self.fp, self.fp + self.tn)

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.tp + self.tn, self.lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines, "attack_lines": self.tp + self.fn,
            "benign_lines": self.fp + self.tn,
            "tp": self.tp, "fp": self.fp, "tn": self.tn, "fn": self.fn,
            "recall": self.recall, "precision": self.precision, "fpr": self.fpr,
            "accuracy": self.accuracy,
        }  # fmt: skip


@dataclass(frozen=True)
class CategoryStats:
    """``detected``: flagged as any attack (for benign lines: false alarms)."""

    lines: int
    detected: int
    exact: int  # top label equal to the category

    @property
    def recall(self) -> float | None:
        return _ratio(self.detected, self.lines)

    @property
    def exact_accuracy(self) -> float | None:
        return _ratio(self.exact, self.lines)

    def as_dict(self) -> dict[str, Any]:
        return {"lines": self.lines, "detected": self.detected, "recall": self.recall,
                "exact": self.exact, "exact_accuracy": self.exact_accuracy}


@dataclass(frozen=True)
class OperatingPoint:
    """The best recall whose benign FPR stays within ``max_fpr``.

    ``threshold`` is the lowest observed ``p_attack`` that may be flagged
    (flag when ``p_attack >= threshold``); None when no line can be.
    """

    max_fpr: float
    threshold: float | None
    counts: Binary

    def as_dict(self) -> dict[str, Any]:
        return {"max_fpr": self.max_fpr, "threshold": self.threshold,
                "recall": self.counts.recall, "fpr": self.counts.fpr,
                "tp": self.counts.tp, "fp": self.counts.fp}


def binary(outcomes: Iterable[Outcome], threshold: float | None = None) -> Binary:
    """The decision's counts: top label not benign, or ``p_attack >= threshold``."""
    tp = fp = tn = fn = 0
    for o in outcomes:
        flagged = o.predicted != taxonomy.BENIGN if threshold is None else o.p_attack >= threshold
        if o.attack:
            tp, fn = (tp + 1, fn) if flagged else (tp, fn + 1)
        else:
            fp, tn = (fp + 1, tn) if flagged else (fp, tn + 1)
    return Binary(tp, fp, tn, fn)


def decided(outcomes: Iterable[Outcome]) -> Binary:
    """The counts of the daemon's own decision (calibrated per-category
    thresholds), where known; the top label elsewhere."""
    return binary(Outcome(o.file, o.category,
                          o.predicted if (o.alerted is None or o.alerted) else taxonomy.BENIGN,
                          o.p_attack) for o in outcomes)


def per_category(outcomes: Iterable[Outcome]) -> dict[str, CategoryStats]:
    lines: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    for o in outcomes:
        lines[o.category] += 1
        detected[o.category] += o.predicted != taxonomy.BENIGN
        exact[o.category] += o.predicted == o.category
    return {c: CategoryStats(lines[c], detected[c], exact[c]) for c in _category_order(lines)}


def per_file(outcomes: Iterable[Outcome],
             decision: Callable[[Iterable[Outcome]], Binary] = binary) -> dict[str, Binary]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[o.file].append(o)
    return {file: decision(groups[file]) for file in sorted(groups)}


def confusion(outcomes: Iterable[Outcome]) -> dict[str, dict[str, int]]:
    """Rows: true category; columns: top label; most frequent first."""
    cells: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        cells[o.category][o.predicted] += 1
    return {c: dict(cells[c].most_common()) for c in _category_order(cells)}


def operating_point(outcomes: Sequence[Outcome], max_fpr: float) -> OperatingPoint:
    """Sweep the threshold on ``p_attack``; keep the lowest one within ``max_fpr``.

    With B benign lines at most k = floor(max_fpr * B) may be flagged, so
    the threshold must lie above the (k+1)-th highest benign score; the
    lowest observed score above it flags exactly what any threshold in
    between would, and it is a value a reader can recognise.
    """
    benign = sorted((o.p_attack for o in outcomes if not o.attack), reverse=True)
    allowed = math.floor(max_fpr * len(benign) + 1e-9)  # 0.29 * 100 is 28.999...
    scores = [o.p_attack for o in outcomes]
    if allowed >= len(benign):  # no benign line to protect: flag everything
        threshold = min(scores, default=None)
    else:
        bound = benign[allowed]
        threshold = min((s for s in scores if s > bound), default=None)
    counts = binary(outcomes, math.inf if threshold is None else threshold)
    return OperatingPoint(max_fpr, threshold, counts)


def report(outcomes: Sequence[Outcome], max_fprs: Sequence[float] = MAX_FPRS) -> dict[str, Any]:
    """Every figure of ``insyt eval``, as JSON-ready values."""
    included = [o for o in outcomes if not o.excluded]
    excluded = [o for o in outcomes if o.excluded]
    return {
        "lines": len(outcomes),
        "excluded_lines": len(excluded),
        "overall": binary(included).as_dict(),
        "calibrated": decided(included).as_dict(),
        "operating_points": [operating_point(included, f).as_dict() for f in max_fprs],
        "categories": {c: s.as_dict() for c, s in per_category(included).items()},
        "files": {f: b.as_dict() for f, b in per_file(included).items()},
        "files_calibrated": {f: b.as_dict() for f, b in per_file(included, decided).items()},
        "confusion": confusion(included),
        "excluded": {
            "overall": binary(excluded).as_dict(),
            "categories": {c: s.as_dict() for c, s in per_category(excluded).items()},
        },
    }


def render(result: dict[str, Any]) -> str:
    """The report as text for a terminal."""
    out: list[str] = []
    add = out.append
    meta = result.get("run", {})
    if meta:
        add(f"corpus {meta['corpus']}  split {meta['split']}  model {meta['model_version']} "
            f"({meta['model_dir']})")
        add(f"{meta['lines_per_s']:,.0f} lines/s over {meta['seconds']:.1f} s, "
            f"cache {meta['cache_hits']:,} hits / {meta['cache_misses']:,} misses")
    add(f"lines {result['lines']:,} ({result['excluded_lines']:,} excluded as doubtful, "
        "reported apart)")
    add("")
    add("attack/benign decision (top label)")
    add("  " + _binary_line(result["overall"]))
    add("the daemon's decision (top label at or above its category's calibrated threshold)")
    add("  " + _binary_line(result["calibrated"]))
    add("operating points (flag when 1 - P(benign) >= t)")
    for p in result["operating_points"]:
        if p["threshold"] is None:
            add(f"  FPR <= {_pct(p['max_fpr'])}: no threshold flags any line within it")
            continue
        add(f"  FPR <= {_pct(p['max_fpr'])}: recall {_pct(p['recall'])} at t = "
            f"{p['threshold']:.6g} (FPR {_pct(p['fpr'])}; {p['tp']:,} attack and "
            f"{p['fp']:,} benign lines flagged)")
    add("")
    add(f"  {'category':<22} {'lines':>8} {'detected':>9} {'exact':>8}")
    for name, c in result["categories"].items():
        add(f"  {name:<22} {c['lines']:>8,} {_pct(c['recall']):>9} "
            f"{_pct(c['exact_accuracy']):>8}")
    add("  (detected: flagged as any attack, for benign the false alarms; "
        "exact: top label is the category)")
    add("")
    width = max([len(f) for f in result["files"]] + [4])
    add(f"  {'file':<{width}} {'lines':>8} {'attacks':>8} {'recall':>8} {'FPR':>8}"
        f" {'calibrated recall':>18} {'FPR':>8}")
    for name, f in result["files"].items():
        c = result["files_calibrated"][name]
        add(f"  {name:<{width}} {f['lines']:>8,} {f['attack_lines']:>8,} "
            f"{_pct(f['recall']):>8} {_pct(f['fpr']):>8} {_pct(c['recall']):>18} "
            f"{_pct(c['fpr']):>8}")
    add("")
    add("confusion (true category: top labels, most frequent first)")
    for name, row in result["confusion"].items():
        add(f"  {name}: " + ", ".join(f"{label} {n:,}" for label, n in row.items()))
    excluded = result["excluded"]["overall"]
    if excluded["lines"]:
        add("")
        add("excluded lines (benign_suspect, label_conflict)")
        add("  " + _binary_line(excluded))
    return "\n".join(out) + "\n"


def outcomes(
    rows: Iterable[corpus.CorpusLine], classify: Callable[[Sequence[str]], list[Verdict]],
    thresholds: Mapping[str, float] | None = None,
) -> Iterator[Outcome]:
    """Outcomes of corpus rows, classified a chunk at a time.

    Each line goes through the daemon's parser and model text, so a corpus
    line is judged as the daemon would judge it arriving from a file.
    """
    chunk: list[corpus.CorpusLine] = []

    def flush() -> Iterator[Outcome]:
        now = time.time()
        texts = [
            model_text(parse(r.line.encode(), received=now, transport="file", peer=r.file))
            for r in chunk
        ]
        for r, verdict in zip(chunk, classify(texts), strict=True):
            category = r.category if r.label == "attack" else taxonomy.BENIGN
            alerted = None if thresholds is None else (
                verdict.attack and verdict.confidence >= thresholds.get(verdict.label, FLOOR))
            yield Outcome(r.file, category, verdict.label, verdict.p_attack, r.excluded, alerted)

    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_LINES:
            yield from flush()
            chunk = []
    if chunk:
        yield from flush()


def select(rows: Iterable[corpus.CorpusLine], split: str) -> Iterator[corpus.CorpusLine]:
    """Rows of ``split``: the AIT held-out blocks ("test"), the rest ("train"), or all."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    for row in rows:
        if split == "all" or corpus.ait_split(row.file, row.index) == split:
            yield row


def run(path: str | Path, split: str, classifier: Classifier) -> dict[str, Any]:
    """Read, classify and report a corpus."""
    started = time.monotonic()
    results = list(outcomes(select(corpus.read(path), split), classifier.classify,
                            classifier.info.thresholds))
    seconds = time.monotonic() - started
    result = report(results)
    result["run"] = {
        "corpus": str(path), "split": split,
        "model_dir": str(classifier.info.directory), "model_version": classifier.info.version,
        "threads": classifier.threads, "seconds": round(seconds, 3),
        "lines_per_s": len(results) / seconds if seconds > 0 else 0.0,
        "cache_hits": classifier.cache.hits, "cache_misses": classifier.cache.misses,
    }  # fmt: skip
    return result


def _binary_line(b: dict[str, Any]) -> str:
    return (f"recall {_pct(b['recall'])}  precision {_pct(b['precision'])}  "
            f"benign FPR {_pct(b['fpr'])}  accuracy {_pct(b['accuracy'])}  "
            f"(tp {b['tp']:,} fp {b['fp']:,} tn {b['tn']:,} fn {b['fn']:,})")


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.2f}%"


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _category_order(names: Iterable[str]) -> list[str]:
    """Taxonomy order, then any category the taxonomy lacks (corpus-only ones)."""
    present = set(names)
    known = [c for c in taxonomy.NAMES if c in present]
    return known + sorted(present - set(known))
