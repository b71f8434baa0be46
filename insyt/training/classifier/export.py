"""ONNX export, int8 quantization, and the check that int8 still agrees.

Dynamic quantization (weights int8, activations quantized per batch at run
time) needs no calibration data and keeps the graph's inputs and outputs
as they are, so the runtime does not care which of the two it loads.  Two
rewrites of an exported graph make it cheaper without changing what it
computes: :func:`cls_only` (every export) and :func:`drop_nan_guards` (for
models exported with SDPA attention, as the shipped one was).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from google.protobuf.message import DecodeError  # type: ignore[import-untyped]
from onnx import helper, numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import PreTrainedModel

from insyt.training.classifier.fit import pad

OPSET = 17


def to_onnx(model: PreTrainedModel, path: Path) -> None:
    """Export with the eager attention: the same arithmetic as SDPA, but its
    graph has no NaN guards (``IsNaN``/``Where`` on every score, ~10% of an
    int8 run on two cores).  ``model`` is switched to it for good.  The last
    layer is then cut to the [CLS] position (:func:`cls_only`)."""
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
    cls_only(path, path)


_LAYER = re.compile(r"/distilbert/transformer/layer\.(\d+)/")


def cls_only(source: Path, target: Path) -> bool:
    """Copy a model whose last layer computes the [CLS] position alone;
    False when it already did (the copy is then unchanged).

    The classifier reads the last layer's output at [CLS] and nothing else,
    yet the exported graph computes that layer for every token.  Here the
    layer's queries, its residual input and its attention mask are cut to
    the first position, while keys and values still cover the whole line: the
    [CLS] row is computed as before, and the layer's attention, output
    projection, feed-forward network and norms run on one row per line
    instead of one per token.  In an int8 graph the activations those
    projections quantize now span the [CLS] rows only, so their scales (and
    the last digits of the logits) change a little.  Works on float and
    int8 graphs of a DistilBERT exported by torch (eager or SDPA).
    """
    model = onnx.load(str(source))
    graph = model.graph
    nodes = list(graph.node)
    layers = {int(m.group(1)) for node in nodes if (m := _LAYER.match(node.name))}
    if not layers:
        raise ValueError("no DistilBERT layer in the graph")
    layer = f"/distilbert/transformer/layer.{max(layers)}/"
    made_by = {output: node for node in nodes for output in node.output}
    readers: dict[str, list[onnx.NodeProto]] = defaultdict(list)
    for node in nodes:
        for name in node.input:
            readers[name].append(node)
    named = {node.name: node for node in nodes}
    residual, q_bias = named.get(layer + "Add"), named.get(layer + "attention/q_lin/Add")
    softmax = [n for n in nodes if n.name.startswith(layer) and n.op_type == "Softmax"]
    if residual is None or q_bias is None or len(softmax) != 1:
        raise ValueError(f"{layer} is not a DistilBERT layer as torch exports it")
    hidden = next((name for name in residual.input
                   if name not in made_by or not made_by[name].name.startswith(layer)), None)
    if hidden is None:
        raise ValueError(f"{layer}'s residual input is not where torch exports it")
    if hidden in made_by and made_by[hidden].op_type == "Slice":
        onnx.save(model, str(target))
        return False
    q_reshape = _only(readers[q_bias.output[0]], "Reshape", "the query's reshape")
    merge = _merge_reshape(nodes, made_by, layer)
    scores = made_by[softmax[0].input[0]]  # Add(scores, mask) when there is a mask
    downstream = _downstream(q_reshape.output[0], readers)
    mask = [n for n in scores.input if n not in downstream] if scores.op_type == "Add" else []

    constants = {"start": [0], "end": [1], "rows": [1], "queries": [2], "merged": [0, 0, -1]}
    graph.initializer.extend(numpy_helper.from_array(np.array(value, np.int64), f"cls_only/{key}")
                             for key, value in constants.items())
    cuts = [(q_reshape.output[0], "rows", readers[q_reshape.output[0]]),
            (hidden, "rows", [residual])] + [(name, "queries", [scores]) for name in mask]
    after: dict[str, onnx.NodeProto] = {}
    for name, axis, consumers in cuts:
        cut = f"{name}/cls_only"
        after[name] = helper.make_node(
            "Slice", [name, "cls_only/start", "cls_only/end", f"cls_only/{axis}"], [cut],
            name=cut)
        for node in consumers:
            node.input[:] = [cut if i == name else i for i in node.input]
    merge.input[1] = "cls_only/merged"  # (batch, 1, heads, size) -> (batch, 1, dim)
    ordered = [after[name] for name in after if name not in made_by]  # graph inputs first
    for node in nodes:
        ordered.append(node)
        ordered += [after[name] for name in node.output if name in after]
    del graph.node[:]
    graph.node.extend(ordered)
    del graph.value_info[:]  # shapes recorded for the whole line no longer hold
    onnx.checker.check_model(model)
    onnx.save(model, str(target))
    return True


def _only(nodes: list[onnx.NodeProto], op_type: str, what: str) -> onnx.NodeProto:
    found = [node for node in nodes if node.op_type == op_type]
    if len(found) != 1:
        raise ValueError(f"{what} is not where torch exports it")
    return found[0]


def _merge_reshape(nodes: list[onnx.NodeProto], made_by: dict[str, onnx.NodeProto],
                   layer: str) -> onnx.NodeProto:
    """The Reshape that joins the heads before the output projection (an int8
    graph quantizes its output first).  Its new shape, [0, 0, -1], copies two
    dimensions, which a Reshape with ``allowzero`` set would not do."""
    projection = [n for n in nodes if n.name.startswith(layer + "attention/out_lin/")
                  and n.op_type in ("MatMul", "MatMulInteger")]
    if len(projection) != 1:
        raise ValueError("the output projection is not where torch exports it")
    node = made_by.get(projection[0].input[0])
    if node is not None and node.op_type == "DynamicQuantizeLinear":
        node = made_by.get(node.input[0])
    if (node is None or node.op_type != "Reshape"
            or any(a.name == "allowzero" and a.i for a in node.attribute)):
        raise ValueError("the heads' merge is not where torch exports it")
    return node


def _downstream(start: str, readers: dict[str, list[onnx.NodeProto]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for node in readers[todo.pop()]:
            for name in node.output:
                if name not in seen:
                    seen.add(name)
                    todo.append(name)
    return seen


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
    """``python -m insyt.training.classifier.export {cls-only,drop-nan-guards} SOURCE TARGET``."""
    p = argparse.ArgumentParser(prog="python -m insyt.training.classifier.export")
    p.add_argument("action", choices=["cls-only", "drop-nan-guards"])
    p.add_argument("source", type=Path, help="an exported model.onnx (float or int8)")
    p.add_argument("target", type=Path, help="where the rewritten model goes")
    args = p.parse_args(argv)
    try:
        if args.action == "cls-only":
            done = ("last layer cut to [CLS]" if cls_only(args.source, args.target)
                    else "last layer already on [CLS] alone")
        else:
            done = f"{drop_nan_guards(args.source, args.target)} NaN guards dropped"
    except (OSError, DecodeError, ValueError, onnx.checker.ValidationError) as exc:
        raise SystemExit(f"{args.source}: not a model this can rewrite: {exc}") from None
    print(f"{args.target}: {done}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
