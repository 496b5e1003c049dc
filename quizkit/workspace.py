"""Everything a quizkit command works on: the decks, the progress file, the clock.

The CLI and the TUI both start here, so they see the same decks and the same
progress in the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quizkit.base.clock import Clock, SystemClock
from quizkit.base.study_day import StudyDay
from quizkit.config import Config, unknown_decks
from quizkit.deck.cache import DeckCache
from quizkit.deck.library import Library, load_library
from quizkit.deck.model import Deck, DeckOptions, Exam
from quizkit.progress.store import DeckCounts, ProgressStore, StoreError

if TYPE_CHECKING:  # imported when used: none is needed for the due counts or the first frame
    from quizkit.exam.outlook import Outlook
    from quizkit.interop.lrs import Lrs, SendReport
    from quizkit.study.mastery import DeckMastery
    from quizkit.study.session import StudySession


@dataclass
class Workspace:
    store: ProgressStore
    library: Library
    clock: Clock
    config: Config = field(default_factory=Config)
    fuzz: bool = True
    cache_dir: Path | None = None
    # The seed of the choice shuffles; None in use, fixed by tests and snapshots.
    seed: int | None = None
    # Custom study's "learn N more new cards today", per (deck id, study day start):
    # kept here so it outlives one session, as Anki keeps it for the day.
    extra_new: dict = field(default_factory=dict)

    @classmethod
    def open(
        cls,
        data_path: Path,
        deck_paths: list[Path],
        *,
        clock: Clock | None = None,
        config: Config | None = None,
        cache_dir: Path | None = None,
        fuzz: bool = True,
        seed: int | None = None,
    ) -> Workspace:
        """Load the decks, open the progress file and bring it in line with the decks.

        Raises ``StoreError`` when the progress file cannot be used; broken decks
        do not raise, they are listed in ``library.failures``. The daily check
        and backup are ``daily_maintenance``'s.
        """
        clock = clock or SystemClock()
        library = load_library(deck_paths, DeckCache(cache_dir))
        store = ProgressStore.open(data_path)
        now = clock.now()
        workspace = cls(store, library, clock, config or Config(), fuzz, cache_dir, seed=seed)
        try:
            for deck in library.decks:
                store.sync_deck(deck, now)
        except BaseException:
            store.close()
            raise
        return workspace

    def daily_maintenance(self) -> list[str]:
        """Check the progress file and take today's backup; return what the learner should hear.

        Slow on a large file (seconds), so the TUI runs it in a background thread.
        """
        from quizkit.progress.backups import daily_backup

        try:
            daily_backup(self.store, self.clock.now())
        except StoreError as exc:
            return [f"{exc}"]
        except OSError as exc:
            # Studying matters more than today's backup: say so, go on.
            return [f"could not write today's backup: {exc}"]
        return []

    def close(self) -> None:
        self.store.close()

    @property
    def decks(self) -> list[Deck]:
        return self.library.decks

    def study_day(self) -> StudyDay:
        return StudyDay.today(self.clock, self.config.rollover_hour)

    def notices(self) -> list[str]:
        """What the learner should hear once about the decks and config loaded: a deck of
        theirs replacing a bundled one, options for a deck that is not there."""
        said = [r.notice for r in self.library.replaced]
        said += [str(p) for p in unknown_decks(self.config, (d.id for d in self.decks))]
        return said

    def options(self, deck: Deck) -> DeckOptions:
        """The deck's scheduling options after the learner's overrides."""
        return self.config.options_for(deck.id, deck.options)

    def counts(self, deck: Deck) -> DeckCounts:
        return self.store.deck_counts(
            deck.id, self.options(deck), self.study_day(), self.clock.now()
        )

    def mastery(self, deck: Deck) -> DeckMastery:
        """Per topic and overall: cards seen, recall of those seen, and the share known now."""
        from quizkit.study.mastery import deck_mastery
        from quizkit.study.scheduler import Scheduler

        scheduler = Scheduler(self.options(deck), parameters=self.store.fsrs_parameters(deck.id))
        return deck_mastery(self.store, deck, scheduler, self.clock)

    def readiness_lines(self, deck: Deck) -> dict[str, str]:
        """Home's lines per exam of ``deck``: ``ready: predicted 86 % · pass 92 %`` or ``not ready: …``,
        then, with an exam date to come, ``exam in 16 days · 14 reviews a day to be ready``."""
        from quizkit.exam.prediction import readiness_line

        lines = {}
        for exam in deck.exams:
            outlook = self.outlook(deck, exam)
            if outlook.now is None:
                lines[exam.id] = "readiness: the deck no longer has enough facts for this exam"
                continue
            line = readiness_line(outlook.now, deck.topic_title)
            if outlook.plan is not None:
                line += f"\n{outlook.plan.summary()}"
            lines[exam.id] = line
        return lines

    def streak(self) -> int:
        """Consecutive study days up to today."""
        from quizkit.study.mastery import study_streak

        return study_streak(self.store, self.clock, self.config.rollover_hour)

    def session(self, decks: list[Deck] | None = None, *, seed: int | None = None) -> StudySession:
        """The study session; with an exam date set, one that also plans for the date."""
        from quizkit.study.session import StudySession

        decks = decks if decks is not None else self.decks
        settings = self.config.study_settings()
        options = {
            "settings": settings,
            "fuzz": self.fuzz,
            "reload_deck": self.reload_deck,
            "extra_new": self.extra_new,
            "seed": seed if seed is not None else self.seed,
        }
        # The exam modules (readiness, layouts, plans) load only once a deck has an exam:
        # a start to the due counts does not need them (~17 ms of imports).
        plans = None
        if any(deck.exams for deck in decks):
            from quizkit.exam.outlook import date_planner

            plans = date_planner(self.store, decks, self.clock, settings.rollover_hour)
        if plans is not None:
            from quizkit.exam.planned_session import PlannedSession

            return PlannedSession(self.store, decks, self.clock, plans=plans, **options)
        return StudySession(self.store, decks, self.clock, **options)

    def outlook(self, deck: Deck, exam: Exam) -> Outlook:
        """Readiness for ``exam`` now and on the learner's exam date, with the date's plan."""
        from quizkit.exam.outlook import exam_outlook

        return exam_outlook(self.store, deck, exam, self.clock, self.config.rollover_hour)

    def lrs(self, url: str | None = None) -> Lrs | None:
        """The LRS to send to: ``url`` or the config's ``[lrs] url`` (None without either), with
        the credentials of the environment (``QUIZKIT_LRS_USERNAME`` / ``_PASSWORD``) or the config."""
        from quizkit.interop.lrs import Lrs

        settings = self.config.lrs
        url = url or settings.url
        if not url:
            return None
        return Lrs(
            url,
            os.environ.get("QUIZKIT_LRS_USERNAME") or settings.username,
            os.environ.get("QUIZKIT_LRS_PASSWORD") or settings.password,
        )

    def send_statements(
        self,
        lrs: Lrs,
        store: ProgressStore | None = None,
        keep_going: Callable[[], bool] | None = None,
    ) -> SendReport:
        """Queue the ended attempts' xAPI statements and post the waiting ones to ``lrs``;
        ``store``: another connection to the progress file, for a background thread.
        Raises ``NoLearnerName`` when no learner name is set."""
        from quizkit.interop.lrs import send_attempts

        learner = asdict(self.config.learner)
        return send_attempts(
            store or self.store,
            list(self.decks),
            learner,
            lrs,
            self.clock.now,
            keep_going=keep_going,
        )

    def reload_deck(self, deck_id: str) -> Deck | None:
        """Read ``deck_id``'s file again (another process changed it under an open session)
        and bring the progress file in line; None when it is gone or now broken."""
        deck = self.library.deck(deck_id)
        if deck is None:
            return None
        fresh = load_library([deck.path], DeckCache(self.cache_dir)).deck(deck_id)
        if fresh is None:
            return None
        self.store.sync_deck(fresh, self.clock.now())
        self.library.decks = [fresh if d.id == deck_id else d for d in self.library.decks]
        return fresh
