"""Attack and benign syslog traffic the end-to-end tests send, and the alerts they read back."""

from __future__ import annotations

import socket
from typing import Any

from harness.daemon import Daemon
from harness.mqtt import Subscriber

ATTACKER = "203.0.113.77"
OTHER_ATTACKER = "198.51.100.23"
FAILED = ("<38>Nov 24 10:00:{s:02d} web1 sshd[{pid}]: Failed password for root from "
          + ATTACKER + " port {port} ssh2\n")
BENIGN = ("<86>Nov 24 10:00:{s:02d} web1 CRON[{pid}]: pam_unix(cron:session): session opened "
          "for user backup(uid=34) by (uid=0)\n")
WEBSHELL = ('<134>Nov 24 10:01:00 web1 apache2: ' + ATTACKER + ' - - [24/Nov/2026:10:01:00 +0000] '
            '"GET /wp-content/uploads/cmd.php?cmd=cat%20/etc/passwd HTTP/1.1" 200 1832 "-" '
            '"python-requests/2.31.0"\n')


def send(daemon: Daemon, lines: list[str]) -> None:
    with socket.create_connection(("127.0.0.1", daemon.port)) as s:
        s.sendall("".join(lines).encode())


def brute_force_burst(n: int = 30) -> list[str]:
    return [FAILED.format(s=i % 60, pid=1000 + i, port=40000 + i) for i in range(n)]


def alerts(subscriber: Subscriber, action: str | None = None) -> list[dict[str, Any]]:
    found = [doc for _, doc in subscriber.alerts()]
    return [d for d in found if action is None or d["event"]["action"] == action]
