"""Serializers: one event, one style, one line in a given format.

Each takes the event, its :class:`~insyt.training.synth.surface.Style` and the time,
and returns the message (a whole file line when ``style.raw``).  CEF follows
ArcSight's Common Event Format (``CEF:Version|Device Vendor|Device Product|
Device Version|Device Event Class ID|Name|Severity|Extension``, ``|`` and
``\\`` escaped in the header, ``=`` and ``\\`` in extension values, custom
strings as ``csN``/``csNLabel`` pairs); LEEF follows IBM QRadar's Log Event
Extended Format 1.0 (tab-separated attributes) and 2.0 (a declared
delimiter, as a character or ``xHH``), with its predefined attribute names
where one fits.  Logfmt quotes what has spaces, ``=`` or quotes, as Go's
logfmt encoders do.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from insyt.training.synth.events import Event
from insyt.training.synth.surface import Style, code, fields, phrase, sentence
from insyt.training.synth.wording import CLASSES, MODULES

Serializer = Callable[[Event, Style, datetime], str]


def _message(event: Event, style: Style) -> str:
    """What a free-form logger line says: a sentence, sometimes with the code appended."""
    text = sentence(event, style)
    if style.layout % 5 == 0:
        text = f"{text} [{style.name('action', event.kind)}={code(event, style)}]"
    return text


def _quoted(value: str, style: Style, special: str) -> str:
    q = style.quote or '"'
    if style.quote_all or not value or any(ch in value for ch in special):
        return q + value.replace("\\", "\\\\").replace(q, "\\" + q) + q
    return value


# --- key=value families ---------------------------------------------------------------


def kv(event: Event, style: Style, when: datetime) -> str:
    """Vendor key=value: dialect names, random order, separator and quoting."""
    special = " =\"'" + style.sep.strip()
    return style.sep.join(
        f"{name}={_quoted(value, style, special)}" for _, name, value in fields(event, style, when)
    )


def logfmt(event: Event, style: Style, when: datetime) -> str:
    """Go's logfmt (logrus, go-kit, slog's TextHandler): time, level and msg lead."""
    def value(text: str) -> str:
        if not text or any(ch in text for ch in ' ="\\'):
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return text

    level = style.level.lower() if style.layout % 2 else style.level.upper()
    head = [f"time={value(style.when(when))}", f"level={level}",
            f"msg={value(phrase(event, style) if style.layout % 3 else sentence(event, style))}"]
    rest = [f"{name.replace('.', '_')}={value(v)}" for meaning, name, v in
            fields(event, style, when) if meaning not in ("time", "level", "msg")]
    return " ".join(head + rest)


def _nest(flat: list[tuple[str, Any]], nest: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in flat:
        if not nest or "." not in name or name.startswith("@"):
            out[name] = value
            continue
        node = out
        *parents, leaf = name.split(".")
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):  # a scalar already there: keep the dotted name
                node = out
                leaf = name
                break
            node = child
        node[leaf] = value
    return out


def as_json(event: Event, style: Style, when: datetime) -> str:
    """JSON as structured loggers and cloud products write it, in their varied shapes."""
    items = fields(event, style, when)
    numeric = {"sport", "dport", "count", "rate"}
    flat: list[tuple[str, Any]] = [
        (name, int(v) if meaning in numeric and v.isdigit() else v) for meaning, name, v in items
    ]
    parent = ("event", "data", "details", "log", "attributes", "")[style.layout % 6]
    if parent:
        heads = [(n, v) for (m, n, _), (_, v) in zip(items, flat, strict=True) if m in
                 ("time", "level", "host", "product")]
        body = [(n, v) for (m, n, _), (_, v) in zip(items, flat, strict=True) if m not in
                ("time", "level", "host", "product")]
        doc = _nest(heads, style.nest)
        doc[parent] = _nest(body, style.nest)
    else:
        doc = _nest(flat, style.nest)
    compact = style.layout % 4 == 0
    return json.dumps(doc, ensure_ascii=False,
                      separators=(",", ":") if compact else (", ", ": "))


def as_csv(event: Event, style: Style, when: datetime) -> str:
    """Comma-separated values in the style's column order, bare or as ``name=value`` cells."""
    items = fields(event, style, when)
    if not any(meaning == "time" for meaning, _, _ in items):
        items.insert(0, ("time", "time", style.when(when, line_start=True)))
    named = style.layout % 3 == 0
    cells = [f"{name}={value}" if named else value for _, name, value in items]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="",
                        quoting=csv.QUOTE_ALL if style.quote_all else csv.QUOTE_MINIMAL,
                        delimiter=";" if style.layout % 7 == 0 else ",")
    writer.writerow(cells)
    return out.getvalue()


# --- CEF and LEEF ----------------------------------------------------------------------

# CEF extension keys (ArcSight's dictionary) for meanings that have one; the rest go
# into the custom string fields, each with its label naming it as the product would.
_CEF_KEYS = {
    "src": "src", "sport": "spt", "dst": "dst", "dport": "dpt", "proto": "proto",
    "user": "duser", "actor": "suser", "count": "cnt", "action": "act", "msg": "msg",
    "time": "rt", "host": "dvchost", "product": "deviceProcessName", "id": "externalId",
}
_CEF_OBJ = {"web": "request", "outbound": "request", "file": "filePath", "filescan": "filePath",
            "mail": "duser", "elevation": "duser", "dns": "destinationDnsDomain"}
_CEF_CUSTOM = {"signature": "cs1", "obj": "cs2", "level": "cs3", "payload": "cs4",
               "method": "cs5", "status": "cs6", "rate": "cn1"}


def _cef_header(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _cef_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace("=", "\\=").replace("\n", "\\n")


def _is_address(value: str) -> bool:
    return value.replace(".", "").isdigit() or value.count(":") > 1


def _cef_key(meaning: str, kind: str, value: str) -> str | None:
    if meaning == "obj":
        return _CEF_OBJ.get(kind)
    if meaning == "tool":
        return "requestClientApplication" if kind == "web" else "sproc"
    if meaning == "method" and kind == "web":
        return "requestMethod"
    if meaning == "user" and kind in ("mail", "elevation"):
        return "suser"
    if meaning in ("src", "dst") and not _is_address(value):
        return "shost" if meaning == "src" else "dhost"
    return _CEF_KEYS.get(meaning)


def cef(event: Event, style: Style, when: datetime) -> str:
    pairs: list[str] = []
    for meaning, name, value in fields(event, style, when):
        if meaning == "severity":  # the header's
            continue
        key = _cef_key(meaning, event.kind, value)
        if key is None:
            key = _CEF_CUSTOM[meaning]
            pairs.append(f"{key}Label={_cef_value(name)}")
        pairs.append(f"{key}={_cef_value(value)}")
    severity = style.severity if style.severity.isdigit() else (
        "Low", "Medium", "High", "Very-High", "Unknown")[style.v_code % 5]
    signature_id = style.event_id if style.layout % 2 else code(event, style)
    header = "|".join(_cef_header(part) for part in (
        style.vendor, style.product, style.version, signature_id, phrase(event, style), severity))
    return f"CEF:{style.layout % 2}|{header}|{' '.join(pairs)}"


_LEEF_KEYS = {"src": "src", "dst": "dst", "sport": "srcPort", "dport": "dstPort",
              "proto": "proto", "user": "usrName", "severity": "sev", "time": "devTime"}


def leef(event: Event, style: Style, when: datetime) -> str:
    items = fields(event, style, when)
    attrs: list[str] = []
    for meaning, name, value in items:
        key = _LEEF_KEYS.get(meaning, name)
        if meaning == "obj" and event.kind in ("web", "outbound"):
            key = "url"
        elif meaning == "severity" and not value.isdigit():
            key = name
        attrs.append(f"{key}={value.replace(chr(9), ' ')}")  # LEEF has no escapes
        if meaning == "time":
            attrs.append("devTimeFormat=yyyy-MM-dd HH:mm:ss")
    if style.layout % 3 == 0:
        kind_names = CLASSES[event.kind]
        attrs.append(f"cat={kind_names[style.v_frame % len(kind_names)]}")
    event_id = code(event, style) if style.layout % 2 else style.event_id
    head = [style.vendor, style.product, style.version, event_id]
    if style.layout % 4 < 2:
        return "LEEF:1.0|" + "|".join(head) + "|" + "\t".join(attrs)
    delimiter, declared = (("\t", "x09"), ("^", "^"), ("^", "x5E"), ("\t", ""))[style.layout % 4]
    return "LEEF:2.0|" + "|".join(head) + f"|{declared}|" + delimiter.join(attrs)


# --- logger lines and prose --------------------------------------------------------------


def _module(event: Event, style: Style) -> str:
    modules = MODULES[event.kind]
    return modules[style.v_frame % len(modules)]


# Logger layouts (str.format templates over the slots below; a value is never re-parsed,
# so braces in a payload pass through).  Java: log4j's PatternLayout as commonly set,
# logback's default, a bracketed one, log4j with the line number, Spring Boot's default.
_JAVA_LAYOUTS = (
    "{level:<5} [{thread}] {logger} - {text}",
    "{clock} [{thread}] {level:<5} {short} - {text}",
    "[{level}] [{cls}] {text}",
    "{level} {logger}:{lineno} - {text}",
    "{level:>5} {pid} --- [{thread15:>15}] {short:<40} : {text}",
)
# Python: a common custom format, basicConfig's default, Flask's, two custom ones, Django's.
_PYTHON_LAYOUTS = (
    "{stamp} - {logger} - {level} - {text}",
    "{level}:{logger}:{text}",
    "[{stamp}] {level} in {module}: {text}",
    "{stamp} {level} [{logger}] {text}",
    "{stamp} [{level}] {logger}: {text}",
    "[{stamp}] {level} [{logger}:{lineno}] {text}",
)


def java(event: Event, style: Style, when: datetime) -> str:
    """log4j / logback / Spring Boot layouts, with a logger class of the product."""
    module = _module(event, style)
    suffix = ("Service", "Handler", "Filter", "Manager", "Controller", "Listener", "Monitor",
              "Processor", "Auditor")[style.layout % 9]
    package = f"com.{style.vendor.split()[0].lower()}.{style.product.lower()}.{module.lower()}"
    layout = _JAVA_LAYOUTS[style.layout % len(_JAVA_LAYOUTS)]
    line = layout.format(
        level={"WARNING": "WARN", "NOTICE": "INFO"}.get(style.level, style.level),
        thread=style.thread, thread15=style.thread[:15], cls=f"{module}{suffix}",
        logger=f"{package}.{module}{suffix}",
        short=".".join(p[0] for p in package.split(".")) + f".{module}{suffix}",
        clock=f"{when:%H:%M:%S}.{when.microsecond // 1000:03d}",
        lineno=style.v_code % 900 + 10, pid=style.v_code % 60000 + 100,
        text=_message(event, style),
    )
    if "{clock}" in layout or not (style.raw or style.layout % 2):
        return line
    return f"{style.when(when, line_start=True)} {line}"


def python(event: Event, style: Style, when: datetime) -> str:
    """Python logging: the default basicConfig format, Flask's, Django's and common custom ones."""
    module = _module(event, style).lower()
    return _PYTHON_LAYOUTS[style.layout % len(_PYTHON_LAYOUTS)].format(
        stamp=style.when(when, line_start=True),
        level={"WARN": "WARNING", "NOTICE": "INFO"}.get(style.level, style.level),
        logger=f"{style.product.lower()}.{module}", module=module,
        lineno=style.v_code % 400 + 1, text=_message(event, style),
    )


def text(event: Event, style: Style, when: datetime) -> str:
    """A plain English sentence, as appliances and scripts write to syslog."""
    said = sentence(event, style)
    layout = style.layout % 6
    if layout == 0:
        said += "."
    elif layout == 1:
        said = f"{style.product}: {said}"
    elif layout == 2:
        said = f"[{style.level}] {said}"
    elif layout == 3 and style.raw:
        said = f"{style.when(when, line_start=True)} {said}"
    return said


SERIALIZERS: dict[str, Serializer] = {
    "kv": kv,
    "cef": cef,
    "leef": leef,
    "json": as_json,
    "csv": as_csv,
    "java": java,
    "python": python,
    "logfmt": logfmt,
    "text": text,
}
# Share of each format's lines written as whole file lines (no syslog header), the
# same for attacks and benign lines: JSON, CSV and logger lines mostly live in files.
RAW_SHARE = {"kv": 0.25, "cef": 0.2, "leef": 0.15, "json": 0.4, "csv": 0.4, "java": 0.6,
             "python": 0.6, "logfmt": 0.4, "text": 0.15}
