"""Which lines go through the model together.

A padded batch costs in proportion to its row count times its longest row, so
one 64-token line among 63 ten-token lines would make the batch six times as
expensive as needed.  Sorting by token count and cutting where either the row
count or the padded size would exceed its bound keeps padding small and
bounds the work (hence the latency) of each model run.
"""

from __future__ import annotations

from collections.abc import Sequence


def plan_batches(lengths: Sequence[int], max_batch: int, max_tokens: int) -> list[list[int]]:
    """Indices into ``lengths``, grouped into batches, shortest lines first.

    A batch holds at most ``max_batch`` lines and at most ``max_tokens``
    padded tokens (rows times its longest row), except that a single line
    longer than ``max_tokens`` still gets a batch of its own.
    """
    if max_batch < 1 or max_tokens < 1:
        raise ValueError("max_batch and max_tokens must be at least 1")
    batches: list[list[int]] = []
    current: list[int] = []
    for index in sorted(range(len(lengths)), key=lengths.__getitem__):
        rows = len(current) + 1
        if current and (rows > max_batch or rows * lengths[index] > max_tokens):
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches
