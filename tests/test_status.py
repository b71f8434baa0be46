"""The typed runtime status: a part switched off is explicit in the object, and
/api/status, /metrics and the history sampler read it as they read the dict
before it (the daemon object in-process, its parts built but not started)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from harness.app import served
from prometheus_client.parser import text_string_to_metric_families

from insyt.daemon import Daemon
from insyt.status import AnalystStatus, DaemonStatus, DetectionStatus
from insyt.web import history

TOP_LEVEL = ["version", "uptime_s", "counters", "inputs", "queues", "storage", "listeners",
             "classifier", "mqtt", "analyst"]
MQTT_KEYS = ["enabled", "broker", "connected", "published", "failed_attempts", "pending",
             "last_error"]
CLASSIFIER_KEYS = ["model", "classified", "detections", "lag_lines", "lag_s", "cache_hits",
                   "cache_misses", "incidents"]
ANALYST_KEYS = ["enabled", "model", "model_error", "queued", "capacity", "dropped", "submitted",
                "analysed", "by_model", "regenerated", "rejected", "fallbacks", "timeouts",
                "failures", "seconds", "lag_s", "busy_s"]

OFF = {"classifier": {"enabled": False}}
ON = {"analyst": {"enabled": True}, "mqtt": {"url": "mqtt://user:pw@127.0.0.1:1", "node": "n"}}


class Served:
    def __init__(self, daemon: Daemon, client: TestClient) -> None:  # type: ignore[type-arg]
        self.daemon = daemon
        self.client = client

    async def json(self) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(await (await self.client.get("/api/status")).text())
        return doc

    async def metric_names(self) -> set[str]:
        text = await (await self.client.get("/metrics")).text()
        return {f.name for f in text_string_to_metric_families(text)}


async def serve(tmp_path: Path, sections: dict[str, Any]) -> AsyncIterator[Served]:
    async with served(tmp_path, **sections) as (daemon, client):
        yield Served(daemon, client)


@pytest.fixture
async def off(tmp_path: Path) -> AsyncIterator[Served]:
    async for s in serve(tmp_path, OFF):
        yield s


@pytest.fixture
async def on(tmp_path: Path) -> AsyncIterator[Served]:
    async for s in serve(tmp_path, ON):
        yield s


async def test_parts_switched_off_are_explicit(off: Served) -> None:
    status = off.daemon.status()
    assert isinstance(status, DaemonStatus)
    assert status.classifier is None and status.analyst is None
    assert status.mqtt.enabled is False and status.mqtt.broker == ""
    doc = await off.json()
    assert list(doc) == TOP_LEVEL
    assert doc["classifier"] == {"enabled": False}
    assert doc["analyst"] == {"enabled": False}
    assert list(doc["mqtt"]) == MQTT_KEYS and doc["mqtt"]["enabled"] is False
    assert doc["counters"]["classified"] == 0  # the contract keeps it with the classifier off
    names = await off.metric_names()
    assert "insyt_mqtt_connected" in names
    assert not {n for n in names if n.startswith(("insyt_classifi", "insyt_analyst_"))}
    values = history.values_of(status)
    assert set(values) == {"received", "stored", "dropped", "queue"}


async def test_parts_switched_on_keep_their_document(on: Served) -> None:
    status = on.daemon.status()
    assert isinstance(status.classifier, DetectionStatus)
    assert isinstance(status.analyst, AnalystStatus)
    assert status.mqtt.enabled and status.mqtt.broker == "mqtt://127.0.0.1:1"
    doc = await on.json()
    assert list(doc) == TOP_LEVEL
    assert list(doc["classifier"]) == CLASSIFIER_KEYS
    assert doc["classifier"]["incidents"]["open"] == 0
    assert list(doc["analyst"]) == ANALYST_KEYS and doc["analyst"]["enabled"] is True
    assert list(doc["mqtt"]) == MQTT_KEYS
    assert doc["queues"] == {"intake": {"depth": 0, "capacity": 50_000}}
    assert doc["listeners"] == {"udp": [], "tcp": []}
    names = await on.metric_names()
    assert {"insyt_classified", "insyt_incidents_open", "insyt_analyst_dropped",
            "insyt_analyst_model_loaded"} <= names
    assert {"classified", "detections", "lag_lines"} <= set(history.values_of(status))

