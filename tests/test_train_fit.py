"""The trainer on a tiny DistilBERT: labels alone, distillation, the export's clean-up.

Real torch and transformers (the `train` extra, which `make test` installs);
the model is a 32-wide single layer so that a run takes a second.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import pytest
import torch
from tokenizers import Tokenizer
from transformers import DistilBertConfig, DistilBertForSequenceClassification

from insyt import taxonomy
from insyt.train import cli, export, fit, init

IDS = [[101, 2000 + i, 2100 + i, 102] for i in range(8)]
LABELS = [i % 2 for i in range(8)]  # 0 and 1 alternate


def tiny() -> DistilBertForSequenceClassification:
    torch.manual_seed(0)
    config = DistilBertConfig(vocab_size=3000, dim=32, n_heads=2, hidden_dim=64, n_layers=1,
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


# The legacy TorchScript exporter, as `insyt train` uses it, warns of its own future.
@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::torch.jit.TracerWarning")
def test_dropping_the_nan_guards_of_an_sdpa_export_changes_no_output(tmp_path: Path) -> None:
    model = tiny().eval()
    model.set_attn_implementation("sdpa")
    ids, mask = fit.pad([[101, 7, 8, 9, 102], [101, 5, 102], [101, 102]])
    sdpa, plain = tmp_path / "sdpa.onnx", tmp_path / "plain.onnx"
    axes = {0: "batch", 1: "sequence"}
    torch.onnx.export(model, (ids, mask), str(sdpa), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], dynamo=False, opset_version=export.OPSET,
                      dynamic_axes={"input_ids": axes, "attention_mask": axes})
    assert export.drop_nan_guards(sdpa, plain) == 1  # one per layer
    graph = onnx.load(str(plain)).graph
    assert not [n for n in graph.node if n.op_type == "IsNaN"]
    read = {name for n in graph.node for name in n.input}
    assert all(n.output[0] in read for n in graph.node if n.op_type == "Constant")
    assert all(init.name in read for init in graph.initializer)
    rows = [[101, 7, 8, 9, 102], [101, 5, 102], [101, 102]] * 3
    assert np.array_equal(export.logits(sdpa, rows), export.logits(plain, rows))
    assert export.drop_nan_guards(plain, tmp_path / "again.onnx") == 0


def test_drop_nan_guards_refuses_what_is_not_a_model(tmp_path: Path) -> None:
    garbage = tmp_path / "model.onnx"
    garbage.write_bytes(b"\x00\xffnot protobuf" * 100)
    for source in (garbage, tmp_path / "absent.onnx"):
        with pytest.raises(SystemExit, match="not a model this can rewrite"):
            export.main(["drop-nan-guards", str(source), str(tmp_path / "out.onnx")])
    assert not (tmp_path / "out.onnx").exists()
