"""The HTTP contract: /healthz, /api/status, /metrics, and the token; and
attacks on the page, against the real daemon."""

from __future__ import annotations

import http.client
import json
import re
import socket
import urllib.error
from collections.abc import Callable
from http.cookies import SimpleCookie

import pytest
from harness.daemon import Daemon, wait_for
from prometheus_client.parser import text_string_to_metric_families


def test_status_json_contract(daemon: Daemon) -> None:
    with socket.create_connection(("127.0.0.1", daemon.port)) as s:
        s.sendall(b"<13>Nov 24 10:00:00 h app: one\nnot syslog\n")
    wait_for(lambda: daemon.counters()["stored"] == 2)
    status = daemon.status()
    for key in ("received", "stored", "dropped", "classified", "parse_errors"):
        assert key in status["counters"]
    assert status["counters"]["received"] == 2
    wait_for(lambda: daemon.counters()["classified"] == 2)  # the classifier is on by default
    assert status["counters"]["parse_errors"] == 1
    names = [i["name"] for i in status["inputs"]]
    assert names == [f"udp 127.0.0.1:{daemon.port}", f"tcp 127.0.0.1:{daemon.port}"]
    assert status["queues"]["intake"]["capacity"] == 50_000
    assert status["storage"]["size_bytes"] > 0
    assert status["storage"]["commits"] >= 1


def test_metrics_are_valid_prometheus_text(daemon: Daemon) -> None:
    with socket.create_connection(("127.0.0.1", daemon.port)) as s:
        s.sendall(b"<13>Nov 24 10:00:00 h app: one\n")
    wait_for(lambda: daemon.counters()["stored"] == 1)
    families = {f.name: f for f in text_string_to_metric_families(daemon.http("/metrics"))}
    stored = {s.labels["input"]: s.value for s in families["insyt_stored"].samples
              if s.name == "insyt_stored_total"}
    assert stored[f"tcp 127.0.0.1:{daemon.port}"] == 1
    assert families["insyt_queue_capacity"].samples[0].value == 50_000
    assert "insyt_build_info" in families


def test_token_protects_everything_but_healthz(daemon_factory: Callable[..., Daemon]) -> None:
    d = daemon_factory(web={"token": "s3cret-s3cret-s3cret"}).start()
    assert d.http("/healthz") == "ok\n"
    for path in ("/api/status", "/metrics"):
        with pytest.raises(urllib.error.HTTPError) as info:
            d.http(path)
        assert info.value.code == 401
        with pytest.raises(urllib.error.HTTPError):
            d.http(path, {"Authorization": "Bearer wrong"})
        assert d.http(path, {"Authorization": "Bearer s3cret-s3cret-s3cret"})


TOKEN = "s3cret-s3cret-s3cret"  # noqa: S105 - the test's own
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def locked(daemon_factory: Callable[..., Daemon]) -> Daemon:
    return daemon_factory(web={"token": TOKEN}, classifier={"enabled": False}).start()


def ask(d: Daemon, path: str, headers: dict[str, str] | None = None, method: str = "GET",
        body: str | None = None, source: str = "127.0.0.1",
        ) -> tuple[int, http.client.HTTPMessage, str]:  # fmt: skip
    """One request from ``source`` (any 127/8 address is this machine's)."""
    conn = http.client.HTTPConnection("127.0.0.1", d.web_port, timeout=10,
                                      source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    finally:
        conn.close()


def test_bad_cursors_and_cookies_are_400_with_the_headers_not_a_traceback(locked: Daemon) -> None:
    for path in ("/api/events", "/events"):
        status, headers, body = ask(locked, f"{path}?before=1.0:99999999999999999999999", BEARER)
        assert status == 400 and "before" in body
        assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert json.loads(ask(locked, "/api/events?before=1e999:1", BEARER)[2])["error"] == (
        "before: not a page cursor")
    for cookie in ("99999999999999999999999." + "0" * 32 + "." + "0" * 64, "9" * 5000 + ".x"):
        status, headers, _ = ask(locked, "/", {"Cookie": f"insyt_session={cookie}"})
        assert status == 303 and headers["Location"].startswith("/login")
        assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "Traceback" not in locked.log_text()


def test_the_host_is_checked_with_a_token(locked: Daemon) -> None:
    port = locked.web_port
    for path, headers in (("/login", {}), ("/api/status", BEARER)):
        status, _, body = ask(locked, path, {**headers, "Host": f"evil.example:{port}"})
        assert status == 421, path  # DNS rebinding: evil.example resolved to this machine
        assert "host" in body
        status, _, _ = ask(locked, path, {**headers, "Host": f"localhost:{port}"})
        assert status == 200, path


def test_a_copied_session_cookie_is_refused_after_logout(locked: Daemon) -> None:
    status, headers, page = ask(locked, "/login")
    csrf_cookie = SimpleCookie(headers["Set-Cookie"])["insyt_csrf"].value
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert status == 200 and csrf
    form = {"Cookie": f"insyt_csrf={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded"}
    status, headers, _ = ask(locked, "/login", form, "POST",
                             f"csrf={csrf.group(1)}&token={TOKEN}&next=/")
    assert status == 303
    session = SimpleCookie(headers["Set-Cookie"])["insyt_session"].value
    copied = {"Cookie": f"insyt_session={session}"}  # what a thief took
    assert ask(locked, "/api/status", copied)[0] == 200
    status, _, _ = ask(locked, "/logout", {**form, "Cookie": f"{form['Cookie']}; "
                                                             f"insyt_session={session}"},
                       "POST", f"csrf={csrf.group(1)}")
    assert status == 303
    assert ask(locked, "/api/status", copied)[0] == 401
    status, headers, _ = ask(locked, "/alerts", copied)
    assert status == 303 and headers["Location"].startswith("/login")


def test_token_guesses_are_throttled_per_address(locked: Daemon) -> None:
    wrong = {"Authorization": "Bearer not-the-token-at-all"}
    statuses = [ask(locked, "/api/status", wrong)[0] for _ in range(50)]
    assert statuses[:10] == [401] * 10 and set(statuses[10:]) == {429}
    status, headers, _ = ask(locked, "/api/status", BEARER)  # refused unchecked
    assert status == 429 and int(headers["Retry-After"]) > 0
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert ask(locked, "/api/status", BEARER, source="127.0.0.2")[0] == 200
    assert ask(locked, "/api/status", wrong, source="127.0.0.2")[0] == 401
    log = locked.log_text()  # the first failure at once, the rest summed up once a minute
    assert log.count("failed authentication (bearer token) from 127.0.0.1") == 1
    assert log.count("authentication") == 1
