"""docs/deck.schema.json: generated from deck_format, and in step with the validator."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomlkit

from quizkit.base.paths import bundled_decks_dir
from quizkit.deck import format as fmt
from quizkit.deck.loader import parse_deck
from quizkit.deck.problems import DeckError
from quizkit.deck.schema import DEFAULT_PATH, deck_schema, main, render

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "deck.schema.json"

VALID = """\
format = 1

[deck]
id = "demo"
title = "Demo deck"
description = "Every table and card type."
version = "1"
language = "en"

[deck.source]
title = "A book"
author = "An author"
publisher = "A publisher"
url = "https://example.org"

[deck.options]
desired_retention = 0.9
new_per_day = 10
reviews_per_day = 100
learning_steps = ["1m", "10m"]
relearning_steps = ["10m"]
maximum_interval = "3650d"

[[topics]]
id = "muscles"
title = "Muscles"

[[cards]]
id = "basic"
type = "basic"
topic = "muscles"
tags = ["a"]
front = "Front?"
back = "Back"
explain = "Why."

[[cards]]
id = "reversible"
type = "reversible"
front = "Gmed"
back = "Gluteus medius"

[[cards]]
id = "cloze"
type = "cloze"
topic = "muscles"
text = "The {{c1::maximus}} covers the {{c2::medius::a muscle}}."

[[cards]]
id = "single"
type = "choice"
topic = "muscles"
question = "Which?"
choices = ["a", "b"]
answer = "a"

[[cards]]
id = "multiple"
type = "choice"
question = "Which ones?"
choices = ["a", "b", "c"]
answers = ["a", "c"]

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
description = "The exam."
questions = 2
pass_mark = 0.8
time_limit = "20m"
attempts = 3
grading = "highest"

[[exams.draw]]
topic = "muscles"
count = 2
"""


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))


def schema_errors(validator: jsonschema.Draft7Validator, document: dict[str, Any]) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]


def loader_errors(document: dict[str, Any]) -> list[str]:
    """The validator's errors for ``document``, written back to TOML as an author would."""
    try:
        parse_deck(tomlkit.dumps(document).encode("utf-8"), Path("demo.toml"))
    except DeckError as exc:
        return [p.message for p in exc.errors]
    return []


def test_committed_schema_is_the_one_generated_from_deck_format():
    assert COMMITTED == DEFAULT_PATH
    assert COMMITTED.read_text(encoding="utf-8") == render(), (
        "docs/deck.schema.json is out of date: run python -m quizkit.deck.schema"
    )


def test_schema_command_writes_the_schema_and_checks_it(tmp_path, capsys):
    out = tmp_path / "deck.schema.json"
    assert main(["--check", str(out)]) == 1
    assert main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render()
    assert main(["--check", str(out)]) == 0
    assert main(["--check"]) == 0  # the committed copy


def test_schema_is_valid_draft_07():
    schema = deck_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


def test_schema_lists_every_key_of_every_table_with_its_description():
    schema = deck_schema()
    tables = {"root": schema, **schema["definitions"]}
    for name, fields in fmt.TABLES.items():
        if name == "card":
            continue
        assert list(tables[name]["properties"]) == list(fields), name
        assert tables[name].get("required", []) == [f.name for f in fields.values() if f.required]
        assert tables[name]["additionalProperties"] is False
        for key, field in fields.items():
            assert tables[name]["properties"][key]["description"] == field.description
    card = schema["definitions"]["card"]
    assert sorted(card["properties"]) == fmt.ALL_CARD_KEYS
    assert card["additionalProperties"] is False
    by_type = {rule["if"]["properties"]["type"]["const"]: rule["then"] for rule in card["allOf"]}
    assert list(by_type) == list(fmt.CARD_TYPES)
    for kind, then in by_type.items():
        fields = fmt.CARD_TYPE_FIELDS[kind]
        assert then["propertyNames"]["enum"] == [*fmt.CARD_COMMON, *fields]
        assert then["required"] == [f.name for f in fields.values() if f.required]


def test_schema_accepts_a_deck_using_every_table_and_card_type(validator):
    document = tomllib.loads(VALID)
    assert loader_errors(document) == []
    assert schema_errors(validator, document) == []


def test_the_schema_ships_where_the_bundled_decks_schema_line_finds_it_after_install():
    """The wheel puts decks/ in quizkit/decks and the schema in quizkit/docs, as in a clone."""
    pyproject = tomllib.loads((COMMITTED.parents[1] / "pyproject.toml").read_text())
    shipped = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped["decks"] == "quizkit/decks"
    installed_schema = Path(shipped["docs/deck.schema.json"])
    for path in sorted(bundled_decks_dir().glob("*.toml")):
        line = path.read_text(encoding="utf-8").splitlines()[0]
        relative = line.removeprefix("#:schema ")
        resolved = Path(os.path.normpath(Path(shipped["decks"]) / relative))
        assert resolved == installed_schema, path


def test_schema_accepts_the_bundled_decks(validator):
    decks = sorted(bundled_decks_dir().glob("*.toml"))
    assert decks
    for path in decks:
        assert schema_errors(validator, tomllib.loads(path.read_text(encoding="utf-8"))) == [], path


def test_bundled_decks_point_editors_at_the_schema():
    for path in sorted(bundled_decks_dir().glob("*.toml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "#:schema ../docs/deck.schema.json", path
        assert (path.parent / "../docs/deck.schema.json").resolve() == COMMITTED


def _set(document: dict, where: tuple, value: Any) -> None:
    *parents, last = where
    for part in parents:
        document = document[part]
    if value is DELETE:
        del document[last]
    else:
        document[last] = value


DELETE = object()
CARD = {
    name: index
    for index, name in enumerate(
        ["basic", "reversible", "cloze", "single", "multiple", "truefalse", "typed"]
    )
}

# Mistakes both the schema (while typing) and the validator (at lint) must catch.
MISTAKES = {
    "card key typo": (("cards", CARD["basic"], "frnot"), "x"),
    "deck key typo": (("deck", "titel"), "x"),
    "unknown top-level key": (("title",), "x"),
    "source key typo": (("deck", "source", "autor"), "x"),
    "options key typo": (("deck", "options", "new_per_dya"), 1),
    "topic key typo": (("topics", 0, "name"), "x"),
    "exam key typo": (("exams", 0, "passmark"), 0.5),
    "draw key typo": (("exams", 0, "draw", 0, "cout"), 1),
    "key of another card type": (("cards", CARD["basic"], "answer"), "x"),
    "front not a string": (("cards", CARD["basic"], "front"), 3),
    "tags not a list": (("cards", CARD["basic"], "tags"), "a"),
    "truefalse answer in quotes": (("cards", CARD["truefalse"], "answer"), "true"),
    "choice answer not a string": (("cards", CARD["single"], "answer"), True),
    "typed answer a boolean": (("cards", CARD["typed"], "answer"), False),
    "option of the wrong type": (("deck", "options", "new_per_day"), "20"),
    "deck not a table": (("deck",), "demo"),
    "cards not an array of tables": (("cards",), ["a"]),
    "missing back": (("cards", CARD["basic"], "back"), DELETE),
    "missing type": (("cards", CARD["basic"], "type"), DELETE),
    "missing cloze text": (("cards", CARD["cloze"], "text"), DELETE),
    "missing statement": (("cards", CARD["truefalse"], "statement"), DELETE),
    "missing deck id": (("deck", "id"), DELETE),
    "missing deck title": (("deck", "title"), DELETE),
    "missing format": (("format",), DELETE),
    "missing deck": (("deck",), DELETE),
    "missing topic title": (("topics", 0, "title"), DELETE),
    "missing exam questions": (("exams", 0, "questions"), DELETE),
    "missing draw count": (("exams", 0, "draw", 0, "count"), DELETE),
    "empty front": (("cards", CARD["basic"], "front"), "  "),
    "empty tag": (("cards", CARD["basic"], "tags"), ["a", " "]),
    "card id not a slug": (("cards", CARD["basic"], "id"), "Bad Id"),
    "deck id not a slug": (("deck", "id"), "demo deck"),
    "topic reference not a slug": (("cards", CARD["basic"], "topic"), "Muscles!"),
    "time limit not a duration": (("exams", 0, "time_limit"), "20 minutes"),
    "learning step not a duration": (("deck", "options", "learning_steps"), ["1m", "ten"]),
    "maximum interval in weeks": (("deck", "options", "maximum_interval"), "52w"),
    "pass mark above 1": (("exams", 0, "pass_mark"), 1.5),
    "pass mark below 0": (("exams", 0, "pass_mark"), -0.1),
    "retention too low": (("deck", "options", "desired_retention"), 0.5),
    "format 2": (("format",), 2),
    "no questions": (("exams", 0, "questions"), 0),
    "draw of zero": (("exams", 0, "draw", 0, "count"), 0),
    "negative attempts": (("exams", 0, "attempts"), -1),
    "negative new cards": (("deck", "options", "new_per_day"), -1),
    "unknown card type": (("cards", CARD["basic"], "type"), "basc"),
    "unknown grading": (("exams", 0, "grading"), "best"),
    "answer and answers": (("cards", CARD["single"], "answers"), ["a"]),
    "neither answer nor answers": (("cards", CARD["single"], "answer"), DELETE),
    "one choice only": (("cards", CARD["multiple"], "choices"), ["a"]),
    "a choice listed twice": (("cards", CARD["multiple"], "choices"), ["a", "a", "c"]),
    "empty answers": (("cards", CARD["multiple"], "answers"), []),
    "format 1.2": (("format",), 1.2),
    "group not an id": (("cards", CARD["basic"], "group"), "Not An Id"),
    "shuffle on a basic card": (("cards", CARD["basic"], "shuffle"), False),
    "shuffle in quotes": (("cards", CARD["single"], "shuffle"), "no"),
    "three sides": (("cards", CARD["reversible"], "sides"), ["a", "b", "c"]),
    "cloze accept not per deletion": (("cards", CARD["cloze"], "accept"), {"first": ["x"]}),
    "cloze accept a list": (("cards", CARD["cloze"], "accept"), ["x"]),
    "cloze accept entry empty": (("cards", CARD["cloze"], "accept"), {"c1": []}),
    "typo tolerance in quotes": (("deck", "options", "typo_tolerance"), "yes"),
    "typo tolerance on a choice card": (("cards", CARD["single"], "typo_tolerance"), True),
    "unknown review": (("exams", 0, "review"), "answers"),
    "delay not a duration": (("exams", 0, "delay_between_attempts"), "1 day"),
    "shuffle_questions in quotes": (("exams", 0, "shuffle_questions"), "true"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_schema_and_validator_reject_the_same_mistakes(validator, mistake):
    document = tomllib.loads(VALID)
    where, value = MISTAKES[mistake]
    _set(document, where, value)
    assert schema_errors(validator, document), f"the schema accepts: {mistake}"
    assert loader_errors(document), f"the validator accepts: {mistake}"


# Checks that need the whole deck, or a parse the schema's patterns cannot do:
# `quizkit lint` makes them, the editor does not (docs/deck-format.md says so).
LINT_ONLY = {
    "unknown topic": (("cards", CARD["basic"], "topic"), "legs"),
    "answer not among choices": (("cards", CARD["single"], "answer"), "z"),
    "cloze without deletions": (("cards", CARD["cloze"], "text"), "nothing hidden"),
    "duplicate card id": (("cards", CARD["reversible"], "id"), "basic"),
    "exam draws more than the topic has": (("exams", 0, "draw", 0, "count"), 3),
    "zero duration": (("exams", 0, "time_limit"), "0m"),
    "typed answer without letters": (("cards", CARD["typed"], "answer"), "?!"),
}


@pytest.mark.parametrize("check", list(LINT_ONLY))
def test_checks_that_need_the_whole_deck_are_left_to_lint(validator, check):
    document = tomllib.loads(VALID)
    where, value = LINT_ONLY[check]
    _set(document, where, value)
    assert schema_errors(validator, document) == []
    assert loader_errors(document), f"the validator accepts: {check}"


def test_the_format_reference_documents_every_table_key_and_card_type():
    reference = (COMMITTED.parent / "deck-format.md").read_text(encoding="utf-8")
    keys = {key for fields in fmt.TABLES.values() for key in fields}
    keys |= {key for fields in fmt.CARD_TYPE_FIELDS.values() for key in fields}
    assert sorted(key for key in keys if f"`{key}`" not in reference) == []
    assert [kind for kind in fmt.CARD_TYPES if f"#### `{kind}`" not in reference] == []
    assert "#:schema ../docs/deck.schema.json" in reference


FORMAT_1_1 = {
    ("format",): 1.1,
    ("deck", "options", "typo_tolerance"): False,
    ("cards", CARD["basic"], "group"): "muscles-group",
    ("cards", CARD["reversible"], "sides"): ["Abbreviation", "Muscle"],
    ("cards", CARD["cloze"], "accept"): {"c1": ["max"], "c2": ["medius"]},
    ("cards", CARD["cloze"], "typo_tolerance"): True,
    ("cards", CARD["single"], "shuffle"): False,
    ("cards", CARD["typed"], "typo_tolerance"): False,
    ("exams", 0, "shuffle_questions"): False,
    ("exams", 0, "shuffle_choices"): False,
    ("exams", 0, "delay_between_attempts"): "24h",
    ("exams", 0, "review"): "score_only",
}


def test_schema_and_validator_accept_every_format_1_1_key(validator):
    document = tomllib.loads(VALID)
    for where, value in FORMAT_1_1.items():
        _set(document, where, value)
    assert loader_errors(document) == []
    assert schema_errors(validator, document) == []
