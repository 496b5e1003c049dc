"""Checking one TOML table against the format table: keys, types, ranges, ids, durations.

The deck loader and the learner's config both check values here, so a value
means the same in a deck's ``[deck.options]`` and in ``config.toml``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from quizkit.base.durations import parse_duration
from quizkit.deck import format as fmt
from quizkit.deck.messages import (
    bounds,
    describe,
    key_label,
    missing_message,
    short,
    slug_advice,
    suggest,
    wanted,
)
from quizkit.deck.positions import Positions
from quizkit.deck.problems import Problem, Severity

_SLUG = re.compile(fmt.SLUG_PATTERN)
_DURATION = re.compile(fmt.DURATION_PATTERN)
_CLOZE_KEY = re.compile(fmt.CLOZE_KEY_PATTERN)
# A value that failed its check (and was reported): None is a valid value elsewhere.
MISSING: Any = object()
# Durations beyond a century are typos, and would overflow date arithmetic later.
MAX_DURATION = timedelta(days=36500)


class TableChecker:
    """Checks tables of one TOML text, collecting every problem with its position."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.problems: list[Problem] = []
        self._positions: Positions | None = None
        self._card_at: list[tuple[int, int]] | None = None

    # -- reporting ---------------------------------------------------------
    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = Positions(self.text)
        return self._positions

    def locate(self, where: tuple) -> tuple[int, int]:
        if self._card_at is not None and len(where) == 2 and where[0] == "cards":
            return self._card_at[where[1]]
        return self.positions.locate(where)

    def report(
        self, where: tuple, message: str, severity: Severity = "error", *, at_key: bool = False
    ) -> None:
        """Record a problem at the value of ``where`` (or, ``at_key``, at the key itself)."""
        if at_key:
            line, col = self.positions.locate_key(where)
        else:
            line, col = self.locate(where)
        self.problems.append(Problem(self.path, line, col, severity, message))

    # -- generic table checking ---------------------------------------------
    def check_table(
        self,
        table: dict[str, Any],
        fields: dict[str, fmt.Field],
        where: tuple,
        label: str,
        unknown_hint: Callable[[str], str | None] | None = None,
    ) -> dict[str, Any]:
        """Check keys and value types of one table; return the values that are valid.

        ``label`` names the table in messages (``[deck]``, ``[[cards]]``); ""
        is the top level of the file.
        """
        valid: dict[str, Any] = {}
        for key, value in table.items():
            field = fields.get(key)
            if field is None:
                hint = (unknown_hint(key) if unknown_hint else None) or suggest(key, list(fields))
                place = f" in {label}" if label else " at the top of the file"
                self.report(where + (key,), f'unknown key "{short(key)}"{place}{hint}', at_key=True)
                continue
            checked = self.check_value(value, field, where + (key,), key_label(key, label))
            if checked is not MISSING:
                valid[key] = checked
        for field in fields.values():
            if field.required and field.name not in table:
                self.report(where, missing_message(field, label))
        return valid

    def check_value(self, value: Any, field: fmt.Field, where: tuple, label: str) -> Any:
        """The value converted for use, or ``MISSING`` after reporting why it is wrong."""
        kind = field.kind
        if kind in ("string", "text", "slug", "duration"):
            return self._string(value, field, where, label)
        if kind in ("integer", "number"):
            return self._number(value, field, where, label)
        if kind in ("strings", "durations"):
            return self._strings(value, field, where, label)
        if kind == "version":
            return self._version(value, where, label, field)
        if kind == "alternatives":
            return self._alternatives(value, where, label, field)
        shape = {
            "boolean": lambda v: isinstance(v, bool),
            "table": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list) and all(isinstance(e, dict) for e in v),
        }[kind]  # a KeyError: a kind format.py added and this did not
        return value if shape(value) else self._wrong_type(where, label, field, value)

    def _string(self, value: Any, field: fmt.Field, where: tuple, label: str) -> Any:
        kind = field.kind
        if not isinstance(value, str):
            return self._wrong_type(where, label, field, value)
        if kind == "text" and (not value or value.isspace()):
            self.report(where, f"{label} is empty: write the text or remove the key")
            return MISSING
        if kind == "slug" and not _SLUG.fullmatch(value):
            self.report(
                where,
                f'{label} is "{short(value)}", which is not a valid id: {slug_advice(value)}',
            )
            return MISSING
        if field.choices and value not in field.choices:
            import difflib  # only for a wrong value's hint: ~7 ms at every start otherwise

            close = difflib.get_close_matches(value, field.choices, n=1)
            hint = f': did you mean "{close[0]}"?' if close else ""
            self.report(
                where,
                f'{label} is "{short(value)}", which is not one of '
                f"{', '.join(field.choices)}{hint}",
            )
            return MISSING
        if kind == "duration":
            return self._duration(value, where, label)
        return value

    def _number(self, value: Any, field: fmt.Field, where: tuple, label: str) -> Any:
        wanted = int if field.kind == "integer" else (int, float)
        if isinstance(value, bool) or not isinstance(value, wanted):
            return self._wrong_type(where, label, field, value)
        low, high = field.minimum, field.maximum
        if (
            not math.isfinite(value)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            self.report(where, f"{label} must be {bounds(field)}, not {describe(value)}")
            return MISSING
        return value

    def _strings(self, value: Any, field: fmt.Field, where: tuple, label: str) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return self._wrong_type(where, label, field, value)
        problem = _list_problem(value, field)
        if problem:
            self.report(where, f"{label} {problem}")
            return MISSING
        if field.kind == "durations":
            steps = [self._duration(v, where, label) for v in value]
            return MISSING if MISSING in steps else tuple(steps)
        return tuple(value)

    def _version(self, value: Any, where: tuple, label: str, field: fmt.Field) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return self._wrong_type(where, label, field, value)
        if value in fmt.FORMAT_VERSIONS:
            return str(value)
        self.report(
            where,
            f"{label} is {describe(value)}, but this quizkit reads deck formats 1 and 1.1: "
            "write format = 1.1, or upgrade quizkit if the deck needs a newer format",
        )
        return MISSING

    def _alternatives(self, value: Any, where: tuple, label: str, field: fmt.Field) -> Any:
        """``{ c1 = ["a"], c2 = ["b"] }`` as ``{1: ("a",), 2: ("b",)}``."""
        if not isinstance(value, dict):
            return self._wrong_type(where, label, field, value)
        alternatives: dict[int, tuple[str, ...]] = {}
        entries = fmt.Field(field.name, "strings", field.description, min_items=1)
        for key, answers in value.items():
            if not _CLOZE_KEY.fullmatch(key):
                self.report(
                    where + (key,),
                    f'{label} has the key "{short(key)}": name a deletion number, '
                    'like c1 = ["..."]',
                )
                continue
            checked = self.check_value(answers, entries, where + (key,), f"{key} in {label}")
            if checked is not MISSING:
                alternatives[int(key[1:])] = checked
        return alternatives if len(alternatives) == len(value) else MISSING

    def _duration(self, value: str, where: tuple, label: str) -> Any:
        if not _DURATION.match(value):
            self.report(
                where,
                f'{label} is "{short(value)}", which is not a duration: write a '
                'number and a unit, like "90s", "10m", "2h" or "3d"',
            )
            return MISSING
        try:
            delta = parse_duration(value)
        except ValueError:  # it matched the pattern, so it is zero
            delta = timedelta(0)
        except OverflowError:
            delta = MAX_DURATION * 2
        if delta <= timedelta(0):
            self.report(where, f'{label} is "{short(value)}": write a duration longer than zero')
            return MISSING
        if delta > MAX_DURATION:
            self.report(
                where,
                f'{label} is "{short(value)}", which is too long: write at most "36500d" '
                "(100 years)",
            )
            return MISSING
        return delta

    def _wrong_type(self, where: tuple, label: str, field: fmt.Field, value: Any) -> Any:
        dotted = ".".join(str(p) for p in where if isinstance(p, str))
        extra = ""
        if field.name == "answer" and field.kind == "text" and isinstance(value, list):
            extra = '; for several correct options write answers = ["...", "..."]'
        self.report(where, f"{label} must be {wanted(field, dotted)}, not {describe(value)}{extra}")
        return MISSING


def _list_problem(value: list[str], field: fmt.Field) -> str | None:
    """What is wrong with a list of strings, worded to follow its label, or None."""
    for number, entry in enumerate(value, start=1):
        if not entry.strip():
            return f"has an empty entry (number {number}): write its text or remove it"
    if len(value) < field.min_items:
        entries = "entry" if field.min_items == 1 else "entries"
        return f"needs at least {field.min_items} {entries}, not {len(value)}: add more"
    if field.max_items is not None and len(value) > field.max_items:
        return (
            f"has {len(value)} entries, but takes at most {field.max_items}: remove the extra ones"
        )
    if field.unique_items:
        repeated = [v for v, n in Counter(value).items() if n > 1]
        if repeated:
            return f'lists "{short(repeated[0])}" twice: remove one'
    return None
