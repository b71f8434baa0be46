"""What an analysis is about: an incident reduced to what the analyst reads.

The daemon hands an :class:`~insyt.incidents.tracker.Incident`, ``insyt analyze`` a
single line; both become a :class:`Case`.  Its facts come from
:func:`insyt.incidents.facts.extract_all` over the evidence, and :attr:`Case.evidence`
is the text every fact an answer names is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from insyt import taxonomy
from insyt.incidents import facts
from insyt.incidents.tracker import Incident
from insyt.ingest.parser import parse
from insyt.taxonomy import Category


class UnknownCategory(ValueError):
    pass


@dataclass(frozen=True)
class Line:
    host: str
    app: str
    message: str


@dataclass(frozen=True)
class Case:
    category: str
    confidence: float
    event_count: int
    lines: tuple[Line, ...]  # evidence, oldest first
    source_ip: str | None = None
    facts: facts.Facts = field(init=False, compare=False)

    def __post_init__(self) -> None:
        if self.category not in taxonomy.BY_NAME:
            raise UnknownCategory(
                f"unknown category {self.category!r} (known: {', '.join(taxonomy.NAMES)})")
        object.__setattr__(self, "facts", facts.extract_all(line.message for line in self.lines))

    @property
    def meta(self) -> Category:
        return taxonomy.BY_NAME[self.category]

    @property
    def ip(self) -> str | None:
        """The address the incident is about: the tracker's, else the first named."""
        return self.source_ip or (self.facts.ips[0] if self.facts.ips else None)

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.host for line in self.lines if line.host))

    @property
    def apps(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.app for line in self.lines if line.app))

    @property
    def evidence(self) -> str:
        """Everything the lines say, for grounding checks."""
        return "\n".join(f"{line.host} {line.app} {line.message}" for line in self.lines)


def from_incident(incident: Incident) -> Case:
    return Case(incident.category, incident.confidence, incident.event_count,
                tuple(Line(e.host, e.app, e.message) for e in incident.evidence),
                incident.source.ip)


def from_text(category: str, text: str, confidence: float = 1.0) -> Case:
    """A one-line case, the line parsed as the daemon would store it."""
    record = parse(text.encode(), received=0.0, transport="cli", peer="")
    line = Line(record.host or "", record.app or "", record.message)
    return Case(category, confidence, 1, (line,),
                facts.source_ip(record.message, record.structured_data))
