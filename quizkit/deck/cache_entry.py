"""The bytes of one deck cache entry: written after a validation, read at every start.

Building tens of thousands of ``Card`` objects dominates a cache hit (a plain
pickle of a 10,000-card deck took 150 ms to load), so cards are stored as
``marshal``-ed columns and built with ``map``; ``Card`` is a plain slots
dataclass for the same reason. A start reads little of a deck, so the entry
is laid out for reading in parts (docs/benchmarks.md has the numbers):

* the light fields a start may read (ids and lines to check ids across decks,
  topics for mastery) are one column each, decoded when first read;
* every field of the cards is stored in blocks of ``BLOCK`` cards, so the
  first card shown decodes one block, not the text of 100,000 cards.

Layout: the format line; a line of lengths (the head, the light columns, the
block size and the blocks); the head, a pickle of the deck without its cards
and of its warnings (or of the problems); then the light columns and the
blocks, each ``marshal``-ed on its own; then zero bytes up to a multiple of 8 and the
hashes, native unsigned 64-bit integers.
"""

from __future__ import annotations

import dataclasses
import gc
import marshal
import mmap
import pickle
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from quizkit.deck.model import Card, Cards, LoadedDeck, note_id_hash
from quizkit.deck.problems import DeckError, Problem

# Bump when the layout of an entry changes.
ENTRY_FORMAT = b"quizkit-deck-cache 5"
# Cards per block: decoding one block for the first card costs well under a millisecond.
BLOCK = 512
_CARD_FIELDS = tuple(f.name for f in dataclasses.fields(Card))
_LIGHT_FIELDS = ("id", "note_id", "line", "id_generated", "topic", "kind")
_PROBLEM_FIELDS = tuple(f.name for f in dataclasses.fields(Problem) if f.name != "path")


def encode(loaded: LoadedDeck | DeckError) -> bytes:
    """The whole entry for a validated deck or for the problems of a broken one."""
    light: list[bytes] = []
    blocks: list[bytes] = []
    hashes = b""
    if isinstance(loaded, DeckError):
        head = pickle.dumps(("error", _columns(loaded.problems, _PROBLEM_FIELDS)), protocol=5)
    else:
        rest = dataclasses.replace(loaded.deck, cards=Cards())
        head = pickle.dumps(("deck", rest, _columns(loaded.warnings, _PROBLEM_FIELDS)), protocol=5)
        cards = list(loaded.deck.cards)
        light = [marshal.dumps(column, 4) for column in _columns(cards, _LIGHT_FIELDS)]
        blocks = [
            marshal.dumps(_columns(cards[at : at + BLOCK], _CARD_FIELDS), 4)
            for at in range(0, len(cards), BLOCK)
        ]
        hashes = array("Q", sorted({note_id_hash(c.note_id) for c in cards})).tobytes()
    count = 0 if isinstance(loaded, DeckError) else len(loaded.deck.cards)
    lengths = [
        len(head),
        count,
        len(light),
        *map(len, light),
        BLOCK,
        len(blocks),
        *map(len, blocks),
    ]
    body = b"".join([head, *light, *blocks])
    # The hash index last, at an offset that is a multiple of 8 (read in place as uint64).
    line = b"%s\n%s %%d %d\n" % (ENTRY_FORMAT, b" ".join(b"%d" % n for n in lengths), len(hashes))
    padding = 0
    while (len(line % padding) + len(body) + padding) % 8:
        padding += 1
    return line % padding + body + b"\0" * padding + hashes


def decode(data: bytes | mmap.mmap, path: Path) -> LoadedDeck | DeckError | None:
    """The entry's deck (its cards built on first use) or problems; None when unreadable.

    ``data`` may be a memory map of the entry file: only the parts read are paged in
    (the head and, later, the columns and blocks used), not 20 MB at 100,000 cards.
    """
    blob = memoryview(data)
    if blob[: len(ENTRY_FORMAT) + 1] != ENTRY_FORMAT + b"\n":
        return None
    # The objects built here hold no reference cycles: a collection would only
    # walk tens of thousands of new objects for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        start = len(ENTRY_FORMAT) + 1
        newline = data.find(b"\n", start)  # an mmap has find(), not index()
        if newline < 0:
            return None
        numbers = [int(n) for n in data[start:newline].split()]
        head_length, count, light_count = numbers[:3]
        light_lengths = numbers[3 : 3 + light_count]
        block, block_count = numbers[3 + light_count], numbers[4 + light_count]
        block_lengths = numbers[5 + light_count : 5 + light_count + block_count]
        padding, hashes_length = numbers[5 + light_count + block_count :]
        at = newline + 1 + head_length
        record = pickle.loads(blob[newline + 1 : at])
        if record[0] == "error":
            return DeckError(_problems(path, record[1]))
        _, rest, warnings = record
        light = {}
        for name, length in zip(_LIGHT_FIELDS, light_lengths, strict=True):
            light[name], at = blob[at : at + length], at + length
        parts = []
        for length in block_lengths:
            parts.append(blob[at : at + length])
            at += length
        at += padding
        if at % 8 or at + hashes_length != len(data):
            return None
        fields = LazyColumns(light)
        blocks = _CardBlocks(parts, block)
        cards = Cards.deferred(count, fields, blocks.build_all, blocks.build_one)
        cards.note_id_hashes = blob[at:].cast("Q")
        deck = dataclasses.replace(rest, path=path, cards=cards)
        return LoadedDeck(deck, tuple(_problems(path, warnings)))
    except Exception:
        return None
    finally:
        if collecting:
            gc.enable()


class LazyColumns(Mapping[str, tuple[Any, ...]]):
    """Columns by field name, each unmarshalled when first read: a start reads one or two."""

    def __init__(self, encoded: dict[str, memoryview]) -> None:
        self._encoded = encoded
        self._decoded: dict[str, tuple[Any, ...]] = {}

    def __getitem__(self, name: str) -> tuple[Any, ...]:
        column = self._decoded.get(name)
        if column is None:
            column = self._decoded[name] = marshal.loads(self._encoded[name])
        return column

    def __contains__(self, name: object) -> bool:
        return name in self._encoded

    def __iter__(self) -> Iterator[str]:
        return iter(self._encoded)

    def __len__(self) -> int:
        return len(self._encoded)


class _CardBlocks:
    """The marshalled blocks of card columns, decoded when a card of theirs is needed."""

    def __init__(self, parts: list[memoryview], block: int) -> None:
        self._parts = parts
        self._block = block
        self._decoded: dict[int, tuple[tuple[Any, ...], ...]] = {}

    def _columns(self, number: int) -> tuple[tuple[Any, ...], ...]:
        columns = self._decoded.get(number)
        if columns is None:
            columns = self._decoded[number] = marshal.loads(self._parts[number])
        return columns

    def build_one(self, index: int) -> Card:
        """The card at ``index`` alone: its block is decoded (and kept for its neighbours)."""
        number, offset = divmod(index, self._block)
        return Card(*(column[offset] for column in self._columns(number)))

    def build_all(self) -> list[Card]:
        """Every card of the entry; the blocks are let go."""
        collecting = gc.isenabled()
        gc.disable()  # no cycles among them: a collection would only walk them for nothing
        try:
            cards: list[Card] = []
            for number in range(len(self._parts)):
                cards.extend(map(Card, *self._columns(number)))
            self._decoded, self._parts = {}, []
            return cards
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
    return list(map(Problem, (path,) * count, *columns))
