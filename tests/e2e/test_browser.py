"""The status page in a real headless Chromium, against a real daemon fed
real syslog, hostile lines included.

Each page must render, the overview's charts must show data, the attackers'
markup must stay text (no script runs: the title and a DOM marker the
payloads try to set stay unset; no <script> or <img> element exists), the
browser must report no CSP violation or console error (the page itself
needs nothing the policy forbids), and the admin's form must work through
the browser's own cookie handling.  A screenshot of each page is saved under
tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from harness.browser import CHROMIUM, Browser
from harness.daemon import REPO, Daemon, wait_for

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by make test")

ARTIFACTS = REPO / "tests" / "artifacts"
ATTACKER = "203.0.113.66"
MARK = "document.title='pwned';document.documentElement.dataset.pwned=1"
LINES = [
    *(f"<38>Nov 24 10:00:{i:02d} web1 sshd[{900 + i}]: Failed password for root from "
      f"{ATTACKER} port {41000 + i} ssh2" for i in range(30)),
    f'<134>Nov 24 10:01:00 web1 apache2: {ATTACKER} - - [24/Nov/2026:10:01:00 +0000] '
    f'"GET /wp-content/uploads/cmd.php?cmd=cat%20/etc/passwd HTTP/1.1" 200 1832 "-" '
    f'"<script>{MARK}</script><img src=x onerror=\\"{MARK}\\">"',
    f"<13>Nov 24 10:02:00 web1 app: <script>{MARK}</script> \x1b[31mred\x1b[0m \u202eevil",
    f"<13>Nov 24 10:02:01 web1 app: <svg onload=\"{MARK}\"></svg><iframe src=javascript:1>",
    "<13>Nov 24 10:02:02 web1 app: long " + "W" * 20_000,
    # Characters that render as nothing: a soft hyphen, tag characters, a run of
    # zero-width spaces long enough to have cost seconds of rendering.
    "<13>Nov 24 10:02:04 web1 app: pass\u00adword \U000e0041\U000e0042 "
    + "\u200b" * 21_000 + " end",
]
RAW = b"<13>Nov 24 10:02:03 web1 app: not utf-8 \xff\xfe\xc0 here\n"


def send(daemon: Daemon) -> None:
    with socket.create_connection(("127.0.0.1", daemon.port)) as s:
        s.sendall("".join(line + "\n" for line in LINES).encode() + RAW)


def incidents(daemon: Daemon) -> dict[str, str]:
    body = json.loads(daemon.http("/api/incidents"))
    return {i["category"]: i["id"] for i in body["incidents"]}


async def check(browser: Browser, url: str, title: str, shot: str) -> None:
    await browser.open(url)
    assert await browser.evaluate("document.title") == f"{title} · insyt"
    assert await browser.evaluate("document.documentElement.dataset.pwned") is None
    assert await browser.evaluate("document.querySelectorAll('script, img, iframe').length") == 0
    assert await browser.evaluate("document.querySelectorAll('svg[onload]').length") == 0
    await browser.screenshot(ARTIFACTS / f"{shot}.png")
    assert browser.problems() == [], url


async def test_pages_in_chromium(daemon_factory: Callable[..., Daemon], tmp_path: Path) -> None:
    d = daemon_factory(web={"sample_interval_s": 0.2}, classifier={"max_delay_ms": 5}).start()
    send(d)
    wait_for(lambda: d.status()["classifier"]["classified"] >= len(LINES) + 1, timeout=60)
    found = wait_for(lambda: {"brute_force", "webshell"} <= set(incidents(d)) and incidents(d),
                     timeout=30)
    base = f"http://127.0.0.1:{d.web_port}"
    async with Browser(tmp_path / "profile") as browser:
        await check(browser, f"{base}/", "Overview", "overview")
        points = await browser.evaluate(
            "Array.from(document.querySelectorAll('polyline.s1'), p => p.getAttribute('points')"
            ".split(' ').length)")
        assert points and points[0] >= 2, "the ingest chart has no line"
        peak = await browser.evaluate(
            "document.querySelector('figure.chart text.tick:nth-of-type(3)').textContent")
        assert peak != "1", "the ingest chart's scale never left its floor"
        assert await browser.evaluate(  # refreshes itself, with no script
            "document.querySelector('meta[http-equiv=refresh]').content") == "10"
        await check(browser, f"{base}/alerts", "Incidents", "alerts")
        rows = await browser.evaluate("document.querySelectorAll('table.incidents tbody tr')"
                                      ".length")
        assert rows >= 2
        await check(browser, f"{base}/alerts/{found['webshell']}", "webshell incident",
                    "alert-webshell")
        text = await browser.evaluate("document.body.innerText")
        assert f"<script>{MARK}</script>" in text  # shown, as text
        assert "T1505.003" in text
        await check(browser, f"{base}/alerts/{found['brute_force']}", "brute_force incident",
                    "alert-brute-force")
        await check(browser, f"{base}/events", "Events", "events")
        text = await browser.evaluate("document.body.innerText")
        assert "\\x1b[31mred" in text and "\\u202eevil" in text and "\\xff\\xfe\\xc0" in text
        assert "19,505 more characters" in text  # "long " and 20,000 W, 500 shown
        assert "pass\\xadword \\U000e0041\\U000e0042 \\u200b\u00d721,000 end" in text
        await check(browser, f"{base}/events?q=onerror&verdict=webshell", "Events",
                    "events-search")
        assert await browser.evaluate("document.querySelectorAll('table.events tbody tr')"
                                      ".length") == 1
        await check(browser, f"{base}/suppressions", "Suppressions", "suppressions")

        # The admin's actions through the browser's own forms and cookies.
        await browser.open(f"{base}/alerts/{found['brute_force']}")
        await browser.navigate_by("document.querySelector('form[action$=\"/acknowledge\"]')"
                                  ".submit()")
        assert "acknowledged" in await browser.evaluate("document.querySelector('h1')"
                                                        ".textContent")
        await browser.navigate_by("document.querySelector('form.suppress').submit()")
        await browser.open(f"{base}/suppressions")
        assert f"{ATTACKER}/32" in await browser.evaluate("document.body.innerText")
    row = next(r for r in d.rows_of("incident") if r["id"] == found["brute_force"])
    assert row["acknowledged"] is not None
    assert len(d.rows_of("suppression")) == 1


async def test_login_in_chromium(daemon_factory: Callable[..., Daemon], tmp_path: Path) -> None:
    token = "browser-test-token-0123456789"  # noqa: S105 - the test's own
    d = daemon_factory(web={"token": token}).start()
    base = f"http://127.0.0.1:{d.web_port}"
    async with Browser(tmp_path / "profile") as browser:
        await browser.open(f"{base}/events")
        assert await browser.evaluate("location.pathname") == "/login"
        await browser.screenshot(ARTIFACTS / "login.png")
        await browser.navigate_by(f"document.querySelector('input[name=token]').value = "
                                  f"'{token}'; document.querySelector('form.login').submit()")
        assert await browser.evaluate("location.pathname") == "/events"
        assert await browser.evaluate("document.title") == "Events · insyt"
        assert await browser.evaluate("document.cookie") == ""  # HttpOnly: script sees none
