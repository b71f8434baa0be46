"""DNS resolvers' query logs: dnsmasq, Pi-hole, AdGuard Home, Unbound, BIND, CoreDNS,
systemd-resolved and the Windows DNS server's debug log.

A home or office resolver logs every name every device looks up, so its
log is mostly benign and full of names that look alarming to a naive eye.

Labelling decisions:

* Benign: everyday lookups at normal volume, including the long ones:
  CDN and cloud endpoints with hashes (CloudFront, Akamai, AWS IoT's
  14-character endpoint prefix, Cloudflare tunnels' UUIDs, YouTube's
  ``rr3---sn-...``), telemetry and push services, antivirus hash lookups,
  RBL lookups, reverse lookups (``in-addr.arpa``, 32-nibble ``ip6.arpa``),
  SRV records of directories and chat servers, TXT records for SPF, DKIM,
  DMARC and ACME challenges, DNSSEC DS/DNSKEY fetches, and the resolver's
  own forward/reply/cache lines.  Ad blockers' "blocked" answers are benign.
* dns_exfiltration: names whose labels carry data under one domain (long
  base32/hex/base64 runs, sequence counters, dnscat2's and iodine's
  shapes), many unique ones in a burst, TXT/NULL/CNAME/MX query types.
* recon: a zone transfer (AXFR/IXFR) asked by a client that is not a
  secondary, and CHAOS-class version/hostname probes (``version.bind``,
  ``hostname.bind``, ``id.server``).
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable
from dataclasses import dataclass

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line
from insyt.training.synth.dns import benign_name, exfil_name
from insyt.training.synth.vocab import bsd_time, domain, hexid, ip_private, ip_public, uuid, word

_REGIONS = ("us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2", "us-west-2")
_UPSTREAMS = ("1.1.1.1", "8.8.8.8", "9.9.9.9", "208.67.222.222", "149.112.112.112", "1.0.0.1")
_LOCAL_ZONES = ("lan", "home.arpa", "fritz.box", "localdomain", "home", "internal", "corp.local")


def _alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def everyday_name(rng: random.Random) -> tuple[str, str]:
    """(name, query type) of a lookup devices make every day."""
    r = rng.random()
    if r < 0.22:
        name = rng.choice(
            (
                "www.google.com",
                "connectivitycheck.gstatic.com",
                "captive.apple.com",
                "detectportal.firefox.com",
                "time.apple.com",
                f"{rng.randint(0, 3)}.debian.pool.ntp.org",
                "ipv4only.arpa",
                "use-application-dns.net",
                "mtalk.google.com",
                "play.googleapis.com",
                "safebrowsing.googleapis.com",
                "v10.events.data.microsoft.com",
                "settings-win.data.microsoft.com",
                "ctldl.windowsupdate.com",
                "dl.delivery.mp.microsoft.com",
                "swcdn.apple.com",
                "mesu.apple.com",
                "gateway.icloud.com",
                "api.steampowered.com",
                "spclient.wg.spotify.com",
                "download.docker.com",
                "registry-1.docker.io",
                "production.cloudflare.docker.com",
                "ghcr.io",
                "objects.githubusercontent.com",
                "deb.debian.org",
                "security.ubuntu.com",
                "api.snapcraft.io",
                "controlplane.tailscale.com",
                f"derp{rng.randint(1, 28)}.tailscale.com",
                "device-metrics-us.amazon.com",
                "firmware.ui.com",
                "fw-download.ubnt.com",
                "time-ios.apple.com",
                "push.services.mozilla.com",
            )
        )
        return name, rng.choice(("A", "AAAA", "HTTPS", "A", "AAAA"))
    if r < 0.45:
        name = rng.choice(
            (
                f"d{hexid(rng, 13)}.cloudfront.net",
                f"e{rng.randint(1000, 99999)}.dscx.akamaiedge.net",
                f"a{rng.randint(100, 9999)}.dscd.akamai.net",
                f"{_alnum(rng, 14)}-ats.iot.{rng.choice(_REGIONS)}.amazonaws.com",
                f"{uuid(rng)}.cfargotunnel.com",
                f"rr{rng.randint(1, 8)}---sn-{_alnum(rng, 8)}.googlevideo.com",
                f"{hexid(rng, 32)}.safeframe.googlesyndication.com",
                f"{rng.randint(1, 60)}-courier.push.apple.com",
                f"o{rng.randint(10000, 4500000)}.ingest.sentry.io",
                f"{word(rng)}-{hexid(rng, 16)}.z01.azurefd.net",
                f"{hexid(rng, 8)}.{rng.choice(_REGIONS)}.elb.amazonaws.com",
                f"ipv4-c{rng.randint(1, 300):03d}-{word(rng, 1, 1)}{rng.randint(1, 9)}-ix.1.oca."
                "nflxvideo.net",
                f"{uuid(rng)}.ods.opinsights.azure.com",
                f"uc{_alnum(rng, 26)}.dl.dropboxusercontent.com",
                f"prod-{_alnum(rng, 8)}.{rng.choice(('fastly.net', 'edgekey.net'))}",
            )
        )
        return name, rng.choice(("A", "AAAA", "A", "HTTPS"))
    if r < 0.58:
        a, b = rng.randint(1, 254), rng.randint(0, 255)
        zone = rng.choice(("168.192", f"{rng.randint(0, 255)}.10", f"{rng.randint(16, 31)}.172"))
        if rng.random() < 0.2:
            return ".".join(hexid(rng, 32)) + ".0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "PTR"
        return f"{a}.{b}.{zone}.in-addr.arpa", "PTR"
    if r < 0.68:
        d = domain(rng)
        return rng.choice(
            (
                (f"_ldap._tcp.dc._msdcs.{rng.choice(_LOCAL_ZONES)}", "SRV"),
                (f"_kerberos._udp.{rng.choice(_LOCAL_ZONES)}", "SRV"),
                (f"_xmpp-client._tcp.{d}", "SRV"),
                (f"_imaps._tcp.{d}", "SRV"),
                (f"_autodiscover._tcp.{d}", "SRV"),
                (f"_sip._tls.{d}", "SRV"),
                (f"_minecraft._tcp.{d}", "SRV"),
                ("_dns.resolver.arpa", "SVCB"),
            )
        )
    if r < 0.78:
        d = domain(rng)
        return rng.choice(
            (
                (d, "TXT"),
                (f"_dmarc.{d}", "TXT"),
                (
                    f"{rng.choice(('selector1', 'google', 's1', 'k1', 'dkim'))}._domainkey.{d}",
                    "TXT",
                ),
                (f"_acme-challenge.{d}", "TXT"),
                ("_spf.google.com", "TXT"),
                (f"_mta-sts.{d}", "TXT"),
                (d, "MX"),
                (d, "DS"),
                (d, "DNSKEY"),
            )
        )
    if r < 0.88:
        local = f"{word(rng)}{rng.choice(('', str(rng.randint(1, 40))))}.{rng.choice(_LOCAL_ZONES)}"
        return local, rng.choice(("A", "AAAA", "A"))
    name = benign_name(rng)
    if name.endswith(".arpa") and not name.startswith(("wpad", "isatap", "localhost")):
        return name, "PTR"
    if name.startswith("_ldap"):
        return name, "SRV"
    if name.startswith("_"):
        return name, "TXT"
    return name, rng.choice(("A", "AAAA", "A", "HTTPS"))


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    qtype: str
    client: str
    upstream: str
    answer: str
    qclass: str = "IN"


def _answer(c: Ctx, qtype: str) -> str:
    r = c.rng.random()
    if r < 0.1:
        return "NXDOMAIN"
    if r < 0.2:
        return "<CNAME>"
    if qtype == "AAAA":
        return c.fill("{ipvsix}")
    if qtype == "PTR":
        return c.fill("{srv}.{pick:lan|home.arpa|localdomain}")
    if qtype in ("TXT", "SRV", "MX", "HTTPS", "SVCB", "DS", "DNSKEY", "NULL"):
        return f"<{qtype}>"
    return ip_public(c.rng)


def _query(c: Ctx, name: str, qtype: str, client: str, qclass: str = "IN") -> Query:
    return Query(name, qtype, client, c.pick(_UPSTREAMS), _answer(c, qtype), qclass)


# --- renderers: one query -> the lines its resolver writes ------------------------------


def dnsmasq(c: Ctx, q: Query) -> list[str]:
    if q.qclass != "IN":
        return [f"query[{q.qtype}] {q.name} from {q.client}", f"config {q.name} is <TXT>"]
    if q.qtype in ("AXFR", "IXFR"):
        return [f"query[{q.qtype}] {q.name} from {q.client}"]
    head = f"{c.rng.randint(1, 99999)} {q.client}/{c.fill('{port}')} " if c.chance(0.2) else ""
    out = [f"{head}query[{q.qtype}] {q.name} from {q.client}"]
    if c.chance(0.3):
        return [*out, f"{head}cached {q.name} is {q.answer}"]
    out.append(f"{head}forwarded {q.name} to {q.upstream}")
    if q.qtype in ("DS", "DNSKEY") or c.chance(0.05):
        out.append(f"{head}validation result is {c.pick(('INSECURE', 'SECURE'))}")
    out.append(f"{head}reply {q.name} is {q.answer}")
    return out


_BLOCKLISTED = (
    "ads.doubleclick.net",
    "googleads.g.doubleclick.net",
    "app-measurement.com",
    "pagead2.googlesyndication.com",
    "telemetry.{domain}",
    "metrics.{domain}",
    "tracking.{domain}",
    "ad.{domain}",
    "pixel.{domain}",
)


def pihole(c: Ctx, q: Query) -> list[str]:
    """pihole.log is dnsmasq's log with the blocklist's answers in it."""
    if q.qclass == "IN" and q.qtype in ("A", "AAAA", "HTTPS") and c.chance(0.25):
        blocked = c.fill(c.pick(_BLOCKLISTED))
        how = c.pick(
            ("gravity blocked", "gravity blocked", "regex blacklisted", "exactly blacklisted")
        )
        answer = "0.0.0.0" if q.qtype != "AAAA" else "::"
        return [f"query[{q.qtype}] {blocked} from {q.client}", f"{how} {blocked} is {answer}"]
    if q.qclass == "IN" and c.chance(0.05):
        return [
            f"query[A] mask.icloud.com from {q.client}",
            "special domain mask.icloud.com is NXDOMAIN",
        ]
    return dnsmasq(c, q)


def adguard(c: Ctx, q: Query) -> list[str]:
    """A querylog.json record of AdGuard Home (its short field names)."""
    result: dict[str, object] = {}
    if q.qclass == "IN" and c.chance(0.15):
        rule = f"||{c.fill(c.pick(_BLOCKLISTED))}^"
        result = {"IsFiltered": True, "Reason": 3, "Rules": [{"Text": rule, "FilterListID": 1}]}
    off = f"{c.when:%z}"
    record = {
        "T": f"{c.when:%Y-%m-%dT%H:%M:%S}.{c.when.microsecond:06d}{c.rng.randint(100, 999)}"
        f"{off[:3]}:{off[3:]}",
        "QH": q.name,
        "QT": q.qtype,
        "QC": q.qclass,
        "CP": "",
        "Upstream": c.pick(
            (
                "https://dns10.quad9.net:443/dns-query",
                "tls://1.1.1.1",
                "https://dns.cloudflare.com:443/dns-query",
                q.upstream + ":53",
            )
        ),
        "Answer": base64.b64encode(c.rng.randbytes(c.rng.randint(30, 120))).decode(),
        "IP": q.client,
        "Result": result,
        "Elapsed": c.rng.randint(20000, 90000000),
    }
    return [json.dumps(record, separators=(",", ":"))]


def unbound(c: Ctx, q: Query) -> list[str]:
    info = f"info: {q.client} {q.name}. {q.qtype} {q.qclass}"
    if c.chance(0.5):
        return [info]
    rcode = "NXDOMAIN" if q.answer == "NXDOMAIN" else c.pick(("NOERROR", "NOERROR", "REFUSED"))
    if q.qtype in ("AXFR", "IXFR") or q.qclass != "IN":
        rcode = "REFUSED"
    return [
        info,
        f"reply: {q.client} {q.name}. {q.qtype} {q.qclass} {rcode} {c.rng.uniform(0, 0.4):.6f} "
        f"{c.rng.randint(0, 1)} {c.rng.randint(30, 900)}",
    ]


def bind(c: Ctx, q: Query) -> list[str]:
    ptr = c.fill("@0x7f{hex:10}")
    server = c.pick(("127.0.0.1", ip_private(c.rng), "::1"))
    flags = c.pick(("+", "+E(0)", "+E(0)K", "-E(0)", "+ED", "-EDC", "+ET", "-T"))
    if q.qtype in ("AXFR", "IXFR"):
        flags = c.pick(("-T", "-E(0)T"))
    who = f"client {ptr} {q.client}#{c.fill('{port}')} ({q.name}):"
    out = [f"{who} query: {q.name} {q.qclass} {q.qtype} {flags} ({server})"]
    if q.qtype in ("AXFR", "IXFR"):
        out.append(f"{who} zone transfer '{q.name}/{q.qtype}/IN' denied")
    elif q.answer == "NXDOMAIN" and c.chance(0.3):
        out.append(
            f"{who} query failed (NXDOMAIN) for "
            f"{q.name}/{q.qclass}/{q.qtype} at query.c:{c.rng.randint(5000, 9000)}"
        )
    return out


def coredns(c: Ctx, q: Query) -> list[str]:
    proto = "tcp" if q.qtype in ("AXFR", "IXFR") else "udp"
    rcode = "NXDOMAIN" if q.answer == "NXDOMAIN" else "NOERROR"
    if q.qtype in ("AXFR", "IXFR") or q.qclass != "IN":
        rcode = "REFUSED"
    return [
        f'[INFO] {q.client}:{c.fill("{port}")} - {c.rng.randint(1, 65535)} "{q.qtype} {q.qclass} '
        f"{q.name}. {proto} {c.rng.randint(30, 90)} {c.pick(('false', 'true'))} "
        f'{c.pick((512, 1232, 4096))}" {rcode} qr,{c.pick(("rd,ra", "aa,rd", "rd,ra,ad"))} '
        f"{c.rng.randint(40, 900)} {c.rng.uniform(0.00001, 0.3):.9f}s"
    ]


def resolved(c: Ctx, q: Query) -> list[str]:
    """systemd-resolved at debug level (what people enable when they look)."""
    key = f"{q.name} {q.qclass} {q.qtype}"
    tid = c.rng.randint(1000, 65535)
    iface = c.fill("{pick:eth0|wlan0|enp3s0|wlp2s0}")
    if c.chance(0.3):
        return [f"Transaction {tid} for <{key}> scope dns on {iface}/*."]
    if c.chance(0.3):
        return [f"Looking up RR for {key}.", f"Positive cache hit for {key}"]
    return [
        f"Looking up RR for {key}.",
        f"Cache miss for {key}",
        f"Transaction {tid} for <{key}> on scope dns on {iface}/* now complete with "
        f"<{'rcode-failure' if q.answer == 'NXDOMAIN' else 'success'}> from network "
        f"({c.pick(('unsigned', 'unsigned; non-confidential', 'signed'))}).",
    ]


def _windows_name(name: str) -> str:
    return "".join(f"({len(label)}){label}" for label in name.split(".") if label) + "(0)"


def windns(c: Ctx, q: Query) -> list[str]:
    """The Windows DNS server's debug log (dns.log): a received query and the sent answer."""
    w = c.when
    hour = w.hour % 12 or 12
    stamp = f"{w.month}/{w.day}/{w.year} {hour}:{w:%M:%S} {'AM' if w.hour < 12 else 'PM'}"
    thread = f"{c.rng.randint(0x100, 0xFFFF):04X}"
    packet = f"{c.rng.getrandbits(48):016X}"
    proto = "TCP" if q.qtype in ("AXFR", "IXFR") else "UDP"
    xid = f"{c.rng.randint(0, 0xFFFF):04x}"
    name = _windows_name(q.name)
    qtype = f"{q.qtype:<6}"
    head = f"{stamp} {thread} PACKET  {packet} {proto}"
    out = [f"{head} Rcv {q.client:<15} {xid}   Q [0001   D   NOERROR] {qtype} {name}"]
    if q.qtype in ("AXFR", "IXFR") or q.qclass != "IN":
        out.append(f"{head} Snd {q.client:<15} {xid} R Q [8085 A D  REFUSED] {qtype} {name}")
    elif c.chance(0.7):
        rcode = "NXDOMAIN" if q.answer == "NXDOMAIN" else "NOERROR"
        flags = "8183   DR NXDOMAIN" if rcode == "NXDOMAIN" else "8081   DR  NOERROR"
        out.append(f"{head} Snd {q.client:<15} {xid} R Q [{flags}] {qtype} {name}")
    return out


def _names(q: Query, text: str) -> bool:
    return q.name in text or _windows_name(q.name) in text


# --- emitters ---------------------------------------------------------------------------------

Render = Callable[[Ctx, Query], list[str]]


@dataclass(frozen=True, slots=True)
class Resolver:
    family: str
    apps: tuple[str, ...]
    render: Render
    raw: float  # share written as the server's own file
    stamp: Callable[[Ctx], str] | None = None
    weight: float = 1.0
    answers_outsiders: bool = True  # a stub resolver (systemd-resolved) never meets a prober


def _file_stamp_pihole(c: Ctx) -> str:
    return f"{bsd_time(c.when)} dnsmasq[{c.rng.randint(100, 9999)}]:"


def _file_stamp_unbound(c: Ctx) -> str:
    return f"[{int(c.when.timestamp())}] unbound[{c.rng.randint(100, 9999)}:0]"


def _file_stamp_bind(c: Ctx) -> str:
    w = c.when
    return f"{w:%d-%b-%Y %H:%M:%S}.{w.microsecond // 1000:03d} queries: info:"


RESOLVERS = (
    Resolver("dnsmasq-query", ("dnsmasq",), dnsmasq, 0.0, weight=1.5),
    Resolver("pihole", ("dnsmasq", "pihole-FTL"), pihole, 0.6, _file_stamp_pihole, 1.2),
    Resolver("adguard", ("AdGuardHome",), adguard, 1.0, weight=0.6),
    Resolver("unbound-query", ("unbound",), unbound, 0.3, _file_stamp_unbound, 1.0),
    Resolver("bind-query", ("named",), bind, 0.4, _file_stamp_bind, 1.0),
    Resolver("coredns", ("coredns",), coredns, 0.5, weight=0.8),
    Resolver("resolved", ("systemd-resolved",), resolved, 0.0, weight=0.6, answers_outsiders=False),
    Resolver("windns", ("dns",), windns, 1.0, weight=0.6),
)


def _client(c: Ctx) -> str:
    return ip_private(c.rng) if c.chance(0.9) else c.fill("{pick:127.0.0.1|::1|{ipvsix}}")


def _emitters(res: Resolver) -> tuple[Emitter, ...]:
    def lines(c: Ctx, category: str, queries: list[Query]) -> list[Line]:
        as_file = c.chance(res.raw)
        app = c.pick(res.apps)
        pid = c.fill("{pid}") if res.family != "windns" else None
        scenario = "benign:dns-resolver" if category == BENIGN else f"attack:{category}"
        out = []
        for q in queries:
            for text in res.render(c, q):
                if category != BENIGN and not _names(q, text):
                    continue  # a DNSSEC verdict or an empty answer says nothing of the name
                if as_file and res.stamp is not None:
                    c.tick(0, 0.05)
                    text = f"{res.stamp(c)} {text}"
                out.append(c.line(res.family, category, scenario, app, text, pid=pid, raw=as_file))
        return out

    def benign(c: Ctx) -> list[Line]:
        client = _client(c)
        queries = []
        for _ in range(c.rng.randint(1, 3)):
            name, qtype = everyday_name(c.rng)
            queries.append(_query(c, name, qtype, client))
        return lines(c, BENIGN, queries)

    def exfil(c: Ctx) -> list[Line]:
        c.bind.setdefault(
            "exfil_domain",
            c.fill(c.pick(("{domain}", "t.{domain}", "x.{word}.{pick:com|net|xyz}"))),
        )
        client = c.bind.get("ip") or _client(c)
        qtype = c.pick(("TXT", "TXT", "NULL", "CNAME", "MX", "A", "AAAA"))
        queries = [
            _query(c, exfil_name(c), qtype if c.chance(0.8) else "TXT", client)
            for _ in range(c.rng.randint(2, 8))
        ]
        return lines(c, "dns_exfiltration", queries)

    def recon(c: Ctx) -> list[Line]:
        client = c.bind.get("ip") or ip_public(c.rng)
        zone = c.fill("{domain}")
        queries = []
        for _ in range(c.rng.randint(1, 3)):
            if c.chance(0.5):
                queries.append(_query(c, zone, c.pick(("AXFR", "AXFR", "IXFR")), client))
            else:
                probe = c.pick(("version.bind", "version.bind", "hostname.bind", "id.server"))
                queries.append(_query(c, probe, "TXT", client, "CH"))
        return lines(c, "recon", queries)

    w = res.weight
    emitters = [
        Emitter(f"{res.family}:benign", BENIGN, 0.8 * w, benign),
        Emitter(f"{res.family}:tunnel", "dns_exfiltration", 0.25 * w, exfil),
    ]
    if res.answers_outsiders:
        emitters.append(Emitter(f"{res.family}:recon", "recon", 0.35 * w, recon))
    return tuple(emitters)


EMITTERS: tuple[Emitter, ...] = tuple(e for res in RESOLVERS for e in _emitters(res))
