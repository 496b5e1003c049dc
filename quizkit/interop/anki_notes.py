"""Anki notes to quizkit note entries (``[[cards]]`` tables), and the ids that keep progress.

Note types are recognised by their structure, not their (translatable,
renamable) names: a cloze note type is cloze; one template asking the first
field is Basic; two templates asking the first and then the second field is
Basic (and reversed card); a first template with ``{{type:...}}`` is typed.
Basic (optional reversed card) is reversible where its third field is filled,
basic elsewhere. The note types quizkit exports (``quizkit choice``, ...) come
back as their own kinds. Every other note type gives a basic card from its first two fields.
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from dataclasses import dataclass, field

from quizkit.interop.anki_html import html_to_text, plain_to_text
from quizkit.interop.anki_read import AnkiNote, NoteType

# The note types quizkit writes for its own kinds, and the fields each holds (anki_write.py).
QUIZKIT_TYPES: dict[str, tuple[str, ...]] = {
    "quizkit choice": ("Question", "Choices", "Answer", "Explain", "Keep order"),
    "quizkit true/false": ("Statement", "Answer", "Explain"),
    "quizkit typed": ("Question", "Answer", "Accept", "Explain"),
}
QUIZKIT_GUID_PREFIX = "qk:"
_NAMED_KINDS = {
    "basic": "basic",
    "basic (and reversed card)": "reversible",
    "cloze": "cloze",
    "basic (type in the answer)": "typed",
    "basic (optional reversed card)": "optional-reverse",
    "quizkit choice": "choice",
    "quizkit true/false": "truefalse",
    "quizkit typed": "typed",
}
_REFERENCE = re.compile(r"\{\{([^}#/^!]+?)\}\}")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class ImportReport:
    """What an import did, for the learner: counts, notes skipped and why, media left behind."""

    notes: int = 0
    skipped: list[str] = field(default_factory=list)
    media: dict[str, list[str]] = field(default_factory=dict)  # note id -> file names
    other_types: Counter[str] = field(default_factory=Counter)


def note_id_for(guid: str) -> str:
    """A stable quizkit note id from an Anki note GUID.

    A GUID quizkit wrote (``qk:`` + note id) gives that id back; any other is
    spelled in lower-case base32 after ``anki-``, which is reversible and a
    valid id.
    """
    if guid.startswith(QUIZKIT_GUID_PREFIX) and _SLUG.match(guid[len(QUIZKIT_GUID_PREFIX) :]):
        return guid[len(QUIZKIT_GUID_PREFIX) :]
    encoded = base64.b32encode(guid.encode("utf-8")).decode("ascii").rstrip("=").lower()
    return "anki-" + encoded


def kind_of(notetype: NoteType) -> str:
    """basic, reversible, optional-reverse, cloze, typed, choice, truefalse, or "other"."""
    named = _NAMED_KINDS.get(notetype.name.lower())
    if (
        notetype.name in QUIZKIT_TYPES
        and notetype.fields[: len(QUIZKIT_TYPES[notetype.name])] == (QUIZKIT_TYPES[notetype.name])
    ):
        return named or "other"
    if notetype.cloze:
        return "cloze"
    if len(notetype.fields) < 2 or not notetype.templates:
        return "other"
    first, second = notetype.fields[:2]
    if _optional_reverse(notetype):
        return "optional-reverse"
    if any("{{#" in q or "{{^" in q for q, _ in notetype.templates):
        return "other"  # a card made only when a field is filled: no quizkit kind says so
    asks = [_REFERENCE.findall(q) for q, _ in notetype.templates]
    if len(asks) == 1 and asks[0] == [first]:
        return "basic"
    if len(asks) == 1 and asks[0] == [first, f"type:{second}"]:
        return "typed"
    if len(asks) == 2 and asks[0] == [first] and asks[1] == [second]:
        return "reversible"
    return "other"


def _optional_reverse(notetype: NoteType) -> bool:
    """Basic (optional reversed card): a reverse card only where a third field is filled."""
    if len(notetype.fields) < 3 or len(notetype.templates) != 2:
        return False
    front, back, switch = notetype.fields[:3]
    return (
        notetype.templates[0][0].strip() == f"{{{{{front}}}}}"
        and notetype.templates[1][0].strip() == f"{{{{#{switch}}}}}{{{{{back}}}}}{{{{/{switch}}}}}"
    )


def kind_by_name(name: str | None) -> str:
    """A text export names its note types only: the stock and quizkit names, else "other"."""
    return _NAMED_KINDS.get((name or "").lower(), "other" if name else "basic")


def convert_note(
    note: AnkiNote | dict, kind: str, note_id: str, report: ImportReport, *, html: bool = True
) -> dict | None:
    """The ``[[cards]]`` entry for one note (without topic), or None when it cannot make a card."""
    raw = note.fields if isinstance(note, AnkiNote) else tuple(note["fields"])
    texts, media = [], []
    for value in raw:
        text, refs = html_to_text(value) if html else plain_to_text(value)
        texts.append(text)
        media += refs
    if media:
        report.media[note_id] = list(dict.fromkeys(media))
    entry = _entry(kind, texts)
    if entry is None:
        report.skipped.append(f"note {note_id}: {_why_empty(kind)}")
        return None
    tags = note.tags if isinstance(note, AnkiNote) else tuple(note["tags"])
    head: dict = {"id": note_id, "type": entry.pop("type")}
    if tags:
        head["tags"] = list(tags)
    return head | entry


def _entry(kind: str, texts: list[str]) -> dict | None:
    def get(i: int) -> str:
        return texts[i] if i < len(texts) else ""

    if kind == "cloze":
        if "{{c" not in get(0):
            return None
        return {"type": "cloze", "text": get(0)} | _explain(get(1))
    if kind == "choice":
        choices = [line for line in get(1).split("\n") if line]
        answers = [line for line in get(2).split("\n") if line]
        if not get(0) or len(choices) < 2 or not answers:
            return None
        entry = {"type": "choice", "question": get(0), "choices": choices}
        entry |= {"answer": answers[0]} if len(answers) == 1 else {"answers": answers}
        return entry | ({"shuffle": False} if get(4) else {}) | _explain(get(3))
    if kind == "truefalse":
        if not get(0) or get(1).lower() not in ("true", "false"):
            return None
        return {"type": "truefalse", "statement": get(0), "answer": get(1).lower() == "true"} | (
            _explain(get(2))
        )
    if kind == "typed":
        if not get(0) or not get(1):
            return None
        accept = [line for line in get(2).split("\n") if line] if len(texts) > 3 else []
        entry = {"type": "typed", "question": get(0), "answer": get(1)}
        return entry | ({"accept": accept} if accept else {}) | _explain(get(3))
    if not get(0) or not get(1):
        return None
    reversible = kind == "reversible" or (kind == "optional-reverse" and bool(get(2)))
    return {"type": "reversible" if reversible else "basic", "front": get(0), "back": get(1)}


def _explain(text: str) -> dict:
    return {"explain": text} if text else {}


def _why_empty(kind: str) -> str:
    if kind == "cloze":
        return "a cloze note without a deletion; skipped"
    if kind == "choice":
        return "a choice note without a question, two options and an answer; skipped"
    return "its first two fields are not both filled in; skipped"


def card_id_for(note_id: str, kind: str, ordinal: int) -> str | None:
    """The quizkit card id of a note's Anki card ``ordinal``, or None when it has none.

    A cloze card's ordinal is its deletion number minus one; a note type
    mapped to basic keeps the history of its first card only.
    """
    if kind == "cloze":
        return f"{note_id}/c{ordinal + 1}"
    if kind == "reversible" and ordinal == 1:
        return f"{note_id}/reverse"
    return note_id if ordinal == 0 else None
