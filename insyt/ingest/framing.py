"""Cutting a byte stream into frames, sans I/O: LF-framed lines for TCP and
files alike, and RFC 6587 octet counting for TCP.

:class:`LineSplitter` cuts LF-framed lines (RFC 6587 §3.4.2, non-transparent
framing, and every log file).  Fed bytes as they arrive, it yields whole
lines without their LF; empty lines are skipped and a CR before the LF is
kept (the parser's business).  A line never makes the buffer grow past
``max_frame``: a longer one yields its first ``max_frame`` bytes flagged
TRUNCATED, and its rest is discarded up to the next LF, after which the
stream is in step again.  It also keeps file offsets (``mark``, ``end``), so
a file follower can checkpoint exactly where its lines end.

:class:`Deframer` reads a syslog TCP stream.  The method is detected per
frame, as rsyslog and Vector do: a frame that starts with a digit 1-9
followed by more digits and a space is octet-counted (RFC 6587 §3.4.1,
``MSG-LEN SP SYSLOG-MSG``); anything else is a line, cut by the
:class:`LineSplitter` it holds.  So one connection may mix both, and a
sender that switches mid-stream is followed.  An oversize octet-counted
frame is cut the same way and its rest discarded by count.  The bytes thrown
away are tallied in :attr:`Deframer.discarded`, so a sender that announces a
huge octet count (``999999999 ...``) and streams on is visible, not silent.
"""

from __future__ import annotations

import re

from insyt.record import TRUNCATED

# RFC 6587 §3.4.1: MSG-LEN = NONZERO-DIGIT *DIGIT.  Nine digits cover any
# length a receiver could accept; more means the frame is not octet-counted.
MAX_LENGTH_DIGITS = 9
_NONZERO_DIGITS = b"123456789"
# An LF, then a byte that may begin an octet count: the lines around it
# cannot be taken as one run of LF frames.
_COUNTED_AFTER_LF = re.compile(rb"\n[1-9]")

Frame = tuple[bytes, int]  # (message bytes without their framing, flags)


class LineSplitter:
    """LF-framed lines, with the file offsets a checkpoint needs.

    ``mark`` is the offset before which every byte has been dealt with (a line
    returned, an empty line, skipped rest of a long line): what a checkpoint
    stores.  ``end`` is the offset of the next byte to feed.  After a cut
    ``mark`` points into the cut line, and ``resync`` starts a splitter there:
    the byte before ``offset`` is re-read, an LF meaning a line starts at
    ``offset``, anything else that we are inside a cut line.
    """

    def __init__(self, max_frame: int, offset: int = 0, *, resync: bool = False) -> None:
        self.max_frame = max_frame
        self.mark = offset
        self.end = offset
        # An incomplete last line waits in _partial.  It is re-read only when
        # new bytes can complete it (an LF arrived, or it grew past
        # max_frame), so a sender trickling one byte at a time costs linear,
        # not quadratic, work.
        self._partial = bytearray()
        self.skipping = False  # discarding the rest of an oversize line
        self.discarded = 0  # bytes of oversize lines thrown away
        if resync and offset > 0:
            self.end = offset - 1
            self.skipping = True

    @property
    def pending(self) -> int:
        """Bytes of an incomplete last line held back."""
        return len(self._partial)

    def feed(self, data: bytes) -> list[Frame]:
        base = self.end  # offset of buf[0]
        self.end += len(data)
        pos = 0
        if self._partial:
            if b"\n" not in data and len(self._partial) + len(data) <= self.max_frame:
                self._partial += data
                return []
            buf = bytes(self._partial) + data
            self._partial.clear()
            base = self.mark
        else:
            buf = data
            if self.skipping:
                pos = self.skip(buf, 0)
                if self.skipping:
                    return []
                self.mark = base + pos
        frames: list[Frame] = []
        end = len(buf)
        run_end = self.take_run(buf, pos, frames)
        if run_end > pos:
            pos = run_end
            self.mark = base + pos
        while pos < end:
            after = self.take(buf, pos, frames)
            if after is None:
                break  # the writer is mid-line
            pos = self.skip(buf, after)
            if self.skipping:
                self.mark = base + after  # inside the cut line: see resync
                return frames
            self.mark = base + pos
        if pos < end:
            self._partial += buf[pos:]
        return frames

    def flush(self) -> list[Frame]:
        """The stream is finished: its LF-less last line is a line after all."""
        if not self._partial:
            return []
        line = bytes(self._partial)
        self._partial.clear()
        self.mark += len(line)
        return [(line, 0)]

    def take_run(
        self, buf: bytes, pos: int, frames: list[Frame], unless: re.Pattern[bytes] | None = None
    ) -> int:
        """The usual read: append every whole line from ``pos`` at once, split
        in C (a third of the cost of :meth:`take` line by line), and return
        where they end.  Nothing is taken, and ``pos`` returned, when a line
        is too long or ``unless`` matches in them."""
        last = buf.rfind(b"\n")
        if last < pos or (unless is not None and unless.search(buf, pos, last)):
            return pos
        lines = buf[pos:last].split(b"\n")
        if max(map(len, lines)) > self.max_frame:
            return pos
        frames += [(line, 0) for line in lines if line]
        return last + 1

    def take(self, buf: bytes, pos: int, frames: list[Frame]) -> int | None:
        """Append the line at ``pos`` to ``frames`` and return where the next
        one starts, or None while the line is unfinished.  An oversize line is
        cut: the position returned is inside it, and :meth:`skip` must pass
        its rest."""
        max_frame = self.max_frame
        lf = buf.find(b"\n", pos, pos + max_frame + 1)
        if lf < 0:
            if len(buf) - pos <= max_frame:
                return None
            frames.append((buf[pos : pos + max_frame], TRUNCATED))
            self.skipping = True
            return pos + max_frame
        if lf > pos:
            frames.append((buf[pos:lf], 0))
        return lf + 1

    def skip(self, buf: bytes, pos: int) -> int:
        """Discard the rest of a cut line, counted in ``discarded``; return
        where the next line starts (``len(buf)`` while still inside it)."""
        if not self.skipping:
            return pos
        lf = buf.find(b"\n", pos)
        if lf < 0:
            self.discarded += len(buf) - pos
            return len(buf)
        self.skipping = False
        self.discarded += lf - pos
        return lf + 1


class Deframer:
    """RFC 6587 framing of one TCP connection, octet-counted or LF, per frame."""

    def __init__(self, max_frame: int) -> None:
        self.max_frame = max_frame
        # LF frames are cut by the line splitter, which also skips the rest
        # of an oversize one and counts every byte discarded.
        self._lines = LineSplitter(max_frame)
        # An incomplete frame of either kind waits in _partial, re-read only
        # when new bytes can complete it (_need reached, or an LF arrived).
        self._partial = bytearray()
        self._need = 0  # octet-counted partial: bytes needed before it can complete
        self._counted = False  # the partial frame is octet-counted
        self._skip = 0  # bytes of an oversize octet-counted frame still to discard

    @property
    def discarded(self) -> int:
        """Bytes of oversize frames thrown away; the reader resets it."""
        return self._lines.discarded

    @discarded.setter
    def discarded(self, value: int) -> None:
        self._lines.discarded = value

    @property
    def pending(self) -> bool:
        """Inside a frame: part of one is buffered, or the rest of an oversize
        one is still to be skipped."""
        return bool(self._partial or self._skip or self._lines.skipping)

    def feed(self, data: bytes) -> list[Frame]:
        if self._partial:
            self._partial += data
            if self._need:
                if len(self._partial) < self._need:
                    return []
            elif not self._counted and b"\n" not in data and len(self._partial) <= self.max_frame:
                return []
            buf = bytes(self._partial)
            self._partial.clear()
        else:
            buf = data
        frames: list[Frame] = []
        pos, end = self._discard(buf, 0), len(buf)
        lines = self._lines
        self._need, self._counted = 0, False
        if pos < end and buf[pos] not in _NONZERO_DIGITS:
            pos = lines.take_run(buf, pos, frames, _COUNTED_AFTER_LF)
        while pos < end:
            if buf[pos] in _NONZERO_DIGITS:
                counted = self._octet_counted(buf, pos, frames)
                if counted is None:  # need more bytes to decide or to finish
                    break
                if counted >= 0:
                    pos = self._discard(buf, counted)
                    continue
            line_end = lines.take(buf, pos, frames)
            if line_end is None:
                break  # the frame continues in a later read
            pos = lines.skip(buf, line_end) if lines.skipping else line_end
        if pos < end:
            self._partial += buf[pos:] if pos else buf
            self._need = self._need and self._need - pos
        return frames

    def close(self) -> list[Frame]:
        """End of stream: a last LF frame without its LF is complete; an
        octet-counted frame cut short is kept, flagged TRUNCATED."""
        rest = bytes(self._partial)
        self._partial.clear()
        if not rest:
            return []
        if self._counted:
            _length, _sp, message = rest.partition(b" ")
            return [(message[: self.max_frame], TRUNCATED)] if message else []
        return [(rest[: self.max_frame], 0)]

    def _octet_counted(self, buf: bytes, pos: int, frames: list[Frame]) -> int | None:
        """Handle an octet-counted frame at ``pos``: return the position after
        it, -1 when the bytes are not octet counting after all, or None when
        more data is needed (setting _need when the length is known)."""
        sp = buf.find(b" ", pos, pos + MAX_LENGTH_DIGITS + 1)
        if sp < 0:
            digits = buf[pos : pos + MAX_LENGTH_DIGITS + 1]
            if len(digits) <= MAX_LENGTH_DIGITS and digits.isdigit():
                self._counted = True
                return None
            return -1
        if not buf[pos:sp].isdigit():
            return -1
        length = int(buf[pos:sp])
        start = sp + 1
        available = len(buf) - start
        if available < min(length, self.max_frame):
            self._counted = True
            self._need = start + min(length, self.max_frame)
            return None
        if length <= self.max_frame:
            frames.append((buf[start : start + length], 0))
            return start + length
        frames.append((buf[start : start + self.max_frame], TRUNCATED))
        self._skip = length - self.max_frame
        return start + self.max_frame

    def _discard(self, buf: bytes, pos: int) -> int:
        """Skip what remains of an oversize frame; return the next frame's start."""
        if self._skip:
            step = min(self._skip, len(buf) - pos)
            self._skip -= step
            self._lines.discarded += step
            return pos + step
        return self._lines.skip(buf, pos)
