"""Read-only queries for the status page and its API, off the event loop.

The writer thread owns the one write connection.  The page reads through
connections of its own, one per thread of a small pool, so a query never
runs on the event loop and never waits for (or holds) the writer's lock:
in WAL mode readers see the last committed state beside a writer.  Every
connection is ``query_only`` (the page cannot write through it) and every
query has a time budget enforced by a progress handler, so a slow search
cannot pin a thread.

Events are paged by keyset on ``(received, id)``, newest first, which the
``received``, ``(host, received)`` and ``(app, received)`` indexes serve
directly: a deep page costs what the first page costs.  Filters no index
serves (text, or a verdict together with a host or app) scan in windows of
:data:`SCAN_WINDOW` lines; a search that has not filled its page when its
budget runs out returns what it found with the point it searched back to,
and the page offers to search further from there.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from insyt.incidents import facts
from insyt.record import FLAG_NAMES
from insyt.store.schema import Event, IncidentRow
from insyt.taxonomy import BENIGN, NAMES, Severity

T = TypeVar("T")

THREADS = 2
QUERY_BUDGET_S = 5.0  # any one statement; past it SQLite interrupts it
SEARCH_BUDGET_S = 1.0  # windowed scans stop starting new windows after this
SCAN_WINDOW = 100_000  # lines per window of a scan
PAGE_SIZE = 50
MAX_PAGE = 500
CONTEXT_LINES = 3  # lines before each evidence line, from the same host
TOP_SOURCES = 10

VERDICTS = ("attack", "benign", "unclassified")  # besides the category names
_CURSOR = re.compile(r"^(-?\d+(?:\.\d+)?(?:e-?\d+)?):([0-9A-Za-z_-]{1,64})$")
MAX_ROWID = 2**63 - 1  # SQLite's INTEGER is 64-bit signed: a larger id cannot even be bound


class QueryTimeout(Exception):
    """A statement ran past QUERY_BUDGET_S and was interrupted."""


def parse_cursor(text: str, id_type: type[int] | type[str]) -> tuple[float, Any] | None:
    """``"<time>:<id>"`` as the pages write it; None when it is not one."""
    match = _CURSOR.match(text)
    if match is None:
        return None
    when = float(match.group(1))
    if not math.isfinite(when):  # "1e999"
        return None
    key = match.group(2)
    if id_type is int:
        if not key.isdigit() or int(key) > MAX_ROWID:
            return None
        return when, int(key)
    return when, key


def cursor_text(when: float, key: int | str) -> str:
    return f"{when!r}:{key}"


@dataclass(frozen=True)
class EventQuery:
    text: str = ""  # substring of the message, ASCII case-insensitive
    host: str = ""
    app: str = ""
    since: float | None = None
    until: float | None = None
    verdict: str = ""  # "", one of VERDICTS, or a category name
    before: tuple[float, int] | None = None  # keyset: rows strictly older than this
    limit: int = PAGE_SIZE


@dataclass
class EventPage:
    events: list[dict[str, Any]]
    next: tuple[float, int] | None  # cursor of the next page; None at the end
    complete: bool = True  # False: the budget ran out before the page filled
    scanned: int = 0  # lines read by windowed scans


@dataclass(frozen=True)
class IncidentQuery:
    category: str = ""
    min_severity: int | None = None
    min_confidence: float | None = None
    since: float | None = None  # last seen at or after
    until: float | None = None  # first seen before
    source: str = ""  # address, or host, or "host/app" source key
    state: str = ""  # "", "open" or "closed"
    before: tuple[float, str] | None = None
    limit: int = PAGE_SIZE


@dataclass
class IncidentPage:
    incidents: list[dict[str, Any]]
    next: tuple[float, str] | None


# What the pages read of a line: every column but the raw bytes.
EVENT_COLUMNS = tuple(f.column_name for f in Event._meta.sorted_fields if f.name != "raw_bytes")
_EVENT_SELECT = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
# What the incident list reads: every column but the document and the analysis.
INCIDENT_COLUMNS = tuple(f.column_name for f in IncidentRow._meta.sorted_fields
                         if f.name not in ("document", "analysis"))
_INCIDENT_SELECT = ", ".join(f'"{c}"' for c in INCIDENT_COLUMNS)


class Reader:
    """A pool of read connections to the database at ``path``."""

    def __init__(self, path: str | Path, threads: int = THREADS) -> None:
        self.path = str(path)
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="page-reader")
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(connection, *args)`` in a reader thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._call, fn, args)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()

    def _call(self, fn: Callable[..., T], args: Sequence[Any]) -> T:
        conn = self._connection()
        deadline = time.monotonic() + QUERY_BUDGET_S
        conn.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
        try:
            return fn(conn, *args)
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout(f"query stopped after {QUERY_BUDGET_S:g} s") from None
            raise
        finally:
            conn.set_progress_handler(None, 0)

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA cache_size = -16000")  # KiB, like the writer's
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn


# ------------------------------------------------------------------ events


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _verdict_term(verdict: str) -> tuple[str, list[Any]]:
    if verdict == "attack":
        return "\"label\" IS NOT NULL AND \"label\" != 'benign'", []
    if verdict == "benign":
        return "\"label\" = 'benign'", []
    if verdict == "unclassified":
        return '"label" IS NULL', []
    # The literal != 'benign' lets SQLite use the partial index of detections.
    return "\"label\" = ? AND \"label\" != 'benign'", [verdict]


def valid_verdict(verdict: str) -> bool:
    return verdict == "" or verdict in VERDICTS or (verdict in NAMES and verdict != BENIGN)


def search_events(conn: sqlite3.Connection, q: EventQuery) -> EventPage:
    """A page of events matching ``q``, newest first."""
    indexed: list[str] = []
    params: list[Any] = []
    residual: list[str] = []
    residual_params: list[Any] = []
    for column, value in (("host", q.host), ("app", q.app)):
        if value:
            indexed.append(f'"{column}" = ?')
            params.append(value)
    if q.since is not None:
        indexed.append('"received" >= ?')
        params.append(q.since)
    if q.until is not None:
        indexed.append('"received" < ?')
        params.append(q.until)
    if q.verdict:
        term, args = _verdict_term(q.verdict)
        if q.host or q.app:
            residual.append(term)
            residual_params += args
        else:
            indexed.append(term)
            params += args
    if q.text:
        residual.append("\"message\" LIKE ? ESCAPE '\\'")
        residual_params.append(_like(q.text))
    limit = max(1, min(q.limit, MAX_PAGE))
    order = 'ORDER BY "received" DESC, "id" DESC'
    cursor = q.before

    def where() -> str:
        terms = list(indexed)
        if cursor is not None:
            terms.append('("received", "id") < (?, ?)')
        return "WHERE " + " AND ".join(terms) if terms else ""

    def bind() -> list[Any]:
        return [*params, *(cursor if cursor is not None else ())]

    if not residual:
        rows = conn.execute(f'SELECT {_EVENT_SELECT} FROM "event" {where()} {order} '  # noqa: S608
                            "LIMIT ?", [*bind(), limit + 1]).fetchall()
        return _event_page(rows, limit)

    found: list[sqlite3.Row] = []
    scanned = 0
    started = time.monotonic()
    while True:
        rows = conn.execute(
            f'SELECT * FROM (SELECT {_EVENT_SELECT} FROM "event" {where()} {order} '  # noqa: S608
            f'LIMIT {SCAN_WINDOW}) WHERE {" AND ".join(residual)} LIMIT ?',
            [*bind(), *residual_params, limit + 1 - len(found)]).fetchall()
        found += rows
        if len(found) > limit:
            page = _event_page(found, limit)
            page.scanned = scanned + SCAN_WINDOW
            return page
        # The window's last line, and whether any line is older than it.
        boundary = conn.execute(
            f'SELECT "received", "id" FROM "event" {where()} {order} '  # noqa: S608
            "LIMIT 2 OFFSET ?", [*bind(), SCAN_WINDOW - 1]).fetchall()
        scanned += SCAN_WINDOW
        if len(boundary) < 2:  # the scan reached the oldest line
            page = _event_page(found, limit)
            page.scanned = scanned
            return page
        cursor = (boundary[0][0], boundary[0][1])
        if time.monotonic() - started > SEARCH_BUDGET_S:
            return EventPage([event_dict(r) for r in found], cursor, complete=False,
                             scanned=scanned)


def _event_page(rows: list[sqlite3.Row], limit: int) -> EventPage:
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    return EventPage([event_dict(r) for r in rows],
                     (last["received"], last["id"]) if more and last is not None else None)


def event_dict(row: sqlite3.Row) -> dict[str, Any]:
    d = {name: row[name] for name in EVENT_COLUMNS}
    d["flags"] = [name for bit, name in FLAG_NAMES.items() if row["flags"] & bit]
    d["scores"] = _scores(row["scores"])
    return d


def _scores(text: str | None) -> dict[str, float] | None:
    """The stored scores JSON when it has the shape the classifier writes, else None."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    return {str(k): float(v) for k, v in value.items() if isinstance(v, int | float)}


def events_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = conn.execute(f'SELECT {_EVENT_SELECT} FROM "event" WHERE "id" IN ({marks})',  # noqa: S608
                        list(ids)).fetchall()
    return {row["id"]: event_dict(row) for row in rows}


def context_before(conn: sqlite3.Connection, host: str, received: float, event_id: int,
                   lines: int = CONTEXT_LINES) -> list[dict[str, Any]]:
    """The ``lines`` lines the same host sent before this one, oldest first."""
    rows = conn.execute(
        f'SELECT {_EVENT_SELECT} FROM "event" WHERE "host" = ? '  # noqa: S608
        'AND ("received", "id") < (?, ?) ORDER BY "received" DESC, "id" DESC LIMIT ?',
        (host, received, event_id, lines)).fetchall()
    return [event_dict(r) for r in reversed(rows)]


# --------------------------------------------------------------- incidents


def list_incidents(conn: sqlite3.Connection, q: IncidentQuery) -> IncidentPage:
    filters = (('"category" = ?', q.category or None),
               ('"severity" >= ?', q.min_severity),
               ('"confidence" >= ?', q.min_confidence),
               ('"last_seen" >= ?', q.since),
               ('"first_seen" < ?', q.until),
               ('"state" = ?', q.state or None))
    terms = [term for term, value in filters if value is not None]
    params: list[Any] = [value for _, value in filters if value is not None]
    if q.source:
        if facts.is_ip(q.source):  # the indexed column: incidents about that address
            terms.append('"source_ip" = ?')
            params.append(q.source)
        else:  # a host that logged them, or a "host/app" source key: read from the documents
            terms.append("(json_extract(\"document\", '$.source.key') = ? OR EXISTS ("
                         "SELECT 1 FROM json_each(\"document\", '$.source.hosts') "
                         "WHERE \"value\" = ?))")
            params += [q.source] * 2
    if q.before is not None:
        terms.append('("last_seen", "id") < (?, ?)')
        params += list(q.before)
    limit = max(1, min(q.limit, MAX_PAGE))
    where = "WHERE " + " AND ".join(terms) if terms else ""
    rows = conn.execute(
        f"SELECT {_INCIDENT_SELECT}, json_extract(\"document\", '$.source') AS source, "  # noqa: S608
        f'"analysis" IS NOT NULL AS analysed FROM "incident" {where} '
        'ORDER BY "last_seen" DESC, "id" DESC LIMIT ?', [*params, limit + 1]).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [_incident_summary(r) for r in rows]
    return IncidentPage(items, (rows[-1]["last_seen"], rows[-1]["id"]) if more else None)


def _incident_summary(row: sqlite3.Row) -> dict[str, Any]:
    d = {name: row[name] for name in INCIDENT_COLUMNS}
    d["severity"] = _severity_name(row["severity"])
    d["source"] = _json_object(row["source"])
    d["analysed"] = bool(row["analysed"])
    return d


def _severity_name(value: int) -> str:
    try:
        return Severity(value).name.lower()
    except ValueError:
        return str(value)


def _json_object(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def incident(conn: sqlite3.Connection, incident_id: str) -> dict[str, Any] | None:
    """One incident: its document, the admin's marks, the analysis, and its
    evidence lines with their verdicts and the lines before them."""
    row = conn.execute('SELECT * FROM "incident" WHERE "id" = ?', (incident_id,)).fetchone()
    if row is None:
        return None
    doc = _json_object(row["document"])
    doc.update({"state": row["state"], "acknowledged": row["acknowledged"],
                "disposition": row["disposition"]})
    analysis = row["analysis"]
    doc["analysis"] = _json_object(analysis) if analysis else None
    if analysis and not doc["analysis"]:  # not the JSON object the analyst writes: show as text
        doc["analysis"] = {"text": analysis}
    evidence = [e for e in doc.get("evidence", []) if isinstance(e, dict)]
    stored = events_by_id(conn, [e["event_id"] for e in evidence
                                 if isinstance(e.get("event_id"), int)])
    doc["evidence"] = evidence
    # What the lines name, each kind the client chose marked as such: the
    # page shows them apart from what the log's format vouches for.
    doc["facts"] = {
        **facts.extract_all(str(e.get("message", "")) for e in evidence).as_dict(),
        "attacker_controlled": sorted(facts.ATTACKER_CONTROLLED),
    }
    doc["events"] = {str(k): v for k, v in stored.items()}
    doc["context"] = _context_blocks(conn, evidence, stored)
    return doc


def _context_blocks(conn: sqlite3.Connection, evidence: list[dict[str, Any]],
                    stored: dict[int, dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The evidence lines as ``grep -B`` shows matches: each with the lines its
    host logged just before it, overlapping runs merged, oldest first."""
    evidence_ids = {e.get("event_id") for e in evidence}
    blocks: list[list[dict[str, Any]]] = []
    for e in sorted(evidence, key=lambda e: (e.get("time") or 0, e.get("event_id") or 0)):
        event = stored.get(e.get("event_id"))  # type: ignore[arg-type]
        if event is None:  # removed by retention: the incident kept its text
            line = {"id": e.get("event_id"), "received": e.get("time"), "host": e.get("host"),
                    "app": e.get("app"), "message": e.get("message", ""), "stored": False}
            blocks.append([{**line, "evidence": True}])
            continue
        before = (context_before(conn, event["host"], event["received"], event["id"])
                  if event["host"] is not None else [])
        block = [{**b, "evidence": b["id"] in evidence_ids, "stored": True} for b in before]
        block.append({**event, "evidence": True, "stored": True})
        previous = blocks[-1] if blocks else None
        shown = {b["id"] for b in previous if b["stored"]} if previous else set()
        if previous is not None and any(b["id"] in shown for b in block):
            previous.extend(b for b in block if b["id"] not in shown)  # runs overlap: one run
        else:
            blocks.append(block)
    return blocks


# ---------------------------------------------------------------- overview


def overview(conn: sqlite3.Connection, now: float, window_s: float = 86400.0) -> dict[str, Any]:
    """Incident figures of the last ``window_s`` seconds for the overview."""
    since = now - window_s
    by_kind = conn.execute(
        'SELECT "category", "severity", COUNT(*) AS n, SUM("state" = \'open\') AS open '
        'FROM "incident" WHERE "last_seen" >= ? GROUP BY "category", "severity" '
        'ORDER BY "severity" DESC, n DESC', (since,)).fetchall()
    sources = conn.execute(
        "SELECT COALESCE(\"source_ip\", json_extract(\"document\", '$.source.key')) AS source, "
        'COUNT(*) AS incidents, SUM("event_count") AS lines, MAX("severity") AS severity '
        'FROM "incident" WHERE "last_seen" >= ? GROUP BY source '
        "ORDER BY lines DESC LIMIT ?", (since, TOP_SOURCES)).fetchall()
    open_count = conn.execute(
        'SELECT COUNT(*) FROM "incident" WHERE "state" = \'open\'').fetchone()[0]
    recent = conn.execute(
        f"SELECT {_INCIDENT_SELECT}, json_extract(\"document\", '$.source') AS source, "  # noqa: S608
        '"analysis" IS NOT NULL AS analysed FROM "incident" '
        'ORDER BY "last_seen" DESC, "id" DESC LIMIT 10').fetchall()
    return {
        "window_s": window_s,
        "by_kind": [{"category": r["category"], "severity": _severity_name(r["severity"]),
                     "count": r["n"], "open": r["open"] or 0} for r in by_kind],
        "sources": [{"source": r["source"], "incidents": r["incidents"], "lines": r["lines"],
                     "severity": _severity_name(r["severity"])} for r in sources],
        "open": open_count,
        "recent": [_incident_summary(r) for r in recent],
    }


def suppressions(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Suppressions added at run time (the page's), as stored."""
    rows = conn.execute('SELECT "id", "document" FROM "suppression" ORDER BY "id"').fetchall()
    return [{**_json_object(r["document"]), "id": r["id"]} for r in rows]
