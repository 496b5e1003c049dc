"""The wording of deck problems: labels, what was found, what to write instead.

Every message says what to change; these helpers keep the phrasing the same
across the checks of tables, cards, exams and the learner's config.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time
from typing import Any

from quizkit.deck import format as fmt


def suggest(word: str, known: list[str] | tuple[str, ...], what: str = "keys") -> str:
    """``: did you mean "front"?``, else the list of what is known, for a message's end."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    if close:
        return f': did you mean "{close[0]}"?'
    if not known:
        return ""
    return f" (known {what}: {', '.join(known)})"


def key_label(key: str, table: str) -> str:
    return f"{key} in {table}" if table else key


def missing_message(field: fmt.Field, label: str) -> str:
    if field.kind == "table":
        needed = " and ".join(f.name for f in fmt.TABLES[field.of].values() if f.required)
        return f"the file has no [{field.name}] table: add one with {needed}"
    if not label:
        return f'the file is missing "{field.name}": add {field.name} = {field.example} at the top'
    add = f": add {field.name} = {field.example}" if field.example else ""
    if field.choices:
        add += f" (one of {', '.join(field.choices)})"
    return f'{label} is missing the required key "{field.name}"{add}'


def unknown_topic(topic: str, declared: set[str]) -> str:
    if not declared:
        return f'unknown topic "{topic}": declare it in a [[topics]] table'
    return f'unknown topic "{topic}"{suggest(topic, sorted(declared), "topics")}'


def root_hint(key: str) -> str | None:
    if key in fmt.DECK:
        return f": {key} belongs in the [deck] table; move it below the [deck] line"
    return None


def deck_hint(key: str) -> str | None:
    if key in fmt.ROOT:
        return (
            f": {key} belongs at the top of the file, but it is written after the [deck] "
            "line, so it counts as part of [deck]; move it above [deck]"
        )
    return None


def card_key_hint(key: str, kind: str) -> str | None:
    owners = [t for t, fields in fmt.CARD_TYPE_FIELDS.items() if key in fields]
    if not owners:
        return None
    own = ", ".join(fmt.CARD_TYPE_FIELDS[kind])
    return f": {key} is for {', '.join(owners)} cards; {kind} cards have {own}"


def wanted(field: fmt.Field, dotted: str) -> str:
    return {
        "string": 'a string in quotes ("...")',
        "text": 'a string in quotes ("...")',
        "slug": 'an id in quotes, like "my-id"',
        "duration": 'a duration in quotes, like "10m"',
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false (without quotes)",
        "strings": 'a list of strings, like ["a", "b"]',
        "version": "1 or 1.1",
        "alternatives": 'a table of deletions and their answers, like { c1 = ["a", "b"] }',
        "durations": 'a list of durations, like ["1m", "10m"]',
        "table": f"a table, written [{dotted}]",
        "array": f"an array of tables, each written [[{dotted}]]",
    }[field.kind]


def describe(value: Any) -> str:
    """How a TOML value reads in a message: ``1.5``, ``true``, ``the string "x"``..."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return f'the string "{short(value)}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time of day"
    return type(value).__name__


def bounds(field: fmt.Field) -> str:
    low, high = field.minimum, field.maximum
    if low is not None and low == high:
        return _number(low)
    if low is not None and high is not None:
        return f"between {_number(low)} and {_number(high)}"
    if low is not None:
        return f"at least {_number(low)}"
    if high is not None:
        return f"at most {_number(high)}"
    return "a finite number"


def _number(value: float) -> str:
    """``0.7``, ``23``, ``1,000,000``: as an author would write a bound."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def slug_advice(value: str) -> str:
    advice = 'use lowercase letters, digits and single "-"'
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return f'{advice}, like "{slug}"' if slug and slug != value else advice


def short(text: str, limit: int = 60) -> str:
    """``text`` for quoting in a message: shortened, with control characters escaped.

    Messages are printed to a terminal; an escape sequence in a deck must show
    as ``\x1b[31m``, not turn the output red.
    """
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
