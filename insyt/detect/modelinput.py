"""What the classifier reads: a log line's text with its volatile parts masked.

Timestamps, addresses, counters, pids, hex ids and UUIDs say nothing about
whether a line is an attack, but they cost tokens (an Apache access line
spends a third of its WordPiece tokens on them) and make every line unique.
Masked, the text is shorter (faster to classify), the model cannot learn
from the numbers of the data it was trained on, and the masked text is the
verdict cache's key, so the repetitive bulk of syslog (same template, other
pid, other address) is classified once.  The trainer and the runtime both go
through :func:`normalize` and :func:`clip`: any difference between them
would be a silent accuracy loss.
"""

from __future__ import annotations

import re

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_TIMESTAMP = re.compile(
    # Apache/nginx "[24/Jan/2022:07:34:57 +0000]"
    r"\[?\d{1,2}/" + _MONTH + r"/\d{4}:\d\d:\d\d:\d\d(?: [+-]\d{4})?\]?"
    # ISO 8601 / RFC 3339 and log4j "2026-11-24 19:00:00,123"
    r"|\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?(?:[Zz]|[+-]\d\d:?\d\d)?"
    # BSD syslog "Nov 24 19:00:00", with a year as Cisco sends
    r"|\b" + _MONTH + r" +\d{1,2}(?: \d{4})? \d\d:\d\d:\d\d(?:\.\d+)?"
    # a bare time of day
    r"|\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b",
    re.IGNORECASE,
)
_IPV4 = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:.])", re.IGNORECASE)
_UUID = re.compile(r"\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b", re.IGNORECASE)
_HEX = re.compile(r"\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b", re.IGNORECASE)
# A digit run with its dotted, comma or colon-separated parts ("1.1", "2.4.62",
# "1,024", "12:30") is one number: one mask, not "0 . 0 . 0" (a user agent's
# versions would otherwise cost a fifth of an access line's tokens).
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_SPACE = re.compile(r"\s+")

# Tokens kept from the start and the end of a long line.  The head holds the
# app, the request or the event; the tail holds what often gives an attack
# away in access logs: the user agent ("Nmap Scripting Engine", "sqlmap").
HEAD_TOKENS = 44


# Cheap necessary conditions, checked before the costly patterns: every
# timestamp alternative holds "d:d", an IPv4 address a ".", a UUID a "-".
_CLOCK = re.compile(r"\d:\d")


def normalize(text: str) -> str:
    """Mask volatile fields: timestamps vanish, addresses become ``ip``,
    UUIDs, hex ids and numbers (dotted versions included) become ``0``;
    whitespace is collapsed."""
    if _CLOCK.search(text):
        text = _TIMESTAMP.sub(" ", text)
    if "." in text:
        text = _IPV4.sub("ip", text)
    if ":" in text:
        text = _IPV6.sub("ip", text)
    if "-" in text:
        text = _UUID.sub("0", text)
    text = _HEX.sub("0", text)
    text = _NUMBER.sub("0", text)
    return _SPACE.sub(" ", text).strip()


def clip(ids: list[int], max_length: int) -> list[int]:
    """Cut a tokenized line ([CLS] ... [SEP]) to ``max_length`` tokens,
    keeping its head and its tail rather than the head alone."""
    if len(ids) <= max_length:
        return ids
    head = min(HEAD_TOKENS, max_length // 2 + max_length // 4)
    return ids[:head] + ids[len(ids) - (max_length - head) :]
