"""Framing cost, sans I/O: CPU time per frame of the TCP deframer and the
file line splitter, fed 64 KiB reads of one typical syslog line repeated.

Usage::

    .venv/bin/python bench/framing.py [--repeat N]

Prints the best of ``--repeat`` runs (process time, so a busy machine
inflates it less), for LF frames, octet-counted frames and file lines.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from insyt.ingest.framing import Deframer, Frame, LineSplitter

READ = 64 * 1024  # what one socket read or one file pread hands over at most
MAX_FRAME = 65536  # the default [syslog] max_frame
MESSAGE = b"<34>Dec  4 20:48:30 gw sshd[812]: Failed password for root from 192.0.2.7 port 52144"
LINES = 20_000


def best_ns_per_frame(make: Callable[[], Callable[[bytes], list[Frame]]], stream: bytes,
                      repeat: int) -> float:
    reads = [stream[i : i + READ] for i in range(0, len(stream), READ)]
    best = float("inf")
    for _ in range(repeat):
        feed = make()
        start = time.process_time()
        frames = sum(len(feed(data)) for data in reads)
        best = min(best, time.process_time() - start)
    assert frames >= LINES - 1, frames  # the last may wait for close()
    return best / LINES * 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    lf = (MESSAGE + b"\n") * LINES
    counted = (b"%d %s" % (len(MESSAGE), MESSAGE)) * LINES
    for name, make, stream in (
        ("tcp, LF frames", lambda: Deframer(MAX_FRAME).feed, lf),
        ("tcp, octet-counted frames", lambda: Deframer(MAX_FRAME).feed, counted),
        ("file lines", lambda: LineSplitter(MAX_FRAME).feed, lf),
    ):
        ns = best_ns_per_frame(make, stream, args.repeat)
        print(f"{name:28} {ns:6.0f} ns per frame")


if __name__ == "__main__":
    main()
