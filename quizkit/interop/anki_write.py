"""A deck as an Anki package (``.apkg``), built with ``genanki``, that Anki and its phone apps open.

Basic, reversible and cloze notes use Anki's own note types (genanki's copies
of Basic, Basic (and reversed card) and Cloze); choice, true/false and typed
notes get note types of their own that keep their meaning (the options listed,
the answer on the back, a typed answer in Anki's type-in field). Each note's
GUID is ``qk:`` + its id, so exporting again updates the notes in Anki rather
than adding copies, and ``quizkit import`` gives the same ids back.
Topics become subdecks; a cloze note's explanation goes to Back Extra.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from quizkit.deck.model import Card, Deck
from quizkit.interop.anki_html import text_to_html
from quizkit.interop.anki_notes import QUIZKIT_GUID_PREFIX, QUIZKIT_TYPES

_CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: left; }"
_TEMPLATES = {
    "quizkit choice": (
        "{{Question}}<br><br>{{Choices}}",
        "{{FrontSide}}<hr id=answer><b>{{Answer}}</b><br><br>{{Explain}}",
    ),
    "quizkit true/false": (
        "{{Statement}}<br><br>True or false?",
        "{{FrontSide}}<hr id=answer><b>{{Answer}}</b><br><br>{{Explain}}",
    ),
    "quizkit typed": (
        "{{Question}}<br><br>{{type:Answer}}",
        "{{FrontSide}}<hr id=answer>{{type:Answer}}<br>{{Accept}}<br><br>{{Explain}}",
    ),
}


def stable_number(text: str) -> int:
    """A positive 31-bit number from ``text``: Anki's ids for the note types and decks written."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big") >> 1 or 1


def _models():
    import genanki

    models = {
        "basic": genanki.BASIC_MODEL,
        "reversible": genanki.BASIC_AND_REVERSED_CARD_MODEL,
        "cloze": genanki.CLOZE_MODEL,
    }
    for name, fields in QUIZKIT_TYPES.items():
        question, answer = _TEMPLATES[name]
        models[name] = genanki.Model(
            stable_number(name),
            name,
            fields=[{"name": f} for f in fields],
            templates=[{"name": "Card 1", "qfmt": question, "afmt": answer}],
            css=_CSS,
        )
    return models


def _fields(card: Card) -> tuple[str, list[str]]:
    """(model key, field texts) of the note ``card`` is the first card of."""
    explain = card.explain or ""
    if card.kind in ("basic", "reversible"):
        return card.kind, [card.prompt, card.answer]
    if card.kind == "cloze":
        return "cloze", [card.cloze_text or "", explain]
    if card.kind == "choice":
        keep = "" if card.shuffle else "yes"
        return "quizkit choice", ["\n".join(card.choices), "\n".join(card.correct), explain, keep]
    if card.kind == "truefalse":
        return "quizkit true/false", ["True" if card.correct == ("true",) else "False", explain]
    return "quizkit typed", [card.answer, "\n".join(card.correct[1:]), explain]


def export_apkg(deck: Deck, out: Path) -> int:
    """Write ``deck`` as an Anki package at ``out``; returns the number of notes written."""
    import genanki

    models = _models()
    root = genanki.Deck(stable_number("quizkit:" + deck.id), deck.title)
    subdecks = {
        t.id: genanki.Deck(stable_number(f"quizkit:{deck.id}:{t.id}"), f"{deck.title}::{t.title}")
        for t in deck.topics
    }
    seen: set[str] = set()
    for card in deck.cards:
        if card.note_id in seen:
            continue  # the reverse card and further deletions belong to the note already written
        seen.add(card.note_id)
        key, texts = _fields(card)
        if key.startswith("quizkit "):
            texts = [card.prompt, *texts]
        note = genanki.Note(
            model=models[key],
            fields=[text_to_html(t) for t in texts],
            guid=QUIZKIT_GUID_PREFIX + card.note_id,
            tags=[t.replace(" ", "_") for t in card.tags],
        )
        (subdecks.get(card.topic or "") or root).add_note(note)
    genanki.Package([root, *subdecks.values()]).write_to_file(str(out))
    return len(seen)
