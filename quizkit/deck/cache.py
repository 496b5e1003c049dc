"""Validated decks kept on disk, so a deck is parsed once per change, not at every start.

An entry is keyed by the file's path and the hash of its bytes, salted with a
fingerprint of the code that produced it (quizkit's version, the Python
version, and the source of the loader and model modules), so a changed
validator or ``Card`` layout never reads an old entry. Reading and hashing a
file is far cheaper than parsing and validating it. A file with errors is
cached too: its problems are reported again without parsing it again.

Building tens of thousands of ``Card`` objects dominates a cache hit (a plain
pickle of a 10,000-card deck took 150 ms to load), so cards are stored as one
``marshal``-ed column per field and built with ``map``; ``Card`` is a plain
slots dataclass for the same reason. docs/benchmarks.md has the numbers.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import marshal
import os
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import Any

from quizkit import __version__
from quizkit.base import durations
from quizkit.base.files import write_atomically
from quizkit.deck import answers, building, checking, exam_checks, messages, model, problems
from quizkit.deck import format as deck_format
from quizkit.deck import loader as deck_loader
from quizkit.deck import positions as toml_positions
from quizkit.deck.loader import LoadedDeck, parse_deck, read_deck_file
from quizkit.deck.model import Card, Cards
from quizkit.deck.problems import DeckError, Problem

# Bump when the layout of an entry changes.
_ENTRY_FORMAT = b"quizkit-deck-cache 3"
_CODE = (
    answers,
    building,
    checking,
    deck_format,
    deck_loader,
    durations,
    exam_checks,
    messages,
    model,
    problems,
    toml_positions,
)


class DeckCache:
    def __init__(self, directory: Path | None) -> None:
        """``directory`` None: no caching (every load validates)."""
        self.directory = directory

    def load(self, path: Path) -> LoadedDeck:
        """Load ``path`` from the cache when its bytes are unchanged, else validate it.

        Raises ``DeckError`` when the file cannot be read or has errors, exactly
        as ``parse_deck`` does.
        """
        data = read_deck_file(path)
        if self.directory is None:
            return parse_deck(data, path)
        path_key, entry = self._entry(path, data)
        cached = _read_entry(entry, path)
        if isinstance(cached, DeckError):
            raise cached
        if cached is not None:
            return cached
        try:
            loaded: LoadedDeck | DeckError = parse_deck(data, path)
        except DeckError as exc:
            loaded = exc
        self._store(entry, path_key, loaded)
        if isinstance(loaded, DeckError):
            raise loaded
        return loaded

    def put(self, path: Path, data: bytes, loaded: LoadedDeck) -> None:
        """Record that ``path``, holding ``data``, loads as ``loaded``: for a writer that has
        just checked what it wrote (``quizkit import``), so the first load does not parse it."""
        if self.directory is not None:
            path_key, entry = self._entry(path, data)
            self._store(entry, path_key, loaded)

    def _entry(self, path: Path, data: bytes) -> tuple[str, Path]:
        assert self.directory is not None
        path_key = hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:16]
        content_key = hashlib.sha256(_fingerprint() + data).hexdigest()[:32]
        return path_key, self.directory / f"{path_key}-{content_key}.cache"

    def _store(self, entry: Path, path_key: str, loaded: LoadedDeck | DeckError) -> None:
        # A cache that cannot be written only costs time: never fail a load for it.
        assert self.directory is not None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for stale in self.directory.glob(f"{path_key}-*"):
                stale.unlink(missing_ok=True)
            write_atomically(entry, _ENTRY_FORMAT + b"\n" + _encode(loaded), durable=False)
        except OSError:
            return


@cache
def _fingerprint() -> bytes:
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode() + _ENTRY_FORMAT)
    for module in _CODE:
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # e.g. running from a zip: the version alone must do
            digest.update(module.__name__.encode())
    return digest.digest()


# -- entry encoding ----------------------------------------------------------------
_CARD_FIELDS = tuple(f.name for f in dataclasses.fields(Card))
# The fields a start reads (ids across decks, mastery by topic), stored apart
# so they can be read without decoding the cards' text (see model.Cards).
_LIGHT_FIELDS = ("id", "note_id", "line", "id_generated", "topic", "kind")
_PROBLEM_FIELDS = tuple(f.name for f in dataclasses.fields(Problem) if f.name != "path")


def _encode(loaded: LoadedDeck | DeckError) -> bytes:
    """On a line, the lengths of the next two parts; then the pickle (the deck
    without its cards, the warnings or the problems); the light card columns,
    marshalled; then every card column, marshalled."""
    if isinstance(loaded, DeckError):
        head = pickle.dumps(("error", _columns(loaded.problems, _PROBLEM_FIELDS)), protocol=5)
        light = cards = b""
    else:
        rest = dataclasses.replace(loaded.deck, cards=Cards())
        head = pickle.dumps(("deck", rest, _columns(loaded.warnings, _PROBLEM_FIELDS)), protocol=5)
        light = marshal.dumps(_columns(loaded.deck.cards, _LIGHT_FIELDS), 4)
        cards = marshal.dumps(_columns(loaded.deck.cards, _CARD_FIELDS), 4)
    return b"%d %d\n" % (len(head), len(light)) + head + light + cards


def _read_entry(entry: Path, path: Path) -> LoadedDeck | DeckError | None:
    """The cached result for ``path``, or None when there is no usable entry."""
    try:
        blob = memoryview(entry.read_bytes())
    except OSError:
        return None
    if blob[: len(_ENTRY_FORMAT) + 1] != _ENTRY_FORMAT + b"\n":
        return None
    # The objects built here hold no reference cycles: a collection would only
    # walk tens of thousands of new objects for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        start = len(_ENTRY_FORMAT) + 1
        newline = blob.obj.index(b"\n", start)  # type: ignore[union-attr]
        head_length, light_length = (int(n) for n in bytes(blob[start:newline]).split())
        head_end = newline + 1 + head_length
        light_end = head_end + light_length
        record = pickle.loads(blob[newline + 1 : head_end])
        if record[0] == "error":
            return DeckError(_problems(path, record[1]))
        _, rest, warnings = record
        light = dict(zip(_LIGHT_FIELDS, marshal.loads(blob[head_end:light_end]), strict=True))
        columns = _CardColumns(blob[light_end:])
        cards = Cards.deferred(len(light["id"]), light, columns.build_all, columns.build_one)
        deck = dataclasses.replace(rest, path=path, cards=cards)
        return LoadedDeck(deck, tuple(_problems(path, warnings)))
    except Exception:
        return None
    finally:
        if collecting:
            gc.enable()


def _columns(objects: Any, names: tuple[str, ...]) -> tuple[tuple[Any, ...], ...]:
    """One tuple per field; equal values share one object, so marshal stores them once."""
    columns = []
    for name in names:
        shared: dict[Any, Any] = {}
        columns.append(tuple(shared.setdefault(v, v) for v in (getattr(o, name) for o in objects)))
    return tuple(columns)


def _problems(path: Path, columns: tuple[tuple[Any, ...], ...]) -> list[Problem]:
    # The entry may have been written under another spelling of the path
    # (relative, absolute): report the one asked for.
    count = len(columns[0]) if columns else 0
    return _build(Problem, ((path,) * count, *columns))


class _CardColumns:
    """The marshalled card columns of a cache entry, decoded when a card is first needed."""

    def __init__(self, blob: memoryview) -> None:
        self._blob: memoryview | None = blob
        self._columns: tuple[tuple[Any, ...], ...] | None = None

    def _decoded(self) -> tuple[tuple[Any, ...], ...]:
        if self._columns is None:
            assert self._blob is not None
            self._columns, self._blob = marshal.loads(self._blob), None
        return self._columns

    def build_one(self, index: int) -> Card:
        """The card at ``index`` alone (the columns are decoded once, kept for the rest)."""
        return Card(*(column[index] for column in self._decoded()))

    def build_all(self) -> list[Card]:
        """Every card of the entry; the decoded columns are let go."""
        collecting = gc.isenabled()
        gc.disable()  # no cycles among them: a collection would only walk them for nothing
        try:
            columns, self._columns = self._decoded(), None
            return _build(Card, columns)
        finally:
            if collecting:
                gc.enable()


def _build(cls: type, columns: tuple[tuple[Any, ...], ...]) -> list[Any]:
    """Objects of the dataclass ``cls`` from one column per field."""
    return list(map(cls, *columns))
