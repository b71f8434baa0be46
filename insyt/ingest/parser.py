"""Turn one framed syslog message into a :class:`~insyt.record.Record`, sans I/O.

Three shapes are recognised, tried in this order:

* RFC 5424: ``<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]``.
* RFC 3164 / BSD: ``<PRI>TIMESTAMP HOSTNAME TAG[PID]: MSG``, where the PRI,
  the timestamp, the hostname and the tag may each be missing, and the
  timestamp may be BSD (``Nov  4 19:00:00``, with Cisco's optional year) or
  RFC 3339 (rsyslog's ``RSYSLOG_ForwardFormat``).  A line without a PRI (a
  line of ``/var/log/auth.log``) must at least start with a timestamp.
* Anything else is kept whole with the UNPARSED flag: a collector that drops
  what it cannot parse hides exactly the lines an attacker would craft.

Speed is the design constraint (this is most of the per-line cost of the
daemon): regexes are matched on the raw bytes and only the fields are
decoded; timestamps are converted through caches keyed on their bytes, since
consecutive lines share their second; the fraction of a second is kept out of
the cache key so that microsecond timestamps still hit it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from json.encoder import encode_basestring as _json_str  # what ensure_ascii=False uses

from insyt.ingest.decode import content_flags
from insyt.record import NUL_BYTES, UNPARSED, Record

# RFC 5424 §6.2.1: PRI is "<" PRIVAL ">", PRIVAL 1*3DIGIT in 0..191 (facility
# 0..23 times 8 plus severity 0..7), without leading zeros except "<0>".
MAX_PRIVAL = 191
# RFC 5424 §6: HOSTNAME 1*255, APP-NAME 1*48, PROCID 1*128, MSGID 1*32
# PRINTUSASCII.  A longer field means the line is not RFC 5424.  The RFC 3164
# HOSTNAME (§4.1.2: a host name or an address) has the same bound, a domain
# name's (RFC 1034 §3.1, RFC 1035 §2.3.4: 255 octets): a longer first token
# is message text, not a host.
MAX_HOSTNAME = 255
MAX_APP_NAME = 48
MAX_PROCID = 128
MAX_MSGID = 32
# RFC 5424 §6.3.2/§6.3.3: SD-ID and PARAM-NAME are SD-NAME, 1*32 PRINTUSASCII
# except "=", SP, "]" and '"'.
MAX_SD_NAME = 32
# RFC 5424 §6.3 sets no bound on the number of SD-ELEMENTs and SD-PARAMs; each
# costs a few microseconds of Python, so a frame packed with thousands would
# cost milliseconds.  Past this many (elements plus params) the SD is kept as
# message text instead.  Windows events forwarded by NXLog carry about 40.
MAX_SD_ITEMS = 256
# RFC 5424 §6.2.3: TIME-SECFRAC is at most 6 digits; longer fractions (sent by
# some Go and Java loggers) are truncated to microseconds, not refused.
MAX_FRACTION_DIGITS = 6
# RFC 3164 §4.1.2 leaves the year out; a yearless timestamp more than this far
# ahead of its arrival is from last year (a December line read in January).
MAX_FUTURE_S = 7 * 86400
# Distinct timestamp strings remembered: a busy second from many senders with
# different clocks stays well below this.
TIMESTAMP_CACHE_SIZE = 4096

NILVALUE = b"-"  # RFC 5424 §6: "-" stands for an absent header field or SD
BOM = b"\xef\xbb\xbf"  # RFC 5424 §6.4: MSG-UTF8 starts with a BOM
# What framing leaves at the end: CR of CRLF senders, the NUL that old RFC
# 6587 §3.4.2 senders use as terminator, padding.
_TRAILING = b" \t\r\n\x0b\x0c\x00"

_PRI = re.compile(rb"<(0|[1-9][0-9]{0,2})>")

# RFC 5424 §6.2.3 TIMESTAMP (RFC 3339 profile).  Lowercase "t"/"z" and a
# missing offset are accepted (read in the configured zone): senders get it
# wrong, and the line is still plainly RFC 5424.
_ISO = (
    rb"([0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2})"  # date-time to the second
    rb"(?:\.([0-9]++))?"  # fraction
    rb"([Zz]|[+-][0-9]{2}:[0-9]{2})?"  # offset
)

_RFC5424 = re.compile(
    rb"1 (?:-|" + _ISO + rb")"
    rb" ([!-~]{1,%d}+) ([!-~]{1,%d}+) ([!-~]{1,%d}+) ([!-~]{1,%d}+)(?: |\Z)"
    % (MAX_HOSTNAME, MAX_APP_NAME, MAX_PROCID, MAX_MSGID)
)

# RFC 3164 §4.1.3 TAG: "name[pid]:", "name:" or (some devices) "name[pid]",
# then the one SP that separates it from the content.
_TAG_SHAPE = rb"[^ \[\]:]++(?:\[[^ \[\]]*+\](?=[: ]|\Z)|:(?= |\Z))"
_TAG_GROUPS = rb"([^ \[\]:]++)(?:\[([^ \[\]]*+)\](?=[: ]|\Z):?|:(?= |\Z)) ?"
_TAG = re.compile(_TAG_GROUPS)
# RFC 3164 §4.1.2 TIMESTAMP "Mmm dd hh:mm:ss" (day space-padded), with the
# year Cisco inserts ("Nov 24 2026 19:00:00"), an optional fraction, or an
# RFC 3339 timestamp instead; Cisco IOS/ASA put a ":" right after it.  Then
# HOSTNAME, unless the next token is tag-shaped: syslog(3) writes none to
# /dev/log and some relays forward it so ("Nov 24 19:00:00 sshd[12]: ...").
# Cisco ASA with "logging device-id" sends "fw1 : %ASA-...", hence the lone
# ":" after the host; a token longer than MAX_HOSTNAME is no host but text.
# Then the TAG.  One regex for the whole header, as a match() call costs more
# than a group; possessive quantifiers throughout, so that a 64 KiB token
# cannot make the engine backtrack through it.
_MONTH = rb"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
# After a HOSTNAME, a bare word is the TAG too (RFC 3164 §5.3: any character
# that is not alphanumeric ends the TAG; rsyslog's parser does the same), as
# rsyslog sends lines of an imfile input whose Tag has no colon.
_BARE_TAG = rb"([A-Za-z0-9_./-]{1,32}+) (?=.)"
_RFC3164 = re.compile(
    rb"(?:(" + _MONTH + rb" {1,2}[0-9]{1,2} (?:([0-9]{4}) )?[0-9]{2}:[0-9]{2}:[0-9]{2})"
    rb"(?:\.([0-9]++))?|" + _ISO + rb"):?(?: ++|\Z)"
    rb"(?:(?!" + _TAG_SHAPE + rb")([^ ]{1,%d}+)(?![^ ]) *+(?::(?= |\Z) *+)?" % MAX_HOSTNAME +
    rb"(?:" + _TAG_GROUPS + rb"|" + _BARE_TAG + rb")?"
    rb"|(?:" + _TAG_GROUPS + rb")?)"
)


_SD_NAME = rb"[!#-<>-\\^-~]{1,%d}+" % MAX_SD_NAME  # PRINTUSASCII minus = SP ] "
# §6.3.3: inside the quotes \" \\ \] are escapes (an unescaped "]" is taken
# too).  Written as an unrolled loop: an alternation per byte is 3x slower.
_SD_VALUE = rb'[^"\\]*+(?:\\.[^"\\]*+)*+'
# An element is matched whole first, so a malformed one is refused before
# any of its params are taken.  SP runs are tolerated where §6.3 wants one.
_SD_ELEMENT = re.compile(
    rb"\[(" + _SD_NAME + rb")((?: ++" + _SD_NAME + rb'="' + _SD_VALUE + rb'")*+) *+\]', re.DOTALL
)
_SD_PARAM = re.compile(rb" ++(" + _SD_NAME + rb')="(' + _SD_VALUE + rb')"', re.DOTALL)
_SD_ESCAPE = re.compile(rb'\\(["\\\]])')

_MONTHS = {name: number for number, name in enumerate(_MONTH[4:-1].split(b"|"), start=1)}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)
_new_record = tuple.__new__  # Record(...) costs a Python-level __new__ call


def parse(
    data: bytes,
    *,
    received: float,
    transport: str,
    peer: str,
    flags: int = 0,
    tz: tzinfo | None = None,
) -> Record:
    """Parse one framed message; never raises, never drops.

    ``flags`` are the caller's (TRUNCATED from the framer) and are kept.
    ``tz`` is the zone of timestamps that carry none (RFC 3164); None is the
    machine's.  Should the parser itself have a bug, the line is still kept
    as UNPARSED rather than lost with the exception.
    """
    try:
        return _parse(data, received, transport, peer, flags, tz)
    except Exception:
        line = data.rstrip(_TRAILING)
        flags |= content_flags(line)
        return _unparsed(data, line, None, received, transport, peer, flags)


def _parse(
    data: bytes, received: float, transport: str, peer: str, flags: int, tz: tzinfo | None
) -> Record:
    line = data.rstrip(_TRAILING)
    flags |= content_flags(line)
    pri = _PRI.match(line)
    if pri is not None:
        prival = int(pri[1])
        if prival <= MAX_PRIVAL:
            pos = pri.end()
            if line.startswith(b"1 ", pos):
                return _rfc5424(data, line, pos, prival, received, transport, peer, flags, tz)
            if pos < len(line):
                return _rfc3164(data, line, pos, prival, received, transport, peer, flags, tz)
            return _unparsed(data, line, prival, received, transport, peer, flags)
    return _rfc3164(data, line, 0, None, received, transport, peer, flags, tz)


def _rfc5424(
    data: bytes,
    line: bytes,
    pos: int,
    prival: int,
    received: float,
    transport: str,
    peer: str,
    flags: int,
    tz: tzinfo | None,
) -> Record:
    m = _RFC5424.match(line, pos)
    if m is None:  # "1 " was content after all, or a field is too long
        return _unparsed(data, line, prival, received, transport, peer, flags)
    stamp, fraction, offset, host, app, procid, msgid = m.groups()
    timestamp = None
    if stamp is not None:
        seconds = _iso_seconds(stamp, offset, tz)
        if seconds is not None:
            timestamp = _add_fraction(seconds, fraction)
    pos = m.end()
    end = len(line)
    sd = None
    if pos < end:
        first = line[pos]
        if first == 0x2D:  # "-"
            if pos + 1 == end or line[pos + 1] == 0x20:
                pos += 2
        elif first == 0x5B:  # "["
            parsed = _structured_data(line, pos, flags & NUL_BYTES)
            if parsed is not None:
                sd, pos = parsed
        # Anything else: the sender left SD out; the rest is the message.
    msg = line[pos:]
    if msg.startswith(BOM):
        msg = msg[3:]
    elif msg.startswith(b" "):
        # rsyslog's RFC 5424 templates write %msg%, which for a message that
        # came in as RFC 3164 keeps the space that followed "tag:"; the
        # same line must read the same whichever way it was forwarded.
        msg = msg[1:]
    message = msg.decode("utf-8", "backslashreplace")
    if flags & NUL_BYTES:
        message = message.replace("\x00", "\\x00")
    return _new_record(Record, (
        received, transport, peer, prival >> 3, prival & 7, timestamp,
        None if host == NILVALUE else host.decode("ascii"),
        None if app == NILVALUE else app.decode("ascii"),
        None if procid == NILVALUE else procid.decode("ascii"),
        None if msgid == NILVALUE else msgid.decode("ascii"),
        sd, message, data, flags,
    ))  # fmt: skip


def _structured_data(line: bytes, pos: int, nul: int) -> tuple[str, int] | None:
    """SD elements from ``pos`` as JSON, and where MSG starts; None if malformed.

    A repeated SD-ID (which §6.3.2 forbids) merges into the first, a repeated
    PARAM-NAME keeps its last value: nothing the sender said is thrown away
    except what it overwrote itself.
    """
    sd: dict[str, dict[str, str]] = {}
    end = len(line)
    budget = MAX_SD_ITEMS
    while True:
        element = _SD_ELEMENT.match(line, pos)
        if element is None:
            return None
        sd_id, element_params = element.groups()
        params = sd.setdefault(sd_id.decode("ascii"), {})
        found = _SD_PARAM.findall(element_params)
        budget -= 1 + len(found)
        if budget < 0:
            return None
        for name, value in found:
            if b"\\" in value:
                value = _SD_ESCAPE.sub(rb"\1", value)
            text = value.decode("utf-8", "backslashreplace")
            if nul:
                text = text.replace("\x00", "\\x00")
            params[name.decode("ascii")] = text
        pos = element.end()
        if pos == end:
            break
        following = line[pos]
        if following == 0x20:
            pos += 1
            break
        if following != 0x5B:  # "]x": not SD after all
            return None
    # What json.dumps(sd, ensure_ascii=False, separators=(",", ":")) returns,
    # at a third of the cost of going through a JSONEncoder.
    body = ",".join([
        _json_str(sd_id) + ":{"
        + ",".join([_json_str(name) + ":" + _json_str(text) for name, text in params.items()])
        + "}"
        for sd_id, params in sd.items()
    ])  # fmt: skip
    return "{" + body + "}", pos


def _rfc3164(
    data: bytes,
    line: bytes,
    pos: int,
    prival: int | None,
    received: float,
    transport: str,
    peer: str,
    flags: int,
    tz: tzinfo | None,
) -> Record:
    m = _RFC3164.match(line, pos)
    if m is not None:
        (bsd, year, bsd_fraction, iso, iso_fraction, offset,
         host, app, procid, bare_app, no_host_app, no_host_procid) = m.groups()
        if host is None:
            app, procid = no_host_app, no_host_procid
        elif app is None:
            app = bare_app
        if bsd is not None:
            timestamp = _bsd_timestamp(bsd, year, bsd_fraction, received, tz)
        else:
            seconds = _iso_seconds(iso, offset, tz)
            timestamp = None if seconds is None else _add_fraction(seconds, iso_fraction)
    elif prival is None:  # §4.3.3: no PRI and no timestamp, nothing says "syslog"
        return _unparsed(data, line, None, received, transport, peer, flags)
    else:  # §4.3.2: a PRI but no TIMESTAMP, the rest is MSG (perhaps with a TAG)
        m = _TAG.match(line, pos)
        timestamp = host = None
        app, procid = (None, None) if m is None else m.groups()
    if m is not None:
        pos = m.end()
    if not procid:  # "sshd[]:"
        procid = None
    msg = line[pos:]
    if msg.startswith(BOM):
        msg = msg[3:]
    message = msg.decode("utf-8", "backslashreplace")
    host_text = None if host is None else host.decode("utf-8", "backslashreplace")
    app_text = None if app is None else app.decode("utf-8", "backslashreplace")
    procid_text = None if procid is None else procid.decode("utf-8", "backslashreplace")
    if flags & NUL_BYTES:
        message = message.replace("\x00", "\\x00")
        if host_text is not None:
            host_text = host_text.replace("\x00", "\\x00")
        if app_text is not None:
            app_text = app_text.replace("\x00", "\\x00")
        if procid_text is not None:
            procid_text = procid_text.replace("\x00", "\\x00")
    return _new_record(Record, (
        received, transport, peer,
        None if prival is None else prival >> 3, None if prival is None else prival & 7,
        timestamp, host_text, app_text, procid_text, None, None, message, data, flags,
    ))  # fmt: skip


def _unparsed(
    data: bytes,
    line: bytes,
    prival: int | None,
    received: float,
    transport: str,
    peer: str,
    flags: int,
) -> Record:
    """The whole line as message, so the classifier still sees every byte."""
    message = line.decode("utf-8", "backslashreplace")
    if flags & NUL_BYTES:
        message = message.replace("\x00", "\\x00")
    return Record(
        received, transport, peer,
        None if prival is None else prival >> 3, None if prival is None else prival & 7,
        None, None, None, None, None, None, message, data, flags | UNPARSED,
    )  # fmt: skip


def _add_fraction(seconds: int, fraction: bytes | None) -> float:
    """One correctly rounded division, as ``datetime.timestamp()`` does."""
    if fraction is None:
        return float(seconds)
    micro = int(fraction[:MAX_FRACTION_DIGITS].ljust(MAX_FRACTION_DIGITS, b"0"))
    return (seconds * 1_000_000 + micro) / 1_000_000


def _bsd_timestamp(
    stamp: bytes, year: bytes | None, fraction: bytes | None, received: float, tz: tzinfo | None
) -> float | None:
    if year is not None:
        seconds = _bsd_seconds(stamp, 0, tz)
    else:
        try:
            this_year = _year_at(int(received), tz)
        except (ValueError, OverflowError, OSError):
            return None
        seconds = _bsd_seconds(stamp, this_year, tz)
        if seconds is None or seconds > received + MAX_FUTURE_S:
            seconds = _bsd_seconds(stamp, this_year - 1, tz)
    if seconds is None:
        return None
    return _add_fraction(seconds, fraction)


@lru_cache(maxsize=64)
def _year_at(second: int, tz: tzinfo | None) -> int:
    return datetime.fromtimestamp(second, tz).year


@lru_cache(maxsize=TIMESTAMP_CACHE_SIZE)
def _bsd_seconds(stamp: bytes, year: int, tz: tzinfo | None) -> int | None:
    """``Mmm dd [yyyy] hh:mm:ss`` in ``tz`` (``year`` unless the stamp has one)."""
    fields = stamp.split()
    if len(fields) == 4:
        year = int(fields[2])
    hms = fields[-1]
    return _seconds(
        year, _MONTHS[fields[0].lower()], int(fields[1]),
        int(hms[0:2]), int(hms[3:5]), int(hms[6:8]), tz,
    )  # fmt: skip


@lru_cache(maxsize=TIMESTAMP_CACHE_SIZE)
def _iso_seconds(stamp: bytes, offset: bytes | None, tz: tzinfo | None) -> int | None:
    """``YYYY-MM-DDThh:mm:ss`` plus ``Z``/``±hh:mm`` (or none: ``tz``) as epoch."""
    year, month, day = int(stamp[0:4]), int(stamp[5:7]), int(stamp[8:10])
    hour, minute, second = int(stamp[11:13]), int(stamp[14:16]), int(stamp[17:19])
    if offset is None:
        return _seconds(year, month, day, hour, minute, second, tz)
    shift = 0
    if len(offset) == 6:
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 23 or minutes > 59:  # RFC 3339 §5.6 time-numoffset
            return None
        shift = (hours * 3600 + minutes * 60) * (-1 if offset[0] == 0x2D else 1)
    utc = _seconds(year, month, day, hour, minute, second, UTC)
    return None if utc is None else utc - shift


def _seconds(
    year: int, month: int, day: int, hour: int, minute: int, second: int, tz: tzinfo | None
) -> int | None:
    """Whole epoch seconds of a wall-clock time in ``tz``; None if no such time."""
    leap = 0
    # RFC 3339 §5.6 has a leap second 60 (which RFC 5424 §6.2.3 forbids and
    # datetime refuses); a sender that sends one gets the next second.
    if second == 60:
        second, leap = 59, 1
    try:
        if tz is None:
            return int(datetime(year, month, day, hour, minute, second).timestamp()) + leap
        if tz is UTC:
            moment = datetime(year, month, day, hour, minute, second)
            return (moment - _EPOCH_NAIVE) // _SECOND + leap
        moment = datetime(year, month, day, hour, minute, second, tzinfo=tz)
        return (moment - _EPOCH) // _SECOND + leap
    except (ValueError, OverflowError, OSError):
        return None
