"""The daemon object in-process, its parts built but not started, with its web
app on a test server: what the page and status tests talk to over HTTP."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from insyt import config as configuration
from insyt.daemon import Daemon
from insyt.web.app import make_app


@contextlib.asynccontextmanager
async def served(tmp_path: Path, token: str = "",
                 **sections: dict[str, Any]) -> AsyncIterator[tuple[Daemon, TestClient]]:  # type: ignore[type-arg]
    """``sections`` of the config beside no listeners and a database in ``tmp_path``."""
    config = configuration.from_dict({
        "syslog": {"udp": [], "tcp": []}, "storage": {"path": str(tmp_path / "insyt.db")},
        "web": {"token": token}, **sections})
    daemon = Daemon(config)
    await daemon.writer.open()
    client = TestClient(TestServer(make_app(daemon, token, daemon.store.path)))
    await client.start_server()
    try:
        yield daemon, client
    finally:
        await client.close()
        await daemon.writer.close()
