"""Detection runtime: what the model reads of a line, and the classifier that reads it."""

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
