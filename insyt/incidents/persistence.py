"""Incidents and run-time suppressions in SQLite.

Every change the tracker makes is written in the same transaction as the
verdicts that caused it and the outbox rows that announce it, so after a
crash the incident table, the alerts and the lines agree.  Open incidents
are read back at start-up and handed to the tracker, which carries them on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from insyt.incidents.tracker import Evidence, Incident, Source, Suppression
from insyt.store.schema import IncidentRow, SuppressionRow
from insyt.taxonomy import Severity


def save(incidents: Iterable[Incident]) -> None:
    rows = [
        {
            "id": inc.id, "category": inc.category, "severity": int(inc.severity),
            "state": inc.state, "source_ip": inc.source.ip, "first_seen": inc.first_seen,
            "last_seen": inc.last_seen, "event_count": inc.event_count,
            "confidence": inc.confidence, "document": json.dumps(inc.to_dict()),
        }
        for inc in incidents
    ]
    if rows:
        tracked = [IncidentRow._meta.fields[name] for name in rows[0] if name != "id"]
        (IncidentRow.insert_many(rows)
         .on_conflict(conflict_target=[IncidentRow.id], preserve=tracked)
         .execute())


def load_open() -> list[Incident]:
    return [from_dict(json.loads(row.document))
            for row in IncidentRow.select().where(IncidentRow.state == "open")]


def load_unanalysed() -> list[Incident]:
    """Open incidents the analyst has not answered (a restart cut it short)."""
    query = IncidentRow.select().where((IncidentRow.state == "open")
                                       & IncidentRow.analysis.is_null())
    return [from_dict(json.loads(row.document)) for row in query]


def save_analysis(incident_id: str, analysis: dict[str, Any]) -> Incident | None:
    """Store the analyst's answer; the incident as it now stands, None if gone."""
    row = IncidentRow.get_or_none(IncidentRow.id == incident_id)
    if row is None:  # removed by retention meanwhile
        return None
    IncidentRow.update(analysis=json.dumps(analysis)).where(IncidentRow.id == incident_id).execute()
    return from_dict(json.loads(row.document))


def from_dict(d: dict[str, Any]) -> Incident:
    """The inverse of :meth:`Incident.to_dict`."""
    source = d["source"]
    return Incident(
        id=d["id"], category=d["category"], severity=Severity[d["severity"].upper()],
        mitre=tuple(d["mitre"]),
        source=Source(source["key"], source["ip"], tuple(source["hosts"]),
                      tuple(source["apps"]), tuple(source["users"])),
        first_seen=d["first_seen"], last_seen=d["last_seen"], event_count=d["event_count"],
        confidence=d["confidence"],
        evidence=tuple(Evidence(**e) for e in d["evidence"]), state=d["state"],
    )


def save_suppression(suppression: Suppression) -> None:
    document = json.dumps(suppression.as_dict())
    SuppressionRow.replace(id=suppression.id, document=document).execute()  # type: ignore[no-untyped-call]


def delete_suppression(suppression_id: str) -> None:
    SuppressionRow.delete().where(SuppressionRow.id == suppression_id).execute()


def load_suppressions() -> tuple[list[Suppression], dict[str, str]]:
    """The stored suppressions this version accepts; why it refuses the others, by id.

    A row an older version wrote can be refused now (a pattern with a
    backreference, which RE2 lacks).  It stays in the table, disabled: a
    start that failed on it would fail again at every restart, and the page
    that can remove it would never come up.
    """
    accepted: list[Suppression] = []
    refused: dict[str, str] = {}
    for row in SuppressionRow.select():
        parsed = parse_suppression(json.loads(row.document))
        if isinstance(parsed, str):
            refused[row.id] = parsed
        else:
            accepted.append(parsed)
    return accepted, refused


def parse_suppression(document: dict[str, Any]) -> Suppression | str:
    """A stored suppression (:meth:`Suppression.as_dict`), or why it is refused."""
    try:
        return Suppression.parse(**document)
    except ValueError as exc:
        return str(exc)


def mark(incident_id: str, **marks: float | str | None) -> bool:
    """Set an admin's marks (``acknowledged``, ``disposition``); False if no such incident."""
    assert set(marks) <= {"acknowledged", "disposition"}, marks
    updated: int = IncidentRow.update(**marks).where(IncidentRow.id == incident_id).execute()
    return updated > 0
