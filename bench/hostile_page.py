"""How long a page of hostile lines holds the event loop.

Usage::

    .venv/bin/python bench/hostile_page.py [--lines 500] [--chars 21000] [--requests 5]

Stores ``--lines`` lines of ``--chars`` characters each, zero-width spaces
(U+200B) or a mix of invisible format characters, through the daemon's own
writer, then serves ``/events?limit=N``, ``/api/events?limit=N`` and one
incident page whose evidence is such lines from the real app on an
in-process server, asked by curl (so that no client shares the loop).  A
ticker on the server's loop records the longest gap between its 1 ms ticks
while each request runs: the time ingest (which shares the loop) would stand
still.  Prints p50 and max of the request time and of that gap, and the
page size; no assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from aiohttp.test_utils import TestServer

from insyt import config as configuration
from insyt.daemon import Daemon
from insyt.incidents import persistence
from insyt.incidents.tracker import Evidence, Incident, Source
from insyt.ingest.intake import Chunk
from insyt.ingest.stats import InputStats
from insyt.record import Record
from insyt.taxonomy import BY_NAME
from insyt.web.app import make_app

KINDS = {
    "zwsp": "\u200b",
    "mixed": "\u200b\u00ad\U000e0041\u2066\u200d\ufe0f",  # no two alike in a row
}


class Ticker:
    """The longest the loop went without running a 1 ms timer."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.worst = max(self.worst, now - last)
            last = now

    def start(self) -> None:
        self.worst = 0.0
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> float:
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        return self.worst


async def main(lines: int, chars: int, requests: int, kind: str) -> None:
    tmp = Path(tempfile.mkdtemp())
    config = configuration.from_dict({
        "syslog": {"udp": [], "tcp": []}, "storage": {"path": str(tmp / "insyt.db")},
        "classifier": {"enabled": False}})
    daemon = Daemon(config)
    await daemon.writer.open()
    unit = KINDS[kind]
    text = (unit * (chars // len(unit) + 1))[:chars]
    now = time.time()
    records = [Record(now + i, "tcp", "127.0.0.1:1", 1, 5, now + i, "h", "app", None, None,
                      None, text, text.encode(), 0) for i in range(lines)]
    await daemon.writer.in_db(daemon.store.write, [Chunk(InputStats("bench"), records)])
    cat = BY_NAME["webshell"]
    evidence = tuple(Evidence(i + 1, now + i, "h", "app", text) for i in range(20))
    inc = Incident(id="bench", category=cat.name, severity=cat.severity, mitre=cat.mitre,
                   source=Source("h/app", None, ("h",), ("app",), ()), first_seen=now,
                   last_seen=now + lines, event_count=lines, confidence=0.9,
                   evidence=evidence, state="open")
    await daemon.writer.in_db(persistence.save, [inc])
    server = TestServer(make_app(daemon, "", daemon.store.path))
    await server.start_server()
    ticker = Ticker()
    print(f"{lines} lines x {chars:,} characters ({kind})")
    for path in (f"/events?limit={lines}", f"/api/events?limit={lines}", "/alerts/bench"):
        times, gaps = [], []
        size = 0
        for _ in range(requests + 1):  # the first one warms up
            ticker.start()
            started = time.perf_counter()
            curl = await asyncio.create_subprocess_exec(
                "curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                f"http://127.0.0.1:{server.port}{path}", stdout=asyncio.subprocess.PIPE)
            out, _ = await curl.communicate()
            times.append(time.perf_counter() - started)
            gaps.append(await ticker.stop())
            code, size_text = out.decode().split()
            assert code == "200", (path, code)
            size = int(size_text)
        times, gaps = times[1:], gaps[1:]
        print(f"  {path:28} request p50 {statistics.median(times) * 1000:7.0f} ms "
              f"max {max(times) * 1000:7.0f} ms | loop stalled p50 "
              f"{statistics.median(gaps) * 1000:7.0f} ms max {max(gaps) * 1000:7.0f} ms | "
              f"{size / 1e6:6.2f} MB")
    await server.close()
    await daemon.writer.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--chars", type=int, default=21_000)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--kind", choices=sorted(KINDS), default="zwsp")
    args = parser.parse_args()
    asyncio.run(main(args.lines, args.chars, args.requests, args.kind))
