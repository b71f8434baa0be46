"""What the package tests share: commands with readable failures, the .deb
built from the working tree, and a Debian system booted with systemd as PID 1
in a container, where the unit runs as it would on an appliance."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import uuid
from pathlib import Path

from harness.daemon import REPO, wait_for
from insyt import __version__

CLEAN_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
             "DEBIAN_FRONTEND": "noninteractive"}


def sh(*cmd: str | Path, check: bool = True, timeout: float | None = None,
       env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure show the end of what it printed."""
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                          timeout=timeout, env=env)
    if check:
        output = (proc.stdout + proc.stderr)[-6000:]  # a build's log is long; its end says why
        assert proc.returncode == 0, f"{cmd} exited {proc.returncode}:\n{output}"
    return proc


def build_deb(out: Path) -> Path:
    """The .deb of the working tree as it is now (scripts/build-deb)."""
    sh(REPO / "scripts" / "build-deb", out, timeout=1500)
    (found,) = out.glob(f"insyt_{__version__}-*_amd64.deb")
    return found


# Runs in a mount namespace of its own (unshare): the overlay is invisible to
# every other process here (no one's cleanup of temporary directories can walk
# into it) and vanishes with the container, however the test ends.
BOOT = """
layers=$1; shift
mount -t tmpfs -o size=2g,mode=0755 tmpfs "$layers"
mkdir "$layers/upper" "$layers/work" "$layers/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$layers/upper,workdir=$layers/work" \\
    "$layers/root"
exec systemd-nspawn --quiet --directory="$layers/root" "$@"
"""


class Machine:
    """This machine's Debian booted in a systemd-nspawn container.

    The container's root is an overlay of this machine's root file system
    with a tmpfs on top, so everything installed here is there and every
    write inside vanishes with the container; its network namespace is
    private (the service binds the real port 514 without meeting anyone's).
    Commands run inside through nsenter, as root of the container.
    """

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.name = f"insyt-test-{uuid.uuid4().hex[:8]}"
        self.log = tmp / "nspawn.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def boot(self) -> Machine:
        layers = self.tmp / "layers"
        layers.mkdir()
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                ["unshare", "--mount", "--propagation=private", "sh", "-euc", BOOT, "machine",
                 str(layers),
                 f"--machine={self.name}", f"--uuid={uuid.uuid4().hex}",
                 "--private-network", "--console=read-only", "--link-journal=no",
                 # No systemd on this machine's side to register with or to
                 # ask for a scope unit.
                 "--register=no", "--keep-unit", "--boot"],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        wait_for(self._booted, timeout=120, interval=0.5)
        return self

    @property
    def root(self) -> Path:
        """The container's / as seen from here."""
        leader = self.leader()
        assert leader is not None, "container not running"
        return Path(f"/proc/{leader}/root")

    def _booted(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"container exited {self.proc.returncode}:\n"
                                 + self.log.read_text(errors="replace")[-4000:])
        if self.leader() is None:
            return False
        state = self.run("systemctl", "is-system-running", check=False).stdout.strip()
        return state in ("running", "degraded")

    def leader(self) -> int | None:
        """PID, on this machine, of the container's systemd (nspawn's child)."""
        assert self.proc is not None
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            pids = children.read_text().split()
        except OSError:
            return None
        return int(pids[0]) if pids else None

    def run(self, *cmd: str, check: bool = True,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
        leader = self.leader()
        assert leader is not None, "container not running"
        return sh("nsenter", f"--target={leader}", "--mount", "--uts", "--ipc", "--net",
                  "--pid", "--cgroup", "--", *cmd, check=check, timeout=timeout, env=CLEAN_ENV)

    def show(self, unit: str, prop: str) -> str:
        return self.run("systemctl", "show", "--value", "-p", prop, unit).stdout.strip()

    def shutdown(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # nspawn asks the container's systemd to halt
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        # nspawn leaves its bookkeeping here when this machine's /run is no tmpfs.
        shutil.rmtree(f"/run/systemd/nspawn/propagate/{self.name}", ignore_errors=True)

    @staticmethod
    def available() -> str | None:
        """Why a container cannot boot here, or None."""
        if os.geteuid() != 0:
            return "booting a container needs root"
        if shutil.which("systemd-nspawn") is None:
            return "systemd-nspawn missing (systemd-container; scripts/bootstrap test installs it)"
        return None
