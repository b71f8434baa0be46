"""Incidents: what turns labelled lines into alerts a person reads.

The classifier labels every line; one failed password is not an alert, thirty
in a minute from one address are, and a web shell command is one at once.
So detections are grouped by (category, source) in a sliding window, the way
fail2ban counts ``maxretry`` failures within ``findtime``: when a key's count
within its rule's window reaches the rule's threshold an incident opens; while
it is open every detection of the key updates it; after ``quiet_s`` without
one it closes.  The source is the client address the line is about
(:func:`insyt.incidents.facts.source_ip`), else ``host/app``, so a brute force from one
address is one incident however many daemons log it.

Everything here is pure: time comes in with each detection and each
:meth:`IncidentTracker.expire` / :meth:`~IncidentTracker.flush` call, ids come
from an injected callable, and nothing does I/O.  The daemon turns the
returned :class:`Change` objects into MQTT messages and rows.

Memory is bounded whatever arrives: window keys (``max_keys``, oldest evicted
and counted), the characters those windows hold (``max_window_chars``), open
incidents (``max_open``, the quietest closed early to make room), evidence
per incident (``max_evidence`` lines of at most ``max_line_chars``).

Default rules, counted in classified lines per (category, source):

==================== ========= ======== ======= =========================================
category             threshold window_s quiet_s why
==================== ========= ======== ======= =========================================
brute_force          10        60       300     fail2ban bans at 5 in 10 min, but a ban is
                                                cheap and an alert costs a person's time;
                                                each mistyped password writes two lines
                                                (PAM and sshd), three typos and the
                                                disconnect about eight, where bots write
                                                dozens a minute
network_scan         20        60       300     a probe per port; a blocked client's SYN
                                                retries (3-6) stay below
web_scan             20        60       300     scanners ask for thousands of paths; a
                                                visitor's broken links a handful
web_exploit          1         -        300     a payload in a request is deliberate
webshell             1         -        900     a post-compromise act; 15 min keeps one
privilege_escalation 1         -        900     hands-on-keyboard session (pauses between
credential_access    1         -        900     commands) one incident, one analysis
malware_c2           1         -        900     beacons every few minutes stay one incident
dns_exfiltration     5         60       300     a tunnel needs many queries; single long
                                                names (CDNs, DKIM, AV lookups) are common
dos                  50        10       300     a flood is volume by definition: 5/s for 10 s
mail_abuse           10        300      300     relay and spam attempts come slowly, one
                                                reject is a misconfigured sender
recon                5         300      300     enumeration is sparse (VRFY, AXFR, probes)
==================== ========= ======== ======= =========================================

``min_confidence`` is 0.5 everywhere: below it the classifier gives the label
less than even odds, which matters most where one line alerts at once.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple

from insyt import taxonomy
from insyt.incidents import facts
from insyt.pattern import Pattern, PatternError
from insyt.taxonomy import Severity

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
ChangeKind = Literal["opened", "updated", "closed"]
State = Literal["open", "closed"]

MAX_NAMES = 10  # hosts, apps and users named in an incident's source


@dataclass(frozen=True, slots=True)
class Detection:
    """One classified line that is an attack of some category.

    ``source`` is derived, not passed: the client address the line is
    about when it names one (its RFC 5424 structured data first, then the
    message, :func:`insyt.incidents.facts.source_ip`), else ``host/app``.  ``host``
    and ``app`` are "" when the line carried none.
    """

    event_id: int
    time: float  # unix seconds
    category: str
    confidence: float
    host: str
    app: str
    message: str
    structured_data: str | None = None  # as the parser stores it (Record.structured_data)
    source_ip: str | None = field(init=False, compare=False)
    source: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        ip = facts.source_ip(self.message, self.structured_data)
        object.__setattr__(self, "source_ip", ip)
        object.__setattr__(self, "source", ip if ip is not None else f"{self.host}/{self.app}")


class Evidence(NamedTuple):
    event_id: int
    time: float
    host: str
    app: str
    message: str


@dataclass(frozen=True, slots=True)
class Rule:
    """When detections of one category become an incident.

    ``threshold`` lines of one source within ``window_s`` seconds open it;
    ``quiet_s`` seconds without one close it; lines the classifier is less
    sure of than ``min_confidence`` are not counted at all.
    """

    category: str
    threshold: int = 1
    window_s: float = 60.0
    quiet_s: float = 300.0
    min_confidence: float = 0.5

    def __post_init__(self) -> None:
        if self.category not in taxonomy.BY_NAME or not taxonomy.is_attack(self.category):
            raise ValueError(f"no attack category {self.category!r}")
        if self.threshold < 1:
            raise ValueError(f"{self.category}.threshold must be >= 1, got {self.threshold}")
        if not self.window_s > 0:
            raise ValueError(f"{self.category}.window_s must be > 0, got {self.window_s}")
        if not self.quiet_s > 0:
            raise ValueError(f"{self.category}.quiet_s must be > 0, got {self.quiet_s}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"{self.category}.min_confidence must be 0-1, "
                             f"got {self.min_confidence}")


DEFAULT_RULES: Mapping[str, Rule] = {r.category: r for r in (
    Rule("brute_force", threshold=10, window_s=60.0, quiet_s=300.0),
    Rule("network_scan", threshold=20, window_s=60.0, quiet_s=300.0),
    Rule("web_scan", threshold=20, window_s=60.0, quiet_s=300.0),
    Rule("web_exploit", threshold=1, quiet_s=300.0),
    Rule("webshell", threshold=1, quiet_s=900.0),
    Rule("privilege_escalation", threshold=1, quiet_s=900.0),
    Rule("credential_access", threshold=1, quiet_s=900.0),
    Rule("malware_c2", threshold=1, quiet_s=900.0),
    Rule("dns_exfiltration", threshold=5, window_s=60.0, quiet_s=300.0),
    Rule("dos", threshold=50, window_s=10.0, quiet_s=300.0),
    Rule("mail_abuse", threshold=10, window_s=300.0, quiet_s=300.0),
    Rule("recon", threshold=5, window_s=300.0, quiet_s=300.0),
)}

_RULE_KEYS = ("threshold", "window_s", "quiet_s", "min_confidence")


def merge_rules(overrides: Mapping[str, Mapping[str, float]]) -> dict[str, Rule]:
    """The default rules with some settings replaced, e.g. from the config file.

    Only the settings given change, so ``{"dos": {"quiet_s": 60}}`` keeps the
    flood threshold.  Unknown categories or settings raise ValueError naming them.
    """
    rules = dict(DEFAULT_RULES)
    for category, settings in overrides.items():
        if category not in rules:
            raise ValueError(f"no attack category {category!r} "
                             f"(known: {', '.join(sorted(rules))})")
        values: dict[str, Any] = {k: getattr(rules[category], k) for k in _RULE_KEYS}
        for key, value in settings.items():
            if key not in values:
                raise ValueError(f"{category}: unknown setting {key!r} "
                                 f"(known: {', '.join(_RULE_KEYS)})")
            values[key] = int(value) if key == "threshold" else float(value)
        rules[category] = Rule(category, **values)
    return rules


# ------------------------------------------------------------- suppression

@dataclass(frozen=True, slots=True)
class Suppression:
    """An allow rule: detections it matches never open or update an incident.

    Every criterion given must hold (AND); within one, any listed value will
    do (OR); criteria left empty match anything.  So ``networks=10.0.5.17/32,
    categories=web_scan`` silences the weekly vulnerability scan and nothing
    else, which an any-of-all reading would not.  At least one criterion is
    required: a suppression of everything is a mistake.  ``pattern`` is an
    RE2 regex searched in the head of the message (:class:`insyt.pattern.Pattern`).
    """

    id: str
    reason: str = ""
    networks: tuple[IPNetwork, ...] = ()
    hosts: tuple[str, ...] = ()
    apps: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    pattern: str = ""
    expires: float | None = None  # unix seconds; None: never
    _regex: Pattern | None = field(init=False, repr=False, compare=False)
    _hosts: frozenset[str] = field(init=False, repr=False, compare=False)
    _apps: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not (self.networks or self.hosts or self.apps or self.categories or self.pattern):
            raise ValueError(f"suppression {self.id!r} names no network, host, app, category "
                             f"or pattern, so it would silence everything")
        regex = None
        if self.pattern:
            try:
                regex = Pattern(self.pattern)
            except PatternError as exc:
                raise ValueError(f"suppression {self.id!r}: bad pattern: {exc}") from None
        for category in self.categories:
            if category not in taxonomy.BY_NAME:
                raise ValueError(f"suppression {self.id!r}: no category {category!r}")
        object.__setattr__(self, "_regex", regex)
        object.__setattr__(self, "_hosts", frozenset(h.casefold() for h in self.hosts))
        object.__setattr__(self, "_apps", frozenset(a.casefold() for a in self.apps))

    @classmethod
    def parse(
        cls, id: str, *, reason: str = "", networks: Iterable[str] = (),
        hosts: Iterable[str] = (), apps: Iterable[str] = (), categories: Iterable[str] = (),
        pattern: str = "", expires: float | str | None = None,
    ) -> Suppression:  # fmt: skip
        """A suppression from text, as the config file and the status page hold it.

        ``expires`` may be an ISO 8601 date or time ("2025-06-30",
        "2025-06-30T18:00:00+02:00"; without a zone it is UTC, so the same
        file means the same instant on every machine) or "" for never.
        """
        nets = []
        for text in networks:
            try:
                nets.append(ipaddress.ip_network(text.strip(), strict=False))
            except ValueError:
                raise ValueError(f"suppression {id!r}: not a network: {text!r}") from None
        if isinstance(expires, str):
            expires = _parse_time(id, expires)
        return cls(id=id, reason=reason, networks=tuple(nets), hosts=tuple(hosts),
                   apps=tuple(apps), categories=tuple(categories), pattern=pattern,
                   expires=expires)

    def active(self, now: float) -> bool:
        return self.expires is None or now < self.expires

    def matches(self, d: Detection, addr: ipaddress.IPv4Address | ipaddress.IPv6Address | None,
                ) -> bool:  # fmt: skip
        """Whether ``d`` (whose parsed source address is ``addr``) is silenced."""
        if not self.active(d.time):
            return False
        if self.categories and d.category not in self.categories:
            return False
        if self._hosts and d.host.casefold() not in self._hosts:
            return False
        if self._apps and d.app.casefold() not in self._apps:
            return False
        if self.networks and (addr is None or not any(addr in net for net in self.networks)):
            return False
        return self._regex is None or self._regex.search(d.message)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with networks as text: what the page shows and stores."""
        return {"id": self.id, "reason": self.reason,
                "networks": [str(n) for n in self.networks], "hosts": list(self.hosts),
                "apps": list(self.apps), "categories": list(self.categories),
                "pattern": self.pattern, "expires": self.expires}


def _parse_time(id: str, text: str) -> float | None:
    if not text.strip():
        return None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"suppression {id!r}: expires is not an ISO 8601 date: "
                         f"{text!r}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


# --------------------------------------------------------------- incidents

@dataclass(frozen=True, slots=True)
class Source:
    """Who an incident is about, as far as the evidence says."""

    key: str  # what grouped the detections: the client address, else "host/app"
    ip: str | None
    hosts: tuple[str, ...]  # where it was logged, first seen first
    apps: tuple[str, ...]
    users: tuple[str, ...]  # user names the evidence lines name (facts.extract)


@dataclass(frozen=True, slots=True)
class Incident:
    """A snapshot: the tracker's own state moves on, this never changes."""

    id: str
    category: str
    severity: Severity
    mitre: tuple[str, ...]
    source: Source
    first_seen: float
    last_seen: float
    event_count: int
    confidence: float  # the highest of its detections
    evidence: tuple[Evidence, ...]  # the first lines, then the latest, oldest first
    state: State

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for MQTT and the status page."""
        return {
            "id": self.id,
            "category": self.category,
            "severity": self.severity.name.lower(),
            "mitre": list(self.mitre),
            "source": {"key": self.source.key, "ip": self.source.ip,
                       "hosts": list(self.source.hosts), "apps": list(self.source.apps),
                       "users": list(self.source.users)},
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "event_count": self.event_count,
            "confidence": self.confidence,
            "evidence": [e._asdict() for e in self.evidence],
            "state": self.state,
        }


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    incident: Incident


class _Open:
    """An open incident's mutable state (snapshots are taken from it)."""

    __slots__ = ("apps", "category", "confidence", "count", "first_seen", "head", "head_n", "hosts",
                 "id", "ip", "key", "last_emit", "last_seen", "tail", "users_of")

    def __init__(self, id: str, category: str, key: str, ip: str | None, max_evidence: int,
                 ) -> None:  # fmt: skip
        self.id = id
        self.category = category
        self.key = key
        self.ip = ip
        self.first_seen = float("inf")
        self.last_seen = float("-inf")
        self.count = 0
        self.confidence = 0.0
        # Evidence keeps the first lines (how it began: the first attempt, the
        # exploit) and the latest (what it is doing now); a burst's middle
        # repeats itself.  First half rounded up, so max_evidence=1 keeps the
        # opening line.
        self.head_n = (max_evidence + 1) // 2
        self.head: list[Evidence] = []
        self.tail: deque[Evidence] = deque(maxlen=max_evidence - self.head_n)
        self.hosts: dict[str, None] = {}
        self.apps: dict[str, None] = {}
        self.users_of: dict[int, tuple[str, ...]] = {}  # event_id -> users, for kept lines
        self.last_emit = float("-inf")

    def add(self, ev: Evidence, confidence: float, count: int = 1) -> None:
        self.count += count
        self.first_seen = min(self.first_seen, ev.time)
        self.last_seen = max(self.last_seen, ev.time)
        self.confidence = max(self.confidence, confidence)
        if len(self.head) < self.head_n:
            self.head.append(ev)
        else:
            self.tail.append(ev)
        if len(self.hosts) < MAX_NAMES:
            self.hosts.setdefault(ev.host, None)
        if len(self.apps) < MAX_NAMES:
            self.apps.setdefault(ev.app, None)

    def snapshot(self, state: State) -> Incident:
        evidence = (*self.head, *self.tail)
        # Users come from the kept lines only, each line read once.
        cached = self.users_of
        users_of = {e.event_id: cached[e.event_id] if e.event_id in cached
                    else facts.extract(e.message).users for e in evidence}
        self.users_of = users_of
        users: dict[str, None] = {}
        for names in users_of.values():
            for name in names:
                if len(users) < MAX_NAMES:
                    users.setdefault(name, None)
        cat = taxonomy.BY_NAME[self.category]
        return Incident(
            id=self.id, category=self.category, severity=cat.severity, mitre=cat.mitre,
            source=Source(self.key, self.ip, tuple(h for h in self.hosts if h),
                          tuple(a for a in self.apps if a), tuple(users)),
            first_seen=self.first_seen, last_seen=self.last_seen, event_count=self.count,
            confidence=self.confidence, evidence=evidence, state=state,
        )


Key = tuple[str, str]  # (category, source)


class IncidentTracker:
    """Detections in, :class:`Change` objects out; see the module docstring.

    Updates are throttled per incident: an "updated" change goes out when a
    detection arrives ``update_interval_s`` or more after the incident's last
    change; the ones in between only mark it pending, and :meth:`flush` sends
    pending updates once their interval has passed.  A rule on time rather
    than on counts (say at powers of two) bounds the message rate by the
    number of incidents whatever the line rate, and keeps a steady heartbeat
    for a long flood, where doublings would grow ever rarer.
    """

    def __init__(
        self,
        rules: Mapping[str, Rule] = DEFAULT_RULES,
        *,
        max_evidence: int = 20,
        suppressions: Sequence[Suppression] = (),
        update_interval_s: float = 30.0,
        max_keys: int = 100_000,
        max_open: int = 10_000,
        max_window_chars: int = 32 * 1024 * 1024,
        max_line_chars: int = 65536,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        for category, rule in rules.items():
            if category != rule.category:
                raise ValueError(f"rule for {rule.category!r} filed under {category!r}")
        if max_evidence < 1 or max_keys < 1 or max_open < 1 or max_line_chars < 1:
            raise ValueError("max_evidence, max_keys, max_open and max_line_chars must be >= 1")
        self._rules = dict(rules)
        self._max_evidence = max_evidence
        self._interval = update_interval_s
        self._max_keys = max_keys
        self._max_open = max_open
        self._max_window_chars = max_window_chars
        self._max_line_chars = max_line_chars
        self._new_id = new_id
        # category -> source -> detections within the window, least recently
        # touched first: per category, because each has one window length, so
        # stale keys are found at the front.
        self._windows: dict[str, OrderedDict[str, deque[Detection]]] = {}
        self._keys = 0
        self._window_lines = 0
        self._window_chars = 0
        self._open: OrderedDict[Key, _Open] = OrderedDict()  # least recently updated first
        self._pending: dict[Key, None] = {}
        self._suppressions: dict[str, Suppression] = {s.id: s for s in suppressions}
        self._hits: dict[str, int] = {}
        self.suppressed = 0
        self._counts = dict.fromkeys((
            "observed", "ignored", "no_rule", "low_confidence", "opened", "updated", "coalesced",
            "closed", "forced_closes", "key_evictions", "restored"), 0)

    # ------------------------------------------------------------ detections


    def rule(self, category: str) -> Rule:
        """The rule in force for ``category`` (defaults, model and config merged)."""
        return self._rules[category]
    def observe(self, d: Detection) -> list[Change]:
        """Count one detection; the changes it causes (usually none)."""
        counts = self._counts
        counts["observed"] += 1
        if not taxonomy.is_attack(d.category):
            counts["ignored"] += 1
            return []
        rule = self._rules.get(d.category)
        if rule is None:
            counts["no_rule"] += 1
            return []
        if d.confidence < rule.min_confidence:
            counts["low_confidence"] += 1
            return []
        if self._suppressions and self._is_suppressed(d):
            return []
        key = (d.category, d.source)
        changes = []
        inc = self._open.get(key)
        if inc is not None and d.time - inc.last_seen >= rule.quiet_s:
            # Quiet long enough to have closed, whenever expire() last ran:
            # this line starts a new incident, the way it would have anyway.
            changes.append(self._close(key, inc))
            inc = None
        if inc is not None:
            self._open.move_to_end(key)
            inc.add(self._evidence(d), d.confidence)
            if d.time >= inc.last_emit + self._interval:
                return [self._emit("updated", key, inc, d.time)]
            self._pending[key] = None
            counts["coalesced"] += 1
            return []
        if rule.threshold == 1:
            lines: Sequence[Detection] = (d,)
        else:
            window = self._count(rule, d)
            if len(window) < rule.threshold:
                return changes
            lines = tuple(window)
            self._drop_key(d.category, d.source)
        if len(self._open) >= self._max_open:
            changes.append(self._force_close())
        inc = _Open(self._new_id(), d.category, d.source, d.source_ip, self._max_evidence)
        for line in lines:
            inc.add(self._evidence(line), line.confidence)
        self._open[key] = inc
        counts["opened"] += 1
        changes.append(self._emit("opened", key, inc, d.time))
        return changes

    def _evidence(self, d: Detection) -> Evidence:
        return Evidence(d.event_id, d.time, d.host, d.app, d.message[:self._max_line_chars])

    def _count(self, rule: Rule, d: Detection) -> deque[Detection]:
        """The key's window after adding ``d`` and dropping lines older than it allows."""
        by_source = self._windows.setdefault(d.category, OrderedDict())
        window = by_source.get(d.source)
        if window is None:
            if self._keys >= self._max_keys:
                self._evict()
            window = by_source[d.source] = deque()
            self._keys += 1
        else:
            by_source.move_to_end(d.source)
        newest = max(d.time, window[-1].time) if window else d.time
        while window and window[0].time < newest - rule.window_s:
            self._forget(window.popleft())
        if d.time >= newest - rule.window_s:  # a line arriving late still counts if in window
            window.append(d)
            self._window_lines += 1
            self._window_chars += len(d.message)
        keep = (d.category, d.source)
        while self._window_chars > self._max_window_chars and self._evict(keep):
            pass
        return window

    def _forget(self, d: Detection) -> None:
        self._window_lines -= 1
        self._window_chars -= len(d.message)

    def _drop_key(self, category: str, source: str) -> None:
        window = self._windows[category].pop(source)
        self._keys -= 1
        for d in window:
            self._forget(d)

    def _evict(self, keep: Key | None = None) -> bool:
        """Drop the least recently touched window key but ``keep``; False if none was left.

        The dropped key's count starts again: under a flood of sources the
        ones seen least recently are the least likely to reach a threshold.
        """
        oldest: Key | None = None
        oldest_time = float("inf")
        for category, by_source in self._windows.items():
            for source, window in by_source.items():
                if (category, source) != keep:
                    last = window[-1].time if window else float("-inf")
                    if last < oldest_time:
                        oldest, oldest_time = (category, source), last
                break  # only each category's least recently touched key is a candidate
        if oldest is None:
            return False
        self._drop_key(*oldest)
        self._counts["key_evictions"] += 1
        return True

    # ---------------------------------------------------------- suppressions

    def _is_suppressed(self, d: Detection) -> bool:
        addr = None
        if d.source_ip is not None:
            try:
                addr = ipaddress.ip_address(d.source_ip)
            except ValueError:
                addr = None
        for s in self._suppressions.values():
            if s.matches(d, addr):
                self.suppressed += 1
                self._hits[s.id] = self._hits.get(s.id, 0) + 1
                return True
        return False

    def add_suppression(self, s: Suppression) -> None:
        """Add ``s``, or replace the suppression with its id.

        It applies to detections from now on; an open incident it matches
        gets no more updates and closes once quiet.
        """
        self._suppressions[s.id] = s

    def remove_suppression(self, id: str) -> bool:
        self._hits.pop(id, None)
        return self._suppressions.pop(id, None) is not None

    @property
    def suppressions(self) -> tuple[Suppression, ...]:
        return tuple(self._suppressions.values())

    @property
    def suppression_hits(self) -> Mapping[str, int]:
        """Detections each suppression silenced: how the page shows it still matters."""
        return dict(self._hits)

    # ------------------------------------------------------------------ time

    def expire(self, now: float) -> list[Change]:
        """Close incidents quiet for their rule's ``quiet_s``; drop stale keys and suppressions."""
        changes = []
        for key, inc in list(self._open.items()):
            if now - inc.last_seen >= self._rules[inc.category].quiet_s:
                changes.append(self._close(key, inc))
        for category, by_source in self._windows.items():
            rule = self._rules[category]
            while by_source:
                source, window = next(iter(by_source.items()))
                if window and window[-1].time >= now - rule.window_s:
                    break
                self._drop_key(category, source)
        for id, s in list(self._suppressions.items()):
            if not s.active(now):
                del self._suppressions[id]
                self._hits.pop(id, None)
        return changes

    def flush(self, now: float) -> list[Change]:
        """The updates held back by throttling whose interval has passed by ``now``."""
        changes = []
        for key in list(self._pending):
            inc = self._open.get(key)
            if inc is None:
                del self._pending[key]
            elif now >= inc.last_emit + self._interval:
                changes.append(self._emit("updated", key, inc, now))
        return changes

    def tick(self, now: float) -> list[Change]:
        """:meth:`expire` then :meth:`flush`: what a periodic timer calls."""
        return self.expire(now) + self.flush(now)

    def _emit(self, kind: ChangeKind, key: Key, inc: _Open, now: float) -> Change:
        inc.last_emit = now
        self._pending.pop(key, None)
        if kind == "updated":
            self._counts["updated"] += 1
        return Change(kind, inc.snapshot("open"))

    def _close(self, key: Key, inc: _Open) -> Change:
        del self._open[key]
        self._pending.pop(key, None)  # the closing snapshot carries the last counts
        self._counts["closed"] += 1
        return Change("closed", inc.snapshot("closed"))

    def _force_close(self) -> Change:
        key, inc = next(iter(self._open.items()))
        self._counts["forced_closes"] += 1
        return self._close(key, inc)

    # ---------------------------------------------------------- persistence

    def open_incidents(self) -> list[Incident]:
        """Snapshots of the open incidents, for the status page and for :meth:`restore`."""
        return [inc.snapshot("open") for inc in self._open.values()]

    def restore(self, incidents: Iterable[Incident]) -> int:
        """Take back open incidents saved before a restart; how many were taken.

        They continue as they were: later detections of their key update them
        and they close after quiet as usual.  Closed ones, ones whose key is
        already open, ones without a rule and ones past ``max_open`` are skipped.
        """
        restored = 0
        for incident in incidents:
            key = (incident.category, incident.source.key)
            if (incident.state != "open" or key in self._open
                    or incident.category not in self._rules or len(self._open) >= self._max_open):
                continue
            inc = _Open(incident.id, incident.category, incident.source.key, incident.source.ip,
                        self._max_evidence)
            for ev in incident.evidence:
                inc.add(ev, incident.confidence, count=0)
            inc.hosts = dict.fromkeys(incident.source.hosts[:MAX_NAMES])
            inc.apps = dict.fromkeys(incident.source.apps[:MAX_NAMES])
            inc.count = incident.event_count
            inc.first_seen = incident.first_seen
            inc.last_seen = incident.last_seen
            inc.confidence = incident.confidence
            inc.last_emit = incident.last_seen
            self._open[key] = inc
            restored += 1
        self._counts["restored"] += restored
        return restored

    # ---------------------------------------------------------------- stats

    def stats(self) -> dict[str, int]:
        """Counters and sizes for /api/status and /metrics."""
        return {
            **self._counts,
            "suppressed": self.suppressed,
            "open": len(self._open),
            "pending_updates": len(self._pending),
            "window_keys": self._keys,
            "window_lines": self._window_lines,
            "window_chars": self._window_chars,
            "suppressions": len(self._suppressions),
        }
