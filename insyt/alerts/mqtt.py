"""MQTT alerts: the topics, and the publisher that delivers the outbox to the broker.

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

The payload is :class:`insyt.alerts.document.Alert`'s.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import socket
import ssl
import time
from collections.abc import Awaitable, Sequence
from typing import TypeVar

import aiomqtt

from insyt.alerts import outbox
from insyt.alerts.document import MAX_TEXT_CHARS, Alert
from insyt.config import MqttConfig, parse_url
from insyt.status import PublisherStatus
from insyt.store.writer import Writer

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


def alert_message(config: MqttConfig, alert: Alert) -> outbox.Message:
    """The outbox row for one incident change."""
    return outbox.Message(alert_topic(config, alert.category), alert.payload(node_name(config)),
                          config.qos, False)


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

    async def publish_alert(self, alert: Alert) -> int | None:
        """Queue one incident change; its outbox id, or None with MQTT off."""
        ids = await self.enqueue([alert_message(self.config, alert)])
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
