"""How a line reaches insyt: the one place that writes transport headers.

The model reads only the message and the app name, but the daemon parses
every header first, so the generator must exercise the header shapes insyt
meets in the field, in roughly the proportions it meets them:

* ``rfc3164``: ``<PRI>Mmm dd hh:mm:ss host tag[pid]: msg`` (rsyslog's and
  syslog-ng's default forwarding), sometimes without a host (syslog(3) to a
  relay) or with Cisco's year;
* ``rfc3164-iso``: the same with an RFC 3339 stamp (``RSYSLOG_ForwardFormat``);
* ``rfc5424``: ``<PRI>1 stamp host app procid msgid SD msg``, with or without
  structured data and a BOM;
* ``file-bsd`` / ``file-iso``: a line of ``/var/log/auth.log`` or of rsyslog's
  high-precision file format, followed by the files input (no PRI);
* ``raw``: a whole line in its own format (an access log, a Java log), read
  from a file: the parser keeps it as an UNPARSED message, as it should.

``raw`` lines are also forwarded over syslog sometimes (nginx's
``access_log syslog:``, rsyslog imfile), where the app name is the tag.
"""

from __future__ import annotations

import random
from datetime import datetime

from insyt.training.synth.core import Line
from insyt.training.synth.vocab import bsd_time

SYSLOG_FORMS = ("rfc3164", "rfc3164-iso", "rfc5424", "file-bsd", "file-iso")
RAW = "raw"

# RFC 5424 §6.2.1 facilities, by the app that logs (longest prefix wins).
_FACILITY = (
    ("sshd", 10),
    ("sudo", 10),
    ("su", 10),
    ("pam", 10),
    ("login", 10),
    ("polkit", 10),
    ("dropbear", 10),
    ("systemd-logind", 4),
    ("CRON", 9),
    ("cron", 9),
    ("anacron", 9),
    ("postfix", 2),
    ("exim", 2),
    ("dovecot", 2),
    ("sendmail", 2),
    ("sm-mta", 2),
    ("courier", 2),
    ("imapd", 2),
    ("pop3d", 2),
    ("opendkim", 2),
    ("amavis", 2),
    ("kernel", 0),
    ("named", 3),
    ("dnsmasq", 3),
    ("unbound", 3),
    ("ntpd", 3),
    ("chronyd", 3),
    ("systemd", 3),
    ("dockerd", 3),
    ("containerd", 3),
    ("kubelet", 3),
    ("vsftpd", 11),
    ("proftpd", 11),
    ("pure-ftpd", 11),
    ("ftpd", 11),
)
_SYSLOG_SEVERITY_WORDS = (
    ("fatal", 2),
    ("crit", 2),
    ("error", 3),
    ("fail", 3),
    ("denied", 4),
    ("warn", 4),
    ("invalid", 4),
    ("refused", 4),
)


def _facility(app: str, rng: random.Random) -> int:
    for prefix, number in _FACILITY:
        if app.startswith(prefix):
            return number
    return rng.choice((1, 3, 16, 17, 18, 19, 20, 21, 22, 23))


def _severity(msg: str, rng: random.Random) -> int:
    lower = msg[:200].lower()
    for needle, level in _SYSLOG_SEVERITY_WORDS:
        if needle in lower:
            return rng.choice((level, level, level + 1, 6))
    return rng.choice((6, 6, 6, 5, 7))


def _iso(when: datetime, rng: random.Random) -> str:
    """RFC 3339 as senders write it: fraction of 0/3/6 digits, Z or an offset."""
    digits = rng.choice((0, 3, 6, 6))
    frac = "" if digits == 0 else "." + f"{when.microsecond:06d}"[:digits]
    off = when.strftime("%z")
    zone = "Z" if off == "+0000" and rng.random() < 0.7 else f"{off[:3]}:{off[3:]}"
    return f"{when:%Y-%m-%dT%H:%M:%S}{frac}{zone}"


def _tag(line: Line) -> str:
    return f"{line.app}[{line.pid}]:" if line.pid else f"{line.app}:"


def _sd(rng: random.Random, line: Line, host: str) -> str:
    r = rng.random()
    if r < 0.55:
        return "-"
    if r < 0.7:
        return f'[timeQuality tzKnown="1" isSynced="{rng.randint(0, 1)}"]'
    if r < 0.82:
        return f'[meta sequenceId="{rng.randint(1, 10**6)}"]'
    if r < 0.92:
        return f'[origin ip="{rng.randint(10, 192)}.{rng.randint(0, 255)}.0.{rng.randint(1, 254)}"]'
    return (
        f'[exampleSDID@32473 iut="{rng.randint(1, 9)}" eventSource="{line.app}" '
        f'eventID="{rng.randint(1000, 9999)}"]'
    )


def wrap(line: Line, host: str, rng: random.Random) -> tuple[bytes, str]:
    """The bytes insyt receives for ``line`` and the name of their shape."""
    msg = line.msg
    if line.raw and rng.random() < 0.8:
        return msg.encode("utf-8", "surrogateescape"), RAW
    r = rng.random()
    pri = f"<{_facility(line.app, rng) * 8 + _severity(msg, rng)}>"
    if r < 0.34:
        form = "rfc3164"
        stamp = bsd_time(line.when)
        if rng.random() < 0.04:
            stamp = f"{stamp[:6]} {line.when.year}{stamp[6:]}"
        head = f"{pri}{stamp} {host} " if rng.random() < 0.93 else f"{pri}{stamp} "
        text = f"{head}{_tag(line)} {msg}"
    elif r < 0.5:
        form = "rfc3164-iso"
        text = f"{pri}{_iso(line.when, rng)} {host} {_tag(line)} {msg}"
    elif r < 0.7:
        form = "rfc5424"
        procid = line.pid or "-"
        msgid = (
            "-"
            if rng.random() < 0.8
            else rng.choice(("ID47", "auth", "audit", "access", "log", "-"))
        )
        app = line.app.replace(" ", "_")[:48] or "-"
        bom = "\ufeff" if rng.random() < 0.1 else ""
        text = (
            f"{pri}1 {_iso(line.when, rng)} {host} {app} {procid} {msgid} "
            f"{_sd(rng, line, host)} {bom}{msg}"
        )
    elif r < 0.92:
        form = "file-bsd"
        text = f"{bsd_time(line.when)} {host} {_tag(line)} {msg}"
    else:
        form = "file-iso"
        text = f"{_iso(line.when, rng)} {host} {_tag(line)} {msg}"
    return text.encode("utf-8", "surrogateescape"), form
