"""A GIFT file cut into questions, and GIFT text made plain, as Moodle's importer does.

Moodle reads a GIFT file one question at a time: questions are separated by
blank lines, and a line whose first non-blank characters are ``//`` is a
comment (a question's comment may carry ``[id:...]`` and ``[tag:...]``).
The grammar (gift_grammar.lark) then reads each block.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# What a backslash makes literal; \n is a line break, as in Moodle.
_ESCAPED = {"n": "\n", "\\": "\\", ":": ":", "#": "#", "=": "=", "{": "{", "}": "}", "~": "~"}
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f])+)\]")
_BREAK = re.compile(r"<br\s*/?>|</p\s*>|</li\s*>|</div\s*>", re.IGNORECASE)
_TAG_HTML = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class Block:
    """One question's lines: ``text`` has its comment lines blanked, so positions hold."""

    line: int  # the file line where ``text`` starts
    first_line: int  # the first line that is not a comment: where the question is
    text: str
    comments: str

    @property
    def idnumber(self) -> str | None:
        found = _ID.search(self.comments)
        return found.group(1).replace("\\]", "]").strip() if found else None

    @property
    def tags(self) -> list[str]:
        return [t.replace("\\]", "]").strip() for t in _TAG.findall(self.comments)]


def split_blocks(text: str) -> list[Block]:
    """The file's questions, in order; blocks of comments alone are dropped."""
    blocks: list[Block] = []
    lines: list[str] = []
    comments: list[str] = []
    start = first = 0
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        if not line.strip():
            if lines and first:
                blocks.append(Block(start, first, "\n".join(lines), "\n".join(comments)))
            lines, comments, first = [], [], 0
            continue
        if not lines:
            start = number
        if line.strip().startswith("//"):
            lines.append("")
            comments.append(line.strip())
        else:
            lines.append(line)
            first = first or number
    if lines and first:
        blocks.append(Block(start, first, "\n".join(lines), "\n".join(comments)))
    return blocks


def unescape(raw: str) -> str:
    """GIFT text as written (``\\=`` -> ``=``), trimmed; an unknown escape keeps its backslash."""
    return _ESCAPE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(0)), raw).strip()


def plain(raw: str) -> str:
    """Question or answer text as a card shows it: unescaped, without a ``[format]`` mark.

    ``[html]`` text loses its tags (line breaks kept) and has its entities decoded.
    """
    found = _FORMAT.match(raw)
    if found:
        raw = raw[found.end() :]
    text = unescape(raw)
    if found and found.group(1).lower() == "html":
        text = html.unescape(_TAG_HTML.sub("", _BREAK.sub("\n", text)))
        text = "\n".join(line.strip() for line in text.splitlines()).strip()
    return text
