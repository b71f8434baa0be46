"""The classifier's training examples: how repeated texts are weighted.

torch-free: insyt.training.classifier.dataset only parses and normalizes lines.
"""

from __future__ import annotations

from collections import Counter

from insyt.training.classifier import dataset
from insyt.training.classifier.dataset import Example


def synth(text: str, label: str) -> Example:
    return Example(text, label, "synth")


def test_identical_texts_collapse_with_their_count_and_majority_label() -> None:
    merged = dataset.deduplicate(
        [synth("a", "benign"), synth("a", "benign"), synth("a", "dos"), synth("b", "recon")])
    assert {(e.text, e.label, e.count) for e in merged} == {("a", "benign", 3), ("b", "recon", 1)}


def test_repeats_grow_with_the_log_of_the_count_and_stop_at_the_cap() -> None:
    assert [dataset.repeats(n) for n in (1, 2, 3, 4, 7, 8, 1000)] == [1, 2, 2, 3, 3, 4, 4]
    assert dataset.repeats(10**9) == dataset.MAX_REPEATS


def test_a_masked_template_seen_often_outweighs_a_one_off_but_not_linearly() -> None:
    lines = [dataset.line_text(b"sshd[%d]: Connection closed by 192.0.2.%d port %d [preauth]"
                               % (100 + i, i % 250, 40000 + i)) for i in range(500)]
    lines.append(dataset.line_text(b"nginx: GET /index.html 200"))
    examples = dataset.weighted(dataset.deduplicate(synth(t, "network_scan") for t in lines))
    counts = Counter(e.text for e in examples)
    assert len(counts) == 2  # pids, addresses and ports are masked: one template
    assert counts.most_common()[0][1] == dataset.MAX_REPEATS
    assert counts.most_common()[-1][1] == 1
