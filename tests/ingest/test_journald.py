"""The journald source against real journal files.

Entries are written in journal export format and turned into a real
``.journal`` file by ``systemd-journal-remote`` (a separate process, as
journald itself would be); the source feeds a real Intake whose chunks the
daemon's commit loop writes into a real SQLite Store, and the assertions read
that database back.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import struct
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insyt.config import JournaldConfig, StorageConfig
from insyt.ingest.decode import decode_text
from insyt.ingest.intake import Intake
from insyt.ingest.journald import (
    CHECKPOINT_KEY,
    CHUNK_SIZE,
    JournaldInput,
    entry_record,
)
from insyt.ingest.stats import InputStats
from insyt.record import INVALID_UTF8, NUL_BYTES
from insyt.store.database import Store
from insyt.store.writer import Writer

T = TypeVar("T")
JOURNAL_REMOTE_PATHS = (
    "/lib/systemd/systemd-journal-remote",
    "/usr/lib/systemd/systemd-journal-remote",
)
MACHINE_ID = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def journal_remote() -> str:
    for path in JOURNAL_REMOTE_PATHS:
        if os.access(path, os.X_OK):
            return path
    if os.geteuid() != 0:
        pytest.skip("systemd-journal-remote missing (apt-get install systemd-journal-remote)")
    pytest.fail("systemd-journal-remote missing although running as root: "
                "run scripts/bootstrap test")


# -- writing journal files ---------------------------------------------------------


def export_entry(fields: Mapping[str, str | bytes], realtime_us: int, monotonic_us: int,
                 boot_id: str) -> bytes:
    """One entry in journal export format (systemd's JOURNAL_EXPORT_FORMATS)."""
    out = [f"__REALTIME_TIMESTAMP={realtime_us}\n__MONOTONIC_TIMESTAMP={monotonic_us}\n"
           f"_BOOT_ID={boot_id}\n".encode()]
    for name, value in fields.items():
        data = value.encode() if isinstance(value, str) else value
        if _printable(data):
            out.append(name.encode() + b"=" + data + b"\n")
        else:  # binary-safe form: name, newline, little-endian u64 length, data
            out.append(name.encode() + b"\n" + struct.pack("<Q", len(data)) + data + b"\n")
    out.append(b"\n")
    return b"".join(out)


def _printable(data: bytes) -> bool:
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return False
    return text.isprintable()


class Journal:
    """A journal file that grows as another process appends to it."""

    def __init__(self, path: Path, tool: str) -> None:
        self.path = path
        self.tool = tool
        self.boot_id = uuid.uuid4().hex
        self.monotonic_us = 0

    async def append(self, *entries: Mapping[str, str | bytes]) -> None:
        data = []
        for fields in entries:
            self.monotonic_us += 1000
            data.append(export_entry(fields, time.time_ns() // 1000, self.monotonic_us,
                                     self.boot_id))
        proc = await asyncio.create_subprocess_exec(
            self.tool, f"--output={self.path}", "-",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        out, _ = await proc.communicate(b"".join(data))
        assert proc.returncode == 0, out.decode(errors="replace")
        assert f"writing {len(entries)} entries".encode() in out, out


def line(message: str, **fields: str | bytes) -> dict[str, str | bytes]:
    """An entry as a typical syslog-ish client logs it."""
    return {"MESSAGE": message, "_HOSTNAME": "web1", "SYSLOG_IDENTIFIER": "sshd",
            "SYSLOG_PID": "4242", "PRIORITY": "6", "SYSLOG_FACILITY": "4", **fields}


# -- a real intake, store and commit loop --------------------------------------------


class Pipeline:
    """Intake -> the daemon's Writer -> Store on a SQLite file."""

    def __init__(self, db: Path, capacity: int = 10_000) -> None:
        self.db = db
        self.intake = Intake(capacity, batch_size=500, max_delay_s=0.01)
        self.store = Store(StorageConfig(path=str(db), synchronous="normal"))
        self.writer = Writer(self.intake, self.store)

    async def __aenter__(self) -> Pipeline:
        await self.writer.open()
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None
                        ) -> None:
        await self.writer.close()

    async def checkpoints(self) -> dict[str, str]:
        await self.intake.flush()
        return await self.writer.in_db(self.store.checkpoints)

    def rows(self) -> list[sqlite3.Row]:
        return stored_rows(self.db)

    def messages(self) -> list[str]:
        return [row["message"] for row in self.rows()]

    async def wait_messages(self, count: int, within_s: float = 5.0) -> list[str]:
        return await eventually(lambda: m if len(m := self.messages()) >= count else [], within_s)


def stored_rows(db: Path) -> list[sqlite3.Row]:
    """What is committed, read the way an admin's tools would: another connection."""
    with sqlite3.connect(db, timeout=10) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute("SELECT * FROM event ORDER BY id").fetchall()


async def eventually(probe: Callable[[], T], within_s: float = 5.0) -> T:
    """Poll ``probe`` until truthy; fail with its last value at the deadline."""
    deadline = time.monotonic() + within_s
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within_s}s (last: {value!r})")
        await asyncio.sleep(0.02)


def source(config: JournaldConfig, pipeline: Pipeline, stats: InputStats,
           checkpoints: dict[str, str] | None = None, **kwargs: float) -> JournaldInput:
    return JournaldInput(config, intake=pipeline.intake, stats=stats,
                          checkpoints=checkpoints or {}, **kwargs)


async def following(src: JournaldInput, body: Callable[[], Awaitable[None]]) -> None:
    await src.start()
    try:
        await body()
    finally:
        await src.stop()


@pytest.fixture
def journal(tmp_path: Path, journal_remote: str) -> Journal:
    directory = tmp_path / "journal"
    directory.mkdir()
    return Journal(directory / "remote.journal", journal_remote)


# -- tests ---------------------------------------------------------------------------


async def test_starts_at_tail_and_follows_with_fields(journal: Journal, tmp_path: Path) -> None:
    await journal.append(line("old 1"), line("old 2"))
    stats = InputStats("journald")
    config = JournaldConfig(enabled=True, directory=str(journal.path.parent))
    async with Pipeline(tmp_path / "insyt.db") as pipeline:
        src = source(config, pipeline, stats)

        async def body() -> None:
            await journal.append(
                line("Accepted publickey for alice", _SOURCE_REALTIME_TIMESTAMP="1700000000123456",
                     MESSAGE_ID="a" * 32, CODE_FILE="auth.c"),
                {"MESSAGE": "from a daemon", "_COMM": "cron", "_PID": "77", "PRIORITY": "3",
                 "_MACHINE_ID": MACHINE_ID, "_UID": "0"},
                {"SYSLOG_IDENTIFIER": "silent", "PRIORITY": "9", "SYSLOG_FACILITY": "x"},
            )
            await pipeline.wait_messages(3)

        await following(src, body)
        rows = pipeline.rows()

    assert [r["message"] for r in rows] == ["Accepted publickey for alice", "from a daemon", ""]
    first, second, third = rows
    assert first["transport"] == "journald"
    assert (first["peer"], first["host"], first["app"], first["procid"]) == (
        "web1", "web1", "sshd", "4242")
    assert (first["facility"], first["severity"]) == (4, 6)
    assert first["timestamp"] == 1700000000.123456  # the event's own time
    assert first["msgid"] == "a" * 32
    assert first["structured_data"] is None
    assert first["flags"] == 0
    assert json.loads(first["raw"]) == {
        "MESSAGE": "Accepted publickey for alice", "MESSAGE_ID": "a" * 32, "CODE_FILE": "auth.c",
        "PRIORITY": "6", "SYSLOG_FACILITY": "4", "SYSLOG_IDENTIFIER": "sshd",
        "SYSLOG_PID": "4242", "_HOSTNAME": "web1",
    }
    # No _HOSTNAME: the machine id names the peer; _COMM and _PID stand in.
    assert (second["peer"], second["host"], second["app"], second["procid"]) == (
        MACHINE_ID, None, "cron", "77")
    assert (second["facility"], second["severity"], second["msgid"]) == (None, 3, None)
    assert abs(second["timestamp"] - time.time()) < 60  # journald's receive time
    assert "_UID" not in json.loads(second["raw"])
    assert "_MACHINE_ID" not in json.loads(second["raw"])
    # Out-of-range PRIORITY / non-numeric SYSLOG_FACILITY are not guessed at.
    assert (third["facility"], third["severity"], third["app"]) == (None, None, "silent")
    assert (stats.received, stats.stored, stats.errors) == (3, 3, 0)


async def test_restart_resumes_exactly_after_checkpoint(journal: Journal, tmp_path: Path) -> None:
    await journal.append(line("before start"))
    config = JournaldConfig(enabled=True, directory=str(journal.path.parent))
    db = tmp_path / "insyt.db"
    expected: list[str] = []

    async def run_once(new: list[str], while_stopped: list[str]) -> InputStats:
        stats = InputStats("journald")
        async with Pipeline(db) as pipeline:
            src = source(config, pipeline, stats, await pipeline.checkpoints())

            async def body() -> None:
                await journal.append(*(line(m) for m in new))
                expected.extend(new)
                await pipeline.wait_messages(len(expected))

            await following(src, body)
        # stop() handed over everything it read; the pipeline committed it.
        assert len(stored_rows(db)) == len(expected)
        assert stats.stored == stats.received
        await journal.append(*(line(m) for m in while_stopped))
        expected.extend(while_stopped)
        return stats

    first = await run_once(["a1", "a2", "a3"], ["b1", "b2", "b3", "b4"])
    assert first.received == 3
    second = await run_once(["c1"], [])
    assert second.received == 4 + 1  # the entries written while stopped, then c1
    third = await run_once(["d1", "d2"], [])  # a restart with nothing missed repeats nothing
    assert third.received == 2

    async with Pipeline(db) as pipeline:
        assert pipeline.messages() == expected
        checkpoint = (await pipeline.checkpoints())[CHECKPOINT_KEY]
    assert checkpoint.startswith("s=")


async def test_binary_message_is_escaped_and_flagged(journal: Journal, tmp_path: Path) -> None:
    await journal.append(line("old"))
    stats = InputStats("journald")
    config = JournaldConfig(enabled=True, directory=str(journal.path.parent))
    async with Pipeline(tmp_path / "insyt.db") as pipeline:
        src = source(config, pipeline, stats)

        async def body() -> None:
            await journal.append(line("x", MESSAGE=b"bad \xff\xfe utf8 \x00 nul"),
                                 line("multi\nline"))
            await pipeline.wait_messages(2)

        await following(src, body)
        rows = pipeline.rows()
    assert rows[0]["message"] == "bad \\xff\\xfe utf8 \\x00 nul"
    assert rows[0]["flags"] == INVALID_UTF8 | NUL_BYTES
    assert json.loads(rows[0]["raw"])["MESSAGE"] == "bad \\xff\\xfe utf8 \x00 nul"
    assert (rows[1]["message"], rows[1]["flags"]) == ("multi\nline", 0)
    assert (stats.invalid_utf8, stats.nul_bytes) == (1, 1)


async def test_configured_files_list(journal: Journal, tmp_path: Path) -> None:
    await journal.append(line("old"))
    stats = InputStats("journald")
    config = JournaldConfig(enabled=True, files=(str(journal.path),))
    async with Pipeline(tmp_path / "insyt.db") as pipeline:
        src = source(config, pipeline, stats)

        async def body() -> None:
            await journal.append(line("f1"), line("f2"))
            await pipeline.wait_messages(2)
            await journal.append(line("f3"))
            await pipeline.wait_messages(3)

        await following(src, body)
        assert pipeline.messages() == ["f1", "f2", "f3"]


async def test_follows_by_inotify_without_polling(journal: Journal, tmp_path: Path) -> None:
    """The measurement behind POLL_INTERVAL_S: with the timer out of the way,
    the reader's fd alone wakes the source for a file another process appends."""
    await journal.append(line("old"))
    config = JournaldConfig(enabled=True, directory=str(journal.path.parent))
    async with Pipeline(tmp_path / "insyt.db") as pipeline:
        src = source(config, pipeline, InputStats("journald"), poll_interval_s=3600)

        async def body() -> None:
            for i in range(3):
                await journal.append(line(f"n{i}"))
                await pipeline.wait_messages(i + 1, within_s=3)

        await following(src, body)


async def test_burst_larger_than_intake_arrives_whole(journal: Journal, tmp_path: Path) -> None:
    """put() waits while the intake is full (backpressure), chunk after chunk."""
    await journal.append(line("old"))
    config = JournaldConfig(enabled=True, directory=str(journal.path.parent))
    count = 2 * CHUNK_SIZE + 500
    async with Pipeline(tmp_path / "insyt.db", capacity=CHUNK_SIZE) as pipeline:
        src = source(config, pipeline, InputStats("journald"))

        async def body() -> None:
            await journal.append(*(line(f"m{i}") for i in range(count)))
            await pipeline.wait_messages(count, within_s=8)

        await following(src, body)
        assert pipeline.messages() == [f"m{i}" for i in range(count)]


async def test_empty_directory_at_start_collects_its_first_file(
    journal: Journal, tmp_path: Path
) -> None:
    """Nothing was there to skip, so the tail rule must not drop the entries a
    new file arrives with (seek_tail on an empty journal would keep only the
    newest of them)."""
    config = JournaldConfig(enabled=True, directory=str(journal.path.parent))
    async with Pipeline(tmp_path / "insyt.db") as pipeline:
        src = source(config, pipeline, InputStats("journald"))

        async def body() -> None:
            await journal.append(line("e1"), line("e2"), line("e3"))
            await pipeline.wait_messages(3)

        await following(src, body)
        assert pipeline.messages() == ["e1", "e2", "e3"]


async def test_missing_journal_is_an_error_then_read_from_head(
    tmp_path: Path, journal_remote: str
) -> None:
    """A read error is counted and retried, never raised; a journal that did
    not exist at start has nothing old in it, so all of it is collected."""
    directory = tmp_path / "later"
    stats = InputStats("journald")
    config = JournaldConfig(enabled=True, directory=str(directory))
    async with Pipeline(tmp_path / "insyt.db") as pipeline:
        src = source(config, pipeline, stats, retry_s=0.05)

        async def body() -> None:
            await eventually(lambda: stats.errors >= 2)
            directory.mkdir()
            journal = Journal(directory / "remote.journal", journal_remote)
            await journal.append(line("first"), line("second"))
            await pipeline.wait_messages(2)

        await following(src, body)
        assert pipeline.messages() == ["first", "second"]


# -- the mapping, without a journal ------------------------------------------------


def test_entry_record_prefers_syslog_fields_and_keeps_lists() -> None:
    record = entry_record(
        {"MESSAGE": [b"one", b"two"], "SYSLOG_IDENTIFIER": b"", "_COMM": b"bash",
         "TAG": [b"a", b"\xff"], "_SOURCE_REALTIME_TIMESTAMP": b"garbage"},
        realtime_us=1_700_000_000_500_000, received=1.0,
    )
    assert (record.message, record.app, record.peer, record.host) == ("one", "bash", "", None)
    assert record.timestamp == 1_700_000_000.5  # unusable source time: journald's
    assert json.loads(record.raw)["TAG"] == ["a", "\\xff"]


@given(st.binary(max_size=64))
def test_decode_text_is_lossless_for_clean_utf8_and_never_keeps_nul(data: bytes) -> None:
    text, flags = decode_text(data)
    assert "\x00" not in text
    assert bool(flags & NUL_BYTES) == (b"\x00" in data)
    if not flags:
        assert text.encode() == data
