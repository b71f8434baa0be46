"""Status page benchmark: how fast the pages render over a full database.

Usage::

    .venv/bin/python bench/page.py [--events 1000000] [--incidents 10000] [--requests 20]

Fills a fresh database with ``--events`` stored lines (synthetic syslog from
:mod:`insyt.training.synth`, parsed by the daemon's own parser, spread over seven
days, each with a verdict as the classifier writes them) and ``--incidents``
incidents (twenty evidence lines each, from 2,000 source addresses, over
the same seven days; those of the last hour open), starts the real daemon
on it (``python -m insyt run``, classifier loaded), and times each page and
API call from an HTTP client in this process: one warm-up request, then
``--requests`` sequential ones; p50 and p95 of the wall time per request.

With ``--load RATE`` a thread sends synthetic syslog over TCP at RATE lines
per second while the pages are timed, so the figures include a daemon busy
ingesting and classifying (the two cores are shared by all of it).

The issue's target: overview (``/``) and incident list (``/alerts``) within
200 ms.  Prints figures only; no assertions.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from insyt import taxonomy
from insyt.config import StorageConfig
from insyt.incidents import persistence
from insyt.incidents.tracker import Evidence, Incident, Source
from insyt.ingest.parser import parse
from insyt.store.database import Store
from insyt.training.synth import generate

SPAN_S = 7 * 86400
POOL = 20_000
SOURCES = 2_000
EVIDENCE = 20
COLUMNS = ("received", "transport", "peer", "facility", "severity", "timestamp", "host", "app",
           "procid", "msgid", "structured_data", "message", "raw", "flags", "label",
           "confidence", "scores", "model", "classified")


def fill(path: Path, events: int, incidents: int, now: float) -> None:
    store = Store(StorageConfig(path=str(path), synchronous="normal"))
    store.open()
    store.close()
    started = time.perf_counter()
    pool = []
    for sample in generate(POOL, seed=11, attack_fraction=0.1):
        r = parse(sample.line, received=0.0, transport="tcp", peer="192.0.2.1:514")
        pool.append((r, sample.category))
    start = now - SPAN_S
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    insert = (f"INSERT INTO event ({', '.join(COLUMNS)}) "
              f"VALUES ({', '.join('?' * len(COLUMNS))})")
    batch = []
    with conn:
        for i in range(events):
            r, category = pool[i % POOL]
            t = start + SPAN_S * i / events
            scores = json.dumps({category: 0.91, "benign" if category != "benign"
                                 else "recon": 0.05})
            batch.append((t, r.transport, r.peer, r.facility, r.severity, r.timestamp or t,
                          r.host, r.app, r.procid, r.msgid, r.structured_data, r.message,
                          r.raw, r.flags, category, 0.91, scores, "bench", t + 0.1))
            if len(batch) == 50_000:
                conn.executemany(insert, batch)
                batch.clear()
        conn.executemany(insert, batch)
    conn.close()
    filled = time.perf_counter()
    print(f"# {events:,} events in {filled - started:.1f} s", flush=True)

    rng = random.Random(5)
    attacks = [c for c in taxonomy.CATEGORIES if taxonomy.is_attack(c.name)]
    addresses = [f"198.51.{n // 250}.{n % 250 + 1}" for n in range(SOURCES)]
    made = []
    for k in range(incidents):
        cat = rng.choice(attacks)
        last = start + SPAN_S * (k + 1) / incidents
        first = last - rng.uniform(0, 900)
        first_id = max(1, int(events * (first - start) / SPAN_S))
        evidence = []
        for j in range(EVIDENCE):
            event_id = min(events, first_id + j * 7)
            r, _ = pool[(event_id - 1) % POOL]
            evidence.append(Evidence(event_id, first + j, r.host or "", r.app or "", r.message))
        ip = rng.choice(addresses) if rng.random() < 0.8 else None
        host = evidence[0].host
        made.append(Incident(
            id=f"{k:08x}{rng.getrandbits(96):024x}", category=cat.name, severity=cat.severity,
            mitre=cat.mitre, source=Source(ip or f"{host}/{evidence[0].app}", ip, (host,),
                                           (evidence[0].app,), ("root",)),
            first_seen=first, last_seen=last, event_count=rng.randint(1, 500),
            confidence=rng.uniform(0.5, 1.0), evidence=tuple(evidence),
            state="open" if last > now - 3600 else "closed"))
    store = Store(StorageConfig(path=str(path), synchronous="normal"))
    store.open()
    with store.transaction():
        for chunk in range(0, len(made), 500):
            persistence.save(made[chunk:chunk + 500])
    store.close()
    print(f"# {incidents:,} incidents in {time.perf_counter() - filled:.1f} s", flush=True)


def send_load(port: int, rate: int, stop: threading.Event) -> None:
    """Synthetic syslog over TCP at ``rate`` lines/s, paced every 100 ms, until ``stop``."""
    # RFC 6587 octet counting: some synthetic lines start with digits, which a
    # newline-framed stream would take for a frame length.
    lines = [b"%d %s" % (len(s.line), s.line)
             for s in generate(5_000, seed=23, attack_fraction=0.1)]
    per_tick = max(1, rate // 10)
    with socket.create_connection(("127.0.0.1", port)) as sock:
        tick = time.monotonic()
        for start in itertools.count(0, per_tick):
            if stop.is_set():
                return
            sock.sendall(b"".join(lines[(start + k) % len(lines)] for k in range(per_tick)))
            tick += 0.1
            time.sleep(max(0.0, tick - time.monotonic()))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def fetch(url: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body: bytes = response.read()
        status: int = response.status
    return time.perf_counter() - started, status, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--load", type=int, default=0, metavar="RATE",
                        help="syslog lines/s sent while timing (default: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="insyt-page-bench-") as tmp:
        work = Path(tmp)
        db = work / "insyt.db"
        now = time.time()
        fill(db, args.events, args.incidents, now)
        conn = sqlite3.connect(db)
        deep = conn.execute('SELECT received, id FROM event ORDER BY received DESC, id DESC '
                            'LIMIT 1 OFFSET ?', (args.events * 9 // 10,)).fetchone()
        incident_id = conn.execute("SELECT id FROM incident ORDER BY last_seen DESC "
                                   "LIMIT 1 OFFSET 100").fetchone()[0]
        host = conn.execute("SELECT host FROM event WHERE id = ?",
                            (args.events // 2,)).fetchone()[0]
        conn.close()
        port, syslog_port = free_port(), free_port()
        config = work / "insyt.toml"
        config.write_text(
            f'[syslog]\nudp = []\ntcp = ["127.0.0.1:{syslog_port}"]\n'
            f'[storage]\npath = "{db}"\n[web]\nlisten = "127.0.0.1:{port}"\n')
        log = (work / "daemon.log").open("wb")
        daemon = subprocess.Popen([sys.executable, "-m", "insyt", "run", "-c", str(config)],
                                  stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    fetch(f"{base}/healthz")
                    break
                except OSError:
                    if daemon.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit((work / "daemon.log").read_text()) from None
                    time.sleep(0.2)
            stop = threading.Event()
            if args.load:
                threading.Thread(target=send_load, args=(syslog_port, args.load, stop),
                                 daemon=True).start()
            cursor = urllib.parse.quote(f"{deep[0]!r}:{deep[1]}")
            pages = [
                ("overview", "/"),
                ("incident list", "/alerts"),
                ("incident list, filtered", "/alerts?severity=high&range=24h&state=closed"),
                ("incident list, by source", "/alerts?source=198.51.3.7"),
                ("incident detail", f"/alerts/{incident_id}"),
                ("events, first page", "/events"),
                ("events, deep keyset page (90%)", f"/events?before={cursor}"),
                ("events, by host", f"/events?host={urllib.parse.quote(host)}"),
                ("events, verdict attack", "/events?verdict=attack"),
                ("events, text search (common)", "/events?q=session+opened"),
                ("events, text search (rare)", "/events?q=cmd.php"),
                ("events, text search (absent)", "/events?q=zz-absent-zz"),
                ("api incidents", "/api/incidents"),
                ("api events", "/api/events"),
            ]
            print(f"# {args.events:,} events, {args.incidents:,} incidents, "
                  f"{args.requests} requests per page after one warm-up, "
                  f"load {args.load} lines/s")
            print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'KiB':>7}  rows/note")
            for name, path in pages:
                fetch(base + path)
                times = []
                for _ in range(args.requests):
                    seconds, status, body = fetch(base + path)
                    assert status == 200, (path, status)
                    times.append(seconds * 1000)
                times.sort()
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                note = ""
                if path.startswith("/events"):
                    api = json.loads(fetch(base + "/api" + path)[2])
                    note = (f"{len(api['events'])} rows" + ("" if api["complete"] else
                            f", incomplete after {api['scanned']:,} lines"))
                print(f"{name:34} {statistics.median(times):8.1f} {p95:8.1f} "
                      f"{len(body) / 1024:7.1f}  {note}", flush=True)
            stop.set()
            if args.load:
                status = json.loads(fetch(base + "/api/status")[2])
                print(f"# during the run: {status['counters']['received']:,} lines received, "
                      f"{status['counters']['dropped']:,} dropped, classifier lag "
                      f"{status['classifier']['lag_lines']:,} lines")
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=60)
            log.close()


if __name__ == "__main__":
    main()
