"""The one shape a log line has between an input and the database.

Every input (UDP, TCP, journald, followed files) turns what it read into a
:class:`Record`; the storage writer inserts records as they are, so the field
order here is the column order of the ``event`` table's insert.  A NamedTuple
rather than a dataclass: it *is* a tuple, so a batch goes to ``executemany``
without a conversion step on the hot path.
"""

from __future__ import annotations

from typing import NamedTuple

# Flag bits (plain ints: IntFlag arithmetic costs microseconds per line).
UNPARSED = 1  # no syslog header was recognised: ``message`` is the whole line
INVALID_UTF8 = 2  # some bytes were not UTF-8; they appear as ``\\xNN`` escapes
NUL_BYTES = 4  # NUL bytes were present; they appear as ``\\x00`` escapes
TRUNCATED = 8  # the frame exceeded the configured maximum and was cut

FLAG_NAMES = {
    UNPARSED: "unparsed",
    INVALID_UTF8: "invalid_utf8",
    NUL_BYTES: "nul_bytes",
    TRUNCATED: "truncated",
}


class Record(NamedTuple):
    received: float  # unix time the daemon accepted the line
    transport: str  # "udp" | "tcp" | "journald" | "file"
    peer: str  # "ip:port" of the sender, journal machine id, or file path
    facility: int | None
    severity: int | None
    timestamp: float | None  # the line's own time, unix seconds (UTC)
    host: str | None
    app: str | None
    procid: str | None
    msgid: str | None
    structured_data: str | None  # RFC 5424 SD as JSON: {"id": {"name": "value"}}
    message: str  # what the classifier reads: MSG only, never the header
    raw: bytes  # the bytes as received (after framing), for audit
    flags: int  # bitwise OR of the flag constants above
