"""How many bearer-token guesses the page checks: a guesser's view.

Usage::

    .venv/bin/python bench/token_guess.py [--seconds 3] [--connections 4]

Starts the real daemon (``python -m insyt run``, classifier off) with a
token, then sends wrong ``Authorization: Bearer`` guesses over
``--connections`` keep-alive connections from 127.0.0.1 for ``--seconds``.
Prints guesses per second answered 401 (checked against the token) and 429
(refused unchecked while throttled), and whether the right token still works
from 127.0.0.2 meanwhile.  No assertions.
"""

from __future__ import annotations

import argparse
import http.client
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

TOKEN = "bench-token-0123456789"  # noqa: S105 - the bench's own


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def status(port: int, token: str, source: str = "127.0.0.1",
           conn: http.client.HTTPConnection | None = None) -> int:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, source_address=(source, 0))
    conn.request("GET", "/api/status", headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    response.read()
    if own:
        conn.close()
    return response.status


def main(seconds: float, connections: int) -> None:
    tmp = Path(tempfile.mkdtemp())
    web, syslog = free_port(), free_port()
    config = tmp / "insyt.toml"
    config.write_text(f'[syslog]\nudp = []\ntcp = ["127.0.0.1:{syslog}"]\n'
                      f'[storage]\npath = "{tmp / "insyt.db"}"\n[classifier]\nenabled = false\n'
                      f'[analyst]\nenabled = false\n'
                      f'[web]\nlisten = "127.0.0.1:{web}"\ntoken = "{TOKEN}"\n')
    daemon = subprocess.Popen([sys.executable, "-m", "insyt", "run", "-c", str(config)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                if status(web, TOKEN) == 200:
                    break
            except OSError:
                time.sleep(0.1)
        counts: Counter[int] = Counter()
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def guess() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", web)
            mine: Counter[int] = Counter()
            i = 0
            while time.monotonic() < stop:
                mine[status(web, f"guess-{i:016d}", conn=conn)] += 1
                i += 1
            with lock:
                counts.update(mine)

        threads = [threading.Thread(target=guess) for _ in range(connections)]
        for t in threads:
            t.start()
        time.sleep(seconds / 2)
        other = status(web, TOKEN, source="127.0.0.2")
        for t in threads:
            t.join()
        print(f"{seconds:g} s, {connections} connections: "
              f"{counts[401] / seconds:,.1f} guesses/s checked (401), "
              f"{counts[429] / seconds:,.1f}/s refused unchecked (429); "
              f"right token from 127.0.0.2 meanwhile: {other}")
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(30)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    main(args.seconds, args.connections)
