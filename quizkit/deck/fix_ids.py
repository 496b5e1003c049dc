"""``quizkit lint --fix-ids``: write readable, stable ids into cards that have none.

An id is made from the card's words (``gluteus-medius-abduction``), with the
prefix most of the deck's ids share (``gmed-``), unique in the deck: an author
can read it, and it never changes again, since it is written in the file.
Progress is kept by id, so a card studied under the id quizkit derived from
its text starts afresh under the written one: write ids before learners
study. The file is rewritten with ``tomlkit``, which keeps its comments and
layout; reading elsewhere stays on ``tomllib``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
import tomlkit.items

from quizkit.base.files import write_atomically
from quizkit.deck.answers import answer_words, cloze_answer
from quizkit.deck.loader import parse_deck
from quizkit.deck.problems import DeckError, Problem

# Words that say little about what a card asks: left out of its id.
_FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "not",
        "no",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "which",
        "what",
        "where",
        "when",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "way",
        "does",
        "do",
        "did",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "can",
        "could",
        "would",
        "should",
        "will",
        "may",
        "might",
        "there",
        "their",
        "they",
        "them",
        "than",
        "then",
        "true",
        "false",
        "name",
        "called",
        "following",
        "best",
        "most",
    ]
)
_WORDS = 3
_LONGEST = 32


def fix_ids(path: Path) -> list[str]:
    """Give every card of ``path`` without an id a readable one; return the ids written.

    Raises ``DeckError`` when the file has errors: ids are only written into a
    deck that loads, so a typo is never frozen into an id. The new text is
    checked before it replaces the file: it must load, with the same cards in
    the same order, each with an id of its own.
    """
    data = path.read_bytes()
    before = parse_deck(data, path).deck
    if not any(card.id_generated for card in before.cards):
        return []
    try:
        document = tomlkit.parse(data.decode("utf-8-sig"))
    except tomlkit.exceptions.TOMLKitError as exc:  # pragma: no cover - tomllib read it
        raise _refuse(path, f"tomlkit cannot read it ({exc})") from None
    tables = list(document.get("cards", []))
    taken = {str(table["id"]) for table in tables if "id" in table}
    prefix = _common_prefix(taken)
    written = []
    for table in tables:
        if "id" in table:
            continue
        note_id = readable_id(table.unwrap(), taken, prefix)
        taken.add(note_id)
        _insert_id(table, note_id)
        written.append(note_id)
    text = tomlkit.dumps(document)
    after = parse_deck(text.encode("utf-8"), path).deck
    if [c.content_hash for c in after.cards] != [c.content_hash for c in before.cards] or any(
        c.id_generated for c in after.cards
    ):  # pragma: no cover - a safety net: never rewrite a deck into different cards
        raise _refuse(path, "writing the ids would change the cards")
    write_atomically(path, text.encode("utf-8"))
    return written


def readable_id(values: dict[str, Any], taken: set[str], prefix: str = "") -> str:
    """An id from a card's main text: its first few telling words, as a slug, not in ``taken``."""
    kind = str(values.get("type", "card"))
    main = next((values[k] for k in ("front", "question", "statement", "text") if k in values), "")
    if kind == "cloze":
        main = cloze_answer(str(main), 0)
    words = [w for w in (_ascii(word) for word in answer_words(str(main))) if w]
    telling = [w for w in words if w not in _FILLER] or words or [kind]
    slug = ""
    for word in telling[:_WORDS]:
        if slug and len(slug) + len(word) + 1 > _LONGEST:
            break
        slug = f"{slug}-{word}" if slug else word[:_LONGEST]
    if prefix and not slug.startswith(f"{prefix}-"):
        slug = f"{prefix}-{slug}"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _ascii(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return re.sub(r"[^a-z0-9]+", "", decomposed.encode("ascii", "ignore").decode().lower())


def _common_prefix(ids: set[str]) -> str:
    """The first part most of the deck's ids share ("gmed" of "gmed-abduction"), or ""."""
    firsts = Counter(i.split("-", 1)[0] for i in ids if "-" in i)
    if not firsts:
        return ""
    first, count = firsts.most_common(1)[0]
    return first if count >= 2 and count * 2 >= len(ids) else ""


def _insert_id(table: Any, note_id: str) -> None:
    """Put ``id`` first, where authors write it, indented like the card's other keys."""
    container = table.value
    first = next((item for key, item in container.body if key is not None), None)
    try:
        container._insert_at(0, "id", note_id)
    except AttributeError:  # pragma: no cover - a tomlkit without the helper: append
        table["id"] = note_id
        return
    if first is not None and not isinstance(table, tomlkit.items.InlineTable):
        container.item("id").trivia.indent = first.trivia.indent


def _refuse(path: Path, why: str) -> DeckError:
    return DeckError([Problem(path, 1, 1, "error", f"--fix-ids left the file unchanged: {why}")])
