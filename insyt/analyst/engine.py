"""The analyst proper: a CTranslate2 model when one is configured, checked
by :mod:`insyt.analyst.validate`, with the playbook behind it.

Generation is synchronous and CPU-bound; callers run :meth:`Analyst.analyse`
in a thread (CTranslate2 releases the GIL).  The deadline is enforced inside
generation: the per-token callback stops decoding when time is up, so a
late answer costs at most one token past ``timeout_s`` and never blocks the
next incident.

An answer that invents an address, a user or a path gets one more try
within the same deadline, with the invented string forbidden
(CTranslate2's ``suppress_sequences``): a small model that wrote "jon" for
"john" mostly writes the evidence's spelling when its first guess is ruled
out.  Greedy decoding would otherwise repeat the same answer.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from insyt.analyst import playbooks, prompt, validate
from insyt.analyst.answer import CTRANSLATE2, PLAYBOOK, Analysis, parse
from insyt.analyst.case import Case

REGENERATIONS = 1  # further tries after an answer that invents a fact
MANIFEST = "insyt-analyst.json"  # written by `insyt model build-analyst` / `convert`
TOKENIZER = "tokenizer.json"


class ModelError(RuntimeError):
    """The model directory cannot be used; the message says why."""


@dataclass
class Outcome:
    """What the last analysis did, for the worker's counters."""

    rejected: bool = False
    regenerated: int = 0  # answers that invented a fact and were generated again
    timed_out: bool = False
    failed: bool = False
    answer: tuple[str, tuple[str, ...]] | None = None  # what the model wrote, parsed


class Engine:
    """A CTranslate2 Gemma generator and its tokenizer."""

    def __init__(self, model_dir: str | Path, threads: int = 1) -> None:
        import ctranslate2
        import tokenizers

        path = Path(model_dir)
        self.threads = threads
        if not (path / "model.bin").is_file() or not (path / TOKENIZER).is_file():
            raise ModelError(f"{path}: not an analyst model (model.bin and {TOKENIZER} "
                             f"expected; build one with `insyt model build-analyst`)")
        try:
            manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text())
        except (OSError, ValueError):
            manifest = {}
        self.name = str(manifest.get("name") or path.name)
        try:
            self.generator = ctranslate2.Generator(str(path), device="cpu", compute_type="int8",
                                                   intra_threads=threads, inter_threads=1)
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"{path}: {exc}") from exc
        self.tokenizer = tokenizers.Tokenizer.from_file(str(path / TOKENIZER))
        self.end_id = self.tokenizer.token_to_id(prompt.END_OF_TURN)

    def count(self, text: str) -> int:
        return len(self.tokenizer.encode(text).ids)

    def generate(self, text: str, max_new_tokens: int, deadline: float,
                 stopping: threading.Event, forbidden: Sequence[str] = ()) -> tuple[str, bool]:
        """The model's continuation of ``text`` and whether it was cut short
        (the deadline passed, or the daemon is stopping).  No string of
        ``forbidden`` is written, whether it starts a word or not."""
        tokens = self.tokenizer.encode(text).tokens
        suppress = [self.tokenizer.encode(variant, add_special_tokens=False).tokens
                    for value in forbidden for variant in (value, " " + value)]
        late = False

        def tick(_step: Any) -> bool:
            nonlocal late
            late = time.monotonic() > deadline or stopping.is_set()
            return late

        result = self.generator.generate_batch(
            [tokens], max_length=max_new_tokens, sampling_topk=1, beam_size=1,
            include_prompt_in_result=False, end_token=[prompt.END_OF_TURN, "<eos>"],
            suppress_sequences=suppress or None, callback=tick)
        return self.tokenizer.decode(result[0].sequences_ids[0]), late


class Analyst:
    """One analysis at a time; the model's when it passes, else the playbook's."""

    def __init__(self, engine: Engine | None, max_new_tokens: int = 160,
                 timeout_s: float = 20.0) -> None:
        self.engine = engine
        self.max_new_tokens = max_new_tokens
        self.timeout_s = timeout_s
        self._stopping = threading.Event()

    def stop(self) -> None:
        """Cut the generation in progress at its next token."""
        self._stopping.set()

    @property
    def model(self) -> str | None:
        return self.engine.name if self.engine else None

    def analyse(self, case: Case) -> tuple[Analysis, Outcome]:
        start = time.monotonic()
        outcome = Outcome()
        if self.engine is None:
            return playbooks.analyse(case), outcome
        engine = self.engine
        text = prompt.build(case, engine.count, prompt.budget(self.max_new_tokens))
        forbidden: list[str] = []
        while True:
            try:
                output, late = engine.generate(text, self.max_new_tokens,
                                               start + self.timeout_s, self._stopping, forbidden)
            except RuntimeError as exc:  # CTranslate2 reports its failures as RuntimeError
                outcome.failed = True
                return self._fallback(case, start, f"model failed: {exc}"), outcome
            summary, steps = outcome.answer = parse(output)
            if late:
                outcome.timed_out = True
                return self._fallback(case, start,
                                      f"no answer within {self.timeout_s:g} s"), outcome
            found = validate.problem(case, summary, steps)
            if found is None:
                return Analysis(summary, steps, CTRANSLATE2, engine.name,
                                time.monotonic() - start, validated=True), outcome
            if found.invented is None or outcome.regenerated >= REGENERATIONS:
                outcome.rejected = True
                return self._fallback(case, start, found.reason), outcome
            forbidden.append(found.invented)
            outcome.regenerated += 1

    def _fallback(self, case: Case, start: float, reason: str) -> Analysis:
        book = playbooks.analyse(case)
        return Analysis(book.text, book.steps, PLAYBOOK, None, time.monotonic() - start,
                        validated=True, rejected=reason)
