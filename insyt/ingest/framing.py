"""RFC 6587 framing of a syslog TCP stream, sans I/O.

Fed bytes as they arrive, :class:`Deframer` yields whole frames.  The method
is detected per frame, as rsyslog and Vector do: a frame that starts with a
digit 1-9 followed by more digits and a space is octet-counted (RFC 6587
§3.4.1, ``MSG-LEN SP SYSLOG-MSG``); anything else runs to the next LF
(§3.4.2, non-transparent framing).  So one connection may mix both, and a
sender that switches mid-stream is followed.

Frames never make the buffer grow past ``max_frame``: a longer frame yields
its first ``max_frame`` bytes flagged TRUNCATED, and the rest of it is
discarded as it arrives (by count for octet-counted frames, up to the next
LF otherwise), after which the stream is in step again.  The bytes thrown
away are tallied in :attr:`Deframer.discarded`, so a sender that announces a
huge octet count (``999999999 ...``) and streams on is visible, not silent.
"""

from __future__ import annotations

from insyt.record import TRUNCATED

# RFC 6587 §3.4.1: MSG-LEN = NONZERO-DIGIT *DIGIT.  Nine digits cover any
# length a receiver could accept; more means the frame is not octet-counted.
MAX_LENGTH_DIGITS = 9
_NONZERO_DIGITS = b"123456789"

Frame = tuple[bytes, int]  # (message bytes, flags)


class Deframer:
    def __init__(self, max_frame: int) -> None:
        self.max_frame = max_frame
        # An incomplete frame waits in _partial.  It is re-read only when new
        # bytes can complete it (_need reached, or an LF arrived), so a sender
        # trickling one byte at a time costs linear, not quadratic, work.
        self._partial = bytearray()
        self._need = 0  # octet-counted partial: bytes needed before it can complete
        self._counted = False  # the partial frame is octet-counted
        self._skip = 0  # bytes of an oversize octet-counted frame still to discard
        self._skip_to_lf = False  # discarding the rest of an oversize LF frame
        self.discarded = 0  # bytes of oversize frames thrown away; the reader resets it

    @property
    def pending(self) -> bool:
        """Inside a frame: part of one is buffered, or the rest of an oversize
        one is still to be skipped."""
        return bool(self._partial or self._skip or self._skip_to_lf)

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
        max_frame = self.max_frame
        self._need, self._counted = 0, False
        while pos < end:
            if buf[pos] in _NONZERO_DIGITS:
                counted = self._octet_counted(buf, pos, frames)
                if counted is None:  # need more bytes to decide or to finish
                    break
                if counted >= 0:
                    pos = self._discard(buf, counted)
                    continue
            lf = buf.find(b"\n", pos, pos + max_frame + 1)
            if lf < 0:
                if end - pos <= max_frame:
                    break  # the frame continues in a later read
                frames.append((buf[pos : pos + max_frame], TRUNCATED))
                self._skip_to_lf = True
                pos = self._discard(buf, pos + max_frame)
                continue
            if lf > pos:
                frames.append((buf[pos:lf], 0))
            pos = lf + 1
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
            self.discarded += step
            return pos + step
        if self._skip_to_lf:
            lf = buf.find(b"\n", pos)
            if lf < 0:
                self.discarded += len(buf) - pos
                return len(buf)
            self._skip_to_lf = False
            self.discarded += lf - pos
            return lf + 1
        return pos
