"""Gemma's 262,144-token vocabulary cut to the text insyt feeds the analyst
and expects back, so that decoding reads a fraction of the output head.

The head is tied to the embedding, 262,144 x 640 weights: at int8 that is
two thirds of the model, and all of it is read for every generated token.
insyt's prompts and answers are English and log text (addresses, paths,
user names, URLs, commands); a few tens of thousands of tokens spell them.

Kept (:meth:`Vocabulary.kept`, in Gemma's order, renumbered contiguously):

- the added tokens (``<bos>``, ``<eos>``, ``<start_of_turn>``, newline and
  tab runs, HTML tags...) except the 6,242 never-trained ``<unusedN>``;
- the 256 byte-fallback tokens: any text still encodes, a character whose
  token is gone becomes its UTF-8 bytes;
- every token the original tokenizer produces on the reference text
  (:func:`reference`): the adapter's training prompts and answers, synthetic
  log lines of every category, the playbooks' steps;
- the first :data:`ASCII_TOKENS` ASCII-only tokens in merge order (Gemma's
  ids follow its merge ranks), for log text the reference does not hold;

each with every piece its own BPE derivation passes through.  BPE merges
within a final token's span only, in rank order, so a token's derivation is
the same wherever it occurs; with those pieces and the merges among kept
tokens, text that the original tokenizer splits into kept tokens is split
the same way, and other text into smaller kept pieces or bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import tokenizers

from insyt.analyst import playbooks
from insyt.training.analyst import dataset
from insyt.training.synth import generate

ASCII_TOKENS = 32768
SYNTH_LINES = 20000
RULE = ("added tokens except <unusedN>; the 256 byte-fallback tokens; every token of the "
        f"reference text (the adapter's training examples, {SYNTH_LINES} synthetic lines, the "
        f"playbook steps); the first {ASCII_TOKENS} ASCII-only tokens in merge order; each with "
        "the pieces of its BPE derivation")
# Where a Hugging Face checkpoint's config.json and generation_config.json
# name token ids.
ID_KEYS = ("pad_token_id", "eos_token_id", "bos_token_id", "unk_token_id")
# Weights with a row per token: the embedding, and the head where untied.
TOKEN_ROWS = ("embed_tokens.weight", "lm_head.weight")
_UNUSED = re.compile(r"<unused[0-9]+>")
_BYTE = re.compile(r"<0x[0-9A-F]{2}>")
_SPACE = "\u2581"  # the normalizer's stand-in for " "


def reference(examples: int, seed: int, count: Callable[[str], int]) -> Iterator[str]:
    """The text the analyst reads and writes: the training examples that
    ``examples`` and ``seed`` made (``count`` gives a prompt's token count),
    synthetic lines of every category, the playbooks' step templates."""
    for example in dataset.examples(examples, seed, count):
        yield example.prompt
        yield example.answer
    for sample in generate(SYNTH_LINES, seed=seed):
        yield sample.line.decode("utf-8", "replace")
    for steps in playbooks.STEPS.values():
        yield from steps


class Vocabulary:
    """A Gemma tokenizer.json: byte-fallback BPE, merges in rank order."""

    def __init__(self, document: dict[str, Any]) -> None:
        model = document["model"]
        if model.get("type") != "BPE" or not model.get("byte_fallback"):
            raise ValueError("not a byte-fallback BPE tokenizer (Gemma's is expected)")
        self.document = document
        self.ids: dict[str, int] = model["vocab"]
        self.tokens = sorted(self.ids, key=self.ids.__getitem__)
        self.ranks = {(a, b): rank for rank, (a, b) in enumerate(model["merges"])}
        self.added = {t["id"]: t["content"] for t in document["added_tokens"]}
        self.tokenizer = tokenizers.Tokenizer.from_str(json.dumps(document))

    def count(self, text: str) -> int:
        return len(self.tokenizer.encode(text).ids)

    def derivation(self, token: str) -> tuple[list[str], set[str]]:
        """What BPE makes of ``token`` alone: its final pieces and every
        piece on the way (a character without a token falls back to bytes,
        which never merge)."""
        pieces: list[str | None] = [c if c in self.ids else None for c in token]
        seen = {p for p in pieces if p is not None}
        while True:
            best: tuple[int, int] | None = None
            for i in range(len(pieces) - 1):
                a, b = pieces[i], pieces[i + 1]
                rank = None if a is None or b is None else self.ranks.get((a, b))
                if rank is not None and (best is None or rank < best[0]):
                    best = (rank, i)
            if best is None:
                return [p or "" for p in pieces], seen
            i = best[1]
            merged = f"{pieces[i]}{pieces[i + 1]}"
            pieces[i:i + 2] = [merged]
            seen.add(merged)

    def kept(self, texts: Iterable[str], ascii_tokens: int = ASCII_TOKENS) -> list[int]:
        """The ids to keep, in Gemma's order (the module's docstring says which)."""
        keep = {i for i, content in self.added.items() if not _UNUSED.fullmatch(content)}
        keep |= {i for i, token in enumerate(self.tokens) if _BYTE.fullmatch(token)}
        wanted: set[int] = set()
        for encoding in self.tokenizer.encode_batch(list(texts), add_special_tokens=False):
            wanted.update(encoding.ids)
        plain = [i for i, token in enumerate(self.tokens)
                 if i not in self.added and token.replace(_SPACE, " ").isascii()]
        wanted.update(plain[:ascii_tokens])
        for i in sorted(wanted - keep):
            final, seen = self.derivation(self.tokens[i])
            if final == [self.tokens[i]]:  # else BPE never yields it
                keep.update(self.ids[p] for p in seen)
        return sorted(keep)

    def pruned(self, keep: list[int]) -> dict[str, Any]:
        """The tokenizer.json with only ``keep``, renumbered in their order:
        merges among kept tokens, added and post-processor ids remapped."""
        new = renumbered(keep)
        kept = {self.tokens[i] for i in keep}
        model = self.document["model"]
        merges = [[a, b] for a, b in model["merges"] if a in kept and b in kept and a + b in kept]
        return {**self.document,
                "added_tokens": [{**t, "id": new[t["id"]]} for t in self.document["added_tokens"]
                                 if t["id"] in new],
                "post_processor": remap(self.document["post_processor"], new),
                "model": {**model, "vocab": {self.tokens[i]: new[i] for i in keep},
                          "merges": merges}}


def renumbered(keep: list[int]) -> dict[int, int]:
    """Old id -> new id for the kept tokens, in their order."""
    return {old: n for n, old in enumerate(keep)}


def remap(node: Any, new: dict[int, int]) -> Any:
    """A post-processor with its special tokens' ``ids`` renumbered."""
    if isinstance(node, list):
        return [remap(item, new) for item in node]
    if not isinstance(node, dict):
        return node
    return {key: [new[i] for i in value] if key == "ids" else remap(value, new)
            for key, value in node.items()}


def remap_config(config: dict[str, Any], new: dict[int, int]) -> dict[str, Any]:
    """A config.json or generation_config.json for the pruned vocabulary."""
    out = dict(config)
    for key in ID_KEYS:
        value = config.get(key)
        if isinstance(value, list):
            out[key] = [new[i] for i in value]
        elif isinstance(value, int):
            out[key] = new[value]
    if "vocab_size" in config:
        out["vocab_size"] = len(new)
    return out
