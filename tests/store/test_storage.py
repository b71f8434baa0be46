"""Storage: schema, batch commits with checkpoints, retention by age and size."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from insyt.config import StorageConfig
from insyt.incidents import persistence
from insyt.incidents.tracker import Evidence, Incident, Source
from insyt.ingest.intake import Chunk
from insyt.ingest.stats import InputStats
from insyt.record import Record
from insyt.store.database import Store
from insyt.store.schema import SCHEMA_VERSION, VERDICT_COLUMNS, Event, IncidentRow
from insyt.taxonomy import Severity


def record(i: int, received: float, size: int = 10) -> Record:
    message = f"line {i} " + "x" * size
    return Record(received, "tcp", "127.0.0.1:1", 4, 6, received, "h", "app", "1", None, None,
                  message, message.encode(), 0)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(StorageConfig(path=str(tmp_path / "db" / "insyt.db")))
    s.open()
    yield s
    s.close()


def test_record_fields_are_the_event_columns() -> None:
    columns = [f.column_name for f in Event._meta.sorted_fields if f.name != "id"]
    assert columns == [*Record._fields, *VERDICT_COLUMNS]


def test_schema_1_database_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    with sqlite3.connect(path) as conn:  # the schema insyt 0.1.0 created
        conn.executescript(SCHEMA_1)
        conn.execute("INSERT INTO event (received, transport, peer, message, raw, flags) "
                     "VALUES (1.0, 'udp', 'p', 'old line', x'00', 0)")
        conn.execute("PRAGMA user_version = 1")
    s = Store(StorageConfig(path=str(path)))
    s.open()
    try:
        (row,) = Event.select()
        assert (row.message, row.label, row.classified) == ("old line", None, None)
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
            indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                                  "WHERE type = 'index'")}
        assert {"event_unclassified", "event_detected", "event_host_received"} <= indexes
    finally:
        s.close()


def test_schema_2_incidents_gain_the_analysis_and_admin_columns(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    with sqlite3.connect(path) as conn:  # the incident table insyt 0.3 created
        conn.executescript(SCHEMA_1 + SCHEMA_2_INCIDENT)
        conn.execute("INSERT INTO incident VALUES "
                     "('inc-1', 'webshell', 4, 'open', NULL, 1.0, 2.0, 3, 0.9, '{}')")
        conn.execute("PRAGMA user_version = 2")
    s = Store(StorageConfig(path=str(path)))
    s.open()
    try:
        (row,) = IncidentRow.select()
        assert (row.id, row.event_count, row.analysis, row.acknowledged) == ("inc-1", 3, None, None)
    finally:
        s.close()


def test_tracker_updates_keep_the_analysis_and_the_admin_marks(store: Store) -> None:
    incident = Incident(
        id="inc-1", category="brute_force", severity=Severity.HIGH, mitre=("T1110",),
        source=Source("203.0.113.7", "203.0.113.7", ("h",), ("sshd",), ("root",)),
        first_seen=1.0, last_seen=2.0, event_count=5, confidence=0.9,
        evidence=(Evidence(1, 1.0, "h", "sshd", "Failed password for root"),), state="open")
    persistence.save([incident])
    IncidentRow.update(analysis='{"text": "t"}', acknowledged=5.0).execute()
    persistence.save([replace(incident, event_count=9, state="closed")])
    (row,) = IncidentRow.select()
    assert (row.event_count, row.state) == (9, "closed")
    assert (row.analysis, row.acknowledged) == ('{"text": "t"}', 5.0)
    assert persistence.from_dict(json.loads(row.document)).event_count == 9


SCHEMA_2_INCIDENT = """
CREATE TABLE "incident" ("id" TEXT NOT NULL PRIMARY KEY, "category" TEXT NOT NULL,
  "severity" INTEGER NOT NULL, "state" TEXT NOT NULL, "source_ip" TEXT, "first_seen" REAL NOT NULL,
  "last_seen" REAL NOT NULL, "event_count" INTEGER NOT NULL, "confidence" REAL NOT NULL,
  "document" TEXT NOT NULL);
"""

SCHEMA_1 = """
CREATE TABLE "checkpoint" ("source" TEXT NOT NULL PRIMARY KEY, "position" TEXT NOT NULL);
CREATE TABLE "event" ("id" INTEGER NOT NULL PRIMARY KEY, "received" REAL NOT NULL,
  "transport" TEXT NOT NULL, "peer" TEXT NOT NULL, "facility" INTEGER, "severity" INTEGER,
  "timestamp" REAL, "host" TEXT, "app" TEXT, "procid" TEXT, "msgid" TEXT,
  "structured_data" TEXT, "message" TEXT NOT NULL, "raw" BLOB NOT NULL, "flags" INTEGER NOT NULL);
CREATE INDEX "event_received" ON "event" ("received");
CREATE INDEX "event_host_received" ON "event" ("host", "received");
CREATE INDEX "event_app_received" ON "event" ("app", "received");
"""


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


def test_verdicts_written_back_and_backlog(store: Store) -> None:
    now = time.time()
    store.write([Chunk(InputStats("t"), [record(i, now + i) for i in range(2500)])])
    assert store.backlog() == (2500, now)
    first = store.unclassified(0, 1000)
    assert [u.id for u in first] == list(range(1, 1001))
    assert first[0].message.startswith("line 0 ") and first[0].app == "app"
    store.write_verdicts([(u.id, "brute_force" if u.id % 2 else "benign", 0.9, '{"x":1}', "m1",
                           now) for u in first])
    assert store.backlog() == (1500, now + 1000)
    assert store.unclassified(0, 5)[0].id == 1001
    odd = Event.get_by_id(7)
    assert (odd.label, odd.confidence, odd.scores, odd.model) == ("brute_force", 0.9, '{"x":1}',
                                                                  "m1")
    assert Event.get_by_id(8).label == "benign"
