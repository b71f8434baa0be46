"""Calibrated decisions, chosen on the held-out families and nowhere else.

A classifier trained on generated data is over-confident on formats it has
never seen: it says 0.96 for a line it reads wrongly.  Two knobs fix what
the daemon does with its scores, both fitted on lines of the families the
model never trained on (:mod:`insyt.training.synth.heldout`), never on the shared
validation corpora:

- **temperature** T: logits are divided by T before the softmax (Guo et al.,
  "On Calibration of Modern Neural Networks", 2017), fitted by minimising
  the negative log-likelihood of the held-out labels;
- **per-category thresholds** on the calibrated confidence of the top label:
  an attack label below its category's threshold is stored and shown
  ("suspicious") but opens no incident.  Categories whose incident rule
  opens on a single line (:data:`insyt.incidents.tracker.DEFAULT_RULES` with
  threshold 1) get a stricter false-positive budget and a higher floor than
  those that need repeats, since one false line there is one false alert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from insyt.incidents.tracker import DEFAULT_RULES
from insyt.taxonomy import BENIGN

TEMPERATURES = np.exp(np.linspace(np.log(0.25), np.log(8.0), 141))  # grid, ratio ~1.025
# Share of held-out benign lines one category may flag at its threshold.
FP_BUDGET_ONE_LINE = 0.0005
FP_BUDGET_REPEATS = 0.002
FLOOR_ONE_LINE = 0.8  # an alert from one line needs at least this confidence
FLOOR_REPEATS = 0.5
CEILING = 0.99  # never demand more: a category must stay reachable


@dataclass(frozen=True)
class Calibration:
    temperature: float
    thresholds: dict[str, float]
    nll_before: float
    nll_after: float

    def as_dict(self) -> dict[str, object]:
        return {"temperature": round(self.temperature, 4),
                "thresholds": {k: round(v, 4) for k, v in self.thresholds.items()},
                "nll_before": round(self.nll_before, 5), "nll_after": round(self.nll_after, 5)}


def softmax(logits: npt.NDArray[np.floating], temperature: float = 1.0) -> npt.NDArray[np.float64]:
    z = logits.astype(np.float64) / temperature
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    result: npt.NDArray[np.float64] = e / e.sum(axis=1, keepdims=True)
    return result


def nll(logits: npt.NDArray[np.floating], targets: npt.NDArray[np.int64],
        temperature: float) -> float:
    probs = softmax(logits, temperature)
    picked = probs[np.arange(len(targets)), targets]
    return float(-np.log(np.clip(picked, 1e-12, None)).mean())


def fit_temperature(logits: npt.NDArray[np.floating], targets: npt.NDArray[np.int64]) -> float:
    """The grid temperature of least held-out negative log-likelihood."""
    losses = [nll(logits, targets, float(t)) for t in TEMPERATURES]
    return float(TEMPERATURES[int(np.argmin(losses))])


def one_line_categories() -> frozenset[str]:
    return frozenset(rule.category for rule in DEFAULT_RULES.values() if rule.threshold == 1)


def category_threshold(benign_conf: Sequence[float], benign_total: int, one_line: bool) -> float:
    """The lowest threshold at which the benign lines this category takes
    stay within its false-positive budget, never below its floor.

    ``benign_conf``: the confidences of held-out benign lines whose top label
    is this category.
    """
    floor = FLOOR_ONE_LINE if one_line else FLOOR_REPEATS
    budget = FP_BUDGET_ONE_LINE if one_line else FP_BUDGET_REPEATS
    allowed = int(budget * benign_total)
    ranked = sorted(benign_conf, reverse=True)
    if len(ranked) <= allowed:
        return floor
    # Flag only what is strictly above the (allowed+1)-th highest benign score.
    bound = float(np.nextafter(ranked[allowed], 1.0))
    return min(CEILING, max(floor, bound))


def calibrate(logits: npt.NDArray[np.floating], targets: npt.NDArray[np.int64],
              labels: Sequence[str]) -> Calibration:
    """Temperature, then per-category thresholds on the calibrated scores."""
    temperature = fit_temperature(logits, targets)
    probs = softmax(logits, temperature)
    top = probs.argmax(axis=1)
    conf = probs.max(axis=1)
    benign = labels.index(BENIGN)
    is_benign = targets == benign
    one_line = one_line_categories()
    thresholds = {}
    for index, name in enumerate(labels):
        if name == BENIGN:
            continue
        taken = conf[is_benign & (top == index)].tolist()
        thresholds[name] = category_threshold(taken, int(is_benign.sum()), name in one_line)
    return Calibration(temperature, thresholds, nll(logits, targets, 1.0),
                       nll(logits, targets, temperature))
