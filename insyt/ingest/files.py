"""Following log files as ``tail -F`` does, across rotation and restarts.

Polling, not inotify: one ``stat`` per file every ``poll_interval_s`` works
the same on every filesystem (NFS, overlayfs, bind mounts into containers),
needs no watch-descriptor limits, and a second of latency is nothing next to
the classifier's.  Patterns are expanded again at every poll, so files that
appear later are followed.

A file is known by ``(st_dev, st_ino)``, never by its name.  The checkpoint
``file:PATH`` holds that identity, the offset just after the last line
handed to the intake, and a hash of the file's first bytes (up to 1 KiB);
the writer commits it in the same transaction as those lines.  The hash
matters at restart: a deleted file's inode number is soon given to another
file (often the next ``auth.log``), and resuming that one at the old offset
would skip its first lines; it also tells a file truncated and refilled
while we were stopped from one that merely grew.  So:

- **Restart**: the same file (identity, size, head) resumes at the offset.
  Otherwise it was rotated while we were stopped: the file that now has the
  saved identity (``auth.log.1``) is looked up in the same directory and
  read to its end first, then the new file from the start.
- **First sight**: a file that exists when the follower starts and has no
  checkpoint is read from its *end*, as ``tail -F`` does: the first start on
  a long-lived server must not replay years of ``auth.log`` into the
  classifier (and raise alerts about old attacks as if they were new).  That
  position is stored at once, so nothing written later is missed, even
  across restarts.  A file that appears *after* start (a new glob match, a
  path recreated) is new, so it is read from its beginning.
- **Rotation by rename**: when the path names another inode, the old file is
  read through the descriptor we hold; we switch to the new file only once
  it has data (or the old one was deleted), because between logrotate's
  rename and the writer's reopen (rsyslog's HUP) lines still go to the old
  file.  A writer that writes to the old file after the new one got data is
  not followed there.
- **Copy-truncate**: a file shorter than our offset was truncated; it is read
  again from 0 (lines written between the copy and the truncation are lost,
  as with any reader; a file that regrew past our offset within one poll
  cannot be told from one that grew).
- **Deleted, not recreated**: the rest of the file is read, the descriptor
  closed (so the disk space is freed), and the path retried at every poll.

Lines are cut by :class:`~insyt.ingest.framing.LineSplitter`, as TCP's LF
frames are: they end at LF; empty lines are skipped.  A line longer than
``max_frame`` is cut to it and flagged TRUNCATED, and its rest is skipped up
to the next LF, so a file never holds more than one ``max_frame`` in memory.  A last
line without its LF is a writer mid-line: it is held until the LF comes and,
at stop, not handed over at all: the checkpoint points at its start, so it
is read whole after the restart.  (Only a finished file, rotated away or
deleted, gives up its LF-less tail as a line.)  After a cut the checkpoint
points into the line; a position whose previous byte is not LF is therefore
"inside a line" and reading resumes after the next LF.  That needs no extra
checkpoint state, and it also keeps the first sight of a file that a writer
is mid-line in from storing half a line.

Limitation: every matched path is followed on its own, so a pattern must not
match rotated names (use ``/var/log/app/*.log``, not ``/var/log/app/*``),
else ``app.log.1`` is read again as a new file.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import glob
import hashlib
import json
import logging
import os
import stat
import time
from datetime import tzinfo
from typing import NamedTuple

from insyt.config import FilesConfig
from insyt.ingest.framing import Frame, LineSplitter
from insyt.ingest.intake import Chunk, Intake
from insyt.ingest.parser import parse
from insyt.ingest.stats import InputStats, Registry

log = logging.getLogger(__name__)

# One read: ~750 syslog lines, split and parsed in ~3 ms, which is how long
# the loop is held before the other inputs get a turn.  pread() of 64 KiB
# from the page cache takes ~10 us against ~100 us for a to_thread() hop,
# so reads are done in the loop.
READ_SIZE = 64 * 1024
# Bytes one file may take per round before the others get their turn: a
# backlog of gigabytes in one file must not stall the rest.
ROUND_BUDGET = 64 * READ_SIZE
# O_NONBLOCK: opening a FIFO that was put where a log file should be must
# not hang the follower (it is then refused as not a regular file).
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
_GLOB_CHARS = frozenset("*?[")
# Bytes hashed to tell a file from another that got its inode number; log
# lines start with a timestamp, so two files rarely share their first KiB.
HEAD_BYTES = 1024

class Position(NamedTuple):
    """Where a file is read: its identity, a byte offset, and the hash of its
    first ``min(offset, HEAD_BYTES)`` bytes."""

    dev: int
    ino: int
    offset: int
    head: str

    def text(self) -> str:
        return json.dumps(self._asdict())

    @classmethod
    def from_text(cls, text: str) -> Position | None:
        """None for anything malformed: a bad checkpoint means "first sight"."""
        try:
            value = json.loads(text)
            position = cls(int(value["dev"]), int(value["ino"]), int(value["offset"]),
                           str(value["head"]))
        except (ValueError, TypeError, KeyError):
            return None
        return position if position.offset >= 0 else None

    def describes(self, fd: int, st: os.stat_result) -> bool:
        """Is this open file the one the position was taken in?"""
        if _identity(st) != (self.dev, self.ino) or st.st_size < self.offset:
            return False
        try:
            return _head(fd, self.offset) == self.head
        except OSError:
            return False


class _Reader:
    """One open file and how far it has been read."""

    def __init__(self, fd: int, st: os.stat_result, lines: LineSplitter) -> None:
        self.fd = fd
        self.dev, self.ino = st.st_dev, st.st_ino
        self.lines = lines
        self._head = ""
        self._head_end = -1  # the offset _head was hashed up to

    def position(self) -> Position:
        mark = self.lines.mark
        if min(mark, HEAD_BYTES) != self._head_end:  # past 1 KiB: hashed once
            with contextlib.suppress(OSError):  # then the reopen decides
                self._head, self._head_end = _head(self.fd, mark), min(mark, HEAD_BYTES)
        return Position(self.dev, self.ino, mark, self._head)

    def rewind(self) -> None:
        """The file was truncated: read it again from the start."""
        self.lines = LineSplitter(self.lines.max_frame)
        self._head_end = -1

    def read(self) -> list[Frame] | None:
        """The next lines, or None at end of file."""
        data = os.pread(self.fd, READ_SIZE, self.lines.end)
        return self.lines.feed(data) if data else None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


class _Tail:
    """One followed path: the file read now, and what to report about it."""

    def __init__(
        self, path: str, stats: InputStats, *, resume: Position | None, from_end: bool
    ) -> None:
        self.path = path
        self.key = f"file:{path}"
        self.stats = stats
        self.resume = resume  # where to reopen: the checkpoint, or after a read error
        self.from_end = from_end
        self.reader: _Reader | None = None
        self.announce = False  # the position is new: store it even without lines
        self.condition: str | None = None

    def note(self, condition: str | None, *, error: bool = False) -> None:
        """Log a change of state once, not at every poll; count errors once each."""
        if condition == self.condition:
            return
        previous, self.condition = self.condition, condition
        if condition is None:
            log.info("%s: following again (was: %s)", self.path, previous)
        elif error:
            self.stats.errors += 1
            log.warning("%s: %s", self.path, condition)
        else:
            log.info("%s: %s", self.path, condition)

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
            self.reader = None


class FileInput:
    def __init__(
        self,
        config: FilesConfig,
        *,
        intake: Intake,
        registry: Registry,
        checkpoints: dict[str, str],
        max_frame: int,
        tz: tzinfo | None,
    ) -> None:
        self.config = config
        self.intake = intake
        self.registry = registry
        self.max_frame = max_frame
        self.tz = tz
        # Consumed as paths are first seen: a file recreated later must not
        # reuse the position of the one the daemon started with.
        self._checkpoints = {k: v for k, v in checkpoints.items() if k.startswith("file:")}
        self._tails: dict[str, _Tail] = {}
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Fix every start position now, so lines written after start() are
        never taken for old ones; the reading happens in the task."""
        self._stopping.clear()
        self._discover(at_start=True)
        for tail in self._tails.values():
            self._open(tail)
        self._task = asyncio.create_task(self._follow(), name="files")
        log.info("watching %d paths (%s)", len(self._tails), ", ".join(self.config.watch))

    async def stop(self) -> None:
        """Return once every line read has been handed to the intake."""
        self._stopping.set()
        if self._task is not None:
            try:
                await self._task
            except Exception:
                log.exception("file follower failed")
            self._task = None
        for tail in self._tails.values():
            tail.close()
        self._tails.clear()

    # -- the poll loop ----------------------------------------------------------

    async def _follow(self) -> None:
        while not self._stopping.is_set():
            try:
                busy = await self._round()
            except Exception:
                log.exception("file follower: poll failed")
                busy = False
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self.config.poll_interval_s)

    async def _round(self) -> bool:
        """Serve every file once; True when one has more to read right away."""
        self._discover(at_start=False)
        busy = False
        for tail in list(self._tails.values()):
            if self._stopping.is_set():
                break
            try:
                busy |= await self._serve(tail)
            except Exception as exc:
                # A bug must cost one chunk of one file, not the daemon: the
                # file is reopened after the lines that failed (a line that
                # makes the parser raise would otherwise fail at every poll).
                condition = f"unexpected error: {exc!r}"
                if condition != tail.condition:
                    log.exception("%s: unexpected error", tail.path)
                reader = tail.reader
                self._drop_reader(tail, reader.position() if reader else tail.resume)
                tail.note(condition, error=True)
        return busy

    def _discover(self, *, at_start: bool) -> None:
        matched: set[str] = set()
        for pattern in self.config.watch:
            literal = not _GLOB_CHARS.intersection(pattern)
            paths = [pattern] if literal else sorted(glob.glob(pattern))
            for path in paths:
                matched.add(path)
                if path in self._tails or (not literal and os.path.isdir(path)):
                    continue
                key = f"file:{path}"
                saved = self._checkpoints.pop(key, None)
                resume = Position.from_text(saved) if saved is not None else None
                if saved is not None and resume is None:
                    log.warning("%s: ignoring malformed checkpoint %r", path, saved)
                self._tails[path] = _Tail(
                    path, self.registry.input(f"file {path}"),
                    resume=resume, from_end=at_start and resume is None,
                )
        # A glob match that vanished is forgotten once its file is finished
        # (a path named in the config always matches, so it is waited for).
        for path in [p for p, t in self._tails.items() if p not in matched and not t.reader]:
            log.info("%s: no longer matched, forgotten", path)
            del self._tails[path]

    async def _serve(self, tail: _Tail) -> bool:
        reader = tail.reader or self._open(tail)
        if reader is None:
            return False
        try:
            st: os.stat_result | None = os.stat(tail.path)
            tail.note(None)
        except (FileNotFoundError, NotADirectoryError):
            st = None
        except OSError as exc:
            # Cannot tell whether it was rotated: keep reading what we hold.
            tail.note(f"cannot stat: {exc.strerror or exc}", error=True)
            st = None
        if st is not None and (st.st_dev, st.st_ino) == (reader.dev, reader.ino):
            if st.st_size < reader.lines.end:
                log.info("%s: truncated (size %d < offset %d), reading from the start",
                         tail.path, st.st_size, reader.lines.end)
                reader.rewind()
                tail.announce = True
            return await self._drain(tail, reader)
        # The path is gone or names another file: ours was rotated or deleted.
        # Decide before draining, so the last lines the writer put into the
        # old file before moving to the new one are read from the old one.
        successor = st is not None and stat.S_ISREG(st.st_mode) and st.st_size > 0
        deleted = os.fstat(reader.fd).st_nlink == 0
        if await self._drain(tail, reader):
            return True
        if tail.reader is not reader:
            return False  # a read error, reported; the next poll reopens it
        if not (successor or deleted) or self._stopping.is_set():
            return False
        frames = reader.lines.flush()
        if frames:
            await self._hand_over(tail, reader, frames)
        log.info("%s: %s; finished the old file at offset %d%s", tail.path,
                 "deleted" if deleted else "rotated", reader.lines.mark,
                 ", following the new one" if st is not None else "")
        self._drop_reader(tail)
        return st is not None  # the new file is read in the next round, at once

    async def _drain(self, tail: _Tail, reader: _Reader) -> bool:
        """Read to end of file; True when the round's budget ran out first."""
        budget = ROUND_BUDGET
        while not self._stopping.is_set():
            if tail.announce:
                await self._hand_over(tail, reader, [])
            if budget <= 0:
                return True
            try:
                frames = reader.read()
            except OSError as exc:
                self._drop_reader(tail, resume=reader.position())
                tail.note(f"read error: {exc.strerror or exc}", error=True)
                return False
            if frames is None:
                return False
            budget -= READ_SIZE
            if frames:
                await self._hand_over(tail, reader, frames)
            await asyncio.sleep(0)  # let the other inputs and the writer run
        return False

    async def _hand_over(self, tail: _Tail, reader: _Reader, frames: list[Frame]) -> None:
        received, path, tz, stats = time.time(), tail.path, self.tz, tail.stats
        records = [
            parse(line, received=received, transport="file", peer=path, flags=flags, tz=tz)
            for line, flags in frames
        ]
        stats.account(records)
        tail.announce = False
        await self.intake.put(Chunk(stats, records, (tail.key, reader.position().text())))

    # -- opening --------------------------------------------------------------

    def _open(self, tail: _Tail) -> _Reader | None:
        """Open the path (or, after a rotation while stopped, its old file) at
        the position the rules in the module docstring give."""
        from_end, tail.from_end = tail.from_end, False
        try:
            current: tuple[int, os.stat_result] | None = _open_regular(tail.path)
        except (FileNotFoundError, NotADirectoryError):
            current = None
        except OSError as exc:
            tail.note(f"cannot read: {exc.strerror or exc}", error=True)
            return None
        resume = tail.resume
        if resume is not None:
            if current is not None and resume.describes(*current):
                tail.resume = None
                return self._attach(tail, *current, tail.path, resume.offset, resync=True)
            old = _open_position(os.path.dirname(tail.path) or ".", resume)
            if old is not None:
                if current is not None:
                    os.close(current[0])
                log.info("%s: was rotated while not followed; reading the rest of %s first",
                         tail.path, old[2])
                tail.resume = None
                return self._attach(tail, *old, resume.offset, resync=True)
            if current is not None:
                # Truncated (copytruncate) or rotated away and deleted.
                same = _identity(current[1]) == (resume.dev, resume.ino)
                log.log(logging.INFO if same else logging.WARNING,
                        "%s: the file read up to offset %d %s; reading %s from the start",
                        tail.path, resume.offset,
                        "was truncated or rewritten" if same else "is gone",
                        "it" if same else "the new one")
        if current is None:
            tail.note("does not exist; waiting for it")
            return None
        fd, st = current
        tail.resume = None
        tail.announce = True  # a position the store does not hold yet
        offset = st.st_size if from_end else 0
        return self._attach(tail, fd, st, tail.path, offset, resync=from_end)

    def _attach(
        self, tail: _Tail, fd: int, st: os.stat_result, path: str, offset: int, *,
        resync: bool,
    ) -> _Reader:
        lines = LineSplitter(self.max_frame, offset, resync=resync)
        tail.reader = _Reader(fd, st, lines)
        tail.note(None)
        log.debug("%s: reading %s from offset %d", tail.path, path, offset)
        return tail.reader

    def _drop_reader(self, tail: _Tail, resume: Position | None = None) -> None:
        tail.close()
        tail.resume = resume


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _open_regular(path: str) -> tuple[int, os.stat_result]:
    """Open for reading; refuse what is not a regular file (a directory, a
    FIFO, a device) with an OSError that says so."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, f"not a regular file ({_kind(st.st_mode)})")
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def _open_position(directory: str, position: Position) -> tuple[int, os.stat_result, str] | None:
    """Find and open the file a position was taken in, in ``directory``:
    where logrotate (or anything renaming) leaves a rotated file."""
    try:
        with os.scandir(directory) as entries:
            names = [e.path for e in entries if e.inode() == position.ino]
    except OSError:
        return None
    for path in names:
        try:
            fd, st = _open_regular(path)
        except OSError:
            continue
        if position.describes(fd, st):
            return fd, st, path
        os.close(fd)
    return None


def _head(fd: int, offset: int) -> str:
    data = os.pread(fd, min(offset, HEAD_BYTES), 0)
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def _kind(mode: int) -> str:
    kinds = {stat.S_IFDIR: "a directory", stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket",
             stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device"}
    return kinds.get(stat.S_IFMT(mode), "not a file")
