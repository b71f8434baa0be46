"""The status page's handlers through aiohttp's test client, over a real
database written by the real writer thread (the daemon object in-process,
with its inputs and classifier off): filters and keyset paging against a
reference computed in Python, hostile text staying text, the token, the
login, CSRF, and the admin's actions landing in SQLite."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import sqlite3
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp import ClientResponse, ClientSession, TCPConnector
from aiohttp.test_utils import TestClient
from harness.app import served

from insyt import config as configuration
from insyt.daemon import Daemon
from insyt.incidents import persistence
from insyt.incidents.tracker import Evidence, Incident, Source
from insyt.ingest.intake import Chunk
from insyt.ingest.stats import InputStats
from insyt.record import INVALID_UTF8, Record
from insyt.store import reader
from insyt.store.schema import IncidentRow
from insyt.taxonomy import BY_NAME
from insyt.web import auth, render, throttle
from insyt.web.auth import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE

T0 = 1_795_000_000.0
TOKEN = "0123456789abcdef-page-token"  # noqa: S105 - the test's own
HOSTILE = [
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "\x1b[31mred\x1b[0m \x1b]0;retitled\x07 ansi",
    "\u202eevil\u202c bidi override",
    "x\" onmouseover=\"alert(1) attribute break",
    "{{ 7*7 }} {% if 1 %}template{% endif %}",
    "bad bytes \\xff\\xfe stored escaped",
    "forged\nsecond line",
    "A" * 100_000,
]


def record(i: int, received: float, host: str, app: str, message: str, flags: int = 0,
           ) -> Record:  # fmt: skip
    return Record(received, "tcp", "127.0.0.1:1", 4, 6, received, host, app, str(i), None,
                  None, message, message.encode(errors="replace"), flags)


def incident(i: int, category: str, last_seen: float, ip: str | None, state: str = "open",
             evidence: Iterable[Evidence] = ()) -> Incident:  # fmt: skip
    cat = BY_NAME[category]
    host = f"h{i % 3}"
    return Incident(
        id=f"inc{i:05d}", category=category, severity=cat.severity, mitre=cat.mitre,
        source=Source(ip or f"{host}/app", ip, (host,), ("app",), ("root",)),
        first_seen=last_seen - 60, last_seen=last_seen, event_count=i + 1,
        confidence=0.5 + (i % 50) / 100, evidence=tuple(evidence), state=state,  # type: ignore[arg-type]
    )


class Page:
    """The app under test, its database, and the daemon object behind it."""

    def __init__(self, daemon: Daemon, client: TestClient) -> None:  # type: ignore[type-arg]
        self.daemon = daemon
        self.client = client

    async def db(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await self.daemon.writer.in_db(fn, *args)

    async def write(self, records: list[Record]) -> None:
        await self.db(self.daemon.store.write, [Chunk(InputStats("test"), records)])

    async def get(self, path: str, status: int = 200, **kwargs: Any) -> str:
        response = await self.client.get(path, allow_redirects=False, **kwargs)
        text = await response.text()
        assert response.status == status, (path, response.status, text[:500])
        return text

    async def csrf(self, path: str = "/") -> str:
        page = await self.get(path)
        match = re.search(rf'name="{CSRF_FIELD}" value="([0-9a-f]+)"', page)
        assert match, "no CSRF field on the page"
        return match.group(1)


async def make_page(tmp_path: Path, token: str = "") -> AsyncIterator[Page]:
    async with served(tmp_path, token, classifier={"enabled": False}) as (daemon, client):
        yield Page(daemon, client)


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    async for p in make_page(tmp_path):
        yield p


@pytest.fixture
async def locked(tmp_path: Path) -> AsyncIterator[Page]:
    async for p in make_page(tmp_path, TOKEN):
        yield p


# ------------------------------------------------------------ hostile text


async def test_hostile_lines_stay_text_on_every_page(page: Page) -> None:
    records = [record(i, T0 + i, "web1", "sshd", m, INVALID_UTF8 if "\\xff" in m else 0)
               for i, m in enumerate(HOSTILE)]
    await page.write(records)
    evidence = [Evidence(i + 1, T0 + i, "web1", "sshd", m) for i, m in enumerate(HOSTILE)]
    hostile_inc = incident(1, "webshell", T0 + 100, None, evidence=evidence)
    await page.db(persistence.save, [hostile_inc])
    analysis = {"text": "<script>alert('analyst')</script>\x1b[2J", "steps": ["<b>1</b>", 2],
                "engine": "<i>llm</i>", "model": "m", "seconds": 1.5, "validated": False}
    await page.db(lambda: IncidentRow.update(analysis=json.dumps(analysis))
                  .where(IncidentRow.id == hostile_inc.id).execute())
    for path in ("/", "/alerts", f"/alerts/{hostile_inc.id}", "/events",
                 "/events?q=script", "/events?host=web1&verdict=unclassified"):
        html = await page.get(path)
        assert "<script>" not in html and "<img src=x" not in html and "<b>1</b>" not in html
        assert "onmouseover=\"alert" not in html
        assert "\x1b" not in html and "\u202e" not in html
    detail = await page.get(f"/alerts/{hostile_inc.id}")
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in detail
    assert '<span class="ctl">\\x1b</span>[31mred' in detail
    assert '<span class="ctl">\\u202e</span>evil' in detail
    assert 'forged<span class="ctl">\\x0a</span>second line' in detail
    assert "98,000 more characters" in detail  # the 100,000-character line, cut for display
    assert "&lt;script&gt;alert(&#39;analyst&#39;)" in detail
    assert "{{ 7*7 }}" in detail
    # The API returns lines whole, as JSON that parses.
    api = json.loads(await page.get(f"/api/incidents/{hostile_inc.id}"))
    assert [e["message"] for e in api["evidence"]] == HOSTILE
    events = json.loads(await page.get("/api/events?limit=500"))
    assert sorted(e["message"] for e in events["events"]) == sorted(HOSTILE)


async def test_every_answer_carries_the_security_headers(page: Page) -> None:
    for path in ("/", "/alerts", "/events", "/api/events", "/static/style.css", "/nope",
                 "/alerts/none"):
        response = await page.client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src" not in csp  # no script allowed at all (default-src 'none')
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
    assert (await page.client.get("/alerts/none")).status == 404
    templates = Path(render.__file__).parent / "templates"
    for template in templates.glob("*.html"):
        text = template.read_text()
        assert "|safe" not in text and "<script" not in text and "style=" not in text, template


async def test_dns_rebinding_host_is_refused_without_a_token(page: Page) -> None:
    response = await page.client.get("/", headers={"Host": "attacker.example:8514"})
    assert response.status == 421
    assert (await page.client.get("/", headers={"Host": "localhost:8514"})).status == 200


def assert_secure(response: ClientResponse) -> None:
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


# Values no page can use: past SQLite's 64-bit integers and the float range,
# not numbers, NUL, percent-escapes that are no UTF-8 (a lone byte, an
# overlong NUL, a surrogate), times off the calendar, a field too long.
FUZZ = ["99999999999999999999999", "-99999999999999999999999", "-1", "1e999", "-1e999", "nan",
        "abc", "a%00b", "%ff%fe", "%c0%80", "%ed%a0%80", "1.0:99999999999999999999999",
        "1e999:1", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-23:59", "x" * 1100]
PARAMS = ("before", "since", "until", "range", "limit", "confidence", "q", "host", "app",
          "verdict", "category", "severity", "state", "source", "next", "done")


async def test_fuzzed_parameters_get_400_not_500_and_the_headers(locked: Page) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    app = locked.client.app
    assert app is not None
    routes = sorted({r.resource.canonical for r in app.router.routes()
                     if r.method == "GET" and r.resource is not None})
    assert len(routes) >= 12
    statuses: Counter[int] = Counter()
    for i, route in enumerate(routes):
        path = route.replace("{id}", "x").replace("{name}", "style.css")
        for j, name in enumerate(PARAMS):
            for k in range(5):  # a few values per route and parameter, all of them over all
                value = FUZZ[(5 * i + j + k) % len(FUZZ)]
                response = await locked.client.get(f"{path}?{name}={value}", headers=auth,
                                                   allow_redirects=False)
                await response.read()
                assert response.status < 500, (path, name, value, response.status)
                assert_secure(response)
                statuses[response.status] += 1
    assert statuses[400] > 50
    for path in ("/events", "/api/events"):
        response = await locked.client.get(f"{path}?before=1.0:99999999999999999999999",
                                           headers=auth)
        assert response.status == 400 and "before" in await response.text()
    for method, path in (("PUT", "/alerts"), ("GET", "/alerts/x/acknowledge"),
                         ("DELETE", "/"), ("GET", "/no/such/page")):
        response = await locked.client.request(method, path, headers=auth)
        assert response.status in (404, 405), (method, path)
        assert_secure(response)


def raw_request(head: str, body: bytes = b"", **values: bytes) -> bytes:
    """A request with bytes no well-behaved client sends, ``{name}`` filled from values."""
    data = (head + "Connection: close\n").replace("\n", "\r\n").encode()
    for name, value in values.items():
        data = data.replace(f"{{{name}}}".encode(), value)
    if body:
        data += f"Content-Length: {len(body)}\r\n".encode()
    return data + b"\r\n" + body


RAW_ATTACKS = [
    (raw_request("GET / HTTP/1.1\nHost: 127.0.0.1\nCookie: insyt_session={v}.x.y\n",
                 v="\u00b2".encode()), 303),  # a digit to str.isdigit(), not to int()
    (raw_request("GET / HTTP/1.1\nHost: 127.0.0.1\nCookie: insyt_session={v}.x\n",
                 v=b"9" * 5000), 303),  # past int()'s 4,300 digits
    (raw_request("GET / HTTP/1.1\nHost: 127.0.0.1\nCookie: insyt_session={v}\n",
                 v=b"99999999999999999999999." + b"0" * 32 + b"." + b"0" * 64), 303),
    (raw_request("GET /login HTTP/1.1\nHost: 127.0.0.1\nCookie: insyt_csrf=\xff\n"), 200),
    (raw_request("GET /api/status HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer {v}\n",
                 v=b"\xff\xfe"), 401),
    (raw_request("GET / HTTP/1.0\n"), 400),  # no Host at all
    (raw_request("GET / HTTP/1.1\nHost: [::1\n"), 421),
    (raw_request("POST /login HTTP/1.1\nHost: 127.0.0.1\nOrigin: http://[::1\n", b"a=b"), 403),
    (raw_request("POST /login HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data\n",
                 b"abc"), 400),
    (raw_request("POST /login HTTP/1.1\nHost: 127.0.0.1\n"
                 "Content-Type: multipart/form-data; boundary=x\n", b"--x\r\nContent-Dispos"),
     400),
    (raw_request("POST /login HTTP/1.1\nHost: 127.0.0.1\n"
                 "Content-Type: application/x-www-form-urlencoded; charset=klingon\n", b"a=b"),
     400),
    (raw_request("POST /login HTTP/1.1\nHost: 127.0.0.1\nCookie: insyt_csrf={v}\n"
                 "Content-Type: application/x-www-form-urlencoded\n", b"csrf=%ff", v=b"\xff"),
     403),
]


@pytest.mark.parametrize(("data", "status"), RAW_ATTACKS)
async def test_malformed_cookies_headers_and_forms_are_refused_not_500(
        locked: Page, data: bytes, status: int) -> None:  # fmt: skip
    reader_, writer = await asyncio.open_connection("127.0.0.1", locked.client.port)
    writer.write(data)
    answer = await asyncio.wait_for(reader_.read(), 10)
    writer.close()
    head = answer.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    assert head[0].split()[1] == str(status), head[0]
    headers = {k.lower(): v for k, _, v in (h.partition(": ") for h in head[1:])}
    assert "default-src 'none'" in headers["content-security-policy"]


async def test_an_internal_error_is_a_logged_500_with_the_headers(
        page: Page, caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    with sqlite3.connect(page.daemon.store.path) as conn:  # the database broken under the page
        conn.execute("ALTER TABLE incident RENAME TO incident_gone")
    for path in ("/alerts", "/api/incidents"):
        response = await page.client.get(path)
        assert response.status == 500
        assert_secure(response)
        text = await response.text()
        assert "Traceback" not in text and "incident" not in text
    assert any(r.exc_info and "no such table" in str(r.exc_info[1]) for r in caplog.records)


# ----------------------------------------------------------------- events


def reference(rows: list[Record], keep: Callable[[int, Record], bool]) -> list[int]:
    """Ids (1-based insert order) newest first, as the page must list them."""
    chosen = [(r.received, i + 1) for i, r in enumerate(rows) if keep(i + 1, r)]
    return [i for _, i in sorted(chosen, reverse=True)]


async def all_pages(page: Page, query: str) -> tuple[list[int], int]:
    """Every id the API lists for ``query``, following its cursors; and the page count."""
    ids: list[int] = []
    url = f"/api/events?{query}"
    pages = 0
    while True:
        body = json.loads(await page.get(url))
        pages += 1
        ids += [e["id"] for e in body["events"]]
        if body["next"] is None:
            return ids, pages
        url = f"/api/events?{query}&before={body['next']}"


async def test_event_filters_and_keyset_paging_match_a_reference(page: Page) -> None:
    hosts, apps = ["web1", "db1", "mail"], ["sshd", "nginx", "postfix", "cron"]
    rows = [record(i, T0 + i // 3, hosts[i % 3], apps[i % 4],  # equal times: the id breaks ties
                   f"line {i} {'Failed password' if i % 7 == 0 else 'ok'} 50%_done")
            for i in range(1200)]
    await page.write(rows)
    labels = {i + 1: ("brute_force" if i % 7 == 0 else "benign") for i in range(0, 1200, 2)}
    await page.db(page.daemon.store.write_verdicts,
                  [(i, label, 0.9, "{}", "m", T0) for i, label in labels.items()])
    cases: list[tuple[str, Callable[[int, Record], bool]]] = [
        ("", lambda i, r: True),
        ("host=db1", lambda i, r: r.host == "db1"),
        ("app=cron", lambda i, r: r.app == "cron"),
        ("q=failed+PASSWORD", lambda i, r: "failed password" in r.message.lower()),
        ("q=50%25_d", lambda i, r: True),  # LIKE wildcards are literal
        ("q=0%25x", lambda i, r: False),
        ("verdict=attack", lambda i, r: labels.get(i) == "brute_force"),
        ("verdict=benign", lambda i, r: labels.get(i) == "benign"),
        ("verdict=unclassified", lambda i, r: i not in labels),
        ("verdict=brute_force&host=web1", lambda i, r: labels.get(i) == "brute_force"
         and r.host == "web1"),
        (f"since={T0 + 100}&until={T0 + 200}", lambda i, r: T0 + 100 <= r.received < T0 + 200),
        (f"q=line+1&app=nginx&since={T0 + 50}",
         lambda i, r: "line 1" in r.message and r.app == "nginx" and r.received >= T0 + 50),
    ]
    for query, keep in cases:
        ids, pages = await all_pages(page, f"{query}&limit=97")
        expected = reference(rows, keep)
        assert ids == expected, query
        assert pages == max(1, -(-len(expected) // 97)), query


async def test_attack_labels_below_their_alert_floor_are_marked_suspicious(
        tmp_path: Path) -> None:  # fmt: skip
    """A stored attack verdict under its category's floor (the rule's
    min_confidence, or classifier.threshold when higher) opened no incident:
    the page says "suspicious", not attack.  The stage is built, not started
    (its floors come from the config; the model's are tested in tests/detect)."""
    async with served(tmp_path, classifier={"threshold": 0.6},
                      incidents={"rules": {"web_exploit": {"min_confidence": 0.9}}}
                      ) as (daemon, client):  # fmt: skip
        assert daemon.detection is not None
        page = Page(daemon, client)
        await page.write([record(i, T0 + i, "web1", "nginx", f"GET /line{i}") for i in range(5)])
        scores = [("web_exploit", 0.7), ("web_exploit", 0.95), ("brute_force", 0.55),
                  ("brute_force", 0.65), ("benign", 0.99)]
        verdicts = [(i, label, p, "{}", "m", T0) for i, (label, p) in enumerate(scores, 1)]
        await page.db(daemon.store.write_verdicts, verdicts)
        html = await page.get("/events")
        marks = re.findall(r'<span class="label-(\w+)"[^>]*>(?:suspicious: )?([^<]+)</span>', html)
        assert {text: mark for mark, text in marks} == {
            "web_exploit 0.70": "suspicious", "web_exploit 0.95": "attack",
            "brute_force 0.55": "suspicious", "brute_force 0.65": "attack",
            "benign 0.99": "benign"}
        assert "suspicious: web_exploit 0.70" in html


async def test_windowed_search_reports_where_it_stopped_and_resumes(
        page: Page, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    rows = [record(i, T0 + i, "h", "a", "needle" if i in (5, 700) else "hay")
            for i in range(1000)]
    await page.write(rows)
    monkeypatch.setattr(reader, "SCAN_WINDOW", 100)
    monkeypatch.setattr(reader, "SEARCH_BUDGET_S", 0.0)  # one window per request
    body = json.loads(await page.get("/api/events?q=needle"))
    assert body["complete"] is False and body["events"] == [] and body["next"]
    html = await page.get("/events?q=needle")
    assert "Search further back" in html
    ids, pages = await all_pages(page, "q=needle")
    assert ids == [701, 6]
    assert pages == 10  # ten windows of a hundred lines


# -------------------------------------------------------------- incidents


async def test_incident_filters_and_paging_match_a_reference(page: Page) -> None:
    categories = ["brute_force", "web_scan", "webshell", "dos"]
    incidents = [incident(i, categories[i % 4], T0 + i * 10,
                          f"198.51.100.{i % 5}" if i % 2 else None,
                          state="open" if i % 3 == 0 else "closed") for i in range(300)]
    await page.db(persistence.save, incidents)

    def ref(keep: Callable[[Incident], bool]) -> list[str]:
        return [inc.id for inc in sorted(incidents, key=lambda x: x.last_seen, reverse=True)
                if keep(inc)]

    cases: list[tuple[str, Callable[[Incident], bool]]] = [
        ("", lambda x: True),
        ("category=webshell", lambda x: x.category == "webshell"),
        ("severity=high", lambda x: x.severity >= 3),
        ("confidence=0.9", lambda x: x.confidence >= 0.9),
        ("state=open", lambda x: x.state == "open"),
        ("source=198.51.100.3", lambda x: x.source.ip == "198.51.100.3"),
        ("source=h1", lambda x: "h1" in x.source.hosts),  # the host logged it, any source
        ("source=198.51.100.9", lambda x: False),
        ("source=h2/app", lambda x: x.source.key == "h2/app"),
        (f"since={T0 + 1000}&until={T0 + 2000}",
         lambda x: x.last_seen >= T0 + 1000 and x.first_seen < T0 + 2000),
    ]
    for query, keep in cases:
        ids: list[str] = []
        url = f"/api/incidents?{query}&limit=40"
        while url:
            body = json.loads(await page.get(url))
            ids += [i["id"] for i in body["incidents"]]
            url = f"/api/incidents?{query}&limit=40&before={body['next']}" if body["next"] else ""
        assert ids == ref(keep), query
    html = await page.get("/alerts?category=webshell&state=open")
    assert html.count('href="/alerts/inc') == len(
        ref(lambda x: x.category == "webshell" and x.state == "open")[:50])


@pytest.mark.parametrize("query", ["category=nope", "severity=worst", "confidence=2",
                                   "range=1y", "since=yesterday", "before=1:x:y",
                                   "limit=0", "state=maybe"])
async def test_bad_filters_are_400_naming_the_parameter(page: Page, query: str) -> None:
    html = await page.get(f"/alerts?{query}", status=400)
    assert query.split("=")[0] in html
    body = json.loads(await page.get(f"/api/incidents?{query}", status=400))
    assert query.split("=")[0] in body["error"]


async def test_overview_charts_the_sampled_history(page: Page) -> None:
    for k in range(5):
        page.daemon.history.sample(time.time() - 5 + k, {"received": 100.0 * k * k,
                                                         "stored": 100.0 * k * k})
    html = await page.get("/")
    points = re.findall(r'<polyline class="series s1" points="([^"]+)"', html)
    assert points, "no ingest line drawn"
    assert len(points[0].split()) == 4  # five samples, four rates
    ys = [float(p.split(",")[1]) for p in points[0].split()]
    assert ys == sorted(ys, reverse=True)  # a rising rate is a line going up the page
    body = json.loads(await page.get("/api/overview"))
    rates = [v for _, v in body["history"]["received"]]
    assert rates == pytest.approx([100, 300, 500, 700], rel=1e-3)
    assert body["incidents"]["open"] == 0


# ---------------------------------------------------------------- actions


async def test_actions_need_the_csrf_token_and_land_in_sqlite(page: Page) -> None:
    inc = incident(7, "brute_force", time.time(), "203.0.113.9")
    await page.db(persistence.save, [inc])
    url = f"/alerts/{inc.id}"
    token = await page.csrf(url)
    forged = await page.client.post(f"{url}/acknowledge", data={CSRF_FIELD: "0" * 64},
                                    allow_redirects=False)
    assert forged.status == 403
    cross = await page.client.post(f"{url}/acknowledge", data={CSRF_FIELD: token},
                                   headers={"Origin": "http://attacker.example"},
                                   allow_redirects=False)
    assert cross.status == 403
    sibling = await page.client.post(f"{url}/acknowledge", data={CSRF_FIELD: token},
                                     headers={"Sec-Fetch-Site": "same-site"},
                                     allow_redirects=False)
    assert sibling.status == 403  # another service on another port of this host
    assert (await page.client.get(f"{url}/acknowledge")).status == 405  # GET changes nothing

    def row() -> Any:
        return IncidentRow.get_by_id(inc.id)

    assert (await page.db(row)).acknowledged is None
    done = await page.client.post(f"{url}/acknowledge", data={CSRF_FIELD: token},
                                  allow_redirects=False)
    assert done.status == 303 and done.headers["Location"] == f"{url}?done=acknowledge"
    assert (await page.db(row)).acknowledged == pytest.approx(time.time(), abs=5)
    await page.client.post(f"{url}/disposition",
                           data={CSRF_FIELD: token, "disposition": "false_positive"})
    assert (await page.db(row)).disposition == "false_positive"
    html = await page.get(url)
    assert "false positive" in html and "Withdraw acknowledgement" in html

    added = await page.client.post(f"{url}/suppress", allow_redirects=False, data={
        CSRF_FIELD: token, "scope": "source", "category_only": "1", "expires": "7d",
        "reason": "<b>our scanner</b>"})
    assert added.status == 303
    stored, refused = await page.db(persistence.load_suppressions)
    assert len(stored) == 1 and refused == {}
    s = stored[0]
    assert [str(n) for n in s.networks] == ["203.0.113.9/32"]
    assert s.categories == ("brute_force",)
    assert s.expires == pytest.approx(time.time() + 7 * 86400, abs=10)
    listing = await page.get("/suppressions")
    assert "203.0.113.9/32" in listing and "&lt;b&gt;our scanner&lt;/b&gt;" in listing

    bad = await page.client.post(f"{url}/suppress", data={
        CSRF_FIELD: token, "scope": "pattern", "pattern": "(unclosed", "expires": "1d"})
    assert bad.status == 400 and "bad pattern" in await bad.text()

    removed = await page.client.post(f"/suppressions/{s.id}/delete",
                                     data={CSRF_FIELD: token}, allow_redirects=False)
    assert removed.status == 303
    assert await page.db(persistence.load_suppressions) == ([], {})
    missing = await page.client.post("/alerts/absent/acknowledge", data={CSRF_FIELD: token})
    assert missing.status == 404


# ------------------------------------------------------------------ token


async def test_token_guards_everything_and_the_login_sets_a_strict_cookie(locked: Page) -> None:
    c = locked.client
    assert (await c.get("/healthz")).status == 200
    to_login = await c.get("/alerts?state=open", allow_redirects=False)
    assert to_login.status == 303
    location = urlsplit(to_login.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == ["/alerts?state=open"]
    for path in ("/api/incidents", "/api/events", "/api/status", "/metrics"):
        assert (await c.get(path)).status == 401
        assert (await c.get(path, headers={"Authorization": "Bearer wrong"})).status == 401
        assert (await c.get(path, headers={"Authorization": f"Bearer {TOKEN}"})).status == 200
    assert (await c.get("/", headers={"Authorization": f"Bearer {TOKEN}"})).status == 200
    # The Host is checked with a token too: a rebinding site would reach /login and guess.
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert (await c.get("/login", headers={"Host": "attacker.example"})).status == 421
    assert (await c.get("/api/status", headers={**bearer, "Host": "attacker.example:80"})
            ).status == 421
    for host in ("localhost:8514", "192.0.2.7:8514", "[2001:db8::7]", socket.gethostname()):
        assert (await c.get("/api/status", headers={**bearer, "Host": host})).status == 200, host
    form = await c.get("/login")
    csrf = re.search(rf'name="{CSRF_FIELD}" value="([0-9a-f]+)"', await form.text())
    assert csrf and any(cookie.key == CSRF_COOKIE for cookie in c.session.cookie_jar)
    wrong = await c.post("/login", data={CSRF_FIELD: csrf.group(1), "token": "guess",
                                         "next": "/alerts"}, allow_redirects=False)
    assert wrong.status == 401 and SESSION_COOKIE not in wrong.cookies
    offsite = await c.post("/login", data={CSRF_FIELD: csrf.group(1), "token": TOKEN,
                                           "next": "//attacker.example/"},
                           allow_redirects=False)
    assert offsite.status == 303 and offsite.headers["Location"] == "/"
    cookie = offsite.headers.getall("Set-Cookie")
    session = next(v for v in cookie if v.startswith(SESSION_COOKIE))
    assert "HttpOnly" in session and "SameSite=Strict" in session and TOKEN not in session
    assert (await c.get("/alerts", allow_redirects=False)).status == 200  # the cookie jar
    assert (await c.get("/api/incidents")).status == 200
    replay = {"Cookie": session.split(";")[0]}  # the cookie as a thief would keep it
    c.session.cookie_jar.clear()
    assert (await c.get("/api/incidents", headers=replay)).status == 200
    c.session.cookie_jar.update_cookies({SESSION_COOKIE: replay["Cookie"].partition("=")[2]})
    token = await locked.csrf("/")
    out = await c.post("/logout", data={CSRF_FIELD: token}, allow_redirects=False)
    assert out.status == 303
    assert (await c.get("/alerts", allow_redirects=False)).status == 303
    assert (await c.get("/alerts", headers=replay, allow_redirects=False)).status == 303
    assert (await c.get("/api/incidents", headers=replay)).status == 401


async def test_failed_authentications_are_throttled_per_client_and_logged_with_counts(
        locked: Page, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(auth, "FAILURE_LOG_S", 0.5)  # the summary's period, shortened
    c = locked.client
    right = {"Authorization": f"Bearer {TOKEN}"}
    for i in range(throttle.BURST):
        wrong = await c.get("/api/status", headers={"Authorization": f"Bearer guess-{i}"})
        assert wrong.status == 401
    for headers in ({"Authorization": "Bearer guess-x"}, right):  # the right one: unchecked
        refused = await c.get("/api/status", headers=headers)
        assert refused.status == 429
        assert 0 < int(refused.headers["Retry-After"]) <= throttle.REFILL_S
        assert_secure(refused)
    csrf = await locked.csrf("/login")
    form = await c.post("/login", data={CSRF_FIELD: csrf, "token": TOKEN, "next": "/"},
                        allow_redirects=False)
    assert form.status == 429 and SESSION_COOKIE not in form.cookies  # the form counts too
    # Another address is not affected: the throttled one cannot lock the admin out.
    connector = TCPConnector(local_addr=("127.0.0.2", 0))
    async with ClientSession(connector=connector) as other:
        assert (await other.get(c.make_url("/api/status"), headers=right)).status == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "insyt.web.auth"]
    assert lines == ["failed authentication (bearer token) from 127.0.0.1"]  # at once
    await asyncio.sleep(0.7)
    lines = [r.getMessage() for r in caplog.records if r.name == "insyt.web.auth"]
    assert len(lines) == 2
    assert "9 failed authentications from 1 clients, most from 127.0.0.1 (9)" in lines[1]
    assert "3 attempts refused unchecked" in lines[1]


def test_non_loopback_listen_needs_a_long_token() -> None:
    with pytest.raises(configuration.ConfigError, match=r"web\.listen: 0\.0\.0\.0:8514"):
        configuration.from_dict({"web": {"listen": "0.0.0.0:8514"}})
    with pytest.raises(configuration.ConfigError, match=r"web\.token: must be at least 16"):
        configuration.from_dict({"web": {"listen": "0.0.0.0:8514", "token": "short"}})
    assert configuration.from_dict({"web": {"listen": "[::]:8514", "token": TOKEN}})
    assert configuration.from_dict({"web": {"listen": "localhost:8514"}})
    assert configuration.from_dict({"web": {"listen": "[::1]:8514"}})


def test_web_hosts_are_host_names() -> None:
    names = ("insyt.example.org", "appliance", "insyt.example.org.")
    assert configuration.from_dict({"web": {"hosts": list(names)}}).web.hosts == names
    for bad in ("http://insyt.example.org/", "insyt.example.org:8514", "-x.example", "a b"):
        with pytest.raises(configuration.ConfigError, match=r"web\.hosts\[1\]"):
            configuration.from_dict({"web": {"hosts": ["ok.example", bad]}})


def test_an_existing_database_gains_the_page_indexes_at_open(tmp_path: Path) -> None:
    """No schema bump: indexes are created at every open when missing, and an
    older insyt ignores them."""
    from insyt.config import StorageConfig
    from insyt.store.database import Store

    path = tmp_path / "insyt.db"
    for drop in (True, False):
        store = Store(StorageConfig(path=str(path)))
        store.open()
        store.close()
        with sqlite3.connect(path) as conn:
            names = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index'")}
            assert {"incident_last_seen", "incident_source_ip_last_seen"} <= names
            if drop:
                conn.execute("DROP INDEX incident_last_seen")
                conn.execute("DROP INDEX incident_source_ip_last_seen")


async def test_a_query_past_its_budget_is_stopped_and_said(
        page: Page, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    await page.write([record(i, T0 + i, "h", "a", f"line {i}") for i in range(20_000)])
    monkeypatch.setattr(reader, "QUERY_BUDGET_S", 0.0)
    html = await page.get("/events?q=absent", status=503)
    assert "narrow the filters" in html
    body = json.loads(await page.get("/api/events?q=absent", status=503))
    assert "stopped after" in body["error"]
    monkeypatch.setattr(reader, "QUERY_BUDGET_S", 5.0)
    assert json.loads(await page.get("/api/events?q=absent"))["events"] == []  # the thread recovers
