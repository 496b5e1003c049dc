"""Where each key of a TOML document was written.

``tomllib`` gives values but no positions, and every error quizkit reports must
name a line. This scanner walks the text once and records the line and column
of every table header and key, keyed by the same path the parsed document uses
(``("cards", 3, "front")``). It understands headers, arrays of tables, dotted and
quoted keys, and skips multi-line strings and arrays; that covers how decks are
written, and a miss only makes a message point at the enclosing table instead.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(#.*)?$")
_KEY = re.compile(r"""^(\s*)((?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)\s*=""")
_KEY_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'""")


def _split_key(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in _KEY_PART.findall(dotted)]


class Positions:
    """Line and column (both 1-based) of the keys and tables in one TOML text."""

    def __init__(self, text: str) -> None:
        self._where: dict[Path, tuple[int, int]] = {}
        self._scan(text)

    def locate(self, path: Path) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that was found."""
        for end in range(len(path), 0, -1):
            found = self._where.get(tuple(path[:end]))
            if found:
                return found
        return (1, 1)

    def _scan(self, text: str) -> None:
        array_index: dict[Path, int] = {}
        table: Path = ()
        open_string: str | None = None
        bracket_depth = 0
        for lineno, line in enumerate(text.splitlines(), start=1):
            if open_string:
                if line.count(open_string) % 2 == 1:
                    open_string = None
                continue
            if bracket_depth > 0:
                bracket_depth += _bracket_balance(line)
                continue
            header = _HEADER.match(line)
            if header and header.group(1) == header.group(3)[::-1].replace("]", "["):
                parts = _split_key(header.group(2))
                resolved = self._resolve(parts[:-1], array_index)
                if header.group(1) == "[[":
                    key = resolved + (parts[-1],)
                    index = array_index.get(key, -1) + 1
                    array_index[key] = index
                    table = key + (index,)
                    self._where.setdefault(key, (lineno, 1))
                else:
                    table = resolved + (parts[-1],)
                self._where[table] = (lineno, 1)
                continue
            key = _KEY.match(line)
            if key:
                path = table + tuple(_split_key(key.group(2)))
                self._where[path] = (lineno, len(key.group(1)) + 1)
                value = line[key.end():]
                for quote in ('"""', "'''"):
                    if value.count(quote) % 2 == 1:
                        open_string = quote
                        break
                else:
                    bracket_depth = max(0, _bracket_balance(value))

    def _resolve(self, parts: list[str], array_index: dict[Path, int]) -> Path:
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


def syntax_error_position(error: Exception) -> tuple[int, int, str]:
    """Line, column and bare message of a ``tomllib.TOMLDecodeError``."""
    text = str(error)
    found = _SYNTAX_POSITION.search(text)
    if not found:
        return 1, 1, text
    return int(found.group(1)), int(found.group(2)), _SYNTAX_POSITION.sub("", text).strip()
