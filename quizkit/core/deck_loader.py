"""Reading a deck file: TOML in, a validated ``Deck`` out, or every problem found.

Reading uses ``tomllib``; positions come from ``toml_positions`` so that each
problem names its line. Validation never stops at the first problem: an author
fixes a whole file in one pass.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from quizkit.core import deck_format as fmt
from quizkit.core.answers import cloze_answer, cloze_deletions, cloze_ordinals, cloze_prompt
from quizkit.core.durations import parse_duration
from quizkit.core.model import Card, Deck, DeckOptions, Draw, Exam, GRADABLE_KINDS, Topic
from quizkit.core.problems import DeckError, Problem
from quizkit.core.toml_positions import Positions, syntax_error_position

_SLUG = re.compile(fmt.SLUG_PATTERN)
_MISSING = object()


@dataclass(frozen=True, slots=True)
class LoadedDeck:
    deck: Deck
    warnings: tuple[Problem, ...] = ()


def load_deck(path: Path) -> LoadedDeck:
    """Read and validate one deck file; raise ``DeckError`` listing every problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeckError([Problem(path, 1, 1, "error", f"cannot read the file: {exc.strerror}")])
    return parse_deck(data, path)


def parse_deck(data: bytes, path: Path) -> LoadedDeck:
    """Validate deck file contents ``data``, reported as coming from ``path``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DeckError([Problem(path, line, 1, "error", "the file is not UTF-8 text: save it as UTF-8")])
    checker = _DeckChecker(path, text, hashlib.sha256(data).hexdigest())
    deck = checker.check()
    errors = [p for p in checker.problems if p.severity == "error"]
    if errors or deck is None:
        raise DeckError(sorted(checker.problems, key=lambda p: (p.line, p.col)))
    return LoadedDeck(deck, tuple(sorted(checker.problems, key=lambda p: (p.line, p.col))))


def suggest(word: str, known: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f': did you mean "{close[0]}"?' if close else f" (known keys: {', '.join(known)})"


class _DeckChecker:
    def __init__(self, path: Path, text: str, file_hash: str) -> None:
        self.path = path
        self.text = text
        self.file_hash = file_hash
        self.problems: list[Problem] = []
        self.positions: Positions | None = None

    # -- reporting ---------------------------------------------------------
    def report(self, where: tuple, message: str, severity: str = "error") -> None:
        line, col = self.positions.locate(where) if self.positions else (1, 1)
        self.problems.append(Problem(self.path, line, col, severity, message))  # type: ignore[arg-type]

    # -- generic table checking ---------------------------------------------
    def check_table(
        self, table: Any, fields: dict[str, fmt.Field], where: tuple, label: str
    ) -> dict[str, Any]:
        """Check keys and value types of one table; return the values that are valid."""
        if not isinstance(table, dict):
            self.report(where, f"{label} must be a table")
            return {}
        valid: dict[str, Any] = {}
        for key, value in table.items():
            field = fields.get(key)
            if field is None:
                self.report(where + (key,), f'unknown key "{key}" in {label}{suggest(key, list(fields))}')
                continue
            checked = self.check_value(value, field, where + (key,), f"{label} {key}")
            if checked is not _MISSING:
                valid[key] = checked
        for field in fields.values():
            if field.required and field.name not in table:
                self.report(where, f'{label} is missing the required key "{field.name}"')
        return valid

    def check_value(self, value: Any, field: fmt.Field, where: tuple, label: str) -> Any:
        kind = field.kind
        if kind in ("string", "text", "slug", "duration"):
            if not isinstance(value, str):
                return self._wrong_type(where, label, "a string", value)
            if kind == "text" and not value.strip():
                self.report(where, f"{label} is empty: write the text or remove the key")
                return _MISSING
            if kind == "slug" and not _SLUG.match(value):
                self.report(
                    where,
                    f'{label} "{value}" is not a valid id: use lowercase letters, digits and single "-"',
                )
                return _MISSING
            if field.choices and value not in field.choices:
                close = difflib.get_close_matches(value, field.choices, n=1)
                hint = f': did you mean "{close[0]}"?' if close else ""
                self.report(
                    where,
                    f'{label} "{value}" is not one of {", ".join(field.choices)}{hint}',
                )
                return _MISSING
            if kind == "duration":
                try:
                    return parse_duration(value)
                except ValueError as exc:
                    self.report(where, f"{label}: {exc}")
                    return _MISSING
            return value
        if kind in ("integer", "number"):
            wanted = (int,) if kind == "integer" else (int, float)
            if isinstance(value, bool) or not isinstance(value, wanted):
                return self._wrong_type(where, label, "an integer" if kind == "integer" else "a number", value)
            low, high = field.minimum, field.maximum
            if (low is not None and value < low) or (high is not None and value > high):
                if low is not None and low == high:
                    bounds = f"{low:g}"
                elif low is not None and high is not None:
                    bounds = f"between {low:g} and {high:g}"
                elif low is not None:
                    bounds = f"at least {low:g}"
                else:
                    bounds = f"at most {high:g}"
                self.report(where, f"{label} must be {bounds}, not {value}")
                return _MISSING
            return value
        if kind == "boolean":
            if not isinstance(value, bool):
                return self._wrong_type(where, label, "true or false", value)
            return value
        if kind in ("strings", "durations"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return self._wrong_type(where, label, "a list of strings", value)
            if any(not v.strip() for v in value):
                self.report(where, f"{label} has an empty entry: remove it or write its text")
                return _MISSING
            if kind == "durations":
                try:
                    return tuple(parse_duration(v) for v in value)
                except ValueError as exc:
                    self.report(where, f"{label}: {exc}")
                    return _MISSING
            return tuple(value)
        if kind == "table":
            if not isinstance(value, dict):
                return self._wrong_type(where, label, "a table", value)
            return value
        if kind == "array":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                return self._wrong_type(where, label, "an array of tables ([[...]])", value)
            return value
        raise AssertionError(f"unknown field kind {kind}")  # a bug in deck_format

    def _wrong_type(self, where: tuple, label: str, wanted: str, value: Any) -> Any:
        self.report(where, f"{label} must be {wanted}, not {_toml_type(value)}")
        return _MISSING

    # -- the deck ---------------------------------------------------------------
    def check(self) -> Deck | None:
        try:
            document = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            line, col, message = syntax_error_position(exc)
            self.problems.append(Problem(self.path, line, col, "error", f"TOML syntax: {message}"))
            return None
        self.positions = Positions(self.text)

        root = self.check_table(document, fmt.ROOT, (), "the deck file")
        if "format" not in root and "format" in document:
            return None
        deck_table = self.check_table(document.get("deck", {}), fmt.DECK, ("deck",), "[deck]")
        if "source" in deck_table:
            deck_table["source"] = self.check_table(deck_table["source"], fmt.SOURCE, ("deck", "source"), "[deck.source]")
        options = self.check_options(deck_table.get("options"))

        topics = self.check_topics(root.get("topics", []))
        deck_id = deck_table.get("id", "")
        cards = self.check_cards(root.get("cards", []), deck_id, {t.id for t in topics})
        exams = self.check_exams(root.get("exams", []), deck_id, topics, cards)

        if "id" not in deck_table or "title" not in deck_table:
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
            cards=tuple(cards),
            exams=tuple(exams),
        )

    def check_options(self, table: Any) -> DeckOptions:
        if table is None:
            return DeckOptions()
        values = self.check_table(table, fmt.OPTIONS, ("deck", "options"), "[deck.options]")
        return DeckOptions(**values)

    def check_topics(self, entries: list[Any]) -> list[Topic]:
        topics: list[Topic] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            where = ("topics", index)
            values = self.check_table(entry, fmt.TOPIC, where, "[[topics]]")
            if "id" not in values or "title" not in values:
                continue
            if values["id"] in seen:
                first = self.positions.locate(("topics", seen[values["id"]], "id"))[0]
                self.report(where + ("id",), f'topic id "{values["id"]}" is already used on line {first}')
                continue
            seen[values["id"]] = index
            topics.append(Topic(values["id"], values["title"]))
        return topics

    # -- cards ------------------------------------------------------------------
    def check_cards(self, entries: list[Any], deck_id: str, topic_ids: set[str]) -> list[Card]:
        cards: list[Card] = []
        first_line: dict[str, int] = {}
        for index, entry in enumerate(entries):
            where = ("cards", index)
            for card in self.check_card(entry, where, deck_id, topic_ids):
                if card.id in first_line:
                    self.report(
                        where + ("id",),
                        f'card id "{card.id}" is already used on line {first_line[card.id]}: '
                        "card ids must be unique",
                    )
                    continue
                first_line[card.id] = card.line
                cards.append(card)
        return cards

    def check_card(self, entry: Any, where: tuple, deck_id: str, topic_ids: set[str]) -> list[Card]:
        if not isinstance(entry, dict):
            self.report(where, "[[cards]] must be a table")
            return []
        kind = entry.get("type")
        if isinstance(kind, str) and kind in fmt.CARD_TYPE_FIELDS:
            fields = {**fmt.CARD_COMMON, **fmt.CARD_TYPE_FIELDS[kind]}
            label = f'[[cards]] of type "{kind}"'
        else:
            # The type is missing or wrong: report that, and still check the
            # other keys against every card key so all typos show at once.
            if kind is None:
                self.report(where, '[[cards]] is missing the required key "type"')
            else:
                self.check_value(kind, fmt.CARD_COMMON["type"], where + ("type",), "[[cards]] type")
            for key in entry:
                if key not in fmt.ALL_CARD_KEYS:
                    self.report(where + (key,), f'unknown key "{key}" in [[cards]]{suggest(key, fmt.ALL_CARD_KEYS)}')
            return []
        values = self.check_table(entry, fields, where, label)
        topic = values.get("topic")
        if topic is not None and topic not in topic_ids:
            hint = suggest(topic, sorted(topic_ids)) if topic_ids else ": declare it in a [[topics]] table"
            self.report(where + ("topic",), f'unknown topic "{topic}"{hint}')
            return []
        required = [f.name for f in fields.values() if f.required]
        if any(name not in values for name in required):
            return []
        return self.build_cards(kind, values, where, deck_id)

    def build_cards(self, kind: str, v: dict[str, Any], where: tuple, deck_id: str) -> list[Card]:
        line = self.positions.locate(where)[0]
        note_id = v.get("id")
        generated = note_id is None
        if generated:
            note_id = _derived_id(kind, v)
            self.report(
                where,
                f'card has no "id": it gets "{note_id}" from its text, so editing the text will '
                "reset its progress; run `quizkit lint --fix-ids` to write stable ids",
                "warning",
            )
        common = dict(
            note_id=note_id, deck_id=deck_id, line=line, topic=v.get("topic"),
            tags=v.get("tags", ()), explain=v.get("explain"), id_generated=generated,
        )
        if kind in ("basic", "reversible"):
            cards = [_card(note_id, kind, v["front"], v["back"], **common)]
            if kind == "reversible":
                cards.append(_card(f"{note_id}/reverse", kind, v["back"], v["front"], **common))
            return cards
        if kind == "cloze":
            text = v["text"]
            ordinals = cloze_ordinals(text)
            if not ordinals:
                self.report(where + ("text",), "cloze text has no deletions: mark one as {{c1::answer}}")
                return []
            cards = []
            for n in ordinals:
                accepted = tuple(d.answer for d in cloze_deletions(text) if d.ordinal == n)
                cards.append(_card(
                    f"{note_id}/c{n}", kind, cloze_prompt(text, n), cloze_answer(text, n),
                    correct=accepted, cloze_text=text, cloze_ordinal=n, **common,
                ))
            return cards
        if kind == "choice":
            return self.build_choice(v, where, common)
        if kind == "truefalse":
            truth = "true" if v["answer"] else "false"
            return [_card(note_id, kind, v["statement"], truth.capitalize(), correct=(truth,), **common)]
        if kind == "typed":
            accepted = (v["answer"], *v.get("accept", ()))
            return [_card(note_id, kind, v["question"], v["answer"], correct=accepted, **common)]
        raise AssertionError(kind)

    def build_choice(self, v: dict[str, Any], where: tuple, common: dict[str, Any]) -> list[Card]:
        choices: tuple[str, ...] = v["choices"]
        problems_before = len(self.problems)
        if len(choices) < 2:
            self.report(where + ("choices",), "choices needs at least two options")
        repeated = [c for c, n in Counter(choices).items() if n > 1]
        if repeated:
            self.report(where + ("choices",), f'choice "{repeated[0]}" is listed twice')
        if "answer" in v and "answers" in v:
            self.report(where + ("answers",), 'give either "answer" (one correct option) or "answers" (several), not both')
        elif "answer" not in v and "answers" not in v:
            self.report(where, 'choice card is missing "answer" (or "answers" for several correct options)')
        correct = (v["answer"],) if "answer" in v else tuple(v.get("answers", ()))
        key = "answer" if "answer" in v else "answers"
        for option in correct:
            if option not in choices:
                close = difflib.get_close_matches(option, choices, n=1)
                hint = f': did you mean "{close[0]}"?' if close else ": copy it exactly from choices"
                self.report(where + (key,), f'{key} "{option}" is not among the choices{hint}')
        if "answers" in v and not correct:
            self.report(where + ("answers",), "answers is empty: list the correct options")
        if len(self.problems) > problems_before:
            return []
        return [_card(
            common["note_id"], "choice", v["question"], "; ".join(correct),
            choices=choices, correct=correct, multiple="answers" in v, **common,
        )]

    # -- exams ------------------------------------------------------------------
    def check_exams(self, entries: list[Any], deck_id: str, topics: list[Topic], cards: list[Card]) -> list[Exam]:
        gradable = Counter(c.topic for c in cards if c.kind in GRADABLE_KINDS)
        total_gradable = sum(gradable.values())
        topic_ids = {t.id for t in topics}
        exams: list[Exam] = []
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            where = ("exams", index)
            values = self.check_table(entry, fmt.EXAM, where, "[[exams]]")
            draws: list[Draw] = []
            for d_index, draw in enumerate(values.get("draw", [])):
                d_where = where + ("draw", d_index)
                d = self.check_table(draw, fmt.DRAW, d_where, "[[exams.draw]]")
                if "topic" not in d or "count" not in d:
                    continue
                if d["topic"] not in topic_ids:
                    self.report(d_where + ("topic",), f'unknown topic "{d["topic"]}"{suggest(d["topic"], sorted(topic_ids))}')
                    continue
                if d["count"] > gradable[d["topic"]]:
                    self.report(
                        d_where + ("count",),
                        f'the exam draws {d["count"]} questions from topic "{d["topic"]}", which has only '
                        f"{gradable[d['topic']]} gradable cards (choice, truefalse, typed, cloze)",
                    )
                draws.append(Draw(d["topic"], d["count"]))
            if any(name not in values for name in ("id", "title", "questions", "pass_mark")):
                continue
            if values["id"] in seen:
                self.report(where + ("id",), f'exam id "{values["id"]}" is already used in this deck')
                continue
            seen.add(values["id"])
            drawn = sum(d.count for d in draws)
            if draws and drawn != values["questions"]:
                self.report(where + ("questions",), f"questions is {values['questions']} but the draws add up to {drawn}: make them agree")
            elif values["questions"] > total_gradable:
                self.report(where + ("questions",), f"the exam asks {values['questions']} questions but the deck has only {total_gradable} gradable cards")
            exams.append(Exam(
                id=values["id"], deck_id=deck_id, title=values["title"],
                questions=values["questions"], pass_mark=float(values["pass_mark"]),
                time_limit=values.get("time_limit"), attempts=values.get("attempts", 0),
                grading=values.get("grading", "highest"), draws=tuple(draws),
                description=values.get("description"),
            ))
        return exams


def _card(card_id: str, kind: str, prompt: str, answer: str, **rest: Any) -> Card:
    content = json.dumps(
        [kind, prompt, answer, rest.get("choices", ()), rest.get("correct", ())], ensure_ascii=False
    )
    digest = hashlib.sha256(content.encode()).hexdigest()[:16]
    return Card(id=card_id, kind=kind, prompt=prompt, answer=answer, content_hash=digest, **rest)  # type: ignore[arg-type]


def _derived_id(kind: str, values: dict[str, Any]) -> str:
    main = next(
        (values[k] for k in ("front", "text", "question", "statement") if k in values), ""
    )
    digest = hashlib.sha256(f"{kind}\0{main}".encode()).hexdigest()[:10]
    return f"{kind}-{digest}"


def _toml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__
