"""The HTTP contract: /healthz, /api/status, /metrics, and the token."""

from __future__ import annotations

import socket
import urllib.error
from collections.abc import Callable

import pytest
from conftest import Daemon, wait_for
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
