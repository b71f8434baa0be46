"""Suppression patterns: RE2, refused constructs, and the daemon under a
catastrophic pattern.

The attack: an admin adds a pattern that backtracks exponentially in
Python's ``re`` (``(a+)+$``, ``(\\w+\\s?)+$``), then lines ending in a long
run of letters and a ``!`` arrive.  Under ``re`` one such line held the event
loop for minutes (no /healthz, UDP lost, SIGTERM ignored), and again after
every restart.  Here the daemon must keep answering, store and classify the
lines, and stop on SIGTERM.
"""

from __future__ import annotations

import html
import http.cookiejar
import json
import re
import socket
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from harness.daemon import Daemon, wait_for

from insyt import config
from insyt.config import ConfigError, StorageConfig
from insyt.pattern import MAX_PATTERN, PATTERN_SCAN, Pattern, PatternError, problem
from insyt.store.database import Store
from insyt.web.auth import CSRF_FIELD

EVIL = (r"(a+)+$", r"(\w+\s?)+$")  # seconds to minutes per line under Python's re
RUN = "a" * 40  # Python's re: some 2**40 steps for (a+)+$; RE2: one pass
PROBE_TIMEOUT_S = 2.0  # generous: a loop held by one line misses it by far


def crafted(ip: str = "203.0.113.9", tail: str = RUN + "!") -> bytes:
    """A web-shell request (the classifier's verdict, so suppressions are consulted)."""
    return (f'<13>Nov 24 10:00:00 web1 nginx: {ip} - - [24/Nov/2025:10:00:00 +0000] '
            f'"GET /shell.php?cmd=cat%20/etc/passwd HTTP/1.1" 200 12 {tail}').encode()


# ------------------------------------------------------------------- unit


@pytest.mark.timeout(60)  # under a backtracking engine these never return
@pytest.mark.parametrize("text", EVIL)
def test_catastrophic_patterns_answer_in_one_pass(text: str) -> None:
    p = Pattern(text)
    assert p.search("x" + "a" * (PATTERN_SCAN - 2) + "!") is False
    assert p.search(RUN + "!" + RUN) is True
    assert p.search(RUN + "!") is False


def test_only_the_head_of_a_message_is_read_and_any_text_is_searchable() -> None:
    p = Pattern(r"needle")
    assert p.search("x" * (PATTERN_SCAN - 6) + "needle")
    assert not p.search("x" * (PATTERN_SCAN - 5) + "needle")
    assert not p.search("\ud800 lone surrogate")  # no UnicodeEncodeError from RE2's wrapper
    assert Pattern(r"(?i)ÉTÉ \d+").search("un été 2025")


@pytest.mark.parametrize(("text", "message"), [
    (r"(a)\1", r'a backreference "\1" is not supported'),
    (r"(?P<x>a)(?P=x)", 'a backreference "(?P=" is not supported'),
    (r"(?P<x>a)\k<x>", 'a backreference "\\k" is not supported'),
    (r"a(?=b)", 'lookahead "(?=" is not supported'),
    (r"a(?!b)", 'lookahead "(?!" is not supported'),
    (r"(?<=a)b", 'lookbehind "(?<=" is not supported'),
    (r"(?<!a)b", 'lookbehind "(?<!" is not supported'),
    (r"(?>a+)b", 'an atomic group "(?>" is not supported'),
    (r"a++b", 'a possessive repeat "++" is not supported'),
    (r"a{2}+", 'a possessive repeat "{2}+" is not supported'),
    (r"end\Z", r"write \z for the end of the text"),
    ("a{4294967296}", "{4294967296}: a repeat count above 1000"),
    ("a{1001}", "{1001}: a repeat count above 1000"),
    ("(a{1000}){1000}", "RE2 repeats at most 1000 times in all (nested repeats multiply)"),
    ("a{,5}", "{,5}: RE2 reads it as literal text; write {0,5}"),
    (r"\pL{1000}", "compiles to more than RE2's 8 MiB"),
    ("(unclosed", "invalid regular expression: missing ): (unclosed"),
    ("\ud800", "not valid Unicode"),
    ("a" * (MAX_PATTERN + 1), f"longer than {MAX_PATTERN} characters"),
])
def test_refused_patterns_say_what_is_wrong(text: str, message: str) -> None:
    assert message in (problem(text) or "")
    with pytest.raises(PatternError, match=re.escape(message)):
        Pattern(text)


@pytest.mark.parametrize("text", [
    r"\x{1001}", r"[{5000}]", r"\Q{5000}\E", r"\{5000}", r"[]{5000}]", r"[[:alpha:]]{3}",
    r"\p{Greek}{2,3}", r"a{}", r"(?P<name>sshd)\[\d+\]", r"(?i)nessus|openvas", r"^GET /healthz\b",
])
def test_braces_that_are_no_repeat_and_ordinary_patterns_are_accepted(text: str) -> None:
    assert problem(text) is None


@pytest.mark.parametrize(("pattern", "message"), [
    (r"(a)\1", r'suppress[0].pattern: a backreference "\1" is not supported'),
    ("a{4294967296}", "suppress[0].pattern: {4294967296}: a repeat count above 1000"),
    ("(a{1000}){1000}", "suppress[0].pattern: {1000}: RE2 repeats at most 1000"),
])
def test_config_refuses_the_pattern_naming_the_key(pattern: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        config.from_dict({"suppress": [{"pattern": pattern}]})
    assert message in str(info.value)


def test_check_config_exits_2_naming_the_key(tmp_path: Path) -> None:
    for pattern, message in [(r"(?<=x)y", 'suppress[1].pattern: lookbehind "(?<=" is not'),
                             ("a{4294967296}", "suppress[1].pattern: {4294967296}: a repeat")]:
        path = tmp_path / "insyt.toml"
        path.write_text(f'[[suppress]]\nhosts = ["h"]\n[[suppress]]\npattern = '
                        f'{json.dumps(pattern)}\n')
        result = subprocess.run([sys.executable, "-m", "insyt", "check-config", "-c", str(path)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr


# ---------------------------------------------------------- real daemon


def probe(d: Daemon) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{d.web_port}/healthz",
                                timeout=PROBE_TIMEOUT_S) as response:
        body: bytes = response.read()
    return body.decode()


def attack(d: Daemon, lines: int = 4) -> None:
    """Crafted lines over UDP and TCP; /healthz answers all along; all are stored
    and classified."""
    before = d.counters()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, \
            socket.create_connection(("127.0.0.1", d.port)) as tcp:
        for i in range(lines):
            udp.sendto(crafted(f"203.0.113.{i + 1}"), ("127.0.0.1", d.port))
            tcp.sendall(crafted(f"198.51.100.{i + 1}") + b"\n")
    expected = before["stored"] + 2 * lines

    def done() -> bool:
        assert probe(d) == "ok\n"  # each probe within PROBE_TIMEOUT_S, or the test fails
        counters = d.counters()
        return counters["stored"] >= expected and counters["classified"] >= expected

    wait_for(done, timeout=120, interval=0.1)
    assert d.counters()["dropped"] == 0


def page_session(d: Daemon, path: str) -> tuple[urllib.request.OpenerDirector, str]:
    """A client holding the page's CSRF cookie, and the token the forms on ``path`` carry."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"http://127.0.0.1:{d.web_port}{path}", timeout=10) as response:
        token = re.search(rf'name="{CSRF_FIELD}" value="([0-9a-f]+)"', response.read().decode())
    assert token is not None
    return opener, token.group(1)


def post(opener: urllib.request.OpenerDirector, d: Daemon, path: str,
         form: dict[str, str]) -> tuple[int, str]:  # fmt: skip
    data = urllib.parse.urlencode(form).encode()
    try:
        with opener.open(f"http://127.0.0.1:{d.web_port}{path}", data=data,
                         timeout=10) as response:
            return response.status, html.unescape(response.read().decode())
    except urllib.error.HTTPError as exc:
        return exc.code, html.unescape(exc.read().decode())


def test_configured_catastrophic_patterns_do_not_stall_the_daemon(
        daemon_factory: Callable[..., Daemon]) -> None:  # fmt: skip
    d = daemon_factory()
    d.config.write_text(d.config.read_text() + "".join(
        f'[[suppress]]\nid = "evil{i}"\npattern = {json.dumps(p)}\n' for i, p in enumerate(EVIL)))
    d.start()
    attack(d)
    # The suppressions still work: a line the pattern matches is silenced.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.sendto(crafted(tail=RUN), ("127.0.0.1", d.port))
    wait_for(lambda: d.status()["classifier"]["incidents"]["suppressed"] >= 1, timeout=60)
    assert d.stop() == 0


def test_a_catastrophic_pattern_added_on_the_page_survives_a_restart(
        daemon_factory: Callable[..., Daemon]) -> None:  # fmt: skip
    d = daemon_factory().start()
    with socket.create_connection(("127.0.0.1", d.port)) as tcp:
        tcp.sendall(crafted("192.0.2.50", tail="x") + b"\n")  # opens a web-shell incident
    incident = wait_for(lambda: json.loads(d.http("/api/incidents"))["incidents"], timeout=60)[0]
    opener, token = page_session(d, f"/alerts/{incident['id']}")
    for pattern, message in [("(a{1000}){1000}", "RE2 repeats at most 1000"),
                             ("a{4294967296}", "a repeat count above 1000"),
                             (r"(?<!x)y", 'lookbehind "(?<!" is not supported')]:
        status, text = post(opener, d, f"/alerts/{incident['id']}/suppress", {
            CSRF_FIELD: token, "scope": "pattern", "pattern": pattern, "expires": "1d"})
        assert (status, message in text) == (400, True), (pattern, status, text[-600:])
    for pattern in EVIL:
        status, _ = post(opener, d, f"/alerts/{incident['id']}/suppress", {
            CSRF_FIELD: token, "scope": "pattern", "pattern": pattern, "expires": "1d"})
        assert status == 200  # the 303 to the incident's page, followed
    assert sorted(json.loads(r["document"])["pattern"] for r in d.rows_of("suppression")) \
        == sorted(EVIL)
    attack(d)
    assert d.stop() == 0
    # The patterns are stored: the next start searches them in what arrives.
    d.start()
    attack(d)
    assert d.status()["classifier"]["incidents"]["suppressions"] == len(EVIL)
    assert d.stop() == 0


def test_a_stored_pattern_now_refused_is_disabled_not_fatal(
        daemon_factory: Callable[..., Daemon]) -> None:  # fmt: skip
    d = daemon_factory()
    store = Store(StorageConfig(path=str(d.db)))
    store.open()
    store.close()
    old = {"id": "page-0ld", "reason": "accepted by Python's re", "networks": [], "hosts": [],
           "apps": [], "categories": [], "pattern": r"(\w+) again \1", "expires": None}
    good = {**old, "id": "page-g00d", "reason": "still fine", "pattern": "GET /healthz"}
    with sqlite3.connect(d.db) as conn:
        conn.executemany('INSERT INTO "suppression" ("id", "document") VALUES (?, ?)',
                         [(s["id"], json.dumps(s)) for s in (old, good)])
    d.start()
    assert d.status()["classifier"]["incidents"]["suppressions"] == 1  # the good one
    log = d.log_text()
    assert log.count("suppression page-0ld is disabled") == 1, log
    assert 'a backreference "\\1" is not supported' in log
    page = html.unescape(d.http("/suppressions"))
    assert "Disabled: suppression 'page-0ld': bad pattern: a backreference \"\\1\"" in page
    assert page.count("Disabled:") == 1
    attack(d, lines=1)  # it runs
    assert d.stop() == 0
    assert len(d.rows_of("suppression")) == 2  # kept for the admin to remove
