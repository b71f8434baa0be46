"""How bytes from any input become text, the same way for every input.

NUL becomes the four characters ``\\x00`` (SQLite TEXT and the tokenizer
both choke on NUL) and bytes that are not UTF-8 become ``\\xNN`` escapes,
each with its flag, so a line reads the same whichever input brought it and
the status page can say how many lines were mangled.
"""

from __future__ import annotations

from insyt.record import INVALID_UTF8, NUL_BYTES


def content_flags(data: bytes) -> int:
    """INVALID_UTF8 and NUL_BYTES, decided once for a line.

    Syslog fields are cut at ASCII delimiters, which never fall inside a
    UTF-8 sequence, so when the line decodes every field of it decodes.
    """
    flags = 0
    if not data.isascii():
        try:
            data.decode()
        except UnicodeDecodeError:
            flags = INVALID_UTF8
    if b"\x00" in data:
        flags |= NUL_BYTES
    return flags


def decode_text(data: bytes) -> tuple[str, int]:
    """The text of ``data`` and its content flags."""
    flags = content_flags(data)
    text = data.decode("utf-8", "backslashreplace") if flags & INVALID_UTF8 else data.decode()
    if flags & NUL_BYTES:
        text = text.replace("\x00", "\\x00")
    return text, flags
