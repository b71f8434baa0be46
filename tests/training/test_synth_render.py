"""The rendered-events layer: events drawn in random surfaces, labels only the words decide."""

from __future__ import annotations

import csv
import json
import random
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pytest
import tokenizers

from insyt.detect import model_text
from insyt.detect.model import read_info
from insyt.detect.modelinput import clip, normalize
from insyt.ingest.parser import parse
from insyt.record import UNPARSED
from insyt.taxonomy import NAMES
from insyt.training.synth import generate
from insyt.training.synth.core import BENIGN, Ctx, Line
from insyt.training.synth.envelope import RAW, wrap
from insyt.training.synth.events import KINDS, MAKERS, Event, present
from insyt.training.synth.render import EMITTERS, FORMATS, family, render, style
from insyt.training.synth.vocab import RESOLVERS
from insyt.training.synth.wording import WORDING

ATTACKS = tuple(name for name in NAMES if name != BENIGN)
START = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
# Outcomes whose wording judges nothing (a request, a process start, a query...):
# attacks use them too, and there the object (URL, command, name) decides.
NEUTRAL = {"web_request", "process_start", "file_read", "dns_query", "group_add", "elev_ok"}


def _ctx(rng: random.Random) -> Ctx:
    return Ctx(rng, START + timedelta(seconds=rng.randrange(10**8)), RESOLVERS)


def _layer(calls: int, seed: int) -> list[list[Line]]:
    """The lines of each call of the layer's emitters: half benign, formats in turn."""
    rng = random.Random(seed)
    by_name = {e.name: e for e in EMITTERS}
    out = []
    for i in range(calls):
        category = BENIGN if rng.random() < 0.5 else rng.choice(ATTACKS)
        out.append(by_name[f"{family(FORMATS[i % len(FORMATS)])}:{category}"].emit(_ctx(rng)))
    return out


@pytest.fixture(scope="module")
def bursts() -> list[list[Line]]:
    return _layer(6000, seed=5)


@pytest.fixture(scope="module")
def lines(bursts: list[list[Line]]) -> list[Line]:
    return [line for burst in bursts for line in burst]


def _pairs(seed: int, per_category: int) -> list[tuple[str, Event, Event]]:
    rng = random.Random(seed)
    return [(category, *MAKERS[category](_ctx(rng)))
            for category in ATTACKS for _ in range(per_category)]


def test_makers_cover_every_attack_category() -> None:
    assert set(MAKERS) == set(ATTACKS)
    assert {e.category for e in EMITTERS} == set(NAMES)
    assert {e.name.split(":")[0] for e in EMITTERS} == {family(f) for f in FORMATS}


def test_same_seed_same_lines() -> None:
    assert _layer(300, seed=3) == _layer(300, seed=3)
    assert _layer(300, seed=3) != _layer(300, seed=4)


def test_lines_carry_their_format_as_family(lines: list[Line]) -> None:
    assert {line.family for line in lines} == {family(f) for f in FORMATS}
    for line in lines:
        assert line.scenario.split(":")[0] == ("benign" if line.category == BENIGN else "attack")
        assert "\n" not in line.msg and "\r" not in line.msg


def test_twins_differ_only_in_label_and_what_decides() -> None:
    for category, attack, twin in _pairs(seed=1, per_category=150):
        assert attack.category == category, attack
        assert twin.category == BENIGN, twin
        assert attack.kind == twin.kind
        assert present(attack) == present(twin), (attack, twin)
        assert attack != twin


def test_every_kind_has_attacks_and_benign_twins() -> None:
    pairs = _pairs(seed=2, per_category=150)
    assert {a.kind for _, a, _ in pairs} == set(KINDS)
    assert {b.kind for _, _, b in pairs} == set(KINDS)


def test_wordings_never_contradict_labels() -> None:
    """A phrase said of an attack outcome is never said of a benign one."""
    labels: dict[str, set[bool]] = defaultdict(set)
    for _, attack, twin in _pairs(seed=3, per_category=200):
        labels[attack.outcome].add(True)
        labels[twin.outcome].add(False)
    assert set(labels) <= set(WORDING)
    both = {outcome for outcome, seen in labels.items() if seen == {True, False}}
    assert both <= NEUTRAL, both - NEUTRAL
    said = {flag: {p.lower() for o, seen in labels.items() if seen == {flag}
                   for p in WORDING[o].phrases} for flag in (True, False)}
    assert not said[True] & said[False], said[True] & said[False]


# key=value as the kv and logfmt renderers write it: quoted values are consumed whole.
_KV = re.compile(r"""([A-Za-z_@][\w.@-]*)=("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s|,;]*)""")
# CEF extension keys: "=" inside a value is escaped, so an unescaped one ends a key.
_CEF_KEY = re.compile(r"(?:^| )([A-Za-z]\w*)=")
_LEEF_DELIMITERS = {"": "\t", "x09": "\t", "^": "^", "x5E": "^"}


def _keys(fmt: str, msg: str) -> list[str]:
    """The field names of a structured line, in order."""
    if fmt == "json":
        def walk(node: object) -> list[str]:
            if isinstance(node, dict):
                return [k for key, v in node.items() for k in (key, *walk(v))]
            return []
        return walk(json.loads(msg))
    if fmt == "cef":
        return _CEF_KEY.findall(re.split(r"(?<!\\)\|", msg, maxsplit=7)[-1])
    if fmt == "leef":
        parts = msg.split("|", 6 if msg.startswith("LEEF:2.0") else 5)
        delimiter = _LEEF_DELIMITERS[parts[5]] if msg.startswith("LEEF:2.0") else "\t"
        return [attr.split("=", 1)[0] for attr in parts[-1].split(delimiter)]
    if fmt in ("kv", "logfmt"):
        return [m.group(1) for m in _KV.finditer(msg)]
    return []


@pytest.mark.parametrize("fmt", FORMATS)
def test_twins_rendered_alike_share_their_fields(fmt: str) -> None:
    rng = random.Random(FORMATS.index(fmt))
    for category, attack, twin in _pairs(seed=4, per_category=25):
        look = style(_ctx(rng), fmt)
        a, b = render(attack, look, START), render(twin, look, START)
        assert a != b, (category, a)
        if fmt == "json":
            assert sorted(_keys(fmt, a)) == sorted(_keys(fmt, b)), (a, b)
        elif fmt in ("kv", "logfmt", "cef", "leef"):
            assert Counter(_keys(fmt, a)) == Counter(_keys(fmt, b)), (a, b)


def test_twins_stay_apart_within_what_the_classifier_reads() -> None:
    """An attack whose evidence falls in the middle the classifier cuts out reads as its
    benign twin: training on it would be noise.  Structured lines are long (JSON spends
    tokens on punctuation), so evidence leads them; few pairs may still collide."""
    info = read_info()
    tokenizer = tokenizers.Tokenizer.from_file(str(info.tokenizer_file))
    rng = random.Random(12)
    same: Counter[str] = Counter()
    pairs = _pairs(seed=12, per_category=45)
    for i, (_, attack, twin) in enumerate(pairs):
        fmt = FORMATS[i % len(FORMATS)]
        look = style(_ctx(rng), fmt)
        a, b = (normalize(render(e, look, START) if look.raw else
                          f"{look.app}: {render(e, look, START)}") for e in (attack, twin))
        ids_a, ids_b = (clip(tokenizer.encode(t).ids, info.max_length) for t in (a, b))
        same[fmt] += ids_a == ids_b
    per_format = len(pairs) / len(FORMATS)
    assert sum(same.values()) / len(pairs) < 0.04, same
    assert max(same.values()) / per_format < 0.12, same


_CEF = re.compile(r"CEF:[01](?:\|(?:[^|\\]|\\.)*){6}\|")
_LEEF = re.compile(r"LEEF:(?:1\.0(?:\|[^|]*){4}\||2\.0(?:\|[^|]*){5}\|)")


def _well_formed(fmt: str, msg: str) -> None:
    if fmt == "json":
        assert isinstance(json.loads(msg), dict)
    elif fmt == "cef":
        assert _CEF.match(msg), msg
    elif fmt == "leef":
        assert _LEEF.match(msg), msg
    elif fmt == "csv":
        delimiter = ";" if msg.count(";") > msg.count(",") else ","
        assert len(next(csv.reader([msg], delimiter=delimiter))) >= 4, msg
    elif fmt in ("kv", "logfmt"):
        keys = _keys(fmt, msg)
        assert len(keys) >= 3 and len(keys) == len(set(keys)), msg


def test_every_format_parses_for_every_category(lines: list[Line]) -> None:
    rng = random.Random(9)
    seen: set[tuple[str, str]] = set()
    for line in lines:
        fmt = line.family.removeprefix("render-")
        seen.add((fmt, line.category))
        data, form = wrap(line, "host1", rng)
        record = parse(data, received=1.7e9, transport="udp", peer="192.0.2.1:514")
        if form == RAW:
            # A whole file line must not pass for a syslog header: the model reads all of it.
            assert record.flags & UNPARSED, data
            _well_formed(fmt, line.msg)
        else:
            assert not record.flags & UNPARSED, data
            assert record.app == line.app, data
            assert record.message == line.msg, data
            _well_formed(fmt, line.msg)
        assert model_text(record).strip()
    assert seen == {(f, c) for f in FORMATS for c in NAMES}


def _surface(line: Line) -> set[str]:
    fmt = line.family.removeprefix("render-")
    tokens = {f"family={line.family}", f"raw={line.raw}"}
    tokens |= {f"app~{t}" for t in re.split(r"[^a-z]+", line.app.lower()) if t}
    tokens |= {f"key={k}" for k in _keys(fmt, line.msg)}
    return tokens


def test_no_surface_feature_predicts_the_label(bursts: list[list[Line]]) -> None:
    """Formats, app names, raw or syslog and field names are as common in attacks as in benign.

    Counted per emitter call (its lines share one style), over features seen in at least
    300 calls: the standard error is then under 0.03, and 0.1 is more than three of them.
    """
    overall = sum(burst[0].category != BENIGN for burst in bursts) / len(bursts)
    assert 0.45 < overall < 0.55
    total: Counter[str] = Counter()
    attacks: Counter[str] = Counter()
    for burst in bursts:
        for token in set().union(*(_surface(line) for line in burst)):
            total[token] += 1
            attacks[token] += burst[0].category != BENIGN
    common = [t for t, n in total.items() if n >= 300]
    assert len(common) >= 15
    skewed = {t: round(attacks[t] / total[t], 2) for t in common
              if abs(attacks[t] / total[t] - overall) > 0.1}
    assert not skewed, (overall, skewed)


def test_layer_share_of_generated_lines() -> None:
    """Some of every category's lines, as many attacks as overall, so that a rendered
    format leans to no label."""
    samples = generate(20_000, seed=6)
    rendered = [s for s in samples if s.family.startswith("render-")]
    # The layer's share by family in the whole mix: 22.0% over generate(30000, seed=5),
    # 21.2% in this sample (its weights aimed at 28% before the network and product
    # families joined the mix).  Its weights halved or doubled make this sample about 12% or 34%.
    assert 0.17 < len(rendered) / len(samples) < 0.28
    attack_share = sum(s.category != BENIGN for s in samples) / len(samples)
    rendered_attacks = sum(s.category != BENIGN for s in rendered) / len(rendered)
    assert abs(rendered_attacks - attack_share) < 0.03
    by_category = Counter(s.category for s in rendered)
    everything = Counter(s.category for s in samples)
    # Per category 16-29% over generate(30000, seed=5), 10-27% here: the families that
    # joined the mix add more lines to some categories (network_scan, web_scan) than to
    # others, and campaigns come in lumps, so one category's share varies more.
    for name in NAMES:
        assert 0.07 < by_category[name] / everything[name] < 0.42, name
