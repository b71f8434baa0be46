"""Packet filters, IDS and VPN gateways: iptables/UFW/nftables/firewalld, pfSense,
Cisco ASA, FortiGate, Suricata, Snort, portsentry, scanlogd, OpenVPN, strongSwan,
WireGuard, MikroTik.

Labelling decisions:

* A firewall drop/reject/block of unsolicited traffic from outside (a SYN to
  a service port, a UDP probe) is network_scan: one line is one probe.  An
  ALLOW/ACCEPT/Built line is benign, and so are drops of the LAN's own
  chatter (mDNS, SSDP, NetBIOS, DHCP and other broadcast or multicast from
  private sources), which fill real firewall logs.
* UFW ``LIMIT BLOCK`` (the ``limit`` rule guarding ssh) is brute_force.
* IDS alerts take the category of their signature: ET SCAN network_scan
  (web_scan for web scanner signatures), ET WEB_SERVER / EXPLOIT /
  WEB_SPECIFIC_APPS web_exploit, ET MALWARE / TROJAN / CNC / COINMINER
  malware_c2, ET DOS dos, DNS tunnelling dns_exfiltration, brute-force
  signatures brute_force, ``id check returned root`` webshell.  ET POLICY /
  INFO alerts and Suricata's own stream/decoder events are benign: they
  describe ordinary traffic.
* ``possible SYN flooding ... Sending cookies`` and conntrack table full:
  dos.
* VPN: password failures are brute_force; handshakes that never complete
  from strangers (``cannot locate HMAC``, ``TLS key negotiation failed``,
  ``no IKE config found``, invalid WireGuard initiations) are network_scan;
  ``ping-restart`` and ordinary reconnects are benign.
"""

from __future__ import annotations

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line, templated
from insyt.training.synth.vocab import SERVICE_PORTS, ip_private

_PREFIXES_BLOCK = (
    "[UFW BLOCK] ",
    "[UFW BLOCK] ",
    "IPTables-Dropped: ",
    "iptables denied: ",
    "DROP: ",
    "REJECT ",
    "FW-IN-DROP ",
    "nft drop in: ",
    "FINAL_REJECT: ",
    "[FW DROP] ",
    "Shorewall:net-fw:DROP:",
    "INPUT:DROP:",
    "[DROPPED] ",
    "BLOCKED ",
    "firewalld DROP: ",
    "[iptables] drop ",
)
_PREFIXES_ALLOW = (
    "[UFW ALLOW] ",
    "[UFW AUDIT] ",
    "ACCEPT ",
    "[FW ACCEPT] ",
    "nft accept: ",
    "IPTables-Accepted: ",
    "NEW_CONN ",
)


def _kernel_stamp(c: Ctx) -> str:
    return "" if c.chance(0.35) else f"[{c.rng.uniform(5, 9e6):12.6f}] "


def netfilter(
    c: Ctx, prefix: str, src: str, dst: str, proto: str, dpt: int, syn: bool = True
) -> str:
    """One iptables LOG target line, as the kernel writes it."""
    inside = c.fill("{iface}")
    mac = f" MAC={c.fill('{mac}')}:{c.fill('{mac}')}:08:00" if c.chance(0.7) else " MAC="
    head = f"{prefix}IN={inside} OUT={'' if c.chance(0.9) else c.fill('{iface}')}{mac}"
    body = (
        f" SRC={src} DST={dst} LEN={c.rng.choice((40, 44, 52, 60, 64, 78, 120))} "
        f"TOS=0x{c.pick(('00', '00', '08', '20', '28'))} PREC=0x00 TTL={c.fill('{ttl}')} "
        f"ID={c.rng.randint(0, 65535)}{' DF' if c.chance(0.4) else ''} PROTO={proto} "
        f"SPT={c.rng.randint(1024, 65535)} DPT={dpt}"
    )
    if proto == "TCP":
        flags = "SYN" if syn else c.pick(("ACK FIN", "ACK RST", "RST", "ACK PSH", "ACK"))
        window = c.pick((1024, 29200, 65535, 14600, 64240, 8192))
        body += f" WINDOW={window} RES=0x00 {flags} URGP=0"
    else:
        body += f" LEN={c.rng.randint(8, 400)}"
    return _kernel_stamp(c) + head + body


def _probe_port(c: Ctx) -> int:
    return c.pick(SERVICE_PORTS) if c.chance(0.8) else c.rng.randint(1, 65535)


def _fw_scan(c: Ctx) -> list[Line]:
    src = c.bind.get("ip") or c.fill("{pubip}")
    prefix = c.pick(_PREFIXES_BLOCK)
    dst = c.fill(c.pick(("{pubip}", "{privip}")))
    out = []
    for _ in range(c.rng.randint(1, 8)):
        proto = "TCP" if c.chance(0.8) else "UDP"
        out.append(
            c.line(
                "firewall",
                "network_scan",
                "attack:port-scan",
                "kernel",
                netfilter(c, prefix, src, dst, proto, _probe_port(c)),
            )
        )
    return out


_LAN_NOISE = (
    ("UDP", 5353, "224.0.0.251"),
    ("UDP", 1900, "239.255.255.250"),
    ("UDP", 137, "{bcast}"),
    ("UDP", 138, "{bcast}"),
    ("UDP", 67, "255.255.255.255"),
    ("UDP", 68, "255.255.255.255"),
    ("UDP", 5355, "224.0.0.252"),
    ("UDP", 17500, "{bcast}"),
    ("UDP", 3702, "239.255.255.250"),
    ("2", 0, "224.0.0.1"),
    ("UDP", 10001, "255.255.255.255"),
)


def _fw_benign(c: Ctx) -> list[Line]:
    out = []
    for _ in range(c.rng.randint(1, 4)):
        if c.chance(0.5):
            proto, dpt, dst = c.pick(_LAN_NOISE)
            src = ip_private(c.rng)
            bcast = ".".join(src.split(".")[:3]) + ".255"
            msg = netfilter(
                c, c.pick(_PREFIXES_BLOCK), src, dst.replace("{bcast}", bcast), proto, dpt
            )
        else:
            dpt = c.pick((80, 443, 443, 22, 53, 123, 25, 993, 8080))
            msg = netfilter(
                c,
                c.pick(_PREFIXES_ALLOW),
                c.fill("{ip}"),
                c.fill("{privip}"),
                "TCP" if dpt != 123 else "UDP",
                dpt,
                syn=c.chance(0.7),
            )
        out.append(c.line("firewall", BENIGN, "benign:firewall", "kernel", msg))
    return out


# Ports a probe from outside knocks on, which LAN hosts reach every day (file shares, remote
# desktops, databases, printers): allowed inside, they are the twins of _fw_scan's probes.
_LAN_SERVICES = (445, 139, 3389, 22, 5900, 3306, 5432, 1433, 9100, 631, 2049, 6379, 8080)


def _fw_allow_lan(c: Ctx) -> list[Line]:
    prefix = c.pick(_PREFIXES_ALLOW)
    src = ip_private(c.rng)
    return [
        c.line(
            "firewall",
            BENIGN,
            "benign:firewall-lan",
            "kernel",
            netfilter(c, prefix, src, ip_private(c.rng), "TCP", c.pick(_LAN_SERVICES)),
        )
        for _ in range(c.rng.randint(1, 3))
    ]


def _pf_filterlog(c: Ctx, action: str, src: str, dst: str, dpt: int) -> str:
    proto = "tcp" if c.chance(0.8) else "udp"
    num = "6" if proto == "tcp" else "17"
    tail = (
        f",S,{c.rng.randint(10**8, 4 * 10**9)},,{c.pick((1024, 65535, 29200))},,mss"
        if proto == "tcp"
        else f",{c.rng.randint(20, 200)}"
    )
    return (
        f"{c.rng.randint(3, 120)},,,{c.rng.randint(1000000000, 1000009999)},"
        f"{c.pick(('em0', 'igb0', 'vtnet0', 'ix0', 'pppoe0'))},match,{action},in,4,0x0,,"
        f"{c.fill('{ttl}')},{c.rng.randint(0, 65535)},0,none,{num},{proto},"
        f"{c.rng.randint(40, 80)},{src},{dst},{c.rng.randint(1024, 65535)},{dpt},0{tail}"
    )


ASA_SCAN = (
    "%ASA-4-106023: Deny {proto} src outside:{ip}/{port} dst inside:{privip}/{sport} by "
    'access-group "outside_access_in" [0x{hex:8}, 0x0]',
    "%ASA-2-106001: Inbound TCP connection denied from {ip}/{port} to {privip}/{sport} flags "
    "SYN  on interface outside",
    "%ASA-2-106006: Deny inbound UDP from {ip}/{port} to {privip}/{sport} on interface outside",
    "%ASA-4-733100: [ Scanning] drop rate-1 exceeded. Current burst rate is {int:10-300} per "
    "second, max configured rate is 10; Current average rate is {int:5-90} per second, max "
    "configured rate is 5; Cumulative total count is {int:1000-90000}",
    "%ASA-4-400010: IDS:2001 ICMP echo request from {ip} to {privip} on interface outside",
    "%ASA-4-106021: Deny TCP reverse path check from {ip} to {privip} on interface outside",
)
ASA_BENIGN = (
    "%ASA-6-302013: Built inbound TCP connection {int:100000-999999999} for outside:{ip}/{port} "
    "({ip}/{port}) to inside:{privip}/{pick:443|80|25} ({pubip}/{pick:443|80|25})",
    "%ASA-6-302014: Teardown TCP connection {int:100000-999999999} for outside:{ip}/{port} to "
    "inside:{privip}/443 duration 0:00:{int:10-59} bytes {int:100-9000000} TCP FINs",
    "%ASA-6-302015: Built outbound UDP connection {int:100000-999999999} for outside:8.8.8.8/53 "
    "(8.8.8.8/53) to inside:{privip}/{port} ({pubip}/{port})",
    "%ASA-6-305011: Built dynamic TCP translation from inside:{privip}/{port} to outside:"
    "{pubip}/{port2}",
    "%ASA-5-111008: User 'enable_15' executed the 'write memory' command.",
    "%ASA-6-605005: Login permitted from {privip}/{port} to inside:{privip2}/ssh for user "
    '"{person}"',
    "%ASA-6-106015: Deny TCP (no connection) from {ip}/{port} to {privip}/443 flags RST  on "
    "interface outside",
    "%ASA-6-725001: Starting SSL handshake with client outside:{ip}/{port} to {pubip}/443 for "
    "TLS session",
    "%ASA-6-113004: AAA user authentication Successful : server =  {privip} : user = {person}",
    "%ASA-6-722051: Group <GroupPolicy_VPN> User <{person}> IP <{ip}> IPv4 Address "
    "<{privip}> IPv6 address <::> assigned to session",
)
FORTI_SCAN = (
    'date={date} time={time} devname="{fgname}" devid="FG{int:100-900}E{hex:10}" '
    'logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" '
    'srcip={ip} srcport={port} srcintf="wan1" dstip={pubip} dstport={sport} dstintf="{pick:'
    'lan|internal|dmz}" sessionid={int:1000-9999999} proto=6 action="deny" policyid=0 '
    'policytype="policy" service="{pick:RDP|SSH|TELNET|SMB|MS-SQL|tcp/8080}" trandisp="noop" '
    'duration=0 sentbyte=0 rcvdbyte=0 sentpkt=0 appcat="unscanned" crscore=30 craction=131072',
    'date={date} time={time} devname="{fgname}" devid="FG{int:100-900}E{hex:10}" '
    'logid="0720018432" type="anomaly" subtype="anomaly" level="alert" vd="root" severity='
    '"critical" srcip={ip} dstip={pubip} srcintf="wan1" sessionid=0 action="detected" '
    'proto=6 service="tcp/{sport}" count={int:100-9000} attack="{pick:tcp_port_scan|'
    'udp_scan|tcp_syn_scan}" srcport={port} dstport={sport} attackid={int:100-200}',
)
FORTI_BENIGN = (
    'date={date} time={time} devname="{fgname}" devid="FG{int:100-900}E{hex:10}" '
    'logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" '
    'srcip={privip} srcport={port} srcintf="lan" dstip={pubip} dstport=443 dstintf="wan1" '
    'sessionid={int:1000-9999999} proto=6 action="close" policyid={int:1-40} service="HTTPS" '
    'trandisp="snat" duration={int:1-900} sentbyte={int:100-900000} rcvdbyte={int:100-9000000} '
    'appcat="unscanned"',
    'date={date} time={time} devname="{fgname}" logid="0100032001" type="event" '
    'subtype="system" level="information" vd="root" logdesc="Admin login successful" '
    'sn="{int:1000000000-9999999999}" user="admin" ui="https({privip})" method="https" '
    'srcip={privip} dstip={privip2} action="login" status="success" reason="none" '
    'profile="super_admin" msg="Administrator admin logged in successfully from https({privip})"',
    'date={date} time={time} devname="{fgname}" logid="0101039947" type="event" '
    'subtype="vpn" level="information" vd="root" logdesc="SSL VPN tunnel up" action="tunnel-up" '
    'tunneltype="ssl-tunnel" remip={ip} user="{person}" group="vpn-users" reason="N/A" '
    'msg="SSL tunnel established"',
)

IDS_RULES = (
    ("network_scan", "ET SCAN Potential SSH Scan", "Attempted Information Leak", 2),
    (
        "network_scan",
        "ET SCAN Suspicious inbound to {pick:mySQL|MSSQL|PostgreSQL|Oracle SQL} port {sport}",
        "Potentially Bad Traffic",
        2,
    ),
    ("network_scan", "ET SCAN NMAP OS Detection Probe", "Attempted Information Leak", 2),
    (
        "network_scan",
        "ET SCAN Nmap Scripting Engine User-Agent Detected (Nmap Scripting Engine)",
        "Web Application Attack",
        1,
    ),
    (
        "network_scan",
        "ET SCAN Behavioral Unusual Port {sport} traffic Potential Scan or Infection",
        "Misc activity",
        3,
    ),
    ("network_scan", "ET DROP Dshield Block Listed Source group {int:1-9}", "Misc Attack", 2),
    (
        "network_scan",
        "ET CINS Active Threat Intelligence Poor Reputation IP group {int:1-99}",
        "Misc Attack",
        2,
    ),
    ("network_scan", "ET SCAN Zmap User-Agent (zgrab)", "Detection of a Network Scan", 3),
    ("network_scan", "GPL SCAN PING NMAP", "Attempted Information Leak", 2),
    (
        "network_scan",
        "ET SCAN MS Terminal Server Traffic on Non-standard Port",
        "Attempted Information Leak",
        2,
    ),
    ("network_scan", "ET SCAN Potential VNC Scan 5900-5920", "Attempted Information Leak", 2),
    ("web_scan", "ET SCAN Nikto Web App Scan in Progress", "Web Application Attack", 1),
    ("web_scan", "ET SCAN Sqlmap SQL Injection Scan", "Attempted Information Leak", 2),
    ("web_scan", "ET SCAN Acunetix Version Detection", "Attempted Information Leak", 2),
    (
        "web_scan",
        "ET SCAN Possible WordPress xmlrpc.php BruteForce in Progress - Response",
        "Attempted Information Leak",
        2,
    ),
    ("web_scan", "ET SCAN Netsparker Default User-Agent", "Attempted Information Leak", 2),
    ("web_scan", "ET WEB_SERVER Possible .env file access", "Attempted Information Leak", 2),
    (
        "web_exploit",
        "ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT",
        "Web Application Attack",
        1,
    ),
    (
        "web_exploit",
        "ET WEB_SERVER Script tag in URI Possible Cross Site Scripting Attempt",
        "Web Application Attack",
        1,
    ),
    (
        "web_exploit",
        "ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-44228)",
        "Attempted Administrator Privilege Gain",
        1,
    ),
    ("web_exploit", "ET WEB_SERVER /etc/passwd Detected in URI", "Attempted Information Leak", 2),
    (
        "web_exploit",
        "ET EXPLOIT Possible Apache Struts OGNL Expression Injection (CVE-2017-5638)",
        "Attempted Administrator Privilege Gain",
        1,
    ),
    (
        "web_exploit",
        "ET WEB_SPECIFIC_APPS ThinkPHP RCE Exploitation Attempt",
        "Attempted Administrator Privilege Gain",
        1,
    ),
    (
        "web_exploit",
        "ET EXPLOIT Possible CVE-2021-41773 Apache Path Traversal",
        "Attempted Administrator Privilege Gain",
        1,
    ),
    (
        "web_exploit",
        "ET WEB_SERVER Possible CVE-2014-6271 Attempt in Headers",
        "Attempted Administrator Privilege Gain",
        1,
    ),
    (
        "web_exploit",
        "ET EXPLOIT Spring Cloud Gateway Code Injection (CVE-2022-22947)",
        "Attempted Administrator Privilege Gain",
        1,
    ),
    ("webshell", "GPL ATTACK_RESPONSE id check returned root", "Potentially Bad Traffic", 2),
    ("webshell", "ET WEB_SERVER WebShell Generic - wget http - POST", "Web Application Attack", 1),
    (
        "webshell",
        "ET WEB_SERVER PHP WebShell Embedded In GIF (OUTBOUND)",
        "Web Application Attack",
        1,
    ),
    (
        "malware_c2",
        "ET MALWARE {pick:Cobalt Strike|Sliver|Mythic|Meterpreter} Beacon Observed",
        "A Network Trojan was detected",
        1,
    ),
    (
        "malware_c2",
        "ET TROJAN Possible {pick:Mirai|Gafgyt|Mozi|Tsunami} Variant CnC Checkin",
        "A Network Trojan was detected",
        1,
    ),
    (
        "malware_c2",
        "ET COINMINER Crypto Coin Miner Login",
        "Crypto Currency Mining Activity Detected",
        2,
    ),
    (
        "malware_c2",
        "ET POLICY Cryptocurrency Miner Checkin",
        "Potential Corporate Privacy Violation",
        1,
    ),
    (
        "malware_c2",
        "ET MALWARE Observed Malicious SSL Cert (QakBot CnC)",
        "Domain Observed Used for C2 Detected",
        1,
    ),
    (
        "malware_c2",
        "ET CNC Feodo Tracker Reported CnC Server group {int:1-30}",
        "A Network Trojan was detected",
        1,
    ),
    (
        "malware_c2",
        "ET INFO Executable Download from dotted-quad Host",
        "A Network Trojan was detected",
        1,
    ),
    (
        "malware_c2",
        "ET TROJAN Generic - POST To .php w/Extended ASCII Characters (Likely Zeus Derivative)",
        "A Network Trojan was detected",
        1,
    ),
    (
        "dos",
        "ET DOS Possible NTP DDoS Inbound Frequent Un-Authed MON_LIST Requests IMPL 0x03",
        "Attempted Denial of Service",
        2,
    ),
    (
        "dos",
        "ET DOS Inbound Low Orbit Ion Cannon LOIC DDOS Tool desu string",
        "Attempted Denial of Service",
        2,
    ),
    (
        "dos",
        "ET DOS Possible SSDP Amplification Scan in Progress",
        "Attempted Denial of Service",
        2,
    ),
    ("dos", "GPL DOS IGMP dos attack", "Attempted Denial of Service", 2),
    (
        "dns_exfiltration",
        "ET DNS Query for Suspicious .{pick:tk|top|xyz} Domain - Possible DNS Tunnel",
        "Potentially Bad Traffic",
        2,
    ),
    (
        "dns_exfiltration",
        "ET TROJAN DNSCat2 DNS Tunnel Traffic",
        "A Network Trojan was detected",
        1,
    ),
    (
        "dns_exfiltration",
        "ET POLICY DNS Query For Iodine DNS Tunneling",
        "Potential Corporate Privacy Violation",
        1,
    ),
    (
        "brute_force",
        "ET SCAN LibSSH Based Frequent SSH Connections Likely BruteForce Attack",
        "Attempted Administrator Privilege Gain",
        1,
    ),
    (
        "brute_force",
        "ET SCAN Rapid POP3 Connections - Possible Brute Force Attack",
        "Misc activity",
        3,
    ),
    (
        "brute_force",
        "ET SCAN Multiple MySQL Login Failures Possible Brute Force Attempt",
        "Attempted Administrator Privilege Gain",
        1,
    ),
    ("brute_force", "ET SCAN Potential SSH Scan OUTBOUND", "Attempted Information Leak", 2),
    (
        "recon",
        "ET SCAN SipVicious User-Agent Detected (friendly-scanner)",
        "Attempted Information Leak",
        2,
    ),
    ("recon", "GPL SNMP public access udp", "Attempted Information Leak", 2),
    ("recon", "GPL DNS zone transfer TCP", "Attempted Information Leak", 2),
    ("recon", "ET SCAN NETBIOS General Scan", "Attempted Information Leak", 2),
    (
        "credential_access",
        "ET POLICY Possible Kerberoasting Activity",
        "Attempted Information Leak",
        2,
    ),
    (
        "credential_access",
        "ET ATTACK_RESPONSE Possible Mimikatz Output",
        "Successful Administrator Privilege Gain",
        1,
    ),
    (BENIGN, "ET POLICY curl User-Agent Outbound", "Attempted Information Leak", 2),
    (
        BENIGN,
        "ET INFO Observed DNS Query to .{pick:cloud|app|dev|io} TLD",
        "Potentially Bad Traffic",
        2,
    ),
    (
        BENIGN,
        "ET POLICY GNU/Linux APT User-Agent Outbound likely related to package management",
        "Not Suspicious Traffic",
        3,
    ),
    (
        BENIGN,
        "SURICATA STREAM {pick:Packet with invalid ack|ESTABLISHED packet out of window|"
        "3way handshake wrong seq wrong ack|Last ACK with wrong seq|reassembly overlap with "
        "different data}",
        "Generic Protocol Command Decode",
        3,
    ),
    (BENIGN, "SURICATA TLS invalid record/traffic", "Generic Protocol Command Decode", 3),
    (
        BENIGN,
        "ET INFO Session Traversal Utilities for NAT (STUN Binding Request)",
        "Attempted User Privilege Gain",
        2,
    ),
    (
        BENIGN,
        "ET POLICY Dropbox.com Offsite File Backup in Use",
        "Potential Corporate Privacy Violation",
        1,
    ),
    (
        BENIGN,
        "ET INFO HTTP Request to a *.{pick:ngrok.io|github.io|amazonaws.com} domain",
        "Misc activity",
        3,
    ),
    (BENIGN, "SURICATA UDPv4 invalid checksum", "Generic Protocol Command Decode", 3),
)


def ids_alert(c: Ctx, category: str) -> Line:
    """One Suricata/Snort alert of a signature of ``category``."""
    rules = [r for r in IDS_RULES if r[0] == category]
    _, signature, classification, priority = c.pick(rules)
    sig = c.fill(signature)
    sid = c.rng.randint(2000000, 2040000) if "ET" in sig else c.rng.randint(100, 60000)
    gid_sid = f"1:{sid}:{c.rng.randint(1, 30)}"
    src = c.bind.get("ip") or c.fill("{ip}")
    dst = c.fill("{privip}")
    proto = c.pick(("TCP", "TCP", "UDP", "ICMP"))
    ports = proto != "ICMP"
    sport = f":{c.fill('{port}')}" if ports else ""
    dport = f":{c.fill('{sport}')}" if ports else ""
    if category in ("malware_c2", "dns_exfiltration") or (category == BENIGN and c.chance(0.5)):
        src, dst = dst, src
    r = c.rng.random()
    core = (
        f"[{gid_sid}] {sig} [Classification: {classification}] [Priority: {priority}] "
        f"{{{proto}}} {src}{sport} -> {dst}{dport}"
    )
    scenario = "benign:ids" if category == BENIGN else f"attack:ids-{category}"
    if r < 0.4:
        when = f"{c.when:%m/%d/%Y-%H:%M:%S}.{c.when.microsecond:06d}"
        return c.line(
            "ids",
            category,
            scenario,
            "suricata",
            f"{when}  [**] {core.replace('] [Class', '] [**] [Class', 1)}",
            raw=True,
        )
    if r < 0.55:
        eve = (
            '{"timestamp":"'
            + f"{c.when:%Y-%m-%dT%H:%M:%S}.{c.when.microsecond:06d}+0000"
            + f'","flow_id":{c.rng.randint(10**14, 10**16)},"in_iface":"{c.fill("{iface}")}",'
            f'"event_type":"alert","src_ip":"{src}","src_port":{c.fill("{port}")},'
            f'"dest_ip":"{dst}","dest_port":{c.fill("{sport}")},"proto":"{proto}",'
            f'"alert":{{"action":"{c.pick(("allowed", "allowed", "blocked"))}","gid":1,'
            f'"signature_id":{sid},"rev":{c.rng.randint(1, 20)},"signature":"{sig}",'
            f'"category":"{classification}","severity":{priority}}}}}'
        )
        return c.line("ids", category, scenario, "suricata", eve, raw=c.chance(0.6))
    app = c.pick(("suricata", "snort", "snort", "suricata"))
    return c.line("ids", category, scenario, app, core, pid=c.fill("{pid}"))


def _ids(category: str, weight: float) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        return [ids_alert(c, category) for _ in range(c.rng.randint(1, 3))]

    return Emitter(f"ids:{category}", category, weight, emit)


_FORTI_NAME = "FG{int:60-900}{pick:E|F|D}-{pick:HQ|BRANCH|DC|EDGE}{int:1-9}"


def _split_asa(app: str, msg: str) -> tuple[str, str]:
    """ASA's tag is the message id itself: ``%ASA-6-302013: Built ...``."""
    if app in ("asa", "%ASA") and msg.startswith("%ASA"):
        tag, _, rest = msg.partition(": ")
        return tag, rest
    return app, msg


def _vendor(
    family: str, category: str, scenario: str, app: str, templates: tuple[str, ...], weight: float
) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        extra = {
            "fgname": c.fill(_FORTI_NAME),
            "date": f"{c.when:%Y-%m-%d}",
            "time": f"{c.when:%H:%M:%S}",
            "proto": c.pick(("tcp", "udp")),
        }
        src = {"ip": c.bind["ip"]} if "ip" in c.bind else {}
        out = []
        for _ in range(c.rng.randint(1, 3)):
            tag, msg = _split_asa(app, c.fill(c.pick(templates), **extra, **src))
            out.append(c.line(family, category, scenario, tag, msg, pid=None))
        return out

    return Emitter(f"{family}:{scenario}", category, weight, emit)


def _pfsense(category: str, weight: float) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        out = []
        src = c.bind.get("ip") or c.fill("{pubip}")
        for _ in range(c.rng.randint(1, 5)):
            if category == BENIGN:
                msg = _pf_filterlog(
                    c,
                    "pass",
                    c.fill("{privip}"),
                    c.fill("{pubip}"),
                    c.pick((443, 80, 53, 123, 993)),
                )
            else:
                msg = _pf_filterlog(
                    c, c.pick(("block", "block", "reject")), src, c.fill("{pubip}"), _probe_port(c)
                )
            out.append(
                c.line(
                    "pfsense",
                    category,
                    "benign:firewall" if category == BENIGN else "attack:port-scan",
                    "filterlog",
                    msg,
                    pid=c.fill("{pid}"),
                )
            )
        return out

    return Emitter(f"pfsense:{category}", category, weight, emit)


SYNFLOOD = (
    "{kts}TCP: request_sock_TCP: Possible SYN flooding on port {pick:80|443|22|25|8080|3306}. "
    "Sending cookies.  Check SNMP counters.",
    "{kts}possible SYN flooding on port {pick:80|443|8443|53}. Sending cookies.",
    "{kts}TCP: request_sock_TCPv6: Possible SYN flooding on port {pick:80|443}. Dropping "
    "request.  Check SNMP counters.",
    "{kts}nf_conntrack: nf_conntrack: table full, dropping packet",
    "{kts}nf_conntrack: table full, dropping packet.",
    "{kts}TCP: too many orphaned sockets",
    "{kts}[UFW LIMIT BLOCK] IN={iface} OUT= MAC={mac}:{mac}:08:00 SRC={ip} DST={privip} LEN=60 "
    "TOS=0x00 PREC=0x00 TTL=52 ID={int:1-65535} DF PROTO=UDP SPT={port} DPT=53 LEN=40",
)
KERNEL_NET_BENIGN = (
    "{kts}net_ratelimit: {int:2-900} callbacks suppressed",
    "{kts}{iface}: Link is Up - {pick:1Gbps|10Gbps|100Mbps}/Full - flow control {pick:rx/tx|off}",
    "{kts}{iface}: Link is Down",
    "{kts}IPv6: ADDRCONF(NETDEV_CHANGE): {iface}: link becomes ready",
    "{kts}e1000e 0000:00:1f.6 {iface}: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None",
    "{kts}bridge: filtering via arp/ip/ip6tables is no longer available by default.",
    "{kts}br-{hex:12}: port {int:1-9}(veth{hex:7}) entered {pick:forwarding|blocking|disabled} "
    "state",
    "{kts}device veth{hex:7} entered promiscuous mode",
    "{kts}TCP: {iface}: Driver has suspect GRO implementation, TCP performance may be compromised.",
    "{kts}nf_conntrack: default automatic helper assignment has been turned off for security "
    "reasons and CT-based  firewall rule not found. Use the iptables CT target to attach "
    "helpers instead.",
    "{kts}IPv4: martian source {privip} from {privip2}, on dev {iface}",
    "{kts}ll header: 00000000: ff ff ff ff ff ff {hex:2} {hex:2} {hex:2} {hex:2} {hex:2} {hex:2} "
    "08 06",
    "{kts}wireguard: wg0: Handshake for peer {int:1-20} ({pubip}:51820) did not complete after "
    "5 seconds, retrying (try {int:2-20})",
    "{kts}wireguard: wg0: Receiving handshake initiation from peer {int:1-20} ({ip}:{port})",
    "{kts}wireguard: wg0: Keypair {int:1-999} created for peer {int:1-20}",
)
OPENVPN_BENIGN = (
    "{ip}:{port} TLS: Initial packet from [AF_INET]{ip}:{port}, sid={hex:8} {hex:8}",
    "{ip}:{port} VERIFY OK: depth=0, CN={person}",
    "{ip}:{port} [{person}] Peer Connection Initiated with [AF_INET]{ip}:{port}",
    "{person}/{ip}:{port} MULTI_sva: pool returned IPv4=10.8.0.{int:2-250}, IPv6=(Not enabled)",
    "{person}/{ip}:{port} SIGUSR1[soft,ping-restart] received, client-instance restarting",
    "{person}/{ip}:{port} Data Channel: using negotiated cipher 'AES-256-GCM'",
    "{person}/{ip}:{port} SENT CONTROL [{person}]: 'PUSH_REPLY,route 10.0.0.0 255.0.0.0,"
    "dhcp-option DNS 10.0.0.1,ping 10,ping-restart 120' (status=1)",
    "Initialization Sequence Completed",
    "MULTI: multi_create_instance called",
    "{ip}:{port} TLS: tls_multi_process: initial untrusted session promoted to trusted",
    "{person}/{ip}:{port} Connection reset, restarting [0]",
    "event_wait : Interrupted system call (code=4)",
    "OpenVPN 2.{int:4-6}.{int:0-12} x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] "
    "[MH/PKTINFO] [AEAD]",
)
VPN_BRUTE = (
    ("openvpn", "{ip}:{port} TLS Auth Error: Auth Username/Password verification failed for peer"),
    (
        "openvpn",
        "{ip}:{port} WARNING: Failed running command (--auth-user-pass-verify): "
        "external program exited with error status: 1",
    ),
    (
        "openvpn",
        "AUTH-PAM: BACKGROUND: user '{baduser}' failed to authenticate: Authentication failure",
    ),
    (
        "openvpn",
        "{ip}:{port} PLUGIN_CALL: POST /usr/lib/openvpn/openvpn-plugin-auth-pam.so/"
        "PLUGIN_AUTH status=1",
    ),
    ("charon", "{int:5-16}[IKE] EAP method EAP_MSCHAPV2 failed for peer {ip}"),
    ("charon", "{int:5-16}[IKE] EAP-MS-CHAPv2 verification failed, retry ({int:1-3})"),
    ("charon", "{int:5-16}[IKE] received AUTHENTICATION_FAILED notify error"),
    (
        "ocserv",
        "main[{baduser}]:{ip}:{port} user disconnected (reason: authentication failed, "
        "rx: 0, tx: 0)",
    ),
    ("ocserv", "worker[{baduser}]: {ip} failed authentication for '{baduser}'"),
    ("pptpd", "CTRL: Client {ip} control connection finished"),
    ("pppd", "MS-CHAP authentication failed: E=691 Authentication failure"),
    (
        "route",
        "system,error,critical login failure for user {baduser} from {ip} via "
        "{pick:ssh|winbox|telnet|web|api|ftp}",
    ),
    (
        "vpnserver",
        'Connection "CID-{int:1-9999}": User authentication failed. The user name '
        'that has been provided was "{baduser}", from {ip}.',
    ),
    (
        "fortigate",
        'logdesc="SSL VPN login fail" type="event" subtype="vpn" level="alert" '
        'action="ssl-login-fail" tunneltype="ssl-web" remip={ip} user="{baduser}" '
        'reason="sslvpn_login_permission_denied" msg="SSL user failed to logged in"',
    ),
    (
        "kernel",
        "{kts}[UFW LIMIT BLOCK] IN={iface} OUT= MAC={mac}:{mac}:08:00 SRC={ip} DST={privip} "
        "LEN=60 TOS=0x00 PREC=0x00 TTL={ttl} ID={int:1-65535} DF PROTO=TCP SPT={port} "
        "DPT=22 "
        "WINDOW=64240 RES=0x00 SYN URGP=0",
    ),
    (
        "asa",
        "%ASA-6-113015: AAA user authentication Rejected : reason = Invalid password : local "
        "database : user = {baduser} : user IP = {ip}",
    ),
    (
        "asa",
        "%ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = "
        "{privip} : user = ***** : user IP = {ip}",
    ),
    (
        "asa",
        "%ASA-4-113019: Group = VPN, Username = {baduser}, IP = {ip}, Session disconnected. "
        "Session Type: SSL, Duration: 0h:00m:01s, Bytes xmt: 0, Bytes rcv: 0, Reason: "
        "Authentication failure",
    ),
)
VPN_SCAN = (
    (
        "openvpn",
        "{ip}:{port} TLS Error: cannot locate HMAC in incoming packet from [AF_INET]{ip}:{port}",
    ),
    (
        "openvpn",
        "{ip}:{port} TLS Error: TLS key negotiation failed to occur within 60 seconds "
        "(check your network connectivity)",
    ),
    ("openvpn", "{ip}:{port} TLS Error: TLS handshake failed"),
    ("openvpn", "{ip}:{port} Non-OpenVPN client protocol detected"),
    (
        "openvpn",
        "{ip}:{port} TLS Error: Unroutable control packet received from [AF_INET]{ip}:"
        "{port} (si=3 op=P_CONTROL_HARD_RESET_CLIENT_V2)",
    ),
    (
        "charon",
        "{int:5-16}[IKE] no IKE config found for {privip}...{ip}, sending NO_PROPOSAL_CHOSEN",
    ),
    (
        "charon",
        "{int:5-16}[ENC] parsing IKE_SA_INIT request 0 [ SA KE No V V V V ] from {ip}"
        "[{port}] failed: invalid proposal",
    ),
    ("kernel", "{kts}wireguard: wg0: Invalid handshake initiation from {ip}:{port}"),
    (
        "kernel",
        "{kts}wireguard: wg0: Packet has unallowed src IP ({privip}) from peer "
        "{int:1-20} ({ip}:{port})",
    ),
    (
        "portsentry",
        "attackalert: {pick:SYN|Connect|UDP} scan from host: {ip}/{ip} to "
        "{pick:TCP|UDP} port: {sport}",
    ),
    ("portsentry", 'attackalert: Host {ip} has been blocked via wrappers with string: "ALL: {ip}"'),
    (
        "scanlogd",
        "{ip} to {privip} ports {sport}, {sport2}, {sport3}, {sport4}, {sport5}, "
        "..., {pick:fSrpauxy|f????uxy|fsrpauxy}, TOS 00, TTL {ttl} @{int:0-23}:"
        "{int:10-59}:{int:10-59}",
    ),
    (
        "psad",
        "scan detected: {ip} -> {privip} tcp: [{sport}-{int:1000-65535}] flags: SYN tcp "
        "pkts: {int:10-900} DL: {int:1-5}",
    ),
    ("sshguard", 'Attack from "{ip}" on service {pick:SSH|100} with danger 10.'),
)
VPN_SERVER_BENIGN = (
    (
        "charon",
        "{int:5-16}[IKE] IKE_SA {word}[{int:1-90}] established between {pubip}"
        "[{fqdn}]...{ip}[{person}]",
    ),
    (
        "charon",
        "{int:5-16}[IKE] CHILD_SA {word}{{int:1-90}} established with SPIs "
        "c{hex:7}_i {hex:8}_o and TS 10.0.0.0/8 === 10.{int:1-250}.0.{int:2-250}/32",
    ),
    ("charon", "{int:5-16}[IKE] received DELETE for IKE_SA {word}[{int:1-90}]"),
    ("charon", "{int:5-16}[IKE] sending keep alive to {ip}[4500]"),
    ("route", "system,info,account user {person} logged in from {privip} via winbox"),
    ("route", "system,info log rule changed by {person}"),
    ("ocserv", "main[{person}]:{ip}:{port} user logged in"),
    ("vpnserver", 'Connection "CID-{int:1-9999}": Successfully authenticated as user "{person}".'),
)


# Logins that succeed and sessions that end normally: twins of VPN_BRUTE, same daemons.
VPN_AUTH_OK = (
    (
        "openvpn",
        "{ip}:{port} TLS: Username/Password authentication succeeded for username '{person}'",
    ),
    (
        "openvpn",
        "{ip}:{port} PLUGIN_CALL: POST /usr/lib/openvpn/openvpn-plugin-auth-pam.so/"
        "PLUGIN_AUTH status=0",
    ),
    ("charon", "{int:5-16}[IKE] EAP method EAP_MSCHAPV2 succeeded, MSK established"),
    ("charon", "{int:5-16}[IKE] authentication of '{person}' with EAP successful"),
    (
        "ocserv",
        "main[{person}]:{ip}:{port} user disconnected (reason: user disconnected, rx: "
        "{int:1000-90000000}, tx: {int:1000-9000000})",
    ),
    ("pppd", "MS-CHAP-v2 peer authentication succeeded for {person}"),
    (
        "asa",
        "%ASA-6-113004: AAA user authentication Successful : local database : user = {person}",
    ),
    (
        "asa",
        "%ASA-4-113019: Group = VPN, Username = {person}, IP = {ip}, Session disconnected. "
        "Session Type: SSL, Duration: {int:0-9}h:{int:10-59}m:{int:10-59}s, Bytes xmt: "
        "{int:10000-900000000}, Bytes rcv: {int:10000-90000000}, Reason: {pick:User Requested|"
        "Idle Timeout|Max time exceeded|Connection Preempted}",
    ),
    (
        "fortigate",
        'logdesc="SSL VPN login success" type="event" subtype="vpn" level="information" '
        'action="ssl-login-success" tunneltype="ssl-web" remip={ip} user="{person}" '
        'reason="login successfully" msg="SSL user succeeded in logging in"',
    ),
)


def _pairs(
    family: str, category: str, scenario: str, pairs: tuple[tuple[str, str], ...], weight: float
) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        app, _ = c.pick(pairs)
        mine = [t for a, t in pairs if a == app]
        pid = None if app in ("kernel", "route", "fortigate", "asa") else c.fill("{pid}")
        out = []
        for _ in range(c.rng.randint(1, 3)):
            tag, msg = _split_asa(app, c.fill(c.pick(mine), kts=_kernel_stamp(c)))
            out.append(c.line(family, category, scenario, tag, msg, pid=pid))
        return out

    return Emitter(f"{family}:{scenario}", category, weight, emit)


def _kernel(category: str, scenario: str, templates: tuple[str, ...], weight: float) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        return [
            c.line(
                "kernel",
                category,
                scenario,
                "kernel",
                c.fill(c.pick(templates), kts=_kernel_stamp(c)),
            )
            for _ in range(c.rng.randint(1, 3))
        ]

    return Emitter(f"kernel:{scenario}", category, weight, emit)


EMITTERS: tuple[Emitter, ...] = (
    Emitter("firewall:scan", "network_scan", 5.0, _fw_scan),
    Emitter("firewall:benign", BENIGN, 2.5, _fw_benign),
    Emitter("firewall:benign-lan", BENIGN, 1.0, _fw_allow_lan),
    _pfsense("network_scan", 1.0),
    _pfsense(BENIGN, 0.6),
    _vendor("cisco-asa", "network_scan", "attack:port-scan", "%ASA", ASA_SCAN, 1.0),
    _vendor("cisco-asa", BENIGN, "benign:firewall", "%ASA", ASA_BENIGN, 1.0),
    _vendor("fortigate", "network_scan", "attack:port-scan", "fortigate", FORTI_SCAN, 0.7),
    _vendor("fortigate", BENIGN, "benign:firewall", "fortigate", FORTI_BENIGN, 0.7),
    *(
        _ids(cat, w)
        for cat, w in (
            ("network_scan", 1.2),
            ("web_scan", 0.6),
            ("web_exploit", 1.0),
            ("webshell", 0.5),
            ("malware_c2", 2.5),
            ("dos", 1.2),
            ("dns_exfiltration", 0.8),
            ("brute_force", 0.5),
            ("recon", 0.8),
            ("credential_access", 0.5),
            (BENIGN, 1.2),
        )
    ),
    _kernel("dos", "attack:syn-flood", SYNFLOOD, 3.0),
    _kernel(BENIGN, "benign:kernel-net", KERNEL_NET_BENIGN, 2.0),
    templated(
        "openvpn",
        BENIGN,
        "benign:vpn",
        ("openvpn", "ovpn-server", "openvpn-server"),
        OPENVPN_BENIGN,
        weight=1.5,
        count=(1, 3),
    ),
    _pairs("vpn", BENIGN, "benign:vpn", VPN_SERVER_BENIGN, 1.0),
    _pairs("vpn", BENIGN, "benign:vpn-auth", VPN_AUTH_OK, 1.0),
    _pairs("vpn", "brute_force", "attack:vpn-bruteforce", VPN_BRUTE, 2.0),
    _pairs("vpn", "network_scan", "attack:vpn-scan", VPN_SCAN, 2.0),
)
