"""The systemd journal as a pull source, followed from inside the event loop.

The journal is already structured, so nothing is parsed: each entry's fields
map straight onto a :class:`~insyt.record.Record`.  Every chunk handed to the
intake carries the cursor of its last entry as the checkpoint, which the
writer commits in the same transaction as the records; a restart seeks to
that cursor and skips the entry it names, so nothing is lost or repeated.

Without a checkpoint the source starts at the *tail*: the daemon collects
what happens from now on, it does not import years of history into SQLite
(and classify all of it) the first time it starts on a busy machine.  An
empty or not yet existing journal is the exception: everything that later
appears in it is new, so the source starts at its head.

Entries are read with the C reader's raw calls (``_next``, ``_get_all``):
``Reader.get_next`` converts every field through ``datetime`` and ``UUID``
converters that would only be turned back into text here, and it decodes
``MESSAGE`` in a way that cannot tell us whether the bytes were valid UTF-8.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Mapping
from typing import Any

# Not "from systemd import journal": the checkout's top-level systemd/ (unit
# files) would then shadow systemd-python for mypy and ruff's isort.
import systemd.journal as journal

from insyt.config import JournaldConfig
from insyt.ingest.decode import decode_text
from insyt.ingest.intake import Chunk, Intake
from insyt.ingest.stats import InputStats
from insyt.record import Record

log = logging.getLogger(__name__)

CHECKPOINT_KEY = "journald"
# Entries read per step, and one chunk.  A step runs on the event loop, about
# 15 us an entry of 20 fields (5 reading, 10 mapping, measured), so this holds
# other tasks back for ~15 ms at most.
CHUNK_SIZE = 1000
# Wake-up without an inotify event.  Measured unnecessary for local files:
# systemd-journal-remote appending from another process (one-shot or long
# running) wakes the fd, see test_follows_by_inotify_without_polling, and
# journald truncates a file to its size after writes for just that reason.
# Kept because it costs one no-op ``process()`` a second and covers what
# inotify cannot: an exhausted inotify instance limit, a network file system.
POLL_INTERVAL_S = 1.0
RETRY_S = 5.0  # pause before reopening the journal after a read error
STOP_TIMEOUT_S = 5.0  # how long stop() lets a chunk wait for intake space

# Trusted fields kept in ``raw`` beside the user-supplied ones: enough to say
# who logged the line without copying every _CAP_EFFECTIVE and _SELINUX_...
RAW_TRUSTED_FIELDS = frozenset({"_HOSTNAME", "_PID", "_COMM", "_SYSTEMD_UNIT"})

FieldValue = bytes | list[bytes]  # a field repeated in one entry comes as a list


class JournaldInput:
    def __init__(
        self,
        config: JournaldConfig,
        *,
        intake: Intake,
        stats: InputStats,
        checkpoints: dict[str, str],
        poll_interval_s: float = POLL_INTERVAL_S,
        retry_s: float = RETRY_S,
    ) -> None:
        self.config = config
        self.intake = intake
        self.stats = stats
        self.poll_interval_s = poll_interval_s
        self.retry_s = retry_s
        # The cursor of the last entry handed to the intake (or skipped at
        # the tail): where a reopen after an error resumes.
        self._cursor: str | None = checkpoints.get(CHECKPOINT_KEY)
        self._positioned = False  # once placed, a reopen never goes back to the tail
        self._current_unread = False  # seek landed on an entry the next read must take
        self._reader: Any = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False

    async def start(self) -> None:
        """Open and position the reader before returning, so "the tail" means
        the journal's end when start() returned; then follow in a task."""
        try:
            self._reader = await asyncio.to_thread(self._open)  # opening mmaps every file
        except FileNotFoundError as exc:
            # A journal that does not exist yet holds nothing old: read it
            # from its first entry once it appears.
            self._positioned = True
            self._failed(exc)
        except Exception as exc:
            self._failed(exc)  # the task reopens after a pause
        self._task = asyncio.create_task(self._run(), name="journald")
        log.info("following the journal (%s)", _describe(self.config))

    async def stop(self) -> None:
        """Let the task finish handing over the chunk it holds; cancel it only
        if the intake stays full (nothing is lost: that chunk's checkpoint was
        never committed, so it is read again after a restart)."""
        self._stopping = True
        self._wake.set()
        task, self._task = self._task, None
        if task is not None:
            _done, pending = await asyncio.wait({task}, timeout=STOP_TIMEOUT_S)
            if pending:
                log.warning("journald: intake still full after %.0fs, stopping anyway",
                            STOP_TIMEOUT_S)
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._close()

    # -- the task --------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            if self._reader is None:  # only after a failure: pause, then reopen
                await self._sleep(self.retry_s)
                if self._stopping:
                    break
                try:
                    self._reader = await asyncio.to_thread(self._open)
                except Exception as exc:
                    self._failed(exc)
                    continue
            try:
                await self._follow(self._reader)
            except Exception as exc:
                self._failed(exc)
                self._close()
        self._close()

    async def _follow(self, reader: Any) -> None:
        loop = asyncio.get_running_loop()
        fd = _inotify_fd(reader)
        while not self._stopping:
            reader.process()  # consume inotify events, pick up new or rotated files
            await self._drain(reader)
            if self._stopping:
                break
            # Watch the fd only while idle: it stays readable until process()
            # runs, so a registered fd would spin the loop while put() waits.
            if fd is not None:
                loop.add_reader(fd, self._wake.set)
            try:
                await self._sleep(_poll_timeout(reader, self.poll_interval_s))
            finally:
                if fd is not None:
                    loop.remove_reader(fd)

    async def _drain(self, reader: Any) -> None:
        """Hand over everything readable, a chunk at a time, yielding between."""
        while not self._stopping:
            records, cursor, full = self._read_chunk(reader)
            if cursor is None:
                return
            await self.intake.put(Chunk(self.stats, records, (CHECKPOINT_KEY, cursor)))
            self.stats.received += len(records)  # after: a put cancelled by stop() never was
            self._cursor = cursor
            if not full:
                return
            await asyncio.sleep(0)

    def _read_chunk(self, reader: Any) -> tuple[list[Record], str | None, bool]:
        """Up to CHUNK_SIZE entries, the cursor of the last one, and whether
        the step stopped at CHUNK_SIZE rather than at the journal's end."""
        records: list[Record] = []
        cursor: str | None = None
        received = time.time()
        for _ in range(CHUNK_SIZE):
            if self._current_unread:
                self._current_unread = False
            elif not reader._next():
                return records, cursor, False
            cursor = str(reader._get_cursor())
            try:
                fields: dict[str, FieldValue] = reader._get_all()
                realtime_us = int(reader._get_realtime())
            except OSError as exc:  # one unreadable entry: skip it, keep the rest
                self._failed(exc, f"entry {cursor}")
                continue
            record = entry_record(fields, realtime_us, received)
            if record.flags:
                self.stats.count_flags(record.flags)
            records.append(record)
        return records, cursor, True

    # -- opening and positioning -------------------------------------------------

    def _open(self) -> Any:
        """A reader placed so that its next entry is the first one to collect
        (runs in a worker thread: opening a large journal takes a while)."""
        config = self.config
        if config.files:
            reader = journal.Reader(files=list(config.files))
        elif config.directory:
            reader = journal.Reader(path=config.directory)
        else:
            reader = journal.Reader()  # local machine: runtime and system journals
        try:
            self._seek(reader)
        except BaseException:
            reader.close()
            raise
        return reader

    def _seek(self, reader: Any) -> None:
        if self._cursor is not None:
            try:
                reader.seek_cursor(self._cursor)
            except ValueError:
                log.error("journald: ignoring unusable checkpoint %r, starting at the tail",
                          self._cursor)
                self.stats.errors += 1
                self._cursor = None
            else:
                # seek_cursor lands on the entry, or on the next one when that
                # entry was vacuumed or the cursor is from another journal.
                landed = bool(reader._next())
                self._current_unread = landed and not reader.test_cursor(self._cursor)
                self._positioned = True
                return
        if self._positioned:
            reader.seek_head()  # read nothing yet: all that is there is new
        else:
            reader.seek_tail()
            if reader._previous():  # stand on the last entry; _next() yields new ones
                self._cursor = str(reader._get_cursor())
            else:
                reader.seek_head()  # empty: whatever appears is new (and seek_tail
                # would then yield only the newest entry of a file that appears)
        self._positioned = True

    # -- helpers -----------------------------------------------------------------

    async def _sleep(self, seconds: float) -> None:
        """Wait for a journal change, stop(), or the timeout.  Callers check
        ``_stopping`` just before (no await between), so clearing here cannot
        swallow a stop()."""
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._wake.wait()

    def _failed(self, exc: Exception, what: str = "") -> None:
        self.stats.errors += 1
        where = f" ({what})" if what else ""
        if isinstance(exc, OSError):
            log.error("journald: read error%s: %s; retrying", where, exc)
        else:
            log.error("journald: unexpected error%s; retrying", where, exc_info=exc)

    def _close(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()


def _inotify_fd(reader: Any) -> int | None:
    try:
        return int(reader.fileno())
    except OSError as exc:  # e.g. EMFILE: fs.inotify.max_user_instances reached
        log.warning("journald: no inotify fd (%s); polling instead", exc)
        return None


def _poll_timeout(reader: Any, interval: float) -> float:
    """The sooner of our fallback interval and libsystemd's own request
    (it asks for periodic checks when a journal is on a network file system)."""
    ms = int(reader.get_timeout_ms())
    return interval if ms < 0 else min(interval, ms / 1000)


def _describe(config: JournaldConfig) -> str:
    if config.files:
        return "files " + ", ".join(config.files)
    return f"directory {config.directory}" if config.directory else "system journal"


# -- entry -> record (pure) ----------------------------------------------------------


def _first(value: FieldValue | None) -> bytes | None:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(value: FieldValue | None) -> str | None:
    data = _first(value)
    return None if data is None else decode_text(data)[0]


def _number(value: FieldValue | None, high: int) -> int | None:
    """A small integer field (PRIORITY, SYSLOG_FACILITY); anything a client
    wrote that is not 0..high becomes None rather than a bogus severity."""
    data = _first(value)
    try:
        number = int(data) if data is not None else None
    except ValueError:
        return None
    return number if number is not None and 0 <= number <= high else None


def _timestamp(fields: Mapping[str, FieldValue], realtime_us: int) -> float:
    """The event's own time when the client gave one, else when journald got it."""
    source = _first(fields.get("_SOURCE_REALTIME_TIMESTAMP"))
    if source is not None:
        with contextlib.suppress(ValueError):
            return int(source) / 1_000_000
    return realtime_us / 1_000_000


def raw_json(fields: Mapping[str, FieldValue]) -> bytes:
    """The entry as the client wrote it, plus who wrote it, for audit.

    Journal entries have no wire form; a compact, key-sorted JSON object is
    the closest thing to "the bytes as received" and stays greppable."""
    kept: dict[str, str | list[str]] = {}
    for key, value in fields.items():
        if key.startswith("_") and key not in RAW_TRUSTED_FIELDS:
            continue
        if isinstance(value, list):
            kept[key] = [v.decode("utf-8", "backslashreplace") for v in value]
        else:
            kept[key] = value.decode("utf-8", "backslashreplace")
    text = json.dumps(kept, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.encode()


def entry_record(fields: Mapping[str, FieldValue], realtime_us: int, received: float) -> Record:
    """Map one journal entry (raw field bytes, as ``_get_all`` returns them)."""
    message_bytes = _first(fields.get("MESSAGE"))
    message, flags = decode_text(message_bytes) if message_bytes is not None else ("", 0)
    host = _text(fields.get("_HOSTNAME"))
    return Record(
        received=received,
        transport="journald",
        peer=host or _text(fields.get("_MACHINE_ID")) or "",
        facility=_number(fields.get("SYSLOG_FACILITY"), 23),
        severity=_number(fields.get("PRIORITY"), 7),
        timestamp=_timestamp(fields, realtime_us),
        host=host,
        app=_text(fields.get("SYSLOG_IDENTIFIER") or fields.get("_COMM")),
        procid=_text(fields.get("SYSLOG_PID") or fields.get("_PID")),
        msgid=_text(fields.get("MESSAGE_ID")),
        structured_data=None,
        message=message,
        raw=raw_json(fields),
        flags=flags,
    )
