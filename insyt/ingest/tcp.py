"""Syslog over TCP (RFC 6587), octet-counted or LF-framed, per frame.

Bytes read from a connection have left the sender's queue, so they are never
dropped here: when the intake is past its high-water mark the connection
pauses reading and the sender's own queue (rsyslog's disk-assisted queue,
say) holds the data until the writer catches up.

Hostile peers are bounded: at most ``max_connections`` at once and
``max_connections_per_source`` from one source (more are closed on accept
and counted, see :mod:`insyt.ingest.admission`); idle or half-open
connections are closed after ``idle_timeout_s`` (TCP keepalive probes find
dead peers sooner); a frame must be whole within ``frame_timeout_s`` of its
first byte, so a peer trickling bytes cannot hold a slot by never going
idle; and a connection never buffers more than one ``max_frame``.  A
connection closed by a timeout keeps what it sent: a last partial frame is
stored.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import typing
from datetime import tzinfo

from insyt.ingest.admission import MAX_CONNECTIONS, MAX_PER_SOURCE, Admission, RefusalLog, source_of
from insyt.ingest.framing import Deframer, Frame
from insyt.ingest.intake import Chunk, Intake
from insyt.ingest.parser import parse
from insyt.ingest.stats import InputStats

log = logging.getLogger(__name__)

# Keepalive: first probe after a minute of silence, then 6 probes 10 s apart.
KEEPALIVE_IDLE_S = 60
KEEPALIVE_INTERVAL_S = 10
KEEPALIVE_PROBES = 6
LISTEN_BACKLOG = 512
# Peers named in one "closing" log line; the rest are counted.
NAMED_PEERS = 3


class TCPInput:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        intake: Intake,
        stats: InputStats,
        max_frame: int,
        max_connections: int,
        max_connections_per_source: int,
        idle_timeout_s: float,
        frame_timeout_s: float,
        tz: tzinfo | None,
    ) -> None:
        self.host, self.port = host, port
        self.intake, self.stats = intake, stats
        self.max_frame = max_frame
        self.admission = Admission(max_connections, max_connections_per_source)
        self.refusals = RefusalLog(stats.name, {MAX_CONNECTIONS: max_connections,
                                                MAX_PER_SOURCE: max_connections_per_source})
        self.idle_timeout_s = idle_timeout_s
        self.frame_timeout_s = frame_timeout_s
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
        self._sweeper = asyncio.create_task(self._sweep(), name=f"tcp-sweep {self.bound}")
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
        self.refusals.flush(asyncio.get_running_loop().time(), force=True)
        await self._server.wait_closed()
        self._server = None

    def refuse(self, limit: str, source: str) -> None:
        if limit == MAX_PER_SOURCE:
            self.stats.rejected_per_source += 1
        else:
            self.stats.rejected += 1
        self.refusals.refused(limit, source, asyncio.get_running_loop().time())

    async def _sweep(self) -> None:
        """One timer for all connections instead of timers reset per read;
        it also lets the refusal log tell what it tallied."""
        loop = asyncio.get_running_loop()
        period = min(1.0, self.idle_timeout_s / 4, self.frame_timeout_s / 4)
        while True:
            await asyncio.sleep(period)
            now = loop.time()
            self.refusals.flush(now)
            idle_since, frame_since = now - self.idle_timeout_s, now - self.frame_timeout_s
            idle, slow = [], []
            for conn in self.connections:
                if conn.paused:  # quiet, or slow, because of us
                    continue
                if conn.frame_started is not None and conn.frame_started < frame_since:
                    slow.append(conn)
                elif conn.last_activity < idle_since:
                    idle.append(conn)
            self._close(idle, f"silent for {self.idle_timeout_s:g} s")
            self._close(slow, f"a frame unfinished after {self.frame_timeout_s:g} s")
            self.stats.timed_out += len(idle)
            self.stats.frame_timeouts += len(slow)

    def _close(self, conns: list[_TCPProtocol], why: str) -> None:
        """Close and tell in one line, however many (a flood's worth) go at once."""
        if not conns:
            return
        peers = ", ".join(c.peer for c in conns[:NAMED_PEERS])
        more = f" and {len(conns) - NAMED_PEERS} more" if len(conns) > NAMED_PEERS else ""
        log.info("closing %d tcp connection%s to %s, %s: %s%s", len(conns),
                 "" if len(conns) == 1 else "s", self.stats.name, why, peers, more)
        for conn in conns:
            conn.finish()


class _TCPProtocol(asyncio.Protocol):
    def __init__(self, listener: TCPInput) -> None:
        self.listener = listener
        self.stats = listener.stats
        self.intake = listener.intake
        self.tz = listener.tz
        self.deframer = Deframer(listener.max_frame)
        self.transport: asyncio.Transport | None = None
        self.peer = self.source = "?"
        self.paused = False
        self.last_activity = asyncio.get_running_loop().time()
        # When the frame now being read began: the first byte read since a
        # frame was last completed (blank lines complete none).  None between frames.
        self.frame_started: float | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement asyncio.Transport without subclassing it.
        transport = typing.cast(asyncio.Transport, transport)
        listener = self.listener
        peername = transport.get_extra_info("peername")
        if peername:
            self.peer, self.source = f"{peername[0]}:{peername[1]}", source_of(peername[0])
        refused_at = listener.admission.admit(self.source)
        if refused_at is not None:
            listener.refuse(refused_at, self.source)
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
        now = self.last_activity = asyncio.get_running_loop().time()
        deframer = self.deframer
        frames = deframer.feed(data)
        if frames:
            self.frame_started = now if deframer.pending else None
        elif self.frame_started is None:
            self.frame_started = now
        if deframer.discarded:
            self.stats.discarded_bytes += deframer.discarded
            deframer.discarded = 0
        self._take(frames)

    def eof_received(self) -> bool:
        self._take(self.deframer.close())
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        if self.transport is None:
            return  # refused in connection_made
        self.transport = None
        self.listener.connections.discard(self)
        self.listener.admission.release(self.source)
        self.stats.active_connections = len(self.listener.connections)

    def finish(self) -> None:
        """Close on our initiative (shutdown, a timeout): keep any last LF-less frame."""
        if self.transport is not None:
            self._take(self.deframer.close())
            self.transport.close()

    def _take(self, frames: list[Frame]) -> None:
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
            now = self.last_activity = asyncio.get_running_loop().time()
            if self.frame_started is not None:
                self.frame_started = now  # the rest of the frame waited on us


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
