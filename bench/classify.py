"""Classifier benchmark: throughput, micro-batch latency and memory of insyt.detect.

Usage::

    .venv/bin/python bench/classify.py [--model DIR] [--threads N] [--quick]

The targets: at least 1,000 lines/s on unique lines, at least 20,000 lines/s
on a realistic repetitive syslog stream, p99 latency of a 64-line call at most
100 ms (a call of 64 lines is one model run, or two when they pad to more than
2,048 tokens; the daemon's rounds pass up to ``classifier.batch_size`` lines in
one call), resident memory at most 300 MB, on 2 cores.
This script prints the figures and a verdict per target; it asserts nothing.

Every run does what the daemon does to a line: parse (``transport="file"``),
:func:`insyt.detect.model_text`, then ``Classifier.classify`` on micro-batches
of ``--batch`` lines, timing each call.  Runs, each with a fresh classifier:

* unique: AIT-LDS lines (Apache access and error logs, auth, DNS) whose
  normalized text (what the model reads) is new, so every line reaches the
  model: the worst case, the model's own throughput;
* AIT in order: the same corpus as it comes, repeats included: a web
  server's logs, where the cache already helps;
* stream: a replay of the loghub samples (16 systems' real logs) in random
  order, every digit run redrawn at random, so that pids, ports, addresses,
  counters and timestamps change from line to line while the templates
  repeat as they do in syslog.  "cold" starts from an empty cache (every
  template is new); "warm" replays another draw with the cache left by the
  cold run, the steady state of a daemon that has run a while.

Peak RSS is this process's high-water mark (ru_maxrss), corpora and three
classifiers included.  The daemon's share is measured apart, in a fresh
process holding one classifier that has read 2,000 new (long) lines and whose
cache is then filled to its 65,536 entries with 200-character keys: the most
the classifier should ever hold.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import resource
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from corpora import CORPUS, loghub_lines, replay

from insyt.detect import DEFAULT_DIR, Classifier, Verdict, model_text
from insyt.detect.cache import DEFAULT_SIZE
from insyt.detect.modelinput import normalize
from insyt.ingest.parser import parse

TARGET_UNIQUE = 1_000  # lines/s
TARGET_STREAM = 20_000  # lines/s
TARGET_P99_MS = 100.0
TARGET_RSS_MB = 300.0


@dataclass
class Run:
    name: str
    lines: int
    seconds: float
    latencies: list[float]  # seconds per classify() call
    hits: int
    misses: int

    @property
    def rate(self) -> float:
        return self.lines / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def line(self) -> str:
        hit_rate = self.hits / max(1, self.hits + self.misses)
        return (f"{self.name:<22} {self.lines:>8,} lines {self.rate:>10,.0f} lines/s   "
                f"batch p50 {self.percentile(0.50):6.1f} ms  p99 {self.percentile(0.99):6.1f} ms"
                f"  max {max(self.latencies) * 1000:6.1f} ms   cache hits {hit_rate:6.1%}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    print(machine(args))
    before = rss_mb()
    started = time.monotonic()
    classifier = load(args, DEFAULT_SIZE)
    loaded = rss_mb()
    print(f"model:    {classifier.info.version}, load {time.monotonic() - started:.2f} s, "
          f"RSS {before:.0f} MB after imports, {loaded:.0f} MB with the model", flush=True)
    ait = ait_lines(args.unique_lines)
    unique = distinct(ait_lines(None), args.unique_lines)
    templates = loghub_lines()
    rng = random.Random(args.seed)
    cold_stream = replay(templates, args.stream_lines, rng)
    warm_stream = replay(templates, args.stream_lines, rng)
    data = rss_mb() - loaded
    print(f"data:     {len(unique):,} distinct + {len(ait):,} AIT lines, {len(templates):,} "
          f"loghub lines replayed as {len(cold_stream):,} + {len(warm_stream):,} "
          f"({data:.0f} MB)\n", flush=True)

    runs = [measure("unique (AIT distinct)", classifier, unique, args.batch)]
    runs.append(measure("AIT in order", load(args, DEFAULT_SIZE), ait, args.batch))
    stream = load(args, DEFAULT_SIZE)
    runs.append(measure("stream cold", stream, cold_stream, args.batch))
    runs.append(measure("stream warm", stream, warm_stream, args.batch))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    own = footprint(args)

    model_mb = (classifier.info.model_file.stat().st_size) / 1e6
    print()
    print(f"model file:   {model_mb:.1f} MB ({classifier.info.model_file})")
    print(f"peak RSS:     {peak:.0f} MB in this process (3 classifiers, {data:.0f} MB of data)")
    print(f"daemon share: peak RSS {own:.0f} MB of a process with one classifier that read "
          f"{FOOTPRINT_LINES:,} new lines and holds a full cache ({DEFAULT_SIZE:,} entries)")
    print()
    worst_p99 = max(r.percentile(0.99) for r in runs)
    print(verdict("unique lines/s", runs[0].rate >= TARGET_UNIQUE,
                  f"{runs[0].rate:,.0f} >= {TARGET_UNIQUE:,}"))
    print(verdict("repetitive stream lines/s (warm)", runs[3].rate >= TARGET_STREAM,
                  f"{runs[3].rate:,.0f} >= {TARGET_STREAM:,} (cold: {runs[2].rate:,.0f})"))
    print(verdict(f"batch of {args.batch} p99", worst_p99 <= TARGET_P99_MS,
                  f"{worst_p99:.1f} ms <= {TARGET_P99_MS:g} ms (worst run)"))
    print(verdict("resident memory", own <= TARGET_RSS_MB,
                  f"{own:.0f} MB <= {TARGET_RSS_MB:g} MB (one classifier, full cache)"))
    return 0


FOOTPRINT_LINES = 2000


def footprint(args: argparse.Namespace) -> float:
    """Peak RSS (MB) of a fresh process doing what the daemon's classifier does at most."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import classify as b; "
        "print(b.footprint_child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), str(args.model),
         str(args.threads), str(args.batch)],
        capture_output=True, text=True, check=True,
    ).stdout
    return float(out.split()[-1])


def footprint_child(model: str, threads: int, batch: int) -> float:
    classifier = Classifier(model, threads=threads)
    lines = distinct(ait_lines(None), FOOTPRINT_LINES)
    for start in range(0, len(lines), batch):
        classifier.classify([model_text(parse(line, received=0.0, transport="file", peer="b"))
                             for line in lines[start : start + batch]])
    del lines
    fill_cache(classifier)
    return status_mb("VmHWM")  # not ru_maxrss, which a child inherits from its parent


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", type=Path, default=DEFAULT_DIR, help="model directory")
    p.add_argument("--threads", type=int, default=2, help="ONNX Runtime intra-op threads")
    p.add_argument("--batch", type=int, default=64, help="lines per classify() call")
    p.add_argument("--unique-lines", type=int, default=4000)
    p.add_argument("--stream-lines", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quick", action="store_true", help="a tenth of the lines")
    args = p.parse_args(argv)
    if args.quick:
        args.unique_lines //= 10
        args.stream_lines //= 10
    return args


def load(args: argparse.Namespace, cache_size: int) -> Classifier:
    return Classifier(args.model, threads=args.threads, cache_size=cache_size)


def measure(name: str, classifier: Classifier, lines: list[bytes], batch: int) -> Run:
    hits, misses = classifier.cache.hits, classifier.cache.misses
    latencies = []
    started = time.perf_counter()
    for start in range(0, len(lines), batch):
        t0 = time.perf_counter()
        now = time.time()
        texts = [model_text(parse(line, received=now, transport="file", peer="bench"))
                 for line in lines[start : start + batch]]
        classifier.classify(texts)
        latencies.append(time.perf_counter() - t0)
    run = Run(name, len(lines), time.perf_counter() - started, latencies,
              classifier.cache.hits - hits, classifier.cache.misses - misses)
    print(run.line(), flush=True)
    return run


def ait_lines(count: int | None) -> list[bytes]:
    lines = []
    with gzip.open(CORPUS / "ait.jsonl.gz", "rt", encoding="utf-8") as fh:
        for text in fh:
            lines.append(json.loads(text)["line"].encode())
            if len(lines) == count:
                break
    return lines


def distinct(lines: list[bytes], count: int) -> list[bytes]:
    """The first ``count`` lines whose model input is new."""
    seen: set[str] = set()
    result = []
    for line in lines:
        text = normalize(model_text(parse(line, received=0.0, transport="file", peer="bench")))
        if text not in seen:
            seen.add(text)
            result.append(line)
            if len(result) == count:
                break
    return result


def fill_cache(classifier: Classifier) -> None:
    """Fill the cache to its maximum with synthetic 200-character keys."""
    sample = classifier.classify(["sshd: Failed password for root"])[0]
    rng = random.Random(0)
    alphabet = "abcdefghijklmnopqrstuvwxyz /:=-"
    items = []
    for n in range(classifier.cache.size):
        key = f"{n} " + "".join(rng.choices(alphabet, k=194))
        items.append((key, Verdict(sample.label, sample.attack, sample.confidence + n * 1e-12,
                                   sample.p_attack, dict(sample.scores))))
        if len(items) == 4096:
            classifier.cache.store(items)
            items = []
    classifier.cache.store(items)


def rss_mb() -> float:
    return status_mb("VmRSS")


def status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def verdict(name: str, ok: bool, detail: str) -> str:
    return f"{'PASS' if ok else 'FAIL'}  {name}: {detail}"


def machine(args: argparse.Namespace) -> str:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")),
                       "?")
    except OSError:
        pass
    exe = (os.path.relpath(sys.executable) if sys.executable.startswith(os.getcwd())
           else sys.executable)
    versions = ", ".join(f"{name} {metadata.version(name)}"
                         for name in ("onnxruntime", "tokenizers", "numpy"))
    return "\n".join((
        f"command:  {shlex.join([exe, *sys.argv])}",
        f"machine:  nproc {os.cpu_count()} (usable {len(os.sched_getaffinity(0))}), {cpu}, "
        f"load average {os.getloadavg()[0]:.2f}, {platform.system()} {platform.release()}",
        f"python:   {platform.python_version()}, {versions}",
        f"settings: threads {args.threads}, batch {args.batch}, model {args.model}",
    ))


if __name__ == "__main__":
    sys.exit(main())
