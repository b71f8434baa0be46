"""Facts a log line states: addresses, users, paths, commands, ports, URLs, names.

Two readers need them.  The incident engine groups detections by the client
a line is about (:func:`source_ip`), and the analyst is handed the facts of an
incident's evidence and must not mention an address, user or path that the
evidence does not contain.  So extraction favours precision: each fact comes
from a phrasing a real daemon uses (sshd, PAM, sudo, su, login, pkexec,
vsftpd, proftpd, dovecot, postfix, MySQL, PostgreSQL, auditd, cron, iptables,
suricata, fail2ban, BIND, dnsmasq, unbound, CoreDNS, Apache, nginx), not from
any word that happens to follow "user".

Every address, user name, path, URL and domain returned is a substring of the
input, verbatim (an IPv6 address keeps the case it was written in); that is
what lets a validator check an answer against the evidence with plain ``in``.
Commands are the exception: they are decoded (URL escapes, auditd hex) and
their white space is collapsed, because what ran is what matters and the
encoded form hides it.  Ports are integers.

Some of a line is written by the client it is about: the user name it
tried, the path it asked for, the banner it sent.  Those kinds are
:data:`ATTACKER_CONTROLLED`, and whoever shows them says so.  A value of
another kind inside such a field (an address or "user X" inside a user
name) was planted, not logged: it is neither a fact nor a source.

The input is hostile (any web client writes into an access log), so the work
is bounded whatever the text: only its first :data:`MAX_SCAN` characters are
read; every pattern starts with a literal, so the regex engine skips to
candidates at ``str.find`` speed instead of trying each position (a leading
``\\b``, lookbehind or character class makes a scan some fifty times slower);
quantifiers are possessive or bounded and never nested, so no input
backtracks; each pattern examines at most :data:`MAX_MATCHES` matches; each
list keeps :data:`MAX_ITEMS` facts.  Nothing here raises on any ``str``.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from itertools import islice
from typing import NamedTuple, TypeVar
from urllib.parse import unquote_plus

T = TypeVar("T")

MAX_ITEMS = 20  # facts per list: an analyst prompt needs the gist, not every repetition
MAX_MATCHES = 100  # matches examined per pattern per text, repeats included
# Characters read.  RFC 5425 §4.3.1 recommends receivers handle 8 KiB
# messages; daemons write their own fields (client, user, request) first, so a
# longer line's tail is payload.  This is what keeps a 64 KiB line near 1 ms.
MAX_SCAN = 8192
MAX_USER = 64  # longer "names" are payloads, not accounts (Linux caps names at 32)
MAX_PATH = 1024  # PATH_MAX is 4096, but a longer path in a log line is padding
MAX_COMMAND = 1024
MAX_URL = 2048  # the de facto URL limit of browsers and servers
MAX_DOMAIN = 253  # RFC 1035 §2.3.4, in text form
MAX_KEYS = 200  # key=value pairs examined per text (an auditd record has ~30)

# Facts whose values the remote party chooses (the name it tries, the path
# it requests, the command it sends, the URL and domain in them): shown to a
# person marked as attacker-controlled, never read as instructions.
ATTACKER_CONTROLLED = frozenset(("users", "paths", "commands", "urls", "domains"))


@dataclass(frozen=True, slots=True)
class Facts:
    """What a text names, each list in order of first appearance, without repeats."""

    ips: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()
    ports: tuple[int, ...] = ()
    urls: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, list[str] | list[int]]:
        """Lists rather than tuples, for JSON."""
        return {f.name: list(getattr(self, f.name)) for f in fields(self)}


def _upto(high: int, low: int = 1) -> str:
    """A possessive repeat: what keeps a pattern linear on hostile text."""
    return "{" + str(low) + "," + str(high) + "}+"


class _Text:
    """One text being read, with its reversal for looking backwards.

    Python's ``re`` cannot search leftwards, and a lookbehind cannot be of
    variable width, so a token that ends where a literal starts (sudo's
    "alice : TTY=", a key before "=") is matched forwards in the reversed
    text, in C, instead of walked back character by character.
    """

    __slots__ = ("_rev", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._rev: str | None = None

    def before(self, rx: re.Pattern[str], end: int) -> str | None:
        """The token matched by ``rx`` (written reversed) that ends at ``end``."""
        if self._rev is None:
            self._rev = self.text[::-1]
        m = rx.match(self._rev, len(self.text) - end)
        return None if m is None else self.text[end - (m.end() - m.start()):end]


# ---------------------------------------------------------------- addresses

_V4 = r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}"
# Candidates are found from a literal ("." or ":") and the address is then
# matched from where it starts.  Neither family may follow or precede a dot
# and a word character, which rules out version numbers (1.2.3.4.5, v1.2.3.4)
# and reverse-DNS names (4.3.2.1.in-addr.arpa).  IPv6 is matched loosely and
# judged by ``ipaddress``, which rejects clock times (10:22:33) and MAC
# addresses that the loose pattern also finds.
_V4_ANCHOR = re.compile(r"\.[0-9]{1,3}+\.[0-9]{1,3}+\.[0-9]")
_V4_FULL = re.compile(r"(?<![\w.])" + _V4 + r"(?!\w|\.\w)")
_V6_ANCHOR = re.compile(r":[0-9A-Fa-f]{0,4}+:")
_V6_FULL = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}+:){2,7}+(?:" + _V4 + r"|[0-9A-Fa-f]{0,4}+)"
    r"(?:%[\w.-]{1,32}+)?(?![\w:]|\.\w)"
)
_HEXDIGITS = frozenset("0123456789abcdefABCDEF")
_DIGITS = frozenset("0123456789")


class _Ip(NamedTuple):
    start: int
    end: int
    found: str  # as written
    normal: str  # compressed IPv6, mapped IPv4 unwrapped: one spelling per address
    v6: bool


def _scan_ips(text: str) -> list[_Ip]:
    """Every valid address, in order."""
    found: list[_Ip] = []
    v6_spans: list[tuple[int, int]] = []
    if text.count(":") >= 2:
        parsed: dict[str, str | None] = {}  # a flood repeats one address: parse it once
        for m in _anchored(_V6_ANCHOR, _V6_FULL, text, _HEXDIGITS, 4):
            written = m.group()
            if written not in parsed:
                parsed[written] = _v6_normal(written)
            normal = parsed[written]
            if normal is not None:
                found.append(_Ip(m.start(), m.end(), written, normal, True))
                v6_spans.append((m.start(), m.end()))
    if "." in text:
        for m in _anchored(_V4_ANCHOR, _V4_FULL, text, _DIGITS, 3):
            if (not any(s <= m.start() < e for s, e in v6_spans)  # ::ffff:1.2.3.4
                    and _v4_valid(m.group()) and not _version_before(text, m.start())):
                found.append(_Ip(m.start(), m.end(), m.group(), m.group(), False))
    found.sort(key=lambda ip: ip.start)
    return found


def _anchored(
    anchor: re.Pattern[str], full: re.Pattern[str], text: str, lead: frozenset[str], back: int,
) -> Iterable[re.Match[str]]:  # fmt: skip
    """Matches of ``full`` that start at most ``back`` ``lead`` characters before an anchor."""
    pos = 0
    for _ in range(MAX_MATCHES):
        a = anchor.search(text, pos)
        if a is None:
            return
        start = a.start()
        while start > a.start() - back and start > 0 and text[start - 1] in lead:
            start -= 1
        m = full.match(text, start)
        if m is None:
            pos = a.start() + 1
        else:
            pos = m.end()
            yield m


def _v4_valid(text: str) -> bool:
    """What ``ipaddress`` accepts (octets to 255, no leading zeros), at a tenth of the cost."""
    return all(int(part) <= 255 and (len(part) == 1 or part[0] != "0")
               for part in text.split("."))


def _v6_normal(text: str) -> str | None:
    if not any(ch.isalnum() for ch in text):  # a bare "::" is punctuation
        return None
    try:
        addr = ipaddress.IPv6Address(text)
    except ValueError:
        return None
    return str(addr.ipv4_mapped) if addr.ipv4_mapped is not None else str(addr)


def _version_before(text: str, start: int) -> bool:
    return text[max(0, start - 9):start].lower().rstrip(" :=").endswith(("version", "ver", "ver."))


# The word before an address that makes it the client the line is about:
# sshd "from", "by", "with"; PAM "rhost="; iptables "SRC="; Apache "[client";
# nginx "client:"; dovecot "rip="; auditd "addr="; fail2ban "Ban", "Found".
_SOURCE_WORDS = frozenset((
    "from", "by", "with", "client", "rhost", "rip", "src", "srcip", "src_ip", "source",
    "source_ip", "sourceip", "client_ip", "clientip", "client_addr", "remote", "remote_addr",
    "remote_ip", "remote_host", "peer", "addr", "ip", "ban", "unban", "found", "attacker",
))
_SOURCE_KEYS = frozenset(("host",))  # cues only as "host=" (nginx's "host:" is the server)
_ADDRESS_QUALIFIERS = frozenset(("remote", "client", "source", "network", "peer"))
# After these the address is the server side, never the source of a line.
_DEST_WORDS = frozenset((
    "to", "dst", "dstip", "dst_ip", "dest", "destination", "on", "is", "lip", "local", "server",
    "via", "gateway", "nameserver", "resolver", "upstream",
))
_WORD_REV = re.compile(r"[A-Za-z0-9_]{1,16}+")
_USER_CUE = re.compile(r"(?:user|USER) [\w.@$+-]{1,64}+ $")  # "invalid user X 1.2.3.4"
_BIND_CUE = re.compile(r"client @0x[0-9a-f]{1,16}+ $")  # BIND "client @0x7f.. 1.2.3.4#53"
_IDS_CUE = re.compile(r"\{(?:TCP|UDP|ICMP|IPV6-ICMP|PROTO:[0-9]{1,3}+)\} $")  # suricata "{TCP} "
# Access logs, haproxy: the client comes first, after Apache's "vhost:port ".
_LEADING = re.compile(r"\s*+(?:[\w.-]{1,253}+:[0-9]{1,5}+ )?")


def _cue(t: _Text, start: int) -> str:
    """What the text just before the address at ``start`` makes of it.

    "first" (the first field of an access log), "key" (a ``key=`` naming
    the client: a structured field), "source" (a word naming it), "dest"
    (the server side) or "".
    """
    text = t.text
    if _LEADING.fullmatch(text, 0, start):
        return "first"
    if start >= 2 and text[start - 1] == "[" and (text[start - 2].isalnum() or text[start - 2]
                                                  in "._-"):
        return "source"  # postfix "unknown[1.2.3.4]", proftpd "host[1.2.3.4]"
    end = start
    while end > 0 and start - end < 3 and text[end - 1] in "\"'[<( ":
        end -= 1
    if end > 0 and text[end - 1] == "@":  # MySQL "'root'@'1.2.3.4'"
        return "source"
    if end >= 2 and text[end - 2:end] == "->":
        return "dest"
    sep = ""
    if end > 0 and text[end - 1] in "=:":
        sep = text[end - 1]
        end -= 1
        if end > 0 and text[end - 1] == "]":  # "[client]: "
            end -= 1
    word = (t.before(_WORD_REV, end) or "").lower()
    if sep == "=" and (word in _SOURCE_WORDS or word in _SOURCE_KEYS):
        return "key"
    if word in _SOURCE_WORDS:
        return "source"
    if word == "address":
        previous = t.before(_WORD_REV, end - len(word) - 1) if end > len(word) else None
        if previous is not None and previous.lower() in _ADDRESS_QUALIFIERS:
            return "source"
    if word in _DEST_WORDS:
        return "dest"
    window = text[max(0, start - 80):start]
    if "user " in window.lower() and _USER_CUE.search(window):
        return "source"
    if window.endswith("} ") and _IDS_CUE.search(window):
        return "source"
    if "@0x" in window and _BIND_CUE.search(window):
        return "source"
    return ""


# ----------------------------------------------------- attacker-written fields

class _Field(NamedTuple):
    """Text the remote party wrote, which the daemon logged verbatim."""

    start: int
    end: int
    name: bool  # a user-name field: a name filling it whole is a fact, nothing else in it is


# Where a user-name field starts.  sshd logs the name a client sent as it
# came, spaces and all, and then its own "from ADDR port N" (or "ADDR port
# N"), so "Failed password for invalid user admin from 10.0.0.1 from
# 203.0.113.9 port 4242 ssh2" is a user named "admin from 10.0.0.1" trying
# from 203.0.113.9.  The field runs to sshd's address: the last one followed
# by "port N", else (older sshd, PAM's "Authentication failure for illegal
# user X from ADDR") one that ends the line after "from"; fail2ban anchors
# its sshd filter at the end of the line for the same reason.  Where the
# format has no address after the name (sshd's "Too many authentication
# failures for X", pam_unix's "rhost=ADDR  user=X", the name last), the field
# runs to the end of the line.  sshd always writes its address, so a line with
# an address-bound opener and no such address is some other program's.
# Each pattern comes with a literal it needs: most lines hold none, and an
# ``in`` test costs a tenth of a regex scan.
_NAME_FIELDS: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple(
    (literal, re.compile(p), anchored) for literal, p, anchored in (
        ("user ", r"ser (?:(?<=nvalid user )|(?<=llegal user )|(?<=authenticating user ))", True),
        ("for ", r"for (?:(?<=password for )|(?<=publickey for )|(?<=interactive for )"
         r"|(?<=none for )|(?<=hostbased for )|(?<=mic for )|(?<=exceeded for ))"
         r"(?:(?:invalid|illegal) user )?", True),
        ("failures for ", r"for (?<=authentication failures for )", False),
        ("  user=", r"  user=", False),
    ))
# Where sshd quotes a client's free text: its version banner ("Bad protocol
# version identification '...' from"), a disconnect reason ("port N:11:
# ..."), its algorithm offer ("Their offer: ...").
_BANNER_FIELD = re.compile(r"identification '")
_TAIL_FIELDS = (("port ", re.compile(r"port [0-9]{1,5}+:[0-9]{1,3}+: ")),
                ("offer: ", re.compile(r"offer: ")))
_PREAUTH = " [preauth]"


def _fields(text: str, ips: Sequence[_Ip]) -> list[_Field]:
    """The attacker-written fields of ``text`` (at most MAX_MATCHES of each kind)."""
    end_of_text = len(text) - len(_PREAUTH) if text.endswith(_PREAUTH) else len(text)
    ported = [ip for ip in ips if text.startswith(" port ", ip.end)]
    anchor = ported[-1] if ported else None
    if anchor is None and ips and text.endswith("from ", 0, ips[-1].start) \
            and text[ips[-1].end:end_of_text].strip() in ("", "ssh2"):
        anchor = ips[-1]

    def up_to_address(start: int, anchored: bool) -> int:
        """Where a field starting at ``start`` ends: before sshd's address, or at
        the end; where the address is missing the line is not sshd's: no field."""
        if not anchored:
            return end_of_text
        if anchor is None or anchor.start <= start:
            return start
        end = anchor.start
        for join in ("' from ", " from ", " "):
            if text.endswith(join, start, end):
                return end - len(join)
        return end

    found: list[_Field] = []
    for literal, rx, anchored in _NAME_FIELDS:
        if literal in text:
            for m in islice(rx.finditer(text), MAX_MATCHES):
                found.append(_Field(m.end(), up_to_address(m.end(), anchored), True))
    if "identification '" in text:
        for m in islice(_BANNER_FIELD.finditer(text), MAX_MATCHES):
            found.append(_Field(m.end(), up_to_address(m.end(), True), False))
    for literal, rx in _TAIL_FIELDS:
        if literal in text:
            for m in islice(rx.finditer(text), MAX_MATCHES):
                found.append(_Field(m.end(), end_of_text, False))
    return [f for f in found if f.end > f.start]


def _planted(fields: Sequence[_Field], pos: int) -> bool:
    """A value at ``pos`` sits inside a field written by the remote party."""
    return any(f.start <= pos < f.end for f in fields)


def _named(fields: Sequence[_Field], text: str, pos: int, user: str) -> bool:
    """A user name at ``pos`` is a fact: outside every field, or the whole of a name field."""
    return all(not f.start <= pos < f.end
               or (f.name and pos == f.start and text[f.start:f.end].rstrip(".") == user)
               for f in fields)


def attacker_free(text: str) -> str:
    """``text`` as far as it is read (:data:`MAX_SCAN`) with the fields the
    remote party wrote blanked out: what a value must appear in to be more
    than something an attacker planted in a user name or a quoted banner."""
    t = text[:MAX_SCAN]
    parts: list[str] = []
    pos = 0
    for f in sorted(_fields(t, _scan_ips(t))):  # fields nest and overlap: blank each place once
        if f.end > pos:
            start = max(f.start, pos)
            parts += (t[pos:start], " " * (f.end - start))
            pos = f.end
    parts.append(t[pos:])
    return "".join(parts)


def _normal(text: str) -> str | None:
    """One spelling per address, as :func:`_scan_ips` gives it; None if no address."""
    text = text.strip()
    if ":" in text:
        return _v6_normal(text)
    return text if _V4_FULL.fullmatch(text) and _v4_valid(text) else None


# RFC 5424 structured-data parameters naming the client.  Not "ip" alone:
# RFC 5424 §7.2.1 gives "origin" an "ip" that is the sender's own address.
_SD_SOURCE_KEYS = frozenset((
    "src", "srcip", "src_ip", "src_addr", "source_ip", "sourceip", "source_address", "source.ip",
    "client_ip", "clientip", "client_addr", "client.ip", "remote_addr", "remote_ip", "rhost",
))
_RANKS = ("first", "key", "source")


def _sd_source(structured_data: str) -> str | None:
    try:
        sd = json.loads(structured_data)
    except ValueError:
        return None
    if not isinstance(sd, dict):
        return None
    for sd_id, params in islice(sd.items(), MAX_KEYS):
        if sd_id == "origin" or not isinstance(params, dict):
            continue
        for name, value in islice(params.items(), MAX_KEYS):
            if name.lower() in _SD_SOURCE_KEYS and isinstance(value, str):
                ip = _normal(value)
                if ip is not None and ip not in ("0.0.0.0", "::"):
                    return ip
    return None


def source_ip(text: str, structured_data: str | None = None) -> str | None:
    """The client address a line is about, or None.

    Where the line's format fixes it, never where the client's own words
    could have put it: an RFC 5424 structured-data parameter naming the
    client (``structured_data`` as the parser stores it) wins; then the first
    field of an access log; then a ``key=`` naming the client (``SRC=``,
    ``rhost=``, ``src=``); then an address after a word naming it ("from",
    "client", a host name's "[...]").  Addresses inside a field the client
    wrote (a user name, sshd's quoted banner or disconnect reason) are never
    taken.  With no cue the first address not named as a destination ("to",
    "DST=", "on", "->") is taken.  Unspecified addresses (0.0.0.0, ::) never
    are.  The result is normalised (compressed IPv6, mapped IPv4 unwrapped)
    so that one client is one incident key however each daemon writes it.
    """
    if structured_data:
        named = _sd_source(structured_data)
        if named is not None:
            return named
    t = _Text(text[:MAX_SCAN])
    ips = _scan_ips(t.text)
    if not ips:
        return None
    fields = _fields(t.text, ips)
    best: dict[str, str] = {}
    fallback: str | None = None
    for ip in islice((ip for ip in ips if not _planted(fields, ip.start)), MAX_ITEMS):
        if ip.normal in ("0.0.0.0", "::"):  # unspecified: "listening on", never a client
            continue
        cue = _cue(t, ip.start)
        if cue == "first":
            return ip.normal
        if cue in _RANKS:
            best.setdefault(cue, ip.normal)
        elif fallback is None and cue != "dest":
            fallback = ip.normal
    return next((best[rank] for rank in _RANKS if rank in best), fallback)


# ---------------------------------------------------------- key=value pairs

_KEY_REV = re.compile(r"[\w-]{1,24}+(?![\w.-])")
# PAM, dovecot, postfix, sudo, auditd, pure-ftpd, CEF: the keys naming a user.
_USER_KEYS = frozenset((
    "user", "ruser", "username", "user_name", "uname", "login", "logname", "acct", "account",
    "sasl_username", "suser", "duser", "usrname",
))
_PORT_KEYS = frozenset((
    "spt", "dpt", "sport", "dport", "src_port", "dst_port", "srcport", "dstport", "port", "lport",
    "rport",
))
_CMD_KEYS = frozenset(("cmd", "command", "exec", "execute", "passthru"))  # sudo's COMMAND: below


def _user_re(name: str = "u") -> str:
    """A user name in group ``name``: whole, never cut to fit the length bound."""
    return r"(?P<" + name + r">[\w.@$+-]" + _upto(MAX_USER) + r")(?![\w.@$+-])"


_KV_USER = re.compile(r"['\"<]?" + _user_re())
_KV_PORT = re.compile(r"(?P<p>[0-9]{1,5}+)(?![0-9])")
_QUOTED = r"\"(?P<q>[^\"\n]" + _upto(MAX_COMMAND) + r")\""
_KV_CMD = re.compile(r"(?:" + _QUOTED + r"|(?P<v>[^&\s\"'#;]" + _upto(MAX_COMMAND * 3) + "))")


class _Found:
    """Facts with their positions, gathered before ordering."""

    __slots__ = ("commands", "domains", "paths", "ports", "urls", "users")

    def __init__(self) -> None:
        self.users: list[tuple[int, str]] = []
        self.paths: list[tuple[int, str]] = []
        self.commands: list[tuple[int, str]] = []
        self.ports: list[tuple[int, int]] = []
        self.urls: list[tuple[int, str]] = []
        self.domains: list[tuple[int, str]] = []

    def user(self, pos: int, value: str) -> None:
        value = value.rstrip(".")  # "of user alice." ends a sentence
        # An address is never an account name (useradd refuses one), and a
        # "user 10.0.0.1" is an address passed off as a name.
        if value and value.lower() not in _NOT_USERS \
                and not (("." in value or ":" in value) and is_ip(value)):
            self.users.append((pos, value))

    def command(self, pos: int, value: str) -> None:
        value = " ".join(value.split())[:MAX_COMMAND]
        if value:
            self.commands.append((pos, value))


def _key_values(t: _Text, out: _Found) -> None:
    text = t.text
    audit = "audit(" in text  # auditd writes cmd=<hex> when the command holds a space
    pos = text.find("=")
    for _ in range(MAX_KEYS):
        if pos < 0:
            return
        key = t.before(_KEY_REV, pos)
        end = pos + 1  # values are skipped, so "cmd=cmd=cmd=..." is read once
        if key is not None:
            low = key.lower()
            if low in _USER_KEYS:
                m = _KV_USER.match(text, pos + 1)
                if m is not None:
                    out.user(m.start("u"), m.group("u"))
                    end = m.end()
            elif low in _PORT_KEYS:
                m = _KV_PORT.match(text, pos + 1)
                if m is not None and int(m.group("p")) <= 65535:
                    out.ports.append((m.start("p"), int(m.group("p"))))
            elif key in _CMD_KEYS:  # lower case only: sudo's COMMAND= is read below
                m = _KV_CMD.match(text, pos + 1)
                if m is not None:
                    end = m.end()
                    if m.group("q") is not None:
                        out.command(pos + 1, m.group("q"))
                    else:
                        decoded = _hex(m.group("v")) if audit else None
                        out.command(pos + 1, decoded if decoded is not None
                                    else _unquote(m.group("v")))
        pos = text.find("=", end)


# -------------------------------------------------------------------- users

_U = _user_re()
_U2 = _user_re("u2")
# Each pattern starts with a literal (see the module docstring); context
# before it is checked by a fixed-width lookbehind placed after the literal.
_USER_PATTERNS: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in (
    # sshd "Invalid user X from", "for invalid user X", "authenticating user X",
    # pam "session opened for user X(uid=0)", MySQL "for user 'X'@",
    # PostgreSQL 'for user "X"', logind "of user X.", proftpd "USER X: Login"
    r"ser (?<![\w][Uu]ser )(?<=[Uu]ser )['\"<]?" + _U,
    r"SER (?<![\w]USER )(?<=USER )['\"<]?" + _U,
    # sshd "Failed password for X from", "Accepted publickey for X from"
    r"for (?<![\w]for )" + _U + r" from\b",
    # pam_unix "session opened for user root(uid=0) by alice(uid=1000)"
    r"by (?<![\w]by )" + _U + r"\(uid=[0-9]",
    # su "(to root) alice on pts/0", "Successful su for root by alice"
    r"\(to " + _U + r"\) " + _U2 + r" on\b",
    r"su for (?<![\w]su for )" + _U + r" by " + _U2,
    # vsftpd "[alice] FAIL LOGIN: Client", "[ftp] OK DOWNLOAD: Client"
    r"\[" + _U + r"\] (?:OK|FAIL) [A-Z]{2,12}+:",
    # dovecot "auth-worker: pam(alice,1.2.3.4): unknown user"
    r"\((?:(?<=pam\()|(?<=sql\()|(?<=ldap\()|(?<=passwd\()|(?<=shadow\()|(?<=passwd-file\()"
    r"|(?<=checkpassword\()|(?<=bsdauth\()|(?<=static\())" + _U + ",",
    # web applications, appliances: "login failed for X", "Failed login for
    # user X", "Invalid login as X", "Logon failure for X"
    r"og(?:in|on)(?<![\w][Ll]og..)(?<=[Ll]og..)(?i:(?: attempt)?(?: failed| failure| succeeded"
    r"| successful)? (?:for|as|of|by)(?: user)?) ['\"<]?" + _U,
    r"OG(?:IN|ON)(?<![\w]LOG..)(?<=LOG..)(?: ATTEMPT)?(?: FAILED| FAILURE)? (?:FOR|AS|BY)"
    r"(?: USER)? ['\"<]?" + _U,
    # "Authentication failure for X from", "Too many authentication failures
    # for X", "authentication failed for user X"
    r"uthentication (?<=[Aa]uthentication )(?i:failures?|failed|succeeded|successful) for"
    r"(?: (?:invalid |illegal )?user)? ['\"<]?" + _U,
    # cron "(root) CMD (...)"
    r"\((?<!\S\()" + _U + r"\) (?:CMD|RELOAD|BEGIN EDIT|END EDIT|REPLACE|LIST|DELETE|MAIL)\b",
    # shadow-utils: useradd "new user: name=X,", usermod "add 'X' to group",
    # passwd "password changed for X"
    r"new user: name=" + _U,
    r"'(?:(?<=add ')|(?<=delete ')|(?<=remove '))" + _U + r"' (?:to|from) (?:shadow )?group",
    r"password (?:changed|expiry) for " + _U,
    # Windows events forwarded by nxlog or snare
    r"Account Name:\s{1,8}+" + _U,
    # PostgreSQL 'role "X" does not exist'
    r"role \"" + _U + r"\" does not exist",
))
# login "FAILED LOGIN (1) on '/dev/tty1' FOR 'X', ...", "LOGIN ON tty1 BY X";
# "LOGIN" is looked for before the match, which keeps the patterns literal.
_LOGIN_PATTERNS = (re.compile(" FOR '?" + _U), re.compile(" BY " + _U))
_USER_REV = re.compile(r"[\w.@$+-]" + _upto(MAX_USER) + r"(?!\S)")
# sudo "  alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/sh",
# pkexec "alice: Executing command [USER=root] ..."
_USER_BEFORE = re.compile(
    r" : (?=TTY=|PWD=|user NOT in sudoers|command not allowed|[0-9]{1,3}+ incorrect password"
    r"|a password is required|unable to )|: Executing command\b"
)
_OLD_SU = re.compile(  # "+ pts/0 alice:root"
    r"\s*+[+-] (?:pts/[0-9]{1,4}+|tty\w{0,8}+|\?\?\?|console) " + _U + ":" + _U2
)
_ACCESS_USER = re.compile(  # access log "client ident user [date]"
    r"\s*+[^\s\[\]]{1,255}+ [^\s\[\]]{1,64}+ " + _U + r" \[[0-9]"
)
# Words that follow "user" in prose rather than names ("user NOT in
# sudoers", "check pass; user unknown", "User Slice of UID 1000").
_NOT_USERS = frozenset((
    "-", "--", "?", "unknown", "(unknown)", "not", "child", "from", "by", "is", "was", "has",
    "had", "none", "null", "nil", "name", "names", "session", "sessions", "slice", "manager",
    "runtime", "and", "or", "the", "a", "an", "to", "in", "on", "for", "of", "at", "as", "with",
    "authentication", "login", "logged", "logout", "request", "requested", "invalid", "illegal",
    "account", "accounts", "id", "ids", "agent", "data", "mode", "namespace", "instance", "unit",
    "units", "space", "interface", "password", "passwords", "database", "process", "processes",
    "info", "list", "group", "groups", "true", "false", "yes", "no", "any", "all", "some",
    "template", "templates", "directory", "home",
))


def _users(t: _Text, out: _Found) -> None:
    text = t.text
    for rx in _USER_PATTERNS:
        for m in islice(rx.finditer(text), MAX_MATCHES):
            out.user(m.start("u"), m.group("u"))
            if "u2" in rx.groupindex and m.group("u2") is not None:
                out.user(m.start("u2"), m.group("u2"))
    for rx in _LOGIN_PATTERNS:
        for m in islice(rx.finditer(text), MAX_MATCHES):
            if "LOGIN" in text[max(0, m.start() - 40):m.start()]:
                out.user(m.start("u"), m.group("u"))
    for m in islice(_USER_BEFORE.finditer(text), MAX_MATCHES):
        name = t.before(_USER_REV, m.start())
        if name is not None:
            out.user(m.start() - len(name), name)
    for rx in (_OLD_SU, _ACCESS_USER):
        first = rx.match(text)
        if first is not None:
            out.user(first.start("u"), first.group("u"))
            if "u2" in rx.groupindex:
                out.user(first.start("u2"), first.group("u2"))


# -------------------------------------------------------------------- paths

_PC = r"[\w.@%+~-]"  # characters of a path segment
_SEGMENTS = _PC + _upto(255) + r"(?:/" + _PC + _upto(255) + r")*+/?"
# A path starts at "/" or "../" (traversal payloads); it may not follow a word
# character, dot, slash or "<", so "HTTP/1.1", "pts/0", "text/html",
# "12/Mar/2024", "10.0.0.0/24", "</div>" and a URL's "//" are not paths.
_PATH_RE = re.compile(r"/(?<![\w./~%@\\<*-]/)" + _SEGMENTS)
_TRAVERSAL_RE = re.compile(r"\.\./(?<![\w./~%@\\<*-]\.\./)(?:\.\./)*+" + _SEGMENTS)


def _paths(text: str, out: _Found) -> None:
    for rx in (_PATH_RE, _TRAVERSAL_RE):
        for m in islice(rx.finditer(text), MAX_MATCHES):
            path = m.group()
            if 3 <= len(path) <= MAX_PATH:  # "/" and "/s" ("10 req/s") say nothing
                out.paths.append((m.start(), path))


# --------------------------------------------------------- URLs and domains

_SCHEMES = frozenset(("http", "https", "ftp", "ftps", "tftp"))
_SCHEME_REV = re.compile(r"[A-Za-z]{3,5}+(?![\w.+-])")
_URL_BODY = re.compile(r"[^\s\"'<>`\\]" + _upto(MAX_URL))
_URL_PARTS = re.compile(
    r"[A-Za-z]{3,5}+://(?:[^@/\s?#]{0,256}+@)?(?P<host>\[[0-9A-Fa-f:.]{2,45}+\]|[^/\s:?#\[\]]"
    + _upto(MAX_DOMAIN) + r")(?::[0-9]{1,5}+)?(?P<path>/[^\s?#]" + _upto(MAX_PATH, 0) + ")?"
)
_URL_TAIL = ".,;:)]}!'\""
_DOMAIN = re.compile(r"[A-Za-z0-9_-]{1,63}+(?:\.[A-Za-z0-9_-]{1,63}+){1,126}+")


def _urls(t: _Text, out: _Found) -> None:
    text = t.text
    pos = text.find("://")
    for _ in range(MAX_MATCHES):
        if pos < 0:
            return
        scheme = t.before(_SCHEME_REV, pos)
        body = _URL_BODY.match(text, pos + 3)
        if scheme is not None and scheme.lower() in _SCHEMES and body is not None:
            start = pos - len(scheme)
            url = text[start:body.end()].rstrip(_URL_TAIL)
            parts = _URL_PARTS.match(url)
            if parts is not None and len(url) > len(scheme) + 3:
                out.urls.append((start, url))
                host = parts.group("host")
                if _DOMAIN.fullmatch(host) and not is_ip(host):
                    out.domains.append((start + parts.start("host"), host))
                path = parts.group("path")
                if path and len(path) >= 3:
                    out.paths.append((start + parts.start("path"), path))
        pos = text.find("://", pos + 3)


def is_ip(text: str) -> bool:
    """An address, not a name (the page's source filter uses it too)."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


_D = r"(?P<d>[A-Za-z0-9_-]{1,63}+(?:\.[A-Za-z0-9_-]{1,63}+){0,126}+)"
_DNS_PATTERNS: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in (
    r"query: " + _D + r"\.? IN\b",  # BIND query log
    r"query\[\w{1,10}+\] " + _D + r"\.? from\b",  # dnsmasq
    r"forwarded " + _D + r"\.? to\b",  # dnsmasq
    r"reply " + _D + r"\.? is\b",  # dnsmasq
    r"cached " + _D + r"\.? is\b",  # dnsmasq
    r" IN " + _D + r"\.? (?:udp|tcp)\b",  # CoreDNS '"A IN example.com. udp 40 false 512"'
    r"question for '" + _D + r"\.?\|",  # PowerDNS recursor
))
_DOMAIN_REV = re.compile(r"[A-Za-z0-9_.-]" + _upto(MAX_DOMAIN) + r"(?!\S)")
_UNBOUND = re.compile(r"\. [A-Z][A-Z0-9]{0,9}+ IN\b")  # unbound "1.2.3.4 name. A IN"


def _domains(t: _Text, out: _Found) -> None:
    for rx in _DNS_PATTERNS:
        for m in islice(rx.finditer(t.text), MAX_MATCHES):
            if not is_ip(m.group("d")):
                out.domains.append((m.start("d"), m.group("d")))
    for m in islice(_UNBOUND.finditer(t.text), MAX_MATCHES):
        name = t.before(_DOMAIN_REV, m.start())
        if name and not name.startswith(".") and not is_ip(name):
            out.domains.append((m.start() - len(name), name))


# ----------------------------------------------------------------- commands

_COMMAND_RE = re.compile(r"COMMAND=(?P<c>[^\n]" + _upto(MAX_COMMAND) + ")")  # sudo, pkexec
_CRON_RE = re.compile(r"CMD \((?P<c>[^\n]" + _upto(MAX_COMMAND) + ")")  # cron "(root) CMD (...)"
_ARGC_RE = re.compile(r"argc=[0-9]{1,4}+")  # auditd EXECVE
_ARG_RE = re.compile(r" a(?P<i>[0-9]{1,4}+)=(?:" + _QUOTED + r"|(?P<h>[0-9A-Fa-f]{1,4096}+)"
                     r"|(?P<n>\(null\)))(?!\S)")
_PROCTITLE_RE = re.compile(r"proctitle=(?:" + _QUOTED + r"|(?P<h>[0-9A-F]{2,8192}+))(?!\w)")
# Web shells take their command in any parameter (c, x, q, e, ...); a value
# that starts with a shell command word is taken as one.
_QUERY_VALUE = r"(?:[\w\[\].-]{1,32}+=)?(?P<v>[^&=\s\"'#]" + _upto(MAX_COMMAND * 3) + ")"
_QUERY_RES = (re.compile(r"\?" + _QUERY_VALUE), re.compile("&" + _QUERY_VALUE))
_SHELL_WORD = re.compile(
    r"(?:id|whoami|uname|cat|ls|dir|pwd|wget|curl|bash|sh|zsh|nc|ncat|netcat|python[23]?|perl"
    r"|php|ruby|chmod|chown|rm|echo|ps|netstat|ss|ifconfig|ip|cd|busybox|powershell|cmd(?:\.exe)?"
    r"|tftp|ping|nslookup|base64|find|grep|head|tail|env|hostname|crontab|useradd|kill|mkfifo"
    r"|socat|nohup|sudo|su|certutil|bitsadmin|mshta|rundll32|net|tasklist|type|systeminfo)"
    r"(?:\s|$|[;|&<>])"
)
_HEX_RE = re.compile(r"(?:[0-9A-Fa-f]{2})+")


def _hex(text: str) -> str | None:
    """auditd's hex form of a value that holds spaces or quotes; NULs separate argv."""
    if len(text) < 2 or not _HEX_RE.fullmatch(text):
        return None
    raw = bytes.fromhex(text).replace(b"\x00", b" ")
    return raw.decode("utf-8", "backslashreplace").strip()


def _unquote(value: str) -> str:
    return unquote_plus(value, errors="backslashreplace")


def _commands(text: str, out: _Found) -> None:
    for m in islice(_COMMAND_RE.finditer(text), MAX_MATCHES):
        value = m.group("c")
        if m.start() > 0 and text[m.start() - 1] == "[":  # pkexec "[COMMAND=/bin/sh]"
            value = value.partition("]")[0]
        else:  # sudo writes COMMAND last, but a repeated record may follow
            value = value.split(" ; ")[0]
        out.command(m.start("c"), value)
    for m in islice(_CRON_RE.finditer(text), MAX_MATCHES):
        value = m.group("c").rstrip()  # the command ends at the line's last ")"
        out.command(m.start("c"), value[:-1] if value.endswith(")") else value)
    for m in islice(_ARGC_RE.finditer(text), MAX_MATCHES):
        args: list[str] = []
        pos = m.end()
        while len(args) < 256 and (arg := _ARG_RE.match(text, pos)) is not None:
            pos = arg.end()
            if int(arg.group("i")) != len(args):
                break
            if arg.group("q") is not None:
                args.append(arg.group("q"))
            elif arg.group("h") is not None:
                args.append(_hex(arg.group("h")) or arg.group("h"))
            else:
                args.append("")
        if args:
            out.command(m.start(), " ".join(args))
    for m in islice(_PROCTITLE_RE.finditer(text), MAX_MATCHES):
        value = m.group("q") if m.group("q") is not None else _hex(m.group("h"))
        if value:
            out.command(m.start(), value)
    for rx in _QUERY_RES:
        for m in islice(rx.finditer(text), MAX_MATCHES):
            value = _unquote(m.group("v"))
            if _SHELL_WORD.match(value):
                out.command(m.start("v"), value)


# -------------------------------------------------------------------- ports

_PORT_RE = re.compile(r"ort (?<![\w][Pp]ort )(?<=[Pp]ort )(?P<p>[0-9]{1,5}+)(?![0-9])")  # sshd
_PORT_AFTER = re.compile(r"[:#](?P<p>[0-9]{1,5}+)(?![0-9.:])")  # 1.2.3.4:22, BIND 1.2.3.4#53


def _ports(text: str, ips: Iterable[_Ip], out: _Found) -> None:
    for m in islice(_PORT_RE.finditer(text), MAX_MATCHES):
        out.ports.append((m.start("p"), int(m.group("p"))))
    for ip in ips:
        end = ip.end + 1 if ip.v6 else ip.end
        if ip.v6 and text[ip.end:end] != "]":
            continue  # "2001:db8::1:22" is an address, not an address and a port
        after = _PORT_AFTER.match(text, end)
        if after is not None:
            out.ports.append((after.start("p"), int(after.group("p"))))


# ------------------------------------------------------------------ extract

def _ordered(found: Iterable[tuple[int, T]], keep: Callable[[T], bool] = bool) -> tuple[T, ...]:
    """Values by first position, repeats dropped, at most MAX_ITEMS.

    Each pattern contributes its first matches in order, so the union sorted
    by position gives the first appearances whichever pattern found them.
    """
    seen: dict[T, None] = {}
    for _pos, value in sorted(found, key=lambda item: item[0]):
        if value not in seen and keep(value):
            seen[value] = None
            if len(seen) == MAX_ITEMS:
                break
    return tuple(seen)


def extract(text: str) -> Facts:
    """The facts ``text`` states (the module docstring says what is guaranteed).

    A value inside a field the remote party wrote (an address, a port or a
    "user X" inside a user name, a path in sshd's quoted banner) is not a
    fact: it says only what the attacker typed.  The name that fills a user
    field whole is one.
    """
    t = _Text(text[:MAX_SCAN])
    ips = _scan_ips(t.text)
    fields = _fields(t.text, ips)
    out = _Found()
    _key_values(t, out)
    _users(t, out)
    _paths(t.text, out)
    _urls(t, out)
    _domains(t, out)
    _commands(t.text, out)
    _ports(t.text, ips, out)

    def real(found: Iterable[tuple[int, T]]) -> list[tuple[int, T]]:
        return [(pos, value) for pos, value in found if not _planted(fields, pos)]

    return Facts(
        ips=_ordered(real((ip.start, ip.found) for ip in ips)),
        users=_ordered((pos, user) for pos, user in out.users
                       if _named(fields, t.text, pos, user)),
        paths=_ordered(real(out.paths)),
        commands=_ordered(real(out.commands)),
        ports=_ordered(real(out.ports), lambda port: 0 <= port <= 65535),
        urls=_ordered(real(out.urls)),
        domains=_ordered(real(out.domains), lambda name: len(name) <= MAX_DOMAIN),
    )


def extract_all(texts: Iterable[str]) -> Facts:
    """The facts of several lines (an incident's evidence), earlier lines' first."""
    each = [extract(text) for text in texts]

    def merge(name: str) -> tuple[T, ...]:
        seen: dict[T, None] = {}
        for facts in each:
            for value in getattr(facts, name):
                if len(seen) < MAX_ITEMS:
                    seen.setdefault(value, None)
        return tuple(seen)

    return Facts(*(merge(f.name) for f in fields(Facts)))
