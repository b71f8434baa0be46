"""What the classifier says about one line, derived from the model's logits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from insyt.taxonomy import BENIGN

TOP = 3  # labels listed in Verdict.scores


@dataclass(frozen=True, slots=True)
class Verdict:
    """One line's classification.  Shared between lines of the same shape: do not mutate.

    ``attack`` follows the top label; ``p_attack`` (one minus the benign
    probability) is what a threshold other than the top label's is set on,
    as ``insyt eval``'s operating points do.
    """

    label: str
    attack: bool
    confidence: float  # probability of ``label``
    p_attack: float  # probability of any attack category
    scores: dict[str, float]  # the TOP most probable labels


def verdicts(logits: npt.NDArray[np.floating], labels: Sequence[str],
             temperature: float = 1.0) -> list[Verdict]:
    """One verdict per row of ``logits`` (columns in ``labels`` order),
    softened by the model's calibrated ``temperature``."""
    z = logits.astype(np.float64) / temperature
    z -= z.max(axis=1, keepdims=True)
    exp = np.exp(z)
    probs = exp / exp.sum(axis=1, keepdims=True)
    # Summed rather than 1 - P(benign), which cancels to 0 for confident lines.
    p_attack = np.delete(probs, labels.index(BENIGN), axis=1).sum(axis=1)
    top = np.argsort(-probs, axis=1, kind="stable")[:, :TOP]  # ties: earlier label wins
    top_p = np.take_along_axis(probs, top, axis=1)
    result = []
    for indices, ps, attack_p in zip(top.tolist(), top_p.tolist(), p_attack.tolist(), strict=True):
        label = labels[indices[0]]
        scores = {labels[i]: p for i, p in zip(indices, ps, strict=True)}
        result.append(Verdict(label, label != BENIGN, ps[0], attack_p, scores))
    return result
