"""SQLite storage: the schema (peewee models), batched commits, retention.

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

import peewee

from insyt.config import StorageConfig
from insyt.intake import Chunk
from insyt.record import Record

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1

database = peewee.SqliteDatabase(None)


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Event(BaseModel):
    """One accepted log line; columns in :class:`insyt.record.Record` order."""

    id = peewee.AutoField()
    received = peewee.FloatField()
    transport = peewee.TextField()
    peer = peewee.TextField()
    facility = peewee.SmallIntegerField(null=True)
    severity = peewee.SmallIntegerField(null=True)
    timestamp = peewee.FloatField(null=True)
    host = peewee.TextField(null=True)
    app = peewee.TextField(null=True)
    procid = peewee.TextField(null=True)
    msgid = peewee.TextField(null=True)
    structured_data = peewee.TextField(null=True)
    message = peewee.TextField()
    raw_bytes = peewee.BlobField(column_name="raw")  # Model.raw() is peewee's raw SQL
    flags = peewee.SmallIntegerField()

    class Meta:
        indexes = (
            (("received",), False),
            (("host", "received"), False),
            (("app", "received"), False),
        )


class Checkpoint(BaseModel):
    """Where a pull source resumes (journal cursor, file inode and offset)."""

    source = peewee.TextField(primary_key=True)
    position = peewee.TextField()


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
        version = database.pragma("user_version")
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"{self.path} has schema version {version}; this insyt knows up to "
                f"{SCHEMA_VERSION}: upgrade insyt or use another storage.path"
            )
        with database.atomic():
            database.create_tables([Event, Checkpoint])
            database.pragma("user_version", SCHEMA_VERSION)

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

