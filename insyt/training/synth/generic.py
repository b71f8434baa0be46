"""Benign lines in formats nobody listed.

The other families teach what attacks look like in formats we know.  This
one teaches the complement: a line of an unfamiliar shape, full of
identifiers, numbers, states and ordinary operational words ("error",
"failed", "denied", "timeout" included), is not an attack unless it carries
attack evidence.  Lines are composed at random from a prefix style (log4j,
Python logging, klog/glog, RAS, bracketed component, key=value, JSON, pipe
separated), a subject (CamelCase classes, dotted modules, component names)
and a message built from operational phrases with random slots, so no single
template can be memorised.
"""

from __future__ import annotations

import json

from insyt.training.synth.core import BENIGN, Ctx, Emitter, raw_emitter

FAMILY = "generic"

_NOUNS = (
    "block",
    "segment",
    "task",
    "job",
    "worker",
    "shard",
    "replica",
    "partition",
    "lease",
    "session",
    "container",
    "volume",
    "snapshot",
    "request",
    "batch",
    "queue",
    "channel",
    "stream",
    "node",
    "region",
    "instance",
    "pool",
    "buffer",
    "cache",
    "index",
    "tenant",
    "pipeline",
    "stage",
    "executor",
    "heartbeat",
    "checkpoint",
    "compaction",
    "manifest",
    "sensor",
    "fan",
    "link",
    "port",
    "interrupt",
    "socket",
    "descriptor",
    "thread",
    "handler",
    "metric",
    "probe",
    "schedule",
    "deployment",
    "pod",
    "image",
    "artifact",
    "topic",
    "offset",
)
_VERBS = (
    "started",
    "finished",
    "completed",
    "scheduled",
    "allocated",
    "released",
    "registered",
    "deregistered",
    "committed",
    "flushed",
    "rotated",
    "rebalanced",
    "replicated",
    "evicted",
    "expired",
    "renewed",
    "retrying",
    "restarted",
    "terminating",
    "terminated",
    "recovered",
    "synchronized",
    "updated",
    "loaded",
    "saved",
    "skipped",
    "throttled",
    "resumed",
    "paused",
    "acquired",
    "opened",
    "closed",
    "connected",
    "disconnected",
    "received",
    "sent",
    "spawned",
    "destroyed",
    "reset",
    "failed",
    "timed out",
    "rejected",
    "denied",
    "unavailable",
)
_STATES = (
    "OK",
    "RUNNING",
    "PENDING",
    "DEGRADED",
    "READY",
    "IDLE",
    "ACTIVE",
    "STANDBY",
    "FAILED",
    "SUCCEEDED",
    "KILLED",
    "UNKNOWN",
    "healthy",
    "unhealthy",
    "up",
    "down",
)
_LEVELS = ("INFO", "INFO", "INFO", "DEBUG", "WARN", "WARNING", "ERROR", "NOTICE", "TRACE", "FATAL")
_PARTS = (
    "core",
    "io",
    "net",
    "storage",
    "sched",
    "mgmt",
    "rpc",
    "fs",
    "util",
    "exec",
    "metrics",
    "cluster",
    "config",
    "auth",
    "api",
    "ui",
    "db",
    "mq",
    "cache",
    "raft",
)
_CAMEL = (
    "Manager",
    "Service",
    "Handler",
    "Listener",
    "Worker",
    "Scheduler",
    "Allocator",
    "Monitor",
    "Controller",
    "Resolver",
    "Client",
    "Server",
    "Responder",
    "Reporter",
    "Tracker",
    "Coordinator",
    "Dispatcher",
    "Provider",
    "Factory",
    "Executor",
)
_PHRASES = (
    "{noun} {id} {verb}",
    "{noun} {id} {verb} after {ms} ms",
    "{verb} {noun} {id} on {host} ({n} of {m})",
    "{noun} {id} state changed from {state} to {state2}",
    "{n} {noun}s {verb} in {ms}ms",
    "{noun} {id} {verb}: {reason}",
    "{noun}={id} status={state} elapsed={ms}ms",
    "Took {sec} seconds to {verb2} the {noun}",
    "{noun} {id} of size {bytes} from {host}",
    "{verb} {noun} {id}, retry {n}/{m}",
    "{noun} usage {pct}% ({bytes} bytes), threshold {pct2}%",
    "temperature {n}C {state} on {noun} {id}",
    "{n} {noun} errors remain current on {noun2} {id}",
    "GET /api/v{n}/{noun}s/{id} {status} {ms}ms",
    "POST /{noun}s/{id}/{noun2}s HTTP/1.1 {status} len={bytes} time={sec}",
    "{noun} {id}: {reason}; will retry in {sec}s",
    "Exception in {noun} {id}: {exc}: {reason}",
    "{noun} {id} denied by policy {noun2}-{n} (quota {m})",
    "{verb} {noun} {id} for user {user} in {ms}ms",
    "checksum mismatch on {noun} {id}, refetching from {host}",
)
_REASONS = (
    "connection reset by peer",
    "no route to host",
    "operation timed out",
    "resource busy",
    "permission denied",
    "file not found",
    "quota exceeded",
    "disk full",
    "broken pipe",
    "invalid argument",
    "stale handle",
    "address already in use",
    "too many open files",
    "service unavailable",
    "deadline exceeded",
    "not leader",
    "version conflict",
    "out of memory",
    "interrupted",
    "checksum error",
    "read-only file system",
)
_EXCEPTIONS = (
    "java.io.IOException",
    "java.net.SocketTimeoutException",
    "TimeoutError",
    "ConnectionRefusedError",
    "java.lang.IllegalStateException",
    "KeyError",
    "org.apache.zookeeper.KeeperException",
    "grpc.RpcError",
    "ValueError",
)


def _slots(c: Ctx) -> dict[str, str]:
    r = c.rng
    return {
        "noun": c.pick(_NOUNS),
        "noun2": c.pick(_NOUNS),
        "verb": c.pick(_VERBS),
        "verb2": c.pick(("spawn", "build", "sync", "load", "flush", "migrate", "rebuild")),
        "state": c.pick(_STATES),
        "state2": c.pick(_STATES),
        "id": c.pick(
            (
                f"{r.randrange(10**6)}",
                f"{r.getrandbits(32):08x}",
                f"{c.pick(_NOUNS)}_{r.randrange(10**4)}",
                f"blk_{r.getrandbits(62)}",
                f"{c.pick(_NOUNS)}-{r.randrange(100)}-{r.getrandbits(16):04x}",
            )
        ),
        "n": str(r.randrange(1, 200)),
        "m": str(r.randrange(200, 5000)),
        "ms": str(r.randrange(1, 90000)),
        "sec": f"{r.uniform(0, 120):.2f}",
        "bytes": str(r.randrange(10**9)),
        "pct": str(r.randrange(100)),
        "pct2": str(r.randrange(50, 100)),
        "status": c.pick(("200", "201", "204", "304", "404")),
        "host": c.pick(
            (
                f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(256)}",
                f"node{r.randrange(500)}",
                f"{c.pick(_PARTS)}-{r.randrange(40)}.internal",
                f"/10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(256)}:"
                f"{r.randrange(1024, 65535)}",
            )
        ),
        "reason": c.pick(_REASONS),
        "exc": c.pick(_EXCEPTIONS),
        "user": c.pick(("svc_batch", "etl", "hadoop", "spark", "alice", "build", "deploy")),
    }


def _message(c: Ctx) -> str:
    return c.pick(_PHRASES).format(**_slots(c))


def _subject(c: Ctx) -> str:
    r = c.rng
    return c.pick(
        (
            f"{c.pick(('org', 'com', 'io'))}.{c.pick(('acme', 'corp', 'apache', 'example'))}."
            f"{c.pick(_PARTS)}.{c.pick(_NOUNS).capitalize()}{c.pick(_CAMEL)}",
            f"{c.pick(_PARTS)}.{c.pick(_PARTS)}",
            f"{c.pick(_NOUNS).capitalize()}{c.pick(_CAMEL)}",
            f"{c.pick(_PARTS)}-{c.pick(_NOUNS)}[{r.randrange(1, 64)}]",
        )
    )


def _line(c: Ctx) -> str:
    r = c.rng
    when = c.when
    level = c.pick(_LEVELS)
    message = _message(c)
    style = r.randrange(9)
    if style == 0:  # log4j
        return (
            f"{when:%Y-%m-%d %H:%M:%S},{r.randrange(1000):03d} {level} "
            f"[{c.pick(_NOUNS)}-{r.randrange(32)}] {_subject(c)}: {message}"
        )
    if style == 1:  # Python logging
        return (
            f"{when:%Y-%m-%d %H:%M:%S},{r.randrange(1000):03d} - {_subject(c)} - {level} - "
            f"{message}"
        )
    if style == 2:  # klog / glog
        return (
            f"{level[0]}{when:%m%d %H:%M:%S}.{r.randrange(10**6):06d} {r.randrange(1, 99999)} "
            f"{c.pick(_NOUNS)}.go:{r.randrange(1, 900)}] {message}"
        )
    if style == 3:  # RAS / HPC
        return (
            f"{r.randrange(10**9)} {when:%Y.%m.%d} R{r.randrange(80):02d}-M{r.randrange(2)}-"
            f"N{r.randrange(16)} RAS {c.pick(('KERNEL', 'APP', 'MMCS', 'LINKCARD'))} {level} "
            f"{message}"
        )
    if style == 4:  # bracketed component
        return f"[{when:%d/%m/%Y %H:%M:%S}] [{c.pick(_PARTS)}] [{level.lower()}] {message}"
    if style == 5:  # key=value
        return (
            f'time="{when:%Y-%m-%dT%H:%M:%S}Z" level={level.lower()} '
            f'component={c.pick(_PARTS)} msg="{message}"'
        )
    if style == 6:  # JSON
        return json.dumps(
            {
                "ts": f"{when:%Y-%m-%dT%H:%M:%S}Z",
                "level": level.lower(),
                "logger": _subject(c),
                "msg": message,
            }
        )
    if style == 7:  # pipe separated
        return (
            f"{when:%Y%m%d-%H:%M:%S}:{r.randrange(1000)}|{_subject(c)}|{r.randrange(10**8)}|"
            f"{message}"
        )
    return f"{when:%b %d %H:%M:%S} {_subject(c)} {level}: {message}"  # plain


EMITTERS: tuple[Emitter, ...] = (
    raw_emitter(FAMILY, BENIGN, "benign:generic", "generic", _line, weight=8.0, count=(1, 4)),
)
