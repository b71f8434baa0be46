"""Tests of the evaluation metrics (hand-made outcomes, answers worked out by hand)
and of ``insyt eval`` on a small corpus written here."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from insyt.training import corpus
from insyt.training.evaluate import (
    Binary,
    Outcome,
    binary,
    confusion,
    operating_point,
    per_category,
    per_file,
    render,
    report,
    select,
)

REPO = Path(__file__).resolve().parents[2]

# Three attack lines (two flagged, one of them with the wrong category) and
# four benign lines (one flagged).
SAMPLE = [
    Outcome("auth.log", "brute_force", "brute_force", 0.97),
    Outcome("auth.log", "brute_force", "benign", 0.40),
    Outcome("access.log", "web_scan", "dos", 0.80),
    Outcome("auth.log", "benign", "benign", 0.01),
    Outcome("auth.log", "benign", "benign", 0.02),
    Outcome("access.log", "benign", "benign", 0.30),
    Outcome("access.log", "benign", "recon", 0.60),
]


def test_binary_counts_and_rates() -> None:
    b = binary(SAMPLE)
    assert b == Binary(tp=2, fp=1, tn=3, fn=1)
    assert b.recall == pytest.approx(2 / 3)
    assert b.precision == pytest.approx(2 / 3)
    assert b.fpr == pytest.approx(1 / 4)
    assert b.accuracy == pytest.approx(5 / 7)


def test_binary_with_a_threshold_on_p_attack() -> None:
    assert binary(SAMPLE, threshold=0.5) == Binary(tp=2, fp=1, tn=3, fn=1)
    assert binary(SAMPLE, threshold=0.3) == Binary(tp=3, fp=2, tn=2, fn=0)  # >= flags 0.30
    assert binary(SAMPLE, threshold=0.99) == Binary(tp=0, fp=0, tn=4, fn=3)


def test_rates_of_nothing_are_none() -> None:
    empty = binary([])
    assert empty.lines == 0
    assert (empty.recall, empty.precision, empty.fpr, empty.accuracy) == (None, None, None, None)
    assert binary(SAMPLE[3:]).recall is None  # no attack lines


def test_per_category() -> None:
    stats = per_category([*SAMPLE, Outcome("x", "other_attack", "benign", 0.1)])
    assert list(stats) == ["benign", "brute_force", "web_scan", "other_attack"]
    assert (stats["brute_force"].lines, stats["brute_force"].detected,
            stats["brute_force"].exact) == (2, 1, 1)
    assert stats["web_scan"].recall == 1.0 and stats["web_scan"].exact_accuracy == 0.0
    assert stats["benign"].recall == pytest.approx(1 / 4)  # benign flagged: false alarms
    assert stats["benign"].exact_accuracy == pytest.approx(3 / 4)
    assert stats["other_attack"].recall == 0.0


def test_per_file() -> None:
    files = per_file(SAMPLE)
    assert list(files) == ["access.log", "auth.log"]
    assert files["auth.log"] == Binary(tp=1, fp=0, tn=2, fn=1)
    assert files["access.log"] == Binary(tp=1, fp=1, tn=1, fn=0)
    assert files["access.log"].fpr == 0.5


def test_confusion() -> None:
    assert confusion(SAMPLE) == {
        "benign": {"benign": 3, "recon": 1},
        "brute_force": {"brute_force": 1, "benign": 1},
        "web_scan": {"dos": 1},
    }
    assert list(confusion(SAMPLE)["benign"]) == ["benign", "recon"]  # most frequent first


def scored(benign: list[float], attack: list[float]) -> list[Outcome]:
    return ([Outcome("f", "benign", "benign", p) for p in benign]
            + [Outcome("f", "dos", "dos", p) for p in attack])


def test_operating_point_takes_the_lowest_threshold_within_the_fpr() -> None:
    outcomes = scored(benign=[0.1, 0.2, 0.3, 0.9], attack=[0.05, 0.35, 0.8, 0.95])
    quarter = operating_point(outcomes, 0.25)  # one benign line of four may be flagged
    assert quarter.threshold == 0.35
    assert quarter.counts == Binary(tp=3, fp=1, tn=3, fn=1)
    strict = operating_point(outcomes, 0.01)  # none may: above the top benign score
    assert strict.threshold == 0.95
    assert (strict.counts.recall, strict.counts.fpr) == (0.25, 0.0)
    everything = operating_point(outcomes, 1.0)
    assert everything.threshold == 0.05
    assert (everything.counts.recall, everything.counts.fpr) == (1.0, 1.0)


def test_operating_point_when_nothing_can_be_flagged() -> None:
    point = operating_point(scored(benign=[0.9], attack=[0.05, 0.9]), 0.0)
    assert point.threshold is None
    assert point.counts == Binary(tp=0, fp=0, tn=1, fn=2)


def test_operating_point_with_tied_benign_scores() -> None:
    # Flagging one of two benign lines tied at 0.5 would flag both (FPR 1.0).
    point = operating_point(scored(benign=[0.5, 0.5], attack=[0.5, 0.6]), 0.5)
    assert point.threshold == 0.6
    assert point.counts == Binary(tp=1, fp=0, tn=2, fn=1)


def test_operating_point_is_not_fooled_by_float_products() -> None:
    # 0.29 * 100 == 28.999999999999996: 29 false positives are allowed.
    point = operating_point(scored(benign=[i / 100 for i in range(100)], attack=[1.0]), 0.29)
    assert point.counts.fp == 29
    assert point.threshold == 0.71


def test_report_keeps_excluded_lines_apart() -> None:
    doubtful = Outcome("auth.log", "benign", "brute_force", 0.9, excluded=True)
    result = report([*SAMPLE, doubtful])
    assert result["lines"] == 8 and result["excluded_lines"] == 1
    assert result["overall"]["lines"] == 7 and result["overall"]["fp"] == 1
    assert result["excluded"]["overall"]["fp"] == 1
    assert result["categories"]["benign"]["lines"] == 4
    assert [p["max_fpr"] for p in result["operating_points"]] == [0.01, 0.005]
    json.dumps(result)  # JSON-ready as it is
    text = render(result)
    assert "recall 66.67%  precision 66.67%  benign FPR 25.00%  accuracy 71.43%" in text
    assert "excluded lines" in text


def test_select_splits_by_ait_blocks() -> None:
    rows = [corpus.CorpusLine("x", "benign", "benign", f"f{n}", i, False, {})
            for n in range(20) for i in (0, 499, 500, 1500)]
    test = list(select(rows, "test"))
    train = list(select(rows, "train"))
    assert test and train and len(test) + len(train) == len(rows)
    assert all(corpus.ait_split(r.file, r.index) == "test" for r in test)
    assert list(select(rows, "all")) == rows
    with pytest.raises(ValueError, match="split"):
        list(select(rows, "dev"))


# --- insyt eval ------------------------------------------------------------------------------


def split_files() -> tuple[str, str]:
    """Two file names whose first AIT block falls in the test and the train split."""
    names = [f"logs/host{n}.log" for n in range(100)]
    test = next(n for n in names if corpus.ait_split(n, 0) == "test")
    train = next(n for n in names if corpus.ait_split(n, 0) == "train")
    return test, train


def write_corpus(path: Path) -> dict[str, int]:
    test, train = split_files()
    rows = [
        {"file": test, "line": "Nov 24 19:00:01 web1 sshd[11]: Failed password for root from "
                               "203.0.113.9 port 22 ssh2", "label": "attack",
         "category": "brute_force"},
        {"file": test, "line": '203.0.113.9 - - [24/Jan/2022:07:34:57 +0000] "GET /etc/passwd '
                               'HTTP/1.1" 404 0 "-" "Nikto"', "label": "attack",
         "category": "web_scan"},
        {"file": test, "line": "Nov 24 19:00:02 web1 CRON[12]: (root) CMD (run-parts hourly)",
         "label": "benign", "category": "benign"},
        {"file": train, "line": "Nov 24 19:00:03 web1 systemd[1]: Started Daily apt upgrade.",
         "label": "benign", "category": "benign"},
        {"file": train, "line": "Nov 24 19:00:04 web1 sshd[13]: Connection closed by 10.0.0.1",
         "label": "benign", "category": "benign", "benign_suspect": True},
    ]
    text = "".join(json.dumps(r) + "\n" for r in rows)
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text + "\n")  # a blank line is skipped
    return {"all": 5, "test": 3, "train": 2}


def run_eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "insyt", "eval", *args], capture_output=True,
                          text=True, timeout=240, cwd=REPO)


def test_eval_json(tmp_path: Path, model_dir: Path) -> None:
    path = tmp_path / "small.jsonl"
    counts = write_corpus(path)
    proc = run_eval(str(path), "--model", str(model_dir), "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["lines"] == counts["all"]
    assert result["excluded_lines"] == 1
    assert result["overall"]["lines"] == 4
    assert result["overall"]["attack_lines"] == 2 and result["overall"]["benign_lines"] == 2
    assert set(result["categories"]) == {"benign", "brute_force", "web_scan"}
    assert sum(f["lines"] for f in result["files"].values()) == 4
    assert sum(sum(row.values()) for row in result["confusion"].values()) == 4
    assert len(result["operating_points"]) == 2
    assert result["run"]["split"] == "all"


def test_eval_split_test_keeps_the_held_out_blocks(tmp_path: Path, model_dir: Path) -> None:
    path = tmp_path / "small.jsonl.gz"
    counts = write_corpus(path)
    test, _ = split_files()
    proc = run_eval(str(path), "--split", "test", "--model", str(model_dir), "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["lines"] == counts["test"]
    assert list(result["files"]) == [test]
    proc = run_eval(str(path), "--split", "train", "--model", str(model_dir), "--json")
    assert json.loads(proc.stdout)["lines"] == counts["train"]


def test_eval_text(tmp_path: Path, model_dir: Path) -> None:
    path = tmp_path / "small.jsonl"
    write_corpus(path)
    proc = run_eval(str(path), "--model", str(model_dir))
    assert proc.returncode == 0, proc.stderr
    for heading in ("attack/benign decision", "operating points", "category", "file",
                    "confusion", "excluded lines"):
        assert heading in proc.stdout


@pytest.mark.parametrize(("content", "message"), [
    (None, "cannot read"),
    ("not json\n", "not a labelled corpus"),
    ('{"line": "x"}\n', "not a labelled corpus"),
])
def test_eval_bad_corpus_is_one_line_exit_2(
    tmp_path: Path, model_dir: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    if content is not None:
        path.write_text(content)
    proc = run_eval(str(path), "--model", str(model_dir))
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1
