"""A real rsyslogd forwards lines it follows with imfile to the daemon:
RFC 5424 octet-counted over TCP and RSYSLOG_ForwardFormat over UDP, the two
set-ups admins copy from rsyslog's documentation."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness.daemon import Daemon, wait_for

RSYSLOGD = shutil.which("rsyslogd") or "/usr/sbin/rsyslogd"

CONFIG = """
global(workDirectory="{work}")
module(load="imfile" mode="polling" PollingInterval="1")
input(type="imfile" File="{source}" Tag="webapp" Severity="warning" Facility="local3"
      ruleset="forward")
ruleset(name="forward") {{
  action(type="omfwd" target="127.0.0.1" port="{port}" protocol="tcp"
         TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
  action(type="omfwd" target="127.0.0.1" port="{port}" protocol="udp"
         template="RSYSLOG_ForwardFormat")
}}
"""


@pytest.fixture
def rsyslogd(daemon: Daemon, tmp_path: Path) -> Iterator[Path]:
    assert Path(RSYSLOGD).exists(), "rsyslog is installed by `make test` (scripts/bootstrap)"
    work = tmp_path / "rsyslog"
    work.mkdir()
    source = tmp_path / "app.log"
    source.touch()
    conf = tmp_path / "rsyslog.conf"
    conf.write_text(CONFIG.format(work=work, source=source, port=daemon.port))
    check = subprocess.run([RSYSLOGD, "-N1", "-f", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([RSYSLOGD, "-n", "-f", str(conf), "-i", str(work / "pid")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    yield source
    proc.terminate()
    proc.wait(timeout=10)


def test_rsyslog_forwards_over_tcp_and_udp(daemon: Daemon, rsyslogd: Path) -> None:
    lines = [f"login failed for user admin from 198.51.100.{i}" for i in range(20)]
    with rsyslogd.open("a") as fh:
        fh.write("".join(line + "\n" for line in lines))
    wait_for(lambda: daemon.counters()["stored"] >= 40, timeout=30)
    rows = daemon.rows()
    for transport in ("tcp", "udp"):
        got = [r for r in rows if r["transport"] == transport]
        assert [r["message"] for r in got] == lines, transport
        for r in got:
            assert (r["facility"], r["severity"]) == (19, 4)  # local3.warning
            assert r["app"] == "webapp"
            assert r["host"]
            assert r["flags"] == 0
    tcp = [r for r in rows if r["transport"] == "tcp"]
    assert tcp[0]["raw"].startswith(b"<156>1 ")  # RFC 5424, VERSION 1
    assert daemon.counters()["parse_errors"] == 0
