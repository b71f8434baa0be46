"""The surface of a rendered line, drawn before the event is known.

A :class:`Style` holds every choice a renderer makes that is not the event
itself: the product's name, the field-name dialect, field order, quoting,
timestamp shape, log level, severity, which wording and frame.  It is drawn
from the random stream alone, never from the event, so the same style draws
the same way for an attack and for a benign line, and an attack and its
benign twin rendered with one style differ only in what the event says.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from insyt.training.synth.events import FIELDS, KINDS, Event, present
from insyt.training.synth.vocab import MONTHS, hostname, word
from insyt.training.synth.wording import FRAMES, LEVELS, SEVERITY_WORDS, WORDING


def _n(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Field names as products spell them: one pool per meaning, one name drawn per style.
NAMES: dict[str, tuple[str, ...]] = {
    "src": _n("src src_ip srcip client client_ip remote_addr SourceAddress source_ip sip peer "
              "rhost ClientIP srcaddr source.ip c-ip from_ip remote_ip"),
    "sport": _n("spt src_port sport srcport SourcePort source_port client_port source.port rport"),
    "dst": _n("dst dst_ip dstip dest DestinationAddress server target_host dip dstaddr "
              "destination.ip dest_host server_name"),
    "dport": _n("dpt dst_port dport dstport DestinationPort service_port destination.port "
                "dest_port"),
    "proto": _n("proto protocol service transport app_proto network.protocol svc"),
    "user": _n("user username usr suser account login principal UserName user.name subject "
               "TargetUserName userid acct duser"),
    "actor": _n("actor initiator changed_by admin by SubjectUserName operator performed_by "
                "actor.name requested_by"),
    "rate": _n("rate pps rps req_per_sec rate_pps per_sec throughput"),
    "action": _n("action act result outcome disposition verdict event.outcome decision res "
                 "event_action"),
    "msg": _n("msg message reason description desc event event_name EventName activity details "
              "summary text"),
    "severity": _n("severity sev priority risk pri Severity risk_level sev_level"),
    "level": _n("level lvl loglevel log_level levelname"),
    "time": _n("time timestamp ts date @timestamp event_time datetime logtime eventtime"),
    "host": _n("devname device dvc node appliance sensor observer device_name reporter hostname"),
    "product": _n("product app application devtype logsource source service_name component "
                  "vendor_product"),
    "id": _n("event_id eventid id logid msgid EventID rule_id sid log_id type_id"),
}
# Meanings whose field name depends on the kind of event ("default" where none is given).
KIND_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "obj": {
        "membership": _n("group role target_group GroupName group.name grp role_name"),
        "elevation": _n("runas target_user as_user target run_as TargetAccount runas_user"),
        "file": _n("file path object filename FilePath target_file file.path obj ObjectName"),
        "filescan": _n("file path object filename FilePath scanned file.path item resource"),
        "web": _n("url uri request path request_uri cs-uri url.original req resource http.url"),
        "outbound": _n("url domain dest_url site fqdn request_url dst_domain url.full"),
        "dns": _n("query qname domain question dns.question.name name fqdn query_name"),
        "mail": _n("rcpt to recipient mailbox rcpt_to dest_addr envelope_to to_addr"),
        "lookup": _n("target object query filter name oid lookup request_target"),
        "default": _n("object target resource"),
    },
    "tool": {
        "web": _n("user_agent ua agent http_user_agent UserAgent useragent cs-user-agent "
                  "http.user_agent client_ua"),
        "filescan": _n("engine scanner module scan_type av_engine source_module"),
        "default": _n("process proc program image exe process_name ProcessName app_name tool "
                      "Image binary comm"),
    },
    "payload": {
        "web": _n("body post_data request_body data payload form args"),
        "default": _n("cmd command cmdline CommandLine args command_line process.command_line "
                      "exec"),
    },
    "method": {
        "web": _n("method request_method http_method verb cs-method http.method"),
        "dns": _n("qtype type query_type record_type rrtype dns.question.type"),
        "mail": _n("stage smtp_cmd phase smtp_stage cmd_stage"),
        "default": _n("op operation query_type request_type method opcode"),
    },
    "status": {
        "web": _n("status status_code http_status response_code sc-status code "
                  "http.response.status_code"),
        "dns": _n("rcode response_code dns_rcode answer_code reply"),
        "mail": _n("smtp_code reply dsn response smtp_status"),
        "default": _n("rc response return_code status reply_code"),
    },
    "signature": {
        "filescan": _n("virus threat threat_name malware signature detection infection "
                       "virus_name"),
        "connection": _n("rule policy rule_name policy_name PolicyName acl attack signature"),
        "web": _n("rule waf_rule attack_type signature violation rule_name matched_rule"),
        "traffic": _n("attack signature event_type anomaly profile attack_name dos_type"),
        "mail": _n("auth_result spf dmarc auth policy filter_result sender_auth"),
        "outbound": _n("category url_category cat_name webcat reputation url_cat"),
        "default": _n("signature detection threat rule alert_name threat_name"),
    },
    "count": {"default": _n("count cnt attempts hits events total num occurrences repeat_count")},
}
# Fields that may decide an event's label, so that every rendering must show them.
EVIDENCE: dict[str, tuple[str, ...]] = {
    "login": ("user",),
    "membership": ("user", "actor", "obj"),
    "elevation": ("user", "obj", "payload", "signature"),
    "file": ("user", "tool", "obj", "signature"),
    "process": ("user", "payload", "signature"),
    "connection": ("signature",),
    "web": ("obj", "tool", "payload", "signature"),
    "filescan": ("obj", "signature"),
    "outbound": ("obj", "signature"),
    "traffic": ("signature",),
    "dns": ("obj", "method", "signature"),
    "mail": ("user", "obj", "signature"),
    "lookup": ("method", "obj"),
}
# What decides an event of a kind, weightiest first: these lead a structured line.
LEADS: dict[str, tuple[str, ...]] = {
    "login": ("msg", "action", "user"),
    "membership": ("obj", "actor", "msg", "user"),
    "elevation": ("payload", "user", "msg", "signature"),
    "file": ("obj", "tool", "msg", "signature"),
    "process": ("payload", "msg", "signature"),
    "connection": ("msg", "signature", "action"),
    "web": ("obj", "payload", "signature", "msg"),
    "filescan": ("signature", "msg", "action", "obj"),
    "outbound": ("obj", "signature", "msg"),
    "traffic": ("msg", "signature", "action"),
    "dns": ("obj", "signature", "msg"),
    "mail": ("msg", "action", "obj", "signature"),
    "lookup": ("msg", "method", "obj", "action"),
}
# Fields that only give context: each style logs some of them.
CONTEXT = frozenset({"sport", "dport", "proto", "count", "rate", "dst"})
# Kinds whose fields alone say what happened (a request line, a query name).
SELF_EVIDENT = frozenset({"web", "dns"})
EXTRAS = ("time", "host", "product", "id", "severity", "level")

_VENDOR_TAILS = ("", "", "", " Networks", " Systems", " Security", " Labs", " Software",
                 " Technologies", " Inc.", " Cyber", " Data", " IO", " Corp")
_PRODUCT_TAILS = _n("Gate Guard Edge Shield Sentry Hub Core Portal Vault Watch Point Link Sense "
                    "Keeper Ops One Stack Cloud Suite Server Agent Manager Platform Appliance "
                    "Engine Center Control Monitor Bridge Works Flow Net")
_GENERIC_APPS = _n("api backend portal webapp gateway appsrv platform core svc daemon agent audit "
                   "events monitor controller worker app edge proxy collector appliance")

# Timestamp shapes: (format, may start a whole line without looking like a syslog header).
STAMPS = (
    (lambda t: f"{t:%Y-%m-%dT%H:%M:%S}.{t.microsecond // 1000:03d}{_offset(t)}", False),
    (lambda t: f"{t.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z", False),
    (lambda t: f"{t:%Y-%m-%d %H:%M:%S}", True),
    (lambda t: f"{t:%Y-%m-%d %H:%M:%S},{t.microsecond // 1000:03d}", True),
    (lambda t: str(int(t.timestamp())), True),
    (lambda t: str(int(t.timestamp() * 1000)), True),
    (lambda t: f"{t:%d}/{MONTHS[t.month - 1]}/{t:%Y:%H:%M:%S} {t:%z}", True),
    (lambda t: f"{t:%Y/%m/%d %H:%M:%S}", True),
    (lambda t: f"{MONTHS[t.month - 1]} {t:%d %Y %H:%M:%S}", False),
    (lambda t: f"{t:%d.%m.%Y %H:%M:%S}", True),
)
LINE_START_STAMPS = tuple(i for i, (_, safe) in enumerate(STAMPS) if safe)


def _offset(t: datetime) -> str:
    z = t.strftime("%z") or "+0000"
    return f"{z[:3]}:{z[3:]}"


@dataclass(frozen=True, slots=True)
class Style:
    """Everything about a line's surface that is not its event (see the module doc)."""

    fmt: str
    vendor: str
    product: str
    version: str
    app: str
    host: str
    names: Mapping[str, str]  # meaning (or "meaning:kind") -> field name
    rank: Mapping[str, float]  # meaning -> position among the fields
    extras: frozenset[str]
    dropped: frozenset[str]  # context meanings this product does not log
    msg_mode: str  # "phrase", "sentence" or "none": what the message field holds
    v_code: int
    v_phrase: int
    v_frame: int
    level: str
    severity: str
    stamp: int
    raw: bool
    pid: bool
    quote: str
    quote_all: bool
    sep: str
    nest: bool
    layout: int
    thread: str
    event_id: str

    def name(self, meaning: str, kind: str) -> str:
        return self.names.get(f"{meaning}:{kind}") or self.names[meaning]

    def when(self, t: datetime, *, line_start: bool = False) -> str:
        index = self.stamp
        if line_start and index not in LINE_START_STAMPS:
            index = LINE_START_STAMPS[index % len(LINE_START_STAMPS)]
        return str(STAMPS[index][0](t))


def product_names(rng: random.Random) -> tuple[str, str, str]:
    """An invented vendor, its product and the tag its logs carry."""
    head = word(rng, 1, 2).capitalize()  # short: invented names cost the classifier tokens
    vendor = head + rng.choice(_VENDOR_TAILS)
    product = rng.choice((head, word(rng, 1, 2).capitalize())) + rng.choice(_PRODUCT_TAILS)
    r = rng.random()
    if r < 0.3:
        app = product.lower()
    elif r < 0.5:
        app = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", product).lower()
    elif r < 0.65:
        app = f"{head.lower()[:4]}-{rng.choice(_GENERIC_APPS)}"
    elif r < 0.85:
        app = rng.choice(_GENERIC_APPS) + rng.choice(("", "", "d", "-svc", str(rng.randint(1, 9))))
    else:
        app = product
    return vendor, product, app


def draw(rng: random.Random, fmt: str, raw_share: float) -> Style:
    vendor, product, app = product_names(rng)
    names = {meaning: rng.choice(pool) for meaning, pool in NAMES.items()}
    for meaning, pools in KIND_NAMES.items():
        names[meaning] = rng.choice(pools["default"])
        for kind in KINDS:
            if kind in pools:
                names[f"{meaning}:{kind}"] = rng.choice(pools[kind])
    # What may decide a label comes before the context, mostly, as products tend to write
    # it: the classifier reads a line's first 44 tokens and its last 20 (modelinput.clip),
    # and a line whose evidence sits in the cut-out middle would teach it noise.  So the
    # kind's evidence leads, then the verdict words, then the rest; a user agent goes last
    # more often than not, as in access logs (scanners name themselves at its start,
    # which the last 20 tokens still hold).
    rank = {meaning: rng.uniform(0.3, 1.0) for meaning in FIELDS}
    rank.update(evidence=rng.uniform(-0.8, 0.3), action=rng.uniform(0.1, 0.7),
                msg=rng.uniform(0.1, 0.7), agent=rng.uniform(0.3, 1.5))
    rank.update({extra: rng.uniform(-0.6, 1.0) for extra in EXTRAS})
    extras = frozenset(e for e in EXTRAS if rng.random() < 0.25)
    # Context a product may not log at all; dropping it keeps lines within what the
    # classifier reads whole.  Sorted: a set's order varies from process to process.
    dropped = frozenset(m for m in sorted(CONTEXT) if rng.random() < 0.4)
    return Style(
        fmt=fmt, vendor=vendor, product=product,
        version=rng.choice((f"{rng.randint(1, 12)}.{rng.randint(0, 9)}",
                            f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}",
                            str(rng.randint(2015, 2026)))),
        app=app, host=hostname(rng), names=names, rank=rank, extras=extras, dropped=dropped,
        msg_mode=rng.choice(("phrase", "phrase", "sentence", "none")),
        v_code=rng.randrange(10**6), v_phrase=rng.randrange(10**6), v_frame=rng.randrange(10**6),
        level=rng.choice(LEVELS),
        severity=rng.choice((*SEVERITY_WORDS, *(str(n) for n in range(11)))),
        stamp=rng.randrange(len(STAMPS)), raw=rng.random() < raw_share, pid=rng.random() < 0.5,
        quote=rng.choice(('"', '"', "'", "")), quote_all=rng.random() < 0.4,
        sep=rng.choice((" ", " ", " ", ", ", "; ", "|", "\t")), nest=rng.random() < 0.5,
        layout=rng.randrange(60), thread=_thread(rng),
        event_id=rng.choice((str(rng.randint(1, 99999)), f"{rng.getrandbits(24):06x}",
                             f"EVT-{rng.randint(100, 9999)}")),
    )


def _thread(rng: random.Random) -> str:
    n = rng.randint(1, 64)
    return rng.choice((f"http-nio-8080-exec-{n}", "main", f"pool-{rng.randint(1, 9)}-thread-{n}",
                       f"worker-{n}", f"qtp{rng.randint(10**8, 10**9)}-{n}", f"scheduler-{n}",
                       f"grpc-default-executor-{n}", f"ForkJoinPool.commonPool-worker-{n}"))


# --- what an event says, in the style's words ---------------------------------------

_SLOT = re.compile(r"\{(\w+)\}")


def phrase(event: Event, style: Style) -> str:
    phrases = WORDING[event.outcome].phrases
    return phrases[style.v_phrase % len(phrases)]


def code(event: Event, style: Style) -> str:
    codes = WORDING[event.outcome].codes
    return codes[style.v_code % len(codes)]


def sentence(event: Event, style: Style) -> str:
    """The event as one sentence, in a frame that all its fields fill.

    Evidence the frame leaves out (a request body, a user agent) is appended
    as ``name=value``: a sentence must carry whatever may decide the label.
    """
    have = present(event)
    frames = [f for f in FRAMES[event.kind]
              if all(s in have or s in ("phrase", "Phrase") for s in _SLOT.findall(f))]
    frame = frames[style.v_frame % len(frames)]
    said = phrase(event, style)
    values = {name: str(getattr(event, name)) for name in have}
    values.update(phrase=said, Phrase=said[:1].upper() + said[1:])
    text = _SLOT.sub(lambda m: values[m.group(1)], frame)
    missing = [m for m in EVIDENCE[event.kind] if m in have and "{" + m + "}" not in frame]
    for meaning in missing:
        text += f" {style.name(meaning, event.kind)}={values[meaning]}"
    return text


def fields(event: Event, style: Style, when: datetime) -> list[tuple[str, str, str]]:
    """(meaning, field name, value) of the event in the style's dialect and order."""
    items = {name: str(getattr(event, name)) for name in present(event) - style.dropped}
    items["action"] = code(event, style)
    # Without a message, only web and DNS events (whose object decides) still say what
    # happened: a bare "action=denied" of a login would read as a plain firewall deny.
    mode = style.msg_mode if style.msg_mode != "none" or event.kind in SELF_EVIDENT else "phrase"
    if mode == "phrase":
        items["msg"] = phrase(event, style)
    elif mode == "sentence":
        items["msg"] = sentence(event, style)
    extra = {"time": style.when(when), "host": style.host, "product": style.product,
             "id": style.event_id, "severity": style.severity, "level": style.level.lower()}
    items.update({e: extra[e] for e in style.extras})
    out = []
    used: set[str] = set()
    leads = LEADS[event.kind]

    def position(meaning: str) -> float:
        if meaning == "tool" and event.kind == "web":
            return style.rank["agent"]
        if meaning in leads:  # all where the style puts evidence, the weightiest first
            return style.rank["evidence"] + leads.index(meaning) / 100
        return style.rank[meaning]

    for meaning in sorted(items, key=position):
        name = style.name(meaning, event.kind)
        while name in used:
            name = f"{name}_{meaning}"
        used.add(name)
        out.append((meaning, name, items[meaning]))
    return out
