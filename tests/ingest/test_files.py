"""Following files: real files in tmp_path, a real intake, a real SQLite store.

The harness runs the daemon's Writer on a real Intake and Store, so a restart
is "stop the follower, flush the intake, start a new follower with the
checkpoints the store holds", as the daemon does on reload.  Rows are read
back through a separate SQLite connection.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insyt.config import FilesConfig, StorageConfig
from insyt.ingest.files import READ_SIZE, FileInput, Position
from insyt.ingest.framing import LineSplitter
from insyt.ingest.intake import Intake
from insyt.ingest.stats import Registry
from insyt.record import TRUNCATED
from insyt.store.database import Store
from insyt.store.writer import Writer

T = TypeVar("T")
POLL = 0.05  # the follower's poll interval in these tests
QUIET = 6 * POLL  # long enough for a repeated line to have shown up


async def until(predicate: Callable[[], T], within_s: float = 5.0) -> T:
    """Poll until ``predicate()`` is truthy; fail with its last value."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    while not (value := predicate()):
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {within_s}s (last: {value!r})")
        await asyncio.sleep(0.02)
    return value


class Harness:
    """Intake -> the daemon's Writer -> Store on a SQLite file, plus followers."""

    def __init__(self, tmp: Path) -> None:
        self.db = tmp / "insyt.db"
        self.store = Store(StorageConfig(path=str(self.db), synchronous="normal"))
        self.intake = Intake(capacity=10_000, batch_size=1000, max_delay_s=0.01)
        self.writer = Writer(self.intake, self.store)
        self.registry = Registry()
        self.followers: list[FileInput] = []

    async def close(self) -> None:
        for follower in self.followers:
            await follower.stop()
        await self.writer.close()

    async def follow(self, *watch: Path | str, max_frame: int = 65536) -> FileInput:
        await self.intake.flush()  # the checkpoints of a stopped follower are committed
        follower = FileInput(
            FilesConfig(watch=tuple(str(w) for w in watch), poll_interval_s=POLL),
            intake=self.intake, registry=self.registry,
            checkpoints=await self.writer.in_db(self.store.checkpoints),
            max_frame=max_frame, tz=None,
        )
        await follower.start()
        self.followers.append(follower)
        return follower

    async def stop(self, follower: FileInput) -> None:
        await follower.stop()
        self.followers.remove(follower)

    def rows(self) -> list[sqlite3.Row]:
        with sqlite3.connect(self.db, timeout=10) as conn:
            conn.row_factory = sqlite3.Row
            return conn.execute("SELECT * FROM event ORDER BY id").fetchall()

    def raws(self) -> list[str]:
        return [bytes(row["raw"]).decode() for row in self.rows()]

    async def exactly(self, expected: list[str]) -> None:
        """All expected lines arrive, in order, and nothing more comes after."""
        await until(lambda: len(self.raws()) >= len(expected))
        await asyncio.sleep(QUIET)
        assert self.raws() == expected


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = Harness(tmp_path)
    await harness.writer.open()
    yield harness
    await harness.close()


def append(path: Path, lines: Iterable[str], end: str = "\n") -> None:
    with open(path, "ab") as fh:
        fh.write("".join(line + end for line in lines).encode())


def truncate(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(0)


class LogWriter:
    """A daemon's open descriptor, like rsyslog's: it outlives a rename."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND)

    def write(self, lines: Iterable[str]) -> None:
        os.write(self.fd, "".join(line + "\n" for line in lines).encode())

    def close(self) -> None:
        os.close(self.fd)


def numbered(tag: str, count: int, start: int = 0) -> list[str]:
    return [f"Jan  5 10:00:01 host app[7]: {tag} {i}" for i in range(start, start + count)]


AUTH_LINE = ("Jan  5 10:00:01 web1 sshd[1234]: "
             "Failed password for root from 203.0.113.9 port 22 ssh2")


async def test_appended_lines_are_stored_in_order_with_parsed_fields(
    h: Harness, tmp_path: Path
) -> None:
    log = tmp_path / "auth.log"
    append(log, ["written before the follower started: not replayed"])
    await h.follow(log)
    append(log, [AUTH_LINE])
    append(log, numbered("a", 300))
    await h.exactly([AUTH_LINE, *numbered("a", 300)])
    first = h.rows()[0]
    assert (first["transport"], first["peer"]) == ("file", str(log))
    assert (first["host"], first["app"], first["procid"]) == ("web1", "sshd", "1234")
    assert first["message"] == "Failed password for root from 203.0.113.9 port 22 ssh2"
    assert first["flags"] == 0
    stats = h.registry.input(f"file {log}")
    assert (stats.received, stats.stored, stats.errors) == (301, 301, 0)


async def test_rename_and_create_rotation_loses_and_repeats_nothing(
    h: Harness, tmp_path: Path
) -> None:
    log = tmp_path / "syslog"
    log.touch()
    await h.follow(log)
    writer = LogWriter(log)
    writer.write(numbered("a", 100))
    await until(lambda: h.raws())
    # logrotate renames; the writer keeps writing to the old file until it
    # is told to reopen (postrotate HUP), some polls later.
    writer.write(numbered("a", 50, 100))
    log.rename(tmp_path / "syslog.1")
    writer.write(numbered("a", 10, 150))
    await asyncio.sleep(3 * POLL)
    log.touch()  # logrotate's "create"
    await asyncio.sleep(3 * POLL)
    writer.write(numbered("a", 5, 160))
    writer.close()
    append(log, numbered("b", 50))
    await h.exactly([*numbered("a", 165), *numbered("b", 50)])
    assert h.registry.input(f"file {log}").errors == 0


async def test_copytruncate_rotation_reads_the_lines_after_truncation(
    h: Harness, tmp_path: Path
) -> None:
    log = tmp_path / "app.log"
    log.touch()
    await h.follow(log)
    append(log, numbered("c", 50))
    await until(lambda: len(h.raws()) == 50)
    shutil.copyfile(log, tmp_path / "app.log.1")
    truncate(log)
    await asyncio.sleep(3 * POLL)
    append(log, numbered("d", 10))
    await h.exactly([*numbered("c", 50), *numbered("d", 10)])
    assert h.registry.input(f"file {log}").errors == 0


async def test_restart_resumes_after_the_last_stored_line(h: Harness, tmp_path: Path) -> None:
    log = tmp_path / "auth.log"
    log.touch()
    follower = await h.follow(log)
    append(log, numbered("e", 10))
    await until(lambda: len(h.raws()) == 10)
    await h.stop(follower)
    append(log, numbered("e", 10, 10))  # written while insyt was down
    await h.follow(log)
    append(log, numbered("e", 5, 20))
    await h.exactly(numbered("e", 25))


async def test_start_position_at_the_end_is_kept_across_a_restart_without_lines(
    h: Harness, tmp_path: Path
) -> None:
    log = tmp_path / "auth.log"
    append(log, ["history: not replayed"], end="")  # even a half line at the end
    follower = await h.follow(log)
    await asyncio.sleep(3 * POLL)
    await h.stop(follower)
    append(log, [" (rest of history)", *numbered("while stopped", 3)])
    await h.follow(log)
    await h.exactly(numbered("while stopped", 3))


async def test_rotation_while_stopped_reads_the_rest_of_the_old_file_first(
    h: Harness, tmp_path: Path
) -> None:
    log = tmp_path / "auth.log"
    log.touch()
    follower = await h.follow(log)
    append(log, numbered("f", 10))
    await until(lambda: len(h.raws()) == 10)
    await h.stop(follower)
    append(log, numbered("f", 5, 10))
    log.rename(tmp_path / "auth.log.1")
    append(log, numbered("g", 5))
    await h.follow(log)
    await h.exactly([*numbered("f", 15), *numbered("g", 5)])


async def test_rotated_file_gone_while_stopped_reads_the_new_file_from_start(
    h: Harness, tmp_path: Path
) -> None:
    log = tmp_path / "auth.log"
    log.touch()
    follower = await h.follow(log)
    append(log, numbered("f", 3))
    await until(lambda: len(h.raws()) == 3)
    await h.stop(follower)
    log.unlink()  # rotated and compressed: the old inode is gone
    append(log, numbered("g", 3))
    await h.follow(log)
    await h.exactly([*numbered("f", 3), *numbered("g", 3)])


async def test_glob_follows_files_that_appear_later_from_their_start(
    h: Harness, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    append(logs / "a.log", ["already there at start: not replayed"])
    (logs / "ignored.txt").touch()
    await h.follow(logs / "*.log")
    await asyncio.sleep(2 * POLL)
    append(logs / "b.log", numbered("b", 3))  # appears after start: read whole
    await until(lambda: len(h.raws()) == 3)
    append(logs / "a.log", numbered("a", 2))
    append(logs / "ignored.txt", ["not matched"])
    await h.exactly([*numbered("b", 3), *numbered("a", 2)])
    assert {r["peer"] for r in h.rows()} == {str(logs / "a.log"), str(logs / "b.log")}


async def test_oversize_line_is_cut_and_flagged_and_the_next_line_is_intact(
    h: Harness, tmp_path: Path
) -> None:
    log = tmp_path / "app.log"
    log.touch()
    await h.follow(log, max_frame=100)
    append(log, ["x" * 1000, "y" * 100, "z" * (2 * READ_SIZE + 7), "next"])
    await h.exactly(["x" * 100, "y" * 100, "z" * 100, "next"])
    flags = [row["flags"] & TRUNCATED for row in h.rows()]
    assert flags == [TRUNCATED, 0, TRUNCATED, 0]
    assert h.registry.input(f"file {log}").truncated == 2


async def test_partial_last_line_is_stored_once_complete_even_across_restart(
    h: Harness, tmp_path: Path
) -> None:
    log = tmp_path / "app.log"
    log.touch()
    follower = await h.follow(log)
    append(log, ["one: first half"], end="")
    await asyncio.sleep(QUIET)
    assert h.raws() == []
    append(log, [", second half"])
    await until(lambda: h.raws())
    append(log, ["two: first half"], end="")
    await asyncio.sleep(3 * POLL)
    await h.stop(follower)  # the half line is not handed over...
    append(log, [", second half"])
    await h.follow(log)  # ...and read whole after the restart
    await h.exactly(["one: first half, second half", "two: first half, second half"])


async def test_unreadable_paths_are_counted_once_and_do_not_stop_the_others(
    h: Harness, tmp_path: Path
) -> None:
    # We run as root, where chmod 000 does not stop a read: use a directory
    # and a FIFO where files should be (a FIFO must not hang the follower).
    directory, fifo, good = tmp_path / "dir.log", tmp_path / "fifo.log", tmp_path / "good.log"
    directory.mkdir()
    os.mkfifo(fifo)
    good.touch()
    await h.follow(directory, fifo, good)
    append(good, numbered("ok", 3))
    await until(lambda: len(h.raws()) == 3)
    await asyncio.sleep(QUIET)  # many polls, one error each
    assert h.registry.input(f"file {directory}").errors == 1
    assert h.registry.input(f"file {fifo}").errors == 1
    assert h.registry.input(f"file {good}").errors == 0
    directory.rmdir()  # the admin fixes it: the file that appears is read whole
    append(directory, numbered("fixed", 2))
    await h.exactly([*numbered("ok", 3), *numbered("fixed", 2)])
    assert h.registry.input(f"file {directory}").errors == 1


async def test_deleted_file_is_waited_for_and_read_whole_when_recreated(
    h: Harness, tmp_path: Path
) -> None:
    log = tmp_path / "app.log"
    log.touch()
    await h.follow(log)
    append(log, numbered("before", 2))
    await until(lambda: len(h.raws()) == 2)
    log.unlink()
    await asyncio.sleep(QUIET)
    append(log, numbered("after", 2))
    await h.exactly([*numbered("before", 2), *numbered("after", 2)])
    assert h.registry.input(f"file {log}").errors == 0


# -- the line splitter, sans I/O ------------------------------------------------

_chunks = st.lists(st.sampled_from([b"a", b"bc", b"defgh", b"\n", b"\n\n"]), max_size=40)


def _feed(splitter: LineSplitter, data: bytes, cuts: list[int]) -> list[tuple[bytes, int]]:
    frames = []
    for start, end in zip([0, *cuts], [*cuts, len(data)], strict=True):
        frames += splitter.feed(data[start:end])
    return frames


@given(_chunks, st.integers(1, 9), st.lists(st.integers(0, 200)))
def test_splitting_does_not_depend_on_read_boundaries(
    pieces: list[bytes], max_frame: int, cuts: list[int]
) -> None:
    data = b"".join(pieces)
    whole = LineSplitter(max_frame)
    expected = whole.feed(data)
    split = LineSplitter(max_frame)
    assert _feed(split, data, sorted(c for c in cuts if c <= len(data))) == expected
    assert (split.mark, split.pending) == (whole.mark, whole.pending)
    for line, flags in expected:
        assert b"\n" not in line and 0 < len(line) <= max_frame
        assert not flags & TRUNCATED or len(line) == max_frame


@given(_chunks, st.integers(1, 9), st.integers(0, 200))
def test_resuming_at_the_mark_yields_exactly_the_lines_not_yet_handed_over(
    pieces: list[bytes], max_frame: int, stop_at: int
) -> None:
    """The restart property: a new splitter at the checkpoint (mark) reads
    the same lines the old one would have gone on to return."""
    data = b"".join(pieces)
    stop_at = min(stop_at, len(data))
    running = LineSplitter(max_frame)
    running.feed(data[:stop_at])
    mark = running.mark
    rest = running.feed(data[stop_at:])
    resumed = LineSplitter(max_frame, mark, resync=True)
    assert resumed.feed(data[resumed.end :]) == rest


def test_flush_hands_over_the_last_line_of_a_finished_file() -> None:
    splitter = LineSplitter(10, 100)
    assert splitter.feed(b"one\ntw") == [(b"one", 0)]
    assert (splitter.mark, splitter.pending) == (104, 2)
    assert splitter.flush() == [(b"tw", 0)]
    assert splitter.mark == 106


def test_position_text_round_trips_and_bad_text_is_refused() -> None:
    position = Position(2049, 131, 4096, "0123abcd")
    assert Position.from_text(position.text()) == position
    for bad in ("", "[]", "{}", '{"dev": 1, "ino": 2, "offset": -1, "head": ""}',
                '{"dev": "x"}', '{"dev": 1, "ino": 2, "offset": 3}'):
        assert Position.from_text(bad) is None
