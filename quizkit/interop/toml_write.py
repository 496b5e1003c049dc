"""Writing a deck file that ``quizkit lint`` accepts, from note entries."""

from __future__ import annotations

import json

import tomlkit


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
