"""A study session: which card is shown, whether its answer is revealed, and what is written.

The session asks the store for the next card each time (the store's queries are
the queue), so a session of 10 or 100,000 cards costs the same per card.
Writes are planned here (``plan_*``), run by whoever holds a connection
(``Write.run``: the TUI runs them in a worker thread) and applied here
(``apply``), so the session itself only ever changes on one thread. The
synchronous ``answer``, ``bury``, ... do all three, for tests and scripts.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from quizkit.base.clock import Clock
from quizkit.base.study_day import StudyDay
from quizkit.deck.model import Card, Deck, DeckOptions
from quizkit.progress.store import DeckCounts, ProgressStore, StaleCardError
from quizkit.study.grading import Verdict
from quizkit.study.practice import Practice, missed_today
from quizkit.study.scheduler import Rating, Scheduler
from quizkit.study.settings import StudySettings
from quizkit.study.shown import Shown, choice_order, warm_next
from quizkit.study.summary import AnswerRecord, SessionSummary, summarize
from quizkit.study.writes import SaveAnswer, SetMark, TakeBack, Write

__all__ = ["Answered", "Applied", "SessionSummary", "Shown", "StudySession", "is_leech_lapse"]


@dataclass(frozen=True, slots=True)
class Answered:
    card: Card
    rating: Rating
    became_leech: bool = False


@dataclass(frozen=True, slots=True)
class Applied:
    """What a write did, for the screen to say: ``kind`` is answer, bury, suspend, flag, unflag
    or undo; ``ok`` False when an undo could not be done (answered since in another window)."""

    kind: str
    card: Card
    ok: bool = True
    leech: bool = False
    undone: str | None = None  # for an undo: what was taken back


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    """Anki's rule: a leech at ``threshold`` lapses, and again every half threshold after."""
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


class StudySession:
    def __init__(
        self,
        store: ProgressStore,
        decks: list[Deck],
        clock: Clock,
        *,
        settings: StudySettings | None = None,
        fuzz: bool = True,
        reload_deck: Callable[[str], Deck | None] | None = None,
        extra_new: dict[tuple[str, datetime], int] | None = None,
        seed: int | None = None,
    ) -> None:
        """``reload_deck``: reads a deck file again when another process changed it;
        ``extra_new``: today's "learn more new cards" (custom study), kept by the caller
        so it outlives the session; ``seed``: the choice shuffles' seed (tests)."""
        self.store = store
        self.decks = list(decks)
        self.clock = clock
        self.settings = settings or StudySettings()
        self._options: dict[str, DeckOptions] = {
            d.id: self.settings.options_for(d.id, d.options) for d in decks
        }
        self._schedulers = {
            d.id: Scheduler(self._options[d.id], parameters=store.fsrs_parameters(d.id), fuzz=fuzz)
            for d in decks
        }
        self._reload_deck = reload_deck
        self.extra_new = extra_new if extra_new is not None else {}
        self._rng = random.Random(seed)
        self.current: Shown | None = None
        self.revealed = False
        self.verdict: Verdict | None = None
        self.done = 0
        self.started_at = clock.now()
        self._answers: list[AnswerRecord] = []
        # Newest last; undo takes back these, in order: answers, burials, suspensions, flags.
        self._undo: list[tuple[str, Shown, int | datetime | bool | None]] = []
        self._unknown: set[str] = set()  # ids the store has and the deck file no longer does
        self.practice = Practice()
        self.advance()

    # -- the queue ----------------------------------------------------------
    def study_day(self) -> StudyDay:
        return StudyDay.today(self.clock, self.settings.rollover_hour)

    def options(self, deck: Deck) -> DeckOptions:
        """The deck's options after the learner's config and today's custom study."""
        options = self._options[deck.id]
        extra = self.extra_new.get((deck.id, self.study_day().start), 0)
        return replace(options, new_per_day=options.new_per_day + extra) if extra else options

    def counts(self) -> DeckCounts:
        """What is left to study today (new, learning, review), over every deck of the session."""
        day, now = self.study_day(), self.clock.now()
        totals = [self.store.deck_counts(d.id, self.options(d), day, now) for d in self.decks]
        return DeckCounts(
            new=sum(t.new for t in totals),
            learning=sum(t.learning for t in totals),
            due=sum(t.due for t in totals),
        )

    def remaining(self) -> int:
        counts = self.counts()
        return counts.new + counts.learning + counts.due

    def advance(self, *, after: str | None = None) -> Shown | None:
        """Show the next card, or None when nothing more is due today.

        ``after``: the card just answered, not shown again while another can be.
        """
        self.revealed = False
        self.verdict = None
        self.current = None
        if self.practice.active:
            self.current = self._next_practice()
            if self.current is not None:
                return self.current
        skip = self._unknown | ({after} if after else set())
        self.current = self._next(frozenset(skip))
        if self.current is None and after:
            self.current = self._next(frozenset(self._unknown))
        return self.current

    def _next(self, skip: frozenset[str]) -> Shown | None:
        now, day = self.clock.now(), self.study_day()
        for index, deck in enumerate(self.decks):
            while True:
                found = self.store.next_card(deck.id, self.options(deck), day, now, skip)
                if found is None:
                    break
                card = self._card_at(index, *found)
                if card is not None:
                    return self._show_card(self.decks[index], card, now)
                skip = skip | {found[0]}
        return None

    def _card_at(self, index: int, card_id: str, position: int) -> Card | None:
        """The card at ``position`` in its deck, checked by id; the deck is read again when
        another process changed the file (and synced it) since the session began."""
        deck = self.decks[index]
        if 0 <= position < len(deck.cards) and deck.cards[position].id == card_id:
            return deck.cards[position]
        card = next((c for c in deck.cards if c.id == card_id), None)
        if card is None and self._reload_deck is not None:
            fresh = self._reload_deck(deck.id)
            if fresh is not None and fresh is not deck:
                self.decks[index] = fresh
                return self._card_at(index, card_id, position)
        if card is None:
            self._unknown.add(card_id)
        return card

    def _show_card(self, deck: Deck, card: Card, now: datetime, *, practice: bool = False) -> Shown:
        return Shown(
            card,
            deck,
            self.store.card_state(card.id),
            now,
            self._schedulers[deck.id],
            self.store.marks(card.id),
            choice_order(card, self._rng),
            practice,
        )

    def _again(self, shown: Shown) -> Shown:
        """The same card shown again as it now is in the file, its options in the same order."""
        return replace(
            shown,
            before=self.store.card_state(shown.card.id),
            marks=self.store.marks(shown.card.id),
            shown_at=self.clock.now(),
            _outcomes=None,
            _preview_at=None,
        )

    def next_due(self) -> datetime | None:
        """When the next card can be shown, by the queue's own rule (``next_available_at``)."""
        day = self.study_day()
        dues = [self.store.next_available_at(d.id, day) for d in self.decks]
        return min((d for d in dues if d is not None), default=None)

    # -- custom study (Anki's): more new cards today, practice outside the schedule --------
    def learn_more_new(self, count: int) -> None:
        """Raise today's new-card limit of every deck of the session by ``count``."""
        start = self.study_day().start
        for deck in self.decks:
            key = (deck.id, start)
            self.extra_new[key] = self.extra_new.get(key, 0) + count
        self.advance()

    def practise(self, cards: list[tuple[Card, Deck]]) -> int:
        """Go through ``cards`` without changing their schedule; returns how many."""
        self.practice.start(cards)
        self.advance()
        return len(cards)

    def missed_today(self) -> list[tuple[Card, Deck]]:
        """Cards of the session's decks rated Again today, each once, in the order missed."""
        return missed_today(self.store, self.decks, self.study_day())

    def topic_cards(self, deck: Deck, topic: str | None) -> list[tuple[Card, Deck]]:
        return [(c, deck) for c in deck.cards if c.topic == topic]

    def _next_practice(self) -> Shown | None:
        item = self.practice.next()
        if item is None:
            return None
        card, deck = item
        return self._show_card(deck, card, self.clock.now(), practice=True)

    # -- answering ------------------------------------------------------------------
    def reveal(self) -> None:
        if self.current is not None and not self.revealed:
            self.revealed = True
            self._warm_next()

    def _warm_next(self) -> None:
        shown = self.current
        if shown is not None and not shown.practice:
            decks = [(d, self.options(d)) for d in self.decks]
            skip = frozenset(self._unknown | {shown.card.id})
            warm_next(self.store, decks, self.study_day(), self.clock.now(), skip)

    def submit(self, verdict: Verdict) -> Rating:
        """Record the learner's checked answer, reveal the card, and suggest a rating.

        The suggestion (wrong: Again, almost: Hard, right: Good) is only a
        suggestion: the learner still picks the rating that is saved.
        """
        self._require_card()
        self.verdict = verdict
        self.reveal()
        return self.suggested_rating() or Rating.GOOD

    def suggested_rating(self) -> Rating | None:
        if self.verdict is None:
            return None
        if self.verdict.almost:
            return Rating.HARD
        return Rating.GOOD if self.verdict.correct else Rating.AGAIN

    def plan_answer(self, rating: Rating) -> SaveAnswer:
        """The save of ``rating`` for the shown card, scheduled from the moment of answering."""
        shown = self._require_card()
        now = self.clock.now()
        elapsed_ms = max(0, int((now - shown.shown_at).total_seconds() * 1000))
        after = shown.outcomes_at(now)[rating].state
        leech = (
            not shown.practice
            and after.lapses > shown.before.lapses
            and is_leech_lapse(after.lapses, self.settings.leech_threshold)
        )
        return SaveAnswer(shown, rating, after, now, elapsed_ms, leech)

    def plan_bury(self) -> SetMark:
        return SetMark(self._require_card(), "bury", self.study_day().end)

    def plan_suspend(self) -> SetMark:
        return SetMark(self._require_card(), "suspend", True)

    def plan_flag(self) -> SetMark:
        shown = self._require_card()
        return SetMark(shown, "flag", not shown.marks.flagged)

    def plan_undo(self) -> Write | None:
        """Taking back the newest answer, burial, suspension or flag of this session."""
        if not self._undo:
            return None
        kind, shown, value = self._undo[-1]
        if kind == "answer":
            assert value is None or isinstance(value, int)
            return TakeBack(shown, value)
        if kind == "bury":
            return SetMark(shown, "bury", None, undoing=True)
        if kind == "suspend":
            return SetMark(shown, "suspend", False, undoing=True)
        return SetMark(shown, "flag", bool(value), undoing=True)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def apply(self, write: Write, result: object) -> Applied:
        """Bring the session in line with a write that succeeded (on the main thread)."""
        if isinstance(write, TakeBack) or (isinstance(write, SetMark) and write.undoing):
            return self._undone(write, result)
        shown = write.shown
        if isinstance(write, SaveAnswer):
            review_id = result if isinstance(result, int) else None
            self._undo.append(("answer", shown, review_id))
            self.done += 1
            self._answers.append(AnswerRecord(shown.card, shown.deck, write.rating))
            if shown.practice:
                self.practice.answered(shown.card, shown.deck, write.rating)
            self.advance(after=shown.card.id)
            return Applied("answer", shown.card, leech=write.leech)
        if write.kind == "flag":
            self._undo.append(("flag", shown, shown.marks.flagged))
            if self.current is not None and self.current.card.id == shown.card.id:
                self.current.marks = replace(self.current.marks, flagged=bool(write.value))
            return Applied("flag" if write.value else "unflag", shown.card)
        self._undo.append((write.kind, shown, None))
        self.advance()
        return Applied(write.kind, shown.card)

    def _undone(self, write: TakeBack | SetMark, result: object) -> Applied:
        kind, shown, _ = self._undo.pop()
        if result is False:
            return Applied("undo", shown.card, ok=False, undone=kind)
        if kind == "answer":
            self._answers.pop()
            self.done = max(0, self.done - 1)
            if shown.practice:
                self.practice.taken_back(shown.card, shown.deck)
        current = self.current
        if kind == "flag" and current is not None and current.card.id == shown.card.id:
            current.marks = replace(current.marks, flagged=bool(getattr(write, "value", False)))
        else:
            self.current = self._again(shown)
            self.revealed = False
            self.verdict = None
        return Applied("undo", shown.card, undone=kind)

    def failed(self, write: Write, error: BaseException) -> bool:
        """A write failed; True when the card is shown again to be rated once more
        (another window answered it meanwhile), False when nothing was saved."""
        if isinstance(error, StaleCardError) and isinstance(write, SaveAnswer):
            self.current = self._again(write.shown)
            self.revealed = True
            return True
        return False

    def run(self, write: Write) -> Applied:
        """Run ``write`` on the session's own store and apply it (tests, scripts)."""
        try:
            result = write.run(self.store)
        except BaseException as error:
            self.failed(write, error)
            raise
        return self.apply(write, result)

    # -- the synchronous forms ------------------------------------------------------------
    def answer(self, rating: Rating) -> Answered:
        """Save the outcome of ``rating`` for the shown card, then move on."""
        write = self.plan_answer(rating)
        applied = self.run(write)
        return Answered(write.shown.card, rating, applied.leech)

    def undo(self) -> Card | None:
        """Take back this session's newest answer, burial, suspension or flag; its card is
        shown again as it was. None when there is nothing to undo, or the card has been
        answered since (in another window)."""
        write = self.plan_undo()
        if write is None:
            return None
        applied = self.run(write)
        return applied.card if applied.ok else None

    def suspend(self) -> Card:
        """Take the shown card out of study until it is unsuspended."""
        return self.run(self.plan_suspend()).card

    def bury(self) -> Card:
        """Hide the shown card until the next study day."""
        return self.run(self.plan_bury()).card

    def toggle_flag(self) -> bool:
        """Flag the shown card for attention (or unflag it); returns the new flag."""
        return self.run(self.plan_flag()).kind == "flag"

    def summary(self) -> SessionSummary:
        """Cards answered in this session, time spent, the share remembered, the cards
        missed and the result per topic."""
        seconds = max(0.0, (self.clock.now() - self.started_at).total_seconds())
        return summarize(self._answers, seconds)

    def _require_card(self) -> Shown:
        if self.current is None:
            raise RuntimeError("no card is shown")
        return self.current
