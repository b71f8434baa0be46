"""MQTT alerts: the JSON an incident becomes, and the publisher that delivers it.

Topics (``<prefix>`` is ``topic_prefix``, ``<node>`` this appliance's name):

- ``<prefix>/<node>/alert/<category>``: one message per incident change
  (opened, more events, analysis ready, closed), all with the incident's
  ``id``; not retained, QoS from the config (1 by default).
- ``<prefix>/<node>/status``: retained ``online`` once connected, ``offline``
  on a clean stop and, through MQTT's last will, when the connection dies
  without one (crash, kill, network loss noticed by the broker's keepalive).

Delivery goes through :mod:`insyt.alerts.outbox`: an alert is committed to SQLite
first, and its row is marked only after the broker's PUBACK.  So QoS 1 here
means *at least once* end to end, across broker outages and daemon restarts;
a consumer may see a message twice (the PUBACK lost with the connection) and
should key on ``id`` + ``event.action`` + ``last_seen``.  With ``qos = 0`` a
row counts as published once written to the socket: at most once, on purpose.

Alert payload (ECS names where Elastic Common Schema has one; the flat
fields come first so that a simple consumer needs no nesting)::

    id                 incident id (the same in every message of one incident)
    category           insyt category, e.g. "brute_force"
    severity           "info" | "low" | "medium" | "high" | "critical"
    confidence         classifier confidence 0..1
    mitre              ATT&CK technique ids, most specific first
    source             ECS source: {ip, address, domain (its host name), port,
                       user: {name}} as far as known
    first_seen         RFC 3339 UTC, first line of the incident
    last_seen          RFC 3339 UTC, latest line so far
    event_count        lines in the incident so far
    evidence           raw lines (bounded: see MAX_EVIDENCE_* below)
    evidence_count     lines of evidence the incident offered
    evidence_truncated true when lines were dropped or cut to fit
    node               the insyt appliance that saw it
    @timestamp         = last_seen (ECS)
    event              {kind: "alert", category: [ECS categories], type: [start|change|end],
                        action: opened|updated|analysis|closed, severity: 0..4,
                        start, end, module: "insyt", dataset: "insyt.alert", id}
    rule               {name: category, description}
    threat             {framework: "MITRE ATT&CK", technique: {id: [...],
                        subtechnique: {id: [...]}}}
    user               {name} (the account involved) when known
    host               {name} (the machine whose logs showed it) when known
    observer           {hostname: node, type: "ids", product: "insyt"}
    analysis           {text, steps, engine, model, seconds, validated[, rejected]} once the
                       analyst has answered (action "analysis"; see insyt.analyst.answer)
    ecs                {version}

Every string in the payload goes through ``json.dumps``: log lines may hold
HTML, JSON fragments, NUL or invalid UTF-8 escapes or text meant to steer a
language model; none of it can change the document's structure.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import random
import socket
import ssl
import time
from collections.abc import Awaitable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import aiomqtt

from insyt.alerts import outbox
from insyt.config import MqttConfig, parse_url
from insyt.ingest.decode import decode_text
from insyt.status import PublisherStatus
from insyt.store.writer import Writer
from insyt.taxonomy import BY_NAME, Severity

log = logging.getLogger(__name__)
T = TypeVar("T")

def node_name(config: MqttConfig) -> str:
    return topic_level(config.node or socket.gethostname())


def topic_level(text: str) -> str:
    """One topic level from any text: separators and wildcards become '_'
    (a category or host name must never widen a subscriber's match)."""
    cleaned = "".join("_" if c in "/+#\x00" else c for c in text)
    return cleaned[:MAX_TEXT_CHARS] or "_"


def status_topic(config: MqttConfig) -> str:
    return f"{config.topic_prefix}/{node_name(config)}/status"


def alert_topic(config: MqttConfig, category: str) -> str:
    return f"{config.topic_prefix}/{node_name(config)}/alert/{topic_level(category)}"


# -- payload -------------------------------------------------------------------

# Well under every broker's default packet bound (AWS IoT: 128 KiB; mosquitto
# and EMQX: 256 MiB and 1 MiB) and small enough for a phone or a home
# automation hub to parse without thinking about it.
MAX_PAYLOAD_BYTES = 64 * 1024
MAX_EVIDENCE_LINES = 32
MAX_EVIDENCE_LINE_CHARS = 2048  # a 64 KiB line keeps its first 2 KiB and gains an ellipsis
MAX_TEXT_CHARS = 256  # ids, names, addresses
MAX_ANALYSIS_CHARS = 8192
MAX_STEPS = 8
MAX_TECHNIQUES = 16
ELLIPSIS = "\u2026"
ECS_VERSION = "8.11.0"
ACTIONS = ("opened", "updated", "analysis", "closed")
_EVENT_TYPE = {"opened": "start", "updated": "change", "analysis": "change", "closed": "end"}
# ECS event.category allowed values closest to each insyt category; every
# alert is also "intrusion_detection".
_ECS_CATEGORIES: dict[str, tuple[str, ...]] = {
    "brute_force": ("authentication",),
    "network_scan": ("network",),
    "web_scan": ("web",),
    "web_exploit": ("web",),
    "webshell": ("web", "malware"),
    "privilege_escalation": ("iam",),
    "credential_access": ("authentication",),
    "dns_exfiltration": ("network",),
    "malware_c2": ("malware", "network"),
    "dos": ("network",),
    "mail_abuse": ("email",),
    "recon": ("network",),
}


def clean_text(value: str | bytes, limit: int) -> tuple[str, bool]:
    """Text safe for any JSON consumer, at most ``limit`` characters (plus an
    ellipsis when cut); says whether it was cut.

    Bytes are decoded as the inputs do (:func:`insyt.ingest.decode.decode_text`).  In
    text, NUL becomes ``\\x00`` like everywhere else in insyt (``\\u0000`` is
    valid JSON, but C strings and PostgreSQL jsonb refuse it) and lone
    surrogates become ``\\udcNN`` escapes: they cannot be encoded as UTF-8,
    so the payload could not be sent at all."""
    if isinstance(value, bytes):
        text = decode_text(value)[0]
    else:
        text = str(value)
        if "\x00" in text:
            text = text.replace("\x00", "\\x00")
        try:
            text.encode()
        except UnicodeEncodeError:
            text = text.encode("utf-8", "backslashreplace").decode()
    if len(text) > limit:
        return text[:limit] + ELLIPSIS, True
    return text, False


def _short(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return clean_text(value if isinstance(value, str | bytes) else str(value), MAX_TEXT_CHARS)[0]


def rfc3339(value: Any) -> str | None:
    """Unix seconds or a datetime as RFC 3339 UTC with milliseconds; a string
    is taken as already formatted."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    elif isinstance(value, int | float) and math.isfinite(value):
        moment = datetime.fromtimestamp(value, UTC)
    else:
        return _short(value)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _severity(value: Any, category: str) -> Severity:
    if isinstance(value, str):
        with contextlib.suppress(KeyError):
            return Severity[value.upper()]
    elif isinstance(value, int):
        with contextlib.suppress(ValueError):
            return Severity(value)
    known = BY_NAME.get(category)
    return known.severity if known else Severity.INFO


def _confidence(value: Any) -> float | None:
    if isinstance(value, int | float) and math.isfinite(value):
        return round(float(value), 4)
    return None


def _techniques(incident: Mapping[str, Any], category: str) -> list[str]:
    given = incident.get("mitre")
    if given is None:
        known = BY_NAME.get(category)
        given = known.mitre if known else ()
    if isinstance(given, str | bytes):
        given = [given]
    ids = [_short(t) for t in list(given)[:MAX_TECHNIQUES]]
    return [t for t in ids if t]


def _threat(techniques: list[str]) -> dict[str, Any]:
    """ECS splits ATT&CK ids: ``T1110.001`` is a subtechnique of ``T1110``."""
    parents = list(dict.fromkeys(t.split(".", 1)[0] for t in techniques))
    subs = [t for t in techniques if "." in t]
    technique: dict[str, Any] = {"id": parents}
    if subs:
        technique["subtechnique"] = {"id": subs}
    return {"framework": "MITRE ATT&CK", "technique": technique}


def _source(incident: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """ECS ``source`` and the user name, from ``source: {ip, host, port,
    user}`` or flat ``source_ip`` / ``source_host`` / ``user``."""
    given = incident.get("source")
    nested: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    ip = _short(nested.get("ip", incident.get("source_ip")))
    domain = _short(nested.get("host", nested.get("domain", incident.get("source_host"))))
    if isinstance(given, str | bytes) and ip is None and domain is None:
        ip = _short(given)  # a bare "source" is the address the incident is grouped by
    user = _short(nested.get("user", incident.get("user")))
    source: dict[str, Any] = {}
    if ip is not None:
        source["ip"] = ip
    if domain is not None:
        source["domain"] = domain
    if ip is not None or domain is not None:
        source["address"] = ip if ip is not None else domain
    port = nested.get("port")
    if isinstance(port, int) and 0 <= port <= 65535:
        source["port"] = port
    if user is not None:
        source["user"] = {"name": user}  # "source: ip/host/user" for simple consumers
    return source, user


def _analysis(value: Any) -> dict[str, Any] | None:
    """The analyst's answer (insyt.analyst.answer.Analysis.as_dict), cleaned."""
    if value is None or value == "":
        return None
    if isinstance(value, Mapping):
        text, engine = value.get("text"), value.get("engine")
    else:
        text, engine, value = value, None, {}
    result: dict[str, Any] = {
        "text": clean_text(text if isinstance(text, str | bytes) else str(text or ""),
                           MAX_ANALYSIS_CHARS)[0]}
    if engine:
        result["engine"] = _short(engine)
    steps = value.get("steps")
    if isinstance(steps, list | tuple):
        result["steps"] = [clean_text(str(step), MAX_ANALYSIS_CHARS // MAX_STEPS)[0]
                           for step in steps[:MAX_STEPS]]
    for key in ("model", "rejected"):
        if value.get(key):
            result[key] = _short(value[key])
    if isinstance(value.get("validated"), bool):
        result["validated"] = value["validated"]
    seconds = value.get("seconds")
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) \
            and math.isfinite(seconds):
        result["seconds"] = round(float(seconds), 3)
    return result


def _evidence(lines: Any) -> tuple[list[str], int, bool]:
    """At most MAX_EVIDENCE_LINES cleaned lines, how many were offered, and
    whether any was dropped or cut."""
    if lines is None:
        return [], 0, False
    if isinstance(lines, str | bytes):
        lines = [lines]
    offered = list(lines)
    kept: list[str] = []
    truncated = len(offered) > MAX_EVIDENCE_LINES
    for line in offered[:MAX_EVIDENCE_LINES]:
        text, cut = clean_text(line if isinstance(line, str | bytes) else str(line),
                               MAX_EVIDENCE_LINE_CHARS)
        kept.append(text)
        truncated |= cut
    return kept, len(offered), truncated


def _dumps(document: Mapping[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def alert_payload(incident: Mapping[str, Any], *, node: str | None = None) -> str:
    """The alert JSON for one incident change (see the module docs for fields).

    ``incident`` keys: ``id``, ``category`` (required); ``severity``,
    ``confidence``, ``mitre`` (the taxonomy's when absent), ``source``
    (``{ip, host, port, user}``) or ``source_ip`` / ``source_host`` / ``user``,
    ``host``, ``first_seen``, ``last_seen`` (unix seconds or datetimes),
    ``event_count``, ``evidence`` (lines, str or bytes), ``action`` (one of
    :data:`ACTIONS`, default ``opened``), ``analysis`` (text or ``{text,
    engine}``).  Never larger than :data:`MAX_PAYLOAD_BYTES` in UTF-8."""
    category = _short(incident.get("category")) or "unknown"
    incident_id = incident.get("id")
    if not isinstance(incident_id, int) or isinstance(incident_id, bool):
        incident_id = _short(incident_id) or ""
    action = str(incident.get("action") or "opened")
    if action not in ACTIONS:
        action = "updated"
    severity = _severity(incident.get("severity"), category)
    techniques = _techniques(incident, category)
    source, user = _source(incident)
    first_seen = rfc3339(incident.get("first_seen"))
    last_seen = rfc3339(incident.get("last_seen")) or first_seen
    count = incident.get("event_count")
    event_count = count if isinstance(count, int) and not isinstance(count, bool) else None
    evidence, offered, truncated = _evidence(incident.get("evidence"))
    node = topic_level(node or socket.gethostname())
    known = BY_NAME.get(category)

    event: dict[str, Any] = {
        "kind": "alert",
        "category": ["intrusion_detection", *_ECS_CATEGORIES.get(category, ())],
        "type": [_EVENT_TYPE[action]],
        "action": action,
        "severity": int(severity),
        "module": "insyt",
        "dataset": "insyt.alert",
        "id": str(incident_id),
    }
    if first_seen:
        event["start"] = first_seen
    if action == "closed" and last_seen:
        event["end"] = last_seen
    document: dict[str, Any] = {
        "id": incident_id,
        "category": category,
        "severity": severity.name.lower(),
        "confidence": _confidence(incident.get("confidence")),
        "mitre": techniques,
        "source": source,
        "first_seen": first_seen,
        "last_seen": last_seen,
        "event_count": event_count,
        "evidence": evidence,
        "evidence_count": offered,
        "evidence_truncated": truncated,
        "node": node,
        "@timestamp": last_seen,
        "event": event,
        "rule": {"name": category, **({"description": known.summary} if known else {})},
        "threat": _threat(techniques),
        "observer": {"hostname": node, "type": "ids", "product": "insyt", "vendor": "insyt"},
        "ecs": {"version": ECS_VERSION},
    }
    if user is not None:
        document["user"] = {"name": user}
    host = _short(incident.get("host"))
    if host is not None:
        document["host"] = {"name": host}
    analysis = _analysis(incident.get("analysis"))
    if analysis is not None:
        document["analysis"] = analysis
    return _fit(document)


def _fit(document: dict[str, Any]) -> str:
    """Serialise, dropping evidence from the end (then the analysis text)
    until the payload fits :data:`MAX_PAYLOAD_BYTES`."""
    text = _dumps(document)
    size = len(text.encode())
    evidence: list[str] = document["evidence"]
    while size > MAX_PAYLOAD_BYTES and evidence:
        excess = size - MAX_PAYLOAD_BYTES
        while evidence and excess > 0:
            excess -= len(json.dumps(evidence.pop(), ensure_ascii=False).encode()) + 1  # ","
        document["evidence_truncated"] = True
        text = _dumps(document)
        size = len(text.encode())
    if size > MAX_PAYLOAD_BYTES and "analysis" in document:
        document["analysis"]["text"] = ""
        text = _dumps(document)
    return text


def alert_message(config: MqttConfig, incident: Mapping[str, Any]) -> outbox.Message:
    """The outbox row for one incident change."""
    category = _short(incident.get("category")) or "unknown"
    return outbox.Message(alert_topic(config, category),
                          alert_payload(incident, node=node_name(config)), config.qos, False)


# -- publisher -----------------------------------------------------------------

BATCH_ROWS = 100  # rows read from the outbox per query
IN_FLIGHT_MAX = 16  # QoS 1 messages awaiting PUBACK at once (paho's default bound is 20)
ACK_TIMEOUT_S = 30.0  # no PUBACK by then: treat the connection as dead and reconnect
CONNECT_TIMEOUT_S = 10.0  # TCP + TLS + CONNACK
STOP_TIMEOUT_S = 5.0  # a clean stop (offline status, DISCONNECT) gets this long
BACKOFF_FIRST_S = 0.5
POLL_INTERVAL_S = 5.0  # look at the outbox even without notify() (rows from other writers)
PRUNE_INTERVAL_S = 3600.0
ONLINE, OFFLINE = b"online", b"offline"


class Publisher:
    """Delivers the outbox to the broker, in id order, for as long as it runs.

    One task: connect (with the last will set), publish ``online``, drain the
    outbox, wait for :meth:`notify`, drain again; on any failure record it,
    back off (exponential, with jitter, up to ``reconnect_max_s``) and start
    over.  Ingest never waits for it: the outbox absorbs an outage.
    """

    def __init__(self, config: MqttConfig, writer: Writer) -> None:
        self.config = config
        self.writer = writer
        self.enabled = bool(config.url)
        self.endpoint = parse_url(config.url) if self.enabled else None
        self.node = node_name(config)
        self.client_id = config.client_id or f"insyt-{self.node}"
        self.status_topic = status_topic(config)
        # State for /api/status and /metrics.
        self.connected = False
        self.published = 0  # messages the broker acknowledged (duplicates included)
        self.failed_attempts = 0  # connections that failed or broke
        self.pending = 0  # outbox depth, as of the last look
        self.last_error = ""
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._tls: ssl.SSLContext | None = None
        self._pruned = 0.0

    # -- the daemon's side -----------------------------------------------------

    async def start(self) -> None:
        if self.enabled and self._task is None:
            self._stopping.clear()
            self._task = asyncio.create_task(self._run(), name="mqtt")

    async def stop(self) -> None:
        """Publish ``offline`` and disconnect (a clean stop does not rely on
        the will); give up after :data:`STOP_TIMEOUT_S`.  Call it before the
        writer closes: the publisher marks rows through it."""
        if self._task is None:
            return
        self._stopping.set()
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), STOP_TIMEOUT_S)
        except TimeoutError:
            log.warning("mqtt: no clean disconnect within %.0fs", STOP_TIMEOUT_S)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    def notify(self) -> None:
        """Rows were enqueued: drain now rather than at the next poll."""
        self._wake.set()

    async def enqueue(self, messages: Sequence[outbox.Message]) -> list[int]:
        """Commit messages to the outbox and wake the publisher; with MQTT
        off nothing is stored (an outbox nobody drains would only grow)."""
        if not self.enabled or not messages:
            return []
        ids = await self.writer.in_db(outbox.enqueue, messages)
        self.pending += len(ids)
        self.notify()
        return ids

    async def publish_alert(self, incident: Mapping[str, Any]) -> int | None:
        """Queue one incident change; its outbox id, or None with MQTT off."""
        ids = await self.enqueue([alert_message(self.config, incident)])
        return ids[0] if ids else None

    def status(self) -> PublisherStatus:
        broker = ""
        if self.endpoint is not None:  # never the credentials a url may carry
            host = self.endpoint.host
            host = f"[{host}]" if ":" in host else host
            broker = f"{'mqtts' if self.endpoint.tls else 'mqtt'}://{host}:{self.endpoint.port}"
        return PublisherStatus(
            enabled=self.enabled,
            broker=broker,
            connected=self.connected,
            published=self.published,
            failed_attempts=self.failed_attempts,
            pending=self.pending,
            last_error=self.last_error,
        )

    # -- the task --------------------------------------------------------------

    async def _run(self) -> None:
        delay = BACKOFF_FIRST_S
        while not self._stopping.is_set():
            was_connected = False
            try:
                was_connected = await self._session()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # never out of the task: record, back off, retry
                was_connected = self.connected
                error = f"{type(exc).__name__}: {exc}"[:MAX_TEXT_CHARS]
                # The first failure of a kind is news; its repetitions every
                # reconnect_max_s during a long outage are not.
                level = logging.WARNING if was_connected or error != self.last_error else (
                    logging.DEBUG)
                log.log(level, "mqtt: %s; retrying", error)
                self.failed_attempts += 1
                self.last_error = error
            finally:
                self.connected = False
            if self._stopping.is_set():
                break
            if was_connected:
                delay = BACKOFF_FIRST_S  # a broker restart after hours: come back quickly
            # "Equal jitter": at least half the delay, so a fleet restarting
            # together spreads out without anyone retrying in a tight loop.
            pause = min(delay, self.config.reconnect_max_s)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(),
                                       pause / 2 + random.uniform(0, pause / 2))
            delay = min(delay * 2, self.config.reconnect_max_s)

    async def _session(self) -> bool:
        """One connection: returns after a clean stop, raises when it breaks."""
        endpoint = self.endpoint
        assert endpoint is not None
        if endpoint.tls and self._tls is None:
            self._tls = await asyncio.to_thread(tls_context, self.config)  # reads files
        client = aiomqtt.Client(
            endpoint.host, endpoint.port,
            identifier=self.client_id,
            username=self.config.username or endpoint.username or None,
            password=self.config.password or endpoint.password or None,
            will=aiomqtt.Will(self.status_topic, OFFLINE, qos=1, retain=True),
            keepalive=self.config.keepalive_s,
            tls_context=self._tls if endpoint.tls else None,
            timeout=CONNECT_TIMEOUT_S,
            max_inflight_messages=IN_FLIGHT_MAX,
            # The outbox is the persistent session: a broker-side one would
            # only replay messages the outbox replays anyway.
            clean_session=True,
            protocol=aiomqtt.ProtocolVersion.V311,
            logger=log,
        )
        client.pending_calls_threshold = IN_FLIGHT_MAX + 2  # silences aiomqtt's warning
        async with client:
            watcher = asyncio.create_task(_until_disconnected(client), name="mqtt-watch")
            try:
                await self._guard(client.publish(self.status_topic, ONLINE, qos=1, retain=True,
                                                 timeout=ACK_TIMEOUT_S), watcher)
                self.connected = True
                self.last_error = ""
                log.info("mqtt: connected to %s:%d as %s", endpoint.host, endpoint.port,
                         self.client_id)
                self.pending = await self.writer.in_db(outbox.depth)
                while not self._stopping.is_set():
                    self._wake.clear()  # before the query: a later notify() is not lost
                    if await self._drain(client, watcher) == 0:
                        await self._guard(self._idle(), watcher)
                await self._guard(client.publish(self.status_topic, OFFLINE, qos=1, retain=True,
                                                 timeout=STOP_TIMEOUT_S), watcher)
            finally:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError, aiomqtt.MqttError):
                    await watcher
        log.info("mqtt: disconnected cleanly")
        return True

    async def _drain(self, client: aiomqtt.Client, watcher: asyncio.Task[None]) -> int:
        """Send one batch of the outbox in id order; return how many rows it
        had.  Marks what was acknowledged even when the batch breaks off."""
        rows = await self.writer.in_db(outbox.pending, BATCH_ROWS)
        acked: list[int] = []
        try:
            for start in range(0, len(rows), IN_FLIGHT_MAX):
                window = rows[start : start + IN_FLIGHT_MAX]
                # How the PUBACK is awaited: aiomqtt's publish() registers the
                # message id and returns only when paho's on_publish fires,
                # which for QoS 1 paho calls from _handle_pubackcomp, i.e. on
                # the broker's PUBACK (for QoS 0 right after the socket
                # write).  A PUBACK that never comes is a timeout; a dropped
                # connection never completes the call at all, so the watcher
                # ends the wait.  The calls start in list order (each task
                # hands its message to paho before its first await), so the
                # messages leave in id order over the one connection.
                results = await self._guard(asyncio.gather(
                    *(client.publish(r.topic, r.payload.encode(), qos=r.qos, retain=r.retain,
                                     timeout=ACK_TIMEOUT_S) for r in window),
                    return_exceptions=True), watcher)
                failure: BaseException | None = None
                for row, result in zip(window, results, strict=True):
                    if isinstance(result, BaseException):
                        failure = failure or result
                    else:
                        acked.append(row.id)
                if failure is not None:
                    raise failure
                if self._stopping.is_set():
                    break
        finally:
            if acked:
                await self.writer.in_db(outbox.mark_published, acked)
                self.published += len(acked)
                self.pending = max(self.pending - len(acked), 0)
        if rows:
            self.pending = await self.writer.in_db(outbox.depth)
        return len(rows)

    async def _idle(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), POLL_INTERVAL_S)
        now = time.time()
        if now - self._pruned > PRUNE_INTERVAL_S:
            self._pruned = now
            pruned = await self.writer.in_db(outbox.prune, now - outbox.PUBLISHED_KEEP_S)
            if pruned:
                log.debug("mqtt: pruned %d published outbox rows", pruned)

    @staticmethod
    async def _guard(work: Awaitable[T], watcher: asyncio.Task[None]) -> T:
        """``await work``, unless the connection drops first: aiomqtt leaves
        calls pending on a dead connection, so its end must cut them short."""
        task = asyncio.ensure_future(work)
        try:
            await asyncio.wait((task, watcher), return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            task.cancel()
            raise
        if task.done():
            return task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        watcher.result()  # raises why the connection ended
        raise aiomqtt.MqttError("connection lost")


async def _until_disconnected(client: aiomqtt.Client) -> None:
    """Ends (with MqttError) when the connection does: nothing is subscribed,
    so the message iterator only ever yields its disconnection error."""
    async for _ in client.messages:
        pass


def tls_context(config: MqttConfig) -> ssl.SSLContext:
    """Verifying context for ``mqtts://``: the configured CA or the system's,
    plus a client certificate when the broker wants one."""
    context = ssl.create_default_context(cafile=config.ca_file or None)
    if config.cert_file:
        context.load_cert_chain(config.cert_file, config.key_file or None)
    return context
