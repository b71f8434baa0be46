"""Tests of the incident engine: real attack shapes fed in with their own times.

Time is passed in, so a minute of brute force is a loop, not a minute; ids
come from a counter, so every expected value is written out.
"""

from __future__ import annotations

import ipaddress
import itertools
import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insyt.incidents.tracker import (
    DEFAULT_RULES,
    Change,
    Detection,
    Evidence,
    Incident,
    IncidentTracker,
    Rule,
    Source,
    Suppression,
    merge_rules,
)
from insyt.pattern import PATTERN_SCAN
from insyt.taxonomy import Severity

T0 = 1_764_000_000.0  # 2025-11-24T16:00:00Z
ATTACKER = "203.0.113.7"


def counter() -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"inc-{next(numbers)}"


def tracker(**kwargs: object) -> IncidentTracker:
    return IncidentTracker(new_id=counter(), **kwargs)  # type: ignore[arg-type]


def failed(i: int, t: float, ip: str = ATTACKER, user: str = "root") -> Detection:
    return Detection(i, t, "brute_force", 0.97, "bastion", "sshd",
                     f"Failed password for {user} from {ip} port {40000 + i} ssh2")


def webshell(i: int, t: float, ip: str = "198.51.100.23", cmd: str = "id") -> Detection:
    return Detection(i, t, "webshell", 0.99, "web1", "nginx",
                     f'{ip} - - [24/Nov/2025:16:00:00 +0000] "GET /uploads/x.php?cmd={cmd} '
                     f'HTTP/1.1" 200 31 "-" "python-requests/2.31.0"')


def scan(i: int, t: float, ip: str) -> Detection:
    return Detection(i, t, "network_scan", 0.9, "gw", "kernel",
                     f"[UFW BLOCK] IN=eth0 OUT= SRC={ip} DST=192.0.2.1 PROTO=TCP SPT=4444 DPT=23")


def feed(t: IncidentTracker, detections: list[Detection]) -> list[Change]:
    return [c for d in detections for c in t.observe(d)]


def kinds(changes: list[Change]) -> list[str]:
    return [c.kind for c in changes]


# ------------------------------------------------------------ grouping

def test_brute_force_burst_is_one_incident_with_few_updates_then_closes() -> None:
    t = tracker()
    burst = [failed(i, T0 + 2 * i) for i in range(30)]  # 30 failures in 58 s
    changes = feed(t, burst)
    # Opens at the 10th line (t=18), then at most one update per 30 s: at t=48.
    assert kinds(changes) == ["opened", "updated"]
    opened, updated = changes[0].incident, changes[1].incident
    assert opened.event_count == 10
    assert opened.evidence == tuple(Evidence(i, T0 + 2 * i, "bastion", "sshd", burst[i].message)
                                    for i in range(10))
    assert updated.event_count == 25
    assert t.flush(T0 + 77) == []  # 30 s after the last update is T0+78
    [pending] = t.flush(T0 + 78)
    assert pending.kind == "updated" and pending.incident.event_count == 30
    assert t.flush(T0 + 200) == []  # nothing new since
    assert t.expire(T0 + 58 + 299) == []
    [closed] = t.expire(T0 + 58 + 300)
    assert closed.kind == "closed"
    incident = closed.incident
    assert incident == Incident(
        id="inc-1", category="brute_force", severity=Severity.MEDIUM,
        mitre=("T1110.001", "T1110.003", "T1110"),
        source=Source(key=ATTACKER, ip=ATTACKER, hosts=("bastion",), apps=("sshd",),
                      users=("root",)),
        first_seen=T0, last_seen=T0 + 58, event_count=30, confidence=0.97,
        evidence=tuple(Evidence(d.event_id, d.time, d.host, d.app, d.message)
                       for d in burst[:10] + burst[20:]),
        state="closed",
    )
    assert {c.incident.id for c in [*changes, pending, closed]} == {"inc-1"}
    assert t.stats()["open"] == 0


def test_a_line_after_quiet_starts_anew_even_before_expire_runs() -> None:
    t = tracker()
    t.observe(webshell(1, T0))
    closed, opened = t.observe(webshell(2, T0 + 900))  # webshell's quiet_s
    assert (closed.kind, closed.incident.id, closed.incident.event_count) == ("closed", "inc-1", 1)
    assert (opened.kind, opened.incident.id, opened.incident.first_seen) == ("opened", "inc-2",
                                                                             T0 + 900)
    burst = feed(t, [failed(i, T0 + i) for i in range(10)])
    assert kinds(burst) == ["opened"]
    assert kinds(t.observe(failed(10, T0 + 9 + 300))) == ["closed"]  # counting starts again


def test_nine_failures_are_below_the_threshold() -> None:
    t = tracker()
    assert feed(t, [failed(i, T0 + i) for i in range(9)]) == []
    assert t.tick(T0 + 3600) == []
    assert t.stats()["opened"] == 0


def test_the_window_slides_so_a_slow_burst_never_opens() -> None:
    t = tracker()
    assert feed(t, [failed(i, T0 + 20 * i) for i in range(30)]) == []  # 30 over ten minutes
    assert t.stats()["window_lines"] <= 4  # 60 s holds four lines 20 s apart


def test_a_line_arriving_late_counts_when_within_the_window() -> None:
    t = tracker()
    lines = [failed(i, T0 + 30 + i) for i in range(9)]
    assert feed(t, lines) == []
    assert kinds(t.observe(failed(9, T0 + 5))) == ["opened"]  # 34 s before the newest


def test_a_web_shell_command_alerts_at_once() -> None:
    t = tracker()
    [change] = t.observe(webshell(1, T0))
    assert change.kind == "opened"
    incident = change.incident
    assert incident.severity == Severity.CRITICAL
    assert incident.mitre[0] == "T1505.003"
    assert incident.source.key == incident.source.ip == "198.51.100.23"
    assert incident.event_count == 1 and incident.state == "open"


def test_two_sources_make_two_incidents() -> None:
    t = tracker()
    lines = [failed(2 * i + j, T0 + i, ip=ip) for i in range(12)
             for j, ip in enumerate(("203.0.113.7", "198.51.100.9"))]
    opened = [c.incident for c in feed(t, lines) if c.kind == "opened"]
    assert [(i.id, i.source.key) for i in opened] == [("inc-1", "203.0.113.7"),
                                                      ("inc-2", "198.51.100.9")]


def test_one_source_two_categories_make_two_incidents() -> None:
    t = tracker()
    t.observe(webshell(1, T0, ip=ATTACKER))
    feed(t, [failed(i, T0 + i) for i in range(2, 12)])
    assert sorted(i.category for i in t.open_incidents()) == ["brute_force", "webshell"]


def test_a_line_without_an_address_is_grouped_by_host_and_app() -> None:
    t = tracker()
    d = Detection(7, T0, "privilege_escalation", 0.9, "web1", "sudo",
                  "  www-data : TTY=unknown ; PWD=/var/www/html ; USER=root ; COMMAND=/bin/bash")
    assert d.source == "web1/sudo" and d.source_ip is None
    [change] = t.observe(d)
    assert change.incident.source == Source(key="web1/sudo", ip=None, hosts=("web1",),
                                            apps=("sudo",), users=("www-data", "root"))


def test_addresses_planted_in_user_names_neither_split_nor_frame_the_attack() -> None:
    # Each attempt plants another address in the user name it sends; before
    # sources were taken where sshd puts them, each line was its own key (100
    # keys of one line: no incident) and an incident's source was a decoy.
    t = tracker()
    decoys = [f"10.0.{i // 250}.{i % 250 + 1}" for i in range(100)]
    changes = feed(t, [failed(i, T0 + i * 0.5, user=f"invalid user admin from {decoy}")
                       for i, decoy in enumerate(decoys)])
    assert kinds(changes)[0] == "opened" and "opened" not in kinds(changes)[1:]
    (incident,) = t.open_incidents()
    assert incident.source.key == incident.source.ip == ATTACKER
    assert incident.event_count == 100 and incident.source.users == ()
    assert t.stats()["window_keys"] == 0


def test_structured_data_names_the_source_before_the_message() -> None:
    d = Detection(1, T0, "brute_force", 0.9, "h", "app", "login failed from 10.0.0.1",
                  '{"auth@32473":{"src":"203.0.113.7"}}')
    assert d.source == d.source_ip == ATTACKER


def test_lines_below_min_confidence_are_not_counted() -> None:
    t = tracker()
    weak = webshell(1, T0)
    assert t.observe(Detection(1, T0, "webshell", 0.49, weak.host, weak.app, weak.message)) == []
    assert t.stats()["low_confidence"] == 1
    strict = tracker(rules={"webshell": Rule("webshell", min_confidence=0.995)})
    assert strict.observe(webshell(2, T0)) == []  # 0.99 < 0.995


def test_benign_and_unruled_categories_are_ignored() -> None:
    t = tracker(rules={"brute_force": DEFAULT_RULES["brute_force"]})
    assert t.observe(Detection(1, T0, "benign", 0.99, "h", "cron", "(root) CMD (true)")) == []
    assert t.observe(webshell(2, T0)) == []
    stats = t.stats()
    assert (stats["ignored"], stats["no_rule"], stats["opened"]) == (1, 1, 0)


# ------------------------------------------------------------- updates

def test_updates_are_throttled_to_one_per_interval() -> None:
    t = tracker(update_interval_s=10)
    changes = feed(t, [webshell(i, T0 + i * 0.1) for i in range(1000)])  # 1000 in 100 s
    assert kinds(changes).count("opened") == 1
    assert 9 <= kinds(changes).count("updated") <= 10
    assert t.stats()["coalesced"] == 999 - kinds(changes).count("updated")


def test_confidence_is_the_highest_seen() -> None:
    t = tracker(update_interval_s=0)
    base = webshell(1, T0)
    t.observe(Detection(1, T0, "webshell", 0.7, base.host, base.app, base.message))
    [c] = t.observe(Detection(2, T0 + 1, "webshell", 0.95, base.host, base.app, base.message))
    [c2] = t.observe(Detection(3, T0 + 2, "webshell", 0.8, base.host, base.app, base.message))
    assert (c.incident.confidence, c2.incident.confidence) == (0.95, 0.95)


def test_evidence_keeps_the_first_and_the_latest_lines() -> None:
    t = tracker(max_evidence=6)
    feed(t, [webshell(i, T0 + i, cmd=f"c{i}") for i in range(1, 51)])
    [closed] = t.expire(T0 + 50 + 900)
    assert [e.event_id for e in closed.incident.evidence] == [1, 2, 3, 48, 49, 50]
    assert closed.incident.event_count == 50


def test_an_opening_flood_carries_its_window_within_the_bound() -> None:
    t = tracker()
    lines = [Detection(i, T0 + i * 0.1, "dos", 0.9, "web1", "nginx",
                       f'203.0.113.9 - - [24/Nov/2025:16:00:00 +0000] "GET /?{i} HTTP/1.1" 503 0')
             for i in range(50)]
    [opened] = feed(t, lines)
    assert opened.kind == "opened"
    assert opened.incident.event_count == 50
    assert [e.event_id for e in opened.incident.evidence] == [*range(10), *range(40, 50)]
    assert opened.incident.first_seen == T0


# -------------------------------------------------------- suppressions

def test_suppression_by_network() -> None:
    t = tracker(suppressions=[Suppression.parse("lab", networks=["203.0.113.0/24"])])
    assert feed(t, [failed(i, T0 + i) for i in range(30)]) == []
    assert t.suppressed == 30
    assert t.suppression_hits == {"lab": 30}
    opened = feed(t, [failed(i, T0 + i, ip="198.51.100.9") for i in range(30, 40)])
    assert kinds(opened) == ["opened"]


def test_suppression_by_network_matches_ipv6_and_mapped_addresses() -> None:
    s = Suppression.parse("v6", networks=["2001:db8::/32", "192.0.2.0/24"])
    t = tracker(suppressions=[s])
    assert t.observe(webshell(1, T0, ip="2001:db8::5")) == []
    mapped = Detection(2, T0, "brute_force", 0.9, "ftp", "vsftpd",
                       '[alice] FAIL LOGIN: Client "::ffff:192.0.2.5"')
    assert mapped.source_ip == "192.0.2.5"
    assert t.observe(mapped) == [] and t.suppressed == 2


def test_suppression_by_host_ignores_case() -> None:
    t = tracker(suppressions=[Suppression.parse("honeypot", hosts=["HoneyPot"])])
    d = webshell(1, T0)
    assert t.observe(Detection(1, T0, d.category, d.confidence, "honeypot", d.app,
                               d.message)) == []
    assert kinds(t.observe(d)) == ["opened"]  # host web1


def test_suppression_by_category_and_app() -> None:
    t = tracker(suppressions=[
        Suppression.parse("noisy-scans", categories=["network_scan"]),
        Suppression.parse("git", apps=["sshd"], categories=["brute_force"]),
    ])
    assert feed(t, [scan(i, T0 + i, "203.0.113.50") for i in range(100)]) == []
    assert feed(t, [failed(i, T0 + i) for i in range(30)]) == []
    assert kinds(t.observe(webshell(1, T0))) == ["opened"]
    assert t.suppression_hits == {"noisy-scans": 100, "git": 30}


def test_every_criterion_of_a_suppression_must_hold() -> None:
    scanner = "198.51.100.23"
    t = tracker(suppressions=[Suppression.parse(
        "nessus", networks=[scanner + "/32"], categories=["web_scan"],
        reason="weekly vulnerability scan")])
    probe = Detection(1, T0, "web_scan", 0.9, "web1", "nginx",
                      f'{scanner} - - [24/Nov/2025:16:00:00 +0000] "GET /.git/config HTTP/1.1" '
                      f'404 0')
    assert t.observe(probe) == []
    assert kinds(t.observe(webshell(2, T0, ip=scanner))) == ["opened"]  # not a web scan


def test_suppression_by_pattern_reads_the_head_of_the_message() -> None:
    t = tracker(suppressions=[Suppression.parse("health", pattern=r"GET /healthz\b")])
    probe = Detection(1, T0, "web_exploit", 0.9, "web1", "nginx",
                      '192.0.2.1 - - [24/Nov/2025:16:00:00 +0000] "GET /healthz?x=%27 HTTP/1.1" '
                      '200 2')
    assert t.observe(probe) == []
    late = Detection(2, T0, "web_exploit", 0.9, "web1", "nginx",
                     "x" * PATTERN_SCAN + " GET /healthz")
    assert kinds(t.observe(late)) == ["opened"]


def test_suppression_expires() -> None:
    t = tracker(suppressions=[Suppression.parse("maint", hosts=["web1"], expires=T0 + 100)])
    assert t.observe(webshell(1, T0 + 50)) == []
    assert kinds(t.observe(webshell(2, T0 + 150))) == ["opened"]
    t.expire(T0 + 200)
    assert t.suppressions == ()


def test_suppression_expiry_may_be_an_iso_date() -> None:
    s = Suppression.parse("until-2030", hosts=["h"], expires="2030-01-01")
    assert s.expires == datetime(2030, 1, 1, tzinfo=UTC).timestamp()
    s = Suppression.parse("zoned", hosts=["h"], expires="2030-01-01T02:00:00+02:00")
    assert s.expires == datetime(2030, 1, 1, tzinfo=UTC).timestamp()
    assert Suppression.parse("never", hosts=["h"], expires="").expires is None


def test_suppressions_added_and_removed_at_run_time() -> None:
    t = tracker()
    [opened] = t.observe(webshell(1, T0))
    t.add_suppression(Suppression.parse("fp-123", networks=["198.51.100.23"],
                                        reason="pentest, ticket 123"))
    assert t.observe(webshell(2, T0 + 60)) == []  # the open incident is not updated
    assert t.flush(T0 + 120) == []
    assert t.suppression_hits == {"fp-123": 1}
    assert t.remove_suppression("fp-123") is True
    assert t.remove_suppression("fp-123") is False
    [update] = t.observe(webshell(3, T0 + 120))
    assert update.kind == "updated" and update.incident.id == opened.incident.id
    assert update.incident.event_count == 2


def test_adding_a_suppression_with_an_existing_id_replaces_it() -> None:
    t = tracker()
    t.add_suppression(Suppression.parse("x", hosts=["a"]))
    t.add_suppression(Suppression.parse("x", hosts=["b"]))
    assert [s.hosts for s in t.suppressions] == [("b",)]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "would silence everything"),
    ({"networks": ["10.0.0.0/33"]}, "not a network"),
    ({"pattern": "(unclosed"}, "bad pattern"),
    ({"pattern": "a" * 257}, "longer than 256"),
    ({"categories": ["bruteforce"]}, "no category"),
    ({"hosts": ["h"], "expires": "next tuesday"}, "ISO 8601"),
])
def test_bad_suppressions_are_refused_with_a_reason(kwargs: dict[str, object],
                                                    message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Suppression.parse("bad", **kwargs)  # type: ignore[arg-type]


def test_suppression_as_dict_is_json_ready() -> None:
    s = Suppression.parse("lab", networks=["10.0.0.0/8"], reason="lab", expires=T0)
    assert json.loads(json.dumps(s.as_dict())) == {
        "id": "lab", "reason": "lab", "networks": ["10.0.0.0/8"], "hosts": [], "apps": [],
        "categories": [], "pattern": "", "expires": T0}
    assert s.networks == (ipaddress.ip_network("10.0.0.0/8"),)
    assert Suppression.parse(**s.as_dict()) == s  # what the page stores, it can load


# ------------------------------------------------------ memory bounds

def test_window_keys_stay_bounded_under_200000_sources() -> None:
    t = tracker()  # max_keys defaults to 100,000
    peak = 0
    for i in range(200_000):
        t.observe(scan(i, T0 + i * 0.001, f"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}"))
        if i % 10_000 == 0:
            peak = max(peak, t.stats()["window_keys"])
    stats = t.stats()
    assert max(peak, stats["window_keys"]) <= 100_000
    assert stats["key_evictions"] == 100_000
    assert stats["window_lines"] == stats["window_keys"] == 100_000
    assert stats["opened"] == 0
    t.expire(T0 + 200 + 60)
    assert t.stats()["window_keys"] == t.stats()["window_lines"] == t.stats()["window_chars"] == 0


def test_window_characters_stay_bounded() -> None:
    t = tracker(max_window_chars=10_000)
    for i in range(1000):
        t.observe(Detection(i, T0 + i, "brute_force", 0.9, "h", "app",
                            f"Failed password for x from 10.0.{i >> 8}.{i & 255} " + "y" * 500))
        assert t.stats()["window_chars"] <= 10_000
    assert t.stats()["key_evictions"] > 0


def test_open_incidents_stay_bounded_the_quietest_closing_first() -> None:
    t = tracker(max_open=3)
    changes = feed(t, [webshell(i, T0 + i, ip=f"198.51.100.{i}") for i in range(1, 6)])
    assert kinds(changes) == ["opened"] * 3 + ["closed", "opened", "closed", "opened"]
    assert [c.incident.source.key for c in changes if c.kind == "closed"] == [
        "198.51.100.1", "198.51.100.2"]
    assert t.stats()["open"] == 3 and t.stats()["forced_closes"] == 2


def test_stale_window_keys_are_dropped() -> None:
    t = tracker()
    feed(t, [failed(i, T0 + i) for i in range(5)])
    feed(t, [scan(i, T0 + i, "203.0.113.60") for i in range(5)])
    assert t.stats()["window_keys"] == 2
    t.expire(T0 + 30)
    assert t.stats()["window_keys"] == 2
    t.expire(T0 + 4 + 60)  # a line exactly window_s old still counts
    assert t.stats()["window_keys"] == 2
    t.expire(T0 + 4 + 61)
    assert t.stats()["window_keys"] == 0 and t.stats()["window_lines"] == 0


# ------------------------------------------------------ hostile input

@pytest.mark.parametrize("message", [
    ("GET /x.php?cmd=" + "A" * 65536)[:65536],  # a whole syslog frame (max_frame)
    "cmd=id\x00\x00\x00 NUL bytes" + "\x00" * 1000,
    "cmd=id \\x00\\x00 escaped NUL bytes as the parser writes them",
    '<script>alert("x")</script><img src=x onerror=alert(1)> cmd=id',
    "\ud800 lone surrogate and \u202e right-to-left override cmd=id",
    "",
])
def test_hostile_messages_are_carried_verbatim(message: str) -> None:
    t = tracker()
    [change] = t.observe(Detection(1, T0, "webshell", 0.99, "web1", "nginx", message))
    assert change.incident.evidence[0].message == message
    json.dumps(change.incident.to_dict())  # JSON-safe as is


def test_evidence_lines_are_cut_at_max_line_chars() -> None:
    t = tracker(max_line_chars=100)
    [change] = t.observe(webshell(1, T0, cmd="A" * 1000))
    assert change.incident.evidence[0].message == webshell(1, T0, cmd="A" * 1000).message[:100]


# --------------------------------------------------------- restarts

def test_restore_continues_an_open_incident() -> None:
    before = tracker()
    feed(before, [failed(i, T0 + i) for i in range(12)])
    saved = before.open_incidents()
    assert [i.event_count for i in saved] == [12]

    after = tracker()
    assert after.restore(saved) == 1
    assert after.restore(saved) == 0  # already open
    [update] = after.observe(failed(12, T0 + 100))
    assert update.kind == "updated"
    assert update.incident.id == saved[0].id
    assert update.incident.event_count == 13
    assert update.incident.first_seen == T0
    assert [e.event_id for e in update.incident.evidence] == list(range(13))
    [closed] = after.expire(T0 + 100 + 300)
    assert closed.kind == "closed" and closed.incident.id == saved[0].id


def test_restore_skips_closed_and_unruled_incidents() -> None:
    t = tracker()
    [opened] = t.observe(webshell(1, T0))
    [closed] = t.expire(T0 + 900)
    fresh = tracker(rules={"brute_force": DEFAULT_RULES["brute_force"]})
    assert fresh.restore([closed.incident, opened.incident]) == 0


def test_incident_to_dict() -> None:
    t = tracker()
    [change] = t.observe(webshell(1, T0))
    d = json.loads(json.dumps(change.incident.to_dict()))
    assert d["id"] == "inc-1" and d["category"] == "webshell"
    assert d["severity"] == "critical" and d["mitre"] == ["T1505.003", "T1059"]
    assert d["confidence"] == 0.99 and d["state"] == "open"
    assert d["source"] == {"key": "198.51.100.23", "ip": "198.51.100.23", "hosts": ["web1"],
                           "apps": ["nginx"], "users": []}
    assert d["evidence"] == [{"event_id": 1, "time": T0, "host": "web1", "app": "nginx",
                              "message": webshell(1, T0).message}]


# ------------------------------------------------------------ rules

def test_merge_rules_changes_only_what_is_given() -> None:
    rules = merge_rules({"dos": {"quiet_s": 60}, "brute_force": {"threshold": 5,
                                                                  "window_s": 600}})
    assert rules["dos"] == Rule("dos", threshold=50, window_s=10, quiet_s=60)
    assert rules["brute_force"] == Rule("brute_force", threshold=5, window_s=600, quiet_s=300)
    assert rules["webshell"] == DEFAULT_RULES["webshell"]
    with pytest.raises(ValueError, match="no attack category 'bruteforce'"):
        merge_rules({"bruteforce": {"threshold": 5}})
    with pytest.raises(ValueError, match="unknown setting 'maxretry'"):
        merge_rules({"brute_force": {"maxretry": 5}})


def test_default_rules_cover_every_attack_category() -> None:
    from insyt.taxonomy import NAMES, is_attack
    assert set(DEFAULT_RULES) == {n for n in NAMES if is_attack(n)}


@pytest.mark.parametrize("kwargs", [
    {"category": "benign"}, {"category": "nope"}, {"category": "dos", "threshold": 0},
    {"category": "dos", "window_s": 0}, {"category": "dos", "quiet_s": -1},
    {"category": "dos", "min_confidence": 1.5},
])
def test_bad_rules_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Rule(**kwargs)  # type: ignore[arg-type]


def test_a_rule_filed_under_another_category_is_refused() -> None:
    with pytest.raises(ValueError, match="filed under"):
        IncidentTracker({"dos": DEFAULT_RULES["recon"]})


# --------------------------------------------------------- properties

_EVENTS = st.lists(st.tuples(
    st.sampled_from(["brute_force", "webshell", "dos", "benign"]),
    st.sampled_from(["203.0.113.1", "203.0.113.2", "2001:db8::1"]),
    # seconds since the previous detection: bursts, a steady trickle, quiet gaps
    st.one_of(st.just(0.0), st.floats(0, 2), st.floats(0, 20), st.floats(0, 1000)),
    st.floats(0.3, 1),  # confidence
), max_size=150)


@settings(max_examples=60, deadline=None)
@given(_EVENTS)
def test_changes_are_consistent_for_any_sequence(events: list[tuple[str, str, float, float]],
                                                 ) -> None:  # fmt: skip
    t = tracker(max_evidence=5, update_interval_s=15, max_keys=2)
    now = T0
    state: dict[str, int] = {}  # incident id -> last event_count seen
    open_keys: set[tuple[str, str]] = set()
    changes: list[Change] = []
    for i, (category, ip, gap, confidence) in enumerate(events):
        now += gap
        changes += t.observe(Detection(i, now, category, confidence, "h", "a",
                                       f"Failed password for u{i} from {ip} port 22"))
        changes += t.tick(now)
    changes += t.tick(now + 10_000)
    for c in changes:
        inc = c.incident
        key = (inc.category, inc.source.key)
        assert len(inc.evidence) <= 5
        assert inc.first_seen <= inc.last_seen
        assert inc.event_count >= len(inc.evidence)
        if c.kind == "opened":
            assert key not in open_keys and inc.id not in state
            assert inc.event_count >= DEFAULT_RULES[inc.category].threshold
            open_keys.add(key)
        else:
            assert key in open_keys and inc.event_count >= state[inc.id]
        if c.kind == "closed":
            open_keys.discard(key)
            assert inc.state == "closed"
        state[inc.id] = inc.event_count
        assert t.stats()["window_keys"] <= 2
    assert open_keys == set() and t.stats()["open"] == 0
    stats = t.stats()
    assert stats["opened"] == stats["closed"]
    assert stats["observed"] == len(events)


def test_model_thresholds_are_the_rules_defaults_and_the_config_wins() -> None:
    """A model's calibrated per-category confidence sets min_confidence;
    a category the config sets keeps the config's value."""
    from insyt.config import from_dict
    from insyt.incidents.configure import make_tracker

    config = from_dict({"incidents": {"rules": {"dos": {"min_confidence": 0.6}}}})
    tracker = make_tracker(config, {"webshell": 0.93, "dos": 0.99})
    assert tracker.rule("webshell").min_confidence == 0.93
    assert tracker.rule("dos").min_confidence == 0.6
    assert tracker.rule("recon").min_confidence == 0.5  # neither: the built-in value
