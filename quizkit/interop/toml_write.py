"""Writing a deck file that ``quizkit lint`` accepts, from note entries."""

from __future__ import annotations

import json
from pathlib import Path

import tomlkit

from quizkit.deck.loader import parse_deck
from quizkit.deck.model import Deck
from quizkit.deck.problems import DeckError


def render_deck(head: dict, topics: list[dict], notes: list[dict]) -> str:
    """The deck file's text: ``format``, ``[deck]``, ``[[topics]]`` and one ``[[cards]]`` per note."""
    document = tomlkit.document()
    document.add("format", 1.1)
    document.add("deck", head)
    if topics:
        document.add("topics", tomlkit.aot())
        for topic in topics:
            document["topics"].append(topic)
    parts = [tomlkit.dumps(document)]
    for note in notes:
        parts.append("\n[[cards]]\n")
        # The notes' lines by hand: a tomlkit document of 30,000 tables takes
        # minutes to dump.
        parts.extend(f"{key} = {_value(value)}\n" for key, value in note.items())
    return "".join(parts)


def checked_deck(
    path: Path, head: dict, topics: list[dict], notes: list[dict]
) -> tuple[str, Deck, list[str]]:
    """The deck text (and the deck it loads as) after leaving out notes that ``quizkit lint`` would reject, and why each went.

    Each round leaves out the notes the checker found errors in, so the text
    written is always one the loader accepts.
    """
    dropped: list[str] = []
    for _ in range(3):
        text = render_deck(head, topics, notes)
        try:
            return text, parse_deck(text.encode("utf-8"), path).deck, dropped
        except DeckError as exc:
            starts = [i + 1 for i, line in enumerate(text.split("\n")) if line == "[[cards]]"]
            bad: dict[int, str] = {}
            for problem in exc.errors:
                index = _note_at(starts, problem.line)
                if index is None:
                    raise
                bad.setdefault(index, problem.message)
            for index, message in bad.items():
                dropped.append(f"note {notes[index].get('id')}: {message}; skipped")
            notes = [n for i, n in enumerate(notes) if i not in bad]
    raise RuntimeError("the imported deck still has errors after leaving out its bad notes")


# One encoder for every value: json.dumps with options builds one per call.
_JSON_STRING = json.JSONEncoder(ensure_ascii=False).encode


def _value(value: object) -> str:
    if isinstance(value, str):
        # A JSON string is a TOML basic string (same escapes), once DEL, which
        # TOML forbids bare, is escaped; ten times faster than tomlkit's.
        return _JSON_STRING(value).replace("\x7f", "\\u007f")
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return tomlkit.item(value).as_string()


def _note_at(starts: list[int], line: int) -> int | None:
    import bisect

    index = bisect.bisect_right(starts, line) - 1
    return index if index >= 0 else None
