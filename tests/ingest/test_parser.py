"""Tests of the syslog parser: RFC examples, real-world formats, and properties.

Expected epochs are computed here with ``datetime`` from the wall-clock
values in the line, never copied from the parser's output.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insyt.ingest import parser
from insyt.ingest.parser import parse
from insyt.record import INVALID_UTF8, NUL_BYTES, TRUNCATED, UNPARSED, Record

BOM = b"\xef\xbb\xbf"
BERLIN = ZoneInfo("Europe/Berlin")
RECEIVED = datetime(2026, 11, 24, 19, 30, tzinfo=UTC).timestamp()
PEER = "192.0.2.7:514"


def p(
    data: bytes, *, received: float = RECEIVED, flags: int = 0, tz: tzinfo | None = UTC
) -> Record:
    return parse(data, received=received, transport="udp", peer=PEER, flags=flags, tz=tz)


def epoch(
    year: int, month: int, day: int, hour: int, minute: int, second: int, micro: int = 0,
    *, tz: tzinfo = UTC,
) -> float:  # fmt: skip
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz).timestamp()


def offset(hours: int, minutes: int = 0) -> timezone:
    return timezone(timedelta(hours=hours, minutes=minutes))


# --- RFC 5424 §6.5 examples, verbatim ---------------------------------------


def test_rfc5424_example_1() -> None:
    line = (
        b"<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "
        + BOM
        + b"'su root' failed for lonvick on /dev/pts/8"
    )
    assert p(line) == Record(
        received=RECEIVED,
        transport="udp",
        peer=PEER,
        facility=4,
        severity=2,
        timestamp=epoch(2003, 10, 11, 22, 14, 15, 3000),
        host="mymachine.example.com",
        app="su",
        procid=None,
        msgid="ID47",
        structured_data=None,
        message="'su root' failed for lonvick on /dev/pts/8",
        raw=line,
        flags=0,
    )


def test_rfc5424_example_2() -> None:
    line = (
        b"<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - "
        b"%% It's time to make the do-nuts."
    )
    r = p(line)
    assert (r.facility, r.severity) == (20, 5)
    assert r.timestamp == epoch(2003, 8, 24, 5, 14, 15, 3, tz=offset(-7))
    assert (r.host, r.app, r.procid, r.msgid) == ("192.0.2.1", "myproc", "8710", None)
    assert r.structured_data is None
    assert r.message == "%% It's time to make the do-nuts."
    assert r.flags == 0


def test_rfc5424_example_3() -> None:
    line = (
        b"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
        b'[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] '
        + BOM
        + b"An application event log entry..."
    )
    r = p(line)
    assert (r.facility, r.severity) == (20, 5)
    assert r.timestamp == epoch(2003, 10, 11, 22, 14, 15, 3000)
    assert (r.host, r.app, r.procid, r.msgid) == ("mymachine.example.com", "evntslog", None, "ID47")
    assert r.structured_data == (
        '{"exampleSDID@32473":{"iut":"3","eventSource":"Application","eventID":"1011"}}'
    )
    assert r.message == "An application event log entry..."
    assert r.flags == 0


def test_rfc5424_example_4() -> None:
    line = (
        b"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
        b'[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]'
        b'[examplePriority@32473 class="high"]'
    )
    r = p(line)
    assert r.structured_data is not None
    assert json.loads(r.structured_data) == {
        "exampleSDID@32473": {"iut": "3", "eventSource": "Application", "eventID": "1011"},
        "examplePriority@32473": {"class": "high"},
    }
    assert r.structured_data == json.dumps(
        json.loads(r.structured_data), separators=(",", ":"), ensure_ascii=False
    )
    assert r.message == ""
    assert r.flags == 0


# --- RFC 3164 §5.4 examples --------------------------------------------------


def test_rfc3164_example_1() -> None:
    line = b"<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8"
    r = p(line)
    assert (r.facility, r.severity) == (4, 2)
    assert r.timestamp == epoch(2026, 10, 11, 22, 14, 15)
    assert (r.host, r.app, r.procid, r.msgid) == ("mymachine", "su", None, None)
    assert r.message == "'su root' failed for lonvick on /dev/pts/8"
    assert r.structured_data is None
    assert r.flags == 0


def test_rfc3164_example_2_as_sent_has_no_header() -> None:
    r = p(b"Use the BFG!")
    assert r.flags == UNPARSED
    assert (r.facility, r.severity, r.timestamp, r.host) == (None, None, None, None)
    assert r.message == "Use the BFG!"


def test_rfc3164_example_2_as_relayed() -> None:
    # After the HOSTNAME the next word is the TAG (§5.3: a non-alphanumeric
    # character ends it), as rsyslog reads it (force.tagEndingByColon=off).
    r = p(b"<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!")
    assert (r.facility, r.severity) == (1, 5)
    assert r.timestamp == epoch(2026, 2, 5, 17, 32, 18)
    assert (r.host, r.app, r.procid) == ("10.0.0.99", "Use", None)
    assert r.message == "the BFG!"
    assert r.flags == 0


def test_rfc3164_example_3() -> None:
    # §5.4: "CST" lands in HOSTNAME, as the RFC explains, and "1987" in TAG.
    line = (
        b"<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time to make the "
        b"do-nuts.  %%  Ingredients: Mix=OK, Jelly=OK # Devices: Mixer=OK, "
        b"Jelly_Injector=OK, Frier=OK # Transport: Conveyer1=OK, Conveyer2=OK # %%"
    )
    r = p(line)
    assert (r.facility, r.severity) == (20, 5)
    assert r.timestamp == epoch(2026, 8, 24, 5, 34, 0)
    assert (r.host, r.app) == ("CST", "1987")
    assert r.message.startswith("mymachine myproc[10]: %% It's time")
    assert r.message.endswith("Conveyer2=OK # %%")
    assert r.flags == 0


def test_rfc3164_example_4_original_and_relayed() -> None:
    original = (
        b"<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 "
        b"sched[0]: That's All Folks!"
    )
    r = p(original)
    assert (r.facility, r.severity, r.timestamp, r.host, r.app) == (0, 0, None, None, None)
    assert r.message == original[3:].decode()
    assert r.flags == 0

    relayed = b"<0>Oct 22 10:52:12 scapegoat " + original[3:]
    r = p(relayed)
    assert r.timestamp == epoch(2026, 10, 22, 10, 52, 12)
    assert (r.host, r.app) == ("scapegoat", "1990")
    assert r.message == original[8:].decode()


# --- RFC 3164 as it is really sent -------------------------------------------


def test_rsyslog_forward_format() -> None:
    r = p(b"<13>2026-11-24T19:00:00.123456+01:00 host tag[12]: msg")
    assert (r.facility, r.severity) == (1, 5)
    assert r.timestamp == epoch(2026, 11, 24, 19, 0, 0, 123456, tz=offset(1))
    assert (r.host, r.app, r.procid, r.msgid) == ("host", "tag", "12", None)
    assert r.message == "msg"
    assert r.flags == 0


def test_rsyslog_file_format_without_pri() -> None:
    r = p(b"2026-11-24T19:00:00.5Z web1 sshd[7]: Accepted publickey for root\n")
    assert (r.facility, r.severity) == (None, None)
    assert r.timestamp == epoch(2026, 11, 24, 19, 0, 0, 500000)
    assert (r.host, r.app, r.procid) == ("web1", "sshd", "7")
    assert r.message == "Accepted publickey for root"
    assert r.flags == 0


def test_cisco_with_year() -> None:
    r = p(b"<189>Nov 24 2025 19:00:00 router1 %SYS-5-CONFIG_I: Configured from console by vty0")
    assert (r.facility, r.severity) == (23, 5)
    assert r.timestamp == epoch(2025, 11, 24, 19, 0, 0)
    assert (r.host, r.app, r.procid) == ("router1", "%SYS-5-CONFIG_I", None)
    assert r.message == "Configured from console by vty0"


def test_explicit_year_is_kept_even_in_the_future() -> None:
    r = p(b"<189>Dec 24 2026 19:00:00 router1 %SYS-5-CONFIG_I: x")
    assert r.timestamp == epoch(2026, 12, 24, 19, 0, 0)


def test_cisco_colon_after_timestamp() -> None:
    r = p(b"<189>Nov 24 2026 19:00:00: %SYS-5-CONFIG_I: Configured from console")
    assert r.timestamp == epoch(2026, 11, 24, 19, 0, 0)
    assert (r.host, r.app) == (None, "%SYS-5-CONFIG_I")
    assert r.message == "Configured from console"


def test_cisco_asa_device_id() -> None:
    r = p(b"<166>Nov 24 2026 19:00:00 fw1 : %ASA-6-302013: Built outbound TCP connection")
    assert (r.facility, r.severity) == (20, 6)
    assert (r.host, r.app) == ("fw1", "%ASA-6-302013")
    assert r.message == "Built outbound TCP connection"


def test_missing_hostname() -> None:
    r = p(b"<13>Nov 24 19:00:00 sshd[12]: msg")
    assert r.timestamp == epoch(2026, 11, 24, 19, 0, 0)
    assert (r.host, r.app, r.procid) == (None, "sshd", "12")
    assert r.message == "msg"
    assert r.flags == 0


def test_missing_hostname_tag_without_pid() -> None:
    r = p(b"<78>Nov 24 19:00:01 CRON: (root) CMD (run-parts /etc/cron.hourly)")
    assert (r.facility, r.severity) == (9, 6)
    assert (r.host, r.app, r.procid) == (None, "CRON", None)
    assert r.message == "(root) CMD (run-parts /etc/cron.hourly)"


def test_missing_timestamp_with_tag() -> None:
    r = p(b"<13>sshd[12]: msg")
    assert (r.facility, r.severity, r.timestamp, r.host) == (1, 5, None, None)
    assert (r.app, r.procid) == ("sshd", "12")
    assert r.message == "msg"
    assert r.flags == 0


def test_missing_timestamp_just_text() -> None:
    r = p(b"<13>just text")
    assert (r.facility, r.severity, r.timestamp, r.host, r.app) == (1, 5, None, None, None)
    assert r.message == "just text"
    assert r.flags == 0


def test_auth_log_line_without_pri() -> None:
    line = b"Nov 24 19:00:00 web1 sshd[123]: Failed password for root from 203.0.113.9 port 22 ssh2"
    r = parse(line, received=RECEIVED, transport="file", peer="/var/log/auth.log", tz=UTC)
    assert (r.facility, r.severity) == (None, None)
    assert r.timestamp == epoch(2026, 11, 24, 19, 0, 0)
    assert (r.host, r.app, r.procid, r.msgid) == ("web1", "sshd", "123", None)
    assert r.message == "Failed password for root from 203.0.113.9 port 22 ssh2"
    assert (r.transport, r.peer, r.received) == ("file", "/var/log/auth.log", RECEIVED)
    assert r.flags == 0


def test_space_padded_day() -> None:
    r = p(b"<13>Nov  4 09:08:07 web1 kernel: [ 1.0] booting")
    assert r.timestamp == epoch(2026, 11, 4, 9, 8, 7)
    assert (r.host, r.app) == ("web1", "kernel")
    assert r.message == "[ 1.0] booting"


@pytest.mark.parametrize(
    ("tag", "app", "procid", "message"),
    [
        (b"CRON:", "CRON", None, "m"),
        (b"sshd[123]:", "sshd", "123", "m"),
        (b"postfix/smtpd[4242]:", "postfix/smtpd", "4242", "m"),
        (b"sshd[123]", "sshd", "123", "m"),  # no colon, as some devices send
        (b"app[]:", "app", None, "m"),
        (b"word", "word", None, "m"),  # a bare word after the host (§5.3)
        (b"http://example.org/", None, None, "http://example.org/ m"),
    ],
)
def test_tags(tag: bytes, app: str | None, procid: str | None, message: str) -> None:
    r = p(b"<13>Nov 24 19:00:00 host " + tag + b" m")
    assert (r.host, r.app, r.procid, r.message) == ("host", app, procid, message)


def test_only_one_space_after_tag_is_removed() -> None:
    r = p(b"<13>Nov 24 19:00:00 host app:   indented  ")
    assert r.message == "  indented"


def test_ipv6_hostname() -> None:
    r = p(b"<13>Nov 24 19:00:00 2001:db8::1 ntpd[5]: synced")
    assert (r.host, r.app, r.procid, r.message) == ("2001:db8::1", "ntpd", "5", "synced")


def test_rfc3164_hostname_is_at_most_255_octets() -> None:
    """RFC 3164 §4.1.2 HOSTNAME is a host name or address, which RFC 1034 §3.1
    bounds at 255 octets: a longer first token is message text."""
    for host, is_host in (("h" * 253 + "é", True), ("h" * 254 + "é", False),
                          ("x" * 70_000, False)):
        r = p(f"<13>Nov 24 19:00:00 {host} sshd[7]: msg".encode())
        assert r.timestamp == epoch(2026, 11, 24, 19, 0, 0)
        if is_host:
            assert (r.host, r.app, r.procid, r.message) == (host, "sshd", "7", "msg")
        else:
            assert (r.host, r.app, r.procid) == (None, None, None)
            assert r.message == f"{host} sshd[7]: msg"
        assert r.flags == 0


def test_timestamp_only() -> None:
    r = p(b"<13>Nov 24 19:00:00")
    assert r.timestamp == epoch(2026, 11, 24, 19, 0, 0)
    assert (r.host, r.app, r.message, r.flags) == (None, None, "", 0)


def test_no_pri_no_timestamp_is_unparsed() -> None:
    r = p(b"Foo 24 19:00:00 web1 sshd[1]: x")
    assert r.flags == UNPARSED
    assert r.message == "Foo 24 19:00:00 web1 sshd[1]: x"


def test_impossible_bsd_date_keeps_the_header() -> None:
    r = p(b"<13>Feb 30 19:00:00 host app: msg")
    assert (r.timestamp, r.host, r.app, r.message, r.flags) == (None, "host", "app", "msg", 0)


# --- year inference and zones ------------------------------------------------


def test_december_line_received_in_january_is_last_year() -> None:
    received = epoch(2027, 1, 2, 10, 0, 0)
    r = p(b"<13>Dec 31 23:59:59 host app: late", received=received)
    assert r.timestamp == epoch(2026, 12, 31, 23, 59, 59)


def test_a_few_days_ahead_stays_this_year() -> None:
    r = p(b"<13>Nov 30 19:00:00 host app: clock ahead")
    assert r.timestamp == epoch(2026, 11, 30, 19, 0, 0)


def test_more_than_a_week_ahead_is_last_year() -> None:
    r = p(b"<13>Dec  5 19:00:00 host app: from last year")
    assert r.timestamp == epoch(2025, 12, 5, 19, 0, 0)


def test_yearless_timestamp_in_configured_zone() -> None:
    r = p(b"<13>Jul  1 12:00:00 host app: summer", tz=BERLIN)
    assert r.timestamp == epoch(2026, 7, 1, 12, 0, 0, tz=BERLIN)
    assert r.timestamp == epoch(2026, 7, 1, 10, 0, 0)  # CEST is UTC+2


def test_year_is_taken_in_the_configured_zone() -> None:
    # 23:30 UTC on New Year's Eve is already 2027 in Berlin.
    received = epoch(2026, 12, 31, 23, 30, 0)
    line = b"<13>Jan  1 00:29:00 host app: happy new year"
    assert p(line, received=received, tz=BERLIN).timestamp == epoch(2027, 1, 1, 0, 29, 0, tz=BERLIN)
    assert p(line, received=received, tz=UTC).timestamp == epoch(2026, 1, 1, 0, 29, 0)


def test_no_zone_means_local_zone() -> None:
    r = p(b"<13>Nov 24 19:00:00 host app: local", tz=None)
    assert r.timestamp == datetime(2026, 11, 24, 19, 0, 0).timestamp()


def test_iso_without_offset_is_in_configured_zone() -> None:
    r = p(b"<13>2026-11-24T19:00:00 host app: x", tz=BERLIN)
    assert r.timestamp == epoch(2026, 11, 24, 19, 0, 0, tz=BERLIN)


# --- RFC 5424 details --------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        (b"2026-11-24T19:00:00Z", epoch(2026, 11, 24, 19, 0, 0)),
        (b"2026-11-24T19:00:00+01:00", epoch(2026, 11, 24, 19, 0, 0, tz=offset(1))),
        (b"2026-11-24T19:00:00-05:30", epoch(2026, 11, 24, 19, 0, 0, tz=offset(-5, -30))),
        (b"2026-11-24T19:00:00.1Z", epoch(2026, 11, 24, 19, 0, 0, 100000)),
        (b"2026-11-24T19:00:00.123456Z", epoch(2026, 11, 24, 19, 0, 0, 123456)),
        (b"2026-11-24T19:00:00.123456789Z", epoch(2026, 11, 24, 19, 0, 0, 123456)),
        (b"2026-11-24T19:00:00.9999999+02:00", epoch(2026, 11, 24, 19, 0, 0, 999999, tz=offset(2))),
        (b"2026-11-24t19:00:00z", epoch(2026, 11, 24, 19, 0, 0)),
        (b"2016-12-31T23:59:60Z", epoch(2017, 1, 1, 0, 0, 0)),  # leap second
        (b"-", None),
        (b"2026-13-01T00:00:00Z", None),  # no such month: header kept, time lost
        (b"2026-11-24T19:00:00+24:00", None),  # RFC 3339 offsets stop at 23:59
    ],
)
def test_rfc5424_timestamps(stamp: bytes, expected: float | None) -> None:
    r = p(b"<14>1 " + stamp + b" host app - - - text")
    assert r.timestamp == expected
    assert (r.host, r.message, r.flags) == ("host", "text", 0)


def test_rfc5424_nilvalues() -> None:
    r = p(b"<14>1 - - - - - -")
    assert (r.facility, r.severity) == (1, 6)
    assert (r.timestamp, r.host, r.app, r.procid, r.msgid, r.structured_data) == (None,) * 6
    assert (r.message, r.flags) == ("", 0)


def test_rfc5424_from_rsyslog_reads_as_the_rfc3164_original() -> None:
    # rsyslog's RSYSLOG_SyslogProtocol23Format keeps the space after "sshd[7]:".
    forwarded = p(b"<38>1 2026-11-24T10:00:00+00:00 h sshd 7 - -  Failed password for root")
    original = p(b"<38>Nov 24 10:00:00 h sshd[7]: Failed password for root")
    assert forwarded.message == original.message == "Failed password for root"
    assert p(b"<38>1 - h a - - -   indented").message == " indented"  # one space only
    assert p(b"<38>1 - h a - - - \xef\xbb\xbf keeps its space").message == " keeps its space"


def test_sd_escapes() -> None:
    line = rb'<14>1 - h a - - [id@1 q="say \"hi\"" b="back\\slash" c="a\]b" d="\n stays"] m'
    r = p(line)
    assert r.structured_data is not None
    assert json.loads(r.structured_data) == {
        "id@1": {"q": 'say "hi"', "b": "back\\slash", "c": "a]b", "d": "\\n stays"}
    }
    assert r.message == "m"


def test_sd_exact_json_text() -> None:
    r = p('<14>1 - h a - - [x@1 k="é ü" e=""] m'.encode())
    assert r.structured_data == '{"x@1":{"k":"é ü","e":""}}'


def test_sd_multiple_elements_and_repeats() -> None:
    r = p(b'<14>1 - h a - - [a k="1" k="2"][b][a j="3"] msg')
    assert r.structured_data is not None
    assert json.loads(r.structured_data) == {"a": {"k": "2", "j": "3"}, "b": {}}
    assert r.message == "msg"


def test_malformed_sd_becomes_message() -> None:
    r = p(b'<14>1 - h a - - [a k="unterminated] msg')
    assert r.structured_data is None
    assert r.message == '[a k="unterminated] msg'
    assert (r.host, r.app, r.flags) == ("h", "a", 0)


def test_sd_followed_by_garbage_becomes_message() -> None:
    r = p(b'<14>1 - h a - - [a k="v"]x msg')
    assert (r.structured_data, r.message) == (None, '[a k="v"]x msg')


def test_missing_sd_is_tolerated() -> None:
    r = p(b"<14>1 - h a - - hello world")
    assert (r.structured_data, r.message, r.flags) == (None, "hello world", 0)


@pytest.mark.parametrize(
    ("field", "limit"),
    [("host", 255), ("app", 48), ("procid", 128), ("msgid", 32)],
)
def test_rfc5424_field_limits(field: str, limit: int) -> None:
    fields = {"host": "h", "app": "a", "procid": "p", "msgid": "m"}
    fields[field] = "x" * limit
    ok = p(("<14>1 - {host} {app} {procid} {msgid} - text".format(**fields)).encode())
    assert getattr(ok, field) == "x" * limit
    assert ok.flags == 0
    fields[field] = "x" * (limit + 1)
    line = "<14>1 - {host} {app} {procid} {msgid} - text".format(**fields)
    too_long = p(line.encode())
    assert too_long.flags == UNPARSED
    assert (too_long.facility, too_long.severity) == (1, 6)
    assert too_long.message == line


def test_bom_only_removed_at_start_of_msg() -> None:
    r = p(b"<14>1 - h a - - - " + BOM + b"x" + BOM)
    assert r.message == "x\ufeff"


# --- PRI ---------------------------------------------------------------------


@pytest.mark.parametrize(("pri", "facility", "severity"), [(0, 0, 0), (191, 23, 7), (38, 4, 6)])
def test_pri_range(pri: int, facility: int, severity: int) -> None:
    r = p(b"<%d>Nov 24 19:00:00 h a: m" % pri)
    assert (r.facility, r.severity, r.flags) == (facility, severity, 0)


@pytest.mark.parametrize("line", [b"<192>Nov 24 19:00:00 h a: m", b"<007>x", b"<00>x", b"<1234>x"])
def test_invalid_pri_is_unparsed(line: bytes) -> None:
    r = p(line)
    assert r.flags == UNPARSED
    assert (r.facility, r.severity, r.timestamp, r.host, r.app) == (None,) * 5
    assert r.message == line.decode()


def test_only_a_pri() -> None:
    r = p(b"<13>")
    assert r.flags == UNPARSED
    assert (r.facility, r.severity) == (1, 5)
    assert r.message == "<13>"


def test_version_without_header() -> None:
    r = p(b"<13>1 not a header")
    assert r.flags == UNPARSED
    assert (r.facility, r.severity) == (1, 5)
    assert r.message == "<13>1 not a header"


def test_empty_input() -> None:
    r = p(b"")
    assert r == Record(
        RECEIVED, "udp", PEER, None, None, None, None, None, None, None, None, "", b"", UNPARSED
    )


# --- bytes that are not clean text ------------------------------------------


def test_invalid_utf8() -> None:
    line = b"<13>Nov 24 19:00:00 host app: caf\xe9 \xff\xfe ok \xc3\xa9"
    r = p(line)
    assert r.message == "caf\\xe9 \\xff\\xfe ok é"
    assert r.flags == INVALID_UTF8
    assert (r.host, r.app) == ("host", "app")
    assert r.raw == line


def test_invalid_utf8_in_sd_value() -> None:
    r = p(b'<14>1 - h a - - [x v="\xff"] m')
    assert r.structured_data is not None
    assert json.loads(r.structured_data) == {"x": {"v": "\\xff"}}
    assert r.flags == INVALID_UTF8


def test_unparsed_invalid_utf8() -> None:
    r = p(b"\xff\xfe garbage")
    assert r.message == "\\xff\\xfe garbage"
    assert r.flags == UNPARSED | INVALID_UTF8


def test_nul_bytes() -> None:
    r = p(b"<13>Nov 24 19:00:00 ho\x00st app: a\x00b")
    assert (r.host, r.message) == ("ho\\x00st", "a\\x00b")
    assert r.flags == NUL_BYTES


def test_nul_in_rfc5424_msg_and_sd() -> None:
    r = p(b'<14>1 - h a - - [x v="1\x002"] a\x00b')
    assert r.message == "a\\x00b"
    assert r.structured_data == '{"x":{"v":"1\\\\x002"}}'
    assert r.flags == NUL_BYTES


def test_trailing_framing_is_stripped_but_raw_is_kept() -> None:
    line = b"<13>Nov 24 19:00:00 host app: done \r\n\x00\x00 "
    r = p(line)
    assert r.message == "done"
    assert r.raw == line
    assert r.flags == 0  # NUL padding at the end is framing, not content


def test_caller_flags_are_kept() -> None:
    assert p(b"<13>Nov 24 19:00:00 host app: cut", flags=TRUNCATED).flags == TRUNCATED
    assert p(b"garbage", flags=TRUNCATED).flags == TRUNCATED | UNPARSED


# --- properties --------------------------------------------------------------

TEXT_FIELDS = ("host", "app", "procid", "msgid", "structured_data", "message")
PREFIXES = [
    b"",
    b"<13>",
    b"<13>1 ",
    b"<13>1 2026-11-24T19:00:00Z h a p m ",
    b"<13>1 2026-11-24T19:00:00.123+01:00 h a p m [",
    b'<13>1 - h a p m [a b="',
    b"<13>Nov 24 19:00:00 ",
    b"Nov  4 2026 19:00:00 host ",
    b"<13>2026-11-24T19:00:00Z host ",
    b"<13>Feb 29 00:00:00 ",
]


def check_invariants(data: bytes, record: Record) -> None:
    assert type(record) is Record
    assert record.raw is data
    for name in TEXT_FIELDS:
        value = getattr(record, name)
        if value is not None:
            assert isinstance(value, str)
            assert "\x00" not in value
            value.encode("utf-8")  # no lone surrogates
    assert isinstance(record.message, str)
    assert record.facility is None or 0 <= record.facility <= 23
    assert record.severity is None or 0 <= record.severity <= 7
    assert record.timestamp is None or isinstance(record.timestamp, float)
    if record.structured_data is not None:
        assert isinstance(json.loads(record.structured_data), dict)


@given(
    st.one_of(
        st.binary(max_size=300), st.tuples(st.sampled_from(PREFIXES), st.binary()).map(b"".join)
    ),
    st.sampled_from([UTC, BERLIN, None]),
)
def test_any_bytes_never_raise(data: bytes, tz: tzinfo | None) -> None:
    check_invariants(data, p(data, tz=tz))
    # parse() keeps a line as UNPARSED should the parser raise; call the inner
    # function too, so that such a bug fails here instead of hiding.
    check_invariants(data, parser._parse(data, RECEIVED, "udp", PEER, 0, tz))


PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
HEADER_CHARS = st.characters(min_codepoint=0x21, max_codepoint=0x7E)


@given(
    host=st.text(HEADER_CHARS, min_size=1, max_size=255),
    app=st.text(HEADER_CHARS, min_size=1, max_size=48),
    procid=st.text(HEADER_CHARS, min_size=1, max_size=128),
    msgid=st.text(HEADER_CHARS, min_size=1, max_size=32),
    message=st.text(PRINTABLE, max_size=200),
)
def test_printable_message_round_trips(
    host: str, app: str, procid: str, msgid: str, message: str
) -> None:
    line = f"<165>1 2026-11-24T19:00:00Z {host} {app} {procid} {msgid} - {message}".encode()
    r = p(line)
    assert r.flags == 0
    assert r.message == message.rstrip(" ").removeprefix(" ")  # rsyslog's space
    assert (r.host, r.app, r.procid, r.msgid) == tuple(
        None if field == "-" else field for field in (host, app, procid, msgid)
    )
    assert r.timestamp == epoch(2026, 11, 24, 19, 0, 0)


SD_NAME = st.text(
    st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters='="]'),
    min_size=1,
    max_size=32,
)
SD_VALUE = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)


@given(
    st.dictionaries(
        SD_NAME, st.dictionaries(SD_NAME, SD_VALUE, max_size=4), min_size=1, max_size=3
    ),
    st.text(PRINTABLE, max_size=40),
)
def test_structured_data_round_trips(sd: dict[str, dict[str, str]], message: str) -> None:
    def escape(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")

    elements = "".join(
        "[" + sd_id + "".join(f' {k}="{escape(v)}"' for k, v in params.items()) + "]"
        for sd_id, params in sd.items()
    )
    r = p(f"<14>1 - h a - - {elements} {message}".encode())
    assert r.structured_data == json.dumps(sd, separators=(",", ":"), ensure_ascii=False)
    assert r.message == message.rstrip(" ").removeprefix(" ")  # rsyslog's space, see above
    assert r.flags == 0


def test_sd_with_too_many_items_is_kept_as_message() -> None:
    within = "".join(f'[e{i} k="v"]' for i in range(parser.MAX_SD_ITEMS // 2))
    r = p(f"<14>1 - h a - - {within} m".encode())
    assert r.structured_data is not None
    assert len(json.loads(r.structured_data)) == parser.MAX_SD_ITEMS // 2
    beyond = within + '[last k="v"]'
    r = p(f"<14>1 - h a - - {beyond} m".encode())
    assert (r.structured_data, r.message) == (None, beyond + " m")


def test_rfc3164_record_shape() -> None:
    line = b"<86>Nov 24 19:00:00 web1 sudo[9]: alice : TTY=pts/0 ; COMMAND=/bin/sh"
    assert p(line, flags=TRUNCATED) == Record(
        received=RECEIVED,
        transport="udp",
        peer=PEER,
        facility=10,
        severity=6,
        timestamp=epoch(2026, 11, 24, 19, 0, 0),
        host="web1",
        app="sudo",
        procid="9",
        msgid=None,
        structured_data=None,
        message="alice : TTY=pts/0 ; COMMAND=/bin/sh",
        raw=line,
        flags=TRUNCATED,
    )
