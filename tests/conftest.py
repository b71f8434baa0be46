"""Fixtures every test may use, and the markers that give the fast loop.

Markers, set here from where a test lives and what it uses:

- ``e2e``: a real ``insyt run`` process (the ``daemon``/``daemon_factory``
  fixtures) or the tests under ``tests/e2e/`` (rsyslog, lifecycle, Chromium);
- ``package``: the tests under ``tests/package/``, which build the .deb and,
  as root, install and purge it;
- ``training``: the tests under ``tests/training/`` (the generator, the
  trainer, evaluation: build-time code the daemon never imports).

``pytest -m "not e2e and not package"`` is the fast loop, and with
``and not training`` the run-time code alone; ``make test`` runs everything.
The helpers (the daemon process, mosquitto, Chromium, the package machine)
live in ``tests/harness/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from harness.daemon import Daemon

from insyt.detect import DEFAULT_DIR

TESTS = Path(__file__).resolve().parent
DAEMON_FIXTURES = {"daemon", "daemon_factory"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = Path(str(item.path)).relative_to(TESTS).parts[0]
        if folder == "package":
            item.add_marker(pytest.mark.package)
        elif folder == "training":
            item.add_marker(pytest.mark.training)
        elif folder == "e2e" or DAEMON_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def daemon_factory(tmp_path: Path) -> Iterator[Callable[..., Daemon]]:
    started: list[Daemon] = []

    def make(**overrides: dict[str, Any]) -> Daemon:
        d = Daemon(tmp_path, **overrides)
        started.append(d)
        return d

    yield make
    for d in started:
        if d.proc is not None and d.proc.poll() is None:
            d.proc.kill()
            d.proc.wait()


@pytest.fixture
def daemon(daemon_factory: Callable[..., Daemon]) -> Daemon:
    return daemon_factory().start()


@pytest.fixture(scope="session")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb of the working tree, built once per session (slow: minutes)."""
    from harness.package import build_deb

    return build_deb(tmp_path_factory.mktemp("deb"))


@pytest.fixture(scope="session")
def model_dir() -> Path:
    """The classifier the tests run against: the bundled one, or INSYT_TEST_MODEL."""
    path = Path(os.environ.get("INSYT_TEST_MODEL") or DEFAULT_DIR)
    if not (path / "model.onnx").is_file():
        pytest.fail(f"no model at {path}: these tests run against the bundled model, which "
                    "`insyt train --out insyt/model` writes (INSYT_TEST_MODEL=DIR for another)")
    return path
