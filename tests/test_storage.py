"""Storage: schema, batch commits with checkpoints, retention by age and size."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from insyt.config import StorageConfig
from insyt.intake import Chunk
from insyt.record import Record
from insyt.stats import InputStats
from insyt.storage import SCHEMA_VERSION, Event, Store


def record(i: int, received: float, size: int = 10) -> Record:
    message = f"line {i} " + "x" * size
    return Record(received, "tcp", "127.0.0.1:1", 4, 6, received, "h", "app", "1", None, None,
                  message, message.encode(), 0)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(StorageConfig(path=str(tmp_path / "db" / "insyt.db")))
    s.open()
    yield s
    s.close()


def test_record_fields_are_the_event_columns() -> None:
    columns = [f.column_name for f in Event._meta.sorted_fields if f.name != "id"]
    assert columns == list(Record._fields)


def test_write_commits_records_and_checkpoints_together(store: Store) -> None:
    stats = InputStats("test")
    now = time.time()
    chunks = [Chunk(stats, [record(i, now) for i in range(3)], ("file:/x", "a")),
              Chunk(stats, [record(3, now)], ("file:/x", "b"))]
    store.write(chunks)
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM event").fetchone() == (4,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert store.checkpoints() == {"file:/x": "b"}


def test_round_trip_keeps_every_field(store: Store) -> None:
    r = Record(1.5, "udp", "[::1]:9", None, None, None, None, None, None, None,
               '{"a":{"b":"c"}}', "m\\x00", b"m\x00\xff", 6)
    store.write([Chunk(InputStats("t"), [r])])
    (row,) = Event.select()
    attribute = {"raw": "raw_bytes"}  # the model's name for the raw column
    assert Record(*(getattr(row, attribute.get(f, f)) for f in Record._fields)) == r


def test_retention_by_age(store: Store) -> None:
    now = time.time()
    store.config = replace(store.config, retention_days=1)
    stats = InputStats("t")
    store.write([Chunk(stats, [record(i, now - 3 * 86400) for i in range(50)])])
    store.write([Chunk(stats, [record(i, now) for i in range(50, 60)])])
    assert store.enforce_retention(now) == 50
    assert sorted(e.message.split()[1] for e in Event.select()) == sorted(
        str(i) for i in range(50, 60))


def test_retention_by_size_keeps_newest(store: Store) -> None:
    now = time.time()
    store.config = replace(store.config, retention_days=0, max_size_mb=1)
    stats = InputStats("t")
    for batch in range(10):
        store.write([Chunk(stats, [record(batch * 1000 + i, now, size=300) for i in range(1000)])])
    assert store.size_bytes() > 1024 * 1024
    deleted = store.enforce_retention(now)
    assert deleted > 0
    assert store.size_bytes() <= 1024 * 1024
    newest = Event.select().order_by(Event.id.desc()).first()
    assert newest.message.startswith("line 9999 ")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "insyt.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="schema version"):
        Store(StorageConfig(path=str(path))).open()
