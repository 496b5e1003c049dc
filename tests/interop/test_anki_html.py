"""The quick conversion of simple field HTML gives exactly what the HTML parser gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit.interop.anki_html import _simple_to_text, _TextParser, _tidy, html_to_text

PIECES = [
    "<br>", "<br/>", "<br />", "<BR>", "<bR >", "</br>", "<br  >", "<b>", "</b>", "<I>", "</i>",
    "<span>", "</SPAN>", "<strong>", "<b >", "<b\u00a0>", "<div>", "</div>", "<li>", "<ul>",
    "<span style='x'>", "<script>", "</script>", "<", ">", "<b", "a", "b c", "Gluteus", "½",
    " ", "  ", "\t", "\n", "\r\n", "\f", "\v", "\xa0", "\u2028", "\x85", "[sound:x.mp3]",
]  # fmt: skip


def _parsed(field: str) -> str:
    parser = _TextParser()
    parser.feed(field)
    parser.close()
    return _tidy("".join(parser.parts))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_simple_html_converts_as_the_parser_does(field):
    quick = _simple_to_text(field)
    if quick is not None:
        assert quick == _parsed(field)
    if "<" in field and "[sound:" not in field:
        assert html_to_text(field)[0] == _parsed(field)


def test_breaks_and_bold_take_the_quick_way_and_other_tags_do_not():
    assert _simple_to_text("9<br>(<b>3</b>²)") == "9\n(3²)"
    assert _simple_to_text("<div>a</div>") is None
    assert _simple_to_text("<span class=x>a</span>") is None
