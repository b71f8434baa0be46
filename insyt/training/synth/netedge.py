"""Small-office and edge firewalls: MikroTik RouterOS, Ubiquiti EdgeRouter/USG,
SonicWall, OPNsense/pfSense ``filterlog``, Sophos UTM and Sophos Firewall.

The labelling decisions are those of :mod:`insyt.training.synth.netdevice`, whose
:class:`~insyt.training.synth.netdevice.Device` these families use: permits, sessions,
DHCP, VPN, interfaces and admin logins are benign; denies of probes, scan
flag combinations and the devices' port-scan detections are network_scan;
failed logins to the box's own administration are brute_force.
"""

from __future__ import annotations

from insyt.training.synth.core import Ctx, Emitter
from insyt.training.synth.netdevice import Device, device_emitters, lead_tag

# iptables prints TCP flags in this order; pf as letters; RouterOS comma-separated.
_IPT_ORDER = ("CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN")
_PF_LETTER = {"FIN": "F", "SYN": "S", "RST": "R", "PSH": "P", "ACK": "A", "URG": "U"}
_STATES = ("established", "established", "new", "related")


def _flags(c: Ctx, values: dict[str, str]) -> tuple[str, ...]:
    """The TCP flags of the logged packet: SYN opens, a probe sometimes carries a scan combo."""
    if values["direction"] == "probe":
        return tuple(values["xflags"].split()) if c.chance(0.3) else ("SYN",)
    return c.pick((("SYN",), ("SYN",), ("ACK",), ("ACK", "PSH"), ("ACK", "FIN")))


def _iptables(c: Ctx, values: dict[str, str]) -> None:
    """EdgeOS/USG rule prefixes (``[WAN_IN-10-A]``) and the kernel's LOG tail."""
    probe = values["direction"] == "probe"
    chain = "WAN_LOCAL" if probe and c.chance(0.5) else f"{values['rin'].upper()}_IN"
    values["chain"] = f"{chain}-{'default' if probe else c.rng.randint(1, 40) * 10}"
    wan, lan = c.pick(("eth0", "pppoe0", "eth0")), c.pick(("eth1", "switch0", "eth1.10"))
    inside = chain.startswith("LAN")
    values["inif"] = lan if inside else wan
    local = chain == "WAN_LOCAL"
    values["outif"] = "" if local else wan if inside else lan
    if values["proto"] == "tcp":
        names = set(_flags(c, values))
        flags = " ".join(f for f in _IPT_ORDER if f in names)
        window = c.pick((1024, 29200, 64240, 65535))
        values["tail"] = f"WINDOW={window} RES=0x00 {flags} URGP=0"
    else:
        values["tail"] = f"LEN={c.rng.randint(8, 400)}"


def _routeros(c: Ctx, values: dict[str, str]) -> None:
    """RouterOS: ``proto TCP (SYN,FIN)``, the NAT part and the connection state."""
    probe = values["direction"] == "probe"
    values["rflags"] = f" ({','.join(_flags(c, values))})" if values["proto"] == "tcp" else ""
    values["cstate"] = "new" if probe else c.pick(_STATES)
    values["nat"] = (
        f"NAT ({values['src']}:{values['spt']}->{values['nsrc']}:{values['npt']})"
        f"->{values['dst']}:{values['dpt']}, "
        if values["direction"] == "out" and c.chance(0.6)
        else ""
    )
    values["chain"] = "input" if probe and c.chance(0.6) else "forward"


def _pf(c: Ctx, values: dict[str, str]) -> None:
    """filterlog's protocol tail: TCP flags as letters, sequence, window, options."""
    values["dirn"] = "in" if values["direction"] != "out" or c.chance(0.5) else "out"
    if values["proto"] == "tcp":
        flags = "".join(_PF_LETTER[f] for f in _flags(c, values) if f in _PF_LETTER)
        values["tail"] = (
            f"{flags},{c.rng.randint(10**8, 4 * 10**9)},,{c.pick((1024, 29200, 64240, 65535))},,"
            f"{c.pick(('mss', 'mss;nop;wscale;sackOK;TS', 'mss;sackOK;TS;nop;wscale', ''))}"
        )
    else:
        values["tail"] = str(c.rng.randint(8, 400))


def _sophos(c: Ctx, values: dict[str, str]) -> None:
    probe = values["direction"] == "probe"
    values["tcpflags"] = " ".join(_flags(c, values)) if values["proto"] == "tcp" else ""
    values["status"] = "Deny" if probe else "Allow"
    values["fwrule"] = "60001" if probe else str(c.rng.randint(1, 90))
    values["xgsub"] = "Denied" if probe else "Allowed"
    values["uact"] = "drop" if probe else "accept"
    values["ulogid"] = "2001" if probe else "2002"


MIKROTIK = Device(
    family="mikrotik",
    apps=("MikroTik", "routeros", "mikrotik"),
    flows=(
        "firewall,info {act} {chain}: in:{pick:ether1|sfp1|pppoe-out1|ether1-wan} "
        "out:{pick:(unknown 0)|bridge|ether2}, connection-state:{cstate} src-mac {mac}, proto "
        "{PROTO}{rflags}, {src}:{spt}->{dst}:{dpt}, {nat}len {plen}",
    ),
    allow=("accept", "fwd-accept", "ACCEPT", "allow-lan"),
    deny=("drop-wan", "DROP", "input-drop", "wan-drop"),
    events=(
        "system,info,account user {admin} logged in from {mgmt} via {pick:winbox|ssh|web|api}",
        "system,info,account user {admin} logged out from {mgmt} via {pick:winbox|ssh|web}",
        "system,info {pick:filter rule|address list entry|mangle rule|static dns entry|route} "
        "{pick:added|changed|removed} by {admin}",
        "system,info device changed by {admin}",
        "dhcp,info {pick:dhcp1|defconf|dhcp-lan} {pick:assigned|deassigned} {lanip} "
        "{pick:to|from} {mac}",
        "interface,info {pick:ether2|ether3|ether5|sfp-sfpplus1|wlan1} link "
        "{pick:up (speed 1G, full duplex)|down|up (speed 100M, full duplex)}",
        "ipsec,info ISAKMP-SA established {gw}[500]-{peer}[500] spi:{hex:16}:{hex2:16}",
        "ipsec,info IPsec-SA established: ESP/Tunnel {gw}[4500]->{peer}[4500] spi=0x{hex:7}",
        "ipsec,info IPsec-SA expired: ESP/Tunnel {peer}[4500]->{gw}[4500] spi=0x{hex:7}",
        "ipsec,info initiate new phase 2 negotiation: {gw}[500]<=>{peer}[500]",
        "ospf,info OSPFv2 neighbor {nbr}: state change from {pick:Loading to Full|Full to Down|"
        "ExStart to Exchange}",
        "route,bgp,info BGP peer {peer} session {pick:established|closed: hold timer expired}",
        "pppoe,ppp,info pppoe-out1: {pick:connected|initializing...|authenticated}",
        "wireless,info {mac}@wlan{int:1-2}: {pick:connected, signal strength -{int:40-80}|"
        "disconnected, received deauth: sending station leaving (3)}",
        "system,info,critical router rebooted",
        "ntp,info ntp change time {date} {time} => {date} {time}",
    ),
    scans=(
        "firewall,info {pick:PORTSCAN|port scanners|psd-drop} {chain}: in:ether1 out:(unknown 0), "
        "connection-state:new src-mac {mac}, proto {PROTO}{rflags}, {src}:{spt}->{dst}:{dpt}, "
        "len {int:40-60}",
        "firewall,info {pick:TCP-SCAN|bad-flags|drop-invalid|scan-flags} input: in:ether1 "
        "out:(unknown 0), connection-state:invalid src-mac {mac}, proto TCP "
        "({pick:FIN,PSH,URG|SYN,FIN|FIN|SYN,FIN,PSH,URG}), {src}:{spt}->{dst}:{dpt}, "
        "len {int:40-60}",
    ),
    logins=(
        "system,error,critical login failure for user {baduser} from {src} via "
        "{pick:ssh|winbox|telnet|web|api|ftp}",
        "system,error,critical login failure for user {baduser} from {src} via {pick:ssh|winbox}",
    ),
    enrich=_routeros,
    raw=0.3,
)

EDGEROUTER = Device(
    family="edgerouter",
    apps=("kernel",),
    tag=lead_tag,
    flows=(
        "kernel: [{chain}-{act}]IN={inif} OUT={outif} "
        "MAC={mac}:{mac2}:08:00 SRC={src} DST={dst} LEN={plen} TOS=0x00 PREC=0x00 "
        "TTL={ttl} ID={int:0-65535} {pick:DF |}PROTO={PROTO} SPT={spt} DPT={dpt} {tail}",
    ),
    allow=("A",),
    deny=("D",),
    events=(
        "dhcpd: DHCPACK on {lanip} to {mac} ({word}) via {pick:eth1|switch0|br0}",
        "dhcpd: DHCPREQUEST for {lanip} from {mac} ({word}) via {pick:eth1|switch0}",
        "dhcpd: DHCPDISCOVER from {mac} via switch0",
        "pppd: local  IP address {gw}",
        "pppd: remote IP address {peer}",
        "charon: {int:5-16}[IKE] IKE_SA peer-{peer}-tunnel-1[{int:1-90}] established between "
        "{gw}[{gw}]...{peer}[{peer}]",
        "charon: {int:5-16}[IKE] CHILD_SA peer-{peer}-tunnel-1{{int:1-90}} established with SPIs "
        "c{hex:7}_i {hex2:8}_o and TS 192.168.{int:0-255}.0/24 === 10.{int2:0-255}.0.0/24",
        "charon: {int:5-16}[IKE] rekeying IKE_SA peer-{peer}-tunnel-1[{int:1-90}]",
        "ntpd: synchronized to {peer}, stratum {int:1-3}",
        "ntpd: kernel time sync status change 2001",
        "kernel: eth{int:0-4}: link {pick:up|down}",
        "zebra: interface eth{int:0-4} index {int:2-9} {pick:is now up|is now down}",
        "configd: cfgd: commit",
        "sshd: Accepted {pick:password|publickey} for {admin} from {mgmt} port {spt} ssh2",
        "lighttpd: (mod_auth.c.{int:500-900}) password accepted for {admin}",
    ),
    scans=(
        "kernel: [WAN_LOCAL-default-D]IN={pick:eth0|pppoe0} OUT= MAC={mac}:{mac2}:08:00 "
        "SRC={src} DST={dst} LEN={int:40-60} TOS=0x00 PREC=0x00 TTL={ttl} ID={int:0-65535} "
        "PROTO=TCP SPT={spt} DPT={dpt} WINDOW=1024 RES=0x00 {pick:URG PSH FIN|SYN FIN|FIN|"
        "URG PSH SYN FIN} URGP=0",
    ),
    logins=(
        "sshd: Failed password for {pick:invalid user |}{baduser} from {src} port {spt} ssh2",
        "sshd: Invalid user {baduser} from {src} port {spt}",
        "lighttpd: (mod_auth.c.{int:500-900}) password doesn't match for /api/edge/auth.json "
        "username: {baduser}, IP: {src}",
    ),
    enrich=_iptables,
    pid=0.0,
)


def _sonicwall(c: Ctx, values: dict[str, str]) -> None:
    values["fwact"] = "drop" if values["direction"] == "probe" else c.pick(("forward", "NA"))


_SW_HEAD = 'id=firewall sn={pick:0017C5|C0EAE4|2CB8ED}{hex:6} time="{date} {time} UTC" fw={gw} '
SONICWALL = Device(
    family="sonicwall",
    apps=("sonicwall", "SonicWall"),
    flows=(
        _SW_HEAD + "pri=6 c=1024 m={act} app={int:1-9999} n={int:1000-999999} "
        "src={src}:{spt}:X{int:0-2} dst={dst}:{dpt}:X{int:1-3} srcMac={mac} dstMac={mac2} "
        "proto={proto}/{svc} sent={bsent} rcvd={brcvd} spkt={pkts} rpkt={pkts2} "
        'cdur={dur} rule="{rule}" fw_action="{fwact}"',
    ),
    allow=('98 msg="Connection Opened"', '537 msg="Connection Closed"'),
    deny=('836 msg="Packet dropped due to policy"', '1154 msg="Access rule violation detected"'),
    events=(
        _SW_HEAD + 'pri=5 c=32 m=29 msg="Administrator login allowed" n={int:1000-99999} '
        'src={mgmt}:{spt}:X0 dst={nbr}:443:X0 user="{admin}" proto=tcp/https',
        _SW_HEAD + 'pri=5 c=32 m=1080 msg="User login from an internal zone allowed" '
        'n={int:1000-99999} src={mgmt}:{spt}:X0 dst={nbr}:443:X0 user="{admin}"',
        _SW_HEAD + 'pri=6 c=16 m=1079 msg="User logged out - user session ended" '
        'n={int:1000-99999} user="{admin}"',
        _SW_HEAD + 'pri=6 c=4 m={pick:409|410} msg="{pick:IKEv2 Initiator: Negotiations '
        "complete|IKE Responder: Main Mode complete (Phase 1)|IKE Initiator: Accepting IPsec "
        'proposal (Phase 2)|IKEv2 Initiator: Rekeying IPsec SA}" n={int:1000-99999} '
        'src={gw}:500:X1 dst={peer}:500 note="VPN Policy: {word}-vpn"',
        _SW_HEAD + 'pri=6 c=64 m=1160 msg="DHCP Server: DHCP ACK sent" n={int:1000-99999} '
        "src={nbr}:67:X0 dst={lanip}:68:X0 srcMac={mac} dstMac={mac2}",
        _SW_HEAD + 'pri=3 c=1 m=1190 msg="Interface X{int:1-5} Link {pick:Up|Down}" '
        "n={int:1000-99999}",
        _SW_HEAD + 'pri=6 c=32 m=1382 msg="Configuration changed: {pick:access rule|address '
        'object|NAT policy} modified" n={int:1000-99999} user="{admin}" src={mgmt}:{spt}:X0',
        _SW_HEAD + 'pri=6 c=1 m=1056 msg="NTP: time synchronised" n={int:1000-99999} '
        "src={peer}:123:X1",
    ),
    scans=(
        _SW_HEAD + 'pri=1 c=32 m={pick:82 msg="Possible port scan detected"|83 msg="Probable '
        'port scan detected"} n={int:1000-99999} src={src}:{spt}:X1 dst={dst}:{dpt}:X1 '
        'note="{pick:TCP|UDP} scanned port list, {dpt}, {int:1-9999}, {int2:1-9999}, '
        '{int3:1-9999}, {int4:1-9999}"',
        _SW_HEAD + 'pri=1 c=32 m=1169 msg="Probable TCP {pick:FIN|XMAS|NULL} scan detected" '
        "n={int:1000-99999} src={src}:{spt}:X1 dst={dst}:{dpt}:X1",
    ),
    logins=(
        _SW_HEAD + 'pri=1 c=32 m=30 msg="Administrator login denied due to bad credentials" '
        'n={int:1000-99999} src={src}:{spt}:X1 dst={gw}:443:X1 user="{baduser}" proto=tcp/https',
        _SW_HEAD + 'pri=1 c=32 m=31 msg="User login denied due to bad credentials" '
        'n={int:1000-99999} src={src}:{spt}:X1 dst={gw}:4433:X1 user="{baduser}"',
        _SW_HEAD + 'pri=1 c=32 m=1006 msg="User login failure rate exceeded - logins from user '
        'IP address locked out" n={int:1000-99999} src={src}:{spt}:X1 user="{baduser}"',
    ),
    enrich=_sonicwall,
    raw=0.6,
)

PF = Device(
    family="pf-filterlog",
    apps=("filterlog",),
    tag=lead_tag,
    flows=(
        "filterlog: {int:3-120},,,{pick:{int:1000000000-1000009999}|{hex:32}},"
        "{pick:igb0|igb1|em0|vtnet0|vtnet1|ix0|pppoe0|re0},match,{act},{dirn},4,0x0,,{ttl},"
        "{int:0-65535},0,{pick:DF|none},{pnum},{proto},{plen},{src},{dst},{spt},{dpt},"
        "{int:0-1460},{tail}",
    ),
    allow=("pass",),
    deny=("block", "block", "reject"),
    events=(
        "php-fpm: /index.php: Successful login for user '{admin}' from: {mgmt} (Local Database)",
        "php-fpm: /system_advanced_admin.php: Configuration Change: {admin}@{mgmt} (Local "
        "Database): Saved {pick:firewall rule|NAT rule|interface} settings.",
        "dhcpd: DHCPACK on {lanip} to {mac} ({word}) via {pick:igb1|em1|vtnet1}",
        "dhcpd: DHCPREQUEST for {lanip} from {mac} ({word}) via {pick:igb1|em1}",
        "ntpd: kernel time sync enabled 2001",
        "ntpd: {peer} local addr {gw} -> <null>",
        "charon: {int:5-16}[IKE] <con{int:1-9}|{int2:1-90}> IKE_SA con{int:1-9}[{int2:1-90}] "
        "established between {gw}[{gw}]...{peer}[{peer}]",
        "charon: {int:5-16}[IKE] <con{int:1-9}|{int2:1-90}> rekeying CHILD_SA "
        "con{int:1-9}{{int3:1-90}}",
        "charon: {int:5-16}[IKE] <con{int:1-9}|{int2:1-90}> CHILD_SA con{int:1-9}{{int3:1-90}} "
        "established with SPIs c{hex:7}_i c{hex2:7}_o and TS 10.{int4:0-255}.0.0/24 === "
        "192.168.{int5:0-255}.0/24",
        "kernel: {pick:igb0|em0|vtnet0|ix1}: link state changed to {pick:UP|DOWN}",
        "openvpn: {admin}/{src}:{spt} Peer Connection Initiated with [AF_INET]{src}:{spt}",
        "check_reload_status: {pick:Reloading filter|Syncing firewall|Linkup starting em0}",
        "configd.py: [{uuid}] {pick:Reloading filter|generate template OPNsense/Filter|"
        "request pfctl byte/packet counters}",
    ),
    scans=(
        "filterlog: {int:3-120},,,{pick:{int:1000000000-1000009999}|{hex:32}},"
        "{pick:igb0|em0|vtnet0|pppoe0},match,block,in,4,0x0,,{ttl},{int:0-65535},0,none,6,tcp,"
        "40,{src},{dst},{spt},{dpt},0,{pick:FPU|SF|F|FSPU|},{int:100000000-4000000000},,1024,,",
    ),
    logins=(
        "php-fpm: /index.php: webConfigurator authentication error for user '{baduser}' from: "
        "{src}",
        "sshd: Failed password for {pick:invalid user |}{baduser} from {src} port {spt} ssh2",
        "sshd: error: PAM: Authentication error for {pick:illegal user |}{baduser} from {src}",
    ),
    enrich=_pf,
    pid=0.8,
)

_XG_HEAD = (
    'device="SFW" date={date} time={time} timezone="{pick:UTC|CET|EST}" '
    'device_name="{pick:XG{int:86-750}|SF{int:100-800}}" '
    "device_id={pick:C|S}{int:10000000-99999999}{hex:4} "
)
UTM = Device(
    family="utm",
    apps=("ulogd", "sophos"),
    flows=(
        'id="{ulogid}" severity="info" sys="SecureNet" sub="packetfilter" '
        'name="Packet {act}" action="{uact}" fwrule="{fwrule}" initf="{pick:eth0|eth1|eth2}" '
        'outitf="{pick:eth0|eth1|ppp0}" srcmac="{mac}" dstmac="{mac2}" srcip="{src}" '
        'dstip="{dst}" proto="{pnum}" length="{plen}" tos="0x00" prec="0x00" '
        'ttl="{ttl}" srcport="{spt}" dstport="{dpt}" tcpflags="{tcpflags}"',
        _XG_HEAD + 'log_id=01010160000{int:1-2} log_type="Firewall" log_component="Firewall '
        'Rule" log_subtype="{xgsub}" status="{status}" priority=Information '
        'duration={dur} fw_rule_id={fwrule} policy_type=1 user_name="" in_interface='
        '"Port{int:1-4}" out_interface="Port{int:1-4}" src_ip={src} dst_ip={dst} '
        'protocol="{PROTO}" src_port={spt} dst_port={dpt} sent_pkts={pkts} recv_pkts={pkts2} '
        "sent_bytes={bsent} recv_bytes={brcvd} src_zone={rin} dst_zone={rout}",
    ),
    allow=("accepted",),
    deny=("dropped",),
    events=(
        'id="0001" severity="info" sys="SecureWeb" sub="http" name="http access" action="pass" '
        'method="{pick:GET|GET|POST|CONNECT}" srcip="{lanip}" dstip="{peer}" user="" '
        'statuscode="{pick:200|200|304|302}" cached="0" profile="REF_DefaultHTTPProfile '
        '(Default Web Filter Profile)" size="{int:200-900000}" url="https://{fqdn}/" '
        'referer="" error="" authtime="0" dnstime="{int:0-90}" avscantime="{int:0-40}" '
        'fullreqtime="{int:1000-900000}" reputation="trusted" categoryname="{pick:Information '
        'Technology|Business|News|Search Engines}" content-type="text/html"',
        'pluto: "S_{word}"[{int:1-9}] {peer} #{int:1-900}: IPsec SA established {ESP=>0x{hex:8} '
        "<0x{hex2:8} xfrm=AES_GCM_16_256-NONE NATD=none DPD=active}",
        'pluto: "S_{word}"[{int:1-9}] {peer} #{int:1-900}: ISAKMP SA established',
        'pluto: "S_{word}"[{int:1-9}] {peer} #{int:1-900}: initiating Quick Mode '
        "PSK+ENCRYPT+TUNNEL+PFS+UP+IKEV1_ALLOW+IKEV2_ALLOW+SAREF_TRACK+IKE_FRAG_ALLOW to "
        "replace #{int2:1-900}",
        'id="3100" severity="info" sys="System" sub="webadmin" name="Authentication '
        'successful" user="{admin}" srcip="{mgmt}" facility="webadmin"',
        "dhcpd: DHCPACK on {lanip} to {mac} via eth{int:0-3}",
        'id="2201" severity="info" sys="SecureNet" sub="sslvpn" name="SSL VPN user connected" '
        'user="{admin}" srcip="{src}" virtual_ip="10.242.2.{int:2-250}"',
        _XG_HEAD + 'log_id=062910617701 log_type="Event" log_component="GUI" '
        'log_subtype="Admin" status="Successful" priority=Information user_name="{admin}" '
        'src_ip={mgmt} message="User {admin} logged in successfully to Web Admin"',
        _XG_HEAD + 'log_id=062809617702 log_type="Event" log_component="IPSec" '
        'log_subtype="System" status="Established" priority=Notice user_name="" '
        'connectionname="{word}-tunnel" localgateway={gw} remotegateway={peer} '
        'message="{word}-tunnel - Connection Established"',
    ),
    scans=(
        'id="2100" severity="warn" sys="SecureNet" sub="ips" name="Portscan detected" '
        'action="drop" reason="portscan" srcip="{src}" dstip="{dst}" proto="{pnum}" '
        'srcport="{spt}" dstport="{dpt}" group="{int:100-900}"',
        _XG_HEAD + 'log_id=020804408001 log_type="IDP" log_component="Anomaly" '
        'log_subtype="Detect" priority=Warning idp_policy_id=1 signature_id={int:10000-60000} '
        'signature_msg="{pick:SCAN nmap XMAS|SCAN FIN|Port Scan Detected|SCAN SYN FIN}" '
        'classification="Detection of a Network Scan" rule_priority=2 src_ip={src} dst_ip={dst} '
        'protocol="TCP" src_port={spt} dst_port={dpt}',
    ),
    logins=(
        'id="3005" severity="warn" sys="System" sub="webadmin" name="Authentication failed" '
        'user="{baduser}" srcip="{src}" facility="{pick:webadmin|userportal|ssh}" '
        'reason="{pick:DENIED|wrong password}"',
        _XG_HEAD + 'log_id=062910617703 log_type="Event" log_component="GUI" '
        'log_subtype="Admin" status="Failed" priority=Alert user_name="{baduser}" src_ip={src} '
        'message="User {baduser} failed to login to Web Admin through Local authentication '
        'mechanism because of wrong credentials"',
        _XG_HEAD + 'log_id=062910617903 log_type="Event" log_component="SSL VPN '
        'Authentication" log_subtype="Authentication" status="Failed" priority=Information '
        'user_name="{baduser}" src_ip={src} message="User {baduser} failed to login to SSL VPN '
        'through Local authentication mechanism because of wrong credentials"',
    ),
    enrich=_sophos,
    raw=0.5,
)

EMITTERS: tuple[Emitter, ...] = tuple(
    e for d in (MIKROTIK, EDGEROUTER, SONICWALL, PF, UTM) for e in device_emitters(d)
)
