"""Enterprise firewalls and routers: Cisco ASA, FTD and IOS, Juniper SRX, Palo Alto
PAN-OS, FortiOS, Check Point.  :mod:`insyt.training.synth.netedge` has the small-office
boxes; both build on :class:`Device` here.

Labelling decisions (the same for every vendor):

* Permits, session build/teardown, NAT translations, interface and line
  protocol changes, configuration saves, DHCP, NTP, routing neighbours and
  VPN tunnels coming up, going down and rekeying are benign: they are most
  of what a firewall says all day.  So are allowed sessions *inside* the LAN
  to ports that would be a probe from outside (a file server's 445, a jump
  host's 3389), and out-of-state packets after a teardown (``no
  connection`` with RST or FIN/ACK flags).
* A deny of a probe is network_scan: a packet from outside to a port that
  only scanners knock on from the internet (telnet, SMB, RDP, databases,
  Redis, Docker, Winbox, TR-069, ...), a burst of denies from one source to
  many ports, a scan flag combination (FIN/PSH/URG, SYN+FIN, no flags), and
  the devices' own scan detections (threat detection, screens, zone
  protection, anomaly sensors).
* Failed logins to the device's own administration (SSH, console, web UI,
  API) from one source are brute_force; an administrator's successful login
  is benign.
* A plain deny of ordinary traffic (an outbound 443 refused by policy) is
  ambiguous without context and is not generated at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line
from insyt.training.synth.vocab import MONTHS, guessed_user, ip_private, ip_public, person

# (port, protocol, service name): what scanners knock on from the internet.
PROBES: tuple[tuple[int, str, str], ...] = (
    (23, "tcp", "telnet"),
    (2323, "tcp", "telnet-alt"),
    (445, "tcp", "microsoft-ds"),
    (139, "tcp", "netbios-ssn"),
    (135, "tcp", "msrpc"),
    (3389, "tcp", "ms-wbt-server"),
    (1433, "tcp", "ms-sql-s"),
    (3306, "tcp", "mysql"),
    (5432, "tcp", "postgresql"),
    (5900, "tcp", "vnc"),
    (6379, "tcp", "redis"),
    (9200, "tcp", "elasticsearch"),
    (27017, "tcp", "mongodb"),
    (2375, "tcp", "docker"),
    (8291, "tcp", "winbox"),
    (7547, "tcp", "cwmp"),
    (502, "tcp", "modbus"),
    (5555, "tcp", "adb"),
    (1723, "tcp", "pptp"),
    (22, "tcp", "ssh"),
    (11211, "udp", "memcache"),
    (161, "udp", "snmp"),
    (1900, "udp", "ssdp"),
    (5060, "udp", "sip"),
    (137, "udp", "netbios-ns"),
    (1434, "udp", "ms-sql-m"),
)
# Ordinary traffic by direction: LAN clients going out, the internet reaching
# published services, and LAN hosts reaching internal servers.
OUTBOUND = (
    (443, "tcp", "https"),
    (443, "tcp", "https"),
    (443, "tcp", "https"),
    (80, "tcp", "http"),
    (443, "udp", "quic"),
    (53, "udp", "dns"),
    (853, "tcp", "dns-over-tls"),
    (123, "udp", "ntp"),
    (993, "tcp", "imaps"),
    (587, "tcp", "submission"),
    (5223, "tcp", "apple-push"),
    (22, "tcp", "ssh"),
    (3478, "udp", "stun"),
    (8443, "tcp", "https-alt"),
)
INBOUND = (
    (443, "tcp", "https"),
    (443, "tcp", "https"),
    (80, "tcp", "http"),
    (25, "tcp", "smtp"),
    (1194, "udp", "openvpn"),
    (51820, "udp", "wireguard"),
    (4500, "udp", "ipsec-nat-t"),
    (500, "udp", "isakmp"),
)
INTERNAL = (
    (445, "tcp", "microsoft-ds"),
    (3389, "tcp", "ms-wbt-server"),
    (22, "tcp", "ssh"),
    (53, "udp", "dns"),
    (1433, "tcp", "ms-sql-s"),
    (5432, "tcp", "postgresql"),
    (9100, "tcp", "jetdirect"),
    (389, "tcp", "ldap"),
    (88, "udp", "kerberos"),
    (8006, "tcp", "https-alt"),
)
# Vendors' own names for the services above (FortiOS service objects, PAN-OS App-ID).
_FORTI = {
    "https": "HTTPS",
    "http": "HTTP",
    "quic": "udp/443",
    "dns": "DNS",
    "ntp": "NTP",
    "imaps": "IMAPS",
    "submission": "SMTPS",
    "ssh": "SSH",
    "smtp": "SMTP",
    "microsoft-ds": "SMB",
    "ms-wbt-server": "RDP",
    "telnet": "TELNET",
    "ms-sql-s": "MS-SQL",
    "mysql": "MYSQL",
    "snmp": "SNMP",
    "sip": "SIP",
    "pptp": "PPTP",
    "ldap": "LDAP",
    "kerberos": "KERBEROS",
    "vnc": "VNC",
    "isakmp": "IKE",
}
_APPID = {
    "https": "ssl",
    "http": "web-browsing",
    "quic": "quic",
    "dns": "dns-base",
    "dns-over-tls": "dns-over-tls",
    "ntp": "ntp-base",
    "imaps": "imap",
    "submission": "smtp-base",
    "smtp": "smtp-base",
    "apple-push": "apple-push-notifications",
    "ssh": "ssh",
    "stun": "stun",
    "openvpn": "openvpn",
    "wireguard": "wireguard",
    "ipsec-nat-t": "ipsec-esp-udp",
    "isakmp": "ike",
    "microsoft-ds": "ms-ds-smbv3",
    "ms-wbt-server": "ms-rdp",
    "ms-sql-s": "mssql-db",
    "postgresql": "postgres",
    "ldap": "ldap",
    "kerberos": "kerberos",
    "jetdirect": "jetdirect",
}
# Scan flag combinations (nmap's FIN, Xmas, NULL-with-SYN-FIN and Maimon scans), as names.
SCAN_FLAGS = (
    ("FIN", "PSH", "URG"),
    ("FIN", "PSH", "URG"),
    ("FIN",),
    ("SYN", "FIN"),
    ("SYN", "FIN", "PSH", "URG"),
    ("FIN", "ACK"),
    ("URG",),
)
# Flags of lingering packets after a teardown: what a "no connection" deny shows for benign traffic.
STALE_FLAGS = (("RST",), ("ACK", "RST"), ("FIN", "ACK"), ("ACK",), ("ACK", "PSH"), ("RST", "ACK"))
# Which direction ordinary traffic takes: outbound clients dominate a firewall's log.
_DIRECTIONS = ("out", "out", "out", "out", "in", "in", "lan")
# Interface roles by direction, and the names small firewalls give them.
_ROLES = {"out": ("lan", "wan"), "in": ("wan", "dmz"), "lan": ("lan", "lan")}
_IFNAMES = {
    "lan": ("internal", "lan", "port1", "port3", "x0"),
    "wan": ("wan1", "wan2", "port2", "x1"),
    "dmz": ("dmz", "port4", "x2"),
}
_RULES = (
    "allow-outbound",
    "lan-to-wan",
    "LAN_Internet",
    "web-servers",
    "Allow-DMZ-HTTPS",
    "trust-untrust",
    "Office_Out",
    "servers-internal",
)
_DENY_RULES = (
    "interzone-default",
    "deny-all",
    "Block-Inbound",
    "default-deny",
    "Cleanup rule",
    "Implicit Deny",
    "drop-wan",
)


def ddmonyyyy(when: datetime) -> str:
    """``2Jan2024 10:00:00`` (Check Point's classic log time)."""
    return f"{when.day}{MONTHS[when.month - 1]}{when.year} {when:%H:%M:%S}"


def _stamp_values(c: Ctx) -> dict[str, str]:
    w = c.when
    return {
        "date": f"{w:%Y-%m-%d}",
        "time": f"{w:%H:%M:%S}",
        "pdate": f"{w:%Y/%m/%d %H:%M:%S}",
        "epoch": str(int(w.timestamp())),
        "cpdate": ddmonyyyy(w),
        "ciscotime": f"{MONTHS[w.month - 1]} {w.day:2d} {w:%Y %H:%M:%S}",
        "iostime": f"{w:%H:%M:%S}.{w.microsecond // 1000:03d} UTC {w:%a} {MONTHS[w.month - 1]} "
        f"{w.day} {w.year}",
    }


def flow_values(
    c: Ctx, kind: str, src: str | None = None, dst: str | None = None
) -> dict[str, str]:
    """Every field a session line needs, consistent with one another.

    ``kind`` is ``benign`` (a permitted session in one of three directions)
    or ``probe`` (an unsolicited packet from outside to a probe port, with
    the empty counters and deny-rule names that go with it).
    """
    rng = c.rng
    values = _stamp_values(c)
    if kind == "probe":
        port, proto, svc = c.pick(PROBES) if c.chance(0.82) else (rng.randint(1, 65535), "tcp", "")
        direction = "probe"
        src = src or ip_public(rng)
        dst = dst or (ip_public(rng) if c.chance(0.6) else ip_private(rng))
        values.update(
            nsrc="0.0.0.0",
            ndst="0.0.0.0",
            npt="0",
            bytes=str(rng.choice((0, 40, 44, 60, 74, 78))),
            pkts="1",
            pkts2="0",
            dur="0",
            rule=c.pick(_DENY_RULES),
            reason="policy-deny",
            zin="untrust",
            zout=c.pick(("untrust", "trust", "dmz")),
            ifin="outside",
            ifout=c.pick(("inside", "dmz", "outside")),
            app=c.pick(("not-applicable", "incomplete", "unknown-tcp")),
            dirn="inbound",
            cat="any",
            sub=c.pick(("deny", "drop")),
        )
    else:
        direction = c.pick(_DIRECTIONS)
        table = {"out": OUTBOUND, "in": INBOUND, "lan": INTERNAL}[direction]
        port, proto, svc = c.pick(table)
        if direction == "out":
            src, dst = src or ip_private(rng), dst or ip_public(rng)
            zin, zout, ifin, ifout = "trust", "untrust", "inside", "outside"
        elif direction == "in":
            src, dst = src or ip_public(rng), dst or ip_private(rng)
            zin, zout, ifin, ifout = "untrust", "dmz", "outside", c.pick(("dmz", "inside"))
        else:
            src, dst = src or ip_private(rng), dst or ip_private(rng)
            zin, zout, ifin, ifout = "trust", c.pick(("trust", "servers")), "inside", "servers"
        sent = rng.randint(60, 900_000)
        received = rng.randint(60, 9_000_000)
        values.update(
            nsrc=ip_public(rng) if direction == "out" else src,
            ndst=ip_public(rng) if direction == "in" else dst,
            npt=str(rng.randint(1024, 65535)),
            bytes=str(sent + received),
            bsent=str(sent),
            brcvd=str(received),
            pkts=str(rng.randint(3, 9000)),
            pkts2=str(rng.randint(2, 9000)),
            dur=str(rng.randint(0, 3600)),
            rule=c.pick(_RULES),
            reason=c.pick(("tcp-fin", "tcp-fin", "aged-out", "tcp-rst-from-client", "n/a")),
            zin=zin,
            zout=zout,
            ifin=ifin,
            ifout=ifout,
            app=_APPID.get(svc, "incomplete"),
            dirn="outbound" if direction == "out" else "inbound",
            sub=c.pick(("end", "end", "start")),
            cat=c.pick(
                (
                    "computer-and-internet-info",
                    "business-and-economy",
                    "content-delivery-networks",
                    "search-engines",
                    "news",
                    "private-ip-addresses",
                )
            ),
        )
    lanip = dst if direction == "in" else src if direction != "probe" else ip_private(rng)
    values.update(
        gw=ip_public(rng),
        peer=ip_public(rng),
        nbr=ip_private(rng),
        lanip=lanip,
        wanip=values["ndst"] if direction == "in" else values["nsrc"],
        scankind="tcp_port_scan" if proto == "tcp" else "udp_scan",
        plen=str(
            rng.randint(40, 1500)
            if direction != "probe"
            else rng.choice((40, 44, 52, 60))
            if proto == "tcp"
            else rng.randint(28, 120)
        ),
    )
    rin, rout = _ROLES[direction] if direction in _ROLES else ("wan", c.pick(("lan", "dmz")))
    values.update(rin=rin, rout=rout, fin=c.pick(_IFNAMES[rin]), fout=c.pick(_IFNAMES[rout]))
    values.setdefault("bsent", values["bytes"])
    values.setdefault("brcvd", "0")
    values.update(
        src=src,
        dst=dst,
        spt=str(rng.randint(1024, 65535)),
        dpt=str(port),
        proto=proto,
        PROTO=proto.upper(),
        pnum="6" if proto == "tcp" else "17",
        svc=svc or f"{proto}/{port}",
        SVC=_FORTI.get(svc, f"{proto}/{port}"),
        sess=str(rng.randint(10_000, 4_000_000_000)),
        direction=direction,
        xflags=" ".join(c.pick(SCAN_FLAGS)),
        sflags=" ".join(c.pick(STALE_FLAGS)),
    )
    return values


@dataclass(frozen=True, slots=True)
class Device:
    """One vendor's log vocabulary, as the generic emitters below use it.

    ``flows`` hold ``{act}`` and serve both sides: with one of ``allow`` and
    an ordinary session they are benign, with one of ``deny`` and a probe
    they are network_scan, so the model sees the two differ only where the
    evidence is.  ``raw`` is the share of lines sent as the device sends
    them (tagless key=value or CSV) rather than under a syslog tag.
    """

    family: str
    apps: tuple[str, ...]
    events: tuple[str, ...]
    scans: tuple[str, ...]
    logins: tuple[str, ...]
    flows: tuple[str, ...] = ()
    allow: tuple[str, ...] = ("allow",)
    deny: tuple[str, ...] = ("deny",)
    pid: float = 0.0
    raw: float = 0.0
    tag: Callable[[str], tuple[str, str]] | None = None
    enrich: Callable[[Ctx, dict[str, str]], None] | None = None
    weight: float = 1.0


def lead_tag(msg: str) -> tuple[str, str]:
    """The tag a template starts with: ``%ASA-6-302013: Built ...`` (Cisco logs under the
    message id), ``kmd: KMD_VPN_UP_ALARM_USER: ...`` (Junos under the process)."""
    tag, sep, rest = msg.partition(": ")
    if sep and tag and not any(ch in tag for ch in " []:"):
        return tag, rest
    return "", msg


def _admin(c: Ctx) -> str:
    return c.pick(("admin", "netadmin", "netops", person(c.rng), person(c.rng)))


def _render(c: Ctx, d: Device, template: str, values: dict[str, str]) -> tuple[str, str]:
    if d.enrich is not None:
        d.enrich(c, values)
    msg = c.fill(template, **values)
    app = c.pick(d.apps)
    if d.tag is not None:
        tag, msg = d.tag(msg)
        app = tag or app
    return app, msg


def _lines(
    c: Ctx, d: Device, category: str, scenario: str, picks: list[tuple[str, dict[str, str]]]
) -> list[Line]:
    as_file = c.chance(d.raw)
    pid = c.fill("{pid}") if c.chance(d.pid) else None
    out = []
    for template, values in picks:
        app, msg = _render(c, d, template, values)
        out.append(c.line(d.family, category, scenario, app, msg, pid=pid, raw=as_file))
    return out


def device_emitters(d: Device) -> tuple[Emitter, ...]:
    """Benign, network_scan and brute_force emitters of one device family."""

    def benign(c: Ctx) -> list[Line]:
        picks = []
        for _ in range(c.rng.randint(1, 4)):
            values = flow_values(c, "benign")
            values.update(act=c.pick(d.allow), admin=_admin(c), mgmt=ip_private(c.rng))
            use_flow = d.flows and c.chance(0.45)
            picks.append((c.pick(d.flows if use_flow else d.events), values))
        return _lines(c, d, BENIGN, "benign:netdevice", picks)

    def scan(c: Ctx) -> list[Line]:
        src = c.bind.get("ip") or ip_public(c.rng)
        dst = ip_public(c.rng) if c.chance(0.7) else None  # one target, or a sweep
        picks = []
        for _ in range(c.rng.randint(1, 8)):
            values = flow_values(c, "probe", src, dst)
            values["act"] = c.pick(d.deny)
            use_flow = d.flows and c.chance(0.5)
            picks.append((c.pick(d.flows if use_flow else d.scans), values))
        return _lines(c, d, "network_scan", "attack:netdevice-scan", picks)

    def brute(c: Ctx) -> list[Line]:
        src = c.bind.get("ip") or ip_public(c.rng)
        user = guessed_user(c.rng) if c.chance(0.6) else "admin"
        picks = []
        for _ in range(c.rng.randint(1, 6)):
            values = flow_values(c, "probe", src)
            values.update(baduser=user if c.chance(0.7) else guessed_user(c.rng))
            picks.append((c.pick(d.logins), values))
        return _lines(c, d, "brute_force", "attack:device-bruteforce", picks)

    return (
        Emitter(f"{d.family}:benign", BENIGN, 0.7 * d.weight, benign),
        Emitter(f"{d.family}:scan", "network_scan", 0.9 * d.weight, scan),
        Emitter(f"{d.family}:bruteforce", "brute_force", 0.5 * d.weight, brute),
    )


# --- Cisco ---------------------------------------------------------------------------

ASA = Device(
    family="asa-session",
    apps=("%ASA",),
    tag=lead_tag,
    flows=(
        "%ASA-6-106100: access-list {ifin}_access_in {act} {proto} {ifin}/{src}({spt}) -> "
        "{ifout}/{dst}({dpt}) hit-cnt {int:1-40} {pick:first hit|300-second interval} "
        "[0x{hex:8}, 0x{hex2:8}]",
    ),
    allow=("permitted",),
    deny=("denied",),
    events=(
        "%ASA-6-302013: Built {dirn} TCP connection {sess} for {ifin}:{src}/{spt} ({nsrc}/{npt}) "
        "to {ifout}:{dst}/{dpt} ({ndst}/{dpt})",
        "%ASA-6-302014: Teardown TCP connection {sess} for {ifin}:{src}/{spt} to "
        "{ifout}:{dst}/{dpt} duration {int:0-9}:{int:10-59}:{int:10-59} bytes {bytes} "
        "{pick:TCP FINs|TCP FINs|TCP Reset-I|TCP Reset-O|Conn-timeout|SYN Timeout}",
        "%ASA-6-302015: Built {dirn} UDP connection {sess} for {ifin}:{src}/{spt} ({nsrc}/{npt}) "
        "to {ifout}:{dst}/{dpt} ({ndst}/{dpt})",
        "%ASA-6-302016: Teardown UDP connection {sess} for {ifin}:{src}/{spt} to "
        "{ifout}:{dst}/{dpt} duration 0:{int:0-2}:{int:10-59} bytes {bytes}",
        "%ASA-6-305011: Built dynamic {PROTO} translation from inside:{lanip}/{spt} to "
        "outside:{wanip}/{npt}",
        "%ASA-6-305012: Teardown dynamic {PROTO} translation from inside:{lanip}/{spt} to "
        "outside:{wanip}/{npt} duration 0:{int:0-9}:{int:10-59}",
        "%ASA-6-106015: Deny TCP (no connection) from {src}/{spt} to {dst}/{dpt} flags {sflags}  "
        "on interface {ifin}",
        "%ASA-5-111008: User '{admin}' executed the 'write memory' command.",
        "%ASA-5-111010: User '{admin}', running 'CLI' from IP {mgmt}, executed 'write memory'",
        "%ASA-6-605005: Login permitted from {mgmt}/{spt} to inside:{nbr}/{pick:ssh|https} for "
        'user "{admin}"',
        "%ASA-6-113004: AAA user authentication Successful : local database : user = {admin}",
        "%ASA-4-411002: Line protocol on Interface {pick:GigabitEthernet0/1|Port-channel1|"
        "Management0/0}, changed state to down",
        "%ASA-4-411001: Line protocol on Interface {pick:GigabitEthernet0/1|Port-channel1|"
        "Management0/0}, changed state to up",
        "%ASA-6-604103: DHCP daemon interface inside: address granted {hex:4}.{hex2:4}.{hex3:4} "
        "({lanip})",
        "%ASA-6-602303: IPSEC: An {pick:outbound|inbound} LAN-to-LAN SA (SPI= 0x{hex:8}) between "
        "{gw} and {peer} (user= {peer}) has been created.",
        "%ASA-6-602304: IPSEC: An {pick:outbound|inbound} LAN-to-LAN SA (SPI= 0x{hex:8}) between "
        "{gw} and {peer} (user= {peer}) has been deleted.",
        "%ASA-5-750006: Local:{gw}:500 Remote:{peer}:500 Username:{peer} IKEv2 SA UP. Reason: "
        "New Connection Established",
        "%ASA-5-750007: Local:{gw}:500 Remote:{peer}:500 Username:{peer} IKEv2 SA DOWN. Reason: "
        "{pick:peer reset|SA expired|Deleted by peer}",
        "%ASA-5-713120: Group = {peer}, IP = {peer}, PHASE 2 COMPLETED (msgid={hex:8})",
        "%ASA-5-713041: IP = {peer}, IKE Initiator: Rekeying Phase 1, Intf inside, IKE Peer "
        "{peer}  local Proxy Address 10.{int:0-255}.0.0, remote Proxy Address "
        "10.{int2:0-255}.0.0",
        "%ASA-6-722022: Group <GroupPolicy_VPN> User <{admin}> IP <{src}> TCP SVC connection "
        "established without compression",
        "%ASA-6-199018: NTP daemon interface outside: Peer {peer} now synchronized",
    ),
    scans=(
        "%ASA-4-106023: Deny {proto} src outside:{src}/{spt} dst {ifout}:{dst}/{dpt} by "
        'access-group "outside_access_in" [0x{hex:8}, 0x0]',
        "%ASA-2-106001: Inbound TCP connection denied from {src}/{spt} to {dst}/{dpt} flags SYN  "
        "on interface outside",
        "%ASA-2-106006: Deny inbound UDP from {src}/{spt} to {dst}/{dpt} on interface outside",
        "%ASA-6-106015: Deny TCP (no connection) from {src}/{spt} to {dst}/{dpt} flags {xflags}  "
        "on interface outside",
        "%ASA-4-733100: [ Scanning] drop rate-{int:1-2} exceeded. Current burst rate is "
        "{int:12-400} per second, max configured rate is 10; Current average rate is {int:6-90} "
        "per second, max configured rate is 5; Cumulative total count is {int:1000-90000}",
        "%ASA-4-733101: Host {src} is attacking. Current burst rate is {int:12-400} per second, "
        "max configured rate is 10; Current average rate is {int:6-90} per second, max configured "
        "rate is 5; Cumulative total count is {int:1000-90000}",
        "%ASA-4-733102: Threat-detection adds host {src} to shun list",
    ),
    logins=(
        "%ASA-6-605004: Login denied from {src}/{spt} to outside:{gw}/{pick:ssh|https|telnet} "
        'for user "{baduser}"',
        "%ASA-6-113015: AAA user authentication Rejected : reason = Invalid password : local "
        "database : user = {baduser} : user IP = {src}",
        "%ASA-6-611102: User authentication failed: IP address: {src}, Uname: {baduser}",
        "%ASA-6-113006: User '{baduser}' locked out on exceeding '{int:3-10}' successive failed "
        "authentication attempts",
    ),
)

FTD = Device(
    family="ftd-connection",
    apps=("%FTD",),
    tag=lead_tag,
    flows=(
        "%FTD-{pick:1|6}-430002: EventPriority: Low, DeviceUUID: {uuid}, InstanceID: "
        "{int:1-12}, FirstPacketSecond: {date}T{time}Z, ConnectionID: {int:1-65535}, "
        "AccessControlRuleAction: {act}, SrcIP: {src}, DstIP: {dst}, SrcPort: {spt}, DstPort: "
        "{dpt}, Protocol: {proto}, IngressInterface: {ifin}, EgressInterface: {ifout}, "
        "IngressZone: {zin}, EgressZone: {zout}, ACPolicy: {pick:Default-AC|Branch-Policy}, "
        "AccessControlRuleName: {rule}, Prefilter Policy: Default Prefilter Policy, User: No "
        "Authentication Required, InitiatorPackets: {pkts}, ResponderPackets: {pkts2}, "
        "InitiatorBytes: {bsent}, ResponderBytes: {brcvd}, NAPPolicy: Balanced Security and "
        "Connectivity",
    ),
    allow=("Allow", "Trust"),
    deny=("Block", "Block with reset"),
    events=(
        "%FTD-6-430003: EventPriority: Low, DeviceUUID: {uuid}, InstanceID: {int:1-12}, "
        "FirstPacketSecond: {date}T{time}Z, ConnectionID: {int:1-65535}, "
        "AccessControlRuleAction: Allow, SrcIP: {src}, DstIP: {dst}, SrcPort: {spt}, DstPort: "
        "{dpt}, Protocol: {proto}, IngressInterface: {ifin}, EgressInterface: {ifout}, "
        "ConnectionDuration: {dur}, InitiatorBytes: {bsent}, ResponderBytes: {brcvd}, "
        "ApplicationProtocol: {SVC}, ConnectionEndReason: "
        "{pick:TCP FINs|Idle Timeout|TCP Reset-I}",
        "%FTD-6-302013: Built {dirn} TCP connection {sess} for {ifin}:{src}/{spt} ({nsrc}/{npt}) "
        "to {ifout}:{dst}/{dpt} ({ndst}/{dpt})",
        "%FTD-6-302014: Teardown TCP connection {sess} for {ifin}:{src}/{spt} to "
        "{ifout}:{dst}/{dpt} duration 0:{int:0-59}:{int:10-59} bytes {bytes} TCP FINs",
        "%FTD-5-111010: User '{admin}', running 'CLI' from IP {mgmt}, executed 'configure "
        "network management-data-interface'",
        "%FTD-6-199018: NTP daemon interface management: Peer {peer} now synchronized",
        "%FTD-5-750006: Local:{gw}:500 Remote:{peer}:500 Username:{peer} IKEv2 SA UP. Reason: "
        "New Connection Established",
    ),
    scans=(
        "%FTD-4-106023: Deny {proto} src outside:{src}/{spt} dst {ifout}:{dst}/{dpt} by "
        'access-group "CSM_FW_ACL_" [0x{hex:8}, 0x0]',
        "%FTD-1-430001: EventPriority: High, DeviceUUID: {uuid}, InstanceID: {int:1-12}, "
        "FirstPacketSecond: {date}T{time}Z, ConnectionID: {int:1-65535}, SrcIP: {src}, DstIP: "
        "{dst}, SrcPort: {spt}, DstPort: {dpt}, Protocol: {proto}, IngressInterface: outside, "
        "IntrusionPolicy: Balanced Security and Connectivity, SignatureID: {int:1-9}, "
        "GeneratorID: 122, Message: (portscan) TCP {pick:Portscan|Portsweep|Filtered Portscan}",
        "%FTD-4-733101: Host {src} is attacking. Current burst rate is {int:12-400} per second, "
        "max configured rate is 10; Current average rate is {int:6-90} per second, max configured "
        "rate is 5; Cumulative total count is {int:1000-90000}",
    ),
    logins=(
        "%FTD-6-605004: Login denied from {src}/{spt} to outside:{gw}/{pick:ssh|https} for user "
        '"{baduser}"',
        "%FTD-6-113015: AAA user authentication Rejected : reason = Invalid password : local "
        "database : user = {baduser} : user IP = {src}",
    ),
    weight=0.6,
)

_IOS_IF = (
    "GigabitEthernet0/{int:0-3}",
    "GigabitEthernet1/0/{int:1-48}",
    "TenGigabitEthernet1/1/{int:1-4}",
    "FastEthernet0/{int:0-24}",
    "Vlan{int:1-400}",
    "Tunnel{int:0-9}",
)
_IOS_IF_PICK = "{pick:" + "|".join(_IOS_IF) + "}"

IOS = Device(
    family="ios",
    apps=("%SYS",),
    tag=lead_tag,
    flows=(
        "%SEC-6-IPACCESSLOGP: list {pick:101|110|OUTSIDE-IN|ACL-WAN} {act} {proto} "
        "{src}({spt}) -> {dst}({dpt}), {pick:1 packet|{int:2-40} packets}",
    ),
    allow=("permitted",),
    deny=("denied",),
    events=(
        f"%LINK-3-UPDOWN: Interface {_IOS_IF_PICK}, changed state to {{pick:up|down}}",
        f"%LINEPROTO-5-UPDOWN: Line protocol on Interface {_IOS_IF_PICK}, changed state to "
        "{pick:up|down}",
        "%SYS-5-CONFIG_I: Configured from console by {admin} on vty{int:0-4} ({mgmt})",
        "%SYS-5-CONFIG_I: Configured from console by console",
        "%SYS-6-LOGGINGHOST_STARTSTOP: Logging to host {mgmt} port 514 started - CLI initiated",
        "%OSPF-5-ADJCHG: Process {int:1-100}, Nbr {nbr} on "
        f"{_IOS_IF_PICK} from {{pick:LOADING to FULL, Loading Done|FULL to DOWN, Neighbor Down: "
        "Dead timer expired|EXSTART to EXCHANGE, Negotiation Done}",
        "%BGP-5-ADJCHANGE: neighbor {peer} {pick:Up|Down BGP Notification sent|Down Peer closed "
        "the session}",
        "%DUAL-5-NBRCHANGE: EIGRP-IPv4 {int:1-100}: Neighbor {nbr} ({pick:Vlan10|"
        "GigabitEthernet0/1}) is {pick:up: new adjacency|down: holding time expired}",
        "%NTP-5-PEERSYNC: NTP synced to peer {peer}",
        "%NTP-4-PEERUNREACH: Peer {peer} is unreachable",
        "%DHCPD-6-ADDRESS_ASSIGN: Interface Vlan{int:1-400} assigned DHCP address {lanip}, mask "
        "255.255.255.0, hostname {word}",
        "%CRYPTO-5-SESSION_STATUS: Crypto tunnel is {pick:UP|DOWN}.  Peer {peer}:500     Id: "
        "{peer}",
        "%CRYPTO-4-IKMP_NO_SA: IKE message from {peer} has no SA and is not an initialization "
        "offer",
        "%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: {admin}] [Source: {mgmt}] [localport: "
        "22] at {iostime}",
        "%SSH-5-SSH2_USERAUTH: User '{admin}' authentication for SSH2 Session from {mgmt} (tty = "
        "{int:0-4}) using crypto cipher 'aes256-ctr', hmac 'hmac-sha2-256' Succeeded",
        "%SW_MATM-4-MACFLAP_NOTIF: Host {hex:4}.{hex2:4}.{hex3:4} in vlan {int:1-400} is flapping "
        "between port Gi1/0/{int:1-48} and port Gi1/0/{int2:1-48}",
        "%CDP-4-NATIVE_VLAN_MISMATCH: Native VLAN mismatch discovered on "
        "GigabitEthernet1/0/{int:1-48} (1), with {word} GigabitEthernet0/{int:1-4} ({int:2-99}).",
        "%SPANTREE-2-RECV_PVID_ERR: Received BPDU with inconsistent peer vlan id {int:2-99} on "
        "GigabitEthernet1/0/{int:1-48} VLAN1.",
        "%ILPOWER-5-POWER_GRANTED: Interface Gi1/0/{int:1-48}: Power granted",
        "%PARSER-5-CFGLOG_LOGGEDCMD: User:{admin}  logged command:interface "
        "GigabitEthernet1/0/{int:1-48}",
        "%SYS-6-CLOCKUPDATE: System clock has been updated from {time} UTC {pick:Mon|Tue|Wed} "
        "{ciscotime} to {time} UTC {pick2:Mon|Tue|Wed} {ciscotime}, configured from console by "
        "{admin} on vty0 ({mgmt}).",
    ),
    scans=(
        "%SEC-6-IPACCESSLOGP: list {pick:101|OUTSIDE-IN} denied {proto} {src}({spt}) -> "
        "{dst}({dpt}), {pick:1 packet|{int:2-40} packets}",
        "%SEC-6-IPACCESSLOGDP: list {pick:101|OUTSIDE-IN} denied icmp {src} -> {dst} (8/0), "
        "{pick:1 packet|{int:2-40} packets}",
        "%IPS-4-SIGNATURE: Sig:3030 Subsig:0 Sev:{pick:25|50} TCP SYN Host Sweep [{src}:{spt} -> "
        "{dst}:{dpt}] VRF:NONE RiskRating:{int:25-75}",
        "%FW-4-HOST_TCP_ALERT_ON: (target:class)-(zone-pair:class-default):Max tcp half-open "
        "connections (50) exceeded for host {dst}.",
    ),
    logins=(
        "%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: {baduser}] [Source: {src}] [localport: "
        "{pick:22|23}] [Reason: Login Authentication Failed] at {iostime}",
        "%SEC_LOGIN-1-QUIET_MODE_ON: Still timeleft for watching failures is {int:10-120} secs, "
        "[user: {baduser}] [Source: {src}] [localport: 22] [Reason: Login Authentication Failed] "
        "[ACL: sl_def_acl] at {iostime}",
        "%SSH-5-SSH2_USERAUTH: User '{baduser}' authentication for SSH2 Session from {src} (tty = "
        "{int:0-4}) using crypto cipher 'aes128-ctr', hmac 'hmac-sha1' Failed",
        "%SSH-5-SSH2_CLOSE: SSH2 Session from {src} (tty = {int:0-4}) for user '{baduser}' using "
        "crypto cipher 'aes128-ctr', hmac 'hmac-sha1' closed",
    ),
    weight=1.0,
)

# --- Juniper SRX ---------------------------------------------------------------------

_SRX_IF = "{pick:ge-0/0/0.0|ge-0/0/1.0|ge-0/0/2.0|reth0.0|xe-1/0/0.0|irb.0}"
SRX = Device(
    family="srx-flow",
    apps=("RT_FLOW",),
    tag=lead_tag,
    events=(
        "RT_FLOW: RT_FLOW_SESSION_CREATE: session created {src}/{spt}->{dst}/{dpt} 0x0 "
        "junos-{svc} {nsrc}/{npt}->{dst}/{dpt} 0x0 {pick:source rule r1|N/A} N/A N/A {pnum} "
        f"{{rule}} {{zin}} {{zout}} {{sess}} N/A(N/A) {_SRX_IF} {{app}} UNKNOWN UNKNOWN",
        "RT_FLOW: RT_FLOW_SESSION_CLOSE: session closed {pick:TCP FIN|TCP RST|idle Timeout|"
        "unset}: {src}/{spt}->{dst}/{dpt} 0x0 junos-{svc} {nsrc}/{npt}->{dst}/{dpt} 0x0 N/A N/A "
        "N/A {pnum} {rule} {zin} {zout} {sess} {pkts}({bsent}) {pkts2}({brcvd}) {dur} {app} "
        f"UNKNOWN N/A(N/A) {_SRX_IF} UNKNOWN N/A N/A -1",
        "kmd: KMD_VPN_UP_ALARM_USER: VPN {word}-vpn from {peer} is up. Local-ip: {gw}, gateway "
        "name: gw-{word}, vpn name: {word}-vpn, tunnel-id: {int:131073-131200}, local tunnel-if: "
        "st0.{int:0-9}, remote tunnel-ip: Not-Available, Local IKE-ID: {gw}, Remote IKE-ID: "
        "{peer}, AAA username: Not-Applicable, VR id: 0",
        "kmd: KMD_VPN_DOWN_ALARM_USER: VPN {word}-vpn from {peer} is down. Local-ip: {gw}, "
        "gateway name: gw-{word}, vpn name: {word}-vpn, tunnel-id: {int:131073-131200}, local "
        "tunnel-if: st0.{int:0-9}, remote tunnel-ip: Not-Available",
        "kmd: KMD_PM_SA_ESTABLISHED: Local gateway: {gw}, Remote gateway: {peer}, Local ID: "
        "ipv4_subnet(any:0,[0..7]=10.{int:0-255}.0.0/16), Remote ID: ipv4_subnet(any:0,"
        "[0..7]=10.{int2:0-255}.0.0/16), Direction: {pick:inbound|outbound}, SPI: 0x{hex:8}, "
        "AUX-SPI: 0, Mode: Tunnel, Type: dynamic",
        "kmd: IKE negotiation successfully completed. IKE Version: 2, VPN: {word}-vpn Gateway: "
        "gw-{word}, Local: {gw}/500, Remote: {peer}/500, Local IKE-ID: {gw}, Remote IKE-ID: "
        "{peer}, VR-ID: 0, Role: {pick:Initiator|Responder}",
        "kmd: KMD_PM_SA_REKEY: Rekey of SA with SPI 0x{hex:8} to gateway {peer} initiated",
        "rpd: RPD_OSPF_NBRUP: OSPF neighbor {nbr} (realm ospf-v2 "
        f"{_SRX_IF} area 0.0.0.0) state changed from Loading to Full due to LoadDone (event "
        "reason: OSPF loading completed)",
        "rpd: BGP_NEIGHBOR_STATE_CHANGED: BGP peer {peer} (External AS {int:64512-65534}) changed "
        "state from {pick:OpenConfirm to Established (event RecvKeepAlive)|Established to Idle "
        "(event RecvNotify)} (instance master)",
        "mib2d: SNMP_TRAP_LINK_UP: ifIndex {int:500-600}, ifAdminStatus up(1), ifOperStatus "
        "up(1), ifName ge-0/0/{int:0-7}",
        "mib2d: SNMP_TRAP_LINK_DOWN: ifIndex {int:500-600}, ifAdminStatus up(1), ifOperStatus "
        "down(2), ifName ge-0/0/{int:0-7}",
        "mgd: UI_COMMIT: User '{admin}' requested 'commit' operation (comment: {pick:none|change "
        "policy|add vlan})",
        "mgd: UI_COMMIT_COMPLETED: commit complete",
        "mgd: UI_LOGIN_EVENT: User '{admin}' login, class 'j-super-user' [{int:1000-90000}], "
        "ssh-connection '{mgmt} {spt} {nbr} 22', client-mode 'cli'",
        "mgd: UI_AUTH_EVENT: Authenticated user '{admin}' assigned to class 'j-super-user'",
        "xntpd: NTP Server {peer} is {pick:Reachable|Unreachable}",
        "jdhcpd: DH_SVC_SENDMSG_SUCCESS: DHCP ACK sent to client {mac} ip {lanip} on interface "
        "irb.{int:0-9}",
    ),
    scans=(
        "RT_FLOW: RT_FLOW_SESSION_DENY: session denied {src}/{spt}->{dst}/{dpt} 0x0 None "
        f"{{pnum}}(0) {{rule}} untrust {{pick:junos-host|trust|dmz}} UNKNOWN UNKNOWN N/A(N/A) "
        f"{_SRX_IF} UNKNOWN policy deny",
        "RT_SCREEN: RT_SCREEN_TCP: TCP port scan! source: {src}:{spt}, destination: {dst}:{dpt}, "
        f"zone name: untrust, interface name: {_SRX_IF}, action: drop",
        "RT_SCREEN: RT_SCREEN_UDP: UDP port scan! source: {src}:{spt}, destination: {dst}:{dpt}, "
        f"zone name: untrust, interface name: {_SRX_IF}, action: drop",
        "RT_SCREEN: RT_SCREEN_ICMP: IP address sweep! source: {src}, destination: {dst}, zone "
        f"name: untrust, interface name: {_SRX_IF}, action: drop",
        "RT_SCREEN: RT_SCREEN_TCP: {pick:SYN and FIN bits!|No TCP flag!|FIN but no ACK bit!} "
        "source: {src}:{spt}, destination: {dst}:{dpt}, zone name: untrust, interface name: "
        f"{_SRX_IF}, action: drop",
    ),
    logins=(
        "sshd: SSHD_LOGIN_FAILED: Login failed for user '{baduser}' from host '{src}'",
        "sshd: SSHD_LOGIN_ATTEMPTS_THRESHOLD: Threshold for unsuccessful authentication attempts "
        "({int:2-5}) reached by user '{baduser}'",
        "httpd-gk: WEB_AUTH_FAIL: Unable to authenticate httpd client (username {baduser})",
        "login: LOGIN_FAILED: Login failed for user {baduser} from host {src}",
    ),
    pid=0.5,
)

# --- Palo Alto -----------------------------------------------------------------------

_PAN_HEAD = "1,{pdate},0{int:10000000000-99999999999},"
_PAN_TAIL = (
    ",0,0,0,0,,{pick:PA-{int:220-5450}|fw{int:1-9}|pa-{word}},from-policy,,,0,,0,,N/A,0,0,0,0"
)
PANOS = Device(
    family="panos-csv",
    apps=("PAN-OS", "panos"),
    flows=(
        _PAN_HEAD + "TRAFFIC,{sub},2561,{pdate},{src},{dst},{nsrc},"
        "{ndst},{rule},,,{app},vsys1,{zin},{zout},ethernet1/{int:1-8},ethernet1/{int:1-8},"
        "{pick:default|log-fwd|splunk},{pdate},{sess},1,{spt},{dpt},{npt},{dpt},0x{pick:400053|"
        "40001c|19|0},{proto},{act},{bytes},{bsent},{brcvd},{pkts},{pdate},{dur},{cat},0,"
        "{int:1000000-9999999999},0x0,{pick:10.0.0.0-10.255.255.255|United States|Germany|"
        "192.168.0.0-192.168.255.255},{pick:United States|Netherlands|Ireland|"
        "10.0.0.0-10.255.255.255},0,{pkts},{pkts2},{reason}" + _PAN_TAIL,
    ),
    allow=("allow",),
    deny=("deny", "drop", "reset-both"),
    events=(
        _PAN_HEAD + "SYSTEM,vpn,0,{pdate},,ike-nego-p2-succ,{word}-gw,0,0,general,informational,"
        '"IKE phase-2 negotiation is succeeded as initiator, quick mode. Established SA: '
        '{gw}[500]-{peer}[500] message id:0x{hex:8}, SPI:0x{hex:8}/0x{hex:8}.",'
        "{int:1000000-9999999},0x0,0,0,0,0,,{pick:fw1|pa-edge}",
        _PAN_HEAD + "SYSTEM,vpn,0,{pdate},,ike-nego-p1-succ,{word}-gw,0,0,general,informational,"
        '"IKE phase-1 negotiation is succeeded as responder, main mode. Established SA: '
        '{gw}[500]-{peer}[500] cookie:{hex:16}:{hex:16} lifetime 28800 Sec.",'
        "{int:1000000-9999999},0x0,0,0,0,0,,{pick:fw1|pa-edge}",
        _PAN_HEAD + "SYSTEM,vpn,0,{pdate},,tunnel-status-up,{word}-tunnel,0,0,general,"
        'informational,"tunnel {word}-tunnel is up",{int:1000000-9999999},0x0,0,0,0,0,,fw1',
        _PAN_HEAD + "SYSTEM,auth,0,{pdate},,auth-success,,0,0,general,informational,"
        "\"authenticated for user '{admin}'.   auth profile 'local', vsys 'shared', From: "
        '{mgmt}.",{int:1000000-9999999},0x0,0,0,0,0,,fw1',
        _PAN_HEAD + "SYSTEM,general,0,{pdate},,general,,0,0,general,informational,"
        '"User {admin} logged in via Web from {mgmt} using https",{int:1000000-9999999},0x0,'
        "0,0,0,0,,fw1",
        _PAN_HEAD + "CONFIG,0,2561,{pdate},{mgmt},,commit,{admin},Web,Submitted,,0,0,0,0,,"
        "{pick:fw1|pa-edge},0",
        _PAN_HEAD + "SYSTEM,globalprotect,0,{pdate},,globalprotectgateway-config-succ,"
        'GP-Gateway,0,0,general,informational,"GlobalProtect gateway client configuration '
        "generated. User name: {admin}, Private IP: 10.{int:0-255}.{int2:0-255}.{int3:1-254}, "
        "Client version: 6.{int:0-2}.{int:0-4}, "
        'Device name: {word}-laptop, Client OS version: Microsoft Windows 11 Pro , 64-bit",'
        "{int:1000000-9999999},0x0,0,0,0,0,,fw1",
        _PAN_HEAD + "SYSTEM,dhcp,0,{pdate},,dhcp-lease-granted,,0,0,general,informational,"
        '"DHCP lease started ip {lanip} --> mac {mac} - hostname {word}, interface '
        'ethernet1/{int:2-8}",{int:1000000-9999999},0x0,0,0,0,0,,fw1',
        _PAN_HEAD + "SYSTEM,routing,0,{pdate},,routing-bgp-peer-established,,0,0,general,"
        'informational,"BGP peer {peer} established",{int:1000000-9999999},0x0,0,0,0,0,,fw1',
        _PAN_HEAD + "SYSTEM,ntpd,0,{pdate},,ntpd-sync,,0,0,general,informational,"
        '"NTP sync to server {peer}",{int:1000000-9999999},0x0,0,0,0,0,,fw1',
    ),
    scans=(
        _PAN_HEAD + "THREAT,scan,2561,{pdate},{src},{dst},0.0.0.0,0.0.0.0,{rule},,,"
        "not-applicable,vsys1,untrust,{zout},ethernet1/1,,log-fwd,{pdate},0,1,0,0,0,0,0x2000,"
        '{proto},{pick:drop|alert|block-ip},"",{pick:TCP Port Scan(8001)|Host Sweep(8002)|'
        "UDP Port Scan(8003)},any,{pick:critical|high|medium},client-to-server,"
        "{int:1000000-9999999999},0x0,{pick:China|Russian Federation|United States|Netherlands},"
        "{pick:United States|10.0.0.0-10.255.255.255},0,,0,,,0,,,,,,,,0,0,0,0,0,,fw1,",
    ),
    logins=(
        _PAN_HEAD + 'SYSTEM,auth,0,{pdate},,auth-fail,,0,0,general,medium,"failed '
        "authentication for user '{baduser}'.  Reason: Invalid username or password. auth "
        "profile 'local', vsys 'shared', From: {src}.\",{int:1000000-9999999},0x0,0,0,0,0,,fw1",
        _PAN_HEAD + "SYSTEM,globalprotect,0,{pdate},,globalprotectportal-auth-fail,GP-Portal,0,0,"
        'general,informational,"GlobalProtect portal user authentication failed. Login from: '
        "{src}, Source region: {pick:CN|RU|BR|VN|US}, User name: {baduser}, Client region: "
        "{pick:CN|RU|BR|VN|US}, Reason: Authentication failed: Invalid username or password, "
        'Auth type: profile.",{int:1000000-9999999},0x0,0,0,0,0,,fw1',
    ),
    raw=0.5,
)

# --- Fortinet ------------------------------------------------------------------------

_FG_HEAD = (
    'date={date} time={time} devname="{pick:FG-{int:60-900}F|FGT-{word}|fw-{word}}" '
    'devid="FG{int:60-900}FTK{int:10000000-99999999}" eventtime={epoch}{int:100000000-999999999} '
    'tz="{pick:+0000|+0100|-0500|+0200}" '
)
FORTIOS = Device(
    family="fortios-kv",
    apps=("fortigate", "FortiGate"),
    flows=(
        _FG_HEAD + 'logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" '
        'srcip={src} srcport={spt} srcintf="{fin}" srcintfrole="{rin}" dstip={dst} dstport={dpt} '
        'dstintf="{fout}" dstintfrole="{rout}" sessionid={sess} proto={pnum} action="{act}" '
        'policyid={int:0-120} policytype="policy" service="{SVC}" trandisp="{pick:snat|noop}" '
        "duration={dur} sentbyte={bsent} rcvdbyte={brcvd} sentpkt={pkts} rcvdpkt={pkts2} "
        'appcat="unscanned"',
    ),
    allow=("accept", "close", "timeout", "client-rst", "server-rst"),
    deny=("deny",),
    events=(
        _FG_HEAD + 'logid="0100032001" type="event" subtype="system" level="information" '
        'vd="root" logdesc="Admin login successful" sn="{int:1000000000-9999999999}" '
        'user="{admin}" ui="{pick:https|ssh}({mgmt})" method="{pick:https|ssh}" srcip={mgmt} '
        'dstip={nbr} action="login" status="success" reason="none" profile="super_admin" '
        'msg="Administrator {admin} logged in successfully from {pick:https|ssh}({mgmt})"',
        _FG_HEAD + 'logid="0100032102" type="event" subtype="system" level="alert" vd="root" '
        'logdesc="Configuration changed" user="{admin}" ui="GUI({mgmt})" msg="Configuration is '
        'changed in the admin session"',
        _FG_HEAD + 'logid="0101037138" type="event" subtype="vpn" level="notice" vd="root" '
        'logdesc="IPsec connection status changed" msg="IPsec connection status change" '
        'action="tunnel-up" remip={peer} locip={gw} remport=500 locport=500 outintf="wan1" '
        'cookies="{hex:16}/{hex:16}" user="N/A" group="N/A" xauthuser="N/A" xauthgroup="N/A" '
        'assignip=N/A vpntunnel="{word}-vpn" tunnelip=N/A tunnelid={int:1000-99999} '
        'tunneltype="ipsec" duration=0 sentbyte=0 rcvdbyte=0 nextstat=0',
        _FG_HEAD + 'logid="0101037129" type="event" subtype="vpn" level="notice" vd="root" '
        'logdesc="IPsec phase 2 status changed" msg="IPsec phase 2 status change" '
        'action="phase2-up" remip={peer} locip={gw} remport=500 locport=500 outintf="wan1" '
        'cookies="{hex:16}/{hex:16}" user="N/A" group="N/A" vpntunnel="{word}-vpn" '
        'phase2_name="{word}-p2"',
        _FG_HEAD + 'logid="0101037127" type="event" subtype="vpn" level="notice" vd="root" '
        'logdesc="Progress IPsec phase 1" msg="progress IPsec phase 1" action="negotiate" '
        'remip={peer} locip={gw} remport=500 locport=500 outintf="wan1" '
        'cookies="{hex:16}/{hex:16}" user="N/A" group="N/A" vpntunnel="{word}-vpn" '
        'status="success" init="{pick:local|remote}" mode="{pick:main|aggressive}" dir="outbound" '
        'stage={int:1-3} role="{pick:initiator|responder}" result="DONE"',
        _FG_HEAD + 'logid="0101039947" type="event" subtype="vpn" level="information" vd="root" '
        'logdesc="SSL VPN tunnel up" action="tunnel-up" tunneltype="ssl-tunnel" '
        'tunnelid={int:1000-99999} remip={peer} tunnelip=10.212.134.{int:100-200} user="{admin}" '
        'group="vpn-users" reason="tunnel established" msg="SSL tunnel established"',
        _FG_HEAD + 'logid="0100026001" type="event" subtype="system" level="information" '
        'vd="root" logdesc="DHCP Ack log" interface="{pick:internal|lan|port2}" '
        'dhcp_msg="Ack" mac="{mac}" ip={lanip} lease=604800 hostname="{word}" msg="DHCP server '
        'sends a DHCPACK"',
        _FG_HEAD + 'logid="0100020027" type="event" subtype="system" level="information" '
        'vd="root" logdesc="NTP server status changed" msg="NTP server {peer} is reachable"',
        _FG_HEAD + 'logid="0100020203" type="event" subtype="system" level="warning" vd="root" '
        'logdesc="Interface status changed" action="interface-stat-change" '
        'status="{pick:UP|DOWN}" msg="Link monitor: Interface {pick:wan1|wan2|port1} was turned '
        '{pick:up|down}"',
        _FG_HEAD + 'logid="0100020010" type="event" subtype="system" level="warning" vd="root" '
        'logdesc="Routing neighbor status changed" msg="BGP: %BGP-5-ADJCHANGE: neighbor {peer} '
        '{pick:Up|Down}"',
    ),
    scans=(
        _FG_HEAD + 'logid="0001000014" type="traffic" subtype="local" level="notice" vd="root" '
        'srcip={src} srcport={spt} srcintf="wan1" srcintfrole="wan" dstip={dst} dstport={dpt} '
        'dstintf="root" dstintfrole="undefined" sessionid={sess} proto={pnum} action="deny" '
        'policyid=0 policytype="local-in-policy" service="{SVC}" trandisp="noop" duration={dur} '
        "sentbyte=0 rcvdbyte=0 sentpkt=1",
        _FG_HEAD + 'logid="0720018432" type="anomaly" subtype="anomaly" level="alert" vd="root" '
        'severity="critical" srcip={src} srccountry="{pick:China|Russian Federation|Netherlands|'
        'United States|Brazil}" dstip={dst} srcintf="wan1" srcintfrole="wan" sessionid=0 '
        'action="{pick:detected|clear_session|dropped}" proto={pnum} service="{SVC}" '
        'count={int:100-9000} attack="{scankind}" '
        "srcport={spt} dstport={dpt} attackid={pick:100663396|100663398} policyid=1 "
        'policytype="DoS-policy" ref="http://www.fortinet.com/ids/VID{int:100000000-199999999}" '
        'msg="anomaly: {scankind}, {int:1000-9000} > threshold 1000, repeats '
        '{int:2-900} times" crscore=50 craction=4 crlevel="critical"',
        _FG_HEAD + 'logid="0419016384" type="utm" subtype="ips" eventtype="signature" '
        'level="alert" vd="root" severity="{pick:low|medium}" srcip={src} dstip={dst} '
        'srcintf="wan1" srcintfrole="wan" dstintf="internal" sessionid={sess} action="dropped" '
        'proto={pnum} service="{SVC}" attack="{pick:Nmap.Script.Scanner|Masscan.Scanner|'
        'ZGrab.Scanner|Port.Scan.TCP}" srcport={spt} dstport={dpt} direction="incoming" '
        'attackid={int:10000-60000} profile="default" ref="http://www.fortinet.com/ids/'
        'VID{int:10000-60000}" incidentserialno={int:100000000-999999999} msg="applications3: '
        '{pick:Nmap.Script.Scanner|Masscan.Scanner|Port.Scan.TCP}"',
    ),
    logins=(
        _FG_HEAD + 'logid="0100032002" type="event" subtype="system" level="alert" vd="root" '
        'logdesc="Admin login failed" sn="0" user="{baduser}" ui="{pick:ssh|https|telnet}({src})" '
        'method="{pick:ssh|https|telnet}" srcip={src} dstip={gw} action="login" status="failed" '
        'reason="{pick:name_invalid|passwd_invalid}" msg="Administrator {baduser} login failed '
        'from {pick:ssh|https|telnet}({src}) because of invalid {pick:user name|password}"',
        _FG_HEAD + 'logid="0101039426" type="event" subtype="vpn" level="alert" vd="root" '
        'logdesc="SSL VPN login fail" action="ssl-login-fail" tunneltype="ssl-web" '
        'tunnelid=0 remip={src} tunnelip=N/A user="{baduser}" group="N/A" dst_host="N/A" '
        'reason="sslvpn_login_permission_denied" msg="SSL user failed to logged in"',
        _FG_HEAD + 'logid="0100032021" type="event" subtype="system" level="warning" vd="root" '
        'logdesc="Admin login disabled" user="{baduser}" ui="ssh({src})" action="login" '
        'status="failed" reason="exceed_limit" msg="Login disabled from IP {src} for 60 seconds '
        'because of {int:3-10} bad attempts"',
    ),
    raw=0.6,
)

# --- Check Point ---------------------------------------------------------------------


def _cp(action: str, body: str) -> str:
    """A Log Exporter record: ``[key:"value"; ...]`` with the gateway's fields first."""
    return (
        f'[action:"{action}"; flags:"{{int:100000-999999}}"; ifdir:"{{pick:inbound|outbound}}"; '
        'ifname:"{pick:eth1|eth2|bond0.{int:10-90}|eth3}"; loguid:"{0x{hex:8},0x0,0x{hex2:8},'
        '0x{hex3:8}}"; origin:"{gw}"; originsicname:"CN=gw-{word},O=mgmt-{word}..{hex:6}"; '
        f'sequencenum:"{{int:1-999}}"; time:"{{epoch}}"; version:"5"; {body}]'
    )


CHECKPOINT = Device(
    family="checkpoint",
    apps=("CheckPoint", "Checkpoint", "fw"),
    flows=(
        _cp(
            "{act}",
            'dst:"{dst}"; inzone:"{pick:Internal|External}"; layer_name:"{pick:Network|Standard '
            'Network}"; layer_uuid:"{uuid2}"; match_id:"{int:1-90}"; parent_rule:"0"; '
            'rule_action:"{act}"; rule_name:"{rule}"; rule_uid:"{uuid}"; outzone:"{pick:External|'
            'Internal|DMZ}"; product:"VPN-1 & FireWall-1"; proto:"{pnum}"; s_port:"{spt}"; '
            'service:"{dpt}"; service_id:"{svc}"; src:"{src}"',
        ),
        "{cpdate} {act} {gw} >{pick:eth1|eth2|eth3} rule: {int:1-90}; rule_uid: {{uuid}}; "
        "service_id: {svc}; src: {src}; dst: {dst}; proto: {proto}; product: VPN-1 & "
        "FireWall-1; service: {dpt}; s_port: {spt};",
    ),
    allow=("Accept",),
    deny=("Drop", "Reject"),
    events=(
        _cp(
            "Accept",
            'dst:"{dst}"; inzone:"Internal"; outzone:"External"; product:"VPN-1 & FireWall-1"; '
            'proto:"{pnum}"; s_port:"{spt}"; service:"{dpt}"; service_id:"{svc}"; src:"{src}"; '
            'xlatesrc:"{nsrc}"; xlatesport:"{npt}"; xlatedst:"0.0.0.0"; xlatedport:"0"; '
            'nat_rulenum:"{int:1-40}"; nat_addtnl_rulenum:"1"',
        ),
        _cp(
            "Key Install",
            'product:"VPN-1 & FireWall-1"; peer_gateway:"{peer}"; scheme:"IKE"; '
            'vpn_feature_name:"VPN"; ike:"{pick:Main Mode completion.|Quick Mode completion.|'
            'IKEv2 Create Child SA completion.}"; encryption_method:"IKEv2"; '
            'community:"{word}-community"; ike_ids:"{hex:8}-{hex:8}"',
        ),
        _cp(
            "Key Install",
            'product:"VPN-1 & FireWall-1"; peer_gateway:"{peer}"; scheme:"IKE"; '
            'vpn_feature_name:"VPN"; ike:"Informational Exchange Received Delete IKE-SA from '
            'Peer: {peer}; Cookies: {hex:16}-{hex:16}"; community:"{word}-community"',
        ),
        _cp(
            "Log In",
            'administrator:"{admin}"; client_ip:"{mgmt}"; operation:"Log In"; '
            'subject:"Administrator Login"; status:"Success"; product:"SmartConsole"; '
            'machine:"{word}-pc"',
        ),
        _cp(
            "Install",
            'administrator:"{admin}"; client_ip:"{mgmt}"; operation:"Install Policy"; '
            'subject:"Policy Installation"; status:"Succeeded"; product:"SmartConsole"; '
            'policy_name:"{pick:Standard|Branch_Policy}"',
        ),
        _cp(
            "Update",
            'product:"Security Gateway/Management"; description:"Interface {pick:eth1|eth2|eth3} '
            'is {pick:up|down}"; severity:"Informational"',
        ),
    ),
    scans=(
        _cp(
            "{pick:Detect|Drop|Prevent}",
            'attack:"{pick:Port Scanning|Network Port Scan|Host Port Scan|Sweep Scan}"; '
            'Attack Info:"A port scan has been detected from {src}"; src:"{src}"; dst:"{dst}"; '
            'proto:"{pnum}"; product:"{pick:SmartDefense|IPS}"; severity:"{pick:Medium|High}"; '
            'protection_type:"anomaly"; ports_scanned:"{int:10-900}"',
        ),
        _cp(
            "Drop",
            'product:"VPN-1 & FireWall-1"; proto:"6"; src:"{src}"; dst:"{dst}"; s_port:"{spt}"; '
            'service:"{dpt}"; tcp_flags:"{xflags}"; reason:"{pick:TCP packet with invalid '
            'flags|Invalid TCP flag combination}"',
        ),
    ),
    logins=(
        _cp(
            "Failed Log In",
            'administrator:"{baduser}"; client_ip:"{src}"; operation:"Log In"; '
            'subject:"Administrator Login"; status:"Failure"; product:"{pick:SmartConsole|'
            'Gaia Portal|WEB_UI}"; additional_info:"{pick:Wrong username or password|'
            'Authentication failure|Invalid credentials}"',
        ),
        _cp(
            "Failed Log In",
            'product:"Mobile Access"; src:"{src}"; user:"{baduser}"; auth_status:"Failed Login"; '
            'reason:"Wrong username or password"; auth_method:"Password"',
        ),
    ),
    raw=0.5,
)

EMITTERS: tuple[Emitter, ...] = tuple(
    e for d in (ASA, FTD, IOS, SRX, PANOS, FORTIOS, CHECKPOINT) for e in device_emitters(d)
)
