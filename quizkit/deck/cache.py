"""Validated decks kept on disk, so a deck is parsed once per change, not at every start.

An entry is keyed by the file's path and the hash of its bytes, salted with a
fingerprint of the code that produced it (quizkit's version, the Python
version, and the source of the loader and model modules), so a changed
validator or ``Card`` layout never reads an old entry. A file with errors is
cached too: its problems are reported again without parsing it again.

Reading and hashing a large deck (13 MB at 100,000 cards) still cost ~25 ms of
every start, so beside the entries a *stat record* per deck file says which
entry its bytes had when the file had a given device, inode, size, mtime and
ctime. A start whose ``stat`` matches the record reads the entry without
reading the deck. Like git's index, the record is only trusted for a file
whose timestamps were safely older than the moment it was stat-ed ("racy"
files are hashed instead, until they are old enough): an edit within the same
timestamp tick as the last stat, and of the same size, would otherwise look
unchanged. ``ctime`` cannot be set back by the editing program, so a restored
mtime does not fool it either. The layout of an entry is ``cache_entry``'s.

Only a miss imports the loader (the validation code): a start that hits the
cache does not pay for it.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import sys
import time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from quizkit import __version__
from quizkit.deck.cache_entry import ENTRY_FORMAT, decode, encode
from quizkit.deck.problems import DeckError, read_deck_file

if TYPE_CHECKING:
    from quizkit.deck.model import LoadedDeck

# The code whose output an entry holds, relative to the quizkit package: read as
# files, not imported, since a cache hit imports none of the loader.
_CODE = (
    "deck/answers.py",
    "deck/building.py",
    "deck/checking.py",
    "deck/format.py",
    "deck/loader.py",
    "base/durations.py",
    "deck/exam_checks.py",
    "deck/messages.py",
    "deck/model.py",
    "deck/problems.py",
    "deck/positions.py",
    "deck/cache_entry.py",
)
_RECORD_FORMAT = b"quizkit-deck-stat 1"
# A file changed less than this before it was stat-ed is "racy": hashed, not trusted by its
# stat. Covers file systems with coarse timestamps (FAT: 2 s) and the kernel's coarse clock.
RACY_NS = 3_000_000_000
# Entries at least this large are memory-mapped; smaller ones are read (a map holds a file
# descriptor for as long as the deck lives: one per large deck, not one per deck).
_MAP_FROM = 1 << 20


def parse_deck(data: bytes, path: Path) -> LoadedDeck:
    """The loader's ``parse_deck``, imported on a cache miss only."""
    from quizkit.deck.loader import parse_deck as parse

    return parse(data, path)


def file_stat(path: Path) -> tuple[int, ...] | None:
    """What says a file is unchanged: device, inode, size, mtime and ctime (ns); None if absent."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class DeckCache:
    def __init__(self, directory: Path | None) -> None:
        """``directory`` None: no caching (every load validates)."""
        self.directory = directory

    def load(self, path: Path) -> LoadedDeck:
        """Load ``path`` from the cache when its bytes are unchanged, else validate it.

        Raises ``DeckError`` when the file cannot be read or has errors, exactly
        as ``parse_deck`` does.
        """
        if self.directory is None:
            return parse_deck(read_deck_file(path), path)
        path_key = _path_key(path)
        stat_at = time.time_ns()  # before the stat: a change after it gets a later ctime
        stat = file_stat(path)
        known = self._recorded_entry(path_key, stat)
        cached = _read_entry(known, path) if known is not None else None
        if cached is None:
            data = read_deck_file(path)
            content_key = _content_key(data)
            entry = self._entry_path(path_key, content_key)
            cached = _read_entry(entry, path)
            if cached is None:
                try:
                    cached = parse_deck(data, path)
                except DeckError as exc:
                    cached = exc
                self._store(entry, path_key, cached)
            self._record(path_key, stat, stat_at, content_key)
        if isinstance(cached, DeckError):
            raise cached
        return cached

    def _record_path(self, path_key: str) -> Path:
        assert self.directory is not None
        return self.directory / f"{path_key}.stat"

    def _recorded_entry(self, path_key: str, stat: tuple[int, ...] | None) -> Path | None:
        """The entry the stat record names for a file of exactly this ``stat``, if any."""
        if stat is None:
            return None
        try:
            record = self._record_path(path_key).read_bytes()
        except OSError:
            return None
        expected = _record_prefix(stat)
        if not record.startswith(expected):
            return None
        content_key = record[len(expected) :].decode("ascii", "replace")
        if len(content_key) != 32 or not content_key.isalnum():
            return None
        return self._entry_path(path_key, content_key)

    def _record(
        self, path_key: str, stat: tuple[int, ...] | None, stat_at: int, content_key: str
    ) -> None:
        """Remember that a file of ``stat`` holds the bytes of ``content_key``, unless racy."""
        record = self._record_path(path_key)
        try:
            if stat is None or max(stat[3], stat[4]) > stat_at - RACY_NS:
                # Changed too recently to be told apart from a change to come: no record,
                # and none left that an older stat wrote.
                record.unlink(missing_ok=True)
                return
            from quizkit.base.files import write_atomically

            write_atomically(record, _record_prefix(stat) + content_key.encode(), durable=False)
        except OSError:
            return  # a cache that cannot be written only costs time

    def put(self, path: Path, data: bytes, loaded: LoadedDeck) -> None:
        """Record that ``path``, holding ``data``, loads as ``loaded``: for a writer that has
        just checked what it wrote (``quizkit import``), so the first load does not parse it."""
        if self.directory is not None:
            path_key, entry = self._entry(path, data)
            self._store(entry, path_key, loaded)

    def _entry(self, path: Path, data: bytes) -> tuple[str, Path]:
        path_key = _path_key(path)
        return path_key, self._entry_path(path_key, _content_key(data))

    def _entry_path(self, path_key: str, content_key: str) -> Path:
        assert self.directory is not None
        return self.directory / f"{path_key}-{content_key}.cache"

    def _store(self, entry: Path, path_key: str, loaded: LoadedDeck | DeckError) -> None:
        # A cache that cannot be written only costs time: never fail a load for it.
        assert self.directory is not None
        from quizkit.base.files import write_atomically

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for stale in self.directory.glob(f"{path_key}-*"):
                stale.unlink(missing_ok=True)
            write_atomically(entry, encode(loaded), durable=False)
        except OSError:
            return


def _record_prefix(stat: tuple[int, ...]) -> bytes:
    """A record's bytes up to the content key: the code's fingerprint and the file's stat."""
    numbers = b" ".join(b"%d" % n for n in stat)
    return b"%s\n%s\n%s\n" % (_RECORD_FORMAT, _fingerprint().hex().encode(), numbers)


@cache
def _fingerprint() -> bytes:
    # The byte order too: an entry holds native 64-bit integers (the note ids' hashes).
    digest = hashlib.sha256(
        f"{__version__}\0{sys.version}\0{sys.byteorder}\0".encode() + ENTRY_FORMAT
    )
    package = Path(__file__).resolve().parents[1]
    for name in _CODE:
        try:
            digest.update((package / name).read_bytes())
        except OSError:  # e.g. running from a zip: the version alone must do
            digest.update(name.encode())
    return digest.digest()


def _read_entry(entry: Path, path: Path) -> LoadedDeck | DeckError | None:
    """The cached result for ``path``, or None when there is no usable entry."""
    try:
        with open(entry, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size < _MAP_FROM:
                data: bytes | mmap.mmap = file.read()
            else:
                # A map, not a read: a start touches the head and one block of a 20 MB
                # entry. Entries are only ever replaced whole (a rename), never written in
                # place, so the map keeps the bytes it was opened on.
                data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    return decode(data, path)


def _path_key(path: Path) -> str:
    """A deck file's own name in the cache: its resolved path, hashed."""
    return hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:16]


def _content_key(data: bytes) -> str:
    """The key of a deck's bytes, as read by this version of quizkit's code."""
    return hashlib.sha256(_fingerprint() + data).hexdigest()[:32]
