"""Turning stored data into HTML: the Jinja environment and its filters.

Autoescape is on for every template.  Text that came from a log line, the
classifier or the analyst goes through :func:`line`, which escapes it and
also makes visible what escaping leaves invisible: control characters (ANSI
escape sequences, carriage returns that would overprint, newlines that would
forge extra lines) and bidirectional overrides that reorder what is shown
("Trojan Source").  Very long lines are cut for display with a note saying
how much was cut; the API returns them whole.
"""

from __future__ import annotations

import re
import time
from typing import Any

import jinja2
from markupsafe import Markup, escape

from insyt import __version__, taxonomy
from insyt.charts import figure

MAX_SHOWN = 2000  # characters of a line shown as evidence
LIST_CHARS = 500  # characters of a line shown in the event list
INVISIBLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
    "\ufff9-\ufffb\ud800-\udfff]"
)
MITRE_ID = re.compile(r"^T\d{4}(?:\.\d{3})?$")


def line(text: Any, limit: int = MAX_SHOWN) -> Markup:
    """Escaped text with invisible characters shown as ``\\xNN`` / ``\\uNNNN`` marks."""
    text = "" if text is None else str(text)
    shown = text[:limit]
    parts: list[str] = []
    pos = 0
    for match in INVISIBLE.finditer(shown):
        parts.append(escape(shown[pos:match.start()]))
        code = ord(match.group())
        mark = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        parts.append(Markup('<span class="ctl">{}</span>').format(mark))
        pos = match.end()
    parts.append(escape(shown[pos:]))
    if len(text) > limit:
        parts.append(Markup('<span class="cut"> \u2026 {} more characters</span>').format(
            f"{len(text) - limit:,}"))
    return Markup("").join(parts)


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
        loader=jinja2.PackageLoader("insyt", "templates"),
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
