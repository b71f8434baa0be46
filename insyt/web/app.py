"""The local HTTP endpoint: ``/healthz``, ``/api/status``, ``/metrics`` and the
status page (:mod:`insyt.web.pages`).

These handlers read a status snapshot from the daemon and never touch the
write path.  Who may ask, and the headers every answer carries, are
:mod:`insyt.web.auth`'s business.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from aiohttp import web
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from insyt import __version__
from insyt.ingest.stats import COUNTERS
from insyt.status import (
    AnalystStatus,
    DetectionStatus,
    PublisherStatus,
    as_json,
)
from insyt.store.reader import Reader
from insyt.web.auth import Guard
from insyt.web.pages import Appliance, Pages

COUNTER_HELP = {
    "received": "Log lines accepted from an input.",
    "stored": "Log lines committed to SQLite.",
    "dropped": "Log lines refused because the queue was full (UDP).",
    "kernel_dropped": "UDP datagrams the kernel discarded because the socket's receive buffer "
                      "was full (they never reached insyt).",
    "parse_errors": "Log lines without a recognisable syslog header, stored raw.",
    "invalid_utf8": "Log lines with bytes that are not UTF-8, stored escaped.",
    "nul_bytes": "Log lines with NUL bytes, stored escaped.",
    "truncated": "Frames longer than syslog.max_frame, cut to it.",
    "discarded_bytes": "Bytes of syslog frames longer than syslog.max_frame past the cut, "
                       "thrown away.",
    "connections": "TCP connections accepted.",
    "rejected": "TCP connections refused at syslog.max_connections.",
    "rejected_per_source": "TCP connections refused at syslog.max_connections_per_source.",
    "timed_out": "TCP connections closed after syslog.idle_timeout_s of silence.",
    "frame_timeouts": "TCP connections closed because a frame was not complete within "
                      "syslog.frame_timeout_s of its first byte.",
    "errors": "Read errors of a source (journald, files).",
}
assert set(COUNTER_HELP) == set(COUNTERS)


class StatusSource(Appliance, Protocol):
    def healthy(self) -> bool: ...


def make_app(source: StatusSource, token: str, database: str | Path,
             hosts: Iterable[str] = ()) -> web.Application:
    """The web application over ``source`` (the daemon), reading ``database``;
    with a token it answers to ``hosts`` besides loopback and IP addresses."""
    guard = Guard(token, hosts)
    db = Reader(database)
    pages = Pages(source, db, guard)
    app = web.Application(middlewares=[guard.middleware(), pages.middleware()])

    async def close_reader(app: web.Application) -> None:
        await asyncio.to_thread(db.close)  # waits for a query in flight, off the loop

    app.on_cleanup.append(close_reader)
    metrics = CollectorRegistry(auto_describe=False)
    metrics.register(_Collector(source))

    async def healthz(request: web.Request) -> web.Response:
        if source.healthy():
            return web.Response(text="ok\n")
        return web.Response(status=503, text="unhealthy\n")

    async def api_status(request: web.Request) -> web.Response:
        return web.json_response(as_json(source.status()), dumps=_dumps)

    async def prometheus(request: web.Request) -> web.Response:
        return web.Response(
            body=generate_latest(metrics),
            headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"},
        )

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/api/status", api_status)
    app.router.add_get("/metrics", prometheus)
    pages.routes(app)
    return app


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=1, sort_keys=False)


class _Collector:
    """Builds the Prometheus families from one status snapshot per scrape."""

    def __init__(self, source: StatusSource) -> None:
        self.source = source

    def collect(self) -> Iterator[Metric]:
        status = self.source.status()
        for name in COUNTERS:
            family = CounterMetricFamily(f"insyt_{name}", COUNTER_HELP[name], labels=["input"])
            for item in status.inputs:
                family.add_metric([item.name], item.counters[name])
            yield family
        active = GaugeMetricFamily(
            "insyt_active_connections", "Open TCP connections.", labels=["input"]
        )
        for item in status.inputs:
            active.add_metric([item.name], item.active_connections)
        yield active
        depth = GaugeMetricFamily("insyt_queue_depth", "Records waiting.", labels=["queue"])
        capacity = GaugeMetricFamily("insyt_queue_capacity", "Queue bound.", labels=["queue"])
        for queue, figures in status.queues.items():
            depth.add_metric([queue], figures.depth)
            capacity.add_metric([queue], figures.capacity)
        yield depth
        yield capacity
        storage = status.storage
        yield GaugeMetricFamily(
            "insyt_storage_bytes", "Database and WAL size on disk.", value=storage.size_bytes
        )
        yield CounterMetricFamily(
            "insyt_retention_deleted", "Lines removed by retention.", value=storage.deleted
        )
        yield CounterMetricFamily(
            "insyt_storage_commits", "Transactions committed.", value=storage.commits
        )
        yield GaugeMetricFamily("insyt_uptime_seconds", "Seconds since start.",
                                value=status.uptime_s)
        if status.classifier is not None:
            yield from _detection_metrics(status.classifier)
        yield from _mqtt_metrics(status.mqtt)
        if status.analyst is not None:
            yield from _analyst_metrics(status.analyst)
        info = GaugeMetricFamily("insyt_build_info", "Version of insyt.", labels=["version"])
        info.add_metric([__version__], 1)
        yield info


# Incident tracker counters exported as insyt_incidents_<name>_total.
INCIDENT_COUNTERS = {
    "opened": "Incidents opened.",
    "updated": "Incident updates published.",
    "closed": "Incidents closed after quiet.",
    "forced_closes": "Incidents closed early at incidents.max_open.",
    "suppressed": "Detections silenced by a suppression.",
    "key_evictions": "Sliding-window keys evicted at incidents.max_keys.",
}


def _detection_metrics(classifier: DetectionStatus) -> Iterator[Metric]:
    yield CounterMetricFamily("insyt_classified", "Lines given a verdict.",
                              value=classifier.classified)
    yield CounterMetricFamily("insyt_detections",
                              "Attack verdicts at or above classifier.threshold.",
                              value=classifier.detections)
    yield GaugeMetricFamily("insyt_classifier_lag_lines", "Stored lines waiting for a verdict.",
                            value=classifier.lag_lines)
    yield GaugeMetricFamily("insyt_classifier_lag_seconds",
                            "Age of the oldest line waiting for a verdict.",
                            value=classifier.lag_s)
    yield CounterMetricFamily("insyt_classifier_cache_hits", "Verdicts served from the cache.",
                              value=classifier.cache_hits)
    yield CounterMetricFamily("insyt_classifier_cache_misses", "Verdicts the model computed.",
                              value=classifier.cache_misses)
    incidents = classifier.incidents
    yield GaugeMetricFamily("insyt_incidents_open", "Open incidents.", value=incidents["open"])
    for name, text in INCIDENT_COUNTERS.items():
        yield CounterMetricFamily(f"insyt_incidents_{name}", text, value=incidents[name])


def _mqtt_metrics(mqtt: PublisherStatus) -> Iterator[Metric]:
    yield GaugeMetricFamily("insyt_mqtt_connected", "1 while connected to the broker.",
                            value=int(mqtt.connected))
    yield CounterMetricFamily("insyt_mqtt_published", "Messages the broker acknowledged.",
                              value=mqtt.published)
    yield CounterMetricFamily("insyt_mqtt_failed_attempts",
                              "Broker connections that failed or broke.",
                              value=mqtt.failed_attempts)
    yield GaugeMetricFamily("insyt_mqtt_outbox_pending", "Alerts waiting for the broker.",
                            value=mqtt.pending)


# Analyst counters exported as insyt_analyst_<name>_total.
ANALYST_COUNTERS = {
    "submitted": "Incidents handed to the analyst.",
    "analysed": "Analyses stored (model or playbook).",
    "by_model": "Analyses the model wrote and the validator accepted.",
    "regenerated": "Model answers that invented a fact, generated again with it forbidden.",
    "rejected": "Model answers turned down by the grounding checks (after any regeneration).",
    "fallbacks": "Analyses answered by a playbook because the model's answer was "
                 "rejected, late or failed.",
    "timeouts": "Model answers cut at analyst.timeout_s.",
    "failures": "Model runs that raised an error.",
    "dropped": "Incidents left without analysis because the queue was full.",
}


def _analyst_metrics(analyst: AnalystStatus) -> Iterator[Metric]:
    counts = {**analyst.outcomes, "dropped": analyst.dropped}
    for name, text in ANALYST_COUNTERS.items():
        yield CounterMetricFamily(f"insyt_analyst_{name}", text, value=counts[name])
    yield CounterMetricFamily("insyt_analyst_seconds", "Time spent analysing.",
                              value=analyst.seconds)
    yield GaugeMetricFamily("insyt_analyst_queued", "Incidents waiting for analysis.",
                            value=analyst.queued)
    yield GaugeMetricFamily("insyt_analyst_lag_seconds",
                            "How long the longest-waiting incident has waited.",
                            value=analyst.lag_s)
    yield GaugeMetricFamily("insyt_analyst_model_loaded", "1 when a model answers, 0 for "
                            "playbooks only.", value=int(analyst.model is not None))
