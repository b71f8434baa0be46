"""Calibration on held-out families: temperature and per-category thresholds."""

from __future__ import annotations

import numpy as np

from insyt import taxonomy
from insyt.training.classifier import calibrate


def test_temperature_recovers_an_over_confident_model() -> None:
    """Logits that are the true log-probabilities times 3 are best softened by ~3."""
    rng = np.random.default_rng(1)
    true = rng.normal(size=(4000, 5))
    probs = calibrate.softmax(true)
    targets = np.array([rng.choice(5, p=p) for p in probs])
    fitted = calibrate.fit_temperature(true * 3.0, targets)
    assert 2.6 < fitted < 3.4
    assert calibrate.nll(true * 3.0, targets, fitted) < calibrate.nll(true * 3.0, targets, 1.0)


def test_threshold_keeps_the_false_positive_budget_and_the_floors() -> None:
    benign_total = 10_000
    # 30 benign lines taken for this category; a repeats rule allows 0.2% = 20 of them.
    taken = [0.55 + i * 0.01 for i in range(30)]
    t = calibrate.category_threshold(taken, benign_total, one_line=False)
    assert sum(c >= t for c in taken) == 20
    # One-line rules allow 0.05% = 5 lines, and never go under their floor.
    t1 = calibrate.category_threshold(taken, benign_total, one_line=True)
    assert sum(c >= t1 for c in taken) <= 5 and t1 >= calibrate.FLOOR_ONE_LINE
    assert calibrate.category_threshold([], benign_total, one_line=False) == calibrate.FLOOR_REPEATS
    assert calibrate.category_threshold([0.999] * 100, 100, one_line=True) == calibrate.CEILING


def test_calibrate_names_every_attack_label() -> None:
    labels = list(taxonomy.NAMES)
    rng = np.random.default_rng(2)
    logits = rng.normal(size=(500, len(labels)))
    targets = rng.integers(0, len(labels), size=500)
    result = calibrate.calibrate(logits, targets, labels)
    assert set(result.thresholds) == set(labels) - {taxonomy.BENIGN}
    one_line = calibrate.one_line_categories()
    assert "webshell" in one_line and "brute_force" not in one_line
    assert all(result.thresholds[c] >= calibrate.FLOOR_ONE_LINE for c in one_line)
