"""Reading an Anki package (``.apkg``/``.colpkg``) of any generation, or Anki's text export.

A package is a zip holding one SQLite collection: ``collection.anki2`` (Anki
2.0), ``collection.anki21`` (2.1, schema 11) or ``collection.anki21b``
(2.1.50+, zstd-compressed, schema 18). Newer packages also carry an older
collection holding a single "please update Anki" note, so the newest
generation present is the one read. Schema 11 keeps note types as JSON in
``col.models``; schema 18 keeps them in the ``notetypes``, ``fields`` and
``templates`` tables with protobuf configs (rslib/src/storage/schema*.sql).
"""

from __future__ import annotations

import itertools
import json
import operator
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

GENERATIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_FIELD_SEP = "\x1f"


class AnkiReadError(Exception):
    """The file is not an Anki package quizkit can read; the message names the file."""


@dataclass(frozen=True, slots=True)
class NoteType:
    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]
    # (question format, answer format) of each card template, in order.
    templates: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class AnkiNote:
    id: int
    guid: str
    notetype_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]


class RevlogEntry(NamedTuple):
    """One row of Anki's ``revlog``: its id is the review's time in epoch milliseconds.

    A named tuple: ``iter_revlog`` gives SQLite's own row tuples in this
    order, 300,000 in a large collection, without building objects.
    """

    id: int
    card_id: int
    ease: int  # 1 again .. 4 easy; 0 for manual changes
    kind: int  # 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled
    time_ms: int
    interval: int  # days (negative: seconds); 0 with ease 0 and kind 4 is a "Forget"


class AnkiCollection:
    """An open collection: note types, decks, notes, cards and the review log, read lazily."""

    def __init__(self, db: sqlite3.Connection, source: Path, generation: str) -> None:
        self._db = db
        self.source = source
        self.generation = generation
        try:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"notes", "cards", "col"} <= tables:
                raise AnkiReadError(f"{source}: the collection has no notes table: not Anki's")
            if "notetypes" in tables:
                self.notetypes = _notetypes_v18(db)
                self.deck_names = {
                    i: n.replace(_FIELD_SEP, "::")
                    for i, n in db.execute("SELECT id, name FROM decks")
                }
            else:
                models, decks = db.execute("SELECT models, decks FROM col").fetchone()
                self.notetypes = _notetypes_v11(json.loads(models or "{}"))
                self.deck_names = {int(i): d["name"] for i, d in json.loads(decks or "{}").items()}
            self.has_revlog = "revlog" in tables
        except sqlite3.DatabaseError as exc:
            raise AnkiReadError(f"{source}: the collection is damaged: {exc}") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise AnkiReadError(
                f"{source}: the collection's note types cannot be read: {exc}"
            ) from None

    def count_notes(self) -> int:
        return self._query("SELECT count(*) FROM notes")[0][0]

    def count_reviews(self) -> int:
        return self._query("SELECT count(*) FROM revlog")[0][0] if self.has_revlog else 0

    def iter_notes(self) -> Iterator[AnkiNote]:
        """Every note, oldest first (Anki's note ids are creation times)."""
        for nid, guid, mid, flds, tags in self._iter(
            "SELECT id, guid, mid, flds, tags FROM notes ORDER BY id"
        ):
            yield AnkiNote(nid, guid, mid, tuple(flds.split(_FIELD_SEP)), tuple(tags.split()))

    def note_decks(self) -> dict[int, int]:
        """Note id -> the deck of its first card."""
        # SQLite takes the bare column ``did`` from the row holding min(ord).
        return {
            nid: did
            for nid, did, _ in self._iter("SELECT nid, did, min(ord) FROM cards GROUP BY nid")
        }

    def card_keys(self) -> dict[int, tuple[int, int]]:
        """Anki card id -> (note id, template or cloze ordinal)."""
        return {cid: (nid, ord_) for cid, nid, ord_ in self._iter("SELECT id, nid, ord FROM cards")}

    def iter_revlog(self) -> Iterator[tuple[int, list[RevlogEntry]]]:
        """The review log card by card: (Anki card id, its reviews in time order).

        Plain tuples in ``RevlogEntry``'s field order.
        """
        if not self.has_revlog:
            return
        # NOT INDEXED: a scan and a sort beat walking the cid index (a lookup
        # into the table for every row), 0.35 s against 0.6 s at 300,000 rows.
        # Grouped here, straight off the cursor (both in C): one generator
        # step a card rather than two a review.
        try:
            rows = self._db.execute(
                "SELECT id, cid, ease, type, time, ivl FROM revlog NOT INDEXED ORDER BY cid, id"
            )
            for card_id, group in itertools.groupby(rows, operator.itemgetter(1)):
                yield card_id, list(group)
        except sqlite3.DatabaseError as exc:
            raise AnkiReadError(f"{self.source}: the collection is damaged: {exc}") from None

    def _query(self, sql: str) -> list[tuple]:
        return list(self._iter(sql))

    def _iter(self, sql: str) -> Iterator[tuple]:
        try:
            yield from self._db.execute(sql)
        except sqlite3.DatabaseError as exc:
            raise AnkiReadError(f"{self.source}: the collection is damaged: {exc}") from None

    def close(self) -> None:
        self._db.close()


class AnkiPackage:
    """``with AnkiPackage(path) as collection:`` extracts the newest collection to a temporary file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._collection: AnkiCollection | None = None

    def __enter__(self) -> AnkiCollection:
        self._tmp = tempfile.TemporaryDirectory(prefix="quizkit-anki-")
        try:
            self._collection = self._open(Path(self._tmp.name))
        except BaseException:
            self._tmp.cleanup()
            raise
        return self._collection

    def __exit__(self, *exc: object) -> None:
        if self._collection is not None:
            self._collection.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    def _open(self, folder: Path) -> AnkiCollection:
        try:
            archive = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile:
            raise AnkiReadError(f"{self.path}: not an Anki package (not a zip file)") from None
        except OSError as exc:
            raise AnkiReadError(f"{self.path}: cannot read the file: {exc.strerror}") from None
        with archive:
            names = set(archive.namelist())
            generation = next((g for g in GENERATIONS if g in names), None)
            if generation is None:
                others = sorted(n for n in names if n.startswith("collection."))
                what = (
                    f"an unknown collection generation ({others[0]})" if others else "no collection"
                )
                raise AnkiReadError(f"{self.path}: not an Anki package quizkit can read: {what}")
            target = folder / "collection.sqlite"
            try:
                with archive.open(generation) as member, target.open("wb") as out:
                    if generation.endswith("b"):
                        _decompress(member, out, self.path)
                    else:
                        _copy(member, out)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise AnkiReadError(f"{self.path}: the package is damaged: {exc}") from None
        db = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise AnkiReadError(
                f"{self.path}: {generation} is not a readable SQLite database (damaged?)"
            ) from None
        return AnkiCollection(db, self.path, generation)


def _copy(source, out) -> None:
    while chunk := source.read(1 << 20):
        out.write(chunk)


def _decompress(source, out, path: Path) -> None:
    import zstandard  # only anki21b packages need it

    try:
        zstandard.ZstdDecompressor().copy_stream(source, out)
    except zstandard.ZstdError as exc:
        raise AnkiReadError(f"{path}: collection.anki21b cannot be decompressed: {exc}") from None


def _notetypes_v11(models: dict) -> dict[int, NoteType]:
    types = {}
    for key, model in models.items():
        fields = tuple(f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"]))
        templates = tuple(
            (t.get("qfmt", ""), t.get("afmt", ""))
            for t in sorted(model["tmpls"], key=lambda t: t["ord"])
        )
        types[int(key)] = NoteType(
            int(key), model["name"], model.get("type") == 1, fields, templates
        )
    return types


def _notetypes_v18(db: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[str]] = {}
    for ntid, name in db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(ntid, []).append(name)
    templates: dict[int, list[tuple[str, str]]] = {}
    for ntid, config in db.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        parts = _protobuf_fields(config)
        templates.setdefault(ntid, []).append((_text(parts.get(1, b"")), _text(parts.get(2, b""))))
    types = {}
    for ntid, name, config in db.execute("SELECT id, name, config FROM notetypes"):
        # NotetypeConfig field 1 is its kind: 0 normal, 1 cloze.
        cloze = _protobuf_fields(config).get(1) == 1
        types[ntid] = NoteType(
            ntid, name, cloze, tuple(fields.get(ntid, ())), tuple(templates.get(ntid, ()))
        )
    return types


def _text(value: bytes | int) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""


def _protobuf_fields(data: bytes) -> dict[int, bytes | int]:
    """The top-level fields of a protobuf message: varints and length-delimited bytes only.

    Enough for the two things read here (a note type's kind, a template's
    formats); the first occurrence of a field wins.
    """
    found: dict[int, bytes | int] = {}
    pos, end = 0, len(data or b"")
    while pos < end:
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 2:
            length, pos = _varint(data, pos)
            value, pos = data[pos : pos + length], pos + length
        elif wire == 1:
            value, pos = 0, pos + 8
        elif wire == 5:
            value, pos = 0, pos + 4
        else:
            break
        found.setdefault(number, value)
    return found


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while pos < len(data):
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            break
        shift += 7
    return result, pos
