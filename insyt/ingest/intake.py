"""The bounded queue between the inputs and the storage writer.

Bounded in *records*, counted until they are committed, so the memory held
by accepted-but-unstored lines never exceeds ``storage.queue_size`` (plus at
most one read per TCP connection, see :meth:`Intake.push`).  Each input picks
the overflow behaviour its transport allows:

- UDP cannot push back on a sender, so :meth:`offer` refuses and the
  listener counts a drop;
- TCP can: :meth:`push` always keeps what was already read (it left the
  sender's queue) and tells the connection to pause reading, resuming via
  :meth:`when_space` once the writer has caught up (uvicorn's high/low water
  marks);
- pull sources (journald, files) simply ``await`` :meth:`put`.

A chunk may carry a checkpoint (a source's read position) that the writer
commits in the same transaction as the chunk's records, so a restart neither
loses nor repeats lines.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from insyt.ingest.stats import InputStats
from insyt.record import Record

Checkpoint = tuple[str, str]  # (source key, opaque position text)


@dataclass(slots=True)
class Chunk:
    stats: InputStats
    records: list[Record]
    checkpoint: Checkpoint | None = None


class Intake:
    def __init__(self, capacity: int, batch_size: int, max_delay_s: float) -> None:
        self.capacity = capacity
        self.batch_size = batch_size
        self.max_delay_s = max_delay_s
        self._low_water = capacity // 2
        self._chunks: deque[Chunk] = deque()
        self._queued = 0  # records in _chunks
        self._pending = 0  # records accepted and not yet committed
        self._has_data = asyncio.Event()
        self._full_batch = asyncio.Event()
        self._space = asyncio.Event()
        self._space.set()
        self._resume: list[Callable[[], None]] = []
        self._closed = False
        self._appended = 0  # chunks ever queued
        self._done = 0  # chunks ever committed
        self._flushes: list[tuple[int, asyncio.Future[None]]] = []

    @property
    def depth(self) -> int:
        """Records accepted and not yet committed."""
        return self._pending

    @property
    def full(self) -> bool:
        return self._pending >= self.capacity

    def offer(self, chunk: Chunk) -> bool:
        """Queue the chunk only if it fits; the caller counts a refusal as dropped."""
        if self._pending + len(chunk.records) > self.capacity:
            return False
        self._append(chunk)
        return True

    def push(self, chunk: Chunk) -> bool:
        """Always queue; return False when the caller should stop reading."""
        self._append(chunk)
        return self._pending < self.capacity

    async def put(self, chunk: Chunk) -> None:
        """Queue once there is room, waiting for the writer if need be."""
        while self._pending >= self.capacity:
            await self._space.wait()
        self._append(chunk)

    def when_space(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once, after the queue has drained to its low-water mark."""
        self._resume.append(callback)

    def _append(self, chunk: Chunk) -> None:
        n = len(chunk.records)
        if not n and chunk.checkpoint is None:
            return
        self._chunks.append(chunk)
        self._appended += 1
        self._queued += n
        self._pending += n
        self._has_data.set()
        if self._queued >= self.batch_size:
            self._full_batch.set()
        if self._pending >= self.capacity:
            self._space.clear()

    async def take(self) -> list[Chunk]:
        """Wait for a batch (``batch_size`` records, or whatever came within
        ``max_delay_s`` of the first one); empty only once closed and drained."""
        while not self._chunks:
            if self._closed:
                return []
            self._has_data.clear()
            await self._has_data.wait()
        if self._queued < self.batch_size and not self._closed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._full_batch.wait(), self.max_delay_s)
        batch: list[Chunk] = []
        taken = 0
        while self._chunks and taken < self.batch_size:
            chunk = self._chunks.popleft()
            batch.append(chunk)
            taken += len(chunk.records)
        self._queued -= taken
        if self._queued < self.batch_size:
            self._full_batch.clear()
        return batch

    async def flush(self) -> None:
        """Wait until every chunk queued before this call has been committed
        (a restarted source must read checkpoints its predecessor wrote)."""
        if self._done < self._appended:
            future = asyncio.get_running_loop().create_future()
            self._flushes.append((self._appended, future))
            await future

    def committed(self, chunks: list[Chunk]) -> None:
        """The writer committed these chunks: make room, wake paused inputs."""
        self._done += len(chunks)
        if self._flushes:
            waiting = []
            for target, future in self._flushes:
                if target > self._done:
                    waiting.append((target, future))
                elif not future.done():
                    future.set_result(None)
            self._flushes = waiting
        self._pending -= sum(len(chunk.records) for chunk in chunks)
        if self._pending <= self._low_water or (self._pending < self.capacity and self._closed):
            self._space.set()
            resume, self._resume = self._resume, []
            for callback in resume:
                callback()

    def close(self) -> None:
        """No more input: :meth:`take` hands out what is left, then returns []."""
        self._closed = True
        self._has_data.set()
        self._full_batch.set()
