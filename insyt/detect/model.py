"""The bundled model's files and the contract they must meet.

The trainer writes, next to the package (``insyt/model/``): ``model.onnx``
(inputs ``input_ids`` and ``attention_mask``, int64 [batch, seq]; output
``logits``, float32 [batch, labels]), ``tokenizer.json`` (HuggingFace
tokenizers), ``labels.json`` (``{"labels": [...], "max_length": N,
"version": "...", "temperature": T, "thresholds": {category: p}}``, labels in
logit order; the last two optional: the calibration chosen on held-out
families, :mod:`insyt.training.classifier.calibrate`) and ``MODEL_CARD.md``.  Everything
is checked when the model loads, so a mismatched model fails at start-up with
the file named, not with wrong labels later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from insyt import taxonomy

# Next to the package, so a checkout and an installed package find it alike.
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "model"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
LABELS_FILE = "labels.json"
REQUIRED = (MODEL_FILE, TOKENIZER_FILE, LABELS_FILE)


class ModelError(Exception):
    """The model directory is missing, incomplete or breaks the contract above."""


@dataclass(frozen=True)
class ModelInfo:
    directory: Path
    labels: tuple[str, ...]
    max_length: int
    version: str
    temperature: float = 1.0  # logits are divided by it before the softmax
    thresholds: dict[str, float] = field(default_factory=dict)  # per category; none: 0.5

    @property
    def model_file(self) -> Path:
        return self.directory / MODEL_FILE

    @property
    def tokenizer_file(self) -> Path:
        return self.directory / TOKENIZER_FILE


def read_info(directory: str | Path | None = None) -> ModelInfo:
    """``directory``'s labels.json, checked, with the presence of the other files."""
    path = DEFAULT_DIR if directory is None else Path(directory)
    if not path.is_dir():
        hint = " (the bundled model is missing)" if directory is None else ""
        raise ModelError(f"no model directory at {path}{hint}")
    missing = [name for name in REQUIRED if not (path / name).is_file()]
    if missing:
        raise ModelError(f"model directory {path} lacks {', '.join(missing)}")
    labels_path = path / LABELS_FILE
    try:
        meta = json.loads(labels_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{labels_path}: {exc}") from None
    labels = meta.get("labels") if isinstance(meta, dict) else None
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ModelError(f"{labels_path}: 'labels' must be a list of category names")
    unknown = [x for x in labels if x not in taxonomy.BY_NAME]
    if unknown:
        raise ModelError(f"{labels_path}: labels not in insyt.taxonomy: {', '.join(unknown)}")
    if taxonomy.BENIGN not in labels or len(set(labels)) != len(labels):
        raise ModelError(f"{labels_path}: labels must include {taxonomy.BENIGN!r}, each once")
    max_length = meta.get("max_length")
    if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 2:
        raise ModelError(f"{labels_path}: 'max_length' must be an integer >= 2")
    temperature = meta.get("temperature", 1.0)
    if not isinstance(temperature, int | float) or isinstance(temperature, bool) \
            or not 0.05 <= temperature <= 20:
        raise ModelError(f"{labels_path}: 'temperature' must be a number within [0.05, 20]")
    thresholds = meta.get("thresholds", {})
    if not isinstance(thresholds, dict) or not all(
            name in labels and name != taxonomy.BENIGN and isinstance(p, int | float)
            and not isinstance(p, bool) and 0 <= p <= 1 for name, p in thresholds.items()):
        raise ModelError(f"{labels_path}: 'thresholds' must map attack labels to 0..1")
    return ModelInfo(path, tuple(labels), max_length, str(meta.get("version", "unknown")),
                     float(temperature), {k: float(v) for k, v in thresholds.items()})
