"""Deck format version 1: every table, key and type, in one place.

The validator (``deck_loader``) and the published JSON Schema (``deck_schema``)
are both read off these tables, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DURATION_PATTERN = r"^\s*\d+(?:\.\d+)?\s*[smhd]\s*$"


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    # string | text (non-empty string) | slug | integer | number | boolean |
    # strings (list of non-empty strings) | duration | durations | table | array
    kind: str
    description: str
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


def _fields(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


ROOT = _fields(
    Field("format", "integer", "Deck format version; this is version 1.", required=True,
          minimum=1, maximum=1),
    Field("deck", "table", "The deck's identity and options.", required=True),
    Field("topics", "array", "Topics that cards and exam blueprints refer to."),
    Field("cards", "array", "The notes of the deck; each yields one or more study cards."),
    Field("exams", "array", "Certification exams drawn from this deck's gradable cards."),
)

DECK = _fields(
    Field("id", "slug", "Stable deck id: lowercase letters, digits and '-'.", required=True),
    Field("title", "text", "The deck's name as learners see it.", required=True),
    Field("description", "text", "A sentence or two on what the deck covers."),
    Field("version", "text", "The author's own release label."),
    Field("language", "text", "Language of the cards, e.g. 'en'."),
    Field("source", "table", "Where the facts come from."),
    Field("options", "table", "Scheduling defaults for this deck."),
)

SOURCE = _fields(
    Field("title", "text", "Title of the source."),
    Field("author", "text", "Author of the source."),
    Field("publisher", "text", "Publisher of the source."),
    Field("url", "text", "Where the source can be found."),
)

OPTIONS = _fields(
    Field("desired_retention", "number", "Target recall probability at review time.",
          minimum=0.7, maximum=0.99),
    Field("new_per_day", "integer", "New cards introduced per study day.", minimum=0),
    Field("reviews_per_day", "integer", "Most reviews shown per study day.", minimum=0),
    Field("learning_steps", "durations", "Steps for new cards, e.g. [\"1m\", \"10m\"]."),
    Field("relearning_steps", "durations", "Steps after a lapse, e.g. [\"10m\"]."),
    Field("maximum_interval", "duration", "Longest interval between reviews, e.g. \"36500d\"."),
)

TOPIC = _fields(
    Field("id", "slug", "Topic id that cards and exams refer to.", required=True),
    Field("title", "text", "Topic name as learners see it.", required=True),
)

CARD_TYPES = ("basic", "reversible", "cloze", "choice", "truefalse", "typed")

CARD_COMMON = _fields(
    Field("id", "slug", "Stable card id; progress is keyed by it."),
    Field("type", "string", "The kind of card.", required=True, choices=CARD_TYPES),
    Field("topic", "slug", "A topic id declared in [[topics]]."),
    Field("tags", "strings", "Free-form labels."),
    Field("explain", "text", "Why the answer is right; shown after answering."),
)

CARD_TYPE_FIELDS: dict[str, dict[str, Field]] = {
    "basic": _fields(
        Field("front", "text", "The question side.", required=True),
        Field("back", "text", "The answer side.", required=True),
    ),
    "reversible": _fields(
        Field("front", "text", "One side; asked front->back and back->front.", required=True),
        Field("back", "text", "The other side.", required=True),
    ),
    "cloze": _fields(
        Field("text", "text", "Text with deletions: {{c1::answer}} or {{c1::answer::hint}}.",
              required=True),
    ),
    "choice": _fields(
        Field("question", "text", "The question.", required=True),
        Field("choices", "strings", "The options shown.", required=True),
        Field("answer", "text", "The one correct option (single answer)."),
        Field("answers", "strings", "Every correct option (multiple answers)."),
    ),
    "truefalse": _fields(
        Field("statement", "text", "A statement that is true or false.", required=True),
        Field("answer", "boolean", "Whether the statement is true.", required=True),
    ),
    "typed": _fields(
        Field("question", "text", "The question.", required=True),
        Field("answer", "text", "The expected answer.", required=True),
        Field("accept", "strings", "Other accepted answers."),
    ),
}

ALL_CARD_KEYS = sorted(set(CARD_COMMON).union(*CARD_TYPE_FIELDS.values()))

EXAM = _fields(
    Field("id", "slug", "Stable exam id.", required=True),
    Field("title", "text", "The exam's name.", required=True),
    Field("description", "text", "What the exam certifies."),
    Field("questions", "integer", "How many questions an attempt has.", required=True, minimum=1),
    Field("pass_mark", "number", "Fraction of the maximum score needed to pass (0-1).",
          required=True, minimum=0, maximum=1),
    Field("time_limit", "duration", "Time allowed for an attempt, e.g. \"20m\"."),
    Field("attempts", "integer", "Attempts allowed; 0 means unlimited.", minimum=0),
    Field("grading", "string", "Which attempt counts.",
          choices=("highest", "average", "first", "last")),
    Field("draw", "array", "Blueprint: how many questions to draw from each topic."),
)

DRAW = _fields(
    Field("topic", "slug", "A topic id declared in [[topics]].", required=True),
    Field("count", "integer", "Questions drawn from the topic.", required=True, minimum=1),
)
