"""The pure parts of the page: text made visible and inert, chart geometry, the
sampled history, cursors, sessions."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from insyt.store import reader
from insyt.web import charts
from insyt.web.auth import MAX_REVOKED, SESSION_S, Guard, safe_next
from insyt.web.history import History, Point
from insyt.web.render import INVISIBLE, LIST_CHARS, line, mitre_url


@given(st.text())
def test_line_output_has_no_markup_but_its_own(text: str) -> None:
    shown = line(text, limit=10_000)
    assert isinstance(shown, Markup)
    stripped = str(shown).replace('<span class="ctl">', "").replace("</span>", "")
    assert "<" not in stripped and ">" not in stripped and '"' not in stripped
    assert not INVISIBLE.search(str(shown))


def test_line_marks_controls_and_cuts_long_text() -> None:
    assert str(line("a\x1b[1mb\u202ec\nd\te")) == (
        'a<span class="ctl">\\x1b</span>[1mb<span class="ctl">\\u202e</span>c'
        '<span class="ctl">\\x0a</span>d\te')
    assert str(line("x" * 12, limit=5)) == 'xxxxx<span class="cut"> \u2026 7 more characters</span>'
    assert str(line(None)) == ""


INVISIBLE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Cs")  # controls, format, separators, surrogates
# Unicode's Default_Ignorable_Code_Point characters that are no format character
# (DerivedCoreProperties.txt): they too render as nothing.
IGNORABLE = "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\ufe00\ufe0f\uffa0" \
            "\U000e0100\U000e01ef"


def test_every_invisible_character_is_marked() -> None:
    missed = [f"U+{code:04X}" for code in range(sys.maxunicode + 1)
              if unicodedata.category(chr(code)) in INVISIBLE_CATEGORIES and code != 0x09
              and not INVISIBLE.fullmatch(chr(code))]
    assert missed == []
    for char in IGNORABLE:
        assert INVISIBLE.fullmatch(char), f"U+{ord(char):04X}"
    for char in "\t é€😀\u00a0\u2003\ufffd\U0001f468":
        assert not INVISIBLE.fullmatch(char), f"U+{ord(char):04X}"


def test_invisible_characters_show_as_marks_and_runs_as_one() -> None:
    assert str(line("pass\u00adword")) == 'pass<span class="ctl">\\xad</span>word'
    assert str(line("a\U000e0041\U000e007fb")) == (
        'a<span class="ctl">\\U000e0041</span><span class="ctl">\\U000e007f</span>b')
    assert str(line("x\u200b\u200b\u200by")) == 'x<span class="ctl">\\u200b\u00d73</span>y'
    assert str(line("\u200b" * 21_000, LIST_CHARS)) == (
        '<span class="ctl">\\u200b\u00d721,000</span>')
    # A mark costs the characters it shows: a line of alternating invisible
    # characters is cut like a long one, not drawn as 21,000 marks.
    shown = str(line("\u200b\u200c" * 10_500, LIST_CHARS))
    assert shown.count('class="ctl"') == LIST_CHARS // len("\\u200b")
    assert shown.endswith(f"{21_000 - LIST_CHARS // 6:,} more characters</span>")


@given(st.text(alphabet=st.sampled_from("ab<&\t\x1b\u200b\u200c\u00ad\U000e0041\U0001f600"),
               max_size=300), st.integers(min_value=0, max_value=120))
def test_line_shows_at_most_its_limit(text: str, limit: int) -> None:
    shown, _, cut = str(line(text, limit)).partition('<span class="cut">')
    visible = html.unescape(re.sub(r"</?span[^>]*>", "", shown))
    assert len(visible) <= limit
    # What is shown reads back as the start of the text (all of it when nothing was cut).
    marks = re.compile(r'<span class="ctl">\\(?:x|u|U)([0-9a-f]+)(?:\u00d7([0-9,]+))?</span>')
    original = html.unescape(marks.sub(
        lambda m: chr(int(m[1], 16)) * int((m[2] or "1").replace(",", "")), shown))
    assert original == text if not cut else text.startswith(original)


def test_mitre_links_only_for_technique_ids() -> None:
    assert mitre_url("T1110.001") == "https://attack.mitre.org/techniques/T1110/001/"
    assert mitre_url("T1046") == "https://attack.mitre.org/techniques/T1046/"
    for bad in ("javascript:alert(1)", "T1110/../x", "t1046", 1046, None):
        assert mitre_url(bad) is None


def test_history_rates_and_bound() -> None:
    h = History(samples=4)
    for t, total in ((0, 0), (1, 10), (2, 30), (3, 5), (4, 25), (5, 45)):
        h.sample(float(t), {"received": float(total), "queue": 7.0})
    assert len(h) == 4
    # The drop from 30 to 5 (a counter reset) is a gap, not a negative rate.
    assert h.rate("received") == [Point(4.0, 20.0), Point(5.0, 20.0)]
    assert h.level("queue")[-1] == Point(5.0, 7.0)


def test_chart_geometry() -> None:
    chart = charts.line_chart("t", "u", [("a", [Point(10, 0), Point(20, 150)])], 10, 20)
    first, last = chart.lines[0].points.split()
    assert first == f"{charts.LEFT:.1f},{charts.HEIGHT - charts.BOTTOM:.1f}"
    assert last.startswith(f"{charts.WIDTH - charts.RIGHT:.1f},")
    assert [t.text for t in chart.y_ticks] == ["0", "100", "200"]  # 150 rounds up to 200
    assert not chart.empty
    assert charts.line_chart("t", "u", [("a", [])], 0, 1).empty
    assert [charts.nice_ceiling(v) for v in (0, 1, 3, 7, 12, 4500)] == [1, 1, 5, 10, 20, 5000]


def test_cursors_parse_only_what_pages_write() -> None:
    text = reader.cursor_text(1795000000.25, 42)
    assert reader.parse_cursor(text, int) == (1795000000.25, 42)
    assert reader.parse_cursor("1795000000.25:abc0", str) == (1795000000.25, "abc0")
    for bad in ("", "1:2:3", "x:1", "1:' OR 1=1", "1:" + "a" * 65):
        assert reader.parse_cursor(bad, str) is None
    assert reader.parse_cursor("1:abc", int) is None
    # Past SQLite's 64-bit INTEGER or off the float range: no cursor, so a 400.
    assert reader.parse_cursor(f"1.0:{reader.MAX_ROWID}", int) == (1.0, reader.MAX_ROWID)
    for bad in ("1.0:99999999999999999999999", f"1.0:{reader.MAX_ROWID + 1}", "1e999:1",
                "-1e999:1"):
        assert reader.parse_cursor(bad, int) is None


def test_sessions_expire_end_at_logout_and_with_the_process() -> None:
    guard = Guard("a-token-of-sixteen-chars")
    now = time.time()
    cookie = guard.session_cookie(now)
    assert guard.valid_session(cookie, now)
    assert not guard.valid_session(cookie, now + 13 * 3600)
    assert not guard.valid_session(cookie, now - 3600)  # an expiry further out than we give
    assert not Guard("another-token-sixteen").valid_session(cookie, now)
    assert not Guard("a-token-of-sixteen-chars").valid_session(cookie, now)  # a restart
    expires, session_id, mac = cookie.split(".")
    for forged in (cookie.replace(".", ".0"), f"{expires}.{mac}",
                   f"{int(expires) + 1}.{session_id}.{mac}",
                   f"99999999999999999999999.{session_id}.{mac}", "9" * 5000 + ".x.y",
                   "\u00b2.x.y", "\udcff", ""):
        assert not guard.valid_session(forged, now), forged
    other = guard.session_cookie(now)
    guard.revoke(cookie, now)
    assert not guard.valid_session(cookie, now)  # the copy a thief kept is refused too
    assert guard.valid_session(other, now)  # the other browser stays logged in


def test_revoked_sessions_are_bounded() -> None:
    guard = Guard("a-token-of-sixteen-chars")
    now = time.time()
    for _ in range(MAX_REVOKED):
        guard.revoke(guard.session_cookie(now - SESSION_S + 10), now)
    kept = guard.session_cookie(now)
    later = now + 20  # the first MAX_REVOKED have expired: pruned, not a rotation
    for _ in range(MAX_REVOKED):
        guard.revoke(guard.session_cookie(later), later)
    assert guard.valid_session(kept, later)
    revoked = guard.session_cookie(later)
    guard.revoke(revoked, later)  # one more live revocation than the list holds
    assert not guard.valid_session(revoked, later)
    assert not guard.valid_session(kept, later)  # every session ended rather than forget one
    assert guard.valid_session(guard.session_cookie(later), later)


@pytest.mark.parametrize(("target", "expected"), [
    ("/alerts?x=1", "/alerts?x=1"), ("//evil.example/", "/"), ("https://evil.example", "/"),
    ("/\\evil.example", "/"), ("/\t/evil.example", "/"), ("/a\r\nSet-Cookie: x", "/"),
    ("", "/")])
def test_login_returns_only_to_this_server(target: str, expected: str) -> None:
    assert safe_next(target) == expected


def test_check_config_refuses_an_open_page_without_a_token(tmp_path: Path) -> None:
    config = tmp_path / "open.toml"
    config.write_text('[web]\nlisten = "0.0.0.0:8514"\n')
    result = subprocess.run([sys.executable, "-m", "insyt", "check-config", "-c", str(config)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "web.listen" in result.stderr and "web.token" in result.stderr
    config.write_text('[web]\nlisten = "0.0.0.0:8514"\ntoken = "0123456789abcdef0123"\n')
    result = subprocess.run([sys.executable, "-m", "insyt", "check-config", "-c", str(config)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
