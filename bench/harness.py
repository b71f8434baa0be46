"""A real insyt fed by a paced TCP sender: what the detection benchmarks
(bench/alerts.py, bench/false_incidents.py) share.

Each run gets a fresh daemon in its own temporary directory, so a fresh
database: a backlog or incidents left by the run before would read as this
run's.  The load comes from :mod:`mixload` in its own process, over one TCP
connection with RFC 6587 octet counting.  The benign backgrounds are built
here so that both benchmarks replay the same traffic for the same seed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

import mixload
from corpora import loghub_lines, replay
from servers import Insyt, finish_run, wait_for

# Benign backgrounds:
# * "generated": insyt.training.synth lines, whose user names, paths, hosts and queries
#   are drawn afresh for every line (most are new to the verdict cache);
# * "loghub": the benign lines of 16 real systems' logs (bench/corpora.py:
#   random order, every digit run redrawn), whose templates repeat as real
#   syslog does.
TRAFFIC = ("generated", "loghub")
SEED = 20261124  # the backgrounds' (and the sweep's, plus one) in every benchmark run
DRAIN_S = 60.0  # TCP: whatever was accepted must be stored by then


def background(traffic: str, count: int, seed: int) -> list[bytes]:
    """``count`` benign lines of one of :data:`TRAFFIC`, the same for the same seed."""
    if traffic == "generated":
        from insyt.training.synth import generate  # after the caller put the checkout on sys.path

        return [s.line for s in generate(count, seed=seed, attack_fraction=0.0)]
    if traffic == "loghub":
        return replay(loghub_lines(benign_only=True), count, random.Random(seed))
    raise ValueError(f"no background {traffic!r} (one of {', '.join(TRAFFIC)})")


@contextlib.contextmanager
def insyt_daemon(root: Path, label: str, options: dict[str, str],
                 keep: bool) -> Iterator[tuple[Insyt, Path]]:
    """A fresh insyt in a directory of its own under ``root``, stopped (and
    the directory removed unless ``keep``) whatever happens inside; its log's
    last lines printed when something failed."""
    workdir = Path(tempfile.mkdtemp(prefix=f"{label}-", dir=root))
    server = Insyt(workdir, options)
    try:
        server.start()
        yield server, workdir
    except BaseException:
        tail = server.log_tail()
        if tail:
            print(f"   last lines of insyt's log:\n{tail}", file=sys.stderr)
        raise
    finally:
        finish_run(server, workdir, keep)


@contextlib.contextmanager
def sender(spec: mixload.Spec, pool: Sequence[bytes]) -> Iterator[tuple[Any, mixload.Counters]]:
    """:func:`mixload.run` in its own process, sending once it has connected."""
    ctx = multiprocessing.get_context("spawn")  # no fork of a process with threads
    counters = mixload.Counters(ctx)
    gen = ctx.Process(target=mixload.run, args=(spec, list(pool), counters), name="mixload",
                      daemon=True)
    gen.start()
    try:
        wait_for(lambda: counters.state.value != 0 or not gen.is_alive(), 60, "sender start")
        if counters.state.value != 1:
            raise RuntimeError("the sender failed to start (its traceback is above)")
        yield gen, counters
    finally:
        counters.stop.value = 1
        gen.join(30)
        if gen.is_alive():
            gen.terminate()
            gen.join()


def drain(server: Insyt, gen: Any, counters: mixload.Counters) -> tuple[int, int]:
    """Stop the sender and let TCP's accepted lines reach SQLite: lines sent, lines stored."""
    counters.stop.value = 1
    gen.join(30)
    if counters.state.value != 2:
        raise RuntimeError("the sender failed (its traceback is above)")
    sent = counters.sent.value
    deadline = time.monotonic() + DRAIN_S
    while server.stored() < sent and time.monotonic() < deadline:
        time.sleep(0.1)
    return sent, server.stored()


def stop(server: Insyt) -> int | None:
    """SIGTERM: the daemon must drain and exit 0; said when it does not."""
    code = server.stop()
    if code != 0:
        print(f"   WARNING: insyt exited {code} on SIGTERM:\n{server.log_tail(10)}",
              file=sys.stderr)
    return code


@contextlib.contextmanager
def read_db(workdir: Path) -> Iterator[sqlite3.Connection]:
    """The run's database, read-only (after the daemon stopped, or beside it)."""
    con = sqlite3.connect(f"file:{workdir / 'insyt.db'}?mode=ro", uri=True)
    try:
        yield con
    finally:
        con.close()


def table(head: Sequence[str], rows: Sequence[Sequence[str]],
          left: Collection[int] = (0,)) -> str:
    """Numbers right-aligned, the ``left`` columns (names, notes) left-aligned."""
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i in left else c.rjust(w)
                       for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
             for r in (head, *rows)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
