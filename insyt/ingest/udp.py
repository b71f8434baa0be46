"""Syslog over UDP (RFC 5426): one datagram, one message.

UDP has no flow control, so when the intake is full a datagram is dropped
before it is parsed (the cheapest thing to do under overload) and counted.
A large receive buffer absorbs bursts while the writer commits; what
overflows it the kernel drops before insyt sees it, so those drops are read
from the kernel's own count for the socket (the ``drops`` column of
``/proc/net/udp``, proc(5)) and counted as ``kernel_dropped``: without it a
flood that loses most datagrams in the kernel shows ``dropped`` 0.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from datetime import tzinfo
from pathlib import Path

from insyt.ingest.intake import Chunk, Intake
from insyt.ingest.parser import parse
from insyt.ingest.stats import InputStats
from insyt.record import TRUNCATED

log = logging.getLogger(__name__)

# The kernel's table of UDP sockets per family (proc(5)): one line per socket,
# the inode in column 10 and the drop count in column 13.
PROC_TABLES = {socket.AF_INET: Path("/proc/net/udp"), socket.AF_INET6: Path("/proc/net/udp6")}
_INODE, _DROPS = 9, 12


class UDPInput:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        intake: Intake,
        stats: InputStats,
        max_frame: int,
        rcvbuf: int,
        tz: tzinfo | None,
    ) -> None:
        self.host, self.port = host, port
        self.intake, self.stats = intake, stats
        self.max_frame, self.rcvbuf, self.tz = max_frame, rcvbuf, tz
        self._transport: asyncio.DatagramTransport | None = None
        self.bound: tuple[str, int] | None = None
        self._table: Path | None = None  # where the kernel counts our socket's drops
        self._inode = 0
        self._dropped_before = 0  # kernel drops of sockets this input had before

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        sock = _bind_udp(self.host, self.port, self.rcvbuf)
        self.bound = sock.getsockname()[:2]
        self._table, self._inode = PROC_TABLES.get(sock.family), os.fstat(sock.fileno()).st_ino
        self._dropped_before = self.stats.kernel_dropped
        self._transport, _ = await loop.create_datagram_endpoint(
            lambda: _UDPProtocol(self), sock=sock
        )
        log.info("listening on udp %s:%d (rcvbuf %d)", *self.bound, _rcvbuf(sock))

    async def stop(self) -> None:
        if self._transport is not None:
            self.count_kernel_drops()  # the socket's count goes with it
            self._transport.close()
            self._transport = None

    def count_kernel_drops(self) -> None:
        """Bring ``kernel_dropped`` up to the kernel's count; called when the
        figures are read, as the kernel keeps the count, not us."""
        if self._table is None or self._transport is None:
            return
        drops = kernel_drops(self._table, self._inode)
        if drops is not None:
            self.stats.kernel_dropped = self._dropped_before + drops


class _UDPProtocol(asyncio.DatagramProtocol):
    def __init__(self, listener: UDPInput) -> None:
        self.intake = listener.intake
        self.stats = listener.stats
        self.max_frame = listener.max_frame
        self.tz = listener.tz

    def datagram_received(self, data: bytes, addr: tuple[str | int, ...]) -> None:
        stats = self.stats
        stats.received += 1
        if self.intake.full:
            stats.dropped += 1
            return
        flags = 0
        if len(data) > self.max_frame:
            stats.discarded_bytes += len(data) - self.max_frame
            data, flags = data[: self.max_frame], TRUNCATED
        record = parse(
            data, received=time.time(), transport="udp", peer=f"{addr[0]}:{addr[1]}",
            flags=flags, tz=self.tz,
        )
        if record.flags:
            stats.count_flags(record.flags)
        if not self.intake.offer(Chunk(stats, [record])):
            stats.dropped += 1

    def error_received(self, exc: Exception) -> None:
        log.warning("udp receive error: %s", exc)


def _bind_udp(host: str, port: int, rcvbuf: int) -> socket.socket:
    family, _, _, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)[0]
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        # SO_RCVBUFFORCE passes net.core.rmem_max when we hold CAP_NET_ADMIN
        # (root); otherwise the kernel caps SO_RCVBUF at rmem_max.
        force = getattr(socket, "SO_RCVBUFFORCE", None)
        if force is not None and os.geteuid() == 0:
            sock.setsockopt(socket.SOL_SOCKET, force, rcvbuf)
        else:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.bind(addr)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def _rcvbuf(sock: socket.socket) -> int:
    return sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)


def kernel_drops(table: Path, inode: int) -> int | None:
    """The datagrams the kernel dropped at the socket with this inode (a full
    receive buffer, mostly); None where the table or the socket is not there
    (not Linux, /proc not mounted)."""
    try:
        text = table.read_text()
    except OSError:
        return None
    wanted = str(inode)
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) > _DROPS and fields[_INODE] == wanted:
            return int(fields[_DROPS])
    return None
