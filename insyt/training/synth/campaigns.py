"""Multi-stage intrusions: one attacker, one target, lines in time order.

Each campaign binds the attacker's address, the target site and the
compromised service account once, then walks through stages that reuse the
family modules' line makers (scan -> foothold -> escalation -> credential
theft -> exfiltration or C2).  Every line keeps the label of its own
evidence: the attacker's plain ``GET /`` answered 200, a successful ssh login
after the guessing, or the sudo session opening that follows an escalation
are benign-looking and labelled benign, as they are in AIT-LDS; the model
must not learn that an address is bad, only that a message is.
"""

from __future__ import annotations

from insyt.training.synth import auth, web
from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line
from insyt.training.synth.dns import exfil_name
from insyt.training.synth.network import ids_alert, netfilter
from insyt.training.synth.payloads import WEBSHELL_NAMES
from insyt.training.synth.system import audit_line
from insyt.training.synth.vocab import ip_any

CAMPAIGN = "campaign"
_WEB_SVCS = ("www-data", "apache", "nginx", "www-data", "tomcat", "www-data")


def _bind(c: Ctx) -> None:
    c.bind.update(
        ip=ip_any(c.rng),
        site=c.fill("{site}"),
        svc=c.pick(_WEB_SVCS),
        shell=c.pick(WEBSHELL_NAMES),
        exfil_domain=c.fill("{word}.{pick:com|net|xyz|top}"),
    )


def _web(
    c: Ctx, scenario: str, category: str, method: str, path: str, ua: str, status: int
) -> Line:
    line = web.access(c, method=method, path=path, ua=ua, status=status, referer="-")
    return c.line("web-access", category, scenario, c.pick(web.APPS[:3]), line, raw=True)


def _portscan(c: Ctx, scenario: str) -> list[Line]:
    out = []
    dst = c.fill("{pubip}")
    for _ in range(c.rng.randint(1, 5)):
        c.tick(0, 0.2)
        port = c.pick((21, 22, 25, 80, 443, 3306, 8080, 8443, 3389, 5432))
        out.append(
            c.line(
                "firewall",
                "network_scan",
                scenario,
                "kernel",
                netfilter(
                    c,
                    c.pick(("[UFW BLOCK] ", "DROP: ", "IPTables-Dropped: ")),
                    c.bind["ip"],
                    dst,
                    "TCP",
                    port,
                ),
            )
        )
    return out


def _webscan(c: Ctx, scenario: str) -> list[Line]:
    out = []
    ua = c.fill(c.pick(("{scanua}", "{scanua}", "{browser}")))
    for _ in range(c.rng.randint(3, 10)):
        if c.chance(0.2):  # the scanner's plain page loads are ordinary traffic
            out.append(
                _web(
                    c,
                    scenario,
                    BENIGN,
                    "GET",
                    c.pick(("/", "/index.php", "/about")),
                    c.fill("{browser}"),
                    200,
                )
            )
            continue
        method, path, agent, status = web.probe_request(c)
        out.append(
            _web(c, scenario, "web_scan", method, path, agent if c.chance(0.7) else ua, status)
        )
    return out


def _exploit(c: Ctx, scenario: str) -> list[Line]:
    out = []
    for _ in range(c.rng.randint(1, 4)):
        method, path, agent = web.exploit_request(c)
        out.append(
            _web(c, scenario, "web_exploit", method, path, agent, c.pick((200, 200, 500, 403)))
        )
    if c.chance(0.6):
        upload = c.pick(
            (
                "/wp-admin/async-upload.php",
                "/upload.php",
                "/vulnerabilities/upload/",
                "/wp-admin/update.php?action=upload-plugin",
            )
        )
        out.append(_web(c, scenario, "webshell", "POST", upload, c.fill("{browser}"), 200))
    return out


def _shell(c: Ctx, scenario: str) -> list[Line]:
    out = []
    agent = c.fill(c.pick(("python-requests/2.{int:20-32}.0", "{browser}", "curl/7.{int:60-88}.0")))
    for _ in range(c.rng.randint(2, 7)):
        method, path = web.webshell_request(c)
        out.append(_web(c, scenario, "webshell", method, path, agent, 200))
        if c.chance(0.3):
            out.append(audit_line(c, "webshell", scenario))
    return out


def _escalate(c: Ctx, scenario: str) -> list[Line]:
    out = [auth.privesc_line(c, scenario) for _ in range(c.rng.randint(1, 3))]
    if c.chance(0.5):  # what follows a successful escalation looks like any sudo session
        out.append(
            c.line(
                "sudo",
                BENIGN,
                scenario,
                "sudo",
                "pam_unix(sudo:session): session closed for user root",
            )
        )
    return out


def _loot(c: Ctx, scenario: str) -> list[Line]:
    out = [auth.credential_line(c, scenario) for _ in range(c.rng.randint(0, 2))]
    if c.chance(0.4):
        out.append(audit_line(c, "credential_access", scenario))
    return out


def _exfil_or_c2(c: Ctx, scenario: str) -> list[Line]:
    out: list[Line] = []
    if c.chance(0.5):
        client = c.fill("{privip}")
        for _ in range(c.rng.randint(2, 6)):
            name = exfil_name(c)
            msg = (
                f"client @0x7f{c.fill('{hex:10}')} {client}#{c.fill('{port}')} ({name}): "
                f"query: {name} IN {c.pick(('TXT', 'A', 'CNAME', 'MX'))} + "
                f"({c.fill('{privip}')})"
            )
            out.append(
                c.line("dns-named", "dns_exfiltration", scenario, "named", msg, pid=c.fill("{pid}"))
            )
    else:
        out.append(audit_line(c, "malware_c2", scenario))
        out.append(ids_alert(c, "malware_c2"))
    return out


def _web_foothold(c: Ctx) -> list[Line]:
    _bind(c)
    scenario = "campaign:web-foothold"
    stages = (_portscan, _webscan, _exploit, _shell, _escalate, _loot, _exfil_or_c2)
    out: list[Line] = []
    for stage in stages:
        if stage in (_portscan, _loot, _exfil_or_c2) and c.chance(0.3):
            continue
        c.tick(5, 600)
        out.extend(stage(c, scenario))
    return out


def _ssh_intrusion(c: Ctx) -> list[Line]:
    _bind(c)
    scenario = "campaign:ssh-intrusion"
    victim = c.fill("{person}")
    c.bind["svc"] = victim
    out = _portscan(c, scenario) if c.chance(0.6) else []
    pid = c.fill("{pid}")
    for _ in range(c.rng.randint(3, 12)):
        template = c.pick(auth.SSHD_BRUTE[:20])
        out.append(c.line("sshd", "brute_force", scenario, "sshd", c.fill(template), pid=pid))
    if c.chance(0.7):
        out.append(
            c.line(
                "sshd",
                BENIGN,
                scenario,
                "sshd",
                c.fill("Accepted password for {victim} from {ip} port {port} ssh2", victim=victim),
                pid=pid,
            )
        )
        out.append(
            c.line(
                "sshd",
                BENIGN,
                scenario,
                "sshd",
                f"pam_unix(sshd:session): session opened for user {victim} by (uid=0)",
                pid=pid,
            )
        )
        out.extend(_escalate(c, scenario))
        out.extend(_loot(c, scenario))
        out.extend(_exfil_or_c2(c, scenario))
    return out


def _mail_spam(c: Ctx) -> list[Line]:
    _bind(c)
    scenario = "campaign:smtp-relay-abuse"
    out = []
    pid = c.fill("{pid}")
    out.append(
        c.line(
            "postfix",
            BENIGN,
            scenario,
            "postfix/smtpd",
            c.fill("connect from unknown[{ip}]"),
            pid=pid,
        )
    )
    for _ in range(c.rng.randint(2, 8)):
        msg = c.fill(
            c.pick(
                (
                    "warning: unknown[{ip}]: SASL LOGIN authentication failed: authentication "
                    "failure",
                    "NOQUEUE: reject: RCPT from unknown[{ip}]: 554 5.7.1 <{email}>: Relay access "
                    "denied; "
                    "from=<{email2}> to=<{email}> proto=ESMTP helo=<{heloname}>",
                    "NOQUEUE: reject: VRFY from unknown[{ip}]: 550 5.1.1 <{mailguess}>: Recipient "
                    "address rejected: User unknown in local recipient table; to=<{mailguess}> "
                    "proto=SMTP",
                )
            )
        )
        category = "recon" if "VRFY" in msg else "mail_abuse"
        out.append(c.line("smtp", category, scenario, "postfix/smtpd", msg, pid=pid))
    out.append(
        c.line(
            "postfix",
            BENIGN,
            scenario,
            "postfix/smtpd",
            c.fill("disconnect from unknown[{ip}] ehlo=1 auth=0/{int:1-9} commands=1/{int:2-10}"),
            pid=pid,
        )
    )
    return out


EMITTERS: tuple[Emitter, ...] = (
    Emitter("campaign:web-foothold", CAMPAIGN, 3.0, _web_foothold),
    Emitter("campaign:ssh-intrusion", CAMPAIGN, 2.0, _ssh_intrusion),
    Emitter("campaign:smtp-relay-abuse", CAMPAIGN, 0.7, _mail_spam),
)
