"""``insyt classify``'s loop: bytes in, one result line out per line in, in order.

Lines go through the same parser and :func:`model_text` as the daemon's, so
the command answers what the daemon would.  Work is done in chunks, so a
large file never sits in memory, and output is flushed per chunk, so a
pipeline downstream sees results while a slow input is still arriving.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from insyt.detect.classifier import Classifier
from insyt.detect.text import model_text
from insyt.detect.verdict import Verdict
from insyt.ingest.parser import parse

CHUNK_LINES = 512

Formatter = Callable[[str, Verdict], str]


def jsonl(line: str, verdict: Verdict) -> str:
    """One JSON object; json.dumps escapes every control character, so it stays one line."""
    return json.dumps({
        "label": verdict.label,
        "attack": verdict.attack,
        "confidence": verdict.confidence,
        "p_attack": verdict.p_attack,
        "scores": verdict.scores,
        "line": line,
    }, ensure_ascii=False) + "\n"  # fmt: skip


def text(line: str, verdict: Verdict) -> str:
    return f"{verdict.label}\t{verdict.confidence:.4f}\t{line}\n"


FORMATS: dict[str, Formatter] = {"jsonl": jsonl, "text": text}


def lines(source: BinaryIO) -> Iterator[bytes]:
    """LF-terminated lines without their LF and a CR before it (CRLF files)."""
    for raw in source:
        if raw.endswith(b"\n"):
            raw = raw[:-1]
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        yield raw


def chunks(items: Iterable[bytes], size: int = CHUNK_LINES) -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def classify_stream(
    source: BinaryIO, peer: str, classifier: Classifier, formatter: Formatter, out: BinaryIO
) -> int:
    """Classify every line of ``source`` onto ``out``; the number of lines."""
    count = 0
    for chunk in chunks(lines(source)):
        received = time.time()
        texts = [
            model_text(parse(line, received=received, transport="file", peer=peer))
            for line in chunk
        ]
        verdicts = classifier.classify(texts)
        rendered = "".join([
            formatter(line.decode("utf-8", "backslashreplace"), verdict)
            for line, verdict in zip(chunk, verdicts, strict=True)
        ])  # fmt: skip
        out.write(rendered.encode("utf-8"))
        out.flush()
        count += len(chunk)
    return count
