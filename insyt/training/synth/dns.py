"""DNS servers: BIND query/transfer logs, dnsmasq, Unbound, NSD.

Labelling decisions:

* A query whose labels carry data (long base32/base64/hex runs, chunk
  counters, dnscat2/iodine/dnsteal shapes), and bursts of TXT or NULL
  queries to one odd domain: dns_exfiltration.
* Long but ordinary names stay benign and are generated on purpose:
  reverse lookups in ``ip6.arpa`` (64 nibble labels), DKIM and DMARC TXT
  records, CDN and cloud host names with hashes, RBL lookups (a reversed
  IP under ``zen.spamhaus.org``), and the hash lookups some antivirus
  products do over DNS under their vendor's domain.
* Refused zone transfers (AXFR/IXFR from a stranger), ``version.bind`` /
  ``hostname.bind`` / ``id.server`` chaos queries and refused recursion for
  outsiders (``query (cache) ... denied``, the footprint of open-resolver
  scans): recon.
* Transfers to a secondary, validation failures, lame servers and
  unreachable roots: benign.
"""

from __future__ import annotations

import base64
import random

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line, templated
from insyt.training.synth.vocab import domain, hexid, ip_any, ip_private, word

_QTYPES = ("A", "A", "A", "AAAA", "AAAA", "MX", "TXT", "PTR", "HTTPS", "SRV", "NS", "CNAME", "SOA")
_RESOLVERS = ("8.8.8.8", "1.1.1.1", "9.9.9.9", "127.0.0.1", "::1", "208.67.222.222")


def benign_name(rng: random.Random) -> str:
    """A name that clients really look up, long ones included."""
    r = rng.random()
    d = domain(rng)
    if r < 0.35:
        return rng.choice(("www.", "", "api.", "mail.", "cdn.", "static.", "login.", "m.")) + d
    if r < 0.45:
        return rng.choice(
            (
                "www.google.com",
                "clients4.google.com",
                "github.com",
                "api.github.com",
                "updates.signal.org",
                "time.windows.com",
                "ntp.ubuntu.com",
                "security.debian.org",
                "deb.debian.org",
                "archive.ubuntu.com",
                "registry-1.docker.io",
                "login.microsoftonline.com",
                "outlook.office365.com",
                "graph.facebook.com",
                "s3.amazonaws.com",
                "connectivity-check.ubuntu.com",
                "detectportal.firefox.com",
                "ocsp.digicert.com",
                "pool.ntp.org",
            )
        )
    if r < 0.55:
        a, b, c = rng.randint(1, 254), rng.randint(0, 255), rng.randint(0, 255)
        return f"{rng.randint(1, 254)}.{c}.{b}.{a}.in-addr.arpa"
    if r < 0.6:
        return ".".join(hexid(rng, 32)) + ".8.b.d.0.1.0.0.2.ip6.arpa"
    if r < 0.68:
        return (
            rng.choice(
                (
                    "_dmarc.",
                    f"{rng.choice(('selector1', 'google', 's1', 'default', 'k1'))}._domainkey.",
                    "_mta-sts.",
                    "_acme-challenge.",
                    "_spf.",
                )
            )
            + d
        )
    if r < 0.76:
        region = rng.choice(("eu-west-1", "us-east-1", "ap-south-1"))
        paas = rng.choice(("herokuapp.com", "azurewebsites.net", "vercel.app"))
        cdn = rng.choice(("fastly.net", "edgekey.net", "cdn.cloudflare.net"))
        return rng.choice(
            (
                f"d{hexid(rng, 13)}.cloudfront.net",
                f"e{rng.randint(1000, 9999)}.dscb.akamaiedge.net",
                f"{word(rng)}-{hexid(rng, 8)}.{region}.elb.amazonaws.com",
                f"{hexid(rng, 16)}.blob.core.windows.net",
                f"{word(rng)}-{hexid(rng, 10)}-{hexid(rng, 5)}.{paas}",
                f"prod-{hexid(rng, 6)}.{cdn}",
            )
        )
    if r < 0.8:
        ip = ".".join(str(rng.randint(1, 254)) for _ in range(4))
        return (
            f"{ip}.{rng.choice(('zen.spamhaus.org', 'bl.spamcop.net', 'b.barracudacentral.org'))}"
        )
    if r < 0.83:
        return rng.choice(
            (
                f"{hexid(rng, 32)}.{hexid(rng, 8)}.sophosxl.net",
                f"{hexid(rng, 40)}.avqs.mcafee.com",
                f"{hexid(rng, 24)}.e5.sk",
            )
        )
    if r < 0.9:
        zone = rng.choice(("corp.local", "lan", "internal", "home.arpa"))
        return f"{word(rng)}{rng.randint(1, 40)}.{zone}"
    if r < 0.95:
        site = rng.choice(("dc._msdcs.", "Default-First-Site-Name._sites.", ""))
        return f"_ldap._tcp.{site}corp.local"
    return rng.choice(("wpad.", "isatap.", "localhost.")) + rng.choice(("corp.local", "lan", d))


_B32 = "abcdefghijklmnopqrstuvwxyz234567"


def exfil_name(c: Ctx) -> str:
    """A query name carrying data, in the shapes tunnelling tools use."""
    rng = c.rng
    base = c.bind.get("exfil_domain") or c.fill(
        c.pick(
            (
                "{domain}",
                "t.{domain}",
                "{word}.{word2}.{pick:com|net|xyz|top|io}",
                "ns1.{domain}",
                "d.{word}.ru",
            )
        )
    )
    r = rng.random()
    if r < 0.25:  # hex chunks (dnscat2 style, with its sequence prefix sometimes)
        labels = [hexid(rng, rng.randint(30, 63)) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            return "dnscat." + ".".join(labels)
        return ".".join(labels) + "." + base
    if r < 0.5:  # base32 (iodine-like, with its one-letter command prefix)
        labels = [
            "".join(rng.choice(_B32) for _ in range(rng.randint(40, 63)))
            for _ in range(rng.randint(1, 3))
        ]
        return rng.choice(("p", "0", "t", "y", "")) + ".".join(labels) + "." + base
    if r < 0.75:  # base64url file chunks with counters (dnsteal-like)
        chunk = base64.urlsafe_b64encode(rng.randbytes(rng.randint(24, 45))).decode().rstrip("=")
        name = rng.choice(("passwd", "shadow", "backup", "db", "secret", "id_rsa", "data"))
        return f"{chunk}.{rng.randint(0, 999)}-{rng.randint(1, 999)}.{name}.{base}"
    # encoded text from a staged script: many short labels
    data = hexid(rng, rng.randint(80, 180))
    return ".".join(data[i : i + 31] for i in range(0, len(data), 31)) + "." + base


def _bind_query(c: Ctx, name: str, qtype: str, client: str) -> str:
    flags = c.pick(("+", "+E(0)", "-E(0)", "+ED", "+E(0)K", "-EDC", "+ET"))
    ptr = c.fill("@0x7f{hex:10}")
    head = c.pick(("", "", "queries: info: ", "info: "))
    server = c.pick((*_RESOLVERS[:4], c.fill("{privip}")))
    if c.chance(0.85):
        return (
            f"{head}client {ptr} {client}#{c.fill('{port}')} ({name}): query: {name} IN "
            f"{qtype} {flags} ({server})"
        )
    return f"{head}client {client}#{c.fill('{port}')}: query: {name} IN {qtype} {flags}"


def _dnsmasq_query(c: Ctx, name: str, qtype: str, client: str) -> str:
    return c.pick(
        (
            f"query[{qtype}] {name} from {client}",
            f"forwarded {name} to {c.pick(_RESOLVERS)}",
            f"reply {name} is {c.fill('{pubip}')}",
            f"cached {name} is {c.pick(('<CNAME>', c.fill('{pubip}'), 'NXDOMAIN'))}",
            f"query[{qtype}] {name} from {client}",
        )
    )


def _unbound_query(c: Ctx, name: str, qtype: str, client: str) -> str:
    return c.pick(
        (
            f"info: {client} {name}. {qtype} IN",
            f"reply: {client} {name}. {qtype} IN {c.pick(('NOERROR', 'NXDOMAIN'))} "
            f"{c.rng.uniform(0, 0.3):.6f} {c.rng.randint(0, 1)} {c.rng.randint(40, 900)}",
        )
    )


_SERVERS = (
    ("named", _bind_query),
    ("named", _bind_query),
    ("dnsmasq", _dnsmasq_query),
    ("unbound", _unbound_query),
)


def _queries(c: Ctx, category: str, scenario: str, name_of: str) -> list[Line]:
    app, render = c.pick(_SERVERS)
    client = c.bind.get("ip") or (ip_private(c.rng) if c.chance(0.7) else ip_any(c.rng))
    pid = c.fill("{pid}")
    out = []
    for _ in range(c.rng.randint(1, 6)):
        if name_of == "exfil":
            name, qtype = exfil_name(c), c.pick(("TXT", "TXT", "A", "AAAA", "NULL", "CNAME", "MX"))
        else:
            name, qtype = benign_name(c.rng), c.pick(_QTYPES)
        out.append(
            c.line(f"dns-{app}", category, scenario, app, render(c, name, qtype, client), pid=pid)
        )
    return out


DNS_BENIGN = (
    "zone {domain}/IN: loaded serial {int:2015010100-2025123199}",
    "zone {domain}/IN: sending notifies (serial {int:2015010100-2025123199})",
    "client @0x7f{hex:10} {privip}#{port} ({domain}): transfer of '{domain}/IN': AXFR started "
    "(serial {int:2015010100-2025123199})",
    "client @0x7f{hex:10} {privip}#{port} ({domain}): transfer of '{domain}/IN': IXFR ended",
    "transfer of '{domain}/IN' from {privip}#53: Transfer completed: 1 messages, "
    "{int:5-900} records, {int:300-90000} bytes, 0.0{int:01-99} secs",
    "lame-server resolving '{domain}' (in '{domain}'?): {pubip}#53",
    "DNS format error from {pubip}#53 resolving {domain}/AAAA for client {privip}#{port}: "
    "invalid response",
    "network unreachable resolving './NS/IN': "
    "2001:{pick:500:2f|7fe|500:a8|dc3}::{pick:f|35|53|c}#53",
    "managed-keys-zone: Key 20326 for zone . is now trusted (acceptance timer complete)",
    "resolver priming query complete",
    "validating {domain}/A: no valid signature found",
    "{pick:broken trust chain|no valid RRSIG} resolving '{domain}/DS/IN': {pubip}#53",
    "REFUSED unexpected RCODE resolving '{domain}/A/IN': {pubip}#53",
    "timed out resolving '{domain}/AAAA/IN': {pubip}#53",
    "received control channel command 'reload'",
    "reloading configuration succeeded",
    "all zones loaded",
    "running",
    "using {int:1-16} UDP listeners per interface",
    "listening on IPv4 interface {iface}, {privip}#53",
    "starting BIND 9.{int:11-18}.{int:1-30}-1ubuntu{int:0-3} (Extended Support Version) "
    "<id:{hex:8}>",
    "client @0x7f{hex:10} {privip}#{port}: updating zone '{domain}/IN': adding an RR at "
    "'{word}.{domain}' A {privip2}",
    "dnssec: warning: zone {domain}/IN (signed): DNSKEY {int:1000-60000}/ECDSAP256SHA256 "
    "(KSK) is now published",
    "started, version 2.{int:80-90} cachesize {pick:150|1000|10000}",
    "using nameserver {pick:1.1.1.1|8.8.8.8|9.9.9.9}#53",
    "read /etc/hosts - {int:2-30} names",
    "DHCPDISCOVER({iface}) {mac}",
    "DHCPOFFER({iface}) {privip} {mac}",
    "DHCPREQUEST({iface}) {privip} {mac}",
    "DHCPACK({iface}) {privip} {mac} {srv}",
    "info: start of service (unbound 1.{int:9-20}.{int:0-3}).",
    "info: server stats for thread 0: {int:10-99999} queries, {int:10-9999} answers from "
    "cache, {int:1-999} recursions, 0 prefetch, 0 rejected by ip ratelimiting",
    "info: generate keytag query _ta-4f66. NULL IN",
    "notice: init module 0: validator",
    'xfrd: zone {domain} committed "received update to serial {int:2015010100-2025123199} '
    "at time {int:1500000000-1800000000} from {privip} in {int:1-9} parts TSIG verified with "
    'key {word}"',
)
DNS_RECON = (
    "client @0x7f{hex:10} {ip}#{port} ({domain}): zone transfer '{domain}/AXFR/IN' denied",
    "client {ip}#{port} ({domain}): zone transfer '{domain}/AXFR/IN' denied",
    "client @0x7f{hex:10} {ip}#{port} ({domain}): bad zone transfer request: '{domain}/IN': "
    "non-authoritative zone (NOTAUTH)",
    "client @0x7f{hex:10} {ip}#{port} ({domain}): transfer of '{domain}/IN': IXFR-style "
    "transfer denied",
    "client @0x7f{hex:10} {ip}#{port} (version.bind): query: version.bind CH TXT {pick:+|-E(0)} "
    "({privip})",
    "client {ip}#{port} (version.bind): query (cache) 'version.bind/TXT/CH' denied",
    "client @0x7f{hex:10} {ip}#{port} (hostname.bind): query: hostname.bind CH TXT + ({privip})",
    "client @0x7f{hex:10} {ip}#{port} (id.server): query: id.server CH TXT -E(0) ({privip})",
    "client @0x7f{hex:10} {ip}#{port} ({domain}): query (cache) '{domain}/{pick:A|ANY|NS|TXT}"
    "/IN' denied",
    "client {ip}#{port}: query (cache) '{domain}/A/IN' denied",
    "client @0x7f{hex:10} {ip}#{port} ({domain}): query: {domain} IN ANY +E(0) ({privip})",
    "client @0x7f{hex:10} {ip}#{port} ({domain}): query (cache) '{domain}/A/IN' denied "
    "(allow-query-cache did not match)",
    "info: axfr for {domain}. from {ip} refused, no acl matches",
    "info: ixfr for {domain}. from {ip} refused, no acl matches",
    "notify for {domain} from {ip} refused, no acl matches",
    "query[ANY] {domain} from {ip}",
    "query[AXFR] {domain} from {ip}",
)


def _exfil(c: Ctx) -> list[Line]:
    c.bind.setdefault(
        "exfil_domain", c.fill(c.pick(("{domain}", "t.{domain}", "x.{word}.{pick:com|net|xyz}")))
    )
    return _queries(c, "dns_exfiltration", "attack:dns-tunnel", "exfil")


EMITTERS: tuple[Emitter, ...] = (
    Emitter(
        "dns:benign:queries",
        BENIGN,
        4.0,
        lambda c: _queries(c, BENIGN, "benign:dns-query", "benign"),
    ),
    templated(
        "dns-named",
        BENIGN,
        "benign:dns-server",
        ("named", "named", "dnsmasq", "unbound", "nsd", "dnsmasq-dhcp"),
        DNS_BENIGN,
        weight=2.0,
        count=(1, 2),
    ),
    Emitter("dns:attack:tunnel", "dns_exfiltration", 5.0, _exfil),
    templated(
        "dns-named",
        "recon",
        "attack:dns-recon",
        ("named", "named", "nsd", "dnsmasq"),
        DNS_RECON,
        weight=2.5,
        count=(1, 3),
    ),
)
