"""Syslog load generator for the ingest benchmark, run in its own process.

The daemon and this generator share two cores, so every microsecond spent
here is taken from the server being measured: the message pool is built once
and each message costs one bytes formatting operation (template + sequence
number), and TCP sends whole batches with one ``sendall``.

Every message ends with ``seq=NNNNNNNNNN`` (ten digits, a running number per
run), so what was stored can be checked against what was sent: no gaps and
no duplicates.  The fixed width keeps the RFC 6587 octet count of a template
valid for every sequence number.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

SEQ_DIGITS = 10
SEQ_MARK = b" seq="
POOL_SIZE = 4000
POOL_SEED = 5514
TICK_S = 0.001  # pacing granularity: small bursts keep the receiver's buffer shallow
TCP_BATCH = 1024  # messages per sendall() when unpaced (~200 KiB)
TCP_SNDBUF = 4 * 1024 * 1024
MAX_LAG_S = 0.05  # a paced sender that fell behind catches up at most this much at once

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_USERS = ("root", "admin", "ubuntu", "deploy", "alice", "bob", "git", "postgres", "oracle",
          "test", "guest", "jenkins", "backup", "www-data", "carol", "dave")
_PATHS = ("/", "/index.html", "/api/v1/items", "/api/v1/items/{n}", "/login", "/static/app.js",
          "/static/style.css", "/wp-login.php", "/.env", "/health", "/search?q={word}",
          "/cgi-bin/luci", "/admin", "/images/logo.png", "/api/v2/orders/{n}?expand=lines")
_AGENTS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Go-http-client/1.1",
    "zgrab/0.x",
)
_COMMANDS = ("/usr/bin/systemctl restart nginx", "/usr/bin/apt-get upgrade -y", "/bin/bash",
             "/usr/bin/journalctl -u insyt", "/usr/bin/tail -f /var/log/auth.log",
             "/usr/sbin/iptables -L -n")
_CRON = ("run-parts /etc/cron.hourly", "/usr/local/bin/backup.sh --incremental",
         "[ -x /usr/lib/php/sessionclean ] && /usr/lib/php/sessionclean",
         "test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )")
_WORDS = ("shoes", "laptop", "insyt", "syslog", "coffee", "router", "invoice")


@dataclass(frozen=True)
class Line:
    """One pool entry before framing: the header fields a server parses."""

    rfc5424: bool
    facility: int
    severity: int
    when: datetime
    host: str
    app: str
    pid: int | None
    msgid: str
    sd: str
    msg: str

    def encode(self) -> bytes:
        """The message without its sequence number (which ends every message)."""
        pri = self.facility * 8 + self.severity
        if self.rfc5424:
            ts = self.when.isoformat(timespec="microseconds")
            procid = str(self.pid) if self.pid is not None else "-"
            text = (f"<{pri}>1 {ts} {self.host} {self.app} {procid} {self.msgid} "
                    f"{self.sd} {self.msg}")
        else:
            ts = f"{_MONTHS[self.when.month - 1]} {self.when.day:2d} {self.when:%H:%M:%S}"
            tag = f"{self.app}[{self.pid}]" if self.pid is not None else self.app
            text = f"<{pri}>{ts} {self.host} {tag}: {self.msg}"
        return text.encode() + SEQ_MARK


def _ip(rng: random.Random, private: bool = False) -> str:
    if private:
        return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    return (f"{rng.choice((45, 61, 89, 103, 141, 185, 193, 203))}.{rng.randrange(256)}."
            f"{rng.randrange(256)}.{rng.randrange(1, 255)}")


def _line(rng: random.Random, now: datetime) -> Line:
    """A plausible line from one of the sources an appliance typically hears."""
    kind = rng.choices(("sshd", "nginx", "firewall", "sudo", "cron"), (30, 30, 15, 10, 15))[0]
    host = rng.choice(("web", "db", "app", "gw", "mail")) + f"-{rng.randrange(1, 25):02d}"
    when = now - timedelta(seconds=rng.uniform(0, 3600))
    if rng.random() < 0.5:
        when = when.astimezone()  # some senders log local time with an offset
    pid: int | None = rng.randrange(300, 65000)
    user, ip, port = rng.choice(_USERS), _ip(rng), rng.randrange(1024, 65535)
    facility, severity, msgid, sd = 4, 6, "-", "-"
    if kind == "sshd":
        app, facility = "sshd", 10
        msg = rng.choice((
            f"Failed password for invalid user {user} from {ip} port {port} ssh2",
            f"Failed password for {user} from {ip} port {port} ssh2",
            f"Accepted publickey for {user} from {_ip(rng, True)} port {port} ssh2: "
            f"ED25519 SHA256:{rng.randbytes(24).hex()[:43]}",
            f"Connection closed by authenticating user {user} {ip} port {port} [preauth]",
            f"pam_unix(sshd:session): session opened for user {user}"
            f"(uid={rng.randrange(1000, 1100)}) by (uid=0)",
            f"Invalid user {user} from {ip} port {port}",
        ))
        severity = 6 if msg.startswith(("Accepted", "pam")) else 5
    elif kind == "sudo":
        app, facility, severity = "sudo", 10, 5
        msg = (f"{user} : TTY=pts/{rng.randrange(8)} ; PWD=/home/{user} ; USER=root ; "
               f"COMMAND={rng.choice(_COMMANDS)}")
    elif kind == "cron":
        app, facility = "CRON", 9
        msg = f"({rng.choice(('root', 'www-data', 'backup'))}) CMD ({rng.choice(_CRON)})"
    elif kind == "nginx":
        app, facility, pid = "nginx", 23, None
        path = rng.choice(_PATHS).format(n=rng.randrange(1, 99999), word=rng.choice(_WORDS))
        status = rng.choices((200, 301, 304, 404, 403, 500), (60, 5, 10, 15, 5, 5))[0]
        stamp = when.strftime("%d/%b/%Y:%H:%M:%S %z")
        msg = (f'{ip} - - [{stamp}] "{rng.choice(("GET", "GET", "POST", "HEAD"))} {path} '
               f'HTTP/1.1" {status} {rng.randrange(0, 50000)} "-" "{rng.choice(_AGENTS)}"')
        severity = 6 if status < 500 else 3
        sd = f'[origin ip="{_ip(rng, True)}" software="nginx"]' if rng.random() < 0.3 else "-"
    else:
        app, facility, severity, pid = "kernel", 0, 4, None
        proto = rng.choice(("TCP", "UDP"))
        mac = ":".join(f"{rng.randrange(256):02x}" for _ in range(14))
        msg = (f"[{rng.uniform(1000, 900000):.6f}] [UFW BLOCK] IN=eth0 OUT= MAC={mac} "
               f"SRC={ip} DST={_ip(rng, True)} LEN={rng.randrange(40, 1500)} TOS=0x00 PREC=0x00 "
               f"TTL={rng.randrange(30, 128)} ID={rng.randrange(65536)} PROTO={proto} "
               f"SPT={port} DPT={rng.choice((22, 23, 445, 3389, 5900, 8080))}"
               + (f" WINDOW={rng.randrange(1024, 65535)} RES=0x00 SYN URGP=0"
                  if proto == "TCP" else f" LEN={rng.randrange(8, 512)}"))
        msgid = "UFW" if rng.random() < 0.5 else "-"
    return Line(rng.random() < 0.5, facility, severity, when, host, app, pid, msgid, sd, msg)


def build_pool(size: int = POOL_SIZE, seed: int = POOL_SEED) -> list[bytes]:
    """Distinct messages, each ending with ``SEQ_MARK`` (the number follows)."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    return [_line(rng, now).encode() for _ in range(size)]


def tcp_templates(pool: list[bytes]) -> list[bytes]:
    """RFC 6587 §3.4.1 octet-counted prefixes: ``MSG-LEN SP`` + message head."""
    return [b"%d %b" % (len(m) + SEQ_DIGITS, m) for m in pool]


@dataclass(frozen=True)
class Spec:
    """What one sender process does (picklable: it crosses a process boundary)."""

    transport: str  # "tcp" | "udp"
    host: str
    port: int
    rate: float  # messages per second offered; 0 means as fast as possible
    max_seconds: float  # safety net: the parent normally stops it earlier
    connections: int = 1


class Counters:
    """Shared with the parent: plain shared-memory integers, no locks (one writer each)."""

    def __init__(self, ctx: Any) -> None:
        self.sent = ctx.RawValue("q", 0)  # messages handed to the kernel
        self.state = ctx.RawValue("i", 0)  # 0 starting, 1 sending, 2 done, -1 failed
        self.stop = ctx.RawValue("i", 0)  # set by the parent


def run(spec: Spec, counters: Counters) -> None:
    """Process entry point: send until told to stop (or ``max_seconds``)."""
    try:
        if spec.transport == "tcp":
            _send_tcp(spec, counters)
        else:
            _send_udp(spec, counters)
    except BaseException:
        counters.state.value = -1
        raise
    counters.state.value = 2


def _send_tcp(spec: Spec, c: Counters) -> None:
    templates = tcp_templates(build_pool())
    socks = []
    for _ in range(spec.connections):
        sock = socket.create_connection((spec.host, spec.port), timeout=60)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, TCP_SNDBUF)
        socks.append(sock)
    rotation = itertools.cycle(socks)
    cycle = itertools.cycle(templates)
    seq = 0
    c.state.value = 1
    start = time.perf_counter()
    deadline = start + spec.max_seconds
    while not c.stop.value:
        now = time.perf_counter()
        if now >= deadline:
            break
        if spec.rate:
            due = int(spec.rate * (now - start))
            n = min(due - seq, int(spec.rate * MAX_LAG_S) + 1)
            if n <= 0:
                time.sleep(TICK_S)
                continue
        else:
            n = TCP_BATCH
        end = seq + n
        # range first: zip stops on it without drawing an extra template.
        data = b"".join([b"%b%010d" % (t, s) for s, t in zip(range(seq, end), cycle, strict=False)])
        next(rotation).sendall(data)
        seq = end
        c.sent.value = seq
    for sock in socks:
        sock.shutdown(socket.SHUT_WR)  # the server reads to EOF: nothing in flight is lost
        sock.close()


def _send_udp(spec: Spec, c: Counters) -> None:
    pool = build_pool()
    cycle = itertools.cycle(pool)
    socks = []
    for _ in range(spec.connections):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.connect((spec.host, spec.port))  # connected: no route lookup per datagram
        socks.append(sock)
    rotation = itertools.cycle(socks)
    seq = 0
    c.state.value = 1
    start = time.perf_counter()
    deadline = start + spec.max_seconds
    burst = 256
    while not c.stop.value:
        now = time.perf_counter()
        if now >= deadline:
            break
        if spec.rate:
            due = int(spec.rate * (now - start))
            n = min(due - seq, int(spec.rate * MAX_LAG_S) + 1)
            if n <= 0:
                time.sleep(TICK_S)
                continue
        else:
            n = burst
        send = next(rotation).send
        # A refused or full send still counts as sent: the offered load is
        # what the sender attempted, and what it could not hand over is loss.
        with contextlib.suppress(BlockingIOError, ConnectionRefusedError):
            for s, t in zip(range(seq, seq + n), cycle, strict=False):
                send(b"%b%010d" % (t, s))
        seq += n
        c.sent.value = seq
    for sock in socks:
        sock.close()


def sample(count: int = 5) -> list[bytes]:
    """A few framed messages, to eyeball what the generator sends."""
    return [m + b"%010d" % i for i, m in enumerate(build_pool()[:count])]


if __name__ == "__main__":
    for message in sample(10):
        print(message.decode())
