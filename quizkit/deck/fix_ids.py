"""``quizkit lint --fix-ids``: write stable ids into cards that have none.

The id written is the one quizkit already derived from the card's text, so
progress recorded under it is kept. The file is rewritten with ``tomlkit``,
which keeps its comments and layout; reading elsewhere stays on ``tomllib``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
import tomlkit.items

from quizkit.deck.loader import derived_note_id, parse_deck
from quizkit.deck.problems import DeckError, Problem


def fix_ids(path: Path) -> list[str]:
    """Give every card of ``path`` without an id its derived id; return the ids written.

    Raises ``DeckError`` when the file has errors: ids are only written into a
    deck that loads, so a typo is never frozen into an id. The new text is
    checked before it replaces the file: it must load, with exactly the card
    ids the loader derived before.
    """
    data = path.read_bytes()
    before = parse_deck(data, path).deck
    derived = {card.note_id for card in before.cards if card.id_generated}
    if not derived:
        return []
    try:
        document = tomlkit.parse(data.decode("utf-8-sig"))
    except tomlkit.exceptions.TOMLKitError as exc:  # pragma: no cover - tomllib read it
        raise _refuse(path, f"tomlkit cannot read it ({exc})") from None
    written = []
    for table in document.get("cards", []):
        if "id" in table:
            continue
        values = table.unwrap()
        note_id = derived_note_id(values["type"], values)
        if note_id not in derived:  # pragma: no cover - the loader and this disagree
            raise _refuse(path, f'card "{note_id}" was not derived by the loader')
        _insert_id(table, note_id)
        written.append(note_id)
    text = tomlkit.dumps(document)
    after = parse_deck(text.encode("utf-8"), path).deck
    if [c.id for c in after.cards] != [c.id for c in before.cards] or any(
        c.id_generated for c in after.cards
    ):  # pragma: no cover - a safety net: never rewrite a deck into different ids
        raise _refuse(path, "writing the ids would change them")
    _replace_atomically(path, text)
    return written


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


def _replace_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, path.stat().st_mode & 0o7777)  # mkstemp makes it private
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
