"""Importing an Anki package or text export: a checked deck file, then the review history.

Nothing is written until the whole package has been read and the deck text
passes the deck checker; the history goes into the progress file in one
transaction, and the deck file is put in place only after it commits.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from quizkit.base.files import write_atomically
from quizkit.deck.cache import DeckCache
from quizkit.interop.anki_deck import checked_deck
from quizkit.interop.anki_history import HistoryReport, import_history
from quizkit.interop.anki_notes import (
    ImportReport,
    card_id_for,
    convert_note,
    kind_by_name,
    kind_of,
    note_id_for,
)
from quizkit.interop.anki_read import AnkiCollection, AnkiPackage, AnkiReadError
from quizkit.interop.anki_text import read_text_export
from quizkit.progress.store import ProgressStore

__all__ = ["AnkiReadError", "ImportResult", "import_anki", "slug"]

TEXT_SUFFIXES = (".txt", ".tsv", ".csv")
Tick = Callable[[str, int, int], None]  # (what, done, total)


@dataclass
class ImportResult:
    path: Path
    deck_id: str
    report: ImportReport
    history: HistoryReport = field(default_factory=HistoryReport)
    reviews_in_package: int = 0


def slug(text: str, fallback: str = "anki") -> str:
    """A deck or topic id from a name: lower-case words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:60].strip("-") or fallback


def import_anki(
    source: Path,
    out: Path,
    open_store: Callable[[], ProgressStore],
    now: datetime,
    *,
    tick: Tick = lambda what, done, total: None,
    cache: DeckCache | None = None,
) -> ImportResult:
    """Import ``source`` into the deck file ``out`` and its history into the progress file.

    ``cache``: where to record the checked deck, so that its first load does
    not parse the file again.
    """
    deck_id = slug(out.stem)
    if Path(source).suffix.lower() in TEXT_SUFFIXES:
        return _import_text(source, out, deck_id, tick, cache)
    with AnkiPackage(source) as collection:
        notes, topics, title, card_for, report = _from_collection(collection, tick)
        head = {"id": deck_id, "title": title, "description": f"Imported from {source.name}"}
        text, loaded, dropped = checked_deck(out, head, topics, notes)
        deck = loaded.deck
        report.skipped += dropped
        del notes
        result = ImportResult(out, deck_id, report, reviews_in_package=collection.count_reviews())
        # Written beside the target first, and swapped in right after the
        # history commits (before the progress file is closed, which may take
        # a while): the deck file and its history arrive together.
        data = text.encode("utf-8")
        del text
        staged = _stage(out, data)
        try:
            if result.reviews_in_package:
                total = result.reviews_in_package
                store = open_store()
                try:
                    result.history = import_history(
                        collection,
                        store,
                        deck,
                        card_for,
                        now,
                        tick=lambda done: tick("reviews", done, total),
                    )
                    os.replace(staged, out)
                finally:
                    store.close()
            else:
                os.replace(staged, out)
        finally:
            staged.unlink(missing_ok=True)
    if cache is not None:
        cache.put(out, data, loaded)
    return result


def _import_text(
    source: Path, out: Path, deck_id: str, tick: Tick, cache: DeckCache | None
) -> ImportResult:
    """A text export: notes only, no history."""
    notes, report = _from_text(source, tick)
    head = {"id": deck_id, "title": out.stem, "description": f"Imported from {source.name}"}
    text, loaded, dropped = checked_deck(out, head, [], notes)
    report.skipped += dropped
    data = text.encode("utf-8")
    write_atomically(out, data, new_mode=0o644)
    if cache is not None:
        cache.put(out, data, loaded)
    return ImportResult(out, deck_id, report)


def _stage(out: Path, data: bytes) -> Path:
    """The deck file's bytes in a durable temporary file beside ``out``, ready for ``os.replace``."""
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    staged = Path(name)
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged


def _from_collection(collection: AnkiCollection, tick: Tick):
    report = ImportReport()
    kinds = {ntid: kind_of(nt) for ntid, nt in collection.notetypes.items()}
    note_decks = collection.note_decks()
    deck_names = {nid: collection.deck_names.get(did, "") for nid, did in note_decks.items()}
    used = sorted(set(deck_names.values()))
    topics, topic_of = _topics(used)
    notes, ids = [], {}
    total = collection.count_notes()
    for done, note in enumerate(collection.iter_notes(), 1):
        report.notes += 1
        kind = kinds.get(note.notetype_id, "other")
        note_id = note_id_for(note.guid)
        if kind == "other":
            notetype = collection.notetypes.get(note.notetype_id)
            name = notetype.name if notetype else f"missing note type {note.notetype_id}"
            report.other_types[name] += 1
        entry = convert_note(note, kind, note_id, report)
        if entry is not None:
            topic = topic_of.get(deck_names.get(note.id, ""))
            if topic:
                entry = {"id": entry.pop("id"), "topic": topic} | entry
            notes.append(entry)
            ids[note.id] = (note_id, entry["type"])
        if done % 1000 == 0:
            tick("notes", done, total)
    tick("notes", total, total)
    cards = {
        cid: card_id_for(*ids[nid], ordinal)
        for cid, (nid, ordinal) in collection.card_keys().items()
        if nid in ids
    }
    root = _deck_root(used)
    # Anki's "Default" deck names nothing: the file's name says more.
    title = root if root and root != "Default" else collection.source.stem
    return notes, topics, title, cards.get, report


def _topics(deck_names: list[str]) -> tuple[list[dict], dict[str, str]]:
    """One topic per Anki deck holding notes, when there are several; none for a single deck."""
    if not deck_names or (len(deck_names) == 1 and "::" not in deck_names[0]):
        return [], {}
    root = _deck_root(deck_names)
    topics, topic_of, taken = [], {}, set()
    for name in deck_names:
        short = name[len(root) + 2 :] if root and name.startswith(root + "::") else name
        topic_id = base = slug(short.replace("::", " "), "topic")
        n = 2
        while topic_id in taken:
            topic_id, n = f"{base}-{n}", n + 1
        taken.add(topic_id)
        topics.append({"id": topic_id, "title": short.replace("::", " › ") or name})
        topic_of[name] = topic_id
    return topics, topic_of


def _deck_root(names: list[str]) -> str:
    """The deck above every deck used: a single subdeck's parent, so that it is a topic."""
    root = _common_root(names)
    if len(names) == 1 and "::" in root:
        return root.rsplit("::", 1)[0]
    return root


def _common_root(names: list[str]) -> str:
    if not names:
        return ""
    parts = [n.split("::") for n in names]
    common = []
    for level in zip(*parts):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return "::".join(common)


def _from_text(source: Path, tick: Tick) -> tuple[list[dict], ImportReport]:
    report = ImportReport()
    notes, seen = [], set()
    for row in read_text_export(source):
        report.notes += 1
        kind = kind_by_name(row["notetype"])
        if kind == "other":
            report.other_types[row["notetype"]] += 1
        if row["guid"]:
            note_id = note_id_for(row["guid"])
        else:
            # No GUID column: an id from the first field keeps a re-import's progress.
            digest = hashlib.sha256(row["fields"][0].encode("utf-8")).hexdigest()[:12]
            note_id = f"text-{digest}"
        if note_id in seen:
            report.skipped.append(f"line {row['line']}: the same note twice; skipped")
            continue
        seen.add(note_id)
        entry = convert_note(row, kind, note_id, report, html=row["html"])
        if entry is not None:
            notes.append(entry)
    return notes, report
