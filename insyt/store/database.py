"""The write side of SQLite: opening the database, batched commits of lines, retention.

One writer thread owns the write connection; every batch is one
transaction that also records the read positions of the pull sources
(journald cursor, file offsets), so what is committed and where a source
resumes can never disagree after a crash.

The batch insert goes through the peewee connection with SQL generated once
from the model, as multi-row ``INSERT ... VALUES (...), (...)`` statements of
:data:`ROWS_PER_INSERT` rows.  Not peewee's ``insert_many`` (it builds a
parameter list per row, which costs more than the rest of the ingest path
together at 50,000 lines/s), and not ``executemany``: CPython's sqlite3
releases the GIL around every row's step, and with the event loop busy
parsing, each re-acquisition waits out a switch interval, so a writer thread
doing one step per row crawls.  One step per thousand rows does not.

Reading (``/api/status``, later the pages) uses other connections: WAL lets
readers run beside the writer.
"""

from __future__ import annotations

import functools
import itertools
import logging
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import peewee

from insyt.config import StorageConfig
from insyt.ingest.intake import Chunk
from insyt.record import Record
from insyt.store import schema
from insyt.store.schema import Checkpoint, Event, database

log = logging.getLogger(__name__)

ROWS_PER_INSERT = 1000  # x 14 columns: well under SQLite's 32,766 bound parameters


@functools.cache
def insert_events(rows: int) -> str:
    """INSERT of ``rows`` events, built from constants (the Record fields are
    the event columns: a test checks)."""
    values = "(" + ", ".join("?" * len(Record._fields)) + ")"
    return (
        f'INSERT INTO "{Event._meta.table_name}" ({", ".join(Record._fields)}) '  # noqa: S608
        f"VALUES {', '.join([values] * rows)}"
    )

@functools.cache
def update_verdicts(rows: int) -> str:
    """UPDATE ... FROM (VALUES ...) of ``rows`` verdicts (SQLite >= 3.33)."""
    values = ", ".join(["(?, ?, ?, ?, ?, ?)"] * rows)
    return (
        'UPDATE "event" SET "label" = v.column2, "confidence" = v.column3, '  # noqa: S608
        '"scores" = v.column4, "model" = v.column5, "classified" = v.column6 '
        f'FROM (VALUES {values}) AS v WHERE "event"."id" = v.column1'
    )


class Unclassified(NamedTuple):
    id: int
    received: float
    host: str | None
    app: str | None
    message: str
    flags: int
    structured_data: str | None  # where a sender names the client in a field of its own


UPSERT_CHECKPOINT = (
    f'INSERT INTO "{Checkpoint._meta.table_name}" (source, position) VALUES (?, ?) '  # noqa: S608
    "ON CONFLICT(source) DO UPDATE SET position = excluded.position"
)


class Store:
    """The write side of the database; every method runs in the writer thread."""

    def __init__(self, config: StorageConfig) -> None:
        self.config = config
        self.path = Path(config.path)
        self.deleted = 0  # rows removed by retention

    def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        database.init(
            str(self.path),
            pragmas={
                "journal_mode": "wal",
                "synchronous": self.config.synchronous,
                "cache_size": -16_000,  # KiB: keeps resident memory bounded
                "foreign_keys": 1,
                "temp_store": "memory",
            },
            timeout=10,
        )
        database.connect(reuse_if_open=True)
        schema.create_or_migrate(self.path)

    def close(self) -> None:
        if not database.is_closed():
            database.close()

    def write(self, chunks: Sequence[Chunk]) -> None:
        """Commit the chunks' records and checkpoints as one transaction."""
        conn: sqlite3.Connection = database.connection()  # type: ignore[no-untyped-call]
        records = [r for chunk in chunks for r in chunk.records]
        checkpoints = {c.checkpoint[0]: c.checkpoint[1] for c in chunks if c.checkpoint}
        with database.atomic():
            for start in range(0, len(records), ROWS_PER_INSERT):
                rows = records[start : start + ROWS_PER_INSERT]
                conn.execute(insert_events(len(rows)), list(itertools.chain.from_iterable(rows)))
            if checkpoints:
                conn.executemany(UPSERT_CHECKPOINT, checkpoints.items())

    def transaction(self) -> peewee._atomic:
        """One transaction for writes that must land together (nested ones
        become savepoints)."""
        return database.atomic()

    def unclassified(self, after_id: int, limit: int) -> list[Unclassified]:
        """The next lines waiting for a verdict, oldest first (the partial
        index makes this cheap however large the table)."""
        cursor = database.execute_sql(  # type: ignore[no-untyped-call]
            'SELECT "id", "received", "host", "app", "message", "flags", "structured_data" '
            'FROM "event" '
            'WHERE "label" IS NULL AND "id" > ? ORDER BY "id" LIMIT ?', (after_id, limit))
        return [Unclassified(*row) for row in cursor.fetchall()]

    def write_verdicts(self, verdicts: Sequence[tuple[int, str, float, str, str, float]]) -> None:
        """Set (id, label, confidence, scores JSON, model, classified time)
        on their events: one multi-row UPDATE per thousand, one transaction."""
        conn: sqlite3.Connection = database.connection()  # type: ignore[no-untyped-call]
        with database.atomic():
            for start in range(0, len(verdicts), ROWS_PER_INSERT):
                rows = verdicts[start : start + ROWS_PER_INSERT]
                conn.execute(update_verdicts(len(rows)),
                             list(itertools.chain.from_iterable(rows)))

    def backlog(self) -> tuple[int, float | None]:
        """Lines waiting for a verdict, and when the oldest of them arrived."""
        count, oldest = database.execute_sql(  # type: ignore[no-untyped-call]
            'SELECT COUNT(*), MIN("received") FROM "event" WHERE "label" IS NULL').fetchone()
        return int(count), oldest

    def checkpoints(self) -> dict[str, str]:
        return {c.source: c.position for c in Checkpoint.select()}

    def size_bytes(self) -> int:
        """Bytes in use: pages minus the free list (freed pages get reused)."""
        pages: int = database.pragma("page_count")
        free: int = database.pragma("freelist_count")
        size: int = database.pragma("page_size")
        return (pages - free) * size

    def enforce_retention(self, now: float | None = None) -> int:
        """Delete lines older than ``retention_days``, then the oldest lines
        until the database fits ``max_size_mb``; return how many went."""
        now = time.time() if now is None else now
        deleted = 0
        if self.config.retention_days > 0:
            cutoff = now - self.config.retention_days * 86400
            newest_expired = (
                Event.select(peewee.fn.MAX(Event.id)).where(Event.received < cutoff).scalar()
            )
            if newest_expired is not None:
                deleted += self._delete_through(newest_expired)
        limit = self.config.max_size_mb * 1024 * 1024
        while limit and self.size_bytes() > limit:
            # Free a twentieth of the rows per round; freed pages are reused
            # by new lines, so the file stops growing rather than shrinking.
            count = Event.select().count()
            if count == 0:
                break
            cut = Event.select(Event.id).order_by(Event.id).offset(max(count // 20, 1)).scalar()
            deleted += self._delete_through(cut if cut is not None else _max_id())
        if deleted:
            self.deleted += deleted
            log.info("retention removed %d lines", deleted)
        return deleted

    def _delete_through(self, last_id: int) -> int:
        # By id, not by received time: ids grow with arrival, and the
        # primary key range delete needs no index scan.
        with database.atomic():
            return int(Event.delete().where(Event.id <= last_id).execute())


def _max_id() -> int:
    return int(Event.select(peewee.fn.MAX(Event.id)).scalar() or 0)

