"""Configuration: one TOML file validated into frozen, typed objects.

Every knob lives on a dataclass with a typed default (uvicorn's ``Config``
idea); nothing is read into module globals.  Validation is generic: the
dataclass field types say what a key may hold, and a field's ``check``
metadata adds the value rules.  Unknown keys and bad values raise
:class:`ConfigError` whose message names the key, e.g.
``syslog.tcp[1]: expected host:port, got 'localhost'``.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
import tomllib
import types
import typing
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from insyt import taxonomy
from insyt.pattern import problem as pattern_problem


class ConfigError(ValueError):
    """A configuration problem, worded for the admin who wrote the file."""


Check = Callable[[Any], str | None]  # returns an error text, or None when fine


def _check(check: Check, default: Any) -> Any:
    return field(default=default, metadata={"check": check})


def parse_hostport(text: str) -> tuple[str, int]:
    """Split ``host:port`` / ``[v6]:port``; raise ValueError with a reason."""
    host, sep, port = text.rpartition(":")
    if not sep or not host:
        raise ValueError(f"expected host:port, got {text!r}")
    if host.startswith("["):
        if not host.endswith("]"):
            raise ValueError(f"unbalanced brackets in {text!r}")
        host = host[1:-1]
        ipaddress.IPv6Address(host)  # raises ValueError naming the address
    elif ":" in host:
        raise ValueError(f"IPv6 addresses need brackets: [{host}]:{port}")
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"port must be 0-65535, got {port!r}")
    return host, int(port)


def _hostports(values: tuple[str, ...]) -> str | None:
    for i, value in enumerate(values):
        try:
            parse_hostport(value)
        except ValueError as exc:
            return f"[{i}]: {exc}"
    return None


def _hostport(value: str) -> str | None:
    try:
        parse_hostport(value)
    except ValueError as exc:
        return str(exc)
    return None


def _at_least(low: float) -> Check:
    return lambda v: None if v >= low else f"must be >= {low}, got {v}"


def _one_of(*allowed: str) -> Check:
    return lambda v: None if v in allowed else f"must be one of {', '.join(allowed)}; got {v!r}"


def _timezone(value: str) -> str | None:
    if value == "":
        return None
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {value!r}"
    return None


@dataclass(frozen=True)
class SyslogConfig:
    """Network syslog listeners (RFC 5426 UDP, RFC 6587 TCP)."""

    udp: tuple[str, ...] = _check(_hostports, ("127.0.0.1:5514",))
    tcp: tuple[str, ...] = _check(_hostports, ("127.0.0.1:5514",))
    # RFC 5425 §4.3.1 asks receivers to handle at least 2 KiB and recommends
    # 8 KiB; 64 KiB also covers a full UDP datagram (RFC 5426 §3.2).
    max_frame: int = _check(_at_least(480), 65536)
    max_connections: int = _check(_at_least(1), 1024)
    # Of those, one source (an address; an IPv6 /64) may hold this many, so a
    # flood from one host cannot take every slot.  A sender needs one per
    # forwarding action (rsyslog's omfwd, a syslog-ng destination); 32 leaves
    # room for a relay or a few hosts behind one NAT address.
    max_connections_per_source: int = _check(_at_least(1), 32)
    idle_timeout_s: float = _check(_at_least(1), 300.0)
    # A frame must be whole this long after its first byte, else a sender
    # trickling a byte at a time (slow loris) would reset idle_timeout_s for
    # ever.  Senders write a frame in one go; 64 KiB (max_frame) takes 8 s even
    # at 64 kbit/s.  30 s sits between Apache mod_reqtimeout's 20 s for a
    # request header and nginx's 60 s client_header_timeout.
    frame_timeout_s: float = _check(_at_least(1), 30.0)
    udp_rcvbuf: int = _check(_at_least(65536), 8 * 1024 * 1024)
    # Zone of timestamps that carry none (RFC 3164); "" is the machine's own.
    timezone: str = _check(_timezone, "")


@dataclass(frozen=True)
class JournaldConfig:
    """Reading the systemd journal (all of it, a directory, or given files)."""

    enabled: bool = False
    directory: str = ""
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilesConfig:
    """Log files to follow, as ``tail -F`` would, across rotation."""

    watch: tuple[str, ...] = ()
    poll_interval_s: float = _check(_at_least(0.05), 1.0)


@dataclass(frozen=True)
class StorageConfig:
    """The SQLite database and its single batching writer."""

    path: str = "var/insyt.db"
    batch_size: int = _check(_at_least(1), 5000)
    # Longest a line waits to be committed, hence to be classified: 20 ms
    # keeps the send -> alert p50 under 100 ms at 1,000 lines/s on two cores,
    # never-repeating lines included (bench/alerts.py).  Each commit is an fsync with "full": on a
    # spinning disk, 100 commits a fifth as often for ~80 ms more latency.
    batch_delay_ms: int = _check(_at_least(1), 20)
    # Records accepted but not yet committed; past it TCP pauses, UDP drops.
    queue_size: int = _check(_at_least(100), 50_000)
    # "full" fsyncs every commit (survives power loss); "normal" survives a
    # crash of the daemon but not of the machine.
    synchronous: str = _check(_one_of("full", "normal"), "full")
    retention_days: float = _check(_at_least(0), 30.0)  # 0: keep forever
    max_size_mb: int = _check(_at_least(0), 10240)  # 0: no size bound
    retention_interval_s: float = _check(_at_least(1), 60.0)


def is_loopback_host(host: str) -> bool:
    """Whether a listen host (or a Host header's host) names this machine only."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


MIN_TOKEN = 16  # characters: a token anyone on the network may guess at must be long


def _token(value: str) -> str | None:
    if value and len(value) < MIN_TOKEN:
        return f"must be at least {MIN_TOKEN} characters (e.g. from: openssl rand -hex 16)"
    return None


# RFC 1123 §2.1 host names: letters, digits and hyphens in dot-separated labels.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST_NAME = re.compile(rf"(?i){_LABEL}(?:\.{_LABEL})*\.?")


def _host_names(values: tuple[str, ...]) -> str | None:
    for i, value in enumerate(values):
        if not _HOST_NAME.fullmatch(value) or len(value) > 253:
            return f"[{i}]: expected a host name such as status.example.org, got {value!r}"
    return None


@dataclass(frozen=True)
class WebConfig:
    """The status page, status JSON and Prometheus metrics."""

    listen: str = _check(_hostport, "127.0.0.1:8514")
    token: str = _check(_token, "")  # "": no login, and then loopback only
    # Names the page answers to with a token, besides loopback, IP addresses,
    # this machine's name and the listen host: DNS rebinding sends any other.
    hosts: tuple[str, ...] = _check(_host_names, ())
    sample_interval_s: float = _check(_at_least(0.1), 5.0)  # the overview charts' resolution

    def __post_init__(self) -> None:
        host, _port = parse_hostport(self.listen)
        if not self.token and not is_loopback_host(host):
            raise ConfigError(f"web.listen: {self.listen} is reachable from other machines; "
                              f"set web.token to require a login, or listen on 127.0.0.1")


DEFAULT_PORTS = {"mqtt": 1883, "mqtts": 8883}  # IANA-registered MQTT ports


def check_url(value: str) -> str | None:
    """Config check (``insyt.config`` style): an error text, or None."""
    if value == "":
        return None
    try:
        parse_url(value)
    except ValueError as exc:
        return str(exc)
    return None


def _check_qos(value: int) -> str | None:
    return None if value in (0, 1) else f"must be 0 or 1, got {value}"  # QoS 2 buys nothing here


def _check_topic_level(value: str) -> str | None:
    """Topic parts may not hold MQTT wildcards or separators (MQTT 3.1.1 §4.7)."""
    bad = [c for c in ("+", "#", "\x00") if c in value]
    if bad:
        return f"may not contain {' '.join(repr(c) for c in bad)}"
    return None


def _check_prefix(value: str) -> str | None:
    if not value or value.startswith("/") or value.endswith("/"):
        return f"must be a non-empty topic without leading or trailing '/', got {value!r}"
    return _check_topic_level(value)


def _check_node(value: str) -> str | None:
    return f"may not contain '/', got {value!r}" if "/" in value else _check_topic_level(value)


@dataclass(frozen=True)
class MqttConfig:
    """``[mqtt]``: where alerts go.  An empty ``url`` turns MQTT off."""

    url: str = _check(check_url, "")  # mqtt://host[:port], mqtts://
    topic_prefix: str = _check(_check_prefix, "insyt")
    node: str = _check(_check_node, "")  # "": the hostname
    qos: int = _check(_check_qos, 1)
    client_id: str = ""  # "": insyt-<node>
    username: str = ""  # overrides a user in the url
    password: str = ""
    ca_file: str = ""  # mqtts: CA bundle; "": the system's CAs
    cert_file: str = ""  # mqtts: client certificate (PEM), for brokers that require one
    key_file: str = ""  # its key, when not inside cert_file
    keepalive_s: int = _check(_at_least(1), 30)
    reconnect_max_s: float = _check(_at_least(0.1), 60.0)


class Endpoint(NamedTuple):
    host: str
    port: int
    tls: bool
    username: str
    password: str


def parse_url(url: str) -> Endpoint:
    """``mqtt://[user[:password]@]host[:port]`` or ``mqtts://...``; ValueError
    says what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS:
        raise ValueError(f"expected mqtt:// or mqtts://, got {url!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"a broker url has no path, query or fragment: {url!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"bad port in {url!r}: {exc}") from None
    if not parts.hostname:
        raise ValueError(f"no broker host in {url!r}")
    return Endpoint(parts.hostname, port or DEFAULT_PORTS[parts.scheme], parts.scheme == "mqtts",
                    unquote(parts.username or ""), unquote(parts.password or ""))


def _between(low: float, high: float) -> Check:
    return lambda v: None if low <= v <= high else f"must be in [{low}, {high}], got {v}"


@dataclass(frozen=True)
class ClassifierConfig:
    """The line classifier: micro-batches of stored lines, verdicts written back."""

    enabled: bool = True
    model: str = ""  # a model directory; "": the one bundled with insyt
    threads: int = _check(_at_least(1), 2)  # onnxruntime intra-op threads
    batch_size: int = _check(_at_least(1), 256)  # lines fetched per round
    max_delay_ms: int = _check(_at_least(1), 5)  # longest a stored line waits for a round
    # The prototype's "logit filter": a non-benign verdict below it is
    # recorded but raises nothing.
    threshold: float = _check(_between(0, 1), 0.5)
    cache_size: int = _check(_at_least(0), 65536)


@dataclass(frozen=True)
class AnalystConfig:
    """``[analyst]``: one explanation per incident, off the ingest path.

    With ``model`` empty the analyst answers from its playbooks only; with a
    CTranslate2 model directory (``insyt model build-analyst``) the model
    answers and the playbook stands in whenever its answer is late or names
    an address, user or path the evidence does not hold.
    """

    enabled: bool = False
    model: str = ""
    max_queue: int = _check(_at_least(1), 100)  # incidents waiting; past it the least severe drop
    timeout_s: float = _check(_at_least(1), 20.0)  # per analysis; then the playbook answers
    # Prompt plus answer must stay within 512 tokens (insyt.analyst.prompt).
    max_new_tokens: int = _check(_between(16, 256), 160)
    threads: int = _check(_at_least(1), 1)  # CTranslate2 threads: leave a core to ingest


@dataclass(frozen=True)
class RuleConfig:
    """Overrides of one category's incident rule; 0 keeps the built-in value."""

    threshold: int = _check(_at_least(0), 0)
    window_s: float = _check(_at_least(0), 0.0)
    quiet_s: float = _check(_at_least(0), 0.0)
    min_confidence: float = _check(_between(0, 1), 0.0)

    def overrides(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if getattr(self, f.name)}


@dataclass(frozen=True)
class IncidentRulesConfig:
    """One table per attack category, so a misspelt category is an unknown key."""

    brute_force: RuleConfig = field(default_factory=RuleConfig)
    network_scan: RuleConfig = field(default_factory=RuleConfig)
    web_scan: RuleConfig = field(default_factory=RuleConfig)
    web_exploit: RuleConfig = field(default_factory=RuleConfig)
    webshell: RuleConfig = field(default_factory=RuleConfig)
    privilege_escalation: RuleConfig = field(default_factory=RuleConfig)
    credential_access: RuleConfig = field(default_factory=RuleConfig)
    dns_exfiltration: RuleConfig = field(default_factory=RuleConfig)
    malware_c2: RuleConfig = field(default_factory=RuleConfig)
    dos: RuleConfig = field(default_factory=RuleConfig)
    mail_abuse: RuleConfig = field(default_factory=RuleConfig)
    recon: RuleConfig = field(default_factory=RuleConfig)


@dataclass(frozen=True)
class IncidentsConfig:
    """Grouping detections into incidents (insyt.incidents.tracker)."""

    update_interval_s: float = _check(_at_least(1), 30.0)
    max_evidence: int = _check(_at_least(1), 20)
    max_keys: int = _check(_at_least(100), 100_000)
    max_open: int = _check(_at_least(10), 10_000)
    rules: IncidentRulesConfig = field(default_factory=IncidentRulesConfig)


def _networks(values: tuple[str, ...]) -> str | None:
    for i, value in enumerate(values):
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            return f"[{i}]: {exc}"
    return None


def _categories(values: tuple[str, ...]) -> str | None:
    for i, value in enumerate(values):
        if value not in taxonomy.BY_NAME:
            return f"[{i}]: unknown category {value!r} (known: {', '.join(taxonomy.NAMES)})"
    return None


def _iso_time(value: str) -> str | None:
    if value == "":
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return f"expected an ISO 8601 time such as 2027-01-31T00:00:00Z, got {value!r}"
    return None


@dataclass(frozen=True)
class SuppressConfig:
    """``[[suppress]]``: an allow rule; every field given must match."""

    id: str = ""  # "": config-<index>
    reason: str = ""
    networks: tuple[str, ...] = _check(_networks, ())
    hosts: tuple[str, ...] = ()
    apps: tuple[str, ...] = ()
    categories: tuple[str, ...] = _check(_categories, ())
    pattern: str = _check(pattern_problem, "")  # RE2 syntax (insyt.pattern)
    expires: str = _check(_iso_time, "")  # ISO 8601, UTC unless zoned; "": never


@dataclass(frozen=True)
class Config:
    syslog: SyslogConfig = field(default_factory=SyslogConfig)
    journald: JournaldConfig = field(default_factory=JournaldConfig)
    files: FilesConfig = field(default_factory=FilesConfig)
    storage: StorageConfig = field(default_factory=StorageConfig)
    web: WebConfig = field(default_factory=WebConfig)
    mqtt: MqttConfig = field(default_factory=MqttConfig)
    classifier: ClassifierConfig = field(default_factory=ClassifierConfig)
    analyst: AnalystConfig = field(default_factory=AnalystConfig)
    incidents: IncidentsConfig = field(default_factory=IncidentsConfig)
    suppress: tuple[SuppressConfig, ...] = ()
    log_level: str = _check(_one_of("debug", "info", "warning", "error"), "info")


def load(path: str | Path) -> Config:
    """Read and validate a TOML file; every failure is a :class:`ConfigError`."""
    try:
        with open(path, "rb") as fh:
            table = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    return from_dict(table)


def from_dict(table: dict[str, Any]) -> Config:
    return typing.cast(Config, _build(Config, table, ""))


def _build(cls: type, table: Any, where: str) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(f"{where or 'config'}: expected a table, got {_kind(table)}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in table:
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise ConfigError(f"unknown key {_join(where, key)!r} (known here: {known})")
    values: dict[str, Any] = {}
    for name, value in table.items():
        key = _join(where, name)
        typ = hints[name]
        if dataclasses.is_dataclass(typ):
            values[name] = _build(typing.cast(type, typ), value, key)
            continue
        converted = _convert(typ, value, key)
        check: Check | None = fields[name].metadata.get("check")
        problem = check(converted) if check else None
        if problem:
            sep = "" if problem.startswith("[") else ": "
            raise ConfigError(f"{key}{sep}{problem}")
        values[name] = converted
    return cls(**values)


def _convert(typ: Any, value: Any, key: str) -> Any:
    origin = typing.get_origin(typ)
    if origin is tuple:
        (item_type, _ellipsis) = typing.get_args(typ)
        if not isinstance(value, list):
            raise ConfigError(f"{key}: expected a list, got {_kind(value)}")
        if dataclasses.is_dataclass(item_type):  # an array of tables: [[suppress]]
            return tuple(_build(typing.cast(type, item_type), v, f"{key}[{i}]")
                         for i, v in enumerate(value))
        return tuple(_convert(item_type, v, f"{key}[{i}]") for i, v in enumerate(value))
    if origin is types.UnionType:
        raise AssertionError(f"unsupported config type {typ}")  # keep config types simple
    if typ is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if (typ is int and isinstance(value, bool)) or not isinstance(value, typ):
        raise ConfigError(f"{key}: expected {typ.__name__}, got {_kind(value)}")
    return value


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _kind(value: Any) -> str:
    names = {dict: "a table", list: "a list", str: "a string", bool: "a boolean"}
    return names.get(type(value), type(value).__name__) + f" ({value!r})"[:60]
