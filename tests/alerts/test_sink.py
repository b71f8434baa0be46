"""The alert sink on a real SQLite: incidents and their outbox rows in one
transaction, and a swapped publisher addressing every later alert."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from harness.daemon import free_port
from test_mqtt import NODE, incident

from insyt.alerts import outbox
from insyt.alerts.mqtt import Publisher
from insyt.alerts.sink import AlertSink
from insyt.analyst.answer import Analysis
from insyt.config import MqttConfig, StorageConfig
from insyt.incidents import persistence
from insyt.incidents.tracker import Change
from insyt.ingest.intake import Intake
from insyt.store.database import Store
from insyt.store.writer import Writer


@pytest.fixture
async def writer(tmp_path: Path) -> AsyncIterator[Writer]:
    w = Writer(Intake(100, 10, 0.01), Store(StorageConfig(path=str(tmp_path / "insyt.db"))))
    await w.open()
    yield w
    await w.close()


async def test_mqtt_off_saves_incidents_and_queues_no_alert(writer: Writer) -> None:
    sink = AlertSink(writer, Publisher(MqttConfig(), writer))
    await sink.save([Change("opened", incident(1))])
    assert [i.id for i in await writer.in_db(persistence.load_open)] == ["inc-1"]
    assert await writer.in_db(outbox.depth) == 0


async def test_a_swapped_publisher_addresses_every_later_alert(writer: Writer) -> None:
    # Nothing listens on the port: the rows stay in the outbox to be read.
    url = f"mqtt://127.0.0.1:{free_port()}"
    first = Publisher(MqttConfig(url=url, node=NODE, reconnect_max_s=0.5), writer)
    sink = AlertSink(writer, first)
    await first.start()
    await sink.save([Change("opened", incident(1))])
    second = Publisher(MqttConfig(url=url, node=NODE, topic_prefix="site2",
                                  reconnect_max_s=0.5), writer)
    await sink.swap(second)
    assert sink.publisher is second
    await sink.save([Change("updated", incident(1))])
    answer = Analysis("Brute force on root.", ("Block it.",), "playbook", None, 0.1, True)
    await sink.save_analysis("inc-1", answer)
    await sink.save_analysis("inc-gone", answer)  # retention removed it: nothing to announce
    await second.stop()
    alert = f"{NODE}/alert/brute_force"
    rows = await writer.in_db(outbox.pending, 100)
    assert [row.topic for row in rows] == [f"insyt/{alert}", f"site2/{alert}", f"site2/{alert}"]
    assert json.loads(rows[-1].payload)["event"]["action"] == "analysis"
    (row,) = await writer.in_db(lambda: list(persistence.IncidentRow.select()))
    assert json.loads(row.analysis)["text"] == "Brute force on root."
