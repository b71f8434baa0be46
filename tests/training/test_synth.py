"""The training-data generator: reproducible, balanced, parseable, not copied."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from insyt.ingest.parser import parse
from insyt.record import UNPARSED
from insyt.taxonomy import BENIGN, NAMES
from insyt.training import corpus
from insyt.training.synth import Sample, generate, main
from insyt.training.synth.envelope import RAW, SYSLOG_FORMS

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
N = 20_000


@pytest.fixture(scope="module")
def samples() -> list[Sample]:
    return generate(N, seed=7)


def test_same_seed_same_lines() -> None:
    assert generate(2000, seed=3) == generate(2000, seed=3)


def test_different_seed_different_lines() -> None:
    a = {s.line for s in generate(2000, seed=3)}
    b = {s.line for s in generate(2000, seed=4)}
    assert len(a & b) < 20


def test_exact_size_and_attack_share(samples: list[Sample]) -> None:
    assert len(samples) == N
    benign = sum(s.category == BENIGN for s in samples)
    assert benign == N - round(N * 0.35)
    other = generate(3000, seed=1, attack_fraction=0.1)
    assert sum(s.category != BENIGN for s in other) == 300


def test_categories_valid_and_each_attack_category_present(samples: list[Sample]) -> None:
    counts = Counter(s.category for s in samples)
    assert set(counts) == set(NAMES)
    attacks = sum(v for k, v in counts.items() if k != BENIGN)
    for name in NAMES:
        if name != BENIGN:
            assert counts[name] / attacks >= 0.03, (name, counts[name])


def test_families_are_many_and_none_dominates(samples: list[Sample]) -> None:
    families = Counter(s.family for s in samples)
    assert len(families) >= 40
    assert max(families.values()) / N < 0.25
    benign_families = {s.family for s in samples if s.category == BENIGN}
    assert {
        "hdfs",
        "bgl",
        "spark",
        "zookeeper",
        "android",
        "macos",
        "windows-cbs",
        "openstack",
        "sshd",
        "web-access",
    } <= benign_families


def test_syslog_lines_parse_with_header(samples: list[Sample]) -> None:
    forms = Counter(s.form for s in samples)
    assert set(forms) <= {*SYSLOG_FORMS, RAW}
    assert all(forms[f] > 0 for f in SYSLOG_FORMS)
    for s in samples:
        if s.form == RAW:
            continue
        record = parse(s.line, received=1.7e9, transport="udp", peer="192.0.2.1:514")
        assert not record.flags & UNPARSED, s.line
        assert record.app, s.line
        assert record.message.strip(), s.line


def test_no_unexpanded_placeholders(samples: list[Sample]) -> None:
    # Payload braces (${jndi:...}, {php}, serialized objects) are legitimate; names of
    # the generator's own pools left in a line are not.
    leftover = re.compile(
        rb"\{(?:ip|pubip|privip|user|person|baduser|host|site|port|pid|"
        rb"word|hex|int|pick|blob|uuid|email|domain|evil)[0-9]*(?::[^{}]*)?\}"
    )
    bad = [s.line for s in samples if leftover.search(s.line)]
    assert not bad, bad[:5]


def test_lines_are_single_lines(samples: list[Sample]) -> None:
    assert not [s.line for s in samples if b"\n" in s.line or b"\r" in s.line]


def test_scenarios_name_their_kind(samples: list[Sample]) -> None:
    for s in samples:
        kind = s.scenario.split(":", 1)[0]
        assert kind in ("benign", "attack", "campaign"), s.scenario
        if kind == "benign":
            assert s.category == BENIGN, s
    assert any(s.scenario.startswith("campaign:") for s in samples)


def _corpus_lines() -> set[str]:
    lines: set[str] = set()
    for path in sorted(CORPUS.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            lines.update(json.loads(row)["line"] for row in f)
    return lines


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_no_corpus_line_is_reproduced() -> None:
    corpus = _corpus_lines()
    assert len(corpus) > 10_000
    generated = {s.line.decode("utf-8", "backslashreplace") for s in generate(100_000, seed=11)}
    assert not corpus & generated, sorted(corpus & generated)[:5]


def test_cli_writes_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "synth.jsonl.gz"
    assert main(["--n", "500", "--seed", "2", "--out", str(out)]) == 0
    with gzip.open(out, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    assert len(rows) == 500
    # The shared corpora's fields (label, file) besides the generator's own, so that
    # `insyt eval` reads a generated file per family like a corpus.
    assert set(rows[0]) == {"line", "label", "category", "file", "family", "scenario"}
    assert rows == [
        {
            "line": s.line.decode("utf-8", "backslashreplace"),
            "label": "benign" if s.category == BENIGN else "attack",
            "category": s.category,
            "file": s.family,
            "family": s.family,
            "scenario": s.scenario,
        }
        for s in generate(500, seed=2)
    ]
    read = list(corpus.read(out))
    assert {x.label for x in read} == {"benign", "attack"}
    assert [(x.category, x.file) for x in read] == [(r["category"], r["family"]) for r in rows]
    printed = capsys.readouterr().out
    assert "category:" in printed and "family:" in printed


def test_cli_rejects_bad_fraction(tmp_path: Path) -> None:
    assert main(["--n", "5", "--attack-fraction", "2", "--out", str(tmp_path / "x.jsonl")]) == 2
