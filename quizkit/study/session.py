"""A study session: which card is shown, whether its answer is revealed, and answering it.

The session asks the store for the next card each time (the store's queries are
the queue), so a session of 10 or 100,000 cards costs the same per card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from quizkit.base.clock import Clock
from quizkit.base.durations import format_interval
from quizkit.base.study_day import StudyDay
from quizkit.deck.model import Card, Deck, DeckOptions
from quizkit.progress.card_state import CardState
from quizkit.progress.store import CardMarks, DeckCounts, ProgressStore, StaleCardError
from quizkit.study.grading import Verdict
from quizkit.study.scheduler import Outcome, Rating, Scheduler
from quizkit.study.settings import StudySettings


@dataclass(slots=True)
class Shown:
    """The card on screen and the four outcomes previewed for it.

    The preview is computed when first asked for (when the answer is shown),
    not when the card is: it is kept, so what is saved is what was shown.
    """

    card: Card
    deck: Deck
    before: CardState
    shown_at: datetime
    scheduler: Scheduler = field(repr=False, compare=False)
    marks: CardMarks = field(default_factory=CardMarks)
    _outcomes: dict[Rating, Outcome] | None = field(default=None, repr=False, compare=False)

    @property
    def outcomes(self) -> dict[Rating, Outcome]:
        if self._outcomes is None:
            self._outcomes = self.scheduler.preview(self.before, self.shown_at)
        return self._outcomes

    def interval(self, rating: Rating) -> str:
        due = self.outcomes[rating].state.due
        return format_interval(due - self.shown_at) if due else ""


@dataclass(frozen=True, slots=True)
class SessionSummary:
    cards: int  # different cards answered
    answers: int  # answers given (a card in learning comes back within the session)
    seconds: float
    remembered: float | None  # share of answers not rated Again; None before any answer


@dataclass(frozen=True, slots=True)
class Answered:
    card: Card
    rating: Rating
    became_leech: bool = False


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
    ) -> None:
        self.store = store
        self.decks = decks
        self.clock = clock
        self.settings = settings or StudySettings()
        self._options: dict[str, DeckOptions] = {
            d.id: self.settings.options_for(d.id, d.options) for d in decks
        }
        self._schedulers = {
            d.id: Scheduler(self._options[d.id], parameters=store.fsrs_parameters(d.id), fuzz=fuzz)
            for d in decks
        }
        self.current: Shown | None = None
        self.revealed = False
        self.verdict: Verdict | None = None
        self.done = 0
        self.started_at = clock.now()
        # This session's answers, newest last: undo takes back only these.
        self._answers: list[tuple[int, Rating, Card, Deck]] = []
        self.advance()

    # -- the queue ----------------------------------------------------------
    def study_day(self) -> StudyDay:
        return StudyDay.containing(
            self.clock.now(), self.clock.local_zone(), self.settings.rollover_hour
        )

    def counts(self) -> DeckCounts:
        """What is left to study today, over every deck of the session."""
        day, now = self.study_day(), self.clock.now()
        totals = [self.store.deck_counts(d.id, self._options[d.id], day, now) for d in self.decks]
        return DeckCounts(
            new=sum(t.new for t in totals),
            learning=sum(t.learning for t in totals),
            due=sum(t.due for t in totals),
        )

    def remaining(self) -> int:
        counts = self.counts()
        return counts.new + counts.learning + counts.due

    def advance(self) -> Shown | None:
        """Show the next card, or None when nothing more is due today."""
        now = self.clock.now()
        day = self.study_day()
        self.revealed = False
        self.verdict = None
        self.current = None
        for deck in self.decks:
            found = self.store.next_card(deck.id, self._options[deck.id], day, now)
            if found is not None:
                self.current = self._show(deck, *found, now)
                break
        return self.current

    def _show(self, deck: Deck, card_id: str, position: int, now: datetime) -> Shown:
        return self._show_card(deck, _card_at(deck, card_id, position), now)

    def _show_card(self, deck: Deck, card: Card, now: datetime) -> Shown:
        before = self.store.card_state(card.id)
        return Shown(card, deck, before, now, self._schedulers[deck.id], self.store.marks(card.id))

    # -- answering ------------------------------------------------------------------
    def reveal(self) -> None:
        if self.current is not None:
            self.revealed = True

    def submit(self, verdict: Verdict) -> Rating:
        """Record the learner's checked answer, reveal the card, and suggest a rating.

        The suggestion (wrong: Again, right: Good) is only a suggestion: the
        learner still picks the rating that is saved.
        """
        self._require_card()
        self.verdict = verdict
        self.revealed = True
        return self.suggested_rating() or Rating.GOOD

    def suggested_rating(self) -> Rating | None:
        if self.verdict is None:
            return None
        return Rating.GOOD if self.verdict.correct else Rating.AGAIN

    def answer(self, rating: Rating) -> Answered:
        """Save the previewed outcome of ``rating`` for the shown card, then move on."""
        shown = self._require_card()
        now = self.clock.now()
        elapsed_ms = max(0, int((now - shown.shown_at).total_seconds() * 1000))
        after = shown.outcomes[rating].state
        leech = after.lapses > shown.before.lapses and is_leech_lapse(
            after.lapses, self.settings.leech_threshold
        )
        try:
            review_id = self.store.record_review(
                shown.card.id,
                shown.deck.id,
                shown.card.note_id,
                int(rating),
                shown.before,
                after,
                now,
                elapsed_ms,
                make_leech=leech,
            )
        except StaleCardError:
            # Show the card again as it now is, with fresh intervals to rate from.
            self.current = self._show_card(shown.deck, shown.card, now)
            self.revealed = True
            raise
        self.done += 1
        self._answers.append((review_id, rating, shown.card, shown.deck))
        self.advance()
        return Answered(shown.card, rating, leech)

    def undo(self) -> Card | None:
        """Take back this session's last answer: its card is shown again, exactly as it was.

        None when there is nothing to undo, or when the card has been answered
        since (in another window).
        """
        if not self._answers:
            return None
        review_id, _rating, card, deck = self._answers[-1]
        if self.store.undo_review(review_id) is None:
            return None
        self._answers.pop()
        self.done = max(0, self.done - 1)
        self.revealed = False
        self.verdict = None
        self.current = self._show_card(deck, card, self.clock.now())
        return card

    # -- suspend, bury, flag ------------------------------------------------------------
    def suspend(self) -> Card:
        """Take the shown card out of study until it is unsuspended."""
        shown = self._require_card()
        self.store.set_suspended(shown.card.id, True)
        self.advance()
        return shown.card

    def bury(self) -> Card:
        """Hide the shown card (and its siblings) until the next study day."""
        shown = self._require_card()
        self.store.bury([shown.card.id], self.study_day().end)
        self.advance()
        return shown.card

    def toggle_flag(self) -> bool:
        """Flag the shown card for attention (or unflag it); returns the new flag."""
        shown = self._require_card()
        flagged = not shown.marks.flagged
        self.store.set_flagged(shown.card.id, flagged)
        shown.marks = self.store.marks(shown.card.id)
        return flagged

    def summary(self) -> SessionSummary:
        """Cards answered in this session, time spent, and the share remembered."""
        seconds = max(0.0, (self.clock.now() - self.started_at).total_seconds())
        remembered = None
        if self._answers:
            remembered = sum(a[1] != Rating.AGAIN for a in self._answers) / len(self._answers)
        cards = len({a[2].id for a in self._answers})
        return SessionSummary(cards, len(self._answers), seconds, remembered)

    def next_due(self) -> datetime | None:
        """When the next card of these decks falls due, for the 'nothing due' screen."""
        return self.store.next_learning_due([d.id for d in self.decks])

    def _require_card(self) -> Shown:
        if self.current is None:
            raise RuntimeError("no card is shown")
        return self.current


def _card_at(deck: Deck, card_id: str, position: int) -> Card:
    """The card at ``position`` in its deck (as the store last synced it), checked by id."""
    if 0 <= position < len(deck.cards) and deck.cards[position].id == card_id:
        return deck.cards[position]
    # The deck file changed since the sync: look it up the slow way.
    return next(c for c in deck.cards if c.id == card_id)
