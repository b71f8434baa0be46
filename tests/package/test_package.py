"""The Debian package, built, checked, installed, run, removed and purged on this machine.

The package tests install into the real system (apt-get, dpkg, adduser), so
they need root and skip otherwise; CI runs as root. The .deb is built once per
test session from the working tree (scripts/build-deb), never reused from an
earlier run. systemd is not PID 1 here, so the installed daemon is started the
way the unit would start it (user insyt, its groups, no capabilities, the
unit's umask, a notify socket and a watchdog interval in the environment)
rather than through systemctl; the unit itself is checked with
systemd-analyze here and runs under a real systemd in test_package_systemd.py.
Every test binds free ports only, and the module always ends
with the package purged, even when a test fails.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness.daemon import REPO, free_port, wait_for
from harness.package import CLEAN_ENV, sh

from insyt import __version__

DEBIAN = REPO / "packaging" / "debian"
UNIT = REPO / "systemd" / "insyt.service"
RSYSLOGD = shutil.which("rsyslogd") or "/usr/sbin/rsyslogd"
STATE = Path("/var/lib/insyt")
CONFIG = Path("/etc/insyt/insyt.toml")
EXAMPLE = Path("/usr/share/doc/insyt/examples/rsyslog-forward.conf")
MAX_EXPOSURE = 2.0  # systemd-analyze security, 0 (locked down) to 10 (unconfined)

needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="installs the .deb system-wide: needs root (CI runs as root)")
# Building the package (pip installs the venv) takes minutes on two cores.
slow = pytest.mark.timeout(1800)


def apt_get(*args: str) -> subprocess.CompletedProcess[str]:
    # Other sessions on this machine may hold the dpkg lock for a while.
    return sh("apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=600", *args, env=CLEAN_ENV)


def package_state() -> str:
    """dpkg's status of insyt: "" when dpkg never heard of it or it was purged."""
    proc = sh("dpkg-query", "-W", "-f=${Status}", "insyt", check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def installed_here() -> bool:
    return package_state() not in ("", "unknown ok not-installed", "deinstall ok not-installed")


def purged() -> bool:
    return package_state() in ("", "unknown ok not-installed")


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


# --- checks that need no installation -------------------------------------


def test_changelog_names_the_python_package_version() -> None:
    first = (DEBIAN / "changelog").read_text().splitlines()[0]
    match = re.match(r"insyt \(([^)-]+)-\d+\)", first)
    assert match, first
    assert match.group(1) == __version__


def test_every_lintian_override_has_a_reason() -> None:
    blocks = (DEBIAN / "insyt.lintian-overrides").read_text().strip().split("\n\n")
    for block in blocks:
        lines = block.splitlines()
        assert lines[0].startswith("#"), f"override without a reason comment:\n{block}"
        overrides = [line for line in lines if not line.startswith("#")]
        assert all(line.startswith("insyt: ") for line in overrides), block


def test_unit_exposure_is_at_most_two() -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    proc = sh(analyze, "security", "--offline=true", "--no-pager", UNIT, check=False)
    match = re.search(r"Overall exposure level for insyt\.service: (\d+\.\d+)", proc.stdout)
    assert match, proc.stdout + proc.stderr
    assert float(match.group(1)) <= MAX_EXPOSURE, proc.stdout


# --- the built package ----------------------------------------------------


@needs_root
@slow
def test_lintian_reports_no_errors(deb: Path) -> None:
    proc = sh("lintian", "--fail-on", "error", "--tag-display-limit", "0", deb, check=False)
    errors = [line for line in proc.stdout.splitlines() if line.startswith("E:")]
    assert proc.returncode == 0 and not errors, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def installed(deb: Path) -> Iterator[Path]:
    """The package installed with apt-get as an admin would; purged afterwards
    whatever happened."""
    if installed_here():
        pytest.fail("insyt is already installed on this machine; this test installs and "
                    "purges it, so remove it first (apt-get purge insyt)")
    try:
        # Recommends (mosquitto) left out: what the test installs, the test purges.
        apt_get("install", "--no-install-recommends", str(deb))
        yield deb
    finally:
        if not purged():
            apt_get("purge", "insyt")


@needs_root
@slow
def test_installed_files_user_and_permissions(installed: Path) -> None:
    assert package_state() == "install ok installed"
    assert os.path.realpath("/usr/bin/insyt") == "/usr/lib/insyt/bin/insyt"
    assert sh("/usr/bin/insyt", "--version").stdout.strip() == f"insyt {__version__}"
    venv = Path("/usr/lib/insyt/pyvenv.cfg").read_text()
    assert "home = /usr/bin" in venv  # Debian's interpreter, as the Depends say
    # Every run-time data file of the package (model, templates, ...) is in
    # the venv, byte for byte: the build takes what git tracks or would track.
    site = Path("/usr/lib/insyt/lib/python3.11/site-packages")
    data = sh("git", "-C", REPO, "ls-files", "--cached", "--others", "--exclude-standard",
              "insyt").stdout.split()
    data = [f for f in data if not f.endswith(".py") and (REPO / f).exists()
            and not f.startswith("insyt/training/")]
    assert "insyt/model/model.onnx" in data
    for name in data:
        assert (site / name).read_bytes() == (REPO / name).read_bytes(), name
    # Build-time code stays in the checkout, and its commands say so.
    assert not (site / "insyt" / "training").exists()
    for command in ("synth", "train", "eval", "model"):
        args = ["/usr/bin/insyt", command, *(["x", "--split", "all"] if command == "eval" else [])]
        done = subprocess.run(args, capture_output=True, text=True, env=CLEAN_ENV, check=False)
        assert done.returncode == 2, (command, done.stderr)
        assert "build-time tool" in done.stderr and "checkout" in done.stderr, done.stderr

    user = pwd.getpwnam("insyt")
    assert user.pw_uid < 1000, "a system user"
    assert user.pw_shell == "/usr/sbin/nologin"
    assert user.pw_dir == str(STATE)
    assert grp.getgrgid(user.pw_gid).gr_name == "insyt"
    assert "insyt" in grp.getgrnam("systemd-journal").gr_mem

    state = STATE.stat()
    assert (state.st_uid, state.st_gid, state.st_mode & 0o7777) == (user.pw_uid, user.pw_gid,
                                                                     0o750)
    config = CONFIG.stat()
    assert (config.st_uid, config.st_gid, config.st_mode & 0o7777) == (0, user.pw_gid, 0o640)
    assert CONFIG.read_text() == (REPO / "conf" / "insyt.toml").read_text()
    conffiles = sh("dpkg-query", "-W", "-f=${Conffiles}", "insyt").stdout
    assert str(CONFIG) in conffiles

    assert Path("/lib/systemd/system/insyt.service").read_text() == UNIT.read_text()
    assert Path("/etc/systemd/system/multi-user.target.wants/insyt.service").is_symlink()
    assert EXAMPLE.read_text() == (REPO / "conf" / "rsyslog-forward.conf").read_text()
    assert Path("/usr/share/man/man1/insyt.1.gz").is_file()
    # The service account runs the installed command against the shipped config.
    sh("setpriv", "--reuid=insyt", "--regid=insyt", "--init-groups", "--",
       "/usr/bin/insyt", "check-config", "-c", CONFIG)


@needs_root
@slow
def test_unit_verifies_against_the_installed_package(installed: Path) -> None:
    proc = sh("systemd-analyze", "verify", "/lib/systemd/system/insyt.service", check=False)
    assert proc.returncode == 0 and not proc.stdout + proc.stderr, proc.stdout + proc.stderr


class Notifications:
    """The sd_notify(3) socket systemd would give a Type=notify service."""

    def __init__(self, path: Path, uid: int) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        os.chown(path, uid, -1)
        self.sock.setblocking(False)
        self.received: list[str] = []

    def drain(self) -> list[str]:
        while True:
            try:
                self.received.extend(self.sock.recv(4096).decode().splitlines())
            except BlockingIOError:
                return self.received

    def close(self) -> None:
        self.sock.close()


def udp_port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def production_config_on(path: Path, syslog_port: int, web_port: int) -> Path:
    """The installed /etc/insyt/insyt.toml with loopback test ports, nothing else changed."""
    text = CONFIG.read_text()
    for key, value in (("udp", f'["127.0.0.1:{syslog_port}"]'),
                       ("tcp", f'["127.0.0.1:{syslog_port}"]'),
                       ("listen", f'"127.0.0.1:{web_port}"')):
        text, count = re.subn(rf"(?m)^{key} = [^#\n]*", f"{key} = {value} ", text)
        assert count == 1, key
    path.write_text(text)
    path.chmod(0o644)
    return path


def rsyslog_config(path: Path, work: Path, in_port: int, insyt_port: int) -> Path:
    """rsyslogd listening on UDP in_port, forwarding with the shipped example."""
    example = EXAMPLE.read_text()
    example, count = re.subn(r'target="insyt\.example\.net" port="514"',
                             f'target="127.0.0.1" port="{insyt_port}"', example)
    assert count == 1, "the example's target line changed; update this test"
    path.write_text(f'global(workDirectory="{work}")\n'
                    f'module(load="imudp")\n'
                    f'input(type="imudp" address="127.0.0.1" port="{in_port}")\n'
                    + example)
    return path


@needs_root
@slow
def test_installed_daemon_stores_and_classifies(installed: Path) -> None:
    user = pwd.getpwnam("insyt")
    tmp = Path(tempfile.mkdtemp(prefix="insyt-package-"))
    tmp.chmod(0o755)  # readable by user insyt, unlike pytest's tmp_path
    port, web_port, rsyslog_port = free_port(), free_port(), free_port()
    config = production_config_on(tmp / "insyt.toml", port, web_port)
    notify = Notifications(tmp / "notify", user.pw_uid)
    work = tmp / "rsyslog"
    work.mkdir()
    rsyslog_conf = rsyslog_config(tmp / "rsyslog.conf", work, rsyslog_port, port)
    sh(RSYSLOGD, "-N1", "-f", rsyslog_conf)
    rsyslogd = subprocess.Popen([RSYSLOGD, "-n", "-f", str(rsyslog_conf), "-i", str(work / "pid")],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = tmp / "daemon.log"
    daemon: subprocess.Popen[bytes] | None = None
    try:
        wait_for(lambda: udp_port_taken(rsyslog_port), timeout=30)
        # Sent while insyt is not running yet: rsyslog's queue keeps them and
        # its retries deliver them once the appliance is up.
        queued = [f"Failed password for invalid user admin from 198.51.100.{i} port 4242 ssh2"
                  for i in (7, 8, 9)]
        for line in queued:
            sh("logger", "-n", "127.0.0.1", "-P", str(rsyslog_port), "-d", "--rfc3164",
               "-t", "sshd", line)

        with log.open("wb") as out:
            daemon = subprocess.Popen(
                ["setpriv", "--reuid=insyt", "--regid=insyt", "--init-groups",
                 "--no-new-privs", "--inh-caps=-all", "--",
                 "/usr/bin/insyt", "run", "-c", str(config)],
                cwd="/", stdout=out, stderr=subprocess.STDOUT, umask=0o077,
                env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
                     "NOTIFY_SOCKET": str(notify.path), "WATCHDOG_USEC": "2000000"})

        def ready() -> bool:
            assert daemon is not None
            if daemon.poll() is not None:
                raise AssertionError(f"daemon exited {daemon.returncode}:\n{log.read_text()}")
            return "READY=1" in notify.drain()

        wait_for(ready, timeout=60)

        direct = [("-T", "--octet-count", "--rfc5424", "sshd",
                   "Failed password for root from 203.0.113.9 port 22 ssh2"),
                  ("-d", "--rfc3164", "CRON", "session opened for user root by (uid=0)")]
        for transport, *options, tag, line in direct:
            sh("logger", "-n", "127.0.0.1", "-P", str(port), transport, *options, "-t", tag, line)

        expected = queued + [line for *_, line in direct]
        db = STATE / "insyt.db"

        def classified_rows() -> dict[str, sqlite3.Row] | None:
            if not db.exists():
                return None
            with sqlite3.connect(db, timeout=10) as conn:
                conn.row_factory = sqlite3.Row
                rows = conn.execute("SELECT * FROM event WHERE label IS NOT NULL").fetchall()
            # rsyslog's RFC 5424 template keeps the space after "sshd:" in MSG;
            # and its TCP forwarding is at-least-once: the line in flight when
            # the connection was refused may arrive twice.
            found = {r["message"].strip(): r for r in rows if r["message"].strip() in expected}
            return found if len(found) == len(expected) else None

        # rsyslog retries a failed forward after action.resumeInterval (10 s).
        try:
            rows = wait_for(classified_rows, timeout=90)
        except AssertionError as exc:
            with sqlite3.connect(db, timeout=10) as conn:
                seen = conn.execute("SELECT transport, message, label FROM event").fetchall()
            raise AssertionError(f"{exc}\nstored: {seen}\n{log.read_text()}") from None
        for line in queued:
            row = rows[line]
            assert row["transport"] == "tcp" and row["app"] == "sshd"
            assert row["raw"].startswith(b"<13>1 ")  # user.notice, RFC 5424 from rsyslog
        assert rows[direct[0][-1]]["transport"] == "tcp"
        assert rows[direct[1][-1]]["transport"] == "udp"
        for line in [*queued, direct[0][-1]]:
            assert rows[line]["label"] != "benign", dict(rows[line])
        for row in rows.values():
            assert 0 < row["confidence"] <= 1 and row["model"]

        with socket.create_connection(("127.0.0.1", web_port), timeout=5) as conn:
            conn.sendall(b"GET /api/status HTTP/1.0\r\nHost: localhost\r\n\r\n")
            reply = b""
            while chunk := conn.recv(65536):
                reply += chunk
        status = json.loads(reply.split(b"\r\n\r\n", 1)[1])
        assert status["counters"]["stored"] >= len(expected)
        assert status["classifier"]["classified"] >= len(expected)

        # The files the service writes stay its own (UMask=0077 in the unit).
        for path in STATE.iterdir():
            st = path.stat()
            assert st.st_uid == user.pw_uid and st.st_mode & 0o077 == 0, path

        assert notify.drain().count("WATCHDOG=1") >= 2  # every WATCHDOG_USEC/2
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=60) == 0, log.read_text()
        assert "STOPPING=1" in notify.drain()
    finally:
        if daemon is not None and daemon.poll() is None:
            daemon.kill()
            daemon.wait()
        rsyslogd.terminate()
        rsyslogd.wait(timeout=10)
        notify.close()
        shutil.rmtree(tmp)


@needs_root
@slow
def test_remove_keeps_state_and_purge_leaves_nothing(installed: Path) -> None:
    """Runs last in this module: it takes the package away."""
    uid = pwd.getpwnam("insyt").pw_uid
    apt_get("remove", "insyt")
    assert package_state() == "deinstall ok config-files"
    for gone in ("/usr/bin/insyt", "/usr/lib/insyt", "/lib/systemd/system/insyt.service"):
        assert not os.path.lexists(gone), gone
    assert CONFIG.is_file(), "remove keeps the conffile"
    assert STATE.is_dir() and user_exists("insyt"), "remove keeps the state and the account"

    apt_get("purge", "insyt")
    assert purged()
    for gone in ("/etc/insyt", str(STATE), "/usr/share/doc/insyt",
                 "/etc/systemd/system/multi-user.target.wants/insyt.service",
                 "/var/lib/systemd/deb-systemd-helper-enabled/insyt.service.dsh-also",
                 "/var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/"
                 "insyt.service"):
        assert not os.path.lexists(gone), gone
    assert not user_exists("insyt") and not group_exists("insyt")
    assert "insyt" not in grp.getgrnam("systemd-journal").gr_mem
    assert "insyt" not in sh("dpkg-statoverride", "--list").stdout
    left = sh("find", "/etc", "/usr", "/var", "/opt", "/srv", "-xdev", "-uid", str(uid),
              check=False).stdout
    assert not left, f"files still owned by the purged account's uid {uid}:\n{left}"
