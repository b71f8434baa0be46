"""Ingest benchmark: insyt against aiosyslogd, same load generator, same run.

Usage::

    .venv/bin/python bench/ingest.py [--seconds N] [--quick] [--profile]

The issue's targets: sustained ingest into SQLite of at least 50,000
messages/s over TCP and over UDP, at least twice aiosyslogd's, zero loss
over TCP at any rate, UDP loss reported with the offered rate, resident
memory under 150 MB.  This script prints the figures and a verdict per
target; it asserts nothing (timings belong in reports, not in tests).

Method, per run: start the server as a subprocess in a fresh temporary
directory, start the generator in its own process, let it warm up, then
count rows committed over a window of ``--seconds`` (insyt: ``counters.stored``
from ``/api/status``; aiosyslogd has no counters, so ``MAX(ID)`` of its
table).  The generator then stops, the server gets a bounded time to drain
what it holds, and is stopped with SIGTERM; the rows in the SQLite file,
and the sequence number ending each message, are then checked against what
was sent.  Loss is sent minus rows in the file.  Memory is VmRSS sampled
every 100 ms, and VmHWM before the stop.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import loadgen
from servers import (
    REPO,
    Aiosyslogd,
    Insyt,
    Server,
    cpu_seconds,
    finish_run,
    insyt_options,
    machine,
    process_cpu_seconds,
    udp_socket_drops,
    version,
    wait_for,
)

TARGET_RATE = 50_000  # messages/s, TCP and UDP
TARGET_RATIO = 2.0  # insyt / aiosyslogd stored/s
TARGET_RSS_MB = 150
DEFAULT_UDP_RATES = (25_000, 50_000, 75_000, 100_000)
TCP_DRAIN_S = 60.0  # TCP must store everything it accepted: wait for it
UDP_SETTLE_S = 1.5  # no new rows for this long: the server holds nothing more it will store
UDP_DRAIN_S = 5.0  # ceiling: an unbounded backlog is not waited out (aiosyslogd's is)

Factory = Callable[[Path], Server]


@dataclass
class Result:
    server: str
    transport: str
    offered: int  # messages/s; 0 = unpaced
    sent: int = 0
    window_s: float = 0.0
    sent_per_s: float = 0.0  # achieved in the window
    stored_per_s: float = 0.0  # committed in the window
    rows: int = 0  # in the database after SIGTERM
    loss: int = 0
    app_dropped: int | None = None  # refused by the server (queue full)
    kernel_drops: int | None = None  # receive buffer overflowed before the server read
    seq_check: str = ""
    cpu_main_pct: float = 0.0  # server's main thread, % of one core over the window
    cpu_other_pct: float = 0.0  # server's other threads (SQLite)
    cpu_gen_pct: float = 0.0  # the load generator
    peak_rss_mb: float = 0.0
    hwm_mb: float = 0.0
    exit_code: int | None = None
    error: str = ""
    profile: Profile | None = None

    @property
    def loss_pct(self) -> float:
        return 100.0 * self.loss / self.sent if self.sent else 0.0


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    print(_machine(args))
    runs: list[tuple[str, str, int]] = []
    if "insyt" in args.servers and args.tcp:
        runs.append(("insyt", "tcp", 0))
    for rate in args.udp_rates:
        runs.extend((name, "udp", rate) for name in ("insyt", "aiosyslogd") if name in args.servers)
    factories: dict[str, Factory] = {
        "insyt": lambda workdir: Insyt(workdir, args.insyt_options),
        "aiosyslogd": lambda workdir: Aiosyslogd(workdir, args.aiosyslogd_batch),
    }
    started = time.monotonic()
    results = []
    for name, transport, rate in runs:
        label = f"{name} {transport} {'max' if not rate else f'{rate:,}/s'}"
        print(f"-- {label}: warm-up {args.warmup:g} s, window {args.seconds:g} s", flush=True)
        result = run_one(name, factories[name], transport, rate, args)
        results.append(result)
        print("   " + (f"FAILED: {result.error}" if result.error else _one_line(result)),
              flush=True)
    print(f"\n(total {time.monotonic() - started:.0f} s)\n")
    print(table(results))
    print()
    print(verdicts(results))
    if args.quick:
        print("(quick: windows too short for insyt's queue to fill, so memory and sustained "
              "rates are indicative only; the default run is the measurement)")
    for r in results:
        if r.profile:
            _print_profile(r)
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 1 if any(r.error for r in results) else 0


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=None,
                   help="measured window per run (default 10, --quick 3)")
    p.add_argument("--warmup", type=float, default=2.0, help="load before the window opens")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: 3 s windows, UDP at 50k/s only (~30 s in all)")
    p.add_argument("--udp-rates", default=None,
                   help="offered UDP rates, messages/s, comma-separated (default "
                        f"{','.join(map(str, DEFAULT_UDP_RATES))}; --quick 50000)")
    p.add_argument("--no-tcp", dest="tcp", action="store_false", help="skip the TCP run")
    p.add_argument("--tcp-connections", type=int, default=1)
    p.add_argument("--servers", default="insyt,aiosyslogd", help="which servers to run")
    p.add_argument("--aiosyslogd-batch", type=int, default=1000,
                   help="aiosyslogd's database.batch_size (insyt keeps its default)")
    p.add_argument("--insyt-option", dest="insyt_options", action="append", default=[],
                   metavar="SECTION.KEY=TOML",
                   help="override an insyt setting, e.g. storage.queue_size=50000 or "
                        "'storage.synchronous=\"normal\"' (repeatable; default: shipped "
                        "defaults)")
    p.add_argument("--profile", action="store_true",
                   help="sample insyt with py-spy during each window; print where time goes")
    p.add_argument("--tmpdir", default=None, help="where the servers' databases go")
    p.add_argument("--keep", action="store_true", help="keep each run's directory")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = p.parse_args(argv)
    if args.seconds is None:
        args.seconds = 3.0 if args.quick else 10.0
    if args.udp_rates is None:
        args.udp_rates = "50000" if args.quick else ",".join(map(str, DEFAULT_UDP_RATES))
    if args.quick:
        args.warmup = min(args.warmup, 1.0)
    args.udp_rates = [int(float(r)) for r in args.udp_rates.split(",") if r.strip()]
    args.servers = [s.strip() for s in args.servers.split(",")]
    args.insyt_options = insyt_options(p, args.insyt_options)
    unknown = set(args.servers) - {"insyt", "aiosyslogd"}
    if unknown:
        p.error(f"unknown server(s): {', '.join(sorted(unknown))}")
    return args


def run_one(name: str, factory: Factory, transport: str, rate: int,
            args: argparse.Namespace) -> Result:
    result = Result(name, transport, rate)
    workdir = Path(tempfile.mkdtemp(prefix=f"ingest-{name}-{transport}-", dir=args.tmpdir))
    server = factory(workdir)
    ctx = multiprocessing.get_context("spawn")  # no fork of a process that has threads
    counters = loadgen.Counters(ctx)
    gen: Any = None
    spy: subprocess.Popen[bytes] | None = None
    try:
        server.start()
        host, port = server.address(transport)
        spec = loadgen.Spec(transport, host, port, rate,
                            max_seconds=args.warmup + args.seconds + 60,
                            connections=args.tcp_connections)
        gen = ctx.Process(target=loadgen.run, args=(spec, counters), name="loadgen", daemon=True)
        gen.start()
        wait_for(lambda: counters.state.value != 0 or not gen.is_alive(), 30, "generator start")
        if counters.state.value != 1:
            raise RuntimeError("the load generator failed to start (its traceback is above)")
        time.sleep(args.warmup)
        if args.profile and isinstance(server, Insyt):
            spy = _start_py_spy(server.pid, args.seconds, workdir / "profile.txt")
        cpu0 = (*cpu_seconds(server.pid), process_cpu_seconds(gen.pid))
        t0, stored0, sent0 = _sample(server, counters)
        time.sleep(args.seconds)
        t1, stored1, sent1 = _sample(server, counters)
        cpu1 = (*cpu_seconds(server.pid), process_cpu_seconds(gen.pid))
        counters.stop.value = 1
        gen.join(60)
        if counters.state.value != 2:
            raise RuntimeError("the load generator failed (its traceback is above)")
        result.sent = counters.sent.value
        result.window_s = t1 - t0
        result.sent_per_s = (sent1 - sent0) / result.window_s
        result.stored_per_s = (stored1 - stored0) / result.window_s
        result.cpu_main_pct, result.cpu_other_pct, result.cpu_gen_pct = (
            100 * (b - a) / result.window_s for a, b in zip(cpu0, cpu1, strict=True))
        _drain(server, transport, result.sent)
        if isinstance(server, Insyt):
            result.app_dropped = int(server.status()["counters"]["dropped"])
        if transport == "udp":
            result.kernel_drops = udp_socket_drops(port)
        result.hwm_mb = server.hwm_kib() / 1024
        if spy is not None:
            spy.wait(30)
            result.profile = _summarise_profile(workdir / "profile.txt")
        result.exit_code = server.stop()
        assert server.rss is not None
        result.peak_rss_mb = server.rss.peak_kib / 1024
        verdict = server.verdict()
        result.rows = verdict.rows
        # Distinct sequence numbers, not rows: a duplicated row hides a lost one.
        unique = verdict.rows if verdict.distinct_seq is None else verdict.distinct_seq
        result.loss = result.sent - unique
        result.seq_check = _seq_check(verdict, result.sent, transport)
    except Exception as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
        tail = server.log_tail()
        if tail:
            print(f"   last lines of {name}'s log:\n{tail}", file=sys.stderr)
    finally:
        counters.stop.value = 1
        if gen is not None and gen.is_alive():
            gen.join(5)
            if gen.is_alive():
                gen.terminate()
        if spy is not None and spy.poll() is None:
            spy.terminate()
        finish_run(server, workdir, args.keep)
    return result


def _sample(server: Server, counters: loadgen.Counters) -> tuple[float, int, int]:
    """A (time, stored, sent) triple; the time is the middle of the status request."""
    before = time.perf_counter()
    sent = counters.sent.value
    stored = server.stored()
    return (before + time.perf_counter()) / 2, stored, sent


def _drain(server: Server, transport: str, sent: int) -> None:
    """Give the server the time it needs to commit what it accepted: all of it
    for TCP (anything less is loss), until rows stop coming for UDP."""
    if transport == "tcp":
        deadline = time.monotonic() + TCP_DRAIN_S
        while server.stored() < sent and time.monotonic() < deadline:
            time.sleep(0.1)
        return
    deadline = time.monotonic() + UDP_DRAIN_S
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        stored = server.stored()
        if isinstance(server, Insyt) and server.status()["queues"]["intake"]["depth"] == 0 \
                and stored == last:
            return  # insyt says what it holds: nothing, and the socket is quiet
        if stored != last:
            last, since = stored, time.monotonic()
        elif time.monotonic() - since >= UDP_SETTLE_S:
            return
        time.sleep(0.1)


def _seq_check(verdict: Any, sent: int, transport: str) -> str:
    """Gaps and duplicates, from the sequence numbers in the stored lines."""
    if verdict.distinct_seq is None:
        return "n/a"
    dups = verdict.rows - verdict.distinct_seq
    if transport == "tcp":
        complete = (verdict.distinct_seq == sent and verdict.min_seq == 0
                    and verdict.max_seq == sent - 1)
        return "all seq, no dup" if complete and not dups else (
            f"{sent - verdict.distinct_seq} missing, {dups} dup")
    return "no dup" if not dups else f"{dups} dup"


# -- profiling ------------------------------------------------------------------

def _start_py_spy(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes] | None:
    """Sampling from outside: no instrumentation overhead inside the daemon
    (cProfile would roughly halve its throughput and skew the split)."""
    exe = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if exe is None:
        print("   py-spy not found (pip install py-spy); no profile", file=sys.stderr)
        return None
    return subprocess.Popen(
        [exe, "record", "--pid", str(pid), "--duration", str(max(1, int(seconds))),
         "--rate", "200", "--nonblocking", "--threads", "--format", "raw", "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


@dataclass
class Profile:
    """py-spy samples folded three ways; each figure is % of all samples."""

    threads: list[tuple[str, float]]
    self_time: list[tuple[str, float]]  # innermost frame; C code counts for its caller
    inclusive: list[tuple[str, float]]  # insyt's own functions, anywhere on the stack


def _summarise_profile(path: Path, top: int = 20) -> Profile | None:
    threads: Counter[str] = Counter()
    self_time: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    with contextlib.suppress(FileNotFoundError):
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            n = int(count)
            # With --threads the first frame is "thread (TID): NAME".
            thread, _, frames_text = stack.partition(";")
            name = thread.partition(": ")[2] or thread
            frames = [_frame_name(f) for f in frames_text.split(";")]
            threads[name] += n
            self_time[f"{frames[-1]}  [{name}]"] += n
            for frame in set(frames):
                # Entry points (cli, __main__) are on every main-thread stack: no news.
                if "insyt/" in frame and "insyt/cli.py" not in frame \
                        and "insyt/__main__.py" not in frame:
                    inclusive[frame] += n
    total = sum(threads.values())
    if not total:
        return None

    def pct(counter: Counter[str], k: int) -> list[tuple[str, float]]:
        return [(key, 100.0 * n / total) for key, n in counter.most_common(k)]

    return Profile(pct(threads, 8), pct(self_time, top), pct(inclusive, top))


def _frame_name(frame: str) -> str:
    """``func (/long/path/pkg/mod.py:123)`` -> ``func (pkg/mod.py)``: lines folded."""
    func, _, where = frame.partition(" (")
    where = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", "python3.11/", f"{REPO}/"):
        if marker in where:
            where = where.split(marker, 1)[1]
            break
    return f"{func} ({where})" if where else func


def _print_profile(r: Result) -> None:
    assert r.profile is not None
    print(f"\nProfile of insyt, {r.transport} {_rate(r)} (py-spy --threads, 200 Hz; "
          "% of all samples; time in C, e.g. SQLite, counts for the calling function):")
    print("  by thread: " + ", ".join(f"{name} {p:.0f}%" for name, p in r.profile.threads))
    print("  self time:")
    print("\n".join(f"    {p:5.1f}%  {where}" for where, p in r.profile.self_time))
    print("  inclusive (insyt functions):")
    print("\n".join(f"    {p:5.1f}%  {where}" for where, p in r.profile.inclusive))


# -- report ---------------------------------------------------------------------

def _rate(r: Result) -> str:
    return "max" if not r.offered else f"{r.offered:,}"


def _one_line(r: Result) -> str:
    return (f"sent {r.sent:,} ({r.sent_per_s:,.0f}/s), stored {r.stored_per_s:,.0f}/s, "
            f"rows {r.rows:,}, loss {r.loss:,} ({r.loss_pct:.2f}%), "
            f"CPU main {r.cpu_main_pct:.0f}% + other threads {r.cpu_other_pct:.0f}%, "
            f"generator {r.cpu_gen_pct:.0f}%, peak RSS {r.peak_rss_mb:.0f} MB, "
            f"exit {r.exit_code}")


def table(results: list[Result]) -> str:
    head = ("server", "transport", "offered/s", "sent/s", "sent", "stored", "stored/s",
            "loss", "loss %", "app drop", "kern drop", "CPU% main+db", "gen CPU%", "peak RSS MB",
            "VmHWM MB", "seq check")
    rows: list[tuple[str, ...]] = [head]
    for r in results:
        if r.error:
            rows.append((r.server, r.transport, _rate(r), *["-"] * (len(head) - 4), "FAILED"))
            continue
        rows.append((
            r.server, r.transport, _rate(r), f"{r.sent_per_s:,.0f}", f"{r.sent:,}",
            f"{r.rows:,}", f"{r.stored_per_s:,.0f}", f"{r.loss:,}", f"{r.loss_pct:.2f}",
            "-" if r.app_dropped is None else f"{r.app_dropped:,}",
            "-" if r.kernel_drops is None else f"{r.kernel_drops:,}",
            f"{r.cpu_main_pct:.0f}+{r.cpu_other_pct:.0f}", f"{r.cpu_gen_pct:.0f}",
            f"{r.peak_rss_mb:.1f}", f"{r.hwm_mb:.1f}", r.seq_check,
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i < 2 or i == len(head) - 1 else c.rjust(w)
                       for i, (c, w) in enumerate(zip(row, widths, strict=True)))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdicts(results: list[Result]) -> str:
    ok = [r for r in results if not r.error]
    insyt = [r for r in ok if r.server == "insyt"]
    tcp = [r for r in insyt if r.transport == "tcp"]
    udp = {r.offered: r for r in insyt if r.transport == "udp"}
    aio = {r.offered: r for r in ok if r.server == "aiosyslogd"}
    out = ["Targets:"]

    def line(passed: bool | None, text: str) -> None:
        mark = "n/a " if passed is None else "PASS" if passed else "FAIL"
        out.append(f"  [{mark}] {text}")

    for r in tcp:
        line(r.stored_per_s >= TARGET_RATE,
             f"TCP sustained >= {TARGET_RATE:,}/s: {r.stored_per_s:,.0f}/s ({_rate(r)} offered)")
        line(r.loss == 0, f"TCP zero loss: {r.loss:,} lost of {r.sent:,} ({r.seq_check})")
    if not tcp:
        line(None, "TCP: not run")
    if udp:
        # Sustained means what was offered got stored: the best rate stored
        # with under 1% loss (a paced sender offers exactly the rate).
        clean = [r for r in udp.values() if r.loss_pct < 1.0]
        best = max(clean, key=lambda r: r.stored_per_s, default=None)
        fastest = max(udp.values(), key=lambda r: r.stored_per_s)
        text = (f"best {best.stored_per_s:,.0f}/s (at {best.offered:,}/s offered)"
                if best else "no offered rate stored with < 1% loss")
        line(best is not None and best.stored_per_s >= TARGET_RATE * 0.99,
             f"UDP sustained >= {TARGET_RATE:,}/s with < 1% loss: {text}; highest stored/s "
             f"{fastest.stored_per_s:,.0f} (at {fastest.offered:,}/s offered, "
             f"{fastest.loss_pct:.1f}% loss)")
        loss = ", ".join(f"{rate:,}/s: {r.loss_pct:.2f}%" for rate, r in sorted(udp.items()))
        out.append(f"         UDP loss by offered rate: {loss}")
    else:
        line(None, "UDP: not run")
    common = sorted(set(udp) & set(aio))
    if common:
        ratios = {rate: udp[rate].stored_per_s / max(aio[rate].stored_per_s, 1.0)
                  for rate in common}
        best_insyt = max(udp[rate].stored_per_s for rate in common)
        best_aio = max(aio[rate].stored_per_s for rate in common)
        ratio = best_insyt / max(best_aio, 1.0)
        line(ratio >= TARGET_RATIO,
             f"UDP >= {TARGET_RATIO:g}x aiosyslogd (best stored/s over the rates): "
             f"{best_insyt:,.0f} / {best_aio:,.0f} = {ratio:.2f}x")
        out.append("         insyt/aiosyslogd stored/s by offered rate: "
                   + ", ".join(f"{rate:,}: {q:.2f}x" for rate, q in ratios.items()))
        out.append("         (at rates both sustain the ratio is ~1 by construction; "
                   "it means something where aiosyslogd falls behind)")
    else:
        line(None, "ratio to aiosyslogd: no common UDP rate")
    if insyt:
        peak = max(r.peak_rss_mb for r in insyt)
        line(peak < TARGET_RSS_MB, f"insyt resident memory < {TARGET_RSS_MB} MB: "
             f"peak {peak:.1f} MB over all insyt runs")
    return "\n".join(out)


def _insyt_version() -> str:
    """From the checkout the daemon runs from (it need not be installed)."""
    text = (REPO / "insyt" / "__init__.py").read_text()
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else "?"


def _machine(args: argparse.Namespace) -> str:
    return "\n".join((
        *machine(("uvloop",)),
        f"servers:  insyt {_insyt_version()} ("
        + (", ".join(f"{k}={v}" for k, v in args.insyt_options.items()) or "default settings")
        + f"), aiosyslogd "
        f"{version('aiosyslogd')} (batch_size {args.aiosyslogd_batch}, batch_timeout 1 s)",
        f"load:     {loadgen.POOL_SIZE} distinct lines (RFC 5424 + RFC 3164: sshd, sudo, CRON, "
        f"nginx, kernel UFW), TCP octet-counted x{args.tcp_connections} connection(s), "
        f"UDP paced every {loadgen.TICK_S * 1000:g} ms",
        f"data in:  {args.tmpdir or tempfile.gettempdir()}",
    ))


if __name__ == "__main__":
    sys.exit(main())
