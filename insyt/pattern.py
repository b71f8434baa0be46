"""Suppression patterns: an admin's regular expressions, matched in linear time.

Python's ``re`` backtracks: ``(a+)+$`` searched in a line holding 26 letters
``a`` and a ``!`` tries some 2**26 paths, fourteen seconds of a core, and a
suppression pattern is searched in every detection an attacker can cause.
RE2 (the ``google-re2`` package) compiles a pattern to an automaton whose work
is one pass over the text whatever the pattern, and releases the GIL while it
runs.  The price is what only backtracking can do (backreferences,
lookaround, atomic groups, possessive repeats); such patterns are refused
with a message saying which construct and where, as are repeat counts past
RE2's 1,000 and braces that RE2 would silently read as literal text where
Python reads a repeat (``{,5}``, ``{4294967296}``).

Both the configuration check and the page's form use :func:`problem` /
:class:`Pattern`, so a pattern is refused the same way wherever it comes from;
this module imports nothing from the pipeline, so :mod:`insyt.config` can use it.
"""

from __future__ import annotations

import re
from typing import Any

import re2

MAX_PATTERN = 256  # characters of a suppression regex: a filter, not a program
PATTERN_SCAN = 4096  # characters of a message a suppression regex reads
# RE2's budget per pattern for the compiled program and its DFA cache: its own
# default, spelled out.  A pattern needing more is refused at compile time
# ("\pL{1000}"); with less, ordinary patterns already lose the DFA on
# PATTERN_SCAN characters and fall back to RE2's slower NFA.
MAX_MEM = 8 << 20
MAX_REPEAT = 1000  # RE2's limit on a repeat count, nested counts multiplied

_BRACES = re.compile(r"\{(\d*)(,?)(\d*)\}")  # Python's repeat syntax
_WHY = "RE2 matches in one pass, without backtracking"


class PatternError(ValueError):
    """A pattern refused, worded for the admin who wrote it."""


class Pattern:
    """A suppression pattern compiled by RE2, searched in the head of a message.

    Groups never capture: a suppression asks only whether the pattern occurs,
    and without groups RE2 answers from its DFA instead of running its NFA
    again to place them.
    """

    __slots__ = ("_regex", "text")

    def __init__(self, text: str) -> None:
        if len(text) > MAX_PATTERN:
            raise PatternError(f"longer than {MAX_PATTERN} characters")
        _check_braces(text)
        options = re2.Options()
        options.max_mem = MAX_MEM
        options.never_capture = True
        options.log_errors = False  # RE2 would write every refused pattern to stderr
        try:
            self._regex: Any = re2.compile(text, options)
        except re2.error as exc:
            raise PatternError(_explain(exc, text)) from None
        except UnicodeEncodeError:
            raise PatternError("not valid Unicode (a lone surrogate)") from None
        self.text = text

    def search(self, message: str) -> bool:
        """Whether the pattern occurs in the first :data:`PATTERN_SCAN` characters.

        Bytes go to RE2, encoded here: its wrapper would encode the whole
        message (and refuse a lone surrogate) to search the head of it.
        """
        head = message[:PATTERN_SCAN].encode("utf-8", "surrogatepass")
        return self._regex.search(head) is not None


def problem(text: str) -> str | None:
    """Why ``text`` is refused as a suppression pattern; None when it is fine."""
    try:
        Pattern(text)
    except PatternError as exc:
        return str(exc)
    return None


def _check_braces(text: str) -> None:
    """Refuse braces RE2 would read differently from Python.

    RE2 takes ``{,5}`` and counts too long to parse as literal text, where
    Python repeats (``{,5}`` is ``{0,5}``) or fails, so the admin would get
    a pattern that silently matches something else.  Braces in escapes
    (``\\x{41}``, ``\\p{Greek}``), in character classes and in ``\\Q...\\E``
    are not repeats and are skipped.
    """
    i, in_class = 0, False
    while i < len(text):
        c = text[i]
        if text.startswith("\\Q", i):
            end = text.find("\\E", i + 2)
            i = len(text) if end < 0 else end + 2
            continue
        if c == "\\":
            if text[i + 1:i + 3] in ("x{", "p{", "P{"):
                end = text.find("}", i)
                i = len(text) if end < 0 else end + 1
            else:
                i += 2
            continue
        if in_class:
            if text.startswith("[:", i):  # [[:alpha:]]
                end = text.find(":]", i + 2)
                i = len(text) if end < 0 else end + 2
                continue
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 1
            i += text[i:i + 1] == "^"
            i += text[i:i + 1] == "]"  # a "]" first in a class is itself
            continue
        elif c == "{" and (m := _BRACES.match(text, i)):
            low, comma, high = m.groups()
            if not low and (high or comma):
                raise PatternError(f"{m[0]}: RE2 reads it as literal text; write "
                                   f"{{0,{high}}} for a repeat, or \\{m[0]} for the text")
            if any(n and int(n) > MAX_REPEAT for n in (low, high)):
                raise PatternError(f"{m[0]}: a repeat count above {MAX_REPEAT} (RE2's limit)")
        i += 1


def _explain(exc: re2.error, text: str) -> str:
    """RE2's complaint, with the construct named where RE2 lacks one."""
    raw = exc.args[0] if exc.args else ""
    error = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)
    code, _, arg = error.partition(": ")
    constructs = (
        ("invalid escape sequence", ("\\1", "\\2", "\\3", "\\4", "\\5", "\\6", "\\7", "\\8",
                                     "\\9", "\\g", "\\k"), "a backreference"),
        ("invalid perl operator", ("(?=", "(?!"), "lookahead"),
        ("invalid perl operator", ("(?<=", "(?<!"), "lookbehind"),
        ("invalid perl operator", ("(?>",), "an atomic group"),
    )
    for known, prefixes, what in constructs:
        if code == known and arg.startswith(prefixes):
            return f'{what} "{arg}" is not supported: {_WHY}'
    if code == "invalid perl operator" and arg == "(?P" and "(?P=" in text:
        return f'a backreference "(?P=" is not supported: {_WHY}'
    if code == "bad repetition operator" and arg.endswith("+"):
        return f'a possessive repeat "{arg}" is not supported: {_WHY}'
    if code == "invalid escape sequence" and arg == "\\Z":
        return "\\Z is not supported: write \\z for the end of the text"
    if code == "invalid repetition size":
        return (f"{arg}: RE2 repeats at most {MAX_REPEAT} times in all (nested repeats "
                f"multiply) and never fewer than the minimum")
    if code.startswith("pattern too large"):
        return (f"the pattern compiles to more than RE2's {MAX_MEM >> 20} MiB: "
                f"fewer or shorter repeats")
    return f"invalid regular expression: {error}"
