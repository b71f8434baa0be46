"""An analysis and the one text format it has on the wire to and from a model.

A model is trained to write, and the parser reads back::

    <one or two sentences>
    Steps:
    1. <step>
    2. <step>

The stored and published form is :meth:`Analysis.as_dict`, a JSON object
with ``text``, ``steps``, ``engine``, ``model``, ``seconds``, ``validated``
and, when a model's answer was turned down, ``rejected`` (why).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

STEPS_HEADER = "Steps:"
MAX_STEPS = 6
_STEP = re.compile(r"\s*[0-9]{1,2}[.)]\s+(?P<s>\S.*)")
# C0/C1 controls and ANSI escapes: a model echoes whatever a line held.
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")

PLAYBOOK = "playbook"
CTRANSLATE2 = "ctranslate2"


@dataclass(frozen=True)
class Analysis:
    text: str
    steps: tuple[str, ...]
    engine: str  # PLAYBOOK or CTRANSLATE2
    model: str | None  # the model's name; None for a playbook
    seconds: float
    validated: bool  # a model answer that passed the grounding checks, or a playbook
    rejected: str | None = None  # why a model answer was turned down

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "steps": list(self.steps), "engine": self.engine,
                             "model": self.model, "seconds": round(self.seconds, 3),
                             "validated": self.validated}
        if self.rejected is not None:
            d["rejected"] = self.rejected
        return d


def render(text: str, steps: tuple[str, ...] | list[str]) -> str:
    numbered = "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))
    return f"{text}\n{STEPS_HEADER}\n{numbered}"


def clean(text: str) -> str:
    """Without control characters and ANSI escapes, white space collapsed."""
    return " ".join(_CONTROL.sub(" ", text).split())


def parse(output: str) -> tuple[str, tuple[str, ...]]:
    """Summary and steps of a model's output; ('', ()) parts when missing."""
    output = _CONTROL.sub("", output.replace("\r", ""))
    head, sep, tail = output.partition(STEPS_HEADER)
    text = " ".join(head.split())
    steps: list[str] = []
    for line in tail.splitlines() if sep else ():
        m = _STEP.match(line)
        if m is None:
            if line.strip():
                break  # prose after the list: the answer has wandered off
            continue
        steps.append(" ".join(m["s"].split()))
        if len(steps) == MAX_STEPS:
            break
    return text, tuple(steps)
