"""Validated decks kept on disk, so a deck is parsed once per change, not at every start.

An entry is keyed by the file's path and the hash of its bytes (and quizkit's
version, so a new validator re-checks everything). Reading the file and hashing
it is far cheaper than parsing and validating it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from quizkit import __version__
from quizkit.core.deck_loader import LoadedDeck, parse_deck
from quizkit.core.problems import DeckError, Problem


class DeckCache:
    def __init__(self, directory: Path | None) -> None:
        """``directory`` None: no caching (every load validates)."""
        self.directory = directory

    def load(self, path: Path) -> LoadedDeck:
        """Load ``path`` from the cache when its bytes are unchanged, else validate it."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DeckError([Problem(path, 1, 1, "error", f"cannot read the file: {exc.strerror}")])
        if self.directory is None:
            return parse_deck(data, path)
        path_key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
        content_key = hashlib.sha256(__version__.encode() + b"\0" + data).hexdigest()[:32]
        entry = self.directory / f"{path_key}-{content_key}.pickle"
        try:
            cached = pickle.loads(entry.read_bytes())
            if isinstance(cached, LoadedDeck):
                return cached
        except Exception:  # missing, truncated or from another Python: validate again
            pass
        loaded = parse_deck(data, path)
        self._store(entry, path_key, loaded)
        return loaded

    def _store(self, entry: Path, path_key: str, loaded: LoadedDeck) -> None:
        # A cache that cannot be written only costs time: never fail a load for it.
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for stale in self.directory.glob(f"{path_key}-*.pickle"):
                stale.unlink(missing_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(loaded, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except OSError:
            pass
