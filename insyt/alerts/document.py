"""The alert document: what MQTT says of one incident change, and its JSON.

:meth:`Alert.of` takes an :class:`~insyt.incidents.tracker.Incident` (and
the analyst's answer for an ``analysis`` update) and keeps what an alert
says, every string cleaned and bounded; :meth:`Alert.payload` lays it out
as the JSON below.

Payload (ECS names where Elastic Common Schema has one; the flat fields
come first so that a simple consumer needs no nesting)::

    id                 incident id (the same in every message of one incident)
    category           insyt category, e.g. "brute_force"
    severity           "info" | "low" | "medium" | "high" | "critical"
    confidence         classifier confidence 0..1
    mitre              ATT&CK technique ids, most specific first
    source             ECS source: {ip, address, domain (its host name),
                       user: {name}} as far as known
    first_seen         RFC 3339 UTC, first line of the incident
    last_seen          RFC 3339 UTC, latest line so far
    event_count        lines in the incident so far
    evidence           raw lines (bounded: see MAX_EVIDENCE_* below)
    evidence_count     lines of evidence the incident offered
    evidence_truncated true when lines were dropped or cut to fit
    node               the insyt appliance that saw it
    @timestamp         = last_seen (ECS)
    event              {kind: "alert", category: [ECS categories], type: [start|change|end],
                        action: opened|updated|analysis|closed, severity: 0..4,
                        start, end, module: "insyt", dataset: "insyt.alert", id}
    rule               {name: category, description}
    threat             {framework: "MITRE ATT&CK", technique: {id: [...],
                        subtechnique: {id: [...]}}}
    user               {name} (the account involved) when known
    host               {name} (the machine whose logs showed it) when known
    observer           {hostname: node, type: "ids", product: "insyt"}
    analysis           {text, steps, engine, model, seconds, validated[, rejected]} once the
                       analyst has answered (action "analysis"; see insyt.analyst.answer)
    ecs                {version}

Every string in the payload goes through ``json.dumps``: log lines may hold
HTML, JSON fragments, NUL or invalid UTF-8 escapes or text meant to steer a
language model; none of it can change the document's structure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

from insyt.analyst.answer import Analysis
from insyt.incidents.tracker import Incident
from insyt.taxonomy import BY_NAME, Severity

# Well under every broker's default packet bound (AWS IoT: 128 KiB; mosquitto
# and EMQX: 256 MiB and 1 MiB) and small enough for a phone or a home
# automation hub to parse without thinking about it.
MAX_PAYLOAD_BYTES = 64 * 1024
MAX_EVIDENCE_LINES = 32
MAX_EVIDENCE_LINE_CHARS = 2048  # a 64 KiB line keeps its first 2 KiB and gains an ellipsis
MAX_TEXT_CHARS = 256  # ids, names, addresses
MAX_ANALYSIS_CHARS = 8192
MAX_STEPS = 8
MAX_TECHNIQUES = 16
ELLIPSIS = "\u2026"
ECS_VERSION = "8.11.0"
Action = Literal["opened", "updated", "analysis", "closed"]
_EVENT_TYPE = {"opened": "start", "updated": "change", "analysis": "change", "closed": "end"}
# ECS event.category allowed values closest to each insyt category; every
# alert is also "intrusion_detection".
_ECS_CATEGORIES: dict[str, tuple[str, ...]] = {
    "brute_force": ("authentication",),
    "network_scan": ("network",),
    "web_scan": ("web",),
    "web_exploit": ("web",),
    "webshell": ("web", "malware"),
    "privilege_escalation": ("iam",),
    "credential_access": ("authentication",),
    "dns_exfiltration": ("network",),
    "malware_c2": ("malware", "network"),
    "dos": ("network",),
    "mail_abuse": ("email",),
    "recon": ("network",),
}


def clean_text(text: str, limit: int) -> tuple[str, bool]:
    """Text safe for any JSON consumer, at most ``limit`` characters (plus an
    ellipsis when cut); says whether it was cut.

    NUL becomes ``\\x00`` like everywhere else in insyt (``\\u0000`` is valid
    JSON, but C strings and PostgreSQL jsonb refuse it) and lone surrogates
    become ``\\udcNN`` escapes: they cannot be encoded as UTF-8, so the
    payload could not be sent at all.  Lines are stored so already
    (:func:`insyt.ingest.decode.decode_text`); this holds for any text."""
    if "\x00" in text:
        text = text.replace("\x00", "\\x00")
    try:
        text.encode()
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode()
    if len(text) > limit:
        return text[:limit] + ELLIPSIS, True
    return text, False


def _short(text: str | None) -> str | None:
    """A name or id, bounded; None when there is none."""
    return clean_text(text, MAX_TEXT_CHARS)[0] if text else None


def rfc3339(seconds: float) -> str:
    """Unix seconds as RFC 3339 UTC with milliseconds."""
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Alert:
    """One incident change as an alert says it: cleaned, bounded, typed."""

    id: str
    action: Action
    category: str
    severity: Severity
    confidence: float
    mitre: tuple[str, ...]  # at most MAX_TECHNIQUES
    source_ip: str | None
    host: str | None  # the first machine whose logs showed it
    user: str | None  # the first account the evidence names
    first_seen: str  # RFC 3339
    last_seen: str
    event_count: int
    evidence: tuple[str, ...]  # at most MAX_EVIDENCE_LINES, each cut to fit
    evidence_count: int  # lines the incident offered
    evidence_truncated: bool
    analysis: Analysis | None = None  # with its strings cleaned and bounded

    @classmethod
    def of(cls, incident: Incident, action: Action, analysis: Analysis | None = None) -> Alert:
        source = incident.source
        techniques = (_short(t) for t in incident.mitre[:MAX_TECHNIQUES])
        offered = [e.message for e in incident.evidence]
        evidence = [clean_text(line, MAX_EVIDENCE_LINE_CHARS) for line in
                    offered[:MAX_EVIDENCE_LINES]]
        return cls(
            id=_short(incident.id) or "",
            action=action,
            category=clean_text(incident.category, MAX_TEXT_CHARS)[0],
            severity=incident.severity,
            confidence=round(incident.confidence, 4),
            mitre=tuple(t for t in techniques if t),
            source_ip=_short(source.ip),
            host=_short(source.hosts[0]) if source.hosts else None,
            user=_short(source.users[0]) if source.users else None,
            first_seen=rfc3339(incident.first_seen),
            last_seen=rfc3339(incident.last_seen),
            event_count=incident.event_count,
            evidence=tuple(text for text, _ in evidence),
            evidence_count=len(offered),
            evidence_truncated=len(offered) > MAX_EVIDENCE_LINES or any(c for _, c in evidence),
            analysis=None if analysis is None else _cleaned(analysis),
        )

    def payload(self, node: str) -> str:
        """The JSON (see the module docs), never larger than
        :data:`MAX_PAYLOAD_BYTES` in UTF-8; ``node`` is a topic level
        (:func:`insyt.alerts.mqtt.node_name`)."""
        category, action = self.category, self.action
        known = BY_NAME.get(category)
        event: dict[str, Any] = {
            "kind": "alert",
            "category": ["intrusion_detection", *_ECS_CATEGORIES.get(category, ())],
            "type": [_EVENT_TYPE[action]],
            "action": action,
            "severity": int(self.severity),
            "module": "insyt",
            "dataset": "insyt.alert",
            "id": self.id,
            "start": self.first_seen,
        }
        if action == "closed":
            event["end"] = self.last_seen
        source: dict[str, Any] = {}
        if self.source_ip is not None:
            source["ip"] = self.source_ip
        if self.host is not None:
            source["domain"] = self.host
        if self.source_ip is not None or self.host is not None:
            source["address"] = self.source_ip if self.source_ip is not None else self.host
        if self.user is not None:
            source["user"] = {"name": self.user}  # "source: ip/host/user" for simple consumers
        document: dict[str, Any] = {
            "id": self.id,
            "category": category,
            "severity": self.severity.name.lower(),
            "confidence": self.confidence,
            "mitre": list(self.mitre),
            "source": source,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "event_count": self.event_count,
            "evidence": list(self.evidence),
            "evidence_count": self.evidence_count,
            "evidence_truncated": self.evidence_truncated,
            "node": node,
            "@timestamp": self.last_seen,
            "event": event,
            "rule": {"name": category, **({"description": known.summary} if known else {})},
            "threat": _threat(self.mitre),
            "observer": {"hostname": node, "type": "ids", "product": "insyt", "vendor": "insyt"},
            "ecs": {"version": ECS_VERSION},
        }
        if self.user is not None:
            document["user"] = {"name": self.user}
        if self.host is not None:
            document["host"] = {"name": self.host}
        if self.analysis is not None:
            document["analysis"] = _analysis(self.analysis)
        return _fit(document)


def _cleaned(analysis: Analysis) -> Analysis:
    return replace(
        analysis,
        text=clean_text(analysis.text, MAX_ANALYSIS_CHARS)[0],
        steps=tuple(clean_text(step, MAX_ANALYSIS_CHARS // MAX_STEPS)[0]
                    for step in analysis.steps[:MAX_STEPS]),
        engine=_short(analysis.engine) or "",
        model=_short(analysis.model),
        rejected=_short(analysis.rejected),
    )


def _analysis(analysis: Analysis) -> dict[str, Any]:
    """The answer as :meth:`Analysis.as_dict` has it, in the order consumers
    have always seen, without empty names."""
    result: dict[str, Any] = {"text": analysis.text}
    if analysis.engine:
        result["engine"] = analysis.engine
    result["steps"] = list(analysis.steps)
    if analysis.model:
        result["model"] = analysis.model
    if analysis.rejected:
        result["rejected"] = analysis.rejected
    result["validated"] = analysis.validated
    result["seconds"] = round(analysis.seconds, 3)
    return result


def _threat(techniques: tuple[str, ...]) -> dict[str, Any]:
    """ECS splits ATT&CK ids: ``T1110.001`` is a subtechnique of ``T1110``."""
    parents = list(dict.fromkeys(t.split(".", 1)[0] for t in techniques))
    subs = [t for t in techniques if "." in t]
    technique: dict[str, Any] = {"id": parents}
    if subs:
        technique["subtechnique"] = {"id": subs}
    return {"framework": "MITRE ATT&CK", "technique": technique}


def _dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _fit(document: dict[str, Any]) -> str:
    """Serialise, dropping evidence from the end (then the analysis text)
    until the payload fits :data:`MAX_PAYLOAD_BYTES`."""
    text = _dumps(document)
    size = len(text.encode())
    evidence: list[str] = document["evidence"]
    while size > MAX_PAYLOAD_BYTES and evidence:
        excess = size - MAX_PAYLOAD_BYTES
        while evidence and excess > 0:
            excess -= len(json.dumps(evidence.pop(), ensure_ascii=False).encode()) + 1  # ","
        document["evidence_truncated"] = True
        text = _dumps(document)
        size = len(text.encode())
    if size > MAX_PAYLOAD_BYTES and "analysis" in document:
        document["analysis"]["text"] = ""
        text = _dumps(document)
    return text
