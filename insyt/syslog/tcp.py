"""Syslog over TCP (RFC 6587), octet-counted or LF-framed, per frame.

Bytes read from a connection have left the sender's queue, so they are never
dropped here: when the intake is past its high-water mark the connection
pauses reading and the sender's own queue (rsyslog's disk-assisted queue,
say) holds the data until the writer catches up.

Hostile peers are bounded: at most ``max_connections`` at once (more are
closed on accept and counted), idle or half-open connections are closed
after ``idle_timeout_s`` (TCP keepalive probes find dead peers sooner), and a
connection never buffers more than one ``max_frame``.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import typing
from datetime import tzinfo

from insyt.intake import Chunk, Intake
from insyt.stats import InputStats
from insyt.syslog.framing import Deframer
from insyt.syslog.parser import parse

log = logging.getLogger(__name__)

# Keepalive: first probe after a minute of silence, then 6 probes 10 s apart.
KEEPALIVE_IDLE_S = 60
KEEPALIVE_INTERVAL_S = 10
KEEPALIVE_PROBES = 6
LISTEN_BACKLOG = 512


class TCPListener:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        intake: Intake,
        stats: InputStats,
        max_frame: int,
        max_connections: int,
        idle_timeout_s: float,
        tz: tzinfo | None,
    ) -> None:
        self.host, self.port = host, port
        self.intake, self.stats = intake, stats
        self.max_frame = max_frame
        self.max_connections = max_connections
        self.idle_timeout_s = idle_timeout_s
        self.tz = tz
        self.connections: set[_TCPProtocol] = set()
        self.bound: tuple[str, int] | None = None
        self._server: asyncio.Server | None = None
        self._sweeper: asyncio.Task[None] | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: _TCPProtocol(self),
            self.host,
            self.port,
            backlog=LISTEN_BACKLOG,
            reuse_address=True,
        )
        self.bound = self._server.sockets[0].getsockname()[:2]
        self._sweeper = asyncio.create_task(self._sweep_idle(), name=f"idle-sweep {self.bound}")
        log.info("listening on tcp %s:%d", *self.bound)

    async def stop(self) -> None:
        """Stop accepting, then end every connection after taking in what it
        already sent (a last frame without its LF is kept)."""
        if self._server is None:
            return
        self._server.close()
        if self._sweeper is not None:
            self._sweeper.cancel()
        for conn in list(self.connections):
            conn.finish()
        await self._server.wait_closed()
        self._server = None

    async def _sweep_idle(self) -> None:
        """One timer for all connections instead of a timer reset per read."""
        loop = asyncio.get_running_loop()
        period = min(1.0, self.idle_timeout_s / 4)
        while True:
            await asyncio.sleep(period)
            deadline = loop.time() - self.idle_timeout_s
            # A connection paused for backpressure is quiet because of us.
            idle = [c for c in self.connections if c.last_activity < deadline and not c.paused]
            for conn in idle:
                self.stats.timed_out += 1
                log.info("closing idle tcp connection from %s", conn.peer)
                conn.finish()


class _TCPProtocol(asyncio.Protocol):
    def __init__(self, listener: TCPListener) -> None:
        self.listener = listener
        self.stats = listener.stats
        self.intake = listener.intake
        self.tz = listener.tz
        self.deframer = Deframer(listener.max_frame)
        self.transport: asyncio.Transport | None = None
        self.peer = "?"
        self.paused = False
        self.last_activity = asyncio.get_running_loop().time()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement asyncio.Transport without subclassing it.
        transport = typing.cast(asyncio.Transport, transport)
        listener = self.listener
        peername = transport.get_extra_info("peername")
        self.peer = f"{peername[0]}:{peername[1]}" if peername else "?"
        if len(listener.connections) >= listener.max_connections:
            self.stats.rejected += 1
            log.warning("refusing tcp connection from %s: %d open", self.peer,
                        len(listener.connections))
            transport.abort()
            return
        self.transport = transport
        listener.connections.add(self)
        self.stats.connections += 1
        self.stats.active_connections = len(listener.connections)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            _enable_keepalive(sock)

    def data_received(self, data: bytes) -> None:
        self.last_activity = asyncio.get_running_loop().time()
        self._take(self.deframer.feed(data))

    def eof_received(self) -> bool:
        self._take(self.deframer.close())
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        if self.transport is None:
            return  # refused in connection_made
        self.transport = None
        self.listener.connections.discard(self)
        self.stats.active_connections = len(self.listener.connections)

    def finish(self) -> None:
        """Close on our initiative (shutdown, idle): keep any last LF-less frame."""
        if self.transport is not None:
            self._take(self.deframer.close())
            self.transport.close()

    def _take(self, frames: list[tuple[bytes, int]]) -> None:
        if not frames:
            return
        received = time.time()
        peer, tz, stats = self.peer, self.tz, self.stats
        records = [
            parse(data, received=received, transport="tcp", peer=peer, flags=flags, tz=tz)
            for data, flags in frames
        ]
        stats.account(records)
        if not self.intake.push(Chunk(stats, records)) and not self.paused:
            self.paused = True
            if self.transport is not None:
                self.transport.pause_reading()
            self.intake.when_space(self._resume)

    def _resume(self) -> None:
        self.paused = False
        if self.transport is not None and not self.transport.is_closing():
            self.transport.resume_reading()
            self.last_activity = asyncio.get_running_loop().time()


def _enable_keepalive(sock: socket.socket) -> None:
    """Detect peers that vanished without a FIN (half-open connections)."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    for option, value in (
        ("TCP_KEEPIDLE", KEEPALIVE_IDLE_S),
        ("TCP_KEEPINTVL", KEEPALIVE_INTERVAL_S),
        ("TCP_KEEPCNT", KEEPALIVE_PROBES),
    ):
        if hasattr(socket, option):
            sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, option), value)
