"""Security products' own verdicts: IDS/IPS, WAF, antivirus, mail AV, anti-DoS, EDR.

Families: ``ids-verdict`` (Sophos UTM IPS, Cisco Firepower FTD, Palo Alto
THREAT logs, Juniper SRX IDP, Zeek notices), ``waf-verdict`` (F5 BIG-IP ASM,
AWS WAF, Cloudflare firewall events, FortiWeb, Azure Application Gateway,
Barracuda WAF), ``antivirus`` (ClamAV clamd/clamonacc, Sophos, ESET,
Microsoft Defender, Symantec Endpoint Protection), ``mail-av`` (clamsmtpd,
clamav-milter, Exim's malware ACL, rspamd, MailScanner), ``anti-dos``
(Juniper SRX screens, Palo Alto zone protection, Cisco ASA, FortiGate DoS
policies, Sophos Firewall, FastNetMon) and ``edr`` (CrowdStrike Falcon,
SentinelOne, Microsoft Defender for Endpoint, Elastic Defend, Falco).  The
other IDS and WAF shapes (Suricata/Snort fast and eve, ModSecurity, NAXSI)
live in :mod:`insyt.training.synth.network` and :mod:`insyt.training.synth.weberror`.

Labelling decisions: a verdict takes the category of what it names, not of
the product that wrote it.

* IDS/IPS: by signature class.  SQL injection, traversal, XSS, RCE
  web_exploit; scanner fingerprints web_scan; port scans and sweeps
  network_scan; CnC, trojan, ransomware malware_c2; login brute force
  brute_force; amplification and protocol DoS dos; SNMP/SMB enumeration and
  traceroute recon; DCSync and Kerberoasting credential_access.  POLICY,
  APP-DETECT and FILE-IDENTIFY hits, URL-category and file-type logs, Zeek's
  certificate and capture-loss notices: benign (they describe ordinary
  traffic).
* WAF: injection, XSS, traversal and command-execution rules web_exploit,
  scanner and bot-signature rules web_scan, rate rules dos; a request the WAF
  passed with no violation, or let through by an allow rule, is benign.
* Antivirus: a file or message found infected, quarantined, deleted or
  blocked is malware_c2 (a web shell found in an upload folder is webshell, a
  credential-dumping hack tool credential_access); a clean scan, "0 threats",
  a signature or engine update, a self-check: benign.
* Anti-DoS: SYN/UDP/ICMP floods, land, teardrop, ping of death, malformed
  fragments dos; port scans and IP sweeps network_scan; statistics,
  configuration loads and ordinary flows benign.
* EDR: credential dumping credential_access, malware or ransomware behaviour
  malware_c2, privilege escalation (token theft, UAC bypass, setuid) its
  own; heartbeats, policy updates, scans that found nothing: benign.
"""

from __future__ import annotations

from collections.abc import Sequence

from insyt.training.synth.core import BENIGN, Ctx, Emitter
from insyt.training.synth.payloads import CMDI, PROBE_PATHS, SQLI, TRAVERSAL, XSS, encode
from insyt.training.synth.product import (
    Make,
    Maker,
    as_json,
    as_kv,
    clock,
    filled,
    jostle,
    per_category,
    product,
    rescaled,
    rows_maker,
)
from insyt.training.synth.vocab import scanner_agent

# --- ids-verdict -----------------------------------------------------------------------

# (category, Talos-style rule message, classification, priority)
TALOS = (
    (
        "web_exploit",
        "SQL union select - possible sql injection attempt - GET parameter",
        "Web Application Attack",
        1,
    ),
    (
        "web_exploit",
        "SERVER-WEBAPP Apache Log4j logging remote code execution attempt",
        "Attempted User Privilege Gain",
        1,
    ),
    ("web_exploit", "SERVER-WEBAPP directory traversal attempt", "Web Application Attack", 1),
    (
        "web_exploit",
        "OS-OTHER Bash CGI environment variable injection attempt",
        "Attempted Administrator Privilege Gain",
        1,
    ),
    (
        "web_exploit",
        "SERVER-APACHE Apache Struts remote code execution attempt",
        "Attempted Administrator Privilege Gain",
        1,
    ),
    ("web_exploit", "SERVER-WEBAPP cross site scripting attempt", "Web Application Attack", 2),
    (
        "web_exploit",
        "SERVER-WEBAPP PHP-CGI remote file include attempt",
        "Web Application Attack",
        1,
    ),
    (
        "web_scan",
        "APP-DETECT Acunetix web vulnerability scan attempt",
        "Attempted Information Leak",
        2,
    ),
    (
        "web_scan",
        "SERVER-WEBAPP Nikto web vulnerability scanner attempt",
        "Web Application Attack",
        2,
    ),
    (
        "web_scan",
        "POLICY-OTHER sqlmap automated sql injection scanner user agent",
        "Attempted Information Leak",
        2,
    ),
    (
        "network_scan",
        "INDICATOR-SCAN UPnP service discover attempt",
        "Detection of a Network Scan",
        3,
    ),
    ("network_scan", "PROTOCOL-ICMP PING NMAP", "Attempted Information Leak", 2),
    ("network_scan", "(port_scan) TCP Portscan", "Attempted Information Leak", 2),
    ("network_scan", "(port_scan) TCP Portsweep", "Attempted Information Leak", 2),
    ("network_scan", "INDICATOR-SCAN inbound probe for IPTUNNEL", "Detection of a Network Scan", 3),
    (
        "malware_c2",
        "MALWARE-CNC Win.Trojan.Agent variant outbound connection",
        "A Network Trojan was detected",
        1,
    ),
    (
        "malware_c2",
        "MALWARE-CNC Cobalt Strike beacon outbound connection attempt",
        "A Network Trojan was detected",
        1,
    ),
    (
        "malware_c2",
        "MALWARE-CNC Linux.Trojan.Mirai variant post compromise fingerprinting",
        "A Network Trojan was detected",
        1,
    ),
    (
        "malware_c2",
        "MALWARE-OTHER Win.Ransomware.WannaCry SMB communication attempt",
        "A Network Trojan was detected",
        1,
    ),
    (
        "malware_c2",
        "INDICATOR-COMPROMISE suspicious executable download from raw IP address",
        "Potentially Bad Traffic",
        2,
    ),
    ("brute_force", "INDICATOR-SCAN SSH brute force login attempt", "Misc activity", 2),
    (
        "brute_force",
        "SERVER-OTHER RDP brute force login attempt",
        "Attempted User Privilege Gain",
        1,
    ),
    ("brute_force", "PROTOCOL-FTP brute force login attempt", "Suspicious Login", 2),
    (
        "dos",
        "SERVER-OTHER NTP monlist request - potential amplification",
        "Attempted Denial of Service",
        2,
    ),
    (
        "dos",
        "PROTOCOL-DNS excessive queries of type ANY - potential DoS",
        "Attempted Denial of Service",
        2,
    ),
    (
        "dos",
        "SERVER-APACHE Apache byte range header denial of service attempt",
        "Attempted Denial of Service",
        2,
    ),
    ("recon", "PROTOCOL-SNMP public access udp", "Attempted Information Leak", 2),
    (
        "recon",
        "OS-WINDOWS SMB anonymous session IPC share access attempt",
        "Attempted Information Leak",
        2,
    ),
    ("recon", "PROTOCOL-ICMP traceroute", "Attempted Information Leak", 3),
    (
        "credential_access",
        "OS-WINDOWS DRSUAPI DsGetNCChanges replication request from non-domain-controller",
        "Attempted User Privilege Gain",
        1,
    ),
    (
        "credential_access",
        "POLICY-OTHER Kerberos TGS request with RC4 encryption - possible kerberoasting",
        "Attempted User Privilege Gain",
        1,
    ),
    (
        BENIGN,
        "POLICY-OTHER Microsoft Windows Update download",
        "Potential Corporate Privacy Violation",
        3,
    ),
    (
        BENIGN,
        "APP-DETECT TeamViewer remote administration tool outbound connection attempt",
        "Potential Corporate Privacy Violation",
        3,
    ),
    (BENIGN, "FILE-IDENTIFY Portable Executable binary file magic detected", "Misc activity", 3),
    (
        BENIGN,
        "POLICY-SOCIAL Microsoft Teams chat client",
        "Potential Corporate Privacy Violation",
        3,
    ),
    (BENIGN, "APP-DETECT Dropbox client version check", "Misc activity", 3),
    (BENIGN, "POLICY-OTHER Spotify music streaming client", "Not Suspicious Traffic", 3),
)
# (category, Palo Alto threat name(id), threat category, subtype, severity)
PANOS_THREATS = (
    ("web_exploit", "HTTP SQL Injection Attempt(38195)", "sql-injection", "vulnerability", "high"),
    (
        "web_exploit",
        "Apache Log4j Remote Code Execution Vulnerability(91991)",
        "code-execution",
        "vulnerability",
        "critical",
    ),
    (
        "web_exploit",
        "HTTP Directory Traversal Request Attempt(30844)",
        "info-leak",
        "vulnerability",
        "medium",
    ),
    (
        "web_exploit",
        "Bash Remote Code Execution Vulnerability(36729)",
        "code-execution",
        "vulnerability",
        "critical",
    ),
    (
        "web_exploit",
        "Generic HTTP Cross Site Scripting Attempt(31477)",
        "code-execution",
        "vulnerability",
        "medium",
    ),
    (
        "malware_c2",
        "Cobalt Strike.Gen Command and Control Traffic(86445)",
        "spyware",
        "spyware",
        "critical",
    ),
    ("malware_c2", "Mirai.Gen Command and Control Traffic(85519)", "botnet", "spyware", "high"),
    ("malware_c2", "Trojan/Win32.emotet.dwm(272859345)", "virus", "virus", "medium"),
    ("network_scan", "TCP Port Scan(8001)", "any", "scan", "critical"),
    ("network_scan", "Host Sweep(8002)", "any", "scan", "critical"),
    ("network_scan", "UDP Port Scan(8003)", "any", "scan", "critical"),
    ("brute_force", "SSH2 Login Attempt(40015)", "brute-force", "vulnerability", "high"),
    (
        "brute_force",
        "Microsoft RDP Brute Force Attempt(40021)",
        "brute-force",
        "vulnerability",
        "high",
    ),
    (
        "recon",
        "SNMP Community String Brute Force Attempt(40005)",
        "info-leak",
        "vulnerability",
        "medium",
    ),
    (BENIGN, "Windows Executable (EXE)(52020)", "any", "file", "low"),
    (BENIGN, "PDF File(52060)", "any", "file", "low"),
    (BENIGN, "computer-and-internet-info", "computer-and-internet-info", "url", "informational"),
    (BENIGN, "business-and-economy", "business-and-economy", "url", "informational"),
)
# (category, Juniper attack name, severity)
JUNOS_ATTACKS = (
    ("web_exploit", "HTTP:SQL:INJ:GENERIC", "HIGH"),
    ("web_exploit", "HTTP:SQL:INJ:UNION-SELECT", "HIGH"),
    ("web_exploit", "HTTP:XSS:HTML-SCRIPT-IN-URL-VAR", "MEDIUM"),
    ("web_exploit", "HTTP:DIR:TRAVERSE-DIRECTORY", "MEDIUM"),
    ("web_exploit", "HTTP:STC:CGI:BASH-CODE-INJECT", "CRITICAL"),
    ("web_exploit", "HTTP:MISC:APACHE-LOG4J-JNDI-RCE", "CRITICAL"),
    ("network_scan", "SCAN:NMAP:FINGERPRINT", "LOW"),
    ("network_scan", "SCAN:MASSCAN:PROBE", "LOW"),
    ("malware_c2", "TROJAN:MIRAI:CNC-TRAFFIC", "CRITICAL"),
    ("malware_c2", "TROJAN:COBALTSTRIKE:BEACON-HTTP", "CRITICAL"),
    ("brute_force", "SSH:BRUTE-LOGIN", "HIGH"),
    ("brute_force", "FTP:PASS:BRUTE-FORCE", "HIGH"),
    ("dos", "DNS:AUDIT:ANY-QUERY-FLOOD", "MEDIUM"),
)
# (category, Zeek notice, message)
ZEEK = (
    (
        "network_scan",
        "Scan::Port_Scan",
        "{ip} scanned at least {int:15-900} unique ports of host {privip} in 0m{int:1-59}s",
    ),
    (
        "network_scan",
        "Scan::Address_Scan",
        "{ip} scanned at least {int:25-900} unique hosts on port {sport}/tcp in 0m{int:1-59}s",
    ),
    (
        "brute_force",
        "SSH::Password_Guessing",
        "{ip} appears to be guessing SSH passwords (seen in {int:30-900} connections).",
    ),
    (
        "brute_force",
        "FTP::Bruteforcing",
        "{ip} had {int:20-400} failed logins on {int:1-9} FTP servers in 0m{int:10-59}s",
    ),
    ("web_exploit", "HTTP::SQL_Injection_Attacker", "An SQL injection attacker was discovered!"),
    (
        "malware_c2",
        "TeamCymruMalwareHashRegistry::Match",
        "Malware Hash Registry Detection rate: {int:20-90}%  Last seen: {ymd} {hms}",
    ),
    ("recon", "Traceroute::Detected", "{ip} seems to be running traceroute using {pick:udp|icmp}"),
    (
        BENIGN,
        "SSL::Invalid_Server_Cert",
        "SSL certificate validation failed with (unable to get local issuer certificate)",
    ),
    (
        BENIGN,
        "SSL::Certificate_Expires_Soon",
        "Certificate CN={fqdn} is going to expire at {ymd}-{hms}.000000",
    ),
    (
        BENIGN,
        "CaptureLoss::Too_Much_Loss",
        "The capture loss script detected an estimated loss rate above {float:9}%",
    ),
    (
        BENIGN,
        "Weird::Activity",
        "{pick:window_recision|above_hole_data_without_any_acks|"
        "possible_split_routing|data_before_established}",
    ),
)


def _rule(c: Ctx, category: str) -> tuple[str, str, int]:
    rows = [r for r in TALOS if r[0] == category]
    _, name, cls, prio = c.pick(rows)
    return name, cls, prio


def _sophos_ips(category: str) -> Make:
    def make(c: Ctx, memo: dict[str, str]) -> str:
        if category == BENIGN and c.chance(0.4):
            fields: list[tuple[str, object]] = [
                ("id", "2002"),
                ("severity", "info"),
                ("sys", "SecureNet"),
                ("sub", "packetfilter"),
                ("name", "Packet accepted"),
                ("action", "accept"),
                ("fwrule", str(c.rng.randint(1, 90))),
                ("srcip", "{privip}"),
                ("dstip", "{pubip}"),
                ("proto", "6"),
                ("srcport", "{port}"),
                ("dstport", "{pick:443|80|53}"),
            ]
        else:
            name, cls, prio = _rule(c, category)
            fields = [
                ("id", "2101"),
                ("severity", "info" if category == BENIGN else "warn"),
                ("sys", "SecureNet"),
                ("sub", "ips"),
                ("name", "Intrusion protection alert"),
                ("action", "alert" if category == BENIGN else c.pick(("drop", "drop", "alert"))),
                ("reason", name),
                ("group", str(c.rng.randint(100, 900))),
                ("srcip", "{ip}"),
                ("dstip", "{privip}"),
                ("proto", "{pick:6|17}"),
                ("srcport", "{port}"),
                ("dstport", "{sport}"),
                ("sid", str(c.rng.randint(1000, 60000))),
                ("class", cls),
                ("priority", str(prio)),
                ("generator", "1"),
                ("msgid", "0"),
            ]
        return as_kv(c, filled(c, memo, fields), quote=True)

    return make


def _ftd(category: str) -> Make:
    """Firepower intrusion events as the FMC's syslog alert sends them (signature first), and
    the FTD's own connection events (430002/430003) for ordinary traffic."""

    def make(c: Ctx, memo: dict[str, str]) -> str:
        if category == BENIGN and c.chance(0.6):
            fields: list[tuple[str, object]] = [
                ("EventPriority", "Low"),
                ("DeviceUUID", "{uuid}"),
                ("InstanceID", c.rng.randint(1, 20)),
                ("FirstPacketSecond", "{isoz}"),
                ("ConnectionID", c.rng.randint(1, 65000)),
                ("AccessControlRuleAction", "Allow"),
                ("SrcIP", "{privip}"),
                ("DstIP", "{pubip}"),
                ("SrcPort", "{port}"),
                ("DstPort", "{pick:443|80|53}"),
                ("Protocol", "{pick:tcp|udp}"),
                ("ACPolicy", "{pick:Default|Corp-ACP|Edge}"),
                ("AccessControlRuleName", "{pick:Allow-Web|Allow-DNS|Inside-Out}"),
                ("Client", "{pick:SSL client|Web browser|DNS client}"),
                ("ApplicationProtocol", "{pick:HTTPS|HTTP|DNS}"),
            ]
            body = ", ".join(f"{k}: {v}" for k, v in filled(c, memo, fields))
            return f"{c.pick(('%FTD-6-430002', '%FTD-6-430003'))}: {body}"
        name, cls, prio = _rule(c, category)
        gid_sid = f"1:{c.rng.randint(1000, 60000)}:{c.rng.randint(1, 20)}"
        return c.fill(
            "SFIMS: [Primary Detection Engine ({uuid})][{pick:Balanced Security and "
            "Connectivity|Security Over Connectivity|Corp-IPS}] ["
            + gid_sid
            + '] "'
            + name
            + '" [Classification: '
            + cls
            + "] [Priority: "
            + str(prio)
            + "] {{pick:TCP|UDP}} "
            "{ip}:{port} -> {privip}:{sport}",
            memo,
        )

    return make


def _panos(category: str, rows: Sequence[tuple[str, str, str, str, str]]) -> Make:
    mine = [r for r in rows if r[0] == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        _, threat, tcat, subtype, severity = c.pick(mine)
        stamp = f"{c.when:%Y/%m/%d %H:%M:%S}"
        src, dst = c.fill("{ip}", memo), c.fill("{privip}")
        if subtype in ("spyware", "url"):
            src, dst = dst, c.fill("{pubip}")
        action = {
            "url": "alert",
            "file": "alert",
            "scan": "drop",
            "flood": "drop",
        }.get(subtype, c.pick(("reset-both", "drop", "alert", "reset-server")))
        target = {
            "url": c.fill("{fqdn}/{pathword}"),
            "file": c.fill("{word}.{pick:exe|pdf}"),
        }.get(subtype, "")
        if c.chance(0.5):  # a syslog server profile's custom format, threat first
            return c.fill(
                f"{subtype} threat={threat} category={tcat} severity={severity} "
                f"action={action} src={src} dst={dst} dport={{sport}} app={{pick:web-browsing|"
                f"ssl|ssh|ms-rdp|dns|unknown-tcp}} rule={{pick:inbound-web|allow-outbound|"
                f"dmz-in}} serial={{int:10000000000-99999999999}}",
                memo,
            )
        cols = [
            "1",
            stamp,
            c.fill("0{int:10000000000-99999999999}"),
            "THREAT",
            subtype,
            "2561",
            stamp,
            src,
            dst,
            "0.0.0.0",
            "0.0.0.0",
            c.fill("{pick:inbound-web|allow-outbound|dmz-in|trust-untrust}"),
            "",
            "",
            c.fill("{pick:web-browsing|ssl|ssh|ms-rdp|dns|incomplete|unknown-tcp}"),
            "vsys1",
            "untrust",
            "trust",
            "ethernet1/1",
            "ethernet1/2",
            "log-forwarding",
            stamp,
            str(c.rng.randint(1000, 999999)),
            str(c.rng.randint(1, 90)),
            c.fill("{port}"),
            c.fill("{sport}"),
            "0",
            "0",
            "0x2000",
            c.pick(("tcp", "tcp", "udp")),
            action,
            f'"{target}"',
            threat,
            tcat,
            severity,
            "client-to-server",
            str(c.rng.randint(10**17, 10**18)),
            "0x0",
            c.pick(("US", "CN", "RU", "NL", "DE", "BR", "10.0.0.0-10.255.255.255")),
            "10.0.0.0-10.255.255.255",
            "0",
            "",
            "0",
        ]
        return ",".join(cols)

    return make


def _junos_idp(category: str) -> Make:
    mine = [r for r in JUNOS_ATTACKS if r[0] == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        if category == BENIGN:
            return c.fill(
                c.pick(
                    (
                        "IDP_POLICY_LOAD_SUCCEEDED: IDP policy[/var/db/idpd/bins/{pick:"
                        "Recommended|idpengine}.bin.gz.v] and detector[/usr/libdata/libidp-"
                        "detector.so.tgz.v] loaded successfully(Regular load).",
                        "IDP_SECURITY_INSTALL_RESULT: security package version "
                        "({int:3000-3800}) and policy version ({int:1-99}) installation "
                        "succeeded.",
                        "IDP_COMMIT_COMPLETED: IDP policy commit is complete.",
                    )
                ),
                memo,
            )
        _, name, severity = c.pick(mine)
        return c.fill(
            "IDP_ATTACK_LOG_EVENT: IDP: at {epoch}, SIG Attack log <{ip}/{port}->{privip}/"
            "{sport}> for {pick:TCP|UDP} protocol and service SERVICE_IDP application "
            "{pick:HTTP|SSL|NONE|SSH|FTP} by rule {int:1-30} of rulebase IPS in policy "
            "{pick:Recommended|Corp-IDP}. attack: id={int:1000-90000}, repeat={int:0-40}, "
            "action={pick:DROP|DROP_PACKET|CLOSE|NONE}, threat-severity="
            + severity
            + ", name="
            + name
            # Releases before 12.1 end the record here; later ones append counters.
            + c.pick(
                (
                    "",
                    ", NAT <0.0.0.0:0->0.0.0.0:0>, time-elapsed={int:0-60}",
                    ", NAT <0.0.0.0:0->0.0.0.0:0>, time-elapsed={int:0-60}, "
                    "inbytes={int:0-9000}, outbytes={int:0-9000}, inpackets={int:0-90}, "
                    "outpackets={int:0-90}, intf:untrust:ge-0/0/0.0->trust:ge-0/0/1.0, "
                    "packet-log-id: 0 and misc-message -",
                )
            ),
            memo,
            **clock(c.when),
        )

    return make


# Notices that SumStats raises over many connections; they carry no uid or conn id.
_AGGREGATE_NOTES = (
    "Scan::",
    "SSH::Password_Guessing",
    "FTP::Bruteforcing",
    "Traceroute::",
    "HTTP::SQL_Injection_Attacker",
)


def _zeek(category: str) -> Make:
    mine = [r for r in ZEEK if r[0] == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        _, note, msg = c.pick(mine)
        fields: list[tuple[str, object]] = [
            ("ts", round(c.when.timestamp(), 6)),
            ("uid", "C{blob:12}"),
            ("id.orig_h", "{ip}"),
            ("id.orig_p", c.rng.randint(1024, 65535)),
            ("id.resp_h", "{privip}"),
            ("id.resp_p", c.rng.choice((22, 80, 443, 21, 445))),
            ("proto", "tcp"),
            ("note", note),
            ("msg", msg),
            ("src", "{ip}"),
            ("peer_descr", "{pick:worker-1-1|zeek|proxy-1|logger}"),
            ("actions", ["Notice::ACTION_LOG"]),
            ("suppress_for", 3600.0),
        ]
        if note.startswith(_AGGREGATE_NOTES):  # raised over many connections: none of its own
            fields = [f for f in fields if f[0] != "uid" and not f[0].startswith("id.")]
        return as_json(c, filled(c, memo, fields))

    return make


# --- waf-verdict -----------------------------------------------------------------------

# kind -> (category, payload pool or None for scanner paths)
_WAF_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sqli": ("web_exploit", SQLI),
    "xss": ("web_exploit", XSS),
    "traversal": ("web_exploit", TRAVERSAL),
    "rce": ("web_exploit", CMDI),
    "scanner": ("web_scan", PROBE_PATHS),
}
# Per vendor: kind -> (label, id or type, secondary)
F5_KINDS = {
    "sqli": ("SQL-Injection", "200002147", 'SQL-INJ expressions like ""or 1=1"" (3)'),
    "xss": ("Cross Site Scripting (XSS)", "200000098", "XSS script tag (Parameter)"),
    "traversal": ("Path Traversal", "200003041", "Directory traversal ../ (URI)"),
    "rce": ("Command Execution", "200003069", "unix shell cmd (Parameter)"),
    "scanner": ("Vulnerability Scan", "200015087", "Nikto / automated scanner (Headers)"),
}
AWS_KINDS = {
    "sqli": ("AWS-AWSManagedRulesSQLiRuleSet", "SQLi_QUERYARGUMENTS", "SQL_INJECTION"),
    "xss": ("AWS-AWSManagedRulesCommonRuleSet", "CrossSiteScripting_QUERYARGUMENTS", "XSS"),
    "traversal": ("AWS-AWSManagedRulesCommonRuleSet", "GenericLFI_QUERYARGUMENTS", "LFI"),
    "rce": ("AWS-AWSManagedRulesKnownBadInputsRuleSet", "Log4JRCE_QUERYSTRING", "RCE"),
    "scanner": ("AWS-AWSManagedRulesBotControlRuleSet", "CategoryHttpLibrary", "SCANNER"),
}
CLOUDFLARE_KINDS = {
    "sqli": ("SQLi - UNION in MSSQL", "firewallManaged"),
    "xss": ("XSS - JavaScript Events", "firewallManaged"),
    "traversal": ("Directory Traversal - /etc/passwd", "firewallManaged"),
    "rce": ("Command Injection - Common Attack Commands", "firewallManaged"),
    "scanner": ("Vulnerability scanner activity", "firewallManaged"),
}
FORTIWEB_KINDS = {
    "sqli": ("SQL Injection", "030000136"),
    "xss": ("Cross Site Scripting", "010000072"),
    "traversal": ("Generic Attacks", "050140001"),
    "rce": ("Generic Attacks", "050220002"),
    "scanner": ("Bad Robot", "080200001"),
}
AZURE_KINDS = {
    "sqli": (
        "942130",
        "SQL Injection Attack: SQL Tautology Detected.",
        "REQUEST-942-APPLICATION-ATTACK-SQLI",
    ),
    "xss": (
        "941160",
        "NoScript XSS InjectionChecker: HTML Injection",
        "REQUEST-941-APPLICATION-ATTACK-XSS",
    ),
    "traversal": ("930110", "Path Traversal Attack (/../)", "REQUEST-930-APPLICATION-ATTACK-LFI"),
    "rce": (
        "932100",
        "Remote Command Execution: Unix Command Injection",
        "REQUEST-932-APPLICATION-ATTACK-RCE",
    ),
    "scanner": (
        "913100",
        "Found User-Agent associated with security scanner",
        "REQUEST-913-SCANNER-DETECTION",
    ),
}
BARRACUDA_KINDS = {
    "sqli": ("SQL_INJECTION_IN_URL", "sql-injection-strict"),
    "xss": ("CROSS_SITE_SCRIPTING_IN_PARAM", "cross-site-scripting-strict"),
    "traversal": ("DIRECTORY_TRAVERSAL_BEYOND_ROOT", "directory-traversal"),
    "rce": ("OS_CMD_INJECTION_IN_PARAM", "os-command-injection-strict"),
    "scanner": ("SCANNER_DETECTED", "web-scanner"),
}


def _waf_request(c: Ctx, kind: str) -> tuple[str, str, str]:
    """(path, query, user agent) of a request of ``kind``; kind "" is an ordinary request."""
    if not kind:
        path = c.fill("/{pathword}/{pick:|{word}|index.php|api/v1/{word}}")
        query = c.fill("{pick:|page={int:1-40}|q={word}|id={int:1-9999}}")
        return path, query, c.fill("{browser}")
    pool = _WAF_KINDS[kind][1]
    if kind == "scanner":
        return c.pick(pool), "", scanner_agent(c.rng)
    payload = encode(c.fill(c.pick(pool)), c.rng)
    param = c.fill("{pick:id|q|search|page|file|cat|user|item|lang|redirect|cmd|host}")
    return (
        c.fill("/{pathword}/{pick:index.php|view|item|search|}"),
        f"{param}={payload}",
        c.fill("{browser}"),
    )


def _waf_kind(c: Ctx, category: str) -> str:
    kinds = [k for k, (cat, _) in _WAF_KINDS.items() if cat == category]
    return c.pick(kinds) if kinds else ""


def _f5(category: str) -> Make:
    def make(c: Ctx, memo: dict[str, str]) -> str:
        kind = _waf_kind(c, category)
        path, query, agent = _waf_request(c, kind)
        if kind:
            attack, sig, signame = F5_KINDS[kind]
            status, violations, rating = (
                c.pick(("blocked", "blocked", "alerted")),
                "Attack signature detected",
                str(c.rng.randint(3, 5)),
            )
        else:
            attack, sig, signame, status, violations, rating = "", "", "", "passed", "", "0"
        fields: list[tuple[str, object]] = [
            ("unit_hostname", "{srv}.{domain}"),
            ("management_ip_address", "{privip}"),
            ("http_class_name", "/Common/{word}"),
            ("policy_name", "/Common/{word}_asm"),
            ("violations", violations),
            ("support_id", "{int:1000000000-9999999999}{int:100000000-999999999}"),
            ("request_status", status),
            ("response_code", "0" if status == "blocked" else "{pick:200|200|302|404}"),
            ("ip_client", "{ip}"),
            ("method", "{pick:GET|POST}"),
            ("protocol", "HTTPS"),
            ("query_string", query),
            ("sig_ids", sig),
            ("sig_names", signame),
            ("date_time", "{space}"),
            ("severity", "Critical" if kind else "Informational"),
            ("attack_type", attack),
            ("src_port", "{port}"),
            ("dest_port", "443"),
            ("dest_ip", "{privip}"),
            ("violation_rating", rating),
            ("uri", path),
            ("user_agent", agent),
        ]
        if c.chance(0.6):  # a user-defined storage format, the verdict first
            first = ("attack_type", "request_status", "violations", "sig_names", "ip_client", "uri")
            fields.sort(key=lambda f: first.index(f[0]) if f[0] in first else len(first))
        body = as_kv(c, filled(c, memo, jostle(c, fields)), quote=True, sep=",")
        return f"ASM:{body}"

    return make


def _aws(category: str) -> Make:
    def make(c: Ctx, memo: dict[str, str]) -> str:
        kind = _waf_kind(c, category)
        path, query, agent = _waf_request(c, kind)
        if category == "dos":
            rule, rtype, action, details = "RateLimit-{word}", "RATE_BASED", "BLOCK", []
        elif kind:
            group, rule_name, cond = AWS_KINDS[kind]
            rule, rtype, action = group, "MANAGED_RULE_GROUP", c.pick(("BLOCK", "BLOCK", "COUNT"))
            if kind == "scanner":
                details = [
                    {"conditionType": cond, "location": "HEADER", "matchedData": agent.split()[:1]}
                ]
            else:
                details = [
                    {
                        "conditionType": cond,
                        "location": "QUERY_STRING",
                        "matchedData": query.split("=", 1)[-1][:40].split("+")[:3],
                    }
                ]
            rule = f"{group}:{rule_name}" if c.chance(0.3) else group
        else:
            rule, rtype, action, details = "Default_Action", "REGULAR", "ALLOW", []
        fields: list[tuple[str, object]] = [
            ("timestamp", int(c.when.timestamp() * 1000)),
            ("formatVersion", 1),
            (
                "webaclId",
                "arn:aws:wafv2:{pick:us-east-1|eu-west-1|eu-central-1}:"
                "{int:100000000000-999999999999}:regional/webacl/{word}/{uuid}",
            ),
            ("terminatingRuleId", rule),
            ("terminatingRuleType", rtype),
            ("action", action),
            ("terminatingRuleMatchDetails", details),
            ("httpSourceName", "{pick:ALB|APIGW|CF}"),
            (
                "httpRequest",
                {
                    "clientIp": "{ip}",
                    "country": "{pick:US|CN|RU|NL|DE|BR|VN|IN}",
                    "headers": [{"name": "User-Agent", "value": agent}],
                    "uri": path,
                    "args": query,
                    "httpVersion": "HTTP/1.1",
                    "httpMethod": "{pick:GET|POST}",
                    "requestId": "{hex:8}-{hex:4}",
                },
            ),
        ]
        return as_json(c, filled(c, memo, fields))

    return make


def _cloudflare(category: str) -> Make:
    def make(c: Ctx, memo: dict[str, str]) -> str:
        kind = _waf_kind(c, category)
        path, query, agent = _waf_request(c, kind)
        if kind:
            desc, source = CLOUDFLARE_KINDS[kind]
            action = c.pick(("block", "block", "managed_challenge", "log"))
        else:
            desc, source = c.pick(
                (
                    ("Allow uptime monitor", "firewallCustom"),
                    ("Skip WAF for office network", "firewallCustom"),
                    ("Log admin requests", "firewallCustom"),
                )
            )
            action = c.pick(("skip", "allow", "log"))
        fields: list[tuple[str, object]] = [  # the Logpush job's field list, verdict first
            ("Action", action),
            ("Description", desc),
            ("Source", source),
            (
                "ClientASNDescription",
                "{pick:AMAZON-02|DIGITALOCEAN-ASN|OVH|CHINANET-BACKBONE|COMCAST-7922|HETZNER-AS}",
            ),
            ("ClientCountry", "{pick:us|cn|ru|nl|de|br|vn}"),
            ("ClientIP", "{ip}"),
            ("ClientRequestHost", "{site}"),
            ("ClientRequestMethod", "{pick:GET|POST}"),
            ("ClientRequestPath", path),
            ("ClientRequestQuery", f"?{query}" if query else ""),
            ("ClientRequestUserAgent", agent),
            ("Datetime", "{isoz}"),
            ("EdgeResponseStatus", 403 if action in ("block", "managed_challenge") else 200),
            ("RayID", "{hex:16}"),
            ("RuleID", "{hex:32}"),
        ]
        return as_json(c, filled(c, memo, jostle(c, fields)))

    return make


def _fortiweb(category: str) -> Make:
    def make(c: Ctx, memo: dict[str, str]) -> str:
        kind = _waf_kind(c, category)
        path, query, agent = _waf_request(c, kind)
        head: list[tuple[str, object]] = [
            ("date", "{ymd}"),
            ("time", "{hms}"),
            ("log_id", "{pick:20000008|20000010|20000051}" if kind else "30001000"),
            ("device_id", "FV-{int:1000-4000}E{hex:8}"),
            ("vd", "root"),
            ("type", "attack" if kind else "traffic"),
        ]
        if kind:
            sub, sig = FORTIWEB_KINDS[kind]
            mid: list[tuple[str, object]] = [
                ("pri", "alert"),
                ("main_type", "Signature Detection"),
                ("sub_type", sub),
                ("severity_level", "High"),
                ("action", "{pick:Alert_Deny|Alert_Deny|Alert|Period_Block}"),
                ("signature_id", sig),
            ]
        else:
            mid = [("pri", "notice"), ("status", "success"), ("action", "Accept")]
        tail: list[tuple[str, object]] = [
            ("proto", "tcp"),
            ("service", "https/tls1.{pick:2|3}"),
            ("policy", "{word}-pol"),
            ("src", "{ip}"),
            ("src_port", "{port}"),
            ("dst", "{privip}"),
            ("dst_port", "443"),
            ("http_method", "{pick:get|post}"),
            ("http_url", f"{path}?{query}" if query else path),
            ("http_host", "{site}"),
            ("http_agent", agent),
            (
                "msg",
                f"[main class name: {FORTIWEB_KINDS[kind][0]}]: {FORTIWEB_KINDS[kind][1]}"
                if kind
                else "HTTP request allowed",
            ),
        ]
        return as_kv(c, filled(c, memo, [*head, *mid, *tail]), quote=None)

    return make


def _azure_waf(category: str) -> Make:
    def make(c: Ctx, memo: dict[str, str]) -> str:
        kind = _waf_kind(c, category)
        path, query, _ = _waf_request(c, kind)
        if kind:
            rule, message, group = AZURE_KINDS[kind]
            action = c.pick(("Matched", "Blocked", "Detected"))
            details: dict[str, object] = {
                "message": f'Warning. Pattern match at ARGS. [file "rules/{group}.conf"]',
                "data": query[:60],
                "file": f"rules/{group}.conf",
                "line": "{int:100-1500}",
            }
        else:
            rule, message, group = "ALLOW-OFFICE", "Custom rule allowed request", ""
            action, details = "Allowed", {}
        # Led by the rule and its action, as Sentinel and Event Hub readers reorder it.
        props: dict[str, object] = {
            "message": message,
            "action": action,
            "ruleId": rule,
            "clientIp": "{ip}",
            "requestUri": f"{path}?{query}" if query else path,
            "ruleSetType": "OWASP" if kind else "Custom",
            "ruleSetVersion": "3.2" if kind else "",
            "ruleGroup": group,
            "instanceId": "appgw_{int:0-3}",
            "site": "Global",
            "details": details,
            "hostname": "{site}",
            "transactionId": "{hex:32}",
        }
        fields: list[tuple[str, object]] = [
            ("timeStamp", "{isous}"),
            ("category", "ApplicationGatewayFirewallLog"),
            ("properties", props),
            ("operationName", "ApplicationGatewayFirewall"),
            (
                "resourceId",
                "/SUBSCRIPTIONS/{uuid}/RESOURCEGROUPS/{word}/PROVIDERS/MICROSOFT."
                "NETWORK/APPLICATIONGATEWAYS/{word2}",
            ),
        ]
        return as_json(c, filled(c, memo, fields))

    return make


def _barracuda(category: str) -> Make:
    def make(c: Ctx, memo: dict[str, str]) -> str:
        kind = _waf_kind(c, category)
        path, query, agent = _waf_request(c, kind)
        url = f"{path}?{query}" if query else path
        if kind:
            name, rule = BARRACUDA_KINDS[kind]
            parts = [
                "WF",
                c.pick(("ALER", "EMER", "CRIT")),
                name,
                "{ip}",
                "{port}",
                "{privip}",
                "443",
                "global",
                rule,
                c.pick(("DENY", "DENY", "LOG")),
                "NONE",
                f'[type="{rule}" pattern="{kind}"]',
                "{pick:GET|POST}",
                url,
                "HTTPS",
                "-",
                f'"{agent}"',
            ]
        else:
            parts = [
                "TR",
                "{ip}",
                "{port}",
                "{privip}",
                "443",
                "{pick:GET|POST}",
                url,
                "HTTPS",
                "{pick:200|200|304|302}",
                "{int:100-90000}",
                "{int:1-900}",
                f'"{agent}"',
            ]
        return c.fill(f"{{space}}.{{msec}} {{tz}} {{srv}} {' '.join(parts)}", memo, **clock(c.when))

    return make


# --- antivirus and mail-av -------------------------------------------------------------

MALWARE_NAMES = (
    "Win.Trojan.Agent-{int:100000-9999999}-0",
    "Unix.Trojan.Mirai-{int:1000000-9999999}-0",
    "Win.Malware.Emotet-{int:1000000-9999999}-0",
    "Doc.Downloader.Emotet-{int:1000000-9999999}-0",
    "Xls.Dropper.Agent-{int:1000000-9999999}-0",
    "Js.Trojan.Nemucod-{int:1000000-9999999}-0",
    "Multios.Coinminer.Miner-{int:1000000-9999999}-0",
    "Unix.Malware.Kaiji-{int:1000000-9999999}-0",
    "Win.Ransomware.Lockbit-{int:1000000-9999999}-0",
    "Unix.Trojan.Gafgyt-{int:1000000-9999999}-0",
    "Win.Packed.Generic-{int:1000000-9999999}-0",
    "Win.Test.EICAR_HDB-1",
    "Eicar-Signature",
)
WEBSHELL_NAMES = (
    "Php.Webshell.Generic-{int:1000000-9999999}-0",
    "Php.Trojan.C99-{int:100000-999999}",
    "Asp.Webshell.ChinaChopper-{int:1000000-9999999}-0",
    "Jsp.Webshell.Behinder-{int:1000000-9999999}-0",
)
_INFECTED_PATHS = (
    "/tmp/{pick:.x|kdevtmpfsi|x86_64|bins.sh|.ICE-unix/{word}}",
    "/var/tmp/.{word}/{pick:xmrig|sshd|kswapd0}",
    "/dev/shm/{pick:.rsync|{hex:6}}",
    "/home/{person}/Downloads/{pick:invoice|scan|payment|order}_{int:100-9999}.{pick:zip|exe|"
    "docm|xlsm|js|iso}",
    "/srv/samba/{pick:shared|public|finance}/{word}.{pick:exe|scr|docm}",
    "/var/spool/{pick:postfix|exim4}/{hex:10}",
    "/var/lib/docker/overlay2/{hex:64}/diff/usr/bin/{word}",
)
_WEBSHELL_PATHS = (
    "/var/www/html/wp-content/uploads/{int:2018-2025}/{int:10-12}/{word}.php",
    "/var/www/{site}/public/uploads/{pick:shell|up|{word}}.php",
    "/var/www/html/images/{pick:x|cmd|{hex:6}}.php",
    "/opt/tomcat/webapps/ROOT/{word}.jsp",
)
_CLEAN_PATHS = (
    "/home/{person}/{pick:Documents|Downloads}/{word}.{pick:pdf|docx|xlsx|png|zip}",
    "/var/www/html/{pathword}/{word}.{pick:php|js|css|html}",
    "/srv/samba/{pick:shared|public}/{word}.{pick:pdf|odt|jpg}",
    "/usr/lib/x86_64-linux-gnu/lib{word}.so.{int:1-9}",
)


def _infected(c: Ctx, category: str) -> tuple[str, str]:
    """(malware name, path) of a detection of ``category``."""
    if category == "webshell":
        return c.fill(c.pick(WEBSHELL_NAMES)), c.fill(c.pick(_WEBSHELL_PATHS))
    return c.fill(c.pick(MALWARE_NAMES)), c.fill(c.pick(_INFECTED_PATHS))


CLAMD_ATTACK = (
    "{path}: {virus} FOUND",
    "{path}: {virus} FOUND",
    "ScanOnAccess: {path}: {virus} FOUND",
    "{path}: {virus} FOUND (moved to '/var/lib/clamav/quarantine/{hex:12}')",
    "{path}: Removed.",
    "/var/lib/clamav/quarantine/{hex:12}: {virus} FOUND",
)
CLAMD_BENIGN = (
    "SelfCheck: Database status OK.",
    "SelfCheck: Database modification detected. Forcing reload.",
    "Reading databases from /var/lib/clamav",
    "Database correctly reloaded ({int:6000000-9000000} sigs)",
    "{clean}: OK",
    "clamd daemon 1.{int:0-4}.{int:0-9} (OS: Linux, ARCH: x86_64, CPU: x86_64)",
    "Limits: Global time limit set to 120000 milliseconds.",
    "ScanOnAccess: Max file size limited to 5242880 bytes",
    "Received 0 file descriptor(s) from systemd.",
    "daily.cld database is up-to-date (version: {int:26000-27500}, sigs: "
    "{int:2000000-2100000}, f-level: 90, builder: raynman)",
    "Database updated ({int:8000000-8800000} signatures) from database.clamav.net (IP: {pubip})",
)
SAVSCAN = (
    (
        "malware_c2",
        ">>> Virus '{pick:Troj/Agent-{hex:4}|Mal/Generic-S|Linux/Mirai-{pick:B|C|"
        "Z}|Troj/Miner-{hex:3}|Troj/Ransom-{hex:3}}' found in file {path}",
    ),
    (
        "malware_c2",
        "on-access: Threat detected: '{pick:Troj/Agent-{hex:4}|Linux/DDoS-{hex:2}|"
        "Mal/Behav-{int:100-400}}' in '{path}' - quarantined",
    ),
    (
        "webshell",
        ">>> Virus '{pick:Troj/WebShell-{hex:2}|Troj/PHPShll-{hex:1}}' found in file {path}",
    ),
    (BENIGN, "End of Scan: 0 threats found in {int:1000-900000} files"),
    (BENIGN, "Scheduled scan '{word}' completed: no threats found"),
    (BENIGN, "Update completed: threat data version {int:5-6}.{int:80-99}.{int:0-9}"),
    (BENIGN, "on-access scanning enabled"),
)
ESETS = (
    (
        "malware_c2",
        "summ[{hex:4}]: vdb={int:20000-29000}, agent={pick:scan|realtime|http}, "
        'name="{path}", virus="{pick:Linux/Mirai.{pick:A|B|CQ} trojan|Win32/Agent.{pick:ABC|WXY}'
        " trojan|JS/TrojanDownloader.Nemucod.{pick:A|B} trojan|Linux/CoinMiner.{pick:A|BJ} "
        'potentially unwanted application}", action="cleaned by deleting", '
        'info="Event occurred on a new file created by the application: '
        '/usr/bin/{pick:wget|curl|python3}", avstatus="clean (deleted)", hop="accepted"',
    ),
    (
        "webshell",
        'summ[{hex:4}]: vdb={int:20000-29000}, agent=realtime, name="{path}", '
        'virus="PHP/WebShell.{pick:NBF|A|AH} trojan", action="cleaned by deleting", info="Event '
        'occurred on a new file created by the application: /usr/sbin/{pick:apache2|php-fpm8.2}"'
        ', avstatus="clean (deleted)", hop="accepted"',
    ),
    (BENIGN, "Modules update succeeded: vdb={int:20000-29000}"),
    (
        BENIGN,
        'summ[{hex:4}]: vdb={int:20000-29000}, agent=scan, name="{clean}", virus="", '
        'action="", info="", avstatus="clean", hop="accepted"',
    ),
    (
        BENIGN,
        "On-demand scan finished: scanned={int:1000-900000}, infected=0, cleaned=0, "
        "time={int:10-9000}s",
    ),
)
DEFENDER = (
    (
        "malware_c2",
        "1116",
        "Microsoft Defender Antivirus has detected malware or other "
        "potentially unwanted software. Name: {pick:Trojan:Win32/Emotet.RPX!MTB|Backdoor:Win64/"
        "CobaltStrike.NP!dha|Ransom:Win32/LockBit.AA|Trojan:Script/Wacatac.B!ml|Trojan:Win32/"
        "Qakbot!MSR} ID: 2147{int:100000-999999} Severity: Severe Category: Trojan Path: "
        "file:_C:\\Users\\{person}\\AppData\\Local\\Temp\\{word}.{pick:exe|dll|js} Detection "
        "Origin: Local machine Detection Type: Concrete Detection Source: Real-Time Protection "
        "User: NT AUTHORITY\\SYSTEM Process Name: C:\\Windows\\explorer.exe",
    ),
    (
        "malware_c2",
        "1117",
        "Microsoft Defender Antivirus has taken action to protect this "
        "machine from malware or other potentially unwanted software. Name: {pick:Trojan:Win32/"
        "Emotet.RPX!MTB|Ransom:Win32/Conti.ZA|Trojan:Win32/AgentTesla!ml} ID: 2147"
        "{int:100000-999999} Severity: Severe Category: Trojan Path: file:_C:\\Users\\{person}"
        "\\Downloads\\{word}.exe Action: Quarantine Action Status: No additional actions "
        "required",
    ),
    (
        "credential_access",
        "1116",
        "Microsoft Defender Antivirus has detected malware or other "
        "potentially unwanted software. Name: {pick:HackTool:Win64/Mimikatz!pz|HackTool:Win32/"
        "Mimikatz.D|Behavior:Win32/LsassDump.A|HackTool:Win64/NanoDump.A} ID: 2147"
        "{int:100000-999999} Severity: High Category: Tool Path: file:_C:\\Windows\\Temp\\"
        "{word}.exe Detection Source: Real-Time Protection",
    ),
    (
        BENIGN,
        "1001",
        "Microsoft Defender Antivirus scan has finished. Scan ID: {{uuid}} Scan "
        "Type: Antimalware Scan Parameters: {pick:Quick Scan|Full Scan} Scan Time Hours: 0 Scan "
        "Time Minutes: {int:1-59} Scan Time Seconds: {int:0-59}",
    ),
    (
        BENIGN,
        "2000",
        "Microsoft Defender Antivirus security intelligence version updated. "
        "Current security intelligence Version: 1.{int:380-420}.{int:100-999}.0 Previous security "
        "intelligence Version: 1.{int:380-420}.{int:100-999}.0 Security intelligence Type: "
        "AntiVirus Update Type: Delta",
    ),
    (
        BENIGN,
        "1150",
        "Endpoint Protection client is up and running in a healthy state. "
        "Platform version: 4.18.{int:23000-24100}.{int:1-9} Engine version: 1.1.{int:23000-24100}"
        ".{int:1-9} Security intelligence version: 1.{int:380-420}.{int:100-999}.0",
    ),
    (
        BENIGN,
        "5007",
        "Microsoft Defender Antivirus Configuration has changed. Old value: "
        "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Scan\\ScheduleDay = 0x8 New value: "
        "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Scan\\ScheduleDay = 0x{int:1-7}",
    ),
)
SEP = (
    (
        "malware_c2",
        "Virus found,Computer name: {WS},Source: {pick:Auto-Protect scan|Scheduled "
        "Scan|Manual scan},Risk name: {pick:Trojan.Gen.2|W32.Downadup.B|Backdoor.Cobalt|Ransom."
        "Lockbit|Trojan.Emotet},Occurrences: 1,File path: C:\\Users\\{person}\\AppData\\Local\\"
        "Temp\\{word}.exe,Description: ,Actual action: {pick:Quarantined|Deleted|Cleaned by "
        "deletion},Requested action: Quarantined,Secondary action: Deleted,Event time: {space},"
        "Inserted: {space},End: {space},Domain: Default,Group: My Company\\{word},Server: "
        "{srv},User: {person},Source computer: ,Source IP: ",
    ),
    (
        "malware_c2",
        "Security risk found,Computer name: {WS},Source: Auto-Protect scan,Risk "
        "name: {pick:Trojan.Gen.MBT|Heur.AdvML.B|WS.Reputation.1},Occurrences: 1,File path: "
        "C:\\ProgramData\\{word}\\{word2}.dll,Actual action: Quarantined,Requested action: "
        "Quarantined",
    ),
    (
        BENIGN,
        "Virus definitions are current,Computer name: {WS},Definitions version: {ymd} r{int:1-30}",
    ),
    (
        BENIGN,
        "Scan Complete:  Risks: 0   Scanned: {int:1000-900000}   Files/Folders/Drives "
        "Omitted: {int:0-90} Trusted Files Skipped: {int:0-9000},Computer name: {WS}",
    ),
    (BENIGN, "Symantec Endpoint Protection has been started,Computer name: {WS}"),
)
MAIL_AV = (
    (
        "clamsmtpd",
        "malware_c2",
        "{int:100000-999999}: from={email}, to={email2}, status=VIRUS:{virus}",
    ),
    ("clamsmtpd", BENIGN, "{int:100000-999999}: from={email}, to={email2}, status=CLEAN"),
    (
        "clamav-milter",
        "malware_c2",
        "Message {qid} from <{email}> to <{email2}> infected by {virus}",
    ),
    ("clamav-milter", BENIGN, "Message {qid} from <{email}> to <{email2}> is clean"),
    (
        "exim",
        "malware_c2",
        "{exim} H=({heloname}) [{ip}] F=<{email}> rejected after DATA: This "
        "message contains a virus ({virus}).",
    ),
    (
        "exim",
        BENIGN,
        "{exim} <= {email} H=({heloname}) [{ip}] P=esmtps "
        "X=TLS1.3:TLS_AES_256_GCM_SHA384:256 S={int:1000-90000} id={hex:16}@{domain}",
    ),
    (
        "rspamd",
        "malware_c2",
        '<{hex:6}>; lua; antivirus.lua:{int:100-300}: clamav: virus found: "{virus}"',
    ),
    (
        "rspamd",
        BENIGN,
        "<{hex:6}>; task; rspamd_task_write_log: id: <{hex:16}@{domain}>, qid: "
        "<{qid}>, ip: {ip}, from: <{email}>, (default: F (no action): [-{float:3}/15.00] "
        "[BAYES_HAM(-3.00){100.00%;},DKIM_VALID(-0.10){{domain};}]), len: {int:1000-90000}, "
        "time: {int:10-900}.{int:0-999}ms, dns req: {int:1-40}, digest: <{hex:32}>",
    ),
    ("MailScanner", "malware_c2", "Infected message {qid} came from {ip}"),
    ("MailScanner", "malware_c2", "Virus Scanning: ClamAV found {int:1-3} infections"),
    ("MailScanner", BENIGN, "Virus and Content Scanning: Starting"),
    ("MailScanner", BENIGN, "New Batch: Scanning {int:1-30} messages, {int:1000-900000} bytes"),
)


def _av(rows: Sequence[tuple[str, str]], category: str, clean: bool = True) -> Make:
    mine = [t for cat, t in rows if cat == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        virus, path = _infected(c, "webshell" if category == "webshell" else "malware_c2")
        return c.fill(
            c.pick(mine),
            memo,
            virus=virus,
            path=path,
            clean=c.fill(c.pick(_CLEAN_PATHS)) if clean else "",
            WS=c.fill("{word}").upper()[:15],
            exim=f"{c.when:%Y-%m-%d %H:%M:%S} " + c.fill("1r{hex:4}-000{hex:3}-{hex:2}"),
            **clock(c.when),
        )

    return make


def _clamd(category: str) -> Make:
    rows = [(BENIGN, t) for t in CLAMD_BENIGN] + [
        (cat, t) for cat in ("malware_c2", "webshell") for t in CLAMD_ATTACK
    ]
    return _av(rows, category)


def _defender(category: str) -> Make:
    mine = [r for r in DEFENDER if r[0] == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        _, event_id, text = c.pick(mine)
        text = c.fill(text, memo)
        if c.chance(0.5):
            return f"{event_id}: {text}"
        level = "Warning" if category != BENIGN else "Information"
        return (
            f"{c.when:%Y-%m-%d %H:%M:%S} {c.fill('{word}').upper()[:15]} Microsoft-Windows-"
            f"Windows Defender/Operational {event_id} {level} {text}"
        )

    return make


def _mail_av(category: str) -> list[Emitter]:
    out = []
    for app in dict.fromkeys(a for a, _, _ in MAIL_AV):
        rows = [(cat, t) for a, cat, t in MAIL_AV if a == app]
        if any(cat == category for cat, _ in rows):
            kind = "benign" if category == BENIGN else "attack"
            out.append(
                product(
                    "mail-av",
                    category,
                    f"{kind}:mail-av-{app.lower()}",
                    app,
                    _av(rows, category, clean=False),
                    weight=0.3,
                    count=(1, 3),
                )
            )
    return out


# --- anti-dos --------------------------------------------------------------------------

SRX_SCREEN = (
    (
        "dos",
        "RT_SCREEN_TCP",
        "SYN flood! source: {ip}:{port}, destination: {privip}:{sport}, "
        "zone name: untrust, interface name: {junif}, action: drop",
    ),
    (
        "dos",
        "RT_SCREEN_UDP",
        "UDP flood! source: {ip}:{port}, destination: {privip}:{sport}, "
        "zone name: untrust, interface name: {junif}, action: drop",
    ),
    (
        "dos",
        "RT_SCREEN_ICMP",
        "ICMP flood! source: {ip}, destination: {privip}, zone name: "
        "untrust, interface name: {junif}, action: drop",
    ),
    (
        "dos",
        "RT_SCREEN_IP",
        "Teardrop attack! source: {ip}, destination: {privip}, "
        "protocol-id: 17, zone name: untrust, interface name: {junif}, action: drop",
    ),
    (
        "dos",
        "RT_SCREEN_IP",
        "Land attack! source: {privip}, destination: {privip}, "
        "protocol-id: 6, zone name: untrust, interface name: {junif}, action: drop",
    ),
    (
        "dos",
        "RT_SCREEN_ICMP",
        "Ping of death! source: {ip}, destination: {privip}, zone name: "
        "untrust, interface name: {junif}, action: drop",
    ),
    (
        "dos",
        "RT_SCREEN_IP",
        "IP fragment with overlapping offsets! source: {ip}, destination: "
        "{privip}, protocol-id: 17, zone name: untrust, interface name: {junif}, action: drop",
    ),
    (
        "dos",
        "RT_SCREEN_TCP",
        "WinNuke attack! source: {ip}:{port}, destination: {privip}:139, "
        "zone name: untrust, interface name: {junif}, action: drop",
    ),
    (
        "network_scan",
        "RT_SCREEN_TCP",
        "TCP port scan! source: {ip}:{port}, destination: "
        "{privip}:{sport}, zone name: untrust, interface name: {junif}, action: drop",
    ),
    (
        "network_scan",
        "RT_SCREEN_IP",
        "IP sweep! source: {ip}, destination: {privip}, "
        "protocol-id: 1, zone name: untrust, interface name: {junif}, action: drop",
    ),
    (
        "network_scan",
        "RT_SCREEN_UDP",
        "UDP port scan! source: {ip}:{port}, destination: "
        "{privip}:{sport}, zone name: untrust, interface name: {junif}, action: drop",
    ),
    (
        BENIGN,
        "RT_FLOW",
        "RT_FLOW_SESSION_CREATE: session created {privip}/{port}->{pubip}/443 "
        "0x0 junos-https {pubip2}/{port}->{pubip}/443 0x0 source rule {word}-snat N/A N/A 6 "
        "trust-to-untrust trust untrust {int:1000-999999} N/A(N/A) {junif} UNKNOWN UNKNOWN "
        "UNKNOWN N/A N/A -1 N/A",
    ),
    (
        BENIGN,
        "UI_COMMIT",
        "User '{person}' requested 'commit' operation (comment: update screen options on untrust)",
    ),
    (BENIGN, "UI_COMMIT_COMPLETED", "commit complete"),
)
ASA_DOS = (
    (
        "dos",
        "%ASA-4-733100",
        "[ SYN Attack] drop rate-1 exceeded. Current burst rate is "
        "{int:100-9000} per second, max configured rate is 100; Current average rate is "
        "{int:100-9000} per second, max configured rate is 80; Cumulative total count is "
        "{int:10000-9000000}",
    ),
    ("dos", "%ASA-2-106017", "Deny IP due to Land Attack from {privip} to {privip}"),
    (
        "dos",
        "%ASA-2-106020",
        "Deny IP teardrop fragment (size = {int:20-1480}, offset = "
        "{int:1-180}) from {ip} to {privip}",
    ),
    (
        "dos",
        "%ASA-4-209005",
        "Discard IP fragment set with more than 24 elements: src = {ip}, "
        "dest = {privip}, proto = UDP, id = {int:1-65535}",
    ),
    (
        "dos",
        "%ASA-4-400025",
        "IDS:2151 Large ICMP packet from {ip} to {privip} on interface outside",
    ),
    (
        "dos",
        "%ASA-4-733100",
        "[ Interface] drop rate-1 exceeded. Current burst rate is "
        "{int:1000-90000} per second, max configured rate is 8000; Current average rate is "
        "{int:1000-90000} per second, max configured rate is 2000; Cumulative total count is "
        "{int:100000-9000000}",
    ),
    (
        "network_scan",
        "%ASA-4-733101",
        "Host {ip} is attacking. Current burst rate is "
        "{int:10-400} per second, max configured rate is 10; Current average rate is {int:5-90} "
        "per second, max configured rate is 5; Cumulative total count is {int:1000-90000}",
    ),
    (
        BENIGN,
        "%ASA-5-111008",
        "User '{person}' executed the 'threat-detection basic-threat' command.",
    ),
    (
        BENIGN,
        "%ASA-6-302016",
        "Teardown UDP connection {int:100000-999999999} for "
        "outside:{pubip}/53 to inside:{privip}/{port} duration 0:00:00 bytes {int:60-900}",
    ),
)
FORTI_DOS = (
    ("dos", "tcp_syn_flood"),
    ("dos", "udp_flood"),
    ("dos", "icmp_flood"),
    ("dos", "tcp_src_session"),
    ("dos", "ip_src_session"),
    ("network_scan", "tcp_port_scan"),
    ("network_scan", "icmp_sweep"),
)
SFOS_DOS = (
    ("dos", "SYN Flood"),
    ("dos", "UDP Flood"),
    ("dos", "ICMP Flood"),
    ("dos", "Land Attack"),
    ("dos", "Teardrop Attack"),
    ("network_scan", "TCP Port Scan"),
)
FASTNETMON = (
    (
        "dos",
        "We run execute_ip_ban code with following params {privip} attack direction: "
        "incoming attack type: {pick:syn_flood|udp_flood|icmp_flood|ip_fragmentation_flood} "
        "attack power: {int:50000-9000000} pps",
    ),
    (
        "dos",
        "IP: {privip} attack details: Attack type: {pick:syn_flood|udp_flood|icmp_flood|"
        "ip_fragmentation_flood} Initial attack power: {int:50000-9000000} packets per second "
        "Peak attack power: {int:50000-9000000} packets per second Attack direction: incoming "
        "Attack protocol: {pick:tcp|udp|icmp}",
    ),
    (
        "dos",
        "Attack with direction: incoming IP: {privip} Power: {int:50000-9000000} pps "
        "was detected, we will ban it",
    ),
    (BENIGN, "FastNetMon started, networks loaded: {int:1-90}"),
    (
        BENIGN,
        "Total traffic: incoming {int:10-9000} mbps {int:10000-900000} pps, outgoing "
        "{int:10-9000} mbps {int:10000-900000} pps",
    ),
    (BENIGN, "We loaded {int:1-90} networks from networks file"),
    (BENIGN, "Ban list is empty, no active attacks"),
)


def _pairs_make(rows: Sequence[tuple[str, str, str]], category: str) -> Make:
    """A maker of ``(category, tag, template)`` rows whose tag leads the message."""
    mine = [(tag, t) for cat, tag, t in rows if cat == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        tag, template = c.pick(mine)
        junif = c.fill("{pick:ge|xe|reth}-0/0/{int:0-7}.0")
        return f"{tag}: " + c.fill(template, memo, junif=junif, **clock(c.when))

    return make


def _forti_dos(category: str) -> Make:
    mine = [a for cat, a in FORTI_DOS if cat == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        head = [
            ("date", "{ymd}"),
            ("time", "{hms}"),
            ("devname", "FG{int:60-900}F-{pick:HQ|EDGE|DC}{int:1-9}"),
            ("devid", "FG{int:100-900}F{hex:10}"),
            ("vd", "root"),
        ]
        if category == BENIGN:
            fields: list[tuple[str, object]] = [
                *head,
                ("logid", "0100044547"),
                ("type", "event"),
                ("subtype", "system"),
                ("level", "information"),
                ("logdesc", "Object attribute configured"),
                ("user", "{person}"),
                ("action", "Edit"),
                ("cfgpath", "firewall.DoS-policy"),
                ("msg", "Edit firewall.DoS-policy {int:1-9}"),
            ]
        else:
            fields = [
                *head,
                ("logid", "0720018432"),
                ("type", "anomaly"),
                ("subtype", "anomaly"),
                ("level", "alert"),
                ("severity", "critical"),
                ("srcip", "{ip}"),
                ("dstip", "{privip}"),
                ("srcintf", "wan1"),
                ("action", "{pick:clear_session|detected|dropped}"),
                ("proto", "{pick:6|17|1}"),
                ("count", "{int:100-900000}"),
                ("attack", c.pick(mine)),
                ("attackid", "{int:100-200}"),
                ("policyid", "{int:1-9}"),
                (
                    "msg",
                    "anomaly: " + c.pick(mine) + ", {int:100-90000} > threshold "
                    "{int:100-2000}, repeats {int:1-900} times",
                ),
            ]
        return as_kv(c, filled(c, memo, fields), quote=None)

    return make


def _sfos_dos(category: str) -> Make:
    mine = [a for cat, a in SFOS_DOS if cat == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        head: list[tuple[str, object]] = [
            ("device", "SFW"),
            ("date", "{ymd}"),
            ("time", "{hms}"),
            ("timezone", "{pick:UTC|CET|EST|IST}"),
            ("device_name", "{pick:XG|XGS}{int:100-500}"),
            ("device_id", "C{int:10000000-99999999}{hex:6}"),
            ("log_id", "{int:10000000000-99999999999}"),
        ]
        if category == BENIGN:
            tail: list[tuple[str, object]] = [
                ("log_type", "Event"),
                ("log_component", "DoS Attack"),
                ("log_subtype", "System"),
                ("status", "Successful"),
                ("priority", "Information"),
                ("message", "DoS settings {pick:saved|applied} by {person}"),
            ]
        else:
            attack = c.pick(mine)
            tail = [
                ("log_type", "DoS Attack"),
                ("log_component", "DoS Attack"),
                ("log_subtype", "Anomaly"),
                ("priority", "Critical"),
                ("src_ip", "{ip}"),
                ("dst_ip", "{privip}"),
                ("protocol", "{pick:TCP|UDP|ICMP}"),
                ("src_port", "{port}"),
                ("dst_port", "{sport}"),
                ("message", f"{attack} detected: packets dropped"),
            ]
        return as_kv(c, filled(c, memo, [*head, *tail]), quote=None)

    return make


def _pan_flood(category: str) -> Make:
    rows = [
        ("dos", "Tcp Syn Flood(8501)", "flood", "flood", "critical"),
        ("dos", "Udp Flood(8502)", "flood", "flood", "critical"),
        ("dos", "Icmp Flood(8503)", "flood", "flood", "critical"),
        ("dos", "Session Limit Event(8800)", "flood", "flood", "critical"),
        ("network_scan", "Host Sweep(8002)", "any", "scan", "critical"),
        (
            BENIGN,
            "computer-and-internet-info",
            "computer-and-internet-info",
            "url",
            "informational",
        ),
    ]
    return _panos(category, rows)


# --- edr -------------------------------------------------------------------------------

# (category, tactic, technique, description, file, command line)
FALCON = (
    (
        "credential_access",
        "Credential Access",
        "OS Credential Dumping",
        "A process accessed LSASS memory in a way consistent with credential theft.",
        "{pick:procdump64.exe|rundll32.exe|taskmgr.exe|{word}.exe}",
        "{pick:procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\l.dmp|rundll32.exe "
        "C:\\Windows\\System32\\comsvcs.dll, MiniDump {int:500-900} C:\\Temp\\{word}.dmp full}",
    ),
    (
        "credential_access",
        "Credential Access",
        "Credential Dumping",
        "Mimikatz-like behaviour was observed: a process read credentials from LSASS.",
        "mimikatz.exe",
        'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit',
    ),
    (
        "malware_c2",
        "Impact",
        "Data Encrypted for Impact",
        "A process encrypted a large number of files, consistent with ransomware.",
        "{word}.exe",
        "C:\\Users\\{person}\\AppData\\Local\\Temp\\{word}.exe -path C:\\",
    ),
    (
        "malware_c2",
        "Command and Control",
        "Application Layer Protocol",
        "A process connected to a known command-and-control server.",
        "{pick:rundll32.exe|regsvr32.exe|{word}.exe}",
        "rundll32.exe C:\\ProgramData\\{word}.dll,{pick:DllRegisterServer|Start|#1}",
    ),
    (
        "malware_c2",
        "Execution",
        "Malicious File",
        "Machine learning identified a high-confidence malicious file.",
        "{word}.exe",
        "C:\\Users\\{person}\\Downloads\\{word}.exe",
    ),
    (
        "privilege_escalation",
        "Privilege Escalation",
        "Access Token Manipulation",
        "A process duplicated a SYSTEM token to spawn a privileged child.",
        "{pick:PrintSpoofer64.exe|GodPotato.exe|JuicyPotato.exe}",
        '{pick:PrintSpoofer64.exe -i -c cmd|GodPotato.exe -cmd "cmd /c whoami"}',
    ),
    (
        "privilege_escalation",
        "Privilege Escalation",
        "Bypass User Account Control",
        "A UAC bypass through an auto-elevating binary was detected.",
        "fodhelper.exe",
        "C:\\Windows\\System32\\fodhelper.exe",
    ),
)
FALCON_BENIGN = (
    (
        "AuthActivityAuditEvent",
        {
            "OperationName": "twoFactorAuthenticate",
            "Success": True,
            "UserId": "{person}@{domain}",
            "UserIp": "{ip}",
        },
    ),
    (
        "UserActivityAuditEvent",
        {
            "OperationName": "update_sensor_update_policy",
            "ServiceName": "Sensor Update Policies",
            "UserId": "{person}@{domain}",
            "Success": True,
        },
    ),
    (
        "RemoteResponseSessionStartEvent",
        {"HostnameField": "{WS}", "UserName": "{person}@{domain}", "SessionId": "{uuid}"},
    ),
)
# (category, rule, priority, output)
FALCO = (
    (
        "credential_access",
        "Read sensitive file untrusted",
        "Warning",
        "Sensitive file opened for reading by non-trusted program (file=/etc/shadow "
        "gparent={pick:sshd|bash|node} ggparent=systemd evt_type=openat user={pick:root|"
        "www-data} user_uid={pick:0|33} user_loginuid=-1 process={pick:cat|python3|perl|sh} "
        "proc_exepath=/usr/bin/{pick:cat|python3|perl} parent={pick:bash|sh|php-fpm} "
        "command={pick:cat /etc/shadow|python3 x.py|perl -e ...} terminal=0 container_id=host "
        "container_name=host)",
    ),
    (
        "credential_access",
        "Search Private Keys or Passwords",
        "Warning",
        "Grep private keys or passwords activities found (user_name=www-data "
        "command=grep -ri password /var/www proc_exepath=/usr/bin/grep container_id={hex:12})",
    ),
    (
        "malware_c2",
        "Outbound Connection to C2 Servers",
        "Critical",
        "Outbound connection to C2 server (connection={privip}:{port}->{pubip}:{pick:4444|"
        "1337|8443|443} user=www-data command={pick:sh|bash|./{word}|python3 -c ...} "
        "container_id={hex:12})",
    ),
    (
        "malware_c2",
        "Detect crypto miners using the Stratum protocol",
        "Critical",
        "Possible miner running (command=/tmp/{word} -o stratum+tcp://{pick:pool.supportxmr.com|"
        "xmr.2miners.com}:{pick:3333|443} -u 4{hex:20} pid={pid} container_id={hex:12})",
    ),
    (
        "malware_c2",
        "Drop and execute new binary in container",
        "Critical",
        "Executing binary not part of base image (proc_exe=/tmp/{word} user=root "
        "command=/tmp/{word} container_id={hex:12} image=docker.io/library/{pick:nginx|node|"
        "python}:latest)",
    ),
    (
        "privilege_escalation",
        "Set Setuid or Setgid bit",
        "Notice",
        "Setuid or setgid bit is set via chmod (fd=<NA> filename=/tmp/{pick:.sh|bash|x} "
        "mode=S_ISUID|S_IRWXU|S_IRGRP|S_IXGRP user=www-data process=chmod command=chmod u+s "
        "/tmp/{pick:.sh|bash|x} container_id=host)",
    ),
    (
        "privilege_escalation",
        "Write below etc",
        "Error",
        "File below /etc opened for writing (file=/etc/{pick:sudoers|passwd|sudoers.d/x} "
        "user=www-data command={pick:tee -a|sh -c echo} pcmdline=sh -c ... container_id=host)",
    ),
    (
        "privilege_escalation",
        "Polkit Local Privilege Escalation Vulnerability (CVE-2021-4034)",
        "Critical",
        "Detect Polkit pkexec Local Privilege Escalation Exploit (CVE-2021-4034) (user=nobody "
        "uid=65534 command=pkexec  pid={pid} args=)",
    ),
)
FALCO_BENIGN = (
    "Falco version: 0.{int:35-39}.{int:0-2} (x86_64)",
    "Falco initialized with configuration file: /etc/falco/falco.yaml",
    "Loading rules from file /etc/falco/falco_rules.yaml",
    "Starting health webserver with threadiness {int:2-16}, listening on 0.0.0.0:8765",
    "Loaded event sources: syscall",
    "Enabled event sources: syscall",
    "Opening 'syscall' source with modern BPF probe.",
    "Events detected: 0",
    "Syscall event drop monitoring: - event drop detected: 0 occurrences",
)
S1 = (
    (
        "malware_c2",
        "Threat detected, name: {pick:{hex:8}.exe|Trojan.Emotet|payload.dll}",
        "Malicious",
        "mitigated (killed, quarantined)",
    ),
    ("malware_c2", "Ransomware behavior detected", "Malicious", "mitigated (rollback)"),
    (
        "credential_access",
        "Credential theft: LSASS memory read by untrusted process",
        "Suspicious",
        "mitigated (killed)",
    ),
    (
        "privilege_escalation",
        "Privilege escalation: token impersonation to SYSTEM",
        "Malicious",
        "mitigated (killed)",
    ),
    (BENIGN, "Agent connected to management", "", ""),
    (BENIGN, "Agent policy updated", "", ""),
    (BENIGN, "Full disk scan completed, no threats found", "", ""),
    (BENIGN, "Agent heartbeat", "", ""),
)
MDE = (
    ("credential_access", "Suspicious access to LSASS service", "CredentialAccess", "High"),
    (
        "credential_access",
        "Possible theft of passwords and other sensitive information",
        "CredentialAccess",
        "High",
    ),
    (
        "credential_access",
        "Suspected DCSync attack (replication of directory services)",
        "CredentialAccess",
        "High",
    ),
    ("malware_c2", "Ransomware behavior detected in the file system", "Ransomware", "High"),
    ("malware_c2", "Cobalt Strike command and control detected", "CommandAndControl", "High"),
    (
        "privilege_escalation",
        "Suspicious process launched using UAC bypass",
        "PrivilegeEscalation",
        "Medium",
    ),
    (
        "privilege_escalation",
        "Possible exploitation of privilege escalation vulnerability",
        "PrivilegeEscalation",
        "High",
    ),
    (BENIGN, "Sensor health state changed to Active", "", "Informational"),
    (BENIGN, "Security intelligence updated", "", "Informational"),
)


def _falcon(category: str) -> Make:
    def make(c: Ctx, memo: dict[str, str]) -> str:
        ws = memo.get("WS") or c.fill("{word}").upper()[:15]
        if category == BENIGN:
            kind, event = c.pick(FALCON_BENIGN)
            body: object = event
        else:
            rows = [r for r in FALCON if r[0] == category]
            _, tactic, technique, desc, name, cmd = c.pick(rows)
            kind = "DetectionSummaryEvent"
            body = {
                "ProcessStartTime": int(c.when.timestamp()) - c.rng.randint(0, 900),
                "ComputerName": ws,
                "UserName": "{person}",
                "DetectName": technique,
                "DetectDescription": desc,
                "Severity": c.pick((4, 5)),
                "SeverityName": c.pick(("High", "Critical")),
                "FileName": name,
                "CommandLine": cmd,
                "Tactic": tactic,
                "Technique": technique,
                "PatternDispositionDescription": c.pick(
                    (
                        "Prevention, process killed.",
                        "Detection, standard detection.",
                        "Prevention, file quarantined.",
                    )
                ),
                "LocalIP": "{privip}",
            }
        fields: list[tuple[str, object]] = [
            (
                "metadata",
                {
                    "customerIDString": "{hex:32}",
                    "offset": c.rng.randint(1, 10**7),
                    "eventType": kind,
                    "eventCreationTime": int(c.when.timestamp() * 1000),
                    "version": "1.0",
                },
            ),
            ("event", body),
        ]
        memo.setdefault("WS", ws)
        r = c.rng.random()
        if r < 0.25 and isinstance(body, dict):  # the connector's CEF output
            name = body.get("DetectName") or body.get("OperationName") or kind
            sev = body.get("Severity", 1)
            ext = " ".join(
                f"{k}={v}" for k, v in filled(c, memo, list(body.items())) if k != "DetectName"
            )
            return f"CEF:0|CrowdStrike|FalconHost|1.0|{kind}|{name}|{sev}|{ext}"
        # The SIEM connector's JSON, in its own order or with keys sorted (Go maps, jq -S).
        return as_json(c, filled(c, memo, fields), sort=r < 0.85)

    return make


def _falco(category: str) -> Make:
    rows = [r for r in FALCO if r[0] == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        now = clock(c.when)
        if category == BENIGN:
            text = c.fill(c.pick(FALCO_BENIGN), memo)
            return f"{c.when:%a %b %d %H:%M:%S %Y}: {text}"
        _, rule, priority, output = c.pick(rows)
        output = c.fill(output, memo)
        if c.chance(0.5):
            return as_json(
                c,
                [
                    ("hostname", c.fill("{srv}")),
                    ("output", f"{now['hms']}.{c.rng.randint(0, 10**9):09d}: {priority} {output}"),
                    ("priority", priority),
                    ("rule", rule),
                    ("source", "syscall"),
                    ("tags", ["host", "container", "mitre_" + category]),
                    ("time", now["isous"]),
                ],
            )
        return f"{now['hms']}.{c.rng.randint(0, 10**9):09d}: {priority} {output}"

    return make


def _cef(vendor: str, prod: str, rows: Sequence[tuple[str, str, str, str]]) -> Maker:
    def maker(category: str) -> Make:
        mine = [r for r in rows if r[0] == category]

        def make(c: Ctx, memo: dict[str, str]) -> str:
            _, name, a, b = c.pick(mine)
            sev = 1 if category == BENIGN else c.pick((7, 8, 10))
            ext = [
                ("rt", str(int(c.when.timestamp() * 1000))),
                ("dhost", c.fill("{word}").upper()[:15]),
                ("duser", c.fill("{person}")),
                ("dvc", c.fill("{privip}")),
            ]
            if vendor == "SentinelOne" and category != BENIGN:
                ext += [
                    ("cs1Label", "classification"),
                    ("cs1", a),
                    ("act", b),
                    ("filePath", c.fill("C:\\Users\\{person}\\AppData\\{word}.exe")),
                ]
            elif category != BENIGN:
                ext += [
                    ("cat", a),
                    ("cs2Label", "severity"),
                    ("cs2", b),
                    ("act", c.pick(("Blocked", "Detected", "Prevented"))),
                ]
            sig = c.rng.randint(100, 9999)
            text = c.fill(name, memo)
            return (
                f"CEF:0|{vendor}|{prod}|{c.rng.randint(21, 24)}.{c.rng.randint(1, 4)}|{sig}|"
                f"{text}|{sev}|" + " ".join(f"{k}={v}" for k, v in ext)
            )

        return make

    return maker


def _ecs_alert(category: str) -> Make:
    """Elastic Defend's endpoint alerts, as Filebeat or Logstash forward them."""
    rules = {
        "credential_access": (
            "Malicious Behavior Detection Alert: LSASS Memory Dump via MiniDumpWriteDump",
            "credential_access",
        ),
        "malware_c2": ("Ransomware Detection Alert", "malware"),
        "privilege_escalation": (
            "Malicious Behavior Detection Alert: UAC Bypass via ICMLuaUtil Elevated COM Interface",
            "privilege_escalation",
        ),
        BENIGN: ("Endpoint policy response: success", "configuration"),
    }

    def make(c: Ctx, memo: dict[str, str]) -> str:
        name, kind = rules[category]
        fields: list[tuple[str, object]] = [
            ("@timestamp", "{isoz}"),
            (
                "event",
                {
                    "kind": "alert" if category != BENIGN else "state",
                    "category": [kind],
                    "action": "rule_detection" if category != BENIGN else "policy_applied",
                },
            ),
            ("rule", {"name": name}),
            ("host", {"hostname": "{srv}", "ip": "{privip}"}),
            ("user", {"name": "{person}"}),
            (
                "process",
                {
                    "name": "{pick:rundll32.exe|powershell.exe|{word}.exe}",
                    "pid": c.rng.randint(100, 60000),
                },
            ),
        ]
        if category == BENIGN:
            fields = [f for f in fields if f[0] != "process"]
        return as_json(c, filled(c, memo, fields))

    return make


# --- assembly --------------------------------------------------------------------------


def _rows_maker(rows: Sequence[tuple[str, str]]) -> Maker:
    return lambda category: _av(rows, category)


_IDS = {
    "web_exploit": 0.5,
    "web_scan": 0.3,
    "network_scan": 0.4,
    "malware_c2": 0.4,
    "brute_force": 0.25,
    "dos": 0.2,
    "recon": 0.3,
    "credential_access": 0.2,
    BENIGN: 0.8,
}
_WAF = {"web_exploit": 0.7, "web_scan": 0.4, BENIGN: 0.8}

EMITTERS: tuple[Emitter, ...] = rescaled(
    (
        # ids-verdict
        *per_category("ids-verdict", "sophos-utm-ips", ("snort", "ips"), _sophos_ips, _IDS),
        *per_category(
            "ids-verdict",
            "firepower",
            ("ftd", "firepower"),
            _ftd,
            {k: v for k, v in _IDS.items() if k != "web_scan"},
            pid=0.0,
        ),
        *per_category(
            "ids-verdict",
            "panos-threat",
            ("PAN-OS", "panos", "pan"),
            lambda cat: _panos(cat, PANOS_THREATS),
            {
                "web_exploit": 0.4,
                "malware_c2": 0.4,
                "network_scan": 0.3,
                "brute_force": 0.2,
                "recon": 0.15,
                BENIGN: 0.6,
            },
            pid=0.0,
        ),
        *per_category(
            "ids-verdict",
            "srx-idp",
            ("RT_IDP", "idpd"),
            _junos_idp,
            {
                "web_exploit": 0.4,
                "network_scan": 0.2,
                "malware_c2": 0.3,
                "brute_force": 0.2,
                "dos": 0.15,
                BENIGN: 0.3,
            },
            pid=0.0,
        ),
        *per_category(
            "ids-verdict",
            "zeek-notice",
            ("zeek", "bro", "zeek-notice"),
            _zeek,
            {
                "network_scan": 0.4,
                "brute_force": 0.3,
                "web_exploit": 0.15,
                "malware_c2": 0.15,
                "recon": 0.2,
                BENIGN: 0.6,
            },
            raw=0.5,
        ),
        # waf-verdict
        *per_category("waf-verdict", "f5-asm", ("ASM", "asm", "bigip"), _f5, _WAF, pid=0.0),
        *per_category(
            "waf-verdict",
            "aws-waf",
            ("aws-waf", "firehose", "waf"),
            _aws,
            {**_WAF, "dos": 0.2},
            raw=0.4,
        ),
        *per_category(
            "waf-verdict",
            "cloudflare",
            ("cloudflare", "logpush", "cf-logs"),
            _cloudflare,
            _WAF,
            raw=0.4,
        ),
        *per_category(
            "waf-verdict", "fortiweb", ("fortiweb", "FortiWeb"), _fortiweb, _WAF, pid=0.0
        ),
        *per_category(
            "waf-verdict",
            "azure-appgw",
            ("azure-waf", "eventhub", "appgw"),
            _azure_waf,
            _WAF,
            raw=0.3,
        ),
        *per_category(
            "waf-verdict", "barracuda", ("barracuda", "BarracudaWAF"), _barracuda, _WAF, raw=0.4
        ),
        # antivirus
        *per_category(
            "antivirus",
            "clamd",
            ("clamd", "clamonacc", "freshclam"),
            _clamd,
            {"malware_c2": 0.7, "webshell": 0.3, BENIGN: 1.0},
            attack_apps=("clamd", "clamonacc", "clamdscan"),
        ),
        *per_category(
            "antivirus",
            "sophos-av",
            ("savd", "savscan", "sophos-spl"),
            _rows_maker(SAVSCAN),
            {"malware_c2": 0.4, "webshell": 0.15, BENIGN: 0.5},
        ),
        *per_category(
            "antivirus",
            "eset",
            ("esets_daemon", "esets", "eset-efs"),
            _rows_maker(ESETS),
            {"malware_c2": 0.4, "webshell": 0.15, BENIGN: 0.5},
        ),
        *per_category(
            "antivirus",
            "defender",
            ("Microsoft-Windows-Windows_Defender", "WinDefend", "MSWinEventLog"),
            _defender,
            {"malware_c2": 0.5, "credential_access": 0.3, BENIGN: 0.7},
            pid=0.0,
        ),
        *per_category(
            "antivirus",
            "sep",
            ("SymantecServer", "sepm"),
            _rows_maker(SEP),
            {"malware_c2": 0.4, BENIGN: 0.5},
            pid=0.0,
        ),
        # mail-av
        *_mail_av("malware_c2"),
        *_mail_av(BENIGN),
        # anti-dos
        *per_category(
            "anti-dos",
            "srx-screen",
            ("RT_SCREEN", "srx", "junos"),
            lambda cat: _pairs_make(SRX_SCREEN, cat),
            {"dos": 1.2, "network_scan": 0.5, BENIGN: 0.6},
            pid=0.0,
        ),
        *per_category(
            "anti-dos",
            "asa-threat",
            ("asa", "ASA"),
            lambda cat: _pairs_make(ASA_DOS, cat),
            {"dos": 0.8, "network_scan": 0.3, BENIGN: 0.4},
            pid=0.0,
        ),
        *per_category(
            "anti-dos",
            "fortigate-dos",
            ("fortigate", "FortiGate"),
            _forti_dos,
            {"dos": 0.7, "network_scan": 0.3, BENIGN: 0.3},
            pid=0.0,
        ),
        *per_category(
            "anti-dos",
            "sfos-dos",
            ("sfos", "SophosFirewall", "XG"),
            _sfos_dos,
            {"dos": 0.6, "network_scan": 0.2, BENIGN: 0.3},
            pid=0.0,
        ),
        *per_category(
            "anti-dos",
            "panos-zone-protection",
            ("PAN-OS", "panos"),
            _pan_flood,
            {"dos": 0.5, "network_scan": 0.2, BENIGN: 0.2},
            pid=0.0,
        ),
        *per_category(
            "anti-dos",
            "fastnetmon",
            ("fastnetmon", "FastNetMon"),
            rows_maker(FASTNETMON),
            {"dos": 0.6, BENIGN: 0.5},
        ),
        # edr
        *per_category(
            "edr",
            "falcon",
            ("falcon-siem-connector", "cs-siem", "crowdstrike"),
            _falcon,
            {"credential_access": 0.4, "malware_c2": 0.4, "privilege_escalation": 0.3, BENIGN: 0.6},
            raw=0.3,
        ),
        *per_category(
            "edr",
            "falco",
            ("falco", "falco-modern-bpf"),
            _falco,
            {"credential_access": 0.3, "malware_c2": 0.4, "privilege_escalation": 0.4, BENIGN: 0.6},
        ),
        *per_category(
            "edr",
            "sentinelone",
            ("SentinelOne", "s1-mgmt", "CEF"),
            _cef("SentinelOne", "Mgmt", S1),
            {"credential_access": 0.2, "malware_c2": 0.3, "privilege_escalation": 0.2, BENIGN: 0.4},
            pid=0.0,
        ),
        *per_category(
            "edr",
            "mde",
            ("MicrosoftDefenderATP", "mde", "CEF"),
            _cef("Microsoft", "Microsoft Defender for Endpoint", MDE),
            {"credential_access": 0.3, "malware_c2": 0.3, "privilege_escalation": 0.2, BENIGN: 0.4},
            pid=0.0,
        ),
        *per_category(
            "edr",
            "elastic-defend",
            ("elastic-agent", "endpoint-security", "filebeat"),
            _ecs_alert,
            {"credential_access": 0.2, "malware_c2": 0.2, "privilege_escalation": 0.2, BENIGN: 0.3},
            raw=0.4,
        ),
    )
)
