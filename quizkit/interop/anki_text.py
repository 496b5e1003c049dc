"""Anki's "Notes in Plain Text" export: tab-separated fields under ``#key:value`` header lines.

Anki 2.1.55+ writes headers such as ``#separator:tab``, ``#html:true``,
``#guid column:1``, ``#notetype column:2``, ``#deck column:3`` and
``#tags column:6``; older exports have no header and are plain rows of
fields. Fields are quoted CSV-style when they hold the separator.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from quizkit.interop.anki_read import AnkiReadError

_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}


def read_text_export(path: Path) -> list[dict]:
    """The notes of a text export: dicts with fields, and guid, notetype, deck, tags where given."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise AnkiReadError(f"{path}: cannot read the file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise AnkiReadError(f"{path}: not an Anki text export (not UTF-8 text)") from None
    headers: dict[str, str] = {}
    lines = text.splitlines(keepends=True)
    body_start = 0
    for body_start, line in enumerate(lines):  # noqa: B007
        if not line.startswith("#") or ":" not in line:
            break
        key, _, value = line[1:].partition(":")
        headers[key.strip().lower()] = value.strip()
    else:
        body_start = len(lines)
    separator = _SEPARATORS.get(headers.get("separator", "tab").lower(), headers.get("separator"))
    if not separator or len(separator) != 1:
        raise AnkiReadError(f"{path}: unknown #separator {headers.get('separator')!r}")
    columns = {
        name: _column(headers, f"{name} column", path)
        for name in ("guid", "notetype", "deck", "tags")
    }
    notes = []
    reader = csv.reader(io.StringIO("".join(lines[body_start:])), delimiter=separator)
    for row in reader:
        if not row or not any(cell.strip() for cell in row):
            continue
        meta = {
            name: row[c] if c is not None and c < len(row) else None for name, c in columns.items()
        }
        taken = {c for c in columns.values() if c is not None}
        fields = [cell for i, cell in enumerate(row) if i not in taken]
        notes.append(
            {
                "line": reader.line_num + body_start,
                "fields": fields,
                "guid": meta["guid"],
                "notetype": meta["notetype"],
                "deck": meta["deck"],
                "tags": (meta["tags"] or "").split(),
                "html": headers.get("html", "false").lower() == "true",
            }
        )
    if not notes:
        raise AnkiReadError(f"{path}: no notes found: not an Anki text export")
    return notes


def _column(headers: dict[str, str], key: str, path: Path) -> int | None:
    if key not in headers:
        return None
    try:
        return int(headers[key]) - 1
    except ValueError:
        raise AnkiReadError(f"{path}: #{key} must be a column number") from None
