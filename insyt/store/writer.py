"""The writer: the one task that moves batches from the intake into SQLite.

SQLite work runs in a single dedicated thread (the write connection lives
there), so commits never block the event loop and never race each other;
retention runs in the same thread between batches.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from insyt.ingest.intake import Chunk, Intake
from insyt.store.database import Store

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_MAX_S = 5.0  # back-off ceiling while SQLite refuses a batch
CLOSING_ATTEMPTS = 5  # a failing disk must not hold shutdown forever


class Writer:
    def __init__(self, intake: Intake, store: Store) -> None:
        self.intake = intake
        self.store = store
        self.commits = 0
        self.on_commit: list[Callable[[], None]] = []  # called after each committed batch
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="sqlite")
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def open(self) -> None:
        await self.in_db(self.store.open)
        self._task = asyncio.create_task(self._loop(), name="writer")

    async def close(self) -> None:
        """Commit everything still queued, then close the database."""
        self._closing = True
        self.intake.close()
        if self._task is not None:
            await self._task
        await self.in_db(self.store.close)
        self._executor.shutdown()

    async def in_db(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn`` in the SQLite thread."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def _loop(self) -> None:
        while chunks := await self.intake.take():
            if await self._write(chunks):
                for chunk in chunks:
                    chunk.stats.stored += len(chunk.records)
                self.commits += 1
                for callback in self.on_commit:
                    callback()
            self.intake.committed(chunks)

    async def _write(self, chunks: list[Chunk]) -> bool:
        """Commit a batch, retrying while SQLite refuses (disk full, locked):
        the intake stays full meanwhile, so TCP pauses and UDP drops."""
        delay, attempts = 0.1, 0
        while True:
            try:
                await self.in_db(self.store.write, chunks)
                return True
            except Exception as exc:
                attempts += 1
                if self._closing and attempts >= CLOSING_ATTEMPTS:
                    lost = sum(len(c.records) for c in chunks)
                    log.error("giving up on %d lines at shutdown: %s", lost, exc)
                    return False
                log.error("cannot store %d chunks (attempt %d, retrying): %s",
                          len(chunks), attempts, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_S)
