"""Detect: stored lines become verdicts, and attack verdicts become detections.

Enters: lines the store holds without a verdict (:class:`.stage.DetectionStage`
reads them in id order, in micro-batches).  What the model reads of a line is
:func:`.text.model_text` with its volatile parts masked (:mod:`.modelinput`);
repeats hit the verdict cache (:mod:`.cache`) and never reach ONNX Runtime
(:mod:`.classifier`, the bundled model's contract in :mod:`.model`).

Leaves: a :class:`.verdict.Verdict` per line, written back to the store, and
each attack verdict at or above its category's alert floor handed to the
incident tracker; the changes it makes go to the alert sink
(:mod:`insyt.alerts.sink`) in the same transaction as the verdicts.
"""

from insyt.detect.cache import VerdictCache, cache_key
from insyt.detect.classifier import Classifier
from insyt.detect.model import DEFAULT_DIR, ModelError, ModelInfo, read_info
from insyt.detect.text import model_text
from insyt.detect.verdict import Verdict

__all__ = [
    "DEFAULT_DIR",
    "Classifier",
    "ModelError",
    "ModelInfo",
    "Verdict",
    "VerdictCache",
    "cache_key",
    "model_text",
    "read_info",
]
