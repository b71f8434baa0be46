"""RFC 6587 framing and LF lines, fed the way a socket or a read delivers bytes: in
arbitrary pieces."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from insyt.ingest.framing import Deframer, LineSplitter
from insyt.record import TRUNCATED


def feed_all(deframer: Deframer, pieces: list[bytes]) -> list[tuple[bytes, int]]:
    frames = []
    for piece in pieces:
        frames += deframer.feed(piece)
    return frames + deframer.close()


def test_lf_and_octet_counted_frames_mix_per_frame() -> None:
    stream = b"<13>one\n10 <13>two\nxx<13>three\n5 four "
    frames = feed_all(Deframer(1024), [stream])
    assert frames == [(b"<13>one", 0), (b"<13>two\nxx", 0), (b"<13>three", 0), (b"four ", 0)]


def test_octet_count_allows_lf_inside_message() -> None:
    assert feed_all(Deframer(1024), [b"9 multi\nline"]) == [(b"multi\nlin", 0), (b"e", 0)]


def test_digits_not_followed_by_space_are_lf_framed() -> None:
    frames = feed_all(Deframer(1024), [b"2026-11-24 raw line\n12345678901 x\n"])
    assert frames == [(b"2026-11-24 raw line", 0), (b"12345678901 x", 0)]


def test_oversize_octet_frame_is_cut_and_stream_resyncs() -> None:
    payload = b"A" * 5000
    stream = b"5000 " + payload + b"4 next"
    frames = feed_all(Deframer(1000), [stream[i : i + 7] for i in range(0, len(stream), 7)])
    assert frames == [(b"A" * 1000, TRUNCATED), (b"next", 0)]


def test_oversize_lf_frame_is_cut_and_stream_resyncs() -> None:
    stream = b"<13>" + b"B" * 3000 + b"\n<13>after\n"
    frames = feed_all(Deframer(1000), [stream[:10], stream[10:2000], stream[2000:]])
    assert frames == [(b"<13>" + b"B" * 996, TRUNCATED), (b"<13>after", 0)]


def test_buffer_never_exceeds_max_frame() -> None:
    deframer = Deframer(1000)
    for _ in range(100):
        deframer.feed(b"C" * 999)
        assert len(deframer._partial) <= 1000 + 10


def test_discarded_bytes_are_tallied() -> None:
    deframer = Deframer(1000)
    assert not deframer.pending
    frames = deframer.feed(b"999999999 " + b"D" * 1500)  # a huge count, then more bytes
    assert frames == [(b"D" * 1000, TRUNCATED)]
    assert deframer.discarded == 500 and deframer.pending  # still inside the frame
    deframer.feed(b"E" * 700)
    assert deframer.discarded == 1200
    lf = Deframer(1000)
    assert lf.feed(b"F" * 1200) == [(b"F" * 1000, TRUNCATED)]
    assert lf.feed(b"G" * 50 + b"\n<13>next\n") == [(b"<13>next", 0)]
    assert lf.discarded == 250 and not lf.pending


def test_pending_while_a_frame_is_unfinished() -> None:
    deframer = Deframer(1000)
    deframer.feed(b"<13>half")
    assert deframer.pending
    deframer.feed(b" done\n")
    assert not deframer.pending


def test_octet_frame_cut_short_by_eof_is_flagged() -> None:
    assert feed_all(Deframer(1024), [b"100 only part"]) == [(b"only part", TRUNCATED)]


def test_blank_lines_are_not_messages() -> None:
    assert feed_all(Deframer(1024), [b"\n\n<13>x\r\n\n"]) == [(b"<13>x\r", 0)]


def test_slow_sender_one_byte_at_a_time() -> None:
    stream = b"<13>first\n11 <13>second!<13>third"
    frames = feed_all(Deframer(1024), [bytes([b]) for b in stream])
    assert frames == [(b"<13>first", 0), (b"<13>second!", 0), (b"<13>third", 0)]


# An LF-framed message that starts with "<digits> " reads as octet-counted:
# RFC 6587's own ambiguity, so such messages are left out here.
message = st.binary(min_size=1, max_size=300).filter(
    lambda m: b"\n" not in m and m[0] not in b"123456789")


@given(st.lists(message, max_size=20), st.lists(st.booleans(), max_size=20), st.data())
def test_any_split_gives_the_same_frames(
    messages: list[bytes], counted: list[bool], data: st.DataObject
) -> None:
    parts = []
    for i, m in enumerate(messages):
        use_count = counted[i] if i < len(counted) else False
        parts.append(b"%d %s" % (len(m), m) if use_count else m + b"\n")
    stream = b"".join(parts)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=10)))
    pieces = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    assert feed_all(Deframer(4096), pieces) == [(m, 0) for m in messages]


@given(st.lists(st.binary(max_size=600), max_size=30))
def test_arbitrary_bytes_never_raise_and_stay_bounded(pieces: list[bytes]) -> None:
    deframer = Deframer(500)
    for piece in pieces:
        for frame, _flags in deframer.feed(piece):
            assert len(frame) <= 500
        assert len(deframer._partial) <= 500 + 600
    for frame, _flags in deframer.close():
        assert len(frame) <= 500


# Lines for a stream both framers read as LF-framed (no "<digits> " at a line
# start), long enough to be cut, with CRs and blank lines.
_line = st.binary(max_size=40).filter(lambda m: b"\n" not in m and m[:1] not in (
    [bytes([d]) for d in b"123456789"]))


@given(st.lists(st.tuples(_line, st.booleans()), max_size=20), st.integers(1, 30),
       st.lists(st.integers(0, 1000), max_size=10))
def test_file_lines_and_tcp_lf_frames_are_the_same(
    lines: list[tuple[bytes, bool]], max_frame: int, cuts: list[int]
) -> None:
    """Files and TCP share one LF splitter: the same bytes give the same
    frames, cuts and discarded bytes, whatever the read boundaries."""
    stream = b"".join(line + (b"\r\n" if crlf else b"\n") for line, crlf in lines) + b"tail"
    cuts = sorted(c for c in cuts if c <= len(stream))
    pieces = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    deframer, splitter = Deframer(max_frame), LineSplitter(max_frame)
    tcp = feed_all(deframer, pieces)
    files = [frame for piece in pieces for frame in splitter.feed(piece)] + splitter.flush()
    assert files == tcp
    assert splitter.discarded == deframer.discarded


def test_oversize_line_is_cut_alike_for_files_and_tcp() -> None:
    stream = b"<13>" + b"H" * 30 + b"\r\n<13>ok\r\n"
    deframer, splitter = Deframer(10), LineSplitter(10)
    expected = [(b"<13>HHHHHH", TRUNCATED), (b"<13>ok\r", 0)]
    assert feed_all(deframer, [stream[:7], stream[7:]]) == expected
    assert splitter.feed(stream[:7]) + splitter.feed(stream[7:]) == expected
    assert deframer.discarded == splitter.discarded == 25
