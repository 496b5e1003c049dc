"""The JSON Schema of deck format 1.1, generated from ``deck_format``.

Editors that understand TOML schemas (Taplo, and the Even Better TOML
extension built on it) complete keys and flag mistakes while an author types,
given a first line ``#:schema ../docs/deck.schema.json``. The schema is
draft-07 (Taplo validates drafts 4 to 7): each card type's keys are an
``if``/``then`` rule on ``type``; a draft-04-only validator ignores those and
still checks every key name, type and pattern.

The schema checks each table on its own: keys, types, ranges, id and duration
patterns, the keys each card type takes. What needs the whole deck (a card's
topic is declared, an answer is among the choices, cloze deletions, exam
draws, unique ids) is left to ``quizkit lint``.

Regenerate the committed copy after changing ``deck_format``::

    python -m quizkit.deck.schema            # writes docs/deck.schema.json
    python -m quizkit.deck.schema --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from quizkit.deck import format as fmt

SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#"
# In a source checkout; an installed quizkit has no docs/ to write to.
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "deck.schema.json"
# A string with something other than white space in it.
NOT_BLANK = r"\S"


def deck_schema() -> dict[str, Any]:
    """The JSON Schema of a deck file, as a JSON-ready dict."""
    definitions = {
        name: _table_schema(fields, name)
        for name, fields in fmt.TABLES.items()
        if name not in ("root", "card")
    }
    definitions["card"] = _card_schema()
    root = _table_schema(fmt.ROOT, "root")
    return {
        "$schema": SCHEMA_DRAFT,
        "title": f"quizkit deck, format {fmt.FORMAT_VERSION}",
        "description": "One deck per file: [deck], [[topics]], [[cards]] and [[exams]]. "
        "See docs/deck-format.md; `quizkit lint` checks what a schema cannot.",
        **root,
        "definitions": definitions,
    }


def field_schema(field: fmt.Field) -> dict[str, Any]:
    """The schema of one key's value."""
    kind = field.kind
    schema: dict[str, Any] = {"description": field.description}
    if kind == "string":
        schema["type"] = "string"
    elif kind == "text":
        schema.update(type="string", pattern=NOT_BLANK)
    elif kind == "slug":
        schema.update(type="string", pattern=fmt.SLUG_PATTERN)
    elif kind == "duration":
        schema.update(type="string", pattern=fmt.DURATION_PATTERN)
    elif kind in ("integer", "number", "boolean"):
        schema["type"] = kind
    elif kind == "strings":
        schema.update(type="array", items={"type": "string", "pattern": NOT_BLANK})
    elif kind == "durations":
        schema.update(type="array", items={"type": "string", "pattern": fmt.DURATION_PATTERN})
    elif kind == "version":
        schema["enum"] = list(fmt.FORMAT_VERSIONS)
    elif kind == "alternatives":
        answers = {"type": "array", "items": {"type": "string", "pattern": NOT_BLANK}}
        schema.update(
            type="object",
            patternProperties={fmt.CLOZE_KEY_PATTERN: {**answers, "minItems": 1}},
            additionalProperties=False,
        )
    elif kind == "table":
        schema["$ref"] = f"#/definitions/{field.of}"
    elif kind == "array":
        schema.update(type="array", items={"$ref": f"#/definitions/{field.of}"})
    else:  # pragma: no cover - a kind deck_format added and this did not
        raise AssertionError(kind)
    if field.choices:
        schema["enum"] = list(field.choices)
    if field.minimum is not None:
        schema["minimum"] = _number(field.minimum)
    if field.maximum is not None:
        schema["maximum"] = _number(field.maximum)
    if field.min_items:
        schema["minItems"] = field.min_items
    if field.max_items is not None:
        schema["maxItems"] = field.max_items
    if field.unique_items:
        schema["uniqueItems"] = True
    if field.example and kind not in ("table", "array"):
        schema["examples"] = [tomllib.loads(f"value = {field.example}")["value"]]
    return schema


def _table_schema(fields: dict[str, fmt.Field], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object"}
    described = {f.of: f.description for table in fmt.TABLES.values() for f in table.values()}
    if name in described:
        schema["description"] = described[name]
    required = [f.name for f in fields.values() if f.required]
    if required:
        schema["required"] = required
        schema["x-taplo"] = {"initKeys": required}
    schema["properties"] = {key: field_schema(field) for key, field in fields.items()}
    schema["additionalProperties"] = False
    return schema


def _card_schema() -> dict[str, Any]:
    """Every card key at the top (for completion), and per type the keys it takes."""
    properties = {key: field_schema(field) for key, field in fmt.CARD_COMMON.items()}
    for key in fmt.ALL_CARD_KEYS:
        if key in properties:
            continue
        variants: dict[str, dict[str, Any]] = {}  # one per distinct value shape
        descriptions = []
        for kind, fields in fmt.CARD_TYPE_FIELDS.items():
            if key in fields:
                spec = field_schema(fields[key])
                descriptions.append(f"{kind}: {spec['description']}")
                shape = {k: v for k, v in spec.items() if k not in ("description", "examples")}
                variants.setdefault(json.dumps(shape, sort_keys=True), shape)
        shapes = list(variants.values())
        described = {"description": " ".join(descriptions)}
        properties[key] = (
            {**described, **shapes[0]} if len(shapes) == 1 else {**described, "anyOf": shapes}
        )
    by_type = []
    for kind, fields in fmt.CARD_TYPE_FIELDS.items():
        then: dict[str, Any] = {
            "required": [f.name for f in fields.values() if f.required],
            "propertyNames": {"enum": [*fmt.CARD_COMMON, *fields]},
            "properties": {key: field_schema(field) for key, field in fields.items()},
        }
        if kind in fmt.CARD_EXACTLY_ONE:
            then["oneOf"] = [{"required": [key]} for key in fmt.CARD_EXACTLY_ONE[kind]]
        by_type.append(
            {
                "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
                "then": then,
            }
        )
    return {
        "type": "object",
        "description": fmt.ROOT["cards"].description,
        "required": ["type"],
        "x-taplo": {"initKeys": ["id", "type"]},
        "properties": properties,
        "additionalProperties": False,
        "allOf": by_type,
    }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def render() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(deck_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m quizkit.deck.schema",
        description="Write the JSON Schema of deck files (generated from quizkit.deck.format).",
    )
    parser.add_argument(
        "out",
        nargs="?",
        type=Path,
        help="where to write it (default: docs/deck.schema.json of this source checkout)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the file differs from the generated schema",
    )
    args = parser.parse_args(argv)
    if args.out is None:
        if not (DEFAULT_PATH.parents[1] / "pyproject.toml").is_file():
            parser.error("not in a quizkit source checkout: name the file to write")
        args.out = DEFAULT_PATH
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(
                f"{args.out} is out of date: run python -m quizkit.deck.schema",
                file=sys.stderr,
            )
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
