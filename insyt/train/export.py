"""ONNX export, int8 quantization, and the check that int8 still agrees.

Dynamic quantization (weights int8, activations quantized per batch at run
time) needs no calibration data and keeps the graph's inputs and outputs
as they are, so the runtime does not care which of the two it loads.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from google.protobuf.message import DecodeError  # type: ignore[import-untyped]
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import PreTrainedModel

from insyt.train.fit import pad

OPSET = 17


def to_onnx(model: PreTrainedModel, path: Path) -> None:
    """Export with the eager attention: the same arithmetic as SDPA, but its
    graph has no NaN guards (``IsNaN``/``Where`` on every score, ~10% of an
    int8 run on two cores).  ``model`` is switched to it for good."""
    model.set_attn_implementation("eager")
    ids, mask = pad([[101, 2000, 102], [101, 102]])
    torch.onnx.export(
        model, (ids, mask), str(path),
        input_names=["input_ids", "attention_mask"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                      "attention_mask": {0: "batch", 1: "sequence"},
                      "logits": {0: "batch"}},
        opset_version=OPSET, dynamo=False,
    )


def drop_nan_guards(source: Path, target: Path) -> int:
    """Copy a model exported with SDPA attention without its NaN guards;
    return how many guards went.

    torch's SDPA export follows each attention softmax with
    ``Where(IsNaN(p), 0, p)``, for rows whose every score is masked.  A line
    always keeps its [CLS] token unmasked, so no row is ever all masked and
    the guard never fires: dropping it (and its ``IsNaN``) changes no output
    and saves its pass over every score.  Works on float and int8 graphs.
    """
    model = onnx.load(str(source))
    nodes = model.graph.node
    made_by = {output: node for node in nodes for output in node.output}
    readers = Counter(name for node in nodes for name in node.input)
    replaced: dict[str, str] = {}
    dropped: set[str] = set()
    for node in nodes:
        if node.op_type != "Where" or len(node.input) != 3:
            continue
        test, value = made_by.get(node.input[0]), made_by.get(node.input[2])
        if (test is not None and test.op_type == "IsNaN" and test.input[0] == node.input[2]
                and readers[test.output[0]] == 1
                and value is not None and value.op_type == "Softmax"):
            replaced[node.output[0]] = node.input[2]
            dropped.update((node.output[0], test.output[0]))
    kept = [node for node in nodes if node.output[0] not in dropped]
    for node in kept:
        for position, name in enumerate(node.input):
            node.input[position] = replaced.get(name, name)
    # The guards' zeros are now read by nobody.  (An initializer that is also
    # a graph input, as in old IR versions, stays: dropping it would make it
    # an input the caller must feed.)
    graph = model.graph
    read = {name for node in kept for name in node.input} | {o.name for o in graph.output}
    kept = [node for node in kept if node.op_type != "Constant" or node.output[0] in read]
    declared = {i.name for i in graph.input}
    unused = [init for init in graph.initializer if init.name not in read | declared]
    for init in unused:
        graph.initializer.remove(init)
    del nodes[:]
    nodes.extend(kept)
    onnx.checker.check_model(model)
    onnx.save(model, str(target))
    return len(replaced)


def quantize(source: Path, target: Path) -> None:
    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True)


def logits(path: Path, ids: Sequence[Sequence[int]], batch: int = 64) -> np.ndarray:
    """The ONNX model's logits for every row of ``ids``, in order (run in
    batches of similar length, so that little of the work is padding)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = np.empty((len(ids), session.get_outputs()[0].shape[-1]), dtype=np.float32)
    for start in range(0, len(order), batch):
        rows = order[start : start + batch]
        input_ids, mask = pad([ids[i] for i in rows])
        out[rows] = session.run(["logits"], {"input_ids": input_ids.numpy(),
                                             "attention_mask": mask.numpy()})[0]
    return out


def agreement(float_path: Path, int8_path: Path, ids: Sequence[Sequence[int]]) -> dict[str, float]:
    """How often the int8 model picks the float model's label, and how far
    their attack scores (1 - P(benign), label 0) drift."""
    a, b = logits(float_path, ids), logits(int8_path, ids)
    pa, pb = _softmax(a), _softmax(b)
    return {
        "lines": float(len(ids)),
        "label_agreement": float((a.argmax(1) == b.argmax(1)).mean()),
        "attack_agreement": float(((pa[:, 0] < 0.5) == (pb[:, 0] < 0.5)).mean()),
        "max_attack_score_drift": float(np.abs(pa[:, 0] - pb[:, 0]).max()),
    }


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    result: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m insyt.train.export drop-nan-guards SOURCE TARGET``."""
    p = argparse.ArgumentParser(prog="python -m insyt.train.export")
    p.add_argument("action", choices=["drop-nan-guards"])
    p.add_argument("source", type=Path, help="an exported model.onnx (float or int8)")
    p.add_argument("target", type=Path, help="where the model without guards goes")
    args = p.parse_args(argv)
    try:
        dropped = drop_nan_guards(args.source, args.target)
    except (OSError, DecodeError, onnx.checker.ValidationError) as exc:
        raise SystemExit(f"{args.source}: not a model this can rewrite: {exc}") from None
    print(f"{args.target}: {dropped} NaN guards dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
