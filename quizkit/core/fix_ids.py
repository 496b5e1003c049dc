"""``quizkit lint --fix-ids``: write stable ids into cards that have none.

The id written is the one quizkit already derived from the card's text, so
progress recorded under it is kept. The file is rewritten with ``tomlkit``,
which keeps its comments and layout; reading elsewhere stays on ``tomllib``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import tomlkit

from quizkit.core.deck_loader import parse_deck


def fix_ids(path: Path) -> list[str]:
    """Give every card of ``path`` without an id its derived id; return the ids written.

    Raises ``DeckError`` when the file has errors: ids are only written into a
    deck that loads, so a typo is never frozen into an id.
    """
    data = path.read_bytes()
    loaded = parse_deck(data, path)
    derived = {}
    for card in loaded.deck.cards:
        if card.id_generated:
            derived.setdefault(card.line, card.note_id)
    if not derived:
        return []
    document = tomlkit.parse(data.decode("utf-8"))
    written = []
    lines = sorted(derived)
    tables = [t for t in document.get("cards", []) if "id" not in t]
    # Cards without an id appear in file order, as do their derived ids.
    for table, line in zip(tables, lines):
        note_id = derived[line]
        try:
            table.value._insert_at(0, "id", note_id)  # first, where authors put it
        except AttributeError:  # a tomlkit without the helper: append instead
            table["id"] = note_id
        written.append(note_id)
    _replace_atomically(path, tomlkit.dumps(document))
    return written


def _replace_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
