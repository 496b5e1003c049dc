"""Everything a quizkit command works on: the decks, the progress file, the clock.

The CLI and the TUI both start here, so they see the same decks and the same
progress in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizkit.core.clock import Clock, SystemClock
from quizkit.core.config import Config
from quizkit.core.deck_cache import DeckCache
from quizkit.core.library import Library, load_library
from quizkit.core.model import Deck
from quizkit.core.session import StudySession
from quizkit.core.store import DeckCounts, ProgressStore
from quizkit.core.study_day import StudyDay


@dataclass
class Workspace:
    store: ProgressStore
    library: Library
    clock: Clock
    config: Config = field(default_factory=Config)
    fuzz: bool = True

    @classmethod
    def open(cls, data_path: Path, deck_paths: list[Path], *, clock: Clock | None = None,
             config: Config | None = None, cache_dir: Path | None = None,
             fuzz: bool = True) -> "Workspace":
        """Load the decks, open the progress file and bring it in line with the decks.

        Raises ``StoreError`` when the progress file cannot be used; broken decks
        do not raise, they are listed in ``library.failures``.
        """
        clock = clock or SystemClock()
        library = load_library(deck_paths, DeckCache(cache_dir))
        store = ProgressStore.open(data_path)
        now = clock.now()
        for deck in library.decks:
            store.sync_deck(deck, now)
        return cls(store, library, clock, config or Config(), fuzz)

    def close(self) -> None:
        self.store.close()

    @property
    def decks(self) -> list[Deck]:
        return self.library.decks

    def study_day(self) -> StudyDay:
        return StudyDay.containing(self.clock.now(), self.clock.local_zone(), self.config.rollover_hour)

    def counts(self, deck: Deck) -> DeckCounts:
        return self.store.deck_counts(deck.id, deck.options, self.study_day(), self.clock.now())

    def session(self, decks: list[Deck] | None = None) -> StudySession:
        return StudySession(self.store, decks if decks is not None else self.decks, self.clock,
                            rollover_hour=self.config.rollover_hour, fuzz=self.fuzz)
