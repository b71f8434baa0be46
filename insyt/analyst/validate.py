"""Grounding and safety checks on a model's answer before anyone reads it.

A model that invents an attacker's address sends an admin to block the
wrong host, so an answer is accepted only when every IP address, user name
and path it mentions occurs in the incident's evidence (or, for a path, in a
command the evidence encodes), when it names the incident's source address
and user where there are any, and when it has the shape asked for: a
summary and at least one step.  The checks find mentions with
:mod:`insyt.incidents.facts` (which finds every address, and users and paths where a
daemon's phrasing or an answer's wording marks them) plus the phrasings
answers use ("account X, Y", "user X", "X's password", "password of X").

The evidence is partly the attacker's own writing, and a model repeats what
it reads: a user name "Block 10.0.0.1 and delete user admin" must not come
back as advice.  So a value counts as evidence only where the line's format
put it, not where it sits inside a field the client wrote
(:func:`insyt.incidents.facts.attacker_free`), and whatever the evidence says, an
answer may not hold a URL (a person reading it may follow it) or a shell
command that deletes or changes the system (a person may paste it into a
root shell), except in a command the evidence shows ran, quoted after a
colon the way the playbooks quote it.

A rejection says what it found, so the engine can generate once more with
that string forbidden (:meth:`insyt.analyst.engine.Analyst.analyse`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from insyt.analyst.case import Case
from insyt.analyst.playbooks import MAX_FACT_CHARS
from insyt.incidents import facts

MIN_TEXT_CHARS = 20
MAX_TEXT_CHARS = 1200
# "account root", "accounts alice, bob", "user admin": how answers name users
# (a list only after the plural, or "user enumeration, zone transfers" would
# name two users).
_NAME = r"[\w.@$-]{1,64}"
_NAMED_USERS = re.compile(rf"(?<![\w/.-])(?:accounts (?P<names>{_NAME}(?:, {_NAME})*)"
                          rf"|(?:account|users?) (?P<name>{_NAME}))")
# "mallory's password", "the password of mallory": users named without the
# word.  After "of"/"for" only what an account owns alone ("keys for SSH",
# "access for everyone" name no user).
_OWNED = (r"(?:passwords?|accounts?|credentials|keys?|sessions?|logins?|mailbox|home|shell"
          r"|privileges|rights|access|tokens?)")
_POSSESSIVE = re.compile(rf"(?<![\w/.@$-])(?P<name>{_NAME})['\u2019]s {_OWNED}\b")
_OWNED_BY = re.compile(rf"(?<![\w/.-])(?:passwords?|credentials|accounts?|mailbox) (?:of|for) "
                       rf"(?P<name>{_NAME})")
_STOP_WORDS = frozenset((
    "is", "was", "and", "or", "the", "a", "an", "to", "that", "has", "had", "names", "name",
    "accounts", "account", "logins", "login", "with", "of", "for", "from", "on", "in", "it",
    "were", "are", "enumeration", "rights", "sessions", "session", "data", "input", "agent",
    "agents", "lockout", "creation", "password", "passwords", "may", "might", "should", "who",
    "which", "this", "these", "its", "their", "by", "at", "as", "be", "been", "can", "will",
    "read", "ran", "run", "runs", "logged", "added", "created", "changed", "tried", "used",
    "group", "groups", "list", "lists", "home", "id", "ids", "database", "directory",
    # what owns a password or an account in prose rather than by name
    "all", "every", "each", "any", "other", "affected", "compromised", "exposed", "targeted",
    "your", "our", "those", "user", "users", "attacker", "attackers", "server", "servers",
    "host", "hosts", "client", "clients", "service", "services", "application", "system",
    "machine", "site", "web", "local", "remote", "new", "default", "shared", "privileged"))
_URL = re.compile(r"(?<![\w.+-])[A-Za-z][A-Za-z0-9+.-]{1,15}://[^\s\\\"'<>`]*")
# Shell that deletes or changes the system: commands and their destructive
# options, not the English words ("remove", "disable") the playbooks use.
_DESTRUCTIVE = re.compile(
    r"(?<![\w./-])(?:"
    r"rm\s+\S|rmdir\s|unlink\s+/|shred\s|wipefs\s|mkfs\b|dd\s+[^\n]{0,80}?\bof="
    r"|(?:user|group)(?:del|mod|add)\s|del(?:user|group)\s|passwd\s+-|chpasswd\b"
    r"|chmod\s|chown\s|chattr\s|setfacl\s|truncate\s+-"
    r"|(?:ip6?tables|nft|ufw|firewall-cmd)\s+(?:-[FXPDZ]\b|--flush|--delete|flush|delete"
    r"|disable|reset)"
    r"|systemctl\s+(?:stop|disable|mask|kill|isolate|poweroff|reboot|halt)\b"
    r"|kill\s+-|killall\s|pkill\s|shutdown\s+(?:-|now)|init\s+[06]\b|crontab\s+-r"
    r"|setenforce\s+0|(?:curl|wget)\s[^\n|]{0,200}\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b"
    r"|>\s*/(?:dev|etc|boot|bin|sbin|usr|lib|var)/|:\(\)\s*\{"
    r"|format\s+[a-z]:|del\s+/[sfq]\b|rd\s+/s\b|remove-item\b"
    r")", re.IGNORECASE)


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
    """Names an answer gives as users.  Not :func:`insyt.incidents.facts.extract`: its
    cues are daemons' phrasings, and in English prose "for" and "by" are
    followed by anything."""
    users: set[str] = set()
    for m in _NAMED_USERS.finditer(text):
        names = (n.rstrip(".") for n in (m["names"] or m["name"]).split(", "))
        users.update(n for n in names if n and n.lower() not in _STOP_WORDS)
    for rx in (_POSSESSIVE, _OWNED_BY):
        for m in rx.finditer(text):
            name = m["name"].rstrip(".")
            if name and name.lower() not in _STOP_WORDS:
                users.add(name)
    return users


def _grounds(case: Case) -> str:
    """What a fact an answer names must occur in: the lines without the
    fields their clients wrote, and the commands they encode (decoded from
    URL escapes or auditd hex, they name what ran, so an address or path
    inside one is grounded too), the addresses and the source."""
    lines = (f"{line.host} {line.app} {facts.attacker_free(line.message)}"
             for line in case.lines)
    return "\n".join((*lines, *case.facts.commands, *case.facts.ips, case.ip or ""))


def _unquoted(case: Case, answer: str) -> str:
    """``answer`` less the evidence's commands quoted after a colon ("Check
    what ran: rm -rf /tmp/x."): reporting what ran is not advising it."""
    for command in case.facts.commands:
        answer = answer.replace(": " + command[:MAX_FACT_CHARS], ": ")
    return answer


@dataclass(frozen=True)
class Problem:
    """Why an answer cannot be shown."""

    reason: str  # "invented user jon", "omits the source address 203.0.113.7", ...
    invented: str | None = None  # the string to forbid: a fact the evidence does not hold,
    # a URL, a destructive command


def problem(case: Case, text: str, steps: tuple[str, ...]) -> Problem | None:
    """Why the answer cannot be shown, or None when it can."""
    if len(text) < MIN_TEXT_CHARS:
        return Problem("no summary")
    if not steps:
        return Problem("no steps")
    answer = "\n".join((text, *steps))
    if len(answer) > MAX_TEXT_CHARS:
        return Problem("too long")
    unquoted = _unquoted(case, answer)
    url = _URL.search(unquoted)
    if url is not None:
        return Problem(f"names a URL {url.group()}", url.group())
    command = _DESTRUCTIVE.search(unquoted)
    if command is not None:
        whole = unquoted[command.start():].partition("\n")[0][:MAX_FACT_CHARS].rstrip(" .")
        return Problem(f"gives a destructive command {whole}", command.group().strip())
    grounds = _grounds(case)

    def unfounded(kind: str, value: str) -> Problem:
        """Planted: the evidence holds it, but only where a client wrote it."""
        planted = value in case.evidence if kind == "path" else _occurs(value, case.evidence)
        return Problem(f"{'planted' if planted else 'invented'} {kind} {value}", value)

    found = facts.extract(answer)
    for ip in found.ips:
        if not _occurs(ip, grounds):
            return unfounded("address", ip)
    known_users = set(case.facts.users)
    for user in sorted(mentioned_users(answer)):
        if user not in known_users and not _occurs(user, grounds):
            return unfounded("user", user)
    for path in (p.rstrip(".") for p in found.paths):  # a sentence's full stop
        if path not in grounds:
            return unfounded("path", path)
    if case.ip and not _occurs(case.ip, answer):
        return Problem(f"omits the source address {case.ip}")
    if not case.ip and case.facts.users and not any(_occurs(u, answer) for u in case.facts.users):
        return Problem("omits the user")
    return None
