"""Suppression pattern benchmark: one crafted line against a catastrophic regex.

Usage::

    .venv/bin/python bench/suppress.py [--pattern '(a+)+$'] [--run 24] [--lines 3]
    .venv/bin/python bench/suppress.py --scan    # RE2's cost per line, no daemon

Starts the real daemon (``python -m insyt run``, classifier loaded) with one
``[[suppress]] pattern``, sends ``--lines`` web-shell requests over UDP whose
query ends in ``--run`` letters ``a`` and a ``!`` (the classifier calls them
attacks, so the suppression's pattern is searched in each), and meanwhile asks
``/healthz`` every 50 ms with a 2 s timeout.  Prints the probes' latency
(p50, p99, max, how many timed out), how long until every crafted line was
classified, and how long SIGTERM took and its exit status.

Python's backtracking ``re`` needs about 2**run steps for ``(a+)+$`` here;
RE2 needs one pass over the first PATTERN_SCAN characters.

``--random`` fills the request with ``--run`` random letters instead, which
is what patterns in the second half of WORST find hardest.

``--scan`` instead times, in this process, RE2 searches of the worst patterns
found (ones whose automaton RE2 cannot cache, so it falls back to its NFA)
over texts of PATTERN_SCAN characters: what one detection can cost the
classifier thread, where suppression patterns are matched.

Prints figures only; no assertions.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

PROBE_EVERY_S = 0.05
PROBE_TIMEOUT_S = 2.0
# Patterns whose DFA outgrows RE2's cache on PATTERN_SCAN characters, the
# slowest found while choosing the limits (README, "Incidents").
WORST = (r"(a+)+$", r"(\w+\s?)+$", r"(a|b)*a[ab]{999}x", r"(?s)(.*a.{249}){4}!",
         r"(.*\pL.{200}){4}!", r"(?i)(.*\w.{200}){4}!")


def crafted(run: int, rng: random.Random | None) -> bytes:
    """The request; its filler is ``run`` letters "a" and a "!", or random letters."""
    filler = ("a" * run + "!" if rng is None
              else "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(run)))
    return (f'<13>Nov 24 10:00:00 web1 nginx: 203.0.113.9 - - [24/Nov/2025:10:00:00 +0000] '
            f'"GET /shell.php?cmd=cat%20/etc/passwd&x={filler} HTTP/1.1" 200 12').encode()


def get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}",
                                timeout=PROBE_TIMEOUT_S) as response:
        body: bytes = response.read()
    return body.decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def daemon(tmp: Path, pattern: str) -> tuple[subprocess.Popen[bytes], int, int]:
    port, web = free_port(), free_port()
    config = tmp / "insyt.toml"
    config.write_text(
        f'[syslog]\nudp = ["127.0.0.1:{port}"]\ntcp = []\n'
        f'[storage]\npath = "{tmp / "insyt.db"}"\nbatch_delay_ms = 20\n'
        f'[web]\nlisten = "127.0.0.1:{web}"\n'
        f'[[suppress]]\nid = "evil"\npattern = {json.dumps(pattern)}\n')
    proc = subprocess.Popen([sys.executable, "-m", "insyt", "run", "-c", str(config)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(web, "/healthz") == "ok\n":
                return proc, port, web
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the daemon did not answer /healthz within 60 s")


def attack(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        proc, port, web = daemon(Path(tmp), args.pattern)
        latencies: list[float] = []
        timeouts = 0
        done = threading.Event()

        def probe() -> None:
            nonlocal timeouts
            while not done.is_set():
                started = time.perf_counter()
                try:
                    get(web, "/healthz")
                    latencies.append(time.perf_counter() - started)
                except OSError:
                    timeouts += 1
                time.sleep(PROBE_EVERY_S)

        prober = threading.Thread(target=probe)
        prober.start()
        before = json.loads(get(web, "/api/status"))["counters"]["classified"]
        sent = time.perf_counter()
        rng = random.Random(1) if args.random else None
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for _ in range(args.lines):
                s.sendto(crafted(args.run, rng), ("127.0.0.1", port))
        classified_s = None
        while time.perf_counter() - sent < args.wait:
            try:
                counters = json.loads(get(web, "/api/status"))["counters"]
                if counters["classified"] >= before + args.lines:
                    classified_s = time.perf_counter() - sent
                    break
            except OSError:
                pass
            time.sleep(0.1)
        done.set()
        prober.join()
        term = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        try:
            code: int | str = proc.wait(timeout=args.wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = f"none within {args.wait:.0f} s (killed)"
        stopped = time.perf_counter() - term
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else float("nan")
    filler = f"{args.run} random letters" if args.random else f"{args.run} 'a' and a '!'"
    print(f"pattern {args.pattern!r}, {args.lines} line(s) with {filler}")
    print(f"/healthz: {len(ms)} answered, {timeouts} timed out (> {PROBE_TIMEOUT_S:.0f} s); "
          f"p50 {statistics.median(ms) if ms else float('nan'):.1f} ms, p99 {p99:.1f} ms, "
          f"max {max(ms, default=float('nan')):.1f} ms")
    print("crafted lines classified after "
          + (f"{classified_s:.2f} s" if classified_s is not None
             else f"more than {args.wait:.0f} s"))
    print(f"SIGTERM: exit {code} after {stopped:.2f} s")


def scan() -> None:
    from insyt.pattern import PATTERN_SCAN, Pattern

    rng = random.Random(1)
    texts = {
        "a...!": "a" * (PATTERN_SCAN - 1) + "!",
        "random a/b": "".join(rng.choice("ab") for _ in range(PATTERN_SCAN)),
        "random letters": "".join(rng.choice("abcdefghijklmnopqrstuvwxyz éжא") for _ in
                                  range(PATTERN_SCAN)),
        "random 1-4 byte": "".join(rng.choice("aé中😀 x") for _ in range(PATTERN_SCAN)),
    }
    for pattern in WORST:
        compiled = Pattern(pattern)
        worst, name = 0.0, ""
        for text_name, text in texts.items():
            compiled.search(text)  # warm RE2's DFA cache, as a running daemon has it
            started = time.perf_counter()
            for _ in range(10):
                compiled.search(text)
            took = (time.perf_counter() - started) / 10
            if took > worst:
                worst, name = took, text_name
        print(f"{pattern!r:30} worst {worst * 1000:8.3f} ms per line ({name})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pattern", default=r"(a+)+$")
    parser.add_argument("--run", type=int, default=24, help="letters 'a' before the '!'")
    parser.add_argument("--lines", type=int, default=3)
    parser.add_argument("--random", action="store_true",
                        help="random letters instead of the run (for DFA-hard patterns)")
    parser.add_argument("--wait", type=float, default=120.0,
                        help="seconds to wait for classification and for the exit")
    parser.add_argument("--scan", action="store_true", help="time RE2 alone, no daemon")
    args = parser.parse_args()
    if args.scan:
        scan()
    else:
        attack(args)


if __name__ == "__main__":
    main()
