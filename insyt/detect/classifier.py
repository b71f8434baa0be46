"""The line classifier: tokenizer, ONNX Runtime session, cache and micro-batching.

Only ``onnxruntime``, ``tokenizers`` and ``numpy`` at run time: torch and
transformers stay with the trainer, as they would triple the appliance's
memory for no gain at inference.

Per call: bound each text's length, normalize it as the trainer did (volatile
fields masked), look that up in the verdict cache, tokenize only what the
cache does not know (each distinct text once), keep head and tail tokens as
the trainer did, run them in length-bucketed batches, remember the answers.  The
session runs with ``threads`` intra-op threads and no spinning, since the
appliance shares its cores with ingest: a spinning worker would steal the
cycles the parser needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import cast

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from insyt.detect.batching import plan_batches
from insyt.detect.cache import DEFAULT_SIZE, VerdictCache, cache_key
from insyt.detect.model import ModelError, ModelInfo, read_info
from insyt.detect.modelinput import clip, normalize
from insyt.detect.verdict import Verdict, verdicts

DEFAULT_MAX_BATCH = 64  # lines per model run (a micro-batch)
DEFAULT_MAX_TOKENS = 2048  # padded tokens per model run: bounds one run's latency
# BERT's WordPiece turns a word longer than 100 characters into one [UNK], so
# max_length tokens cover at most max_length * (100 + 1 separator) characters
# of ordinary text.  Keeping that much of a line's head and of its tail (clip
# keeps head and tail tokens) bounds the cost of normalizing and tokenizing a
# 64 KiB frame (which grows with the whole line, not with the tokens kept)
# to a few milliseconds; only long runs of whitespace or combining marks,
# which make characters without tokens, could change what the model reads.
CHARS_PER_TOKEN = 101


class Classifier:
    """Labels lines with the bundled model (or the one in ``model_dir``).

    One instance serves the whole daemon and may be called from several
    executor threads at once: the cache takes a lock, and ONNX Runtime
    sessions and tokenizers are safe to share.
    """

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        threads: int = 1,
        max_batch: int = DEFAULT_MAX_BATCH,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        cache_size: int = DEFAULT_SIZE,
    ) -> None:
        if threads < 1 or max_batch < 1 or max_tokens < 1:
            raise ValueError("threads, max_batch and max_tokens must be at least 1")
        self.info: ModelInfo = read_info(model_dir)
        self.labels = self.info.labels
        self.threads = threads
        self.max_batch = max_batch
        self.max_tokens = max_tokens
        self.max_chars = self.info.max_length * CHARS_PER_TOKEN
        self.cache = VerdictCache(cache_size)
        self._tokenizer = _load_tokenizer(self.info)
        self._session = _load_session(self.info, threads)
        self._infer(["warm-up: the first run allocates"])  # and proves the model runs

    def classify(self, texts: Sequence[str]) -> list[Verdict]:
        """One verdict per text, in input order."""
        limit = self.max_chars
        inputs = [
            normalize(text if len(text) <= 2 * limit else f"{text[:limit]} {text[-limit:]}")
            for text in texts
        ]
        found, pending = self.cache.resolve([cache_key(text) for text in inputs])
        if pending:
            inferred = self._infer([inputs[positions[0]] for positions in pending.values()])
            for positions, verdict in zip(pending.values(), inferred, strict=True):
                for position in positions:
                    found[position] = verdict
            self.cache.store(zip(pending, inferred, strict=True))
        return cast(list[Verdict], found)  # every None was filled above

    def _infer(self, texts: list[str]) -> list[Verdict]:
        """Verdicts for normalized texts, straight from the model."""
        try:
            encodings = self._tokenizer.encode_batch_fast(texts)
        except TypeError:  # lone surrogates: escape them as the parser escapes bad bytes
            texts = [
                t.encode("utf-8", "surrogatepass").decode("utf-8", "backslashreplace")
                for t in texts
            ]
            encodings = self._tokenizer.encode_batch_fast(texts)
        max_length = self.info.max_length
        ids = [clip(encoding.ids, max_length) for encoding in encodings]
        lengths = [len(row) for row in ids]
        result: list[Verdict | None] = [None] * len(texts)
        for batch in plan_batches(lengths, self.max_batch, self.max_tokens):
            rows = [lengths[i] for i in batch]
            width = max(rows)
            input_ids = np.zeros((len(batch), width), dtype=np.int64)
            for row, index in enumerate(batch):
                input_ids[row, : rows[row]] = ids[index]
            mask = (np.arange(width) < np.array(rows)[:, None]).astype(np.int64)
            (logits,) = self._session.run(
                ["logits"], {"input_ids": input_ids, "attention_mask": mask}
            )
            found = verdicts(logits, self.labels, self.info.temperature)
            for index, verdict in zip(batch, found, strict=True):
                result[index] = verdict
        return cast(list[Verdict], result)  # plan_batches covers every index


def _load_tokenizer(info: ModelInfo) -> Tokenizer:
    try:
        tokenizer = Tokenizer.from_file(str(info.tokenizer_file))
    except Exception as exc:  # the Rust side raises plain Exception
        raise ModelError(f"{info.tokenizer_file}: {_first_line(exc)}") from None
    tokenizer.no_padding()  # padding is per batch, to the batch's longest line
    tokenizer.no_truncation()  # clip() keeps head and tail, as in training
    return tokenizer


def _load_session(info: ModelInfo, threads: int) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # errors only: its warnings are not the admin's business
    try:
        session = ort.InferenceSession(
            str(info.model_file), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:  # onnxruntime's own exception types are not public API
        raise ModelError(f"{info.model_file}: {_first_line(exc)}") from None
    inputs = {i.name for i in session.get_inputs()}
    outputs = {o.name: o.shape for o in session.get_outputs()}
    if inputs != {"input_ids", "attention_mask"} or "logits" not in outputs:
        raise ModelError(
            f"{info.model_file}: expected inputs input_ids, attention_mask and output logits, "
            f"got inputs {sorted(inputs)} and outputs {sorted(outputs)}"
        )
    width = outputs["logits"][-1]
    if isinstance(width, int) and width != len(info.labels):
        raise ModelError(
            f"{info.model_file}: {width} logits but {len(info.labels)} labels in labels.json"
        )
    return session


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
