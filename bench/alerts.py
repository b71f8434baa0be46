"""Alert benchmark: syslog line in, MQTT alert out, through the real daemon.

Usage::

    .venv/bin/python bench/alerts.py [--quick] [--model DIR]

The issue's figures:

1. End-to-end latency from the syslog send to the MQTT message at 1,000
   lines/s of mixed traffic: p50 <= 100 ms, p99 <= 500 ms.
2. Sustained mixed traffic with classification on: the highest rate at
   which the classifier keeps up on this machine, and ingest loss at that
   rate (TCP: none).

Everything runs as an admin would run it: a real mosquitto and insyt
(``python -m insyt run -c FILE``, MQTT on, the shipped defaults otherwise),
each a subprocess in its own temporary directory, fed over TCP with RFC 6587
octet counting.  The subscriber is paho in this process; the load comes from
:mod:`mixload` in its own process (the two cores are shared, so its CPU is
reported too).

Latency: a benign background paced every 10 ms (10 lines at 1,000/s), with
a web shell request every 200 ms from a new documentation address each time
(incidents are keyed by category and source, so each opens an incident and
raises an ``opened`` alert at once).  Two backgrounds:

* ``generated``: :mod:`insyt.training.synth` lines (fixed seed, long enough never to
  repeat), whose user names, paths, hosts and queries are drawn afresh for
  every line, so about two lines in three are new to the verdict cache:
  the worst case, the model's own speed;
* ``loghub``: the benign lines of 16 real systems' logs (:mod:`corpora`:
  random order, every digit run redrawn), whose templates repeat as real
  syslog does.

Besides the issue's 1,000 lines/s on each, a run on generated lines at 500
lines/s: when the classifier falls behind, latency is its backlog, and the
slower run shows what the pipeline itself costs when it does not.
Latency is the alert's arrival at the subscriber minus the moment the kernel
took the line.  After the daemon stops, its SQLite file says when each
attack line was received, classified and turned into an outbox row, so each
alert's latency splits into stages without instrumenting the daemon.

Sweep: a replay of a pool of synthetic lines (90% benign, 10% attacks)
cycled at stepped rates, a fresh daemon per rate (a backlog from the step
before would read as lag), ``/api/status`` sampled every second.  The
verdict cache is keyed by normalised text, so a cycled pool is cheap after
its first pass; the cache hit rate is printed with each row so the figure
can be read for what it is.  Prints figures only; no assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import itertools
import json
import math
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mixload
from harness import SEED, TRAFFIC, background, drain, insyt_daemon, read_db, sender, stop, table
from servers import (
    REPO,
    Insyt,
    cpu_seconds,
    free_port,
    insyt_options,
    machine,
    process_cpu_seconds,
    wait_for,
)

TARGET_P50_MS = 100.0
TARGET_P99_MS = 500.0
LATENCY_RATE = 1000  # lines/s
LATENCY_TICK_S = 0.010  # 10 lines every 10 ms
ATTACK_INTERVAL_S = 0.200
DEFAULT_LATENCY_RUNS = "1000:default:generated,1000:default:loghub,500:default:generated"
# 500 first: when 1,000 already falls behind, the sweep still says where it holds.
DEFAULT_RATES = (500, 1000, 2000, 5000, 10_000, 20_000)
KEEP_UP_LAG_S = 2.0  # oldest unclassified line, in the second half of the window
KEEP_UP_LAG_RATE_S = 2.0  # lines waiting at the end, in seconds of offered load
KEEP_UP_GROWTH_PCT = 95.0  # classified per stored in the second half, unless the lag is tiny
SWEEP_POOL = 20_000
SWEEP_ATTACK_FRACTION = 0.10
BENIGN_POOL = 20_000
SETTLE_S = 30.0  # after the last line: a backlog's worth of time for the last alerts
MOSQUITTO = shutil.which("mosquitto") or shutil.which("mosquitto", path="/usr/sbin:/sbin")
NODE = "bench"


# -- broker and subscriber ---------------------------------------------------------

class Broker:
    """mosquitto on a free loopback port, as tests/mqtt_harness.py starts it."""

    def __init__(self, workdir: Path) -> None:
        if MOSQUITTO is None:
            raise RuntimeError("mosquitto not found (apt-get install mosquitto)")
        self.port = free_port()
        self.dir = workdir
        self.conf = workdir / "mosquitto.conf"
        # As root, mosquitto drops to the "mosquitto" user unless told otherwise.
        self.conf.write_text(f"listener {self.port} 127.0.0.1\nallow_anonymous true\n"
                             f"user {pwd.getpwuid(os.getuid()).pw_name}\npersistence false\n")
        self.log = workdir / "mosquitto.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> Broker:
        assert MOSQUITTO is not None
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([MOSQUITTO, "-c", str(self.conf)],
                                         stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mosquitto exited {self.proc.returncode}:\n"
                                   f"{self.log.read_text(errors='replace')}")
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            if time.monotonic() > deadline:
                raise RuntimeError("mosquitto not listening after 15 s")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Subscriber:
    """paho on ``insyt/#`` with its network thread: the arrival time is taken
    in the message callback, before any parsing, so JSON work is not latency."""

    def __init__(self, port: int) -> None:
        import paho.mqtt.client as mqtt  # only this class needs it
        from paho.mqtt.enums import CallbackAPIVersion

        self.messages: list[tuple[float, str, bytes]] = []
        self._subscribed = threading.Event()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="insyt-bench-sub",
                                  protocol=mqtt.MQTTv311)
        self.client.on_connect = lambda client, *_: client.subscribe("insyt/#", qos=1)
        self.client.on_subscribe = lambda *_: self._subscribed.set()
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        if not self._subscribed.wait(15):
            raise RuntimeError("no SUBACK from mosquitto in 15 s")

    def _on_message(self, _client: Any, _userdata: Any, msg: Any) -> None:
        self.messages.append((time.time(), msg.topic, bytes(msg.payload)))  # list.append: atomic

    def since(self, mark: int) -> list[tuple[float, str, bytes]]:
        return self.messages[mark:]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


# -- one daemon ---------------------------------------------------------------------

@dataclass
class Sample:
    """One look at /api/status during a window."""

    t: float
    sent: int
    received: int
    stored: int
    classified: int
    lag_lines: int
    lag_s: float
    hits: int
    misses: int


@dataclass
class Run:
    """What every run measures besides its own figures."""

    sent: int = 0
    stored: int = 0
    rows: int = 0  # in the database after SIGTERM
    window_s: float = 0.0
    samples: list[Sample] = field(default_factory=list)
    cpu_daemon_pct: float = 0.0
    cpu_main_pct: float = 0.0
    cpu_gen_pct: float = 0.0
    cpu_others_pct: float = 0.0  # the rest of the machine: not this benchmark's processes
    peak_rss_mb: float = 0.0
    model: str = ""
    exit_code: int | None = None
    error: str = ""

    @property
    def hit_pct(self) -> float:
        """Verdict cache hits over the window: what the model did not have to read."""
        if len(self.samples) < 2:
            return 0.0
        a, b = self.samples[0], self.samples[-1]
        looked = (b.hits - a.hits) + (b.misses - a.misses)
        return 100.0 * (b.hits - a.hits) / looked if looked else 0.0

    @property
    def max_lag_s(self) -> float:
        """The oldest line still waiting for a verdict, at its worst."""
        return max((s.lag_s for s in self.samples), default=0.0)

    @property
    def loss(self) -> int:
        """Against the file after a clean stop, as bench/ingest.py counts it:
        a counter could be right while a commit was not."""
        return self.sent - self.rows


def _sample(server: Insyt, counters: mixload.Counters) -> Sample:
    sent = counters.sent.value
    status = server.status()
    c, k = status["counters"], status["classifier"]
    return Sample(time.time(), sent, int(c["received"]), int(c["stored"]), int(k["classified"]),
                  int(k["lag_lines"]), float(k["lag_s"]), int(k["cache_hits"]),
                  int(k["cache_misses"]))


@contextlib.contextmanager
def daemon(args: argparse.Namespace, broker: Broker, root: Path, label: str,
           extra: dict[str, str] | None = None) -> Iterator[tuple[Insyt, Path]]:
    """A fresh insyt connected to the broker (see :func:`harness.insyt_daemon`)."""
    options = {"mqtt.url": json.dumps(broker.url), "mqtt.node": json.dumps(NODE),
               "syslog.udp": "[]"}
    if args.model:
        options["classifier.model"] = json.dumps(args.model)
    options.update(args.insyt_options)
    options.update(extra or {})
    with insyt_daemon(root, f"alerts-{label}", options, args.keep) as (server, workdir):
        wait_for(lambda: server.status()["mqtt"]["connected"], 30, "insyt's MQTT connection")
        yield server, workdir


_TICK = os.sysconf("SC_CLK_TCK")


def _machine_busy_s() -> float:
    """CPU seconds the whole machine spent busy (steal included: time a
    shared VM wanted and did not get is as lost as time others used)."""
    with open("/proc/stat") as fh:
        fields = [int(f) for f in fh.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / _TICK


def _window(server: Insyt, gen: Any, counters: mixload.Counters, seconds: float,
            run: Run, broker: Broker) -> None:
    """Sample every second for ``seconds``; CPU over the same span, the
    machine's too: on two shared cores, someone else's build or test run
    moves the classifier's figures more than anything measured here."""
    ours = (os.getpid(), broker.pid)

    def cpu() -> tuple[float, ...]:
        mine = sum(process_cpu_seconds(pid) for pid in ours)
        return (*cpu_seconds(server.pid), process_cpu_seconds(gen.pid), mine, _machine_busy_s())

    cpu0 = cpu()
    start = time.monotonic()
    run.samples.append(_sample(server, counters))
    for i in range(1, math.ceil(seconds) + 1):
        time.sleep(max(start + min(i, seconds) - time.monotonic(), 0.0))
        run.samples.append(_sample(server, counters))
    cpu1 = cpu()
    run.window_s = run.samples[-1].t - run.samples[0].t
    main, other, gen_cpu, mine, busy = (100 * (b - a) / run.window_s
                                        for a, b in zip(cpu0, cpu1, strict=True))
    run.cpu_main_pct, run.cpu_daemon_pct, run.cpu_gen_pct = main, main + other, gen_cpu
    run.cpu_others_pct = max(busy - main - other - gen_cpu - mine, 0.0)


def _finish(server: Insyt, gen: Any, counters: mixload.Counters, run: Run) -> None:
    """Stop the sender, let TCP's accepted lines reach SQLite, then note what stayed."""
    run.sent, run.stored = drain(server, gen, counters)


def _stop(server: Insyt, workdir: Path, run: Run) -> None:
    run.exit_code = stop(server)
    assert server.rss is not None
    run.peak_rss_mb = server.rss.peak_kib / 1024
    with read_db(workdir) as con:
        run.rows = con.execute('SELECT COUNT(*) FROM "event"').fetchone()[0]


# -- 1. latency ---------------------------------------------------------------------

@dataclass
class Latency(Run):
    rate: int = LATENCY_RATE
    batch_delay_ms: str = "default"
    traffic: str = TRAFFIC[0]
    attacks: int = 0
    alerted: int = 0  # attacks whose "opened" alert arrived
    other_alerts: dict[str, int] = field(default_factory=dict)  # by category: the background
    latencies_ms: list[float] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)  # verdicts of the attack lines
    stages_ms: dict[str, list[float]] = field(default_factory=dict)
    round_lines: list[int] = field(default_factory=list)  # lines per classifier round
    round_gaps_ms: list[float] = field(default_factory=list)  # between consecutive rounds


STAGES = (
    ("send->received", "kernel + TCP read + parse"),
    ("received->verdict", "intake batch + commit + classifier wait + inference"),
    ("verdict->outbox", "writer thread: verdict UPDATE + incident + outbox INSERT"),
    ("outbox->arrival", "commit + publisher wake + outbox query + publish + broker"),
)


def run_latency(args: argparse.Namespace, broker: Broker, sub: Subscriber, root: Path,
                pool: Sequence[bytes], rate: int, batch_delay_ms: int | None,
                traffic: str) -> Latency:
    result = Latency(rate=rate, traffic=traffic,
                     batch_delay_ms="default" if batch_delay_ms is None else str(batch_delay_ms))
    extra = {} if batch_delay_ms is None else {"storage.batch_delay_ms": str(batch_delay_ms)}
    spec = mixload.Spec(
        "", 0, rate, LATENCY_TICK_S, max_seconds=args.warmup + args.latency_seconds + 60,
        attack_template=args.attack, attack_every=max(1, round(rate * ATTACK_INTERVAL_S)),
        attack_start=round(rate * args.warmup),
    )
    try:
        with daemon(args, broker, root, f"latency-{traffic}-{rate}-{result.batch_delay_ms}",
                    extra) as (
                server, workdir):
            result.model = server.status()["classifier"]["model"] or ""
            host, port = server.address("tcp")
            spec = dataclasses.replace(spec, host=host, port=port)
            mark = len(sub.messages)
            with sender(spec, pool) as (gen, counters):
                time.sleep(args.warmup)  # background only: the cache fills, start-up settles
                _window(server, gen, counters, args.latency_seconds, result, broker)
                _finish(server, gen, counters, result)
                result.attacks = counters.attacks.value
                sent_at = list(counters.attack_sent[: result.attacks])
            _settle(server, sub, mark)
            arrivals = _opened_alerts(sub.since(mark), result)
            _stop(server, workdir, result)
            _breakdown(workdir, args.attack, sent_at, arrivals, result)
    except Exception as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    return result


def _settle(server: Insyt, sub: Subscriber, mark: int) -> None:
    """Until everything sent is classified and published, and the
    subscriber has been quiet for a second (bounded by SETTLE_S)."""
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        status = server.status()
        last = sub.messages[-1][0] if len(sub.messages) > mark else 0.0
        if (status["classifier"]["lag_lines"] == 0 and status["mqtt"]["pending"] == 0
                and time.time() - last > 1.0):
            return
        time.sleep(0.2)


def _opened_alerts(messages: Sequence[tuple[float, str, bytes]],
                   result: Latency) -> dict[int, float]:
    """Attack number -> arrival of its first ``opened`` alert."""
    by_ip = {mixload.attack_ip(n): n for n in range(mixload.MAX_ATTACKS)}
    arrivals: dict[int, float] = {}
    for arrived, topic, payload in messages:
        if "/alert/" not in topic:
            continue
        doc = json.loads(payload)
        if doc.get("event", {}).get("action") != "opened":
            continue
        n = by_ip.get(doc.get("source", {}).get("ip", ""))
        if n is None or n >= result.attacks:
            category = str(doc.get("category"))
            result.other_alerts[category] = result.other_alerts.get(category, 0) + 1
        else:
            arrivals.setdefault(n, arrived)
    return arrivals


_ATTACK_IP = re.compile(r"\b(192\.0\.2|198\.51\.100|203\.0\.113)\.(\d{1,3})\b")


def _attack_number(text: str) -> int | None:
    match = _ATTACK_IP.search(text)
    if match is None:
        return None
    net = ("192.0.2", "198.51.100", "203.0.113").index(match.group(1))
    return net * 254 + int(match.group(2)) - 1


def _breakdown(workdir: Path, template: str, sent_at: list[float],
               arrivals: dict[int, float], result: Latency) -> None:
    """Latency per alert, and its stages from the timestamps the daemon stored."""
    result.alerted = len(arrivals)
    result.latencies_ms = sorted(1000 * (t - sent_at[n]) for n, t in arrivals.items())
    # The longest literal run of the template's message finds the attack lines.
    literal = max(re.split(r"\{ip\}|\{n\}", template.split(": ", 1)[-1]), key=len)
    events: dict[int, tuple[float, float | None, str | None]] = {}
    outbox: dict[int, float] = {}
    with read_db(workdir) as con:
        for message, received, classified, label in con.execute(
                'SELECT message, received, classified, label FROM "event" '
                "WHERE instr(message, ?) > 0", (literal,)):
            n = _attack_number(message)
            if n is not None and n < len(sent_at):
                events.setdefault(n, (received, classified, label))
        # Lines of one round share its verdict time: rounds' sizes and pace.
        rounds = con.execute('SELECT classified, COUNT(*) FROM "event" WHERE classified IS NOT '
                             'NULL GROUP BY classified ORDER BY classified').fetchall()
        result.round_lines = sorted(count for _, count in rounds)
        result.round_gaps_ms = sorted(1000 * (b[0] - a[0]) for a, b in itertools.pairwise(rounds))
        for created, payload in con.execute('SELECT created, payload FROM "outbox"'):
            doc = json.loads(payload)
            if doc.get("event", {}).get("action") == "opened":
                n = _attack_number(doc.get("source", {}).get("ip") or "")
                if n is not None:
                    outbox.setdefault(n, created)
    labels: dict[str, int] = {}
    for _received, _classified, label in events.values():
        labels[label or "unclassified"] = labels.get(label or "unclassified", 0) + 1
    labels["(not stored)"] = len(sent_at) - len(events)
    result.labels = {k: v for k, v in sorted(labels.items(), key=lambda kv: -kv[1]) if v}
    stages: dict[str, list[float]] = {name: [] for name, _ in STAGES}
    for n, arrived in arrivals.items():
        received, classified, _label = events.get(n, (None, None, None))
        created = outbox.get(n)
        if received is None or classified is None or created is None:
            continue
        for (name, _), (a, b) in zip(STAGES, ((sent_at[n], received), (received, classified),
                                             (classified, created), (created, arrived)),
                                     strict=True):
            stages[name].append(1000 * (b - a))
    result.stages_ms = {k: sorted(v) for k, v in stages.items()}


# -- 2. sustained rate ----------------------------------------------------------------

@dataclass
class Rate(Run):
    offered: int = 0

    @property
    def stored_per_s(self) -> float:
        return _per_s(self.samples, "stored")

    @property
    def classified_per_s(self) -> float:
        return _per_s(self.samples, "classified")

    @property
    def final_lag_lines(self) -> int:
        return self.samples[-1].lag_lines if self.samples else 0

    @property
    def late_lag_s(self) -> float:
        """The worst lag in the second half: a start-up spike the classifier
        works off is not falling behind."""
        half = self.samples[len(self.samples) // 2:]
        return max((s.lag_s for s in half), default=0.0)

    @property
    def late_keep_pct(self) -> float:
        """Lines classified per line stored over the second half, in %: under
        100 the backlog grows, whatever its size so far."""
        half = self.samples[len(self.samples) // 2:]
        stored = _per_s(half, "stored")
        return 100.0 * _per_s(half, "classified") / stored if stored else 100.0

    @property
    def kept_up(self) -> bool:
        # A backlog under half a second of lines is noise of the batching,
        # whichever way it moved.
        growing = (self.final_lag_lines > 0.5 * self.offered
                   and self.late_keep_pct < KEEP_UP_GROWTH_PCT)
        return (not self.error and not growing and self.late_lag_s < KEEP_UP_LAG_S
                and self.final_lag_lines <= KEEP_UP_LAG_RATE_S * self.offered)


def _per_s(samples: Sequence[Sample], name: str) -> float:
    if len(samples) < 2:
        return 0.0
    a, b = samples[0], samples[-1]
    return float(getattr(b, name) - getattr(a, name)) / (b.t - a.t)


def run_rate(args: argparse.Namespace, broker: Broker, root: Path, pool: Sequence[bytes],
             rate: int) -> Rate:
    result = Rate(offered=rate)
    try:
        with daemon(args, broker, root, f"rate-{rate}") as (server, workdir):
            result.model = server.status()["classifier"]["model"] or ""
            host, port = server.address("tcp")
            spec = mixload.Spec(host, port, rate, tick_s=0.001,
                                max_seconds=args.rate_seconds + 60)
            with sender(spec, pool) as (gen, counters):
                _window(server, gen, counters, args.rate_seconds, result, broker)
                _finish(server, gen, counters, result)
            _stop(server, workdir, result)
    except Exception as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    return result


# -- report -----------------------------------------------------------------------------

def _pct(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of sorted values (no interpolation: a p99 of
    150 alerts is the second-worst alert, not a blend)."""
    if not values:
        return math.nan
    return values[min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))]


def latency_table(results: Sequence[Latency]) -> str:
    head = ("traffic", "lines/s", "batch_delay_ms", "attacks", "alerted", "p50 ms", "p90 ms",
            "p99 ms", "max ms", "other alerts", "sent", "loss", "max lag s", "cache hit %",
            "daemon CPU%", "gen CPU%", "others CPU%", "peak RSS MB")
    rows = []
    for r in results:
        if r.error:
            rows.append((r.traffic, f"{r.rate:,}", r.batch_delay_ms, *["-"] * (len(head) - 4),
                         "FAILED"))
            continue
        lat = r.latencies_ms
        rows.append((r.traffic, f"{r.rate:,}", r.batch_delay_ms, f"{r.attacks}", f"{r.alerted}",
                     *(f"{_pct(lat, p):.0f}" for p in (50, 90, 99, 100)),
                     f"{sum(r.other_alerts.values())}", f"{r.sent:,}", f"{r.loss:,}",
                     f"{r.max_lag_s:.2f}", f"{r.hit_pct:.1f}",
                     f"{r.cpu_daemon_pct:.0f}", f"{r.cpu_gen_pct:.0f}",
                     f"{r.cpu_others_pct:.0f}", f"{r.peak_rss_mb:.0f}"))
    return table(head, rows, left=(0, 2))


def stages_table(r: Latency) -> str:
    head = ("stage", "p50 ms", "p90 ms", "p99 ms", "max ms", "what")
    rows = [(name, *(f"{_pct(r.stages_ms.get(name, []), p):.1f}" for p in (50, 90, 99, 100)),
             what) for name, what in STAGES]
    total = r.latencies_ms
    rows.append(("total", *(f"{_pct(total, p):.1f}" for p in (50, 90, 99, 100)),
                 "send -> alert at the subscriber"))
    return table(head, rows, left=(0, len(head) - 1))


def rate_table(results: Sequence[Rate]) -> str:
    head = ("offered/s", "sent", "stored", "rows", "stored/s", "classified/s", "final lag lines",
            "max lag s", "2nd-half lag s", "2nd-half cls/stored %", "cache hit %", "loss",
            "daemon CPU%", "main CPU%", "gen CPU%", "others CPU%", "peak RSS MB", "kept up")
    rows = []
    for r in results:
        if r.error:
            rows.append((f"{r.offered:,}", *["-"] * (len(head) - 2), "FAILED"))
            continue
        rows.append((f"{r.offered:,}", f"{r.sent:,}", f"{r.stored:,}", f"{r.rows:,}",
                     f"{r.stored_per_s:,.0f}",
                     f"{r.classified_per_s:,.0f}", f"{r.final_lag_lines:,}",
                     f"{r.max_lag_s:.2f}", f"{r.late_lag_s:.2f}", f"{r.late_keep_pct:.0f}",
                     f"{r.hit_pct:.1f}",
                     f"{r.loss:,}", f"{r.cpu_daemon_pct:.0f}", f"{r.cpu_main_pct:.0f}",
                     f"{r.cpu_gen_pct:.0f}", f"{r.cpu_others_pct:.0f}", f"{r.peak_rss_mb:.0f}",
                     "yes" if r.kept_up else "no"))
    return table(head, rows, left=())


def _lag_trace(r: Rate) -> str:
    return " ".join(f"{s.lag_lines}/{s.lag_s:.1f}s" for s in r.samples[1:])


# -- main ---------------------------------------------------------------------------------

def _pools(args: argparse.Namespace) -> tuple[dict[str, list[bytes]], list[bytes], str]:
    """The backgrounds for the latency runs, by traffic (benign only: an
    attack in them would open incidents that are not the ones timed), and
    the sweep's replay."""
    from insyt.training.synth import generate  # after main() put the checkout on sys.path

    # Long enough not to cycle: a replayed line is a cache hit, which would
    # make the end of the window cheaper than its start.
    fastest = max((rate for rate, _, _ in args.latency_runs), default=0)
    needed = round(fastest * (args.warmup + args.latency_seconds + 5))
    size = args.background or max(BENIGN_POOL, needed)
    wanted = {traffic for _, _, traffic in args.latency_runs}
    backgrounds = {traffic: background(traffic, size, SEED) for traffic in TRAFFIC
                   if traffic in wanted}
    mixed = generate(args.pool, seed=SEED + 1, attack_fraction=SWEEP_ATTACK_FRACTION)
    attacks = sum(s.category != "benign" for s in mixed)
    note = (f"insyt.training.synth replay of {len(mixed):,} lines "
            f"({attacks:,} attacks, seed {SEED + 1})")
    return backgrounds, [s.line for s in mixed], note


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true",
                   help="smoke run (~1 min): one 10 s latency run, rates 500 and 2,000 for 5 s")
    p.add_argument("--model", default="", help="classifier model directory (default: bundled)")
    p.add_argument("--latency-seconds", type=float, default=None,
                   help="attack window of each latency run (default 30, --quick 10)")
    p.add_argument("--warmup", type=float, default=2.0,
                   help="background-only seconds before the first attack")
    p.add_argument("--latency-runs", default=None, metavar="RATE:DELAY[:TRAFFIC],...",
                   help="latency runs as lines/s:storage.batch_delay_ms:background "
                        f"({' or '.join(TRAFFIC)}, default {TRAFFIC[0]}), 'default' for the "
                        f"shipped delay (default: {DEFAULT_LATENCY_RUNS}; --quick: "
                        "1000:default)")
    p.add_argument("--background", type=int, default=0, metavar="LINES",
                   help="distinct background lines for the latency runs, cycled (default: "
                        "enough never to repeat; a small pool shows a warm verdict cache)")
    p.add_argument("--attack", default=mixload.WEBSHELL,
                   help="attack line with {ip} (a new source each time) and optionally {n}")
    p.add_argument("--rates", default=None,
                   help="offered rates for the sweep, comma-separated (default "
                        f"{','.join(map(str, DEFAULT_RATES))}; --quick 500,2000; '' skips)")
    p.add_argument("--rate-seconds", type=float, default=None,
                   help="window per rate (default 15, --quick 5)")
    p.add_argument("--pool", type=int, default=SWEEP_POOL, help="lines in the sweep's replay")
    p.add_argument("--no-refine", dest="refine", action="store_false",
                   help="no extra step halfway between the last rate kept up and the first not")
    p.add_argument("--insyt-option", dest="insyt_options", action="append", default=[],
                   metavar="SECTION.KEY=TOML",
                   help="override an insyt setting in every run, e.g. classifier.threads=1 "
                        "(repeatable; default: shipped defaults)")
    p.add_argument("--no-latency", dest="latency", action="store_false")
    p.add_argument("--tmpdir", default=None, help="where the daemons' databases go")
    p.add_argument("--keep", action="store_true", help="keep each run's directory")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = p.parse_args(argv)
    args.insyt_options = insyt_options(p, args.insyt_options)
    if "{ip}" not in args.attack:
        p.error("--attack needs {ip}: alerts are matched to lines by their source address")
    if args.latency_seconds is None:
        args.latency_seconds = 10.0 if args.quick else 30.0
    if args.rate_seconds is None:
        args.rate_seconds = 5.0 if args.quick else 15.0
    if args.latency_runs is None:
        args.latency_runs = "1000:default" if args.quick else DEFAULT_LATENCY_RUNS
    runs = []
    for item in filter(None, (i.strip() for i in args.latency_runs.split(","))):
        rate, _, rest = item.partition(":")
        delay, _, traffic = rest.partition(":")
        try:
            runs.append((int(rate), None if delay in ("", "default") else int(delay),
                         traffic or TRAFFIC[0]))
        except ValueError:
            p.error(f"--latency-runs wants RATE:DELAY[:TRAFFIC] items, got {item!r}")
        if runs[-1][2] not in TRAFFIC:
            p.error(f"--latency-runs: traffic is {' or '.join(TRAFFIC)}, got {item!r}")
    args.latency_runs = runs
    if args.rates is None:
        args.rates = "500,2000" if args.quick else ",".join(map(str, DEFAULT_RATES))
    args.rates = [int(float(r)) for r in args.rates.split(",") if r.strip()]
    if args.quick:
        args.warmup = min(args.warmup, 1.0)
        args.refine = False
    attacks = args.latency_seconds / ATTACK_INTERVAL_S
    if attacks > mixload.MAX_ATTACKS:
        p.error(f"{attacks:.0f} attacks wanted; only {mixload.MAX_ATTACKS} distinct sources")
    return args


def _machine() -> str:
    mosquitto = "?"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        assert MOSQUITTO is not None
        out = subprocess.run([MOSQUITTO, "-h"], capture_output=True, text=True, timeout=5)
        mosquitto = (out.stdout or out.stderr).splitlines()[0].strip()
    return "\n".join((*machine(("onnxruntime", "aiomqtt", "paho-mqtt")),
                      f"broker:   {mosquitto}"))


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    sys.path.insert(0, str(REPO))  # the checkout's insyt, as the daemon runs it
    print(_machine(), flush=True)
    backgrounds, mixed, pool_note = _pools(args)
    print(f"latency:  one TCP connection, lines sent every {LATENCY_TICK_S * 1000:g} ms; "
          "benign background (" + "; ".join(
              f"{traffic}: {len(pool):,} lines" for traffic, pool in backgrounds.items())
          + f", seed {SEED}{', cycled' if args.background else ''}); one attack "
          f"every {ATTACK_INTERVAL_S * 1000:g} ms after {args.warmup:g} s, "
          f"{args.latency_seconds:g} s window",
          f"\n          attack:  {args.attack}")
    print(f"sweep:    {pool_note}, cycled; {args.rate_seconds:g} s per rate")
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="bench-alerts-", dir=args.tmpdir))
    broker = Broker(root)
    sub: Subscriber | None = None
    latencies: list[Latency] = []
    rates: list[Rate] = []
    try:
        broker.start()
        sub = Subscriber(broker.port)
        if args.latency:
            for rate, delay, traffic in args.latency_runs:
                label = "default" if delay is None else f"{delay} ms"
                print(f"-- latency, {traffic} traffic, {rate:,} lines/s, "
                      f"storage.batch_delay_ms {label}", flush=True)
                r = run_latency(args, broker, sub, root, backgrounds[traffic], rate, delay,
                                traffic)
                latencies.append(r)
                print(f"   model {r.model}: " + (
                    f"FAILED: {r.error}" if r.error else
                    f"{r.alerted}/{r.attacks} alerted, p50 {_pct(r.latencies_ms, 50):.0f} ms, "
                    f"p99 {_pct(r.latencies_ms, 99):.0f} ms; attack verdicts {r.labels}; "
                    f"background alerts by category {r.other_alerts}"), flush=True)
        queue, refined = list(args.rates), False
        while queue:
            rate = queue.pop(0)
            print(f"-- sweep {rate:,} lines/s", flush=True)
            step = run_rate(args, broker, root, mixed, rate)
            rates.append(step)
            print("   " + (f"FAILED: {step.error}" if step.error else
                          f"stored {step.stored_per_s:,.0f}/s, classified "
                          f"{step.classified_per_s:,.0f}/s, loss {step.loss}; lag each second "
                          f"(lines/oldest): {_lag_trace(step)}"), flush=True)
            if step.kept_up:
                continue
            # A higher rate would only fall behind faster; one step halfway
            # back down narrows where the limit lies.
            queue = [r for r in queue if r < rate]
            passed = [r.offered for r in rates if r.kept_up and r.offered < rate]
            if args.refine and not refined and not queue and passed and rate > 1.25 * max(passed):
                queue.append(round((max(passed) + rate) / 200) * 100)
                refined = True
    finally:
        if sub is not None:
            sub.close()
        broker.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    model = next((r.model for r in [*latencies, *rates] if r.model), "?")
    print(f"\n(total {time.monotonic() - started:.0f} s)\n")
    print(f"model: {model}\n")
    if latencies:
        print(f"1. End-to-end latency, syslog send -> MQTT 'opened' alert, mixed traffic "
              f"(targets at {LATENCY_RATE:,} lines/s: p50 <= {TARGET_P50_MS:g} ms, "
              f"p99 <= {TARGET_P99_MS:g} ms):")
        print(latency_table(latencies))
        for r in latencies:
            if not r.error and r.latencies_ms:
                print(f"\n   stages, {r.traffic}, {r.rate:,} lines/s, "
                      f"batch_delay_ms {r.batch_delay_ms} "
                      f"(daemon timestamps from its SQLite file; {len(r.stages_ms[STAGES[0][0]])}"
                      " alerts):")
                print("   " + stages_table(r).replace("\n", "\n   "))
                print(f"   classifier rounds: {len(r.round_lines):,}, lines per round p50 "
                      f"{_pct(r.round_lines, 50):.0f} / max {_pct(r.round_lines, 100):.0f}, "
                      f"time between rounds p50 {_pct(r.round_gaps_ms, 50):.0f} ms / p90 "
                      f"{_pct(r.round_gaps_ms, 90):.0f} ms")
        print()
    if rates:
        print("2. Sustained mixed traffic, classification on (TCP, one connection):")
        print(rate_table(rates))
        best = max((r for r in rates if r.kept_up), key=lambda r: r.offered, default=None)
        print(f"\nkept up: lag in the second half of the window < {KEEP_UP_LAG_S:g} s, at the "
              f"end <= {KEEP_UP_LAG_RATE_S:g} s of offered lines, and not growing (classified "
              f">= {KEEP_UP_GROWTH_PCT:g}% of stored in the second half, or under 0.5 s of "
              "lines waiting)")
        print("highest rate kept up: " + (
            f"{best.offered:,} lines/s (classified {best.classified_per_s:,.0f}/s, "
            f"ingest loss {best.loss})" if best else "none of the rates tried"))
        if args.quick:
            print("(quick: windows too short to call a rate sustained)")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"latency": [r.__dict__ for r in latencies],
             "rates": [{**r.__dict__, "samples": [s.__dict__ for s in r.samples]}
                       for r in rates]}, indent=2, default=str))
    return 1 if any(r.error for r in [*latencies, *rates]) else 0


if __name__ == "__main__":
    sys.exit(main())
