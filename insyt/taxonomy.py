"""What the classifier can say about a line, and what each answer means.

Thirteen categories: ``benign`` and twelve kinds of attack, each mapped to
MITRE ATT&CK techniques and a severity.  The generator labels with them, the
trainer learns them, the runtime reports them, incidents and alerts carry
their MITRE ids.  AIT-LDS labels (the research prototype's training data)
map onto them through :func:`from_ait_labels`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4


@dataclass(frozen=True)
class Category:
    name: str
    severity: Severity
    mitre: tuple[str, ...]  # ATT&CK technique ids, most specific first
    summary: str


CATEGORIES: tuple[Category, ...] = (
    Category("benign", Severity.INFO, (), "Normal operation."),
    Category("brute_force", Severity.MEDIUM, ("T1110.001", "T1110.003", "T1110"),
             "Repeated failed logins against a service (guessing or spraying passwords)."),
    Category("network_scan", Severity.LOW, ("T1046",),
             "Probing for open ports and services (firewall drops, nmap, connection resets)."),
    Category("web_scan", Severity.LOW, ("T1595.002", "T1595.003"),
             "Automated crawling for vulnerable paths and software (nikto, dirb, wpscan)."),
    Category("web_exploit", Severity.HIGH, ("T1190",),
             "An exploit payload against a web application (SQL injection, path traversal, "
             "command injection, XSS, deserialisation)."),
    Category("webshell", Severity.CRITICAL, ("T1505.003", "T1059"),
             "A web shell uploaded or used to run commands on the server."),
    Category("privilege_escalation", Severity.HIGH, ("T1548.003", "T1068", "T1078.003"),
             "Gaining root or another user's rights (sudo abuse, su, exploited binaries)."),
    Category("credential_access", Severity.HIGH, ("T1003.008", "T1110.002", "T1552.001"),
             "Reading or cracking stored credentials (shadow file, key files, hash cracking)."),
    Category("dns_exfiltration", Severity.HIGH, ("T1048.003", "T1071.004"),
             "Data smuggled out in DNS queries (long encoded subdomains, tunnelling tools)."),
    Category("malware_c2", Severity.CRITICAL, ("T1071.001", "T1105", "T1571"),
             "Malware fetching payloads or talking to its command-and-control server."),
    Category("dos", Severity.MEDIUM, ("T1499", "T1498"),
             "Flooding a service to exhaust it (SYN floods, request floods, slowloris)."),
    Category("mail_abuse", Severity.MEDIUM, ("T1566", "T1090"),
             "Abuse of mail services: relay attempts, spam runs, forged senders."),
    Category("recon", Severity.LOW, ("T1589", "T1590", "T1087"),
             "Information gathering: user enumeration, zone transfers, version probes."),
)

BY_NAME = {c.name: c for c in CATEGORIES}
NAMES = tuple(c.name for c in CATEGORIES)
BENIGN = "benign"

# AIT-LDS V2.0 per-line labels (Landauer et al. 2023).  A line often carries
# several; the most specific kind of attack wins (earlier in this table).
# Labels that only say *who* acted ("attacker_http", "foothold",
# "attacker_vpn") map to nothing: the line's category then comes from its
# other labels, and with none it is a benign-looking line of an attack phase.
AIT_LABELS: tuple[tuple[str, str], ...] = (
    ("webshell_upload", "webshell"),
    ("webshell_cmd", "webshell"),
    ("escalated_sudo_session", "privilege_escalation"),
    ("escalated_sudo_command", "privilege_escalation"),
    ("escalated_command", "privilege_escalation"),
    ("attacker_change_user", "privilege_escalation"),
    ("escalate", "privilege_escalation"),
    ("crack_passwords", "credential_access"),
    ("dnsteal-received", "dns_exfiltration"),
    ("dnsteal-dropped", "dns_exfiltration"),
    ("dnsteal", "dns_exfiltration"),
    ("online_cracking", "brute_force"),
    ("wpscan", "web_scan"),
    ("dirb", "web_scan"),
    ("service_scan", "network_scan"),
    ("network_scan", "network_scan"),
    ("traceroute", "recon"),
)
AIT_CONTEXT_LABELS = frozenset({"attacker", "attacker_http", "attacker_vpn", "attacker_dns",
                                "foothold"})


def from_ait_labels(labels: list[str] | tuple[str, ...]) -> str | None:
    """The category of a line with these AIT labels; None when they name none."""
    present = set(labels)
    for label, category in AIT_LABELS:
        if label in present:
            return category
    return None


def is_attack(category: str) -> bool:
    return category != BENIGN
