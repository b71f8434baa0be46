"""Deterministic analyses: what the taxonomy says a category means, filled in
with the incident's own facts, and response steps an admin can act on.

Always available: the daemon uses a playbook when no model is configured,
when the model is late or busy, and when its answer names an address, user
or path the evidence does not hold.  The playbook's answers are also what
the model is fine-tuned to write (:mod:`insyt.training.analyst.dataset`), so they keep
to the rules the validator enforces: every address, user and path in them
comes from the evidence, and a step that needs a fact the evidence lacks is
left out rather than written with a placeholder.
"""

from __future__ import annotations

import re
import string
import time

from insyt.analyst.answer import PLAYBOOK, Analysis
from insyt.analyst.case import Case

MAX_STEPS = 3  # a model writes ~30 tokens a second on two cores: keep answers short
MAX_NAMES = 3  # users listed in one step
MAX_FACT_CHARS = 80  # a command or URL quoted in a step

# Steps per category, most urgent first.  A step names the facts it needs as
# {placeholders}; one whose fact the evidence lacks is skipped.  Placeholders:
# ip, users, path, command, domain, c2 (where malware called: a URL's host or
# a queried domain, never the URL itself, which the validator refuses), where
# (host and app, always there).
STEPS: dict[str, tuple[str, ...]] = {
    "brute_force": (
        "Block {ip} at the firewall or let fail2ban ban it.",
        "Check whether a login from {ip} succeeded; if so, the account is compromised.",
        "Reset the password of {users} and require keys or MFA.",
        "Disable password logins and rate-limit login attempts on {where}.",
        "Look for the same failures from other addresses: spraying spreads over many sources.",
    ),
    "network_scan": (
        "Block or rate-limit {ip} at the perimeter firewall.",
        "Compare the probed ports with the services {where} should expose and close the rest.",
        "Look for connections from {ip} accepted after the scan.",
        "Keep logging dropped packets so that a repeated scan is seen.",
    ),
    "web_scan": (
        "Block {ip} at the web server or WAF and rate-limit clients that collect many 404s.",
        "Check that {path} and the other probed paths are absent or not reachable from outside.",
        "Find the requests from {ip} that got a 200 response: that is what the scanner found.",
        "Patch or remove the web applications and plugins the scanner looked for on {where}.",
    ),
    "web_exploit": (
        "Block {ip} at the web server or WAF now.",
        "Check whether the request to {path} succeeded (status, response size).",
        "Search the web server logs for every other request from {ip}.",
        "Patch the targeted application and add a WAF rule for this payload until it is fixed.",
        "If a request succeeded, treat {where} as compromised: keep the logs, look for new "
        "files and processes.",
    ),
    "webshell": (
        "Quarantine {path}: move it out of the web root, keep a copy.",
        "Block {ip} and list every request it made to the server.",
        "Check what the shell ran: {command}.",
        "Search the web root of {where} for other recently changed scripts; rebuild the server "
        "if commands ran.",
        "Rotate the secrets the web application can read (database passwords, API keys).",
    ),
    "privilege_escalation": (
        "Confirm that {users} was meant to gain these rights; if not, lock it.",
        "Review the command run with elevated rights: {command}.",
        "Audit sudo rules, setuid binaries and group memberships on {where} for changes.",
        "Look for persistence added as root: new accounts, SSH keys, cron jobs, services.",
        "Block {ip} until the session is explained.",
    ),
    "credential_access": (
        "Treat the credentials in {path} as exposed and rotate them.",
        "Reset the passwords and keys of {users}.",
        "Find which process or user read the credentials on {where} and how it had access.",
        "Tighten permissions on credential stores and alert on further reads.",
        "Block {ip} until the access is explained.",
    ),
    "dns_exfiltration": (
        "Isolate the client {ip}: it is sending data out inside DNS queries.",
        "Block the domain {domain} at the resolver and the firewall.",
        "Find the process on the client that makes the queries.",
        "Allow DNS only through the internal resolvers and alert on long, random-looking "
        "query names.",
    ),
    "malware_c2": (
        "Block {c2} at the proxy, DNS resolver and firewall.",
        "Isolate {ip} and preserve its disk and memory before cleaning.",
        "Quarantine {path} and search other hosts for the same file.",
        "Check what ran: {command}.",
        "Rebuild {where} from a known-good image and rotate the credentials used on it.",
    ),
    "dos": (
        "Rate-limit or block {ip} at the edge: firewall, load balancer or web server limits.",
        "Check that the service on {where} still answers; shed or scale load if it does not.",
        "If the traffic comes from many addresses, ask the upstream provider to filter it.",
        "Tune connection and request limits on the service: SYN cookies, per-client limits, "
        "timeouts.",
    ),
    "mail_abuse": (
        "Block {ip} at the mail server and check it against public blocklists.",
        "Reset the password of {users}: a compromised account is a common spam source.",
        "Verify that {where} relays only for authenticated clients and enforces SPF, DKIM and "
        "DMARC.",
        "Check the mail queue for spam waiting to be sent and remove it.",
    ),
    "recon": (
        "Watch {ip}: recon comes before an attack; block it if unknown.",
        "Check that the enumerated {users} has a strong password and no unexpected "
        "logins.",
        "Turn off what the probe used where it is not needed on {where}: zone transfers, "
        "version disclosure, user enumeration.",
        "Look for follow-up activity from the same source in other categories.",
    ),
}

def _clip(text: str) -> str:
    return text if len(text) <= MAX_FACT_CHARS else text[:MAX_FACT_CHARS] + "\u2026"


# The path a step should name, when the evidence has several: the shadow
# file rather than sudo's working directory, the script rather than a CSS file.
PREFERRED_PATH = {
    "credential_access": re.compile(r"shadow|passwd|\.ssh|id_[a-z0-9]+|key|secret|cred|\.pem"),
    "webshell": re.compile(r"\.(?:php[0-9]?|phtml|jsp|aspx?|cgi|pl|py|sh)\b"),
    "malware_c2": re.compile(r"^/(?:tmp|dev/shm|var/tmp)/"),
}


def _path(case: Case) -> str | None:
    paths = case.facts.paths
    preferred = PREFERRED_PATH.get(case.category)
    if preferred is not None:
        paths = tuple(p for p in paths if preferred.search(p)) or paths
    return paths[0] if paths else None


def parent_domain(name: str) -> str:
    """What to block for a query name: its registered domain, not the encoded
    subdomain that changes with every query (``x.co.uk`` kept whole)."""
    labels = name.rstrip(".").split(".")
    keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-keep:])


def _c2(case: Case) -> str | None:
    """The server malware fetched from or called: a name as its registered
    domain, else the address a URL names, as the evidence writes it."""
    f = case.facts
    if f.domains:
        return parent_domain(f.domains[0])
    for url in f.urls:
        host = url.partition("://")[2].split("/")[0].rpartition("@")[2]
        host = host[1:].partition("]")[0] if host.startswith("[") else host.partition(":")[0]
        if host:
            return host
    return None


def where(case: Case) -> str:
    """The host and the program that logged, as much as the lines say."""
    host = case.hosts[0] if case.hosts else ""
    app = case.apps[0] if case.apps else ""
    if host:
        return f"{host} ({app})" if app else host
    return f"the host running {app}" if app else "the host"


def _accounts(users: tuple[str, ...]) -> str | None:
    """"account alice" or "accounts alice, bob": the phrasing the validator reads."""
    if not users:
        return None
    return ("accounts " if len(users) > 1 else "account ") + ", ".join(users[:MAX_NAMES])


def values(case: Case) -> dict[str, str]:
    """The facts a step may name, those the evidence holds."""
    f = case.facts
    found = {
        "ip": case.ip,
        "users": _accounts(f.users),
        "path": _clip(p) if (p := _path(case)) else None,
        "command": _clip(f.commands[0]) if f.commands else None,
        "domain": parent_domain(f.domains[0]) if f.domains else None,
        "c2": _c2(case),
        "where": where(case),
    }
    return {k: v for k, v in found.items() if v}


def summary(case: Case) -> str:
    meta, f = case.meta, case.facts
    lines = f"{case.event_count} line{'s' if case.event_count != 1 else ''}"
    scope = [lines]
    if case.ip:
        scope.append(f"from {case.ip}")
    if case.hosts or case.apps:
        scope.append(f"on {where(case)}")
    if f.users:
        scope.append(f"naming {_accounts(f.users)}")
    mitre = f" ({meta.mitre[0]})" if meta.mitre else ""
    label = meta.name.replace("_", " ")
    meaning = meta.summary.split(" (")[0].rstrip(".")  # the examples stay in the taxonomy
    return (f"{meta.severity.name.capitalize()}-severity {label}{mitre}: {', '.join(scope)}. "
            f"{meaning}.")


def steps(case: Case) -> tuple[str, ...]:
    have = values(case)
    chosen: list[str] = []
    for template in STEPS.get(case.category, ()):
        needed = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        if all(name in have for name in needed):
            chosen.append(template.format(**have))
        if len(chosen) == MAX_STEPS:
            break
    return tuple(chosen)


def analyse(case: Case) -> Analysis:
    start = time.perf_counter()
    return Analysis(summary(case), steps(case), PLAYBOOK, None,
                    time.perf_counter() - start, validated=True)
