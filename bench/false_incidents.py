"""False incidents: benign traffic through the real daemon, incidents opened per million lines.

Usage::

    .venv/bin/python bench/false_incidents.py [--lines 100000] [--rate 1000] [--model DIR]

Issue 16's figure: on benign traffic, at most 10 incidents opened per
million lines, on each of bench/alerts.py's two backgrounds (see
:mod:`harness`): ``loghub``, the benign lines of 16 real systems' logs in
random order with every digit run redrawn, and ``generated``, insyt.training.synth
benign lines (a fixed seed, as many as are sent: never cycled).

Each background gets a fresh daemon (``python -m insyt run -c FILE``, the
shipped defaults but for loopback listeners and no UDP; MQTT off, since
incidents are counted in the daemon's own database), fed over one TCP
connection with RFC 6587 octet counting at a paced rate the classifier keeps
up with on two cores.  Once every line is stored and classified the daemon
is stopped (SIGTERM: it commits what it holds) and its SQLite file read.
Every line sent was benign, so every incident in it is a false one: for each
category the lines that opened a few of them are printed, to show why.

A replay compresses hours of logs into minutes, so a rule that wants several
lines from one source within a window (brute force, scans) sees more of them
per window than the systems that wrote them would have.  Prints figures
only; no assertions.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import mixload
from harness import SEED, TRAFFIC, background, drain, insyt_daemon, read_db, sender, stop, table
from servers import REPO, Insyt, insyt_options, machine, wait_for

TARGET_PER_MILLION = 10.0  # issue 16: false incidents per million benign lines, each background
DEFAULT_LINES = 100_000
# README (Sustained traffic): on never-repeating generated lines the classifier
# keeps up at 2,000 lines/s on the project's two cores; half leaves room for
# the machine's other users.
DEFAULT_RATE = 1_000
TICK_S = 0.010  # the sender's pacing period, as in bench/alerts.py's latency runs
STALL_S = 60.0  # waiting for verdicts: give up once none came for this long
POLL_S = 0.2
EXAMPLES = 3  # lines shown per category
LINE_CHARS = 300  # an example line is cut to this on the terminal (the JSON keeps it whole)


@dataclass
class FalseIncident:
    """One incident opened by benign traffic, and the line that opened it."""

    id: str
    category: str
    source: str  # the address, or the key when the lines named none
    event_count: int
    confidence: float
    line: str  # the first evidence line, raw
    label: str  # the classifier's verdict on that line
    line_confidence: float
    scores: str  # the verdict's top labels, as the daemon stored them (JSON)


@dataclass
class Result:
    traffic: str
    rate: int
    requested: int
    distinct: int = 0  # distinct lines among those requested
    sent: int = 0
    send_s: float = 0.0
    stored: int = 0  # rows in the database after SIGTERM
    classified: int = 0  # of those, rows with a verdict
    catch_up_s: float = 0.0  # after the last line was stored, until the last verdict
    flagged: dict[str, int] = field(default_factory=dict)  # attack verdicts by label, any conf.
    detections: int = 0  # attack verdicts at or over classifier.threshold (status counter)
    opened: int = 0  # the tracker's "opened" counter, to cross-check the table
    cache_hit_pct: float = 0.0
    incidents: list[FalseIncident] = field(default_factory=list)
    model: str = ""
    exit_code: int | None = None
    error: str = ""

    @property
    def per_million(self) -> float:
        return 1e6 * len(self.incidents) / self.sent if self.sent else math.nan

    @property
    def by_category(self) -> dict[str, int]:
        return dict(Counter(i.category for i in self.incidents).most_common())


def run_background(args: argparse.Namespace, root: Path, traffic: str,
                   lines: list[bytes]) -> Result:
    result = Result(traffic=traffic, rate=args.rate, requested=len(lines),
                    distinct=len(set(lines)))
    options = {"syslog.udp": "[]"}
    if args.model:
        options["classifier.model"] = json.dumps(args.model)
    options.update(args.insyt_options)
    try:
        with insyt_daemon(root, f"fp-{traffic}", options, args.keep) as (server, workdir):
            result.model = server.status()["classifier"]["model"] or ""
            host, port = server.address("tcp")
            # The safety net only: the sender stops itself after the last line.
            spec = mixload.Spec(host, port, args.rate, TICK_S,
                                max_seconds=3 * len(lines) / args.rate + 60,
                                max_lines=len(lines))
            started = time.monotonic()
            with sender(spec, lines) as (gen, counters):
                wait_for(lambda: counters.state.value != 1, spec.max_seconds + 10, "the sender")
                result.send_s = time.monotonic() - started
                result.sent, stored = drain(server, gen, counters)
            result.catch_up_s = _classified(server, stored)
            status = server.status()["classifier"]
            result.detections = int(status["detections"])
            result.opened = int(status["incidents"]["opened"])
            looked = status["cache_hits"] + status["cache_misses"]
            result.cache_hit_pct = 100.0 * status["cache_hits"] / looked if looked else 0.0
            result.exit_code = stop(server)
            _read(workdir, result)
    except Exception as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    return result


def _classified(server: Insyt, stored: int) -> float:
    """Wait until every stored line has its verdict (and so its incident:
    both are committed together); the seconds that took."""
    start = progress = time.monotonic()
    last = -1
    while True:
        status = server.status()["classifier"]
        done = int(status["classified"])
        if status["lag_lines"] == 0 and done >= stored:
            return time.monotonic() - start
        if done != last:
            last, progress = done, time.monotonic()
        elif time.monotonic() - progress > STALL_S:
            raise TimeoutError(f"no verdict for {STALL_S:g} s at {done:,} of {stored:,} lines")
        time.sleep(POLL_S)


def _read(workdir: Path, result: Result) -> None:
    """Lines, verdicts and incidents as the stopped daemon left them in SQLite."""
    with read_db(workdir) as con:
        result.stored, result.classified = con.execute(
            'SELECT COUNT(*), COUNT("label") FROM "event"').fetchone()
        result.flagged = dict(con.execute(
            'SELECT "label", COUNT(*) FROM "event" WHERE "label" != \'benign\' '
            'GROUP BY "label" ORDER BY 2 DESC').fetchall())
        for (document,) in con.execute('SELECT "document" FROM "incident" ORDER BY "first_seen"'):
            doc = json.loads(document)
            first = doc["evidence"][0] if doc["evidence"] else {"event_id": -1}
            row = con.execute('SELECT "raw", "label", "confidence", "scores" FROM "event" '
                              'WHERE "id" = ?', (first["event_id"],)).fetchone()
            raw, label, confidence, scores = row or (b"", "", math.nan, "")
            result.incidents.append(FalseIncident(
                doc["id"], doc["category"], doc["source"]["ip"] or doc["source"]["key"],
                doc["event_count"], doc["confidence"],
                bytes(raw).decode("utf-8", "replace"), label or "", confidence, scores or ""))


# -- report -------------------------------------------------------------------------------

def summary_table(results: list[Result]) -> str:
    head = ("background", "lines", "distinct", "sent", "stored", "classified", "send s",
            "catch-up s", "cache hit %", "attack verdicts", "over threshold", "incidents",
            "per million", f"<= {TARGET_PER_MILLION:g}")
    rows = []
    for r in results:
        if r.error:
            rows.append((r.traffic, f"{r.requested:,}", *["-"] * (len(head) - 3), "FAILED"))
            continue
        rows.append((r.traffic, f"{r.requested:,}", f"{r.distinct:,}", f"{r.sent:,}",
                     f"{r.stored:,}", f"{r.classified:,}", f"{r.send_s:.1f}",
                     f"{r.catch_up_s:.1f}", f"{r.cache_hit_pct:.1f}",
                     f"{sum(r.flagged.values()):,}", f"{r.detections:,}",
                     f"{len(r.incidents):,}", f"{r.per_million:,.0f}",
                     "yes" if r.per_million <= TARGET_PER_MILLION else "no"))
    return table(head, rows)


def categories_report(r: Result) -> str:
    """Each category's incidents, the lines labelled it, and the lines that opened a few."""
    categories = {**r.by_category, **{c: 0 for c in r.flagged if c not in r.by_category}}
    head = ("category", "incidents", "per million", "lines labelled it")
    rows = [(c, f"{n:,}", f"{1e6 * n / r.sent:,.0f}", f"{r.flagged.get(c, 0):,}")
            for c, n in categories.items()]
    out = [table(head, rows)]
    for category in r.by_category:
        out.append(f"\n{category}: the line that opened each of the first {EXAMPLES}")
        for i in [i for i in r.incidents if i.category == category][:EXAMPLES]:
            line = i.line if len(i.line) <= LINE_CHARS else i.line[:LINE_CHARS] + "..."
            out.append(f"  [{i.source}; {i.event_count} line(s); verdict {i.label} "
                       f"{i.line_confidence:.2f}] {line}")
    return "\n".join(out)


# -- main ---------------------------------------------------------------------------------

def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=int, default=DEFAULT_LINES,
                   help=f"benign lines per background (default {DEFAULT_LINES:,})")
    p.add_argument("--rate", type=int, default=DEFAULT_RATE,
                   help=f"lines per second, paced (default {DEFAULT_RATE:,})")
    p.add_argument("--backgrounds", default=",".join(TRAFFIC),
                   help=f"comma-separated, of {', '.join(TRAFFIC)} (default: both)")
    p.add_argument("--model", default="", help="classifier model directory (default: bundled)")
    p.add_argument("--seed", type=int, default=SEED,
                   help=f"the backgrounds' seed (default {SEED}, bench/alerts.py's)")
    p.add_argument("--insyt-option", dest="insyt_options", action="append", default=[],
                   metavar="SECTION.KEY=TOML",
                   help="override an insyt setting, e.g. classifier.threshold=0.8 (repeatable)")
    p.add_argument("--tmpdir", default=None, help="where the daemons' databases go")
    p.add_argument("--keep", action="store_true", help="keep each daemon's directory")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = p.parse_args(argv)
    args.insyt_options = insyt_options(p, args.insyt_options)
    args.backgrounds = [b.strip() for b in args.backgrounds.split(",") if b.strip()]
    unknown = [b for b in args.backgrounds if b not in TRAFFIC]
    if unknown or not args.backgrounds:
        p.error(f"--backgrounds: one or more of {', '.join(TRAFFIC)}, got {unknown}")
    if args.lines < 1 or args.rate < 1:
        p.error("--lines and --rate must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    sys.path.insert(0, str(REPO))  # the checkout's insyt, as the daemon runs it
    print("\n".join(machine(("onnxruntime",))))
    print(f"traffic:  {args.lines:,} benign lines per background, seed {args.seed}; one TCP "
          f"connection (octet counting) paced at {args.rate:,} lines/s; a fresh daemon per "
          "background", flush=True)
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="bench-fp-", dir=args.tmpdir))
    results: list[Result] = []
    try:
        for traffic in args.backgrounds:
            print(f"-- {traffic}: {args.lines:,} lines at {args.rate:,} lines/s", flush=True)
            r = run_background(args, root, traffic, background(traffic, args.lines, args.seed))
            results.append(r)
            print("   " + (f"FAILED: {r.error}" if r.error else
                          f"sent {r.sent:,} in {r.send_s:.1f} s, classified {r.classified:,} "
                          f"(caught up {r.catch_up_s:.1f} s after the last line); "
                          f"{len(r.incidents)} incidents, {r.per_million:,.0f} per million; "
                          f"by category {r.by_category}"), flush=True)
            if not r.error and r.opened != len(r.incidents):
                print(f"   WARNING: the tracker counted {r.opened} opened, the incident table "
                      f"holds {len(r.incidents)}", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    model = next((r.model for r in results if r.model), "?")
    print(f"\n(total {time.monotonic() - started:.0f} s)\n\nmodel: {model}"
          + (f" ({args.model})" if args.model else " (bundled)"))
    print(f"\nFalse incidents on benign traffic (target: <= {TARGET_PER_MILLION:g} per million "
          "lines on each background):")
    print(summary_table(results))
    print("attack verdicts: lines labelled an attack at any confidence; over threshold: those "
          "at or over classifier.threshold, which reach the incident rules")
    shortest = min((r.sent for r in results if r.sent), default=0)
    if shortest and 1e6 / shortest > TARGET_PER_MILLION:
        print(f"(at {shortest:,} lines one incident is {1e6 / shortest:,.0f} per million: "
              f"the target can be judged from {1e6 / TARGET_PER_MILLION:,.0f} lines on)")
    for r in results:
        if not r.error and (r.incidents or r.flagged):
            print(f"\n-- {r.traffic}:\n{categories_report(r)}")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"lines": args.lines, "rate": args.rate, "seed": args.seed, "model": model,
             "target_per_million": TARGET_PER_MILLION,
             "results": [{**asdict(r), "per_million": r.per_million,
                          "by_category": r.by_category} for r in results]},
            indent=2))
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
