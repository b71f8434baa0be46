"""The local HTTP endpoint: ``/healthz``, ``/api/status``, ``/metrics``.

Handlers read a status snapshot from the daemon and never touch the write
path.  With ``[web] token`` set, every request but ``/healthz`` needs
``Authorization: Bearer <token>`` (compared in constant time).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Protocol

from aiohttp import web
from aiohttp.typedefs import Middleware
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from insyt import __version__
from insyt.stats import COUNTERS

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PUBLIC_PATHS = frozenset({"/healthz"})

COUNTER_HELP = {
    "received": "Log lines accepted from an input.",
    "stored": "Log lines committed to SQLite.",
    "dropped": "Log lines refused because the queue was full (UDP).",
    "parse_errors": "Log lines without a recognisable syslog header, stored raw.",
    "invalid_utf8": "Log lines with bytes that are not UTF-8, stored escaped.",
    "nul_bytes": "Log lines with NUL bytes, stored escaped.",
    "truncated": "Frames longer than syslog.max_frame, cut to it.",
    "connections": "TCP connections accepted.",
    "rejected": "TCP connections refused at syslog.max_connections.",
    "timed_out": "TCP connections closed after syslog.idle_timeout_s of silence.",
    "errors": "Read errors of a source (journald, files).",
}
assert set(COUNTER_HELP) == set(COUNTERS)


class StatusSource(Protocol):
    def status(self) -> dict[str, Any]: ...

    def healthy(self) -> bool: ...


def make_app(source: StatusSource, token: str = "") -> web.Application:
    app = web.Application(middlewares=[_token_middleware(token)] if token else [])
    metrics = CollectorRegistry(auto_describe=False)
    metrics.register(_Collector(source))

    async def healthz(request: web.Request) -> web.Response:
        if source.healthy():
            return web.Response(text="ok\n")
        return web.Response(status=503, text="unhealthy\n")

    async def api_status(request: web.Request) -> web.Response:
        return web.json_response(source.status(), dumps=_dumps)

    async def prometheus(request: web.Request) -> web.Response:
        return web.Response(
            body=generate_latest(metrics),
            headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"},
        )

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/api/status", api_status)
    app.router.add_get("/metrics", prometheus)
    return app


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=1, sort_keys=False)


def _token_middleware(token: str) -> Middleware:
    expected = f"Bearer {token}".encode()

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path not in PUBLIC_PATHS:
            given = request.headers.get("Authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                raise web.HTTPUnauthorized(
                    text="token required\n", headers={"WWW-Authenticate": "Bearer"}
                )
        return await handler(request)

    return check


class _Collector:
    """Builds the Prometheus families from one status snapshot per scrape."""

    def __init__(self, source: StatusSource) -> None:
        self.source = source

    def collect(self) -> Iterator[Metric]:
        status = self.source.status()
        for name in COUNTERS:
            family = CounterMetricFamily(f"insyt_{name}", COUNTER_HELP[name], labels=["input"])
            for item in status["inputs"]:
                family.add_metric([item["name"]], item["counters"][name])
            yield family
        active = GaugeMetricFamily(
            "insyt_active_connections", "Open TCP connections.", labels=["input"]
        )
        for item in status["inputs"]:
            active.add_metric([item["name"]], item["active_connections"])
        yield active
        depth = GaugeMetricFamily("insyt_queue_depth", "Records waiting.", labels=["queue"])
        capacity = GaugeMetricFamily("insyt_queue_capacity", "Queue bound.", labels=["queue"])
        for queue, figures in status["queues"].items():
            depth.add_metric([queue], figures["depth"])
            capacity.add_metric([queue], figures["capacity"])
        yield depth
        yield capacity
        storage = status["storage"]
        yield GaugeMetricFamily(
            "insyt_storage_bytes", "Database and WAL size on disk.", value=storage["size_bytes"]
        )
        yield CounterMetricFamily(
            "insyt_retention_deleted", "Lines removed by retention.", value=storage["deleted"]
        )
        yield CounterMetricFamily(
            "insyt_storage_commits", "Transactions committed.", value=storage["commits"]
        )
        yield GaugeMetricFamily("insyt_uptime_seconds", "Seconds since start.",
                                value=status["uptime_s"])
        info = GaugeMetricFamily("insyt_build_info", "Version of insyt.", labels=["version"])
        info.add_metric([__version__], 1)
        yield info
