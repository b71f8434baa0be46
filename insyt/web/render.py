"""Turning stored data into HTML: the Jinja environment and its filters.

Autoescape is on for every template.  Text that came from a log line, the
classifier or the analyst goes through :func:`line`, which escapes it and
also makes visible what escaping leaves invisible: control characters (ANSI
escape sequences, carriage returns that would overprint, newlines that would
forge extra lines), bidirectional overrides that reorder what is shown
("Trojan Source"), and the characters that render as nothing at all (soft
hyphens, zero-width spaces and joiners, tag characters, variation
selectors), which could hide text or make two lines look alike.  A run of
one such character shows as one mark with its length.  Very long lines are
cut for display with a note saying how much was cut, a mark counting as the
characters it shows, so the HTML of a line stays bounded whatever it holds;
the API returns lines whole.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from insyt import __version__, taxonomy
from insyt.web.charts import figure

MAX_SHOWN = 2000  # characters of a line shown as evidence
LIST_CHARS = 500  # characters of a line shown in the event list
# What escaping leaves invisible: the C0 and C1 controls but TAB; the
# Default_Ignorable_Code_Point ranges of Unicode's DerivedCoreProperties.txt
# (soft hyphen, combining grapheme joiner, Hangul fillers, Mongolian and other
# variation selectors, zero-width space/joiners, direction marks, embeddings,
# overrides and isolates, word joiner and invisible operators, BOM, tag
# characters U+E0000-E007F and the rest of that plane's first block); the
# other format characters (category Cf: Arabic number signs, interlinear
# annotation); the line and paragraph separators; lone surrogates.
_INVISIBLE_BMP = (
    "\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f\\u00ad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f"
    "\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f"
    "\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ud800-\\udfff\\ufe00-\\ufe0f\\ufeff\\uffa0"
    "\\ufff0-\\ufffb"
)
_INVISIBLE_ASTRAL = (
    "\\U000110bd\\U000110cd\\U00013430-\\U0001343f\\U0001bca0-\\U0001bca3"
    "\\U0001d173-\\U0001d17a\\U000e0000-\\U000e0fff"
)
INVISIBLE = re.compile(f"[{_INVISIBLE_BMP}{_INVISIBLE_ASTRAL}]")
# What the display searches for: the invisible characters, or any past U+FFFF.
# sre tests a class of BMP characters and one more range with a bitmap, ten
# times faster than INVISIBLE's several ranges past U+FFFF; a visible run
# past U+FFFF (emoji) is then skipped whole.
_CANDIDATE = re.compile(f"[{_INVISIBLE_BMP}\\U00010000-\\U0010ffff]")
_VISIBLE_ASTRAL = re.compile(f"[^\\x00-\\uffff{_INVISIBLE_ASTRAL}]+")
MITRE_ID = re.compile(r"^T\d{4}(?:\.\d{3})?$")


@lru_cache(maxsize=1024)
def _code(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@lru_cache(maxsize=1024)
def _run_of(char: str) -> re.Pattern[str]:
    return re.compile(re.escape(char) + "+")  # a repeated literal: the fastest match sre has


def line(text: Any, limit: int = MAX_SHOWN) -> Markup:
    """Escaped text with invisible characters shown as ``\\xNN`` / ``\\uNNNN`` /
    ``\\UNNNNNNNN`` marks (a run: the mark, a multiplication sign and its length),
    at most ``limit`` characters of it, marks included."""
    text = "" if text is None else str(text)
    parts: list[str] = []
    budget = limit  # characters left to show
    pos = 0  # the first character not shown yet
    scan = 0  # where the search for the next invisible character resumes
    # Every character shown costs at least one of the budget, so nothing at or
    # past pos + budget can be shown: the search stops there.
    while (match := _CANDIDATE.search(text, scan, pos + budget)) is not None:
        start = match.start()
        char = match[0]
        if char > "\uffff" and INVISIBLE.match(char) is None:  # an emoji, say: text
            scan = _VISIBLE_ASTRAL.match(text, start, pos + budget).end()  # type: ignore[union-attr]
            continue
        if start > pos:
            parts.append(escape(text[pos:start]))
            budget -= start - pos
            pos = start
        end = _run_of(char).match(text, start).end()  # type: ignore[union-attr]
        mark = _code(char) if end == start + 1 else f"{_code(char)}\u00d7{end - start:,}"
        if len(mark) > budget:
            budget = 0
            break
        parts.append(f'<span class="ctl">{mark}</span>')
        budget -= len(mark)
        pos = scan = end
    tail = text[pos:pos + budget]  # no invisible character in it: searched
    parts.append(escape(tail))
    pos += len(tail)
    if pos < len(text):
        parts.append(f'<span class="cut"> \u2026 {len(text) - pos:,} more characters</span>')
    # Every part is escaped text or a span of ours around hex digits and a count.
    return Markup("".join(parts))  # noqa: S704


def when(value: Any) -> str:
    """A unix time as the appliance's local time, to the second."""
    if not isinstance(value, int | float):
        return "\u2013"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(value))


def duration(seconds: Any) -> str:
    if not isinstance(seconds, int | float):
        return "\u2013"
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m {secs}s"
    return f"{secs}s"


def number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "\u2013" if value is None else str(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def mitre_url(technique: Any) -> str | None:
    """The ATT&CK page of a technique id; None for anything that is not one."""
    if not isinstance(technique, str) or not MITRE_ID.match(technique):
        return None
    return "https://attack.mitre.org/techniques/" + technique.replace(".", "/") + "/"


def source_name(key: Any) -> Markup:
    """An incident's source key for display: an address, or ``host/app``, which is
    only ``/`` when the lines named neither."""
    if key in (None, "", "/"):
        return Markup('<span class="none">no address, host or program</span>')
    return line(key, 120)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("insyt.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(line=line, when=when, duration=duration, number=number,
                       mitre_url=mitre_url, figure=figure,
                       source_name=source_name)
    env.globals.update(version=__version__, LIST_CHARS=LIST_CHARS, categories=taxonomy.CATEGORIES,
                       severities=[s.name.lower() for s in taxonomy.Severity],
                       zone=time.strftime("%Z"))
    return env
