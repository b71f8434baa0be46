"""Grounding checks on a model's answer before anyone reads it.

A model that invents an attacker's address sends an admin to block the
wrong host, so an answer is accepted only when every IP address, user name
and path it mentions occurs in the incident's evidence (or, for a path, in a
command the evidence encodes), when it names the incident's source address
and user where there are any, and when it has the shape asked for: a
summary and at least one step.  The checks find mentions with
:mod:`insyt.facts` (which finds every address, and users and paths where a
daemon's phrasing or an answer's wording marks them) plus the phrasings our
answers use ("account X, Y", "user X").

A rejection says what it found invented, so the engine can generate once
more with that string forbidden (:meth:`insyt.analyst.engine.Analyst.analyse`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from insyt import facts
from insyt.analyst.case import Case

MIN_TEXT_CHARS = 20
MAX_TEXT_CHARS = 1200
# "account root", "accounts alice, bob", "user admin": how answers name users
# (a list only after the plural, or "user enumeration, zone transfers" would
# name two users).
_NAME = r"[\w.@$-]{1,64}"
_NAMED_USERS = re.compile(rf"(?<![\w/.-])(?:accounts (?P<names>{_NAME}(?:, {_NAME})*)"
                          rf"|(?:account|users?) (?P<name>{_NAME}))")
_STOP_WORDS = frozenset((
    "is", "was", "and", "or", "the", "a", "an", "to", "that", "has", "had", "names", "name",
    "accounts", "account", "logins", "login", "with", "of", "for", "from", "on", "in", "it",
    "were", "are", "enumeration", "rights", "sessions", "session", "data", "input", "agent",
    "agents", "lockout", "creation", "password", "passwords", "may", "might", "should", "who",
    "which", "this", "these", "its", "their", "by", "at", "as", "be", "been", "can", "will",
    "read", "ran", "run", "runs", "logged", "added", "created", "changed", "tried", "used",
    "group", "groups", "list", "lists", "home", "id", "ids", "database", "directory"))


def _occurs(value: str, evidence: str) -> bool:
    """``value`` appears in ``evidence`` as a whole token, not inside a longer
    one: 10.0.0.1 is not in 10.0.0.12, root is not in rootkit.  A colon may
    touch an IPv4 address (1.2.3.4:22), never an IPv6 one."""
    joins = "_." if "." in value and ":" not in value else "_.:"
    start = evidence.find(value)
    while start != -1:
        end = start + len(value)
        before = evidence[start - 1] if start else " "
        after = evidence[end] if end < len(evidence) else " "
        if not (before.isalnum() or before in joins) \
                and not (after.isalnum() or after in joins.replace(".", "")) \
                and not (after == "." and evidence[end + 1:end + 2].isalnum()):
            return True
        start = evidence.find(value, start + 1)
    return False


def mentioned_users(text: str) -> set[str]:
    """Names an answer gives as users.  Not :func:`insyt.facts.extract`: its
    cues are daemons' phrasings, and in English prose "for" and "by" are
    followed by anything."""
    users: set[str] = set()
    for m in _NAMED_USERS.finditer(text):
        names = (n.rstrip(".") for n in (m["names"] or m["name"]).split(", "))
        users.update(n for n in names if n and n.lower() not in _STOP_WORDS)
    return users


@dataclass(frozen=True)
class Problem:
    """Why an answer cannot be shown."""

    reason: str  # "invented user jon", "omits the source address 203.0.113.7", ...
    invented: str | None = None  # the address, user or path the evidence does not hold


def problem(case: Case, text: str, steps: tuple[str, ...]) -> Problem | None:
    """Why the answer cannot be shown, or None when it can."""
    if len(text) < MIN_TEXT_CHARS:
        return Problem("no summary")
    if not steps:
        return Problem("no steps")
    answer = "\n".join((text, *steps))
    if len(answer) > MAX_TEXT_CHARS:
        return Problem("too long")
    # Commands decoded from URL escapes or auditd hex name what ran, so an
    # address or path inside one is grounded too.
    evidence = case.evidence + "\n" + "\n".join(case.facts.commands)
    found = facts.extract(answer)
    for ip in found.ips:
        if not _occurs(ip, evidence):
            return Problem(f"invented address {ip}", ip)
    known_users = set(case.facts.users)
    for user in sorted(mentioned_users(answer)):
        if user not in known_users and not _occurs(user, evidence):
            return Problem(f"invented user {user}", user)
    for path in (p.rstrip(".") for p in found.paths):  # a sentence's full stop
        if path not in evidence:
            return Problem(f"invented path {path}", path)
    if case.ip and not _occurs(case.ip, answer):
        return Problem(f"omits the source address {case.ip}")
    if not case.ip and case.facts.users and not any(_occurs(u, answer) for u in case.facts.users):
        return Problem("omits the user")
    return None
