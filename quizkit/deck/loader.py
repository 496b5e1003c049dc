"""Reading a deck file: TOML in, a validated ``Deck`` out, or every problem found.

Reading uses ``tomllib``; positions come from ``toml_positions`` so that each
problem names its line. Validation never stops at the first problem: an author
fixes a whole file in one pass. Every message says what to change.

A valid deck is the common case and must load fast (see docs/benchmarks.md):
the full key-position scan runs only once a problem needs a position other
than a card's ``[[cards]]`` line, and suggestions (difflib) only on problems.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from quizkit.base.durations import parse_duration
from quizkit.deck import format as fmt
from quizkit.deck.answers import (
    cloze_answer,
    cloze_deletions,
    cloze_prompt,
    normalise_answer,
    stray_cloze_markup,
)
from quizkit.deck.model import GRADABLE_KINDS, Card, Cards, Deck, DeckOptions, Draw, Exam, Topic
from quizkit.deck.positions import Positions, card_header_positions, syntax_error_position
from quizkit.deck.problems import DeckError, Problem, Severity

_SLUG = re.compile(fmt.SLUG_PATTERN)
_DURATION = re.compile(fmt.DURATION_PATTERN)
_CLOZE_KEY = re.compile(fmt.CLOZE_KEY_PATTERN)
_MISSING = object()
# Durations beyond a century are typos, and would overflow date arithmetic later.
MAX_DURATION = timedelta(days=36500)


@dataclass(frozen=True, slots=True)
class LoadedDeck:
    deck: Deck
    warnings: tuple[Problem, ...] = ()


def load_deck(path: Path) -> LoadedDeck:
    """Read and validate one deck file; raise ``DeckError`` listing every problem."""
    return parse_deck(read_deck_file(path), path)


def read_deck_file(path: Path) -> bytes:
    """The file's bytes, or a ``DeckError`` saying why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DeckError(
            [Problem(path, 1, 1, "error", f"cannot read the file: {exc.strerror}")]
        ) from None


def parse_deck(data: bytes, path: Path) -> LoadedDeck:
    """Validate deck file contents ``data``, reported as coming from ``path``.

    Returns the deck and its warnings; raises ``DeckError`` carrying every
    problem (errors and warnings, in file order) when there is any error.
    """
    try:
        # utf-8-sig: some Windows editors start a UTF-8 file with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = "the file is not UTF-8 text: save it with the UTF-8 encoding"
        raise DeckError([Problem(path, line, col, "error", message)]) from None
    checker = _DeckChecker(path, text, hashlib.sha256(data).hexdigest())
    deck = checker.check()
    problems = sorted(checker.problems, key=lambda p: (p.line, p.col))
    if deck is None or any(p.severity == "error" for p in problems):
        raise DeckError(problems)
    return LoadedDeck(deck, tuple(problems))


def key_position(path: Path, key: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of ``key`` (e.g. ``("deck", "id")``) in the file at ``path``.

    For problems found after loading, such as an id another deck also uses;
    (1, 1) when the file cannot be read.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return (1, 1)
    return Positions(text).locate(key)


def derived_note_id(kind: str, values: dict[str, Any]) -> str:
    """The id of a card written without one, derived from its type and main text.

    ``quizkit lint --fix-ids`` writes this same id into the file, so progress
    recorded before the fix is kept.
    """
    main = next((values[k] for k in ("front", "text", "question", "statement") if k in values), "")
    digest = hashlib.sha256(f"{kind}\0{main}".encode()).hexdigest()[:10]
    return f"{kind}-{digest}"


def exam_content_hash(
    table: dict[str, Any], draws: list[Draw], questions: int, cards: list[Card]
) -> str:
    """sha256 of an exam's own table and draws, and of every card it can draw.

    A card it can draw: a gradable card of a drawn topic, or of any topic when
    the draws leave questions to fill. Its id, group and content hash count.
    """
    topics = {d.topic for d in draws}
    anywhere = sum(d.count for d in draws) < questions
    drawable = sorted(
        (card.id, card.group or "", card.content_hash)
        for card in cards
        if card.gradable and (anywhere or card.topic in topics)
    )
    definition = json.dumps([table, drawable], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(definition.encode()).hexdigest()


def suggest(word: str, known: list[str] | tuple[str, ...], what: str = "keys") -> str:
    """``: did you mean "front"?``, else the list of what is known, for a message's end."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    if close:
        return f': did you mean "{close[0]}"?'
    if not known:
        return ""
    return f" (known {what}: {', '.join(known)})"


class _DeckChecker:
    def __init__(self, path: Path, text: str, file_hash: str) -> None:
        self.path = path
        self.text = text
        self.file_hash = file_hash
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

    def report(self, where: tuple, message: str, severity: Severity = "error") -> None:
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
                self.report(where + (key,), f'unknown key "{_short(key)}"{place}{hint}')
                continue
            checked = self.check_value(value, field, where + (key,), _key_label(key, label))
            if checked is not _MISSING:
                valid[key] = checked
        for field in fields.values():
            if field.required and field.name not in table:
                self.report(where, _missing_message(field, label))
        return valid

    def check_value(self, value: Any, field: fmt.Field, where: tuple, label: str) -> Any:
        """The value converted for use, or ``_MISSING`` after reporting why it is wrong."""
        kind = field.kind
        if kind in ("string", "text", "slug", "duration"):
            if not isinstance(value, str):
                return self._wrong_type(where, label, field, value)
            if kind == "text" and (not value or value.isspace()):
                self.report(where, f"{label} is empty: write the text or remove the key")
                return _MISSING
            if kind == "slug" and not _SLUG.fullmatch(value):
                self.report(
                    where,
                    f'{label} is "{_short(value)}", which is not a valid id: {_slug_advice(value)}',
                )
                return _MISSING
            if field.choices and value not in field.choices:
                close = difflib.get_close_matches(value, field.choices, n=1)
                hint = f': did you mean "{close[0]}"?' if close else ""
                self.report(
                    where,
                    f'{label} is "{_short(value)}", which is not one of '
                    f"{', '.join(field.choices)}{hint}",
                )
                return _MISSING
            if kind == "duration":
                return self._duration(value, where, label)
            return value
        if kind in ("integer", "number"):
            wanted = int if kind == "integer" else (int, float)
            if isinstance(value, bool) or not isinstance(value, wanted):
                return self._wrong_type(where, label, field, value)
            low, high = field.minimum, field.maximum
            if (
                not math.isfinite(value)
                or (low is not None and value < low)
                or (high is not None and value > high)
            ):
                self.report(where, f"{label} must be {_bounds(field)}, not {_describe(value)}")
                return _MISSING
            return value
        if kind == "boolean":
            if not isinstance(value, bool):
                return self._wrong_type(where, label, field, value)
            return value
        if kind == "version":
            return self._version(value, where, label, field)
        if kind == "alternatives":
            return self._alternatives(value, where, label, field)
        if kind in ("strings", "durations"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return self._wrong_type(where, label, field, value)
            for number, entry in enumerate(value, start=1):
                if not entry.strip():
                    self.report(
                        where,
                        f"{label} has an empty entry (number {number}): "
                        "write its text or remove it",
                    )
                    return _MISSING
            if len(value) < field.min_items:
                entries = "entry" if field.min_items == 1 else "entries"
                self.report(
                    where,
                    f"{label} needs at least {field.min_items} {entries}, "
                    f"not {len(value)}: add more",
                )
                return _MISSING
            if field.max_items is not None and len(value) > field.max_items:
                self.report(
                    where,
                    f"{label} has {len(value)} entries, but takes at most {field.max_items}: "
                    "remove the extra ones",
                )
                return _MISSING
            if field.unique_items:
                repeated = [v for v, n in Counter(value).items() if n > 1]
                if repeated:
                    self.report(where, f'{label} lists "{_short(repeated[0])}" twice: remove one')
                    return _MISSING
            if kind == "durations":
                steps = [self._duration(v, where, label) for v in value]
                return _MISSING if _MISSING in steps else tuple(steps)
            return tuple(value)
        if kind == "table":
            if not isinstance(value, dict):
                return self._wrong_type(where, label, field, value)
            return value
        if kind == "array":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                return self._wrong_type(where, label, field, value)
            return value
        raise AssertionError(f"unknown field kind {kind}")  # a bug in deck_format

    def _version(self, value: Any, where: tuple, label: str, field: fmt.Field) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return self._wrong_type(where, label, field, value)
        if value in fmt.FORMAT_VERSIONS:
            return str(value)
        self.report(
            where,
            f"{label} is {_describe(value)}, but this quizkit reads deck formats 1 and 1.1: "
            "write format = 1.1, or upgrade quizkit if the deck needs a newer format",
        )
        return _MISSING

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
                    f'{label} has the key "{_short(key)}": name a deletion number, '
                    'like c1 = ["..."]',
                )
                continue
            checked = self.check_value(answers, entries, where + (key,), f"{key} in {label}")
            if checked is not _MISSING:
                alternatives[int(key[1:])] = checked
        return alternatives if len(alternatives) == len(value) else _MISSING

    def _duration(self, value: str, where: tuple, label: str) -> Any:
        if not _DURATION.match(value):
            self.report(
                where,
                f'{label} is "{_short(value)}", which is not a duration: write a '
                'number and a unit, like "90s", "10m", "2h" or "3d"',
            )
            return _MISSING
        try:
            delta = parse_duration(value)
        except ValueError:  # it matched the pattern, so it is zero
            delta = timedelta(0)
        except OverflowError:
            delta = MAX_DURATION * 2
        if delta <= timedelta(0):
            self.report(where, f'{label} is "{_short(value)}": write a duration longer than zero')
            return _MISSING
        if delta > MAX_DURATION:
            self.report(
                where,
                f'{label} is "{_short(value)}", which is too long: write at most "36500d" '
                "(100 years)",
            )
            return _MISSING
        return delta

    def _wrong_type(self, where: tuple, label: str, field: fmt.Field, value: Any) -> Any:
        dotted = ".".join(str(p) for p in where if isinstance(p, str))
        extra = ""
        if field.name == "answer" and field.kind == "text" and isinstance(value, list):
            extra = '; for several correct options write answers = ["...", "..."]'
        self.report(
            where, f"{label} must be {_wanted(field, dotted)}, not {_describe(value)}{extra}"
        )
        return _MISSING

    # -- the deck ---------------------------------------------------------------
    def check(self) -> Deck | None:
        try:
            document = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            line, col, message = syntax_error_position(exc, self.text)
            self.problems.append(Problem(self.path, line, col, "error", f"TOML syntax: {message}"))
            return None
        cards = document.get("cards")
        if isinstance(cards, list):
            headers = card_header_positions(self.text)
            if len(headers) == len(cards):
                self._card_at = headers

        version = document.get("format")
        if (
            isinstance(version, (int, float))
            and not isinstance(version, bool)
            and version not in fmt.FORMAT_VERSIONS
            and version > 1
        ):
            self.report(
                ("format",),
                f"this file is deck format {version}, but this quizkit reads "
                f"formats 1 and {fmt.FORMAT_VERSION}: upgrade quizkit, or write format = 1.1",
            )
            return None
        root = self.check_table(document, fmt.ROOT, (), "", _root_hint)
        deck_table: dict[str, Any] = {}
        if "deck" in root:  # else reported above: missing, or not a table
            deck_table = self.check_table(root["deck"], fmt.DECK, ("deck",), "[deck]", _deck_hint)
        if "source" in deck_table:
            deck_table["source"] = self.check_table(
                deck_table["source"], fmt.SOURCE, ("deck", "source"), "[deck.source]"
            )
        options = self.check_options(deck_table.get("options"))

        topics = self.check_topics(root.get("topics", []))
        deck_id = deck_table.get("id", "")
        cards = self.check_cards(
            root.get("cards", []), deck_id, {t.id for t in topics}, options.typo_tolerance
        )
        exams = self.check_exams(root.get("exams", []), deck_id, topics, cards)
        if "cards" not in document:
            self.report(("deck",), "the deck has no cards yet: add [[cards]] tables", "warning")

        if any(name not in root for name in ("format", "deck")) or any(
            name not in deck_table for name in ("id", "title")
        ):
            return None
        return Deck(
            id=deck_id,
            title=deck_table["title"],
            path=self.path,
            content_hash=self.file_hash,
            description=deck_table.get("description"),
            version=deck_table.get("version"),
            language=deck_table.get("language"),
            source=dict(deck_table.get("source", {})),
            options=options,
            topics=tuple(topics),
            cards=Cards(cards),
            exams=tuple(exams),
        )

    def check_options(self, table: dict[str, Any] | None) -> DeckOptions:
        if table is None:
            return DeckOptions()
        values = self.check_table(table, fmt.OPTIONS, ("deck", "options"), "[deck.options]")
        return DeckOptions(**values)

    def check_topics(self, entries: list[dict[str, Any]]) -> list[Topic]:
        topics: list[Topic] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            where = ("topics", index)
            values = self.check_table(entry, fmt.TOPIC, where, "[[topics]]")
            if "id" not in values or "title" not in values:
                continue
            if values["id"] in seen:
                first = self.locate(("topics", seen[values["id"]], "id"))[0]
                self.report(
                    where + ("id",),
                    f'topic id "{values["id"]}" is already used on line '
                    f"{first}: give this topic another id",
                )
                continue
            seen[values["id"]] = index
            topics.append(Topic(values["id"], values["title"]))
        return topics

    # -- cards ------------------------------------------------------------------
    def check_cards(
        self,
        entries: list[dict[str, Any]],
        deck_id: str,
        topic_ids: set[str],
        typo_tolerance: bool = True,
    ) -> list[Card]:
        cards: list[Card] = []
        first: dict[str, Card] = {}
        for index, entry in enumerate(entries):
            where = ("cards", index)
            note = self.check_card(entry, where, deck_id, topic_ids, typo_tolerance)
            if not note:
                continue
            # Ids of one note's cards share its note id, and "/" cannot appear in
            # an id, so comparing note ids covers every card id.
            other = first.get(note[0].note_id)
            if other is not None:
                self.report_duplicate(note[0], other, where)
                continue
            first[note[0].note_id] = note[0]
            cards.extend(note)
        return cards

    def report_duplicate(self, card: Card, other: Card, where: tuple) -> None:
        if card.id_generated and other.id_generated:
            message = (
                f"this card has the same text as the card on line {other.line}, so both get "
                f'the id "{card.note_id}": give one of them an "id"'
            )
        else:
            message = (
                f'card id "{card.note_id}" is already used on line {other.line}: '
                "give this card another id"
            )
        self.report(where + ("id",), message)

    def check_card(
        self,
        entry: dict[str, Any],
        where: tuple,
        deck_id: str,
        topic_ids: set[str],
        typo_tolerance: bool = True,
    ) -> list[Card]:
        kind = entry.get("type")
        if not (isinstance(kind, str) and kind in fmt.CARD_TYPE_FIELDS):
            # The type is missing or wrong: report that, and still check the
            # other keys against every card key so all typos show at once.
            if kind is None:
                self.report(where, _missing_message(fmt.CARD_COMMON["type"], "[[cards]]"))
            else:
                self.check_value(
                    kind, fmt.CARD_COMMON["type"], where + ("type",), "type in [[cards]]"
                )
            for key in entry:
                if key not in fmt.ALL_CARD_KEYS:
                    self.report(
                        where + (key,),
                        f'unknown key "{_short(key)}" in [[cards]]'
                        f"{suggest(key, fmt.ALL_CARD_KEYS)}",
                    )
            return []
        label = f'[[cards]] of type "{kind}"'
        before = len(self.problems)
        values = self.check_table(entry, _CARD_FIELDS[kind], where, label, _CARD_KEY_HINTS[kind])
        topic = values.get("topic")
        if topic is not None and topic not in topic_ids:
            self.report(where + ("topic",), _unknown_topic(topic, topic_ids))
        if len(self.problems) > before and any(
            p.severity == "error" for p in self.problems[before:]
        ):
            return []
        values.setdefault("typo_tolerance", typo_tolerance)
        return self.build_cards(kind, values, where, deck_id)

    def build_cards(self, kind: str, v: dict[str, Any], where: tuple, deck_id: str) -> list[Card]:
        line = self.locate(where)[0]
        note_id = v.get("id")
        generated = note_id is None
        if generated:
            note_id = derived_note_id(kind, v)
        common = {
            "note_id": note_id,
            "deck_id": deck_id,
            "line": line,
            "topic": v.get("topic"),
            "tags": v.get("tags", ()),
            "explain": v.get("explain"),
            "id_generated": generated,
            "group": v.get("group"),
            "typo_tolerance": v["typo_tolerance"],
        }
        before = len(self.problems)
        if kind in ("basic", "reversible"):
            sides = v.get("sides")
            cards = [_card(note_id, kind, v["front"], v["back"], sides=sides, **common)]
            if kind == "reversible":
                back_sides = (sides[1], sides[0]) if sides else None
                cards.append(
                    _card(
                        f"{note_id}/reverse",
                        kind,
                        v["back"],
                        v["front"],
                        sides=back_sides,
                        **common,
                    )
                )
        elif kind == "cloze":
            cards = self.build_cloze(v["text"], where, common, v.get("accept", {}))
        elif kind == "choice":
            cards = self.build_choice(v, where, common)
        elif kind == "truefalse":
            truth = "true" if v["answer"] else "false"
            cards = [
                _card(note_id, kind, v["statement"], truth.capitalize(), correct=(truth,), **common)
            ]
        elif kind == "typed":
            accepted = (v["answer"], *v.get("accept", ()))
            for key, answer in zip(["answer"] + ["accept"] * (len(accepted) - 1), accepted):
                self.check_matchable(answer, where + (key,), key)
            cards = [_card(note_id, kind, v["question"], v["answer"], correct=accepted, **common)]
        else:  # pragma: no cover - CARD_TYPE_FIELDS and this function disagree
            raise AssertionError(kind)
        if len(self.problems) > before:
            return []
        if generated:
            self.report(
                where,
                f'card has no "id": it gets "{note_id}" from its text, so editing the text will '
                "reset its progress; run `quizkit lint --fix-ids` to write stable ids",
                "warning",
            )
        return cards

    def check_matchable(self, answer: str, where: tuple, key: str) -> None:
        if not normalise_answer(answer):
            self.report(
                where,
                f'{key} "{_short(answer)}" has no letters or digits, '
                "so no typed answer can match it: write the answer in words",
            )

    def build_cloze(
        self,
        text: str,
        where: tuple,
        common: dict[str, Any],
        alternatives: dict[int, tuple[str, ...]],
    ) -> list[Card]:
        deletions = cloze_deletions(text)
        stray = stray_cloze_markup(text, deletions)
        if stray is not None:
            self.report(
                where + ("text",),
                f'text has "{_short(stray)}", which is not a cloze deletion: '
                "write {{c1::answer}} or {{c1::answer::hint}}",
            )
            return []
        if not deletions:
            self.report(
                where + ("text",),
                "cloze text has no deletions: mark the hidden part as {{c1::answer}}",
            )
            return []
        for deletion in deletions:
            if deletion.ordinal < 1:
                self.report(
                    where + ("text",),
                    f"cloze deletion c{deletion.ordinal} in "
                    f'"{_short(text[deletion.start : deletion.end])}": numbers start at c1',
                )
                return []
            if not deletion.answer.strip():
                self.report(
                    where + ("text",),
                    f'cloze deletion "{_short(text[deletion.start : deletion.end])}" '
                    'is empty: write the hidden answer between "::" and "}}"',
                )
                return []
        ordinals = sorted({d.ordinal for d in deletions})
        for n, answers in alternatives.items():
            if n not in ordinals:
                self.report(
                    where + ("accept", f"c{n}"),
                    f"accept has answers for c{n}, but the text has no deletion c{n}"
                    f"{suggest(f'c{n}', [f'c{o}' for o in ordinals], 'deletions')}",
                )
            for answer in answers:
                self.check_matchable(answer, where + ("accept", f"c{n}"), f"accept.c{n}")
        cards = []
        filled = cloze_answer(text, 0)  # the same for every deletion number
        for n in ordinals:
            written = tuple(d.answer for d in deletions if d.ordinal == n)
            accepted = written + tuple(a for a in alternatives.get(n, ()) if a not in written)
            cards.append(
                _card(
                    f"{common['note_id']}/c{n}",
                    "cloze",
                    cloze_prompt(text, n),
                    filled,
                    correct=accepted,
                    cloze_text=text,
                    cloze_ordinal=n,
                    **common,
                )
            )
        return cards

    def build_choice(self, v: dict[str, Any], where: tuple, common: dict[str, Any]) -> list[Card]:
        choices: tuple[str, ...] = v["choices"]
        if "answer" in v and "answers" in v:
            self.report(
                where + ("answers",),
                'give either "answer" (one correct option) or '
                '"answers" (several), not both: remove one',
            )
            return []
        if "answer" not in v and "answers" not in v:
            self.report(
                where,
                'choice card is missing "answer": add answer = "..." (one of the '
                'choices), or answers = ["...", "..."] for several correct options',
            )
            return []
        correct = (v["answer"],) if "answer" in v else tuple(v.get("answers", ()))
        key = "answer" if "answer" in v else "answers"
        for option in correct:
            if option not in choices:
                close = difflib.get_close_matches(option, choices, n=1)
                hint = (
                    f': did you mean "{close[0]}"?' if close else ": copy it exactly from choices"
                )
                self.report(
                    where + (key,), f'{key} "{_short(option)}" is not among the choices{hint}'
                )
        return [
            _card(
                common["note_id"],
                "choice",
                v["question"],
                "; ".join(correct),
                choices=choices,
                correct=correct,
                multiple="answers" in v,
                shuffle=v.get("shuffle", True),
                **common,
            )
        ]

    # -- exams ------------------------------------------------------------------
    def check_exams(
        self, entries: list[dict[str, Any]], deck_id: str, topics: list[Topic], cards: list[Card]
    ) -> list[Exam]:
        gradable = Counter(c.topic for c in cards if c.kind in GRADABLE_KINDS)
        total_gradable = sum(gradable.values())
        topic_ids = {t.id for t in topics}
        exams: list[Exam] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            where = ("exams", index)
            values = self.check_table(entry, fmt.EXAM, where, "[[exams]]")
            before = len(self.problems)
            draws = self.check_draws(values.get("draw", []), where, topic_ids, gradable)
            draws_ok = len(self.problems) == before
            if any(name not in values for name in ("id", "title", "questions", "pass_mark")):
                continue
            if values["id"] in seen:
                first = self.locate(("exams", seen[values["id"]], "id"))[0]
                self.report(
                    where + ("id",),
                    f'exam id "{values["id"]}" is already used on line '
                    f"{first}: give this exam another id",
                )
                continue
            seen[values["id"]] = index
            questions = values["questions"]
            drawn = sum(d.count for d in draws)
            # A blueprint may cover only part of the exam: the rest is drawn
            # from any topic. It may not ask for more than the exam holds.
            if draws and draws_ok and drawn > questions:
                self.report(
                    where + ("questions",),
                    f"questions is {questions} but the draws add up to {drawn}: raise questions "
                    "or lower the draws",
                )
            elif questions > total_gradable:
                self.report(
                    where + ("questions",),
                    f"the exam asks {_count(questions, 'question')} "
                    f"but the deck has only {_count(total_gradable, 'gradable card')} "
                    "(choice, truefalse, typed, cloze): lower questions or add cards",
                )
            exams.append(
                Exam(
                    id=values["id"],
                    deck_id=deck_id,
                    title=values["title"],
                    questions=questions,
                    pass_mark=float(values["pass_mark"]),
                    time_limit=values.get("time_limit"),
                    attempts=values.get("attempts", 0),
                    grading=values.get("grading", "highest"),
                    draws=tuple(draws),
                    description=values.get("description"),
                    shuffle_questions=values.get("shuffle_questions", True),
                    shuffle_choices=values.get("shuffle_choices", True),
                    delay_between_attempts=values.get("delay_between_attempts"),
                    review=values.get("review", "after_submit"),
                    content_hash=exam_content_hash(entry, draws, questions, cards),
                )
            )
        return exams

    def check_draws(
        self, entries: list[dict[str, Any]], where: tuple, topic_ids: set[str], gradable: Counter
    ) -> list[Draw]:
        draws: list[Draw] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            d_where = where + ("draw", index)
            d = self.check_table(entry, fmt.DRAW, d_where, "[[exams.draw]]")
            if "topic" not in d or "count" not in d:
                continue
            topic, count = d["topic"], d["count"]
            if topic not in topic_ids:
                self.report(d_where + ("topic",), _unknown_topic(topic, topic_ids))
                continue
            if topic in seen:
                first = self.locate(where + ("draw", seen[topic], "topic"))[0]
                self.report(
                    d_where + ("topic",),
                    f'topic "{topic}" is already drawn on line '
                    f"{first}: merge the two draws into one",
                )
                continue
            seen[topic] = index
            if count > gradable[topic]:
                self.report(
                    d_where + ("count",),
                    f'the exam draws {_count(count, "question")} from topic "{topic}", which has '
                    f"only {_count(gradable[topic], 'gradable card')} (choice, truefalse, typed, "
                    "cloze): lower count or add cards to the topic",
                )
            draws.append(Draw(topic, count))
        return draws


# -- messages ----------------------------------------------------------------------
def _key_label(key: str, table: str) -> str:
    return f"{key} in {table}" if table else key


def _missing_message(field: fmt.Field, label: str) -> str:
    if field.kind == "table":
        needed = " and ".join(f.name for f in fmt.TABLES[field.of].values() if f.required)
        return f"the file has no [{field.name}] table: add one with {needed}"
    if not label:
        return f'the file is missing "{field.name}": add {field.name} = {field.example} at the top'
    add = f": add {field.name} = {field.example}" if field.example else ""
    if field.choices:
        add += f" (one of {', '.join(field.choices)})"
    return f'{label} is missing the required key "{field.name}"{add}'


def _unknown_topic(topic: str, declared: set[str]) -> str:
    if not declared:
        return f'unknown topic "{topic}": declare it in a [[topics]] table'
    return f'unknown topic "{topic}"{suggest(topic, sorted(declared), "topics")}'


def _root_hint(key: str) -> str | None:
    if key in fmt.DECK:
        return f": {key} belongs in the [deck] table; move it below the [deck] line"
    return None


def _deck_hint(key: str) -> str | None:
    if key in fmt.ROOT:
        return (
            f": {key} belongs at the top of the file, but it is written after the [deck] "
            "line, so it counts as part of [deck]; move it above [deck]"
        )
    return None


def _card_key_hint(key: str, kind: str) -> str | None:
    owners = [t for t, fields in fmt.CARD_TYPE_FIELDS.items() if key in fields]
    if not owners:
        return None
    own = ", ".join(fmt.CARD_TYPE_FIELDS[kind])
    return f": {key} is for {', '.join(owners)} cards; {kind} cards have {own}"


def _wanted(field: fmt.Field, dotted: str) -> str:
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


def _describe(value: Any) -> str:
    """How a TOML value reads in a message: ``1.5``, ``true``, ``the string "x"``..."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return f'the string "{_short(value)}"'
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


def _bounds(field: fmt.Field) -> str:
    low, high = field.minimum, field.maximum
    if low is not None and low == high:
        return f"{low:g}"
    if low is not None and high is not None:
        return f"between {low:g} and {high:g}"
    if low is not None:
        return f"at least {low:g}"
    if high is not None:
        return f"at most {high:g}"
    return "a finite number"


def _slug_advice(value: str) -> str:
    advice = 'use lowercase letters, digits and single "-"'
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return f'{advice}, like "{slug}"' if slug and slug != value else advice


def _short(text: str, limit: int = 60) -> str:
    """``text`` for quoting in a message: shortened, with control characters escaped.

    Messages are printed to a terminal; an escape sequence in a deck must show
    as ``\x1b[31m``, not turn the output red.
    """
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# -- cards ---------------------------------------------------------------------------
_CARD_FIELDS = {
    kind: {**fmt.CARD_COMMON, **fields} for kind, fields in fmt.CARD_TYPE_FIELDS.items()
}
_CARD_KEY_HINTS = {kind: partial(_card_key_hint, kind=kind) for kind in fmt.CARD_TYPE_FIELDS}
# json.dumps builds a new encoder per call when given options; one does for all cards.
_CONTENT_JSON = json.JSONEncoder(ensure_ascii=False).encode


# Format 1.1 keys that change how a card is shown or marked. They enter the
# content hash only when set to something other than their default, so a
# format 1 deck keeps its hashes (a changed hash marks the card as edited).
_HASHED_DEFAULTS: dict[str, Any] = {"shuffle": True, "typo_tolerance": True, "sides": None}


def _card(card_id: str, kind: str, prompt: str, answer: str, **rest: Any) -> Card:
    hashed: list[Any] = [kind, prompt, answer, rest.get("choices", ()), rest.get("correct", ())]
    extras = {k: rest[k] for k, d in _HASHED_DEFAULTS.items() if rest.get(k, d) != d}
    if extras:
        hashed.append(extras)
    content = _CONTENT_JSON(hashed)
    digest = hashlib.sha256(content.encode()).hexdigest()[:16]
    return Card(id=card_id, kind=kind, prompt=prompt, answer=answer, content_hash=digest, **rest)  # type: ignore[arg-type]
