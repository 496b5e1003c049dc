"""Anki field HTML to the plain text quizkit shows, with the media it references."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_BLOCKS = frozenset({"div", "p", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
_SKIP = frozenset({"script", "style"})
# The HTML most fields hold: line breaks and bare inline tags. Converted with
# regular expressions, a fifth of the parser's cost; tests check both agree.
_BR = re.compile(r"<(?:br|BR|Br|bR) ?/?>")
_INLINE = re.compile(r"</?(?:b|i|u|s|em|strong|sub|sup|span|font|small|big)>", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f]+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media: list[str] = []
        self._lists: list[list[int]] = []  # per open list: [counter] (-1: unordered)
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self._line_break()
            if tag in ("ul", "ol"):
                self._lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            self._line_break()
            if self._lists and self._lists[-1][0] >= 0:
                self._lists[-1][0] += 1
                self.parts.append(f"{self._lists[-1][0]}. ")
            else:
                self.parts.append("- ")
        elif tag in ("img", "audio", "video", "source", "object", "embed"):
            source = dict(attrs).get("src") or dict(attrs).get("data")
            if source:
                self.media.append(source)
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def _line_break(self) -> None:
        """A block starts or ends on its own line: one break, not one per tag."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._line_break()
            if tag in ("ul", "ol") and self._lists:
                self._lists.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            # Source whitespace renders as one space, as in a browser.
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def html_to_text(field: str) -> tuple[str, list[str]]:
    """(plain text, media file names) of one field's HTML.

    Entities are decoded, ``<br>`` and block ends become line breaks, list
    items become "- " or "1. " lines; images and ``[sound:...]`` references are
    dropped from the text and returned, in order, as media.
    """
    sounds = _SOUND.findall(field)
    field = _SOUND.sub("", field)
    if "<" not in field and "&" not in field:
        return _tidy(field), sounds
    if "&" not in field:
        simple = _simple_to_text(field)
        if simple is not None:
            return simple, sounds
    parser = _TextParser()
    parser.feed(field)
    parser.close()
    return _tidy("".join(parser.parts)), parser.media + sounds


def _simple_to_text(field: str) -> str | None:
    """What the parser makes of ``field`` when its only tags are breaks and bare inline tags;
    None for anything else."""
    lines = []
    for segment in _BR.split(field):
        segment = _INLINE.sub("", segment)
        if "<" in segment:
            return None
        # Source whitespace renders as one space, as the parser's data does.
        lines.append(_SPACE.sub(" ", segment))
    return _tidy("\n".join(lines))


def plain_to_text(field: str) -> tuple[str, list[str]]:
    """A field that is not HTML (a text export without ``#html:true``): only sounds are media."""
    sounds = _SOUND.findall(field)
    return _tidy(_SOUND.sub("", field).replace("\r\n", "\n")), sounds


def _tidy(text: str) -> str:
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in text.split("\n")]
    # No more than one empty line in a row, none at the ends.
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def text_to_html(text: str) -> str:
    """quizkit's plain text as an Anki field: escaped, line breaks as ``<br>``."""
    return html.escape(text, quote=False).replace("\n", "<br>")
