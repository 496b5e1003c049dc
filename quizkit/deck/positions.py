"""Where each key of a TOML document was written.

``tomllib`` gives values but no positions, and every error quizkit reports must
name a line. This scanner walks the text once and records the line and column
of every table header and key, keyed by the same path the parsed document uses
(``("cards", 3, "front")``). It understands headers, arrays of tables, dotted and
quoted keys, and skips multi-line strings and arrays; that covers how decks are
written, and a miss only makes a message point at the enclosing table instead.

Lines are counted as ``tomllib`` counts them: by ``"\\n"`` alone, so a value
holding another Unicode line break (U+2028, form feed...) does not shift them.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(#.*)?$")
_KEY = re.compile(
    r"""^(\s*)((?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
    r"""(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)\s*="""
)
_KEY_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'""")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")
# A ``[[cards]]`` header, as the full scanner reads one (see ``card_header_positions``).
_CARDS_HEADER = re.compile(
    r"""^[ \t]*\[\[[ \t]*(?:cards|"cards"|'cards')[ \t]*\]\][ \t]*(?:#[^\n]*)?\r?$""", re.MULTILINE
)


def _split_key(dotted: str) -> tuple[str, ...]:
    if _PLAIN_KEY.fullmatch(dotted):  # the common case: one bare key
        return (dotted,)
    return tuple(part[1:-1] if part[0] in "\"'" else part for part in _KEY_PART.findall(dotted))


def card_header_positions(text: str) -> list[tuple[int, int]]:
    """Line and column of every ``[[cards]]`` header, found by one regular-expression pass.

    Far cheaper than a full scan. A header-like line inside a multi-line string
    would be counted too, so callers compare the count with the number of cards
    the parser found and fall back to ``Positions`` when they differ.
    """
    found: list[tuple[int, int]] = []
    line, last = 1, 0
    for match in _CARDS_HEADER.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        header = match.group(0)
        found.append((line, len(header) - len(header.lstrip(" \t")) + 1))
    return found


class Positions:
    """Line and column (both 1-based) of the keys, values and tables in one TOML text."""

    def __init__(self, text: str) -> None:
        self._where: dict[Path, tuple[int, int]] = {}
        self._values: dict[Path, tuple[int, int]] = {}
        self._scan(text)

    def locate(self, path: Path) -> tuple[int, int]:
        """Where the value of key ``path`` starts; else the position of its nearest ancestor.

        A problem with a value points at the value, where the author has to
        change something; a missing key points at its table.
        """
        found = self._values.get(tuple(path))
        return found if found else self.locate_key(path)

    def locate_key(self, path: Path) -> tuple[int, int]:
        """The position of key (or table) ``path``, or of its nearest ancestor that was found."""
        for end in range(len(path), 0, -1):
            found = self._where.get(tuple(path[:end]))
            if found:
                return found
        return (1, 1)

    def _scan(self, text: str) -> None:
        where = self._where
        array_index: dict[Path, int] = {}
        table: Path = ()
        open_string: str | None = None
        bracket_depth = 0
        for lineno, line in enumerate(text.split("\n"), start=1):
            if open_string:
                if open_string in line and line.count(open_string) % 2 == 1:
                    open_string = None
                continue
            if bracket_depth > 0:
                bracket_depth += _bracket_balance(line)
                continue
            stripped = line.lstrip()
            if not stripped or stripped[0] == "#":
                continue
            if stripped[0] == "[":
                header = _HEADER.match(line)
                if header and header.group(1) == header.group(3)[::-1].replace("]", "["):
                    parts = _split_key(header.group(2))
                    resolved = self._resolve(parts[:-1], array_index)
                    if header.group(1) == "[[":
                        key = resolved + (parts[-1],)
                        index = array_index.get(key, -1) + 1
                        array_index[key] = index
                        table = key + (index,)
                        where.setdefault(key, (lineno, 1))
                    else:
                        table = resolved + (parts[-1],)
                    where[table] = (lineno, len(line) - len(stripped) + 1)
                continue
            key = _KEY.match(line)
            if key:
                name = table + _split_key(key.group(2))
                where[name] = (lineno, len(key.group(1)) + 1)
                value = line[key.end() :]
                self._values[name] = (lineno, key.end() + len(value) - len(value.lstrip()) + 1)
                if '"""' in value or "'''" in value:
                    for quote in ('"""', "'''"):
                        if value.count(quote) % 2 == 1:
                            open_string = quote
                            break
                if open_string is None and ("[" in value or "{" in value):
                    bracket_depth = max(0, _bracket_balance(value))

    def _resolve(self, parts: tuple[str, ...], array_index: dict[Path, int]) -> Path:
        """Map ``exams`` in ``[[exams.draw]]`` to ``("exams", <current index>)``."""
        path: Path = ()
        for part in parts:
            path = path + (part,)
            if path in array_index:
                path = path + (array_index[path],)
        return path


def _bracket_balance(text: str) -> int:
    """Open minus closed ``[``/``{`` outside strings, to skip multi-line values."""
    depth = 0
    quote: str | None = None
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
    return depth


_SYNTAX_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_END_OF_DOCUMENT = re.compile(r"\s*\(at end of document\)")

# tomllib's messages are terse; say what the author most likely has to change.
_SYNTAX_HINTS = (
    ("Invalid value", 'put text in quotes ("..."), and write numbers, true/false or [lists] bare'),
    ("Cannot overwrite a value", "this key is already set in this table: keep one of the two"),
    ("Cannot declare", "this table appears twice: merge the two, or use [[...]] for a list"),
    ("Unterminated string", "close the string with the quote it was opened with"),
    (
        "Illegal character '\\n'",
        (
            'a "..." string must end on its line: close the quote, or '
            'write text over several lines in """..."""'
        ),
    ),
    ("Expected '=' after a key", "write key = value; put text with spaces in quotes"),
    ("Invalid statement", "each line is key = value, a [table] header or a # comment"),
)


def syntax_error_position(error: Exception, text: str | None = None) -> tuple[int, int, str]:
    """Line, column and message (with a hint when one fits) of a ``tomllib.TOMLDecodeError``.

    ``tomllib`` reports an error at the very end as "at end of document"; given
    the ``text``, that becomes the position just after its last character.
    """
    message = str(error)
    found = _SYNTAX_POSITION.search(message)
    if found:
        line, col = int(found.group(1)), int(found.group(2))
        message = _SYNTAX_POSITION.sub("", message).strip()
    elif _END_OF_DOCUMENT.search(message) and text is not None:
        body = text.replace("\r\n", "\n").rstrip("\n")
        line = body.count("\n") + 1
        col = len(body) - (body.rfind("\n") + 1) + 1
        message = _END_OF_DOCUMENT.sub("", message).strip() + " at the end of the file"
    else:
        return 1, 1, message
    for start, hint in _SYNTAX_HINTS:
        if message.startswith(start):
            message = f"{message}: {hint}"
            break
    return line, col, message
