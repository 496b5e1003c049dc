"""Property tests: whatever bytes a deck file holds, loading it raises nothing but DeckError.

Three sources of input: random text and bytes, a valid deck mutated the way
an author's typo (or a bad merge) would, and well-formed TOML documents built
from the format's own keys with values of every TOML type. Every problem must
name a line inside the file, and a deck the loader accepts must also pass the
published JSON Schema (an editor must never underline a valid deck).
"""

from __future__ import annotations

import contextlib
import json
import math
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, get_args

import jsonschema
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizkit.deck import format as fmt
from quizkit.deck.loader import LoadedDeck, parse_deck
from quizkit.deck.model import Card, CardKind
from quizkit.deck.problems import DeckError

SCHEMA = jsonschema.Draft7Validator(
    json.loads(
        (Path(__file__).resolve().parents[2] / "docs" / "deck.schema.json").read_text("utf-8")
    )
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VALID = '''\
#:schema ../docs/deck.schema.json
format = 1

[deck]
id = "demo"
title = "Demo deck"

[deck.options]
learning_steps = ["1m", "10m"]
maximum_interval = "3650d"

[[topics]]
id = "muscles"
title = "Muscles"

[[cards]]
id = "basic"
type = "basic"
topic = "muscles"
front = "Front?"
back = "Back"
tags = ["a", "b"]

[[cards]]
type = "reversible"
front = "Gmed"
back = "Gluteus medius"

[[cards]]
id = "cloze"
type = "cloze"
topic = "muscles"
text = """The {{c1::maximus}} covers
the {{c2::medius::a muscle}}."""

[[cards]]
id = "choice"
type = "choice"
topic = "muscles"
question = "Which?"
choices = ["a", "b", "c"]
answer = "a"

[[cards]]
id = "truefalse"
type = "truefalse"
statement = "True?"
answer = true

[[cards]]
id = "typed"
type = "typed"
question = "Name it"
answer = "minimus"
accept = ["gluteus minimus"]

[[exams]]
id = "final"
title = "Final"
questions = 2
pass_mark = 0.8
time_limit = "20m"

[[exams.draw]]
topic = "muscles"
count = 2
'''

# Fragments that mean something to TOML or to the deck format.
TOKENS = [
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    '"',
    "'",
    '"""',
    "'''",
    "#",
    ".",
    ",",
    "\\",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\x00",
    "\x1b[31m",
    "\u2028",
    "\ufeff",
    "é",
    "[[cards]]",
    "[deck]",
    "[[exams.draw]]",
    "[cards.x]",
    "{{c1::",
    "{{c0::a}}",
    "::",
    "}}",
    "nan",
    "inf",
    "-0",
    "1e400",
    "0x1F",
    "99999999999999999999999",
    "1979-05-27",
    "07:32:00",
    "true",
    "false",
    '"0m"',
    '"99999999999d"',
    'type = "cloze"',
    'answers = ["a"]',
    'topic = "nowhere"',
    "id = ",
    '""',
    "[]",
    "{}",
]


def check(data: bytes) -> LoadedDeck | None:
    """Load ``data``; it must succeed or raise DeckError with well-placed problems."""
    try:
        loaded = parse_deck(data, Path("fuzz.toml"))
    except DeckError as exc:
        assert exc.problems, "a DeckError must carry at least one problem"
        assert exc.errors, "a DeckError must carry at least one error"
        problems = exc.problems
        loaded = None
    else:
        problems = list(loaded.warnings)
        assert all(p.severity == "warning" for p in problems)
        for card in loaded.deck.cards:
            assert isinstance(card, Card) and card.kind in get_args(CardKind)
            assert card.id and isinstance(card.prompt, str) and isinstance(card.answer, str)
    lines = data.count(b"\n") + 1
    for problem in problems:
        assert 1 <= problem.line <= lines, (problem, lines)
        assert problem.col >= 1, problem
        assert problem.message.strip(), problem
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    return loaded


@FUZZ
@given(st.text())
def test_random_text_raises_only_deck_errors(text):
    check(text.encode("utf-8"))


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_deck_errors(data):
    check(data)


@st.composite
def mutated(draw) -> str:
    """The valid deck with a few typo-like edits."""
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["delete", "insert", "replace", "line"]))
        if edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 30)) :]
        elif edit == "insert":
            fragment = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=5)))
            text = text[:at] + fragment + text[at:]
        elif edit == "replace":
            fragment = draw(st.sampled_from(TOKENS))
            text = text[:at] + fragment + text[at + len(fragment) :]
        else:  # duplicate, drop or move a whole line
            lines = text.split("\n")
            index = draw(st.integers(0, len(lines) - 1))
            line = lines.pop(index)
            if draw(st.booleans()):
                lines.insert(draw(st.integers(0, len(lines))), line)
                lines.insert(draw(st.integers(0, len(lines))), line)
            text = "\n".join(lines)
    return text


def test_the_unmutated_deck_is_valid():
    loaded = check(VALID.encode())
    assert loaded is not None and len(loaded.deck.cards) == 8


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_decks_raise_only_deck_errors(text):
    check(text.encode("utf-8"))


# -- well-formed TOML built from the format's keys ------------------------------------------
SCALARS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "demo",
            "muscles",
            "basic",
            "cloze",
            "choice",
            "20m",
            "0m",
            "1w",
            "{{c1::a}}",
            "{{c1::}}",
            "a",
            "b",
            "Front?",
            "99999999999d",
            "highest",
        ]
    ),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, 1, 2, -1, 10**6]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 0.5, 0.8, 1.0, 1.5, math.nan]),
    st.booleans(),
    st.just(date(2026, 1, 2)),
    st.just(datetime(2026, 1, 2, 3, 4, 5)),
    st.just(time(1, 2, 3)),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=4),
    st.lists(st.sampled_from(["a", "b", "c", "1m", "10m"]), max_size=4),
)


def table_of(fields: dict[str, fmt.Field], extra_keys: list[str] = ()) -> st.SearchStrategy:
    keys = st.sampled_from([*fields, *extra_keys, "frnot", "titel"])
    return st.dictionaries(keys, VALUES, max_size=len(fields) + 1)


def valid_value(field: fmt.Field) -> st.SearchStrategy:
    """Values the validator accepts for ``field`` on its own (not across the deck)."""
    low = field.minimum if field.minimum is not None else -1000
    high = field.maximum if field.maximum is not None else 1000
    texts = st.sampled_from(
        ["a", "b", "Front?", "x  y", "Ünïcödé", "{{c1::a}} and {{c2::b::hint}}"]
    )
    durations = st.sampled_from(["1m", "10m", " 2h ", "1.5d", "90s"])
    return {
        "string": st.sampled_from(field.choices or ("x",)),
        "text": texts,
        "slug": st.sampled_from(["muscles", "a-1", "demo", "x"]),
        "integer": st.integers(int(low), int(high)),
        "number": st.floats(low, high),
        "boolean": st.booleans(),
        "strings": st.lists(texts, min_size=field.min_items, max_size=4, unique=field.unique_items),
        "duration": durations,
        "durations": st.lists(durations, max_size=3),
        "table": st.just({}),
        "array": st.just([]),
        "version": st.sampled_from(fmt.FORMAT_VERSIONS),
        "alternatives": st.just({}),
    }[field.kind]


@st.composite
def good_card(draw) -> dict[str, Any]:
    """A card whose every key is valid on its own; whether the deck accepts it may still vary."""
    kind = draw(st.sampled_from(fmt.CARD_TYPES))
    fields = {**fmt.CARD_COMMON, **fmt.CARD_TYPE_FIELDS[kind]}
    card = {"type": kind}
    for name, field in fields.items():
        if name != "type" and (field.required or draw(st.booleans())):
            card[name] = draw(valid_value(field))
    if "topic" in card:
        card["topic"] = "muscles"
    if kind == "cloze":
        card["text"] = draw(
            st.sampled_from(["{{c1::a}}", "A {{c1::b}} {{c2::c::hint}}", "{{c3::x}}."])
        )
    if kind == "choice":
        card["choices"] = ["a", "b", "c"]
        card.pop("answers" if "answer" in card else "answer", None)
        if "answer" in card or "answers" not in card:
            card["answer"] = draw(st.sampled_from(["a", "b", "c"]))
        else:
            card["answers"] = draw(
                st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, unique=True)
            )
    return card


def card_strategy() -> st.SearchStrategy:
    wild = st.builds(
        lambda kind, values: {"type": kind, **values},
        st.sampled_from([*fmt.CARD_TYPES, "basc"]),
        table_of(fmt.CARD_COMMON, fmt.ALL_CARD_KEYS),
    )
    return st.one_of(wild, good_card(), good_card())


def good_table(fields: dict[str, fmt.Field]) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {
            n: valid_value(f)
            for n, f in fields.items()
            if f.required and f.kind not in ("table", "array")
        },
        optional={
            n: valid_value(f)
            for n, f in fields.items()
            if not f.required and f.kind not in ("table", "array")
        },
    )


def exam_strategy() -> st.SearchStrategy:
    draws = st.lists(table_of(fmt.DRAW), max_size=2)
    return st.builds(lambda exam, d: {**exam, "draw": d} if d else exam, table_of(fmt.EXAM), draws)


WILD_DOCUMENTS = st.fixed_dictionaries(
    {
        "format": st.one_of(st.just(1), SCALARS),
        "deck": st.one_of(table_of(fmt.DECK), good_table(fmt.DECK)),
    },
    optional={
        "topics": st.lists(table_of(fmt.TOPIC), max_size=3),
        "cards": st.lists(card_strategy(), max_size=4),
        "exams": st.lists(st.one_of(exam_strategy(), good_table(fmt.EXAM)), max_size=2),
    },
)


def with_unique_ids(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**card, "id": f"card-{n}"} if "id" in card else card for n, card in enumerate(cards)]


GOOD_DOCUMENTS = st.fixed_dictionaries(
    {
        "format": st.just(1),
        "deck": st.fixed_dictionaries(
            {"id": st.just("demo"), "title": st.just("Demo")},
            optional={
                "options": good_table(fmt.OPTIONS),
                "source": good_table(fmt.SOURCE),
                "description": valid_value(fmt.DECK["description"]),
            },
        ),
        "topics": st.just([{"id": "muscles", "title": "Muscles"}]),
        "cards": st.lists(good_card(), min_size=1, max_size=5).map(with_unique_ids),
    },
    optional={
        "exams": st.lists(good_table(fmt.EXAM).map(lambda e: {**e, "questions": 1}), max_size=1),
    },
)

DOCUMENTS = st.one_of(WILD_DOCUMENTS, GOOD_DOCUMENTS)


@FUZZ
@given(DOCUMENTS)
def test_documents_of_format_keys_raise_only_deck_errors_and_valid_ones_pass_the_schema(document):
    text = tomlkit.dumps(document)
    loaded = check(text.encode("utf-8"))
    if loaded is not None:
        errors = [e.message for e in SCHEMA.iter_errors(tomllib.loads(text))]
        assert errors == [], f"the loader accepts a deck the schema rejects: {errors}\n{text}"


def test_the_document_strategy_often_builds_decks_the_loader_accepts():
    accepted = []

    @settings(max_examples=100, deadline=None, database=None)
    @given(DOCUMENTS)
    def count(document):
        with contextlib.suppress(DeckError):
            accepted.append(parse_deck(tomlkit.dumps(document).encode(), Path("x.toml")))

    count()
    assert len(accepted) >= 10  # else the schema property above proves little
