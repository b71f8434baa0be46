"""Which student: int8 speed and CPU training-step time by depth.

Builds DistilBERT classifiers from the first N MiniLM-L6 layers (as ``insyt
train --layers`` does; weights as initialised, speed does not depend on
them), exports and quantizes each like the trainer, and runs them over real
lines of the shared corpora (normalized, clipped, unique, in length-sorted
batches of 64, as the runtime does).  Needs the train extra.

    .venv/bin/python bench/architectures.py
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from corpora import CORPUS
from tokenizers import Tokenizer

from insyt.detect import model_text
from insyt.detect.modelinput import clip, normalize
from insyt.ingest.parser import parse
from insyt.training.classifier import export, fit, init
from insyt.training.corpus import read

DEPTHS = ((0, 1, 2, 3, 4, 5), (0, 1, 2), (0, 1))


def lines() -> list[list[int]]:
    tokenizer = Tokenizer.from_file(str(init.pretrained_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    texts = []
    for name in ("ait", "fail2ban", "loghub"):
        for i, row in enumerate(read(CORPUS / f"{name}.jsonl.gz")):
            if i % 11 == 0:
                record = parse(row.line.encode(), received=0, transport="file", peer="bench")
                texts.append(normalize(model_text(record)))
    unique = list(dict.fromkeys(texts))
    random.Random(0).shuffle(unique)
    return [clip(e.ids, 64) for e in tokenizer.encode_batch(unique[:3000])]


def main() -> None:
    torch.set_num_threads(2)
    ids = lines()
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    batches = [[ids[i] for i in order[s : s + 64]] for s in range(0, len(order), 64)]
    print(f"command: .venv/bin/python bench/architectures.py; {len(ids)} unique lines, "
          f"mean {np.mean([len(i) for i in ids]):.1f} tokens, 2 threads")
    for layers in DEPTHS:
        model = init.build(layers, 13, 128)
        model.train()
        optimizer = torch.optim.AdamW(model.parameters(), 1e-4)
        sample = [ids[i] for i in random.Random(1).sample(range(len(ids)), 32)]
        x, mask = fit.pad(sample)
        started = time.perf_counter()
        for _ in range(4):
            out = model(input_ids=x, attention_mask=mask, labels=torch.zeros(32, dtype=torch.long))
            out.loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        step = (time.perf_counter() - started) / 4
        model.eval()
        with tempfile.TemporaryDirectory() as tmp:
            plain, quantized = Path(tmp) / "f.onnx", Path(tmp) / "q.onnx"
            export.to_onnx(model, plain)
            export.quantize(plain, quantized)
            size = quantized.stat().st_size
            options = ort.SessionOptions()
            options.intra_op_num_threads = 2
            session = ort.InferenceSession(str(quantized), options,
                                           providers=["CPUExecutionProvider"])
            best = 0.0
            for _ in range(2):
                started, n = time.perf_counter(), 0
                for batch in batches:
                    x, mask = fit.pad(batch)
                    feed = {"input_ids": x.numpy(), "attention_mask": mask.numpy()}
                    session.run(["logits"], feed)
                    n += len(batch)
                best = max(best, n / (time.perf_counter() - started))
        print(f"{len(layers)} layers: training step (32 lines) {step * 1000:.0f} ms; "
              f"int8 {best:.0f} unique lines/s; {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
