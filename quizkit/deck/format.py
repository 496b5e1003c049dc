"""Deck format 1.1: every table, key and type, in one place.

The validator (``deck_loader``) and the published JSON Schema (``deck_schema``)
are both read off these tables, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_VERSION = "1.1"
# What ``format`` may say: format 1 decks load unchanged; 1.1 adds optional keys only.
FORMAT_VERSIONS: tuple[object, ...] = (1, 1.1, "1", "1.1")

# Written for Python's ``re`` and for JSON Schema's ECMA-262 regexes alike.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DURATION_PATTERN = r"^\s*\d+(?:\.\d+)?\s*[smhd]\s*$"
CLOZE_KEY_PATTERN = r"^c[1-9][0-9]*$"
MAX_PER_DAY = 1_000_000


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    # string | text (non-empty string) | slug | integer | number | boolean |
    # strings (list of non-empty strings) | duration | durations | table | array |
    # version (the format line) | alternatives (a table c1 = [strings], c2 = ...)
    kind: str
    description: str
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    # strings: the fewest entries, and whether an entry may appear twice.
    min_items: int = 0
    max_items: int | None = None
    unique_items: bool = False
    # table / array: the name of the table (in TABLES) its entries follow.
    of: str = ""
    # A value as it would be written in TOML, for "add it" hints and the docs.
    example: str = ""


def _fields(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


ROOT = _fields(
    Field(
        "format",
        "version",
        "Deck format version: 1, or 1.1 for a deck that uses the 1.1 keys.",
        required=True,
        example="1",
    ),
    Field("deck", "table", "The deck's identity and options.", required=True, of="deck"),
    Field("topics", "array", "Topics that cards and exam blueprints refer to.", of="topic"),
    Field(
        "cards", "array", "The notes of the deck; each yields one or more study cards.", of="card"
    ),
    Field(
        "exams", "array", "Certification exams drawn from this deck's gradable cards.", of="exam"
    ),
)

DECK = _fields(
    Field(
        "id",
        "slug",
        "Stable deck id: lowercase letters, digits and '-'.",
        required=True,
        example='"gluteus-medius"',
    ),
    Field(
        "title",
        "text",
        "The deck's name as learners see it.",
        required=True,
        example='"Gluteus medius trigger points"',
    ),
    Field("description", "text", "A sentence or two on what the deck covers."),
    Field("version", "text", "The author's own release label.", example='"2026.1"'),
    Field("language", "text", "Language of the cards, e.g. 'en'.", example='"en"'),
    Field("source", "table", "Where the facts come from.", of="source"),
    Field("options", "table", "Scheduling defaults for this deck.", of="options"),
)

SOURCE = _fields(
    Field("title", "text", "Title of the source."),
    Field("author", "text", "Author of the source."),
    Field("publisher", "text", "Publisher of the source."),
    Field("url", "text", "Where the source can be found."),
)

OPTIONS = _fields(
    Field(
        "desired_retention",
        "number",
        "Target recall probability at review time.",
        minimum=0.7,
        maximum=0.99,
        example="0.9",
    ),
    # The maxima keep a typo (or 2**63) from overflowing SQLite and date arithmetic later.
    Field(
        "new_per_day",
        "integer",
        "New cards introduced per study day.",
        minimum=0,
        maximum=MAX_PER_DAY,
        example="20",
    ),
    Field(
        "reviews_per_day",
        "integer",
        "Most reviews shown per study day.",
        minimum=0,
        maximum=MAX_PER_DAY,
        example="200",
    ),
    Field(
        "learning_steps",
        "durations",
        'Steps for new cards, e.g. ["1m", "10m"].',
        example='["1m", "10m"]',
    ),
    Field("relearning_steps", "durations", 'Steps after a lapse, e.g. ["10m"].', example='["10m"]'),
    Field(
        "maximum_interval",
        "duration",
        'Longest interval between reviews, e.g. "36500d".',
        example='"36500d"',
    ),
    Field(
        "typo_tolerance",
        "boolean",
        "Accept typed and cloze answers with a small spelling mistake (shown as 'Almost').",
        example="true",
    ),
)

# Options that decide how answers are marked: the author's, never a learner's config.
AUTHOR_ONLY_OPTIONS = frozenset({"typo_tolerance"})

TOPIC = _fields(
    Field(
        "id",
        "slug",
        "Topic id that cards and exams refer to.",
        required=True,
        example='"functions"',
    ),
    Field(
        "title",
        "text",
        "Topic name as learners see it.",
        required=True,
        example='"Muscle functions"',
    ),
)

CARD_TYPES = ("basic", "reversible", "cloze", "choice", "truefalse", "typed")

CARD_COMMON = _fields(
    Field("id", "slug", "Stable card id; progress is keyed by it.", example='"gmed-abduction"'),
    Field(
        "type", "string", "The kind of card.", required=True, choices=CARD_TYPES, example='"basic"'
    ),
    Field("topic", "slug", "A topic id declared in [[topics]]."),
    Field("tags", "strings", "Free-form labels."),
    Field("explain", "text", "Why the answer is right; shown after answering."),
    Field(
        "group",
        "slug",
        "Cards asking one fact in different forms share a group: studied as siblings, "
        "and an exam draws at most one of them.",
        example='"gmed-abduction"',
    ),
)

_TYPO_TOLERANCE = Field(
    "typo_tolerance",
    "boolean",
    "Accept an answer with a small spelling mistake; default: the deck's option.",
    example="false",
)

CARD_TYPE_FIELDS: dict[str, dict[str, Field]] = {
    "basic": _fields(
        Field("front", "text", "The question side.", required=True, example='"..."'),
        Field("back", "text", "The answer side.", required=True, example='"..."'),
    ),
    "reversible": _fields(
        Field(
            "front",
            "text",
            "One side; asked front->back and back->front.",
            required=True,
            example='"..."',
        ),
        Field("back", "text", "The other side.", required=True, example='"..."'),
        Field(
            "sides",
            "strings",
            'What the front and the back are, e.g. ["Term", "Meaning"].',
            min_items=2,
            max_items=2,
            example='["Term", "Meaning"]',
        ),
    ),
    "cloze": _fields(
        Field(
            "text",
            "text",
            "Text with deletions: {{c1::answer}} or {{c1::answer::hint}}.",
            required=True,
            example='"The {{c1::answer}} is hidden."',
        ),
        Field(
            "accept",
            "alternatives",
            'Other accepted answers per deletion, e.g. { c1 = ["maximus"] }.',
            example='{ c1 = ["maximus"] }',
        ),
        _TYPO_TOLERANCE,
    ),
    "choice": _fields(
        Field("question", "text", "The question.", required=True, example='"..."'),
        Field(
            "choices",
            "strings",
            "The options shown.",
            required=True,
            min_items=2,
            unique_items=True,
            example='["...", "..."]',
        ),
        Field("answer", "text", "The one correct option (single answer)."),
        Field(
            "answers",
            "strings",
            "Every correct option (multiple answers).",
            min_items=1,
            unique_items=True,
        ),
        Field(
            "shuffle",
            "boolean",
            "Show the options in a new order each time (default true); false keeps this order.",
            example="false",
        ),
    ),
    "truefalse": _fields(
        Field(
            "statement",
            "text",
            "A statement that is true or false.",
            required=True,
            example='"..."',
        ),
        Field("answer", "boolean", "Whether the statement is true.", required=True, example="true"),
    ),
    "typed": _fields(
        Field("question", "text", "The question.", required=True, example='"..."'),
        Field("answer", "text", "The expected answer.", required=True, example='"..."'),
        Field("accept", "strings", "Other accepted answers."),
        _TYPO_TOLERANCE,
    ),
}

# Per card type: keys of which exactly one must be given.
CARD_EXACTLY_ONE: dict[str, tuple[str, ...]] = {"choice": ("answer", "answers")}

ALL_CARD_KEYS = sorted(set(CARD_COMMON).union(*CARD_TYPE_FIELDS.values()))

GRADINGS = ("highest", "average", "first", "last")
REVIEWS = ("after_submit", "score_only")

EXAM = _fields(
    Field("id", "slug", "Stable exam id.", required=True, example='"gmed-certification"'),
    Field("title", "text", "The exam's name.", required=True, example='"..."'),
    Field("description", "text", "What the exam certifies."),
    Field(
        "questions",
        "integer",
        "How many questions an attempt has.",
        required=True,
        minimum=1,
        example="25",
    ),
    Field(
        "pass_mark",
        "number",
        "Fraction of the maximum score needed to pass (0-1).",
        required=True,
        minimum=0,
        maximum=1,
        example="0.8",
    ),
    Field("time_limit", "duration", 'Time allowed for an attempt, e.g. "20m".', example='"20m"'),
    Field("attempts", "integer", "Attempts allowed; 0 means unlimited.", minimum=0, example="3"),
    Field("grading", "string", "Which attempt counts.", choices=GRADINGS, example='"highest"'),
    Field(
        "shuffle_questions",
        "boolean",
        "Ask the drawn questions in a random order (default true).",
        example="true",
    ),
    Field(
        "shuffle_choices",
        "boolean",
        "Shuffle each choice question's options, unless the card says shuffle = false.",
        example="true",
    ),
    Field(
        "delay_between_attempts",
        "duration",
        'Least time between two certification attempts, e.g. "24h".',
        example='"24h"',
    ),
    Field(
        "review",
        "string",
        "After submitting: the answers and the right ones (after_submit), or the score only.",
        choices=REVIEWS,
        example='"after_submit"',
    ),
    Field("draw", "array", "Blueprint: how many questions to draw from each topic.", of="draw"),
)

DRAW = _fields(
    Field(
        "topic", "slug", "A topic id declared in [[topics]].", required=True, example='"functions"'
    ),
    Field(
        "count", "integer", "Questions drawn from the topic.", required=True, minimum=1, example="6"
    ),
)

# The tables that ``Field.of`` names; "card" is CARD_COMMON plus CARD_TYPE_FIELDS.
TABLES: dict[str, dict[str, Field]] = {
    "root": ROOT,
    "deck": DECK,
    "source": SOURCE,
    "options": OPTIONS,
    "topic": TOPIC,
    "card": CARD_COMMON,
    "exam": EXAM,
    "draw": DRAW,
}
