"""The packaged service under a real systemd: the unit as an appliance runs it.

systemd is not PID 1 on this machine, so the test boots this machine's own
Debian in a systemd-nspawn container (package_harness.Machine: an overlay of
the root file system, private network) and installs the .deb there with
apt-get. What it shows: the postinst starts the service, Type=notify
readiness, port 514 bound through CAP_NET_BIND_SERVICE alone, the journal
read through systemd-journal, the sandbox in force (capabilities, seccomp,
no_new_privs, MemoryDenyWriteExecute and the system-call filter do not break
the daemon), reload validating first, the watchdog restarting a stuck daemon,
and purge with the service running leaving nothing behind.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness.daemon import wait_for
from harness.package import Machine

pytestmark = [
    pytest.mark.root,
    pytest.mark.skipif(Machine.available() is not None, reason=str(Machine.available())),
    pytest.mark.timeout(1800),  # the first test of the session waits for the .deb build
]

MAX_EXPOSURE = 2.0
CAP_NET_BIND_SERVICE = 1 << 10


@pytest.fixture(scope="module")
def machine(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Machine]:
    m = Machine(tmp_path_factory.mktemp("machine"))
    try:
        m.boot()
        # This machine's image forbids starting services from maintainer
        # scripts (policy-rc.d exits 101); an appliance does not.
        m.run("rm", "-f", "/usr/sbin/policy-rc.d")
        target = m.root / "root" / deb.name
        target.write_bytes(deb.read_bytes())
        m.run("apt-get", "install", "-y", "-q", "--no-install-recommends", f"/root/{deb.name}")
        yield m
    finally:
        m.shutdown()


def events(m: Machine, where: str) -> list[dict[str, object]]:
    """Rows of the service's database, read inside the container (SQLite
    resolves /proc/PID/root, so it cannot open the file from here)."""
    script = ("import json, sqlite3, sys; c = sqlite3.connect('/var/lib/insyt/insyt.db'); "
              "c.row_factory = sqlite3.Row; print(json.dumps([{k: r[k] for k in r.keys() "
              "if k != 'raw'} for r in c.execute('SELECT * FROM event WHERE ' + sys.argv[1])]))")
    rows: list[dict[str, object]] = json.loads(m.run("python3", "-c", script, where).stdout)
    return rows


def api_status(m: Machine) -> dict[str, object]:
    script = ("import urllib.request; "
              "print(urllib.request.urlopen('http://127.0.0.1:8514/api/status').read().decode())")
    result: dict[str, object] = json.loads(m.run("python3", "-c", script).stdout)
    return result


def test_install_starts_the_service_and_it_collects(machine: Machine) -> None:
    wait_for(lambda: machine.show("insyt", "ActiveState") == "active", timeout=60)
    assert machine.show("insyt", "NRestarts") == "0"
    # Type=notify: the STATUS= line the daemon sends.
    wait_for(lambda: "received" in machine.show("insyt", "StatusText"), timeout=30)

    lines = {"tcp": "Failed password for root from 203.0.113.9 port 22 ssh2",
             "udp": "session opened for user root by (uid=0)",
             "journal": "Accepted publickey for deploy from 192.0.2.44 port 50022 ssh2"}
    machine.run("logger", "-n", "127.0.0.1", "-P", "514", "-T", "--octet-count", "--rfc5424",
                "-t", "sshd", lines["tcp"])
    machine.run("logger", "-n", "127.0.0.1", "-P", "514", "-d", "--rfc3164", "-t", "CRON",
                lines["udp"])
    machine.run("logger", "-t", "sshd", lines["journal"])  # to journald, read back by insyt

    def classified() -> dict[str, dict[str, object]] | None:
        found = {r["message"]: r for r in events(machine, "label IS NOT NULL")
                 if r["message"] in lines.values()}
        return found if len(found) == len(lines) else None

    rows = wait_for(classified, timeout=60)
    assert rows[lines["tcp"]]["transport"] == "tcp"
    assert rows[lines["udp"]]["transport"] == "udp"
    assert rows[lines["journal"]]["transport"] == "journald"
    assert rows[lines["tcp"]]["label"] != "benign"
    counters = api_status(machine)["counters"]
    assert isinstance(counters, dict) and counters["dropped"] == 0


def test_the_sandbox_is_in_force(machine: Machine) -> None:
    pid = machine.show("insyt", "MainPID")
    status = dict(line.split(":\t", 1) for line in
                  machine.run("cat", f"/proc/{pid}/status").stdout.splitlines() if ":\t" in line)
    uid = machine.run("id", "-u", "insyt").stdout.strip()
    assert status["Uid"].split() == [uid] * 4
    groups = machine.run("id", "-G", "insyt").stdout.split()
    journal_gid = machine.run("getent", "group", "systemd-journal").stdout.split(":")[2]
    assert journal_gid in status["Groups"].split() and journal_gid in groups
    for caps in ("CapEff", "CapPrm", "CapBnd", "CapAmb"):
        assert int(status[caps], 16) == CAP_NET_BIND_SERVICE, caps
    assert status["NoNewPrivs"].strip() == "1"
    assert status["Seccomp"].strip() == "2"  # a filter is installed
    # The live unit, as systemd applied it.
    report = machine.run("systemd-analyze", "security", "--no-pager", "insyt.service").stdout
    exposure = re.search(r"Overall exposure level for insyt\.service: (\d+\.\d+)", report)
    assert exposure and float(exposure.group(1)) <= MAX_EXPOSURE, report
    # The only place it may write.
    assert machine.run("stat", "-c", "%U %a", "/var/lib/insyt").stdout.split() == ["insyt", "750"]


def test_reload_validates_before_signalling(machine: Machine) -> None:
    pid = machine.show("insyt", "MainPID")
    config = machine.root / "etc" / "insyt" / "insyt.toml"
    good = config.read_text()
    try:
        config.write_text(good + "\nno_such_key = 1\n")
        assert machine.run("systemctl", "reload", "insyt", check=False).returncode != 0
        assert machine.show("insyt", "ActiveState") == "active"
        assert machine.show("insyt", "MainPID") == pid  # untouched by the broken file
    finally:
        config.write_text(good)
    machine.run("systemctl", "reload", "insyt")
    log = machine.run("journalctl", "-u", "insyt", "--no-pager", "-o", "cat").stdout
    assert "no_such_key" in log and "configuration reloaded" in log
    assert machine.show("insyt", "MainPID") == pid


def test_the_watchdog_restarts_a_stuck_daemon(machine: Machine) -> None:
    # A shorter watchdog for the test; the shipped 30 s works the same way.
    dropin = "/run/systemd/system/insyt.service.d"
    machine.run("mkdir", "-p", dropin)
    machine.run("sh", "-c", f"printf '[Service]\\nWatchdogSec=3s\\nTimeoutAbortSec=5s\\n' "
                            f"> {dropin}/watchdog.conf")
    machine.run("systemctl", "daemon-reload")
    machine.run("systemctl", "restart", "insyt")
    restarts = int(machine.show("insyt", "NRestarts"))
    pid = machine.show("insyt", "MainPID")
    time.sleep(8)  # more than two watchdog periods: the daemon's pings keep it alive
    assert machine.show("insyt", "MainPID") == pid
    machine.run("kill", "-STOP", pid)  # a loop that stops turning stops the pings
    wait_for(lambda: int(machine.show("insyt", "NRestarts")) == restarts + 1, timeout=60)
    wait_for(lambda: machine.show("insyt", "ActiveState") == "active", timeout=60)
    assert machine.show("insyt", "MainPID") != pid
    machine.run("rm", "-rf", dropin)
    machine.run("systemctl", "daemon-reload")


def test_mqtt_reaches_the_local_broker_from_the_sandbox(machine: Machine) -> None:
    """The Recommends: mosquitto set-up: name resolution and TCP out of the
    sandbox (RestrictAddressFamilies has no AF_NETLINK for getaddrinfo)."""
    # scripts/bootstrap test installs mosquitto here, so the container has it enabled.
    wait_for(lambda: machine.show("mosquitto", "ActiveState") == "active", timeout=30)
    config = machine.root / "etc" / "insyt" / "insyt.toml"
    text, count = re.subn(r'(?m)^url = ""', 'url = "mqtt://localhost:1883"', config.read_text())
    assert count == 1
    config.write_text(text)
    machine.run("systemctl", "restart", "insyt")
    status = machine.run("mosquitto_sub", "-h", "localhost", "-t", "insyt/+/status",
                         "-C", "1", "-W", "30").stdout.strip()
    assert status == "online"


def test_reinstall_keeps_the_admins_config_and_the_data(machine: Machine) -> None:
    """What an upgrade does: the maintainer scripts run again over a live system."""
    config = machine.root / "etc" / "insyt" / "insyt.toml"
    edited = config.read_text()
    assert 'url = "mqtt://localhost:1883"' in edited  # the admin's change (test above)
    before = len(events(machine, "1"))
    pid = machine.show("insyt", "MainPID")
    deb = next((machine.root / "root").glob("insyt_*.deb"))
    machine.run("apt-get", "install", "-y", "-q", "--reinstall", f"/root/{deb.name}")
    assert config.read_text() == edited
    wait_for(lambda: machine.show("insyt", "ActiveState") == "active", timeout=60)
    assert machine.show("insyt", "MainPID") != pid  # restarted on the new files
    assert len(events(machine, "1")) >= before
    st = machine.run("stat", "-c", "%U:%G %a", "/etc/insyt/insyt.toml").stdout.split()
    assert st == ["root:insyt", "640"]


def test_purge_with_the_service_running_leaves_nothing(machine: Machine) -> None:
    assert machine.show("insyt", "ActiveState") == "active"
    uid = machine.run("id", "-u", "insyt").stdout.strip()
    machine.run("apt-get", "purge", "-y", "-q", "insyt")
    assert machine.run("pgrep", "-u", uid, check=False).returncode == 1  # prerm stopped it
    assert machine.run("getent", "passwd", "insyt", check=False).returncode == 2
    assert machine.run("getent", "group", "insyt", check=False).returncode == 2
    for gone in ("/etc/insyt", "/var/lib/insyt", "/usr/lib/insyt", "/usr/bin/insyt",
                 "/lib/systemd/system/insyt.service",
                 "/etc/systemd/system/multi-user.target.wants/insyt.service"):
        assert machine.run("test", "-e", gone, check=False).returncode == 1, gone
    assert machine.show("insyt", "LoadState") == "not-found"
