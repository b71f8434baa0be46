"""Verdicts remembered by model input, so a repetitive stream rarely reaches the model.

Syslog is mostly a few hundred templates filled with changing numbers: pids,
ports, counters, timestamps, addresses, session ids.  The model reads lines
through :func:`insyt.detect.modelinput.normalize`, which masks exactly those, so the
normalized text is the key: the second ``sshd[4711]: Failed password for root
from 203.0.113.9 port 52144 ssh2`` costs a dictionary lookup instead of a
model run, and the cache is exact (two lines with one key are one input to
the model, hence one answer) rather than a guess that numbers do not matter.

Keys longer than :data:`MAX_KEY_CHARS` are replaced by a 128-bit digest, so a
full cache stays within a few tens of MB whatever lines an attacker sends.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from insyt.detect.verdict import Verdict

DEFAULT_SIZE = 65_536  # entries
MAX_KEY_CHARS = 256  # typical normalized lines are shorter; longer ones go by digest


def cache_key(normalized: str) -> str:
    if len(normalized) <= MAX_KEY_CHARS:
        return normalized
    data = normalized.encode("utf-8", "surrogatepass")
    return "#" + hashlib.blake2b(data, digest_size=16).hexdigest()


class VerdictCache:
    """A bounded LRU map from cache key to verdict, safe to share between executor threads.

    ``hits`` counts lines answered without the model, repeats of a key within
    one batch included; ``misses`` counts the lines the model had to read.
    """

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size < 0:
            raise ValueError(f"cache size must be >= 0, got {size}")
        self.size = size
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[str, Verdict] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def resolve(self, keys: Sequence[str]) -> tuple[list[Verdict | None], dict[str, list[int]]]:
        """Known verdicts by position, and the positions of each key the model must read.

        A key that repeats within ``keys`` is listed once with all its
        positions, so the model reads it once.
        """
        found: list[Verdict | None] = [None] * len(keys)
        pending: dict[str, list[int]] = {}
        hits = 0
        entries = self._entries
        with self._lock:
            for position, key in enumerate(keys):
                verdict = entries.get(key)
                if verdict is not None:
                    entries.move_to_end(key)
                    found[position] = verdict
                    hits += 1
                    continue
                positions = pending.get(key)
                if positions is None:
                    pending[key] = [position]
                else:
                    positions.append(position)
                    hits += 1
            self.hits += hits
            self.misses += len(pending)
        return found, pending

    def store(self, items: Iterable[tuple[str, Verdict]]) -> None:
        if not self.size:
            return
        entries = self._entries
        with self._lock:
            for key, verdict in items:
                entries[key] = verdict
                entries.move_to_end(key)
            while len(entries) > self.size:
                entries.popitem(last=False)
