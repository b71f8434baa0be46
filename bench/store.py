"""Store benchmark: lines/s into the event table, rowid-only against insyt's layout.

Usage::

    .venv/bin/python bench/store.py [--rows 200000] [--batch 5000]

Issue 18 measures the store against the practical limit of SQLite on the
machine of the run: the same rows inserted into the event table with no
index at all.  Each layout gets a fresh database made by
:meth:`insyt.store.database.Store.open` (WAL, ``synchronous=full`` as
shipped) and the same rows (lines of :mod:`insyt.training.synth`, parsed by
the daemon's parser), committed in transactions of ``--batch`` rows:

- ``rowid only``: the writer's multi-row INSERT on a plain connection, every
  index of the event table dropped first;
- ``insyt``: :meth:`Store.write`, the writer thread's own call, on the
  schema as shipped.

Prints rows/s per layout and insyt's share of the rowid-only figure; no
assertions (the machine is shared: compare the two figures of one run).
"""

from __future__ import annotations

import argparse
import itertools
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from insyt.config import StorageConfig
from insyt.ingest.intake import Chunk
from insyt.ingest.parser import parse
from insyt.ingest.stats import InputStats
from insyt.record import Record
from insyt.store.database import ROWS_PER_INSERT, Store, insert_events
from insyt.training.synth import generate

POOL = 5_000  # distinct generated lines, repeated to --rows
Writer = Callable[[list[Record]], None]


def lines(rows: int) -> list[Record]:
    pool = [parse(s.line, received=0.0, transport="tcp", peer="192.0.2.1:514")
            for s in generate(POOL, seed=3, attack_fraction=0.1)]
    start = time.time()
    return [pool[i % POOL]._replace(received=start + i / 100_000) for i in range(rows)]


def rowid_only(store: Store) -> Writer:
    """A plain sqlite3 connection inserting into the event table, its indexes dropped."""
    store.close()
    conn = sqlite3.connect(store.path, isolation_level=None)
    conn.execute("PRAGMA synchronous = full")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                "AND tbl_name = 'event' AND sql IS NOT NULL").fetchall():
        conn.execute(f'DROP INDEX "{name}"')

    def write(batch: list[Record]) -> None:
        conn.execute("BEGIN")
        for start in range(0, len(batch), ROWS_PER_INSERT):
            rows = batch[start : start + ROWS_PER_INSERT]
            conn.execute(insert_events(len(rows)), list(itertools.chain.from_iterable(rows)))
        conn.execute("COMMIT")

    return write


def through_store(store: Store) -> Writer:
    stats = InputStats("bench")
    return lambda batch: store.write([Chunk(stats, batch)])


def timed(write: Writer, records: list[Record], batch: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(records), batch):
        write(records[start : start + batch])
    return len(records) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=5_000)
    args = parser.parse_args()
    records = lines(args.rows)
    layouts: list[tuple[str, Callable[[Store], Writer]]] = [
        ("rowid only", rowid_only), ("insyt", through_store)]
    print(f"# {args.rows:,} rows, transactions of {args.batch:,}, WAL, synchronous=full")
    figures = {}
    with tempfile.TemporaryDirectory(prefix="insyt-store-bench-") as tmp:
        for n, (name, make) in enumerate(layouts):
            store = Store(StorageConfig(path=str(Path(tmp) / f"{n}.db"), synchronous="full"))
            store.open()
            figures[name] = timed(make(store), records, args.batch)
            store.close()
            print(f"{name:12} {figures[name]:>10,.0f} rows/s", flush=True)
    print(f"insyt / rowid only: {figures['insyt'] / figures['rowid only']:.2f}")


if __name__ == "__main__":
    main()
