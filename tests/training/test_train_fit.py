"""The trainer on a tiny DistilBERT: labels alone, distillation, the export's rewrites.

Real torch and transformers (the `train` extra, which `make test` installs);
the model is 32 wide with one or two layers, so that a run takes a second.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch
from tokenizers import Tokenizer
from transformers import DistilBertConfig, DistilBertForSequenceClassification

from insyt import taxonomy
from insyt.training.classifier import cli, export, fit, init

IDS = [[101, 2000 + i, 2100 + i, 102] for i in range(8)]
LABELS = [i % 2 for i in range(8)]  # 0 and 1 alternate


def tiny(layers: int = 1) -> DistilBertForSequenceClassification:
    torch.manual_seed(0)
    config = DistilBertConfig(vocab_size=3000, dim=32, n_heads=2, hidden_dim=64, n_layers=layers,
                              max_position_embeddings=16, num_labels=2)
    return DistilBertForSequenceClassification(config)


def predictions(model: DistilBertForSequenceClassification) -> list[int]:
    ids, mask = fit.pad(IDS)
    with torch.no_grad():
        result: list[int] = model(input_ids=ids, attention_mask=mask).logits.argmax(1).tolist()
    return result


def run(teacher: torch.Tensor | None, weight: float) -> list[int]:
    model = tiny()
    fit.train(model, IDS, LABELS, steps=60, batch_size=4, lr=3e-3, seed=1, num_labels=2,
              teacher=teacher, distill_weight=weight, eval_every=60)
    return predictions(model)


def test_without_a_teacher_the_model_learns_the_labels() -> None:
    assert run(None, 0.5) == LABELS


def test_a_student_follows_its_teacher_where_the_teacher_weighs_all() -> None:
    flipped = [1 - y for y in LABELS]
    teacher = torch.tensor([[-4.0, 4.0] if y else [4.0, -4.0] for y in flipped])
    assert run(teacher, 1.0) == flipped
    assert run(teacher, 0.0) == LABELS  # weight 0: the teacher is ignored


def test_a_teacher_with_other_labels_or_another_tokenizer_is_refused(tmp_path: Path) -> None:
    labels = list(taxonomy.NAMES)
    tokenizer = Tokenizer.from_file(str(init.pretrained_dir() / "tokenizer.json"))
    with pytest.raises(SystemExit, match="no model directory"):
        cli.teacher_model(tmp_path / "absent", labels, tokenizer)
    tokenizer.save(str(tmp_path / "tokenizer.json"))
    (tmp_path / "model.onnx").write_bytes(b"")  # read_info checks presence; nothing runs it
    (tmp_path / "labels.json").write_text(json.dumps({"labels": labels[::-1], "max_length": 64}))
    with pytest.raises(SystemExit, match="labels"):
        cli.teacher_model(tmp_path, labels, tokenizer)
    (tmp_path / "labels.json").write_text(json.dumps({"labels": labels, "max_length": 64}))
    other = Tokenizer.from_str(tokenizer.to_str())
    other.add_tokens(["insyt-only-token"])
    with pytest.raises(SystemExit, match="tokenizer"):
        cli.teacher_model(tmp_path, labels, other)
    assert cli.teacher_model(tmp_path, labels, tokenizer).labels == tuple(labels)


ROWS = [[101, 7, 8, 9, 102], [101, 5, 102], [101, 102], [101, 9, 9, 9, 9, 9, 102]] * 3
LAST = "/distilbert/transformer/layer.1/"


def sdpa_export(model: DistilBertForSequenceClassification, path: Path) -> None:
    model.set_attn_implementation("sdpa")
    ids, mask = fit.pad(ROWS[:3])
    axes = {0: "batch", 1: "sequence"}
    torch.onnx.export(model, (ids, mask), str(path), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], dynamo=False, opset_version=export.OPSET,
                      dynamic_axes={"input_ids": axes, "attention_mask": axes})


def last_ffn_rows(path: Path, tmp_path: Path) -> int:
    """How many positions per line the last layer's feed-forward network
    computes, read from the graph run with that tensor as an extra output."""
    model = onnx.load(str(path))
    inner = next(o for n in model.graph.node if n.name.startswith(LAST + "ffn/lin1/")
                 and n.op_type == "Add" for o in n.output)
    model.graph.output.append(onnx.helper.make_empty_tensor_value_info(inner))
    probe = tmp_path / "probe.onnx"
    onnx.save(model, str(probe))
    session = ort.InferenceSession(str(probe), providers=["CPUExecutionProvider"])
    ids, mask = fit.pad(ROWS)
    out = session.run([inner], {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0]
    rows: int = out.shape[1]
    return rows


def torch_logits(model: DistilBertForSequenceClassification) -> np.ndarray:
    with torch.no_grad():
        return np.concatenate([model(input_ids=i, attention_mask=m).logits.numpy()
                               for i, m in (fit.pad([row]) for row in ROWS)])


# The legacy TorchScript exporter, as `insyt train` uses it, warns of its own future, and
# of negative indices in the attention mask's index arithmetic (there are none: it indexes
# with ranges from 0).
exporter_warnings = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning", "ignore::torch.jit.TracerWarning",
    "ignore:Exporting aten..index operator:UserWarning")


@exporter_warnings
def test_the_export_computes_the_last_layer_for_cls_alone_and_the_same_logits(
        tmp_path: Path) -> None:
    model = tiny(layers=2).eval()
    expected = torch_logits(model)
    path = tmp_path / "model.onnx"
    export.to_onnx(model, path)
    assert last_ffn_rows(path, tmp_path) == 1
    assert np.allclose(export.logits(path, ROWS), expected, atol=1e-5)
    full = tmp_path / "full.onnx"  # the same model exported by torch alone, uncut
    sdpa_export(model, full)
    assert last_ffn_rows(full, tmp_path) == max(len(r) for r in ROWS)
    int8 = tmp_path / "int8.onnx"
    export.quantize(path, int8)
    assert export.agreement(path, int8, ROWS)["label_agreement"] == 1.0
    assert not export.cls_only(path, tmp_path / "again.onnx")  # nothing left to cut
    assert np.array_equal(export.logits(tmp_path / "again.onnx", ROWS), export.logits(path, ROWS))


@exporter_warnings
def test_an_int8_sdpa_model_is_cut_as_the_shipped_one_was(tmp_path: Path) -> None:
    model = tiny(layers=2).eval()
    sdpa, plain, int8, cut = (tmp_path / f"{n}.onnx" for n in ("sdpa", "plain", "int8", "cut"))
    sdpa_export(model, sdpa)
    export.drop_nan_guards(sdpa, plain)
    export.quantize(plain, int8)
    assert export.main(["cls-only", str(int8), str(cut)]) == 0
    assert last_ffn_rows(cut, tmp_path) == 1
    full, fast = export.logits(int8, ROWS), export.logits(cut, ROWS)
    assert np.array_equal(full.argmax(1), fast.argmax(1))
    assert np.abs(full - fast).max() < 0.05  # int8 scales now span [CLS] rows only
    assert np.abs(fast - torch_logits(model)).max() < 0.05


@exporter_warnings
def test_dropping_the_nan_guards_of_an_sdpa_export_changes_no_output(tmp_path: Path) -> None:
    sdpa, plain = tmp_path / "sdpa.onnx", tmp_path / "plain.onnx"
    sdpa_export(tiny().eval(), sdpa)
    assert export.drop_nan_guards(sdpa, plain) == 1  # one per layer
    graph = onnx.load(str(plain)).graph
    assert not [n for n in graph.node if n.op_type == "IsNaN"]
    read = {name for n in graph.node for name in n.input}
    assert all(n.output[0] in read for n in graph.node if n.op_type == "Constant")
    assert all(init.name in read for init in graph.initializer)
    assert np.array_equal(export.logits(sdpa, ROWS), export.logits(plain, ROWS))
    assert export.drop_nan_guards(plain, tmp_path / "again.onnx") == 0


@pytest.mark.parametrize("action", ["cls-only", "drop-nan-guards"])
def test_a_rewrite_refuses_what_is_not_a_model_it_knows(tmp_path: Path, action: str) -> None:
    garbage = tmp_path / "model.onnx"
    garbage.write_bytes(b"\x00\xffnot protobuf" * 100)
    sources = [garbage, tmp_path / "absent.onnx"]
    if action == "cls-only":  # a valid ONNX model, but no DistilBERT in it
        other = tmp_path / "identity.onnx"
        value = onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])
        onnx.save(onnx.helper.make_model(onnx.helper.make_graph(
            [onnx.helper.make_node("Identity", ["x"], ["y"])], "g", [value],
            [onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1])])), str(other))
        sources.append(other)
    for source in sources:
        with pytest.raises(SystemExit, match="not a model this can rewrite"):
            export.main([action, str(source), str(tmp_path / "out.onnx")])
    assert not (tmp_path / "out.onnx").exists()
