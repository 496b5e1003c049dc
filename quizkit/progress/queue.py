"""Which cards to study and how many are left: the study queue, read from the progress file.

One definition of what can be shown: a card in its deck, not suspended, not
buried, not the sibling of a card studied today, within the daily limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizkit.base.study_day import LEARN_AHEAD, StudyDay
from quizkit.deck.model import DeckOptions
from quizkit.progress.card_state import Phase, from_micros, to_micros
from quizkit.progress.connection import ProgressFile


@dataclass(frozen=True, slots=True)
class DeckCounts:
    new: int
    learning: int
    due: int


@dataclass(frozen=True, slots=True)
class DeckTotals:
    cards: int
    new: int
    learning: int
    review: int
    due: int
    reviews: int


class QueueQueries(ProgressFile):
    def _done_today(self, deck_id: str, day: StudyDay) -> tuple[int, int]:
        """(new cards introduced, reviews of review cards) in ``deck_id`` today."""
        row = self._db.execute(
            "SELECT coalesce(sum(phase_before = 0), 0), coalesce(sum(phase_before = 2), 0) "
            "FROM reviews WHERE deck_id = ? AND reviewed_at >= ? AND reviewed_at < ? AND rating > 0",
            (deck_id, to_micros(day.start), to_micros(day.end)),
        ).fetchone()
        return row[0], row[1]

    # One definition of what is in play and what is due, for home, the queue and
    # `quizkit stats` alike. Suspended cards never come; buried ones wait until
    # their time.
    _IN_PLAY = (
        "deck_id = :deck AND in_deck = 1 AND suspended = 0 "
        "AND (buried_until IS NULL OR buried_until <= :now)"
    )
    # Due today: a studied card whose due time falls before the study day ends.
    _DUE = "phase != 0 AND due < :day_end"
    # Siblings (the sides of a reversible note, the deletions of a cloze) wait
    # until tomorrow once one of them was studied today.
    _NOT_SIBLING_OF_TODAY = (
        "NOT EXISTS (SELECT 1 FROM reviews r WHERE r.note_id = c.note_id "
        "AND r.card_id != c.card_id AND r.reviewed_at >= :day_start AND r.rating > 0)"
    )

    @staticmethod
    def _params(deck_id: str, day: StudyDay, now: datetime) -> dict[str, object]:
        return {
            "deck": deck_id,
            "day_start": to_micros(day.start),
            "day_end": to_micros(day.end),
            "now": to_micros(now),
        }

    def deck_counts(
        self, deck_id: str, options: DeckOptions, day: StudyDay, now: datetime
    ) -> DeckCounts:
        """New, learning and review cards to study today, within the daily limits."""
        new_done, reviews_done = self._done_today(deck_id, day)
        params = self._params(deck_id, day, now)
        base = f"FROM cards c WHERE {self._IN_PLAY}"
        learning = self._db.execute(
            f"SELECT count(*) {base} AND {self._DUE} AND phase IN (1, 3)", params
        ).fetchone()[0]
        review_limit = max(0, options.reviews_per_day - reviews_done)
        due = self._db.execute(
            f"SELECT count(*) FROM (SELECT 1 {base} AND {self._DUE} AND phase = 2 "
            f"AND {self._NOT_SIBLING_OF_TODAY} LIMIT :limit)",
            {**params, "limit": review_limit},
        ).fetchone()[0]
        new_limit = max(0, options.new_per_day - new_done)
        new = self._db.execute(
            f"SELECT count(*) FROM (SELECT 1 {base} AND phase = 0 "
            f"AND {self._NOT_SIBLING_OF_TODAY} LIMIT :limit)",
            {**params, "limit": new_limit},
        ).fetchone()[0]
        return DeckCounts(new=new, learning=learning, due=due)

    def next_card(
        self,
        deck_id: str,
        options: DeckOptions,
        day: StudyDay,
        now: datetime,
        skip: frozenset[str] = frozenset(),
    ) -> tuple[str, int] | None:
        """(id, position in its deck) of the card to study next in ``deck_id``, or None when
        nothing is left today. ``skip``: cards not to show now (the study session passes
        the card just answered, so it is not asked twice in a row while another can be).

        Order, as Anki: learning cards due now, then reviews due today, then new
        cards in deck order (within the daily limits), and only when none of
        those is left, learning cards due within the learn-ahead window.
        """
        params = {**self._params(deck_id, day, now), "ahead": to_micros(now + LEARN_AHEAD)}
        params.update({f"s{i}": card_id for i, card_id in enumerate(sorted(skip))})
        skipped = "".join(f" AND card_id != :s{i}" for i in range(len(skip)))
        base = f"SELECT card_id, position, due FROM cards c WHERE {self._IN_PLAY}{skipped}"
        found = self._first_learning(base, params, ":now")
        if found:  # a learning card due now comes first, whatever the daily limits
            return found
        # Only past it do the day's counts matter (they read today's review rows).
        new_done, reviews_done = self._done_today(deck_id, day)
        candidates = []
        if reviews_done < options.reviews_per_day:
            candidates.append(
                f"{base} AND {self._DUE} AND phase = 2 AND {self._NOT_SIBLING_OF_TODAY} "
                "ORDER BY due LIMIT 1"
            )
        if new_done < options.new_per_day:
            candidates.append(
                f"{base} AND phase = 0 AND {self._NOT_SIBLING_OF_TODAY} ORDER BY position LIMIT 1"
            )
        for sql in candidates:
            row = self._db.execute(sql, params).fetchone()
            if row:
                return row[0], row[1]
        return self._first_learning(base, params, ":ahead")

    def _first_learning(
        self, base: str, params: dict[str, object], until: str
    ) -> tuple[str, int] | None:
        """The learning or relearning card due first by ``until``; learning first on a tie.

        One indexed "first by due" per phase: ``phase IN (1, 3) ORDER BY due`` made
        SQLite sort every learning card due (a temporary b-tree), ~25 µs of each answer.
        The tie-break is the one that query had: phase 1's range was read first.
        """
        best = None
        for phase in (Phase.LEARNING, Phase.RELEARNING):
            row = self._db.execute(
                f"{base} AND phase = {int(phase)} AND due <= {until} ORDER BY due LIMIT 1",
                params,
            ).fetchone()
            if row and (best is None or row[2] < best[2]):
                best = row
        return (best[0], best[1]) if best else None

    def next_learning_due(self, deck_ids: list[str]) -> datetime | None:
        """When the earliest waiting learning or review card falls due (for 'come back in 3 h')."""
        candidates = []
        for deck_id in deck_ids:
            # One indexed "first by due" per phase: "phase != 0" would read the
            # deck's whole index, 30 ms at 100,000 cards.
            for phase in (Phase.LEARNING, Phase.REVIEW, Phase.RELEARNING):
                candidates.append(
                    self._db.execute(
                        "SELECT due FROM cards WHERE deck_id = ? AND in_deck = 1 AND phase = ? "
                        "AND suspended = 0 AND buried_until IS NULL ORDER BY due LIMIT 1",
                        (deck_id, int(phase)),
                    ).fetchone()
                )
            # Buried cards come back at the later of their due time and their burial's end.
            candidates.append(
                self._db.execute(
                    "SELECT min(max(due, buried_until)) FROM cards WHERE deck_id = ? "
                    "AND buried_until IS NOT NULL AND in_deck = 1 AND phase != 0 AND suspended = 0",
                    (deck_id,),
                ).fetchone()
            )
        dues = [row[0] for row in candidates if row and row[0] is not None]
        return from_micros(min(dues)) if dues else None

    def deck_totals(self, deck_id: str, day: StudyDay, now: datetime) -> DeckTotals:
        """Every card of the deck by phase, what is due today (as home counts it), and reviews."""
        params = self._params(deck_id, day, now)
        row = self._db.execute(
            "SELECT count(*), coalesce(sum(phase = 0), 0), coalesce(sum(phase IN (1, 3)), 0), "
            "coalesce(sum(phase = 2), 0) FROM cards WHERE deck_id = :deck AND in_deck = 1",
            params,
        ).fetchone()
        due = self._db.execute(
            f"SELECT count(*) FROM cards c WHERE {self._IN_PLAY} AND {self._DUE}", params
        ).fetchone()[0]
        reviews = self._db.execute(
            "SELECT count(*) FROM reviews WHERE deck_id = ? AND rating > 0", (deck_id,)
        ).fetchone()[0]
        return DeckTotals(
            cards=row[0], new=row[1], learning=row[2], review=row[3], due=due, reviews=reviews
        )

    def next_available_at(self, deck_id: str, day: StudyDay) -> datetime | None:
        """When ``next_card`` will next have a card of ``deck_id``, given it has none now.

        The rule the "nothing more today" message follows, from the same facts as
        ``next_card``: learning cards come when due, whatever the daily limits;
        review and new cards it passed over (a daily limit reached, a sibling
        studied today) wait for the next study day at the earliest, and a review
        for its due date. So the message never says "due now" for a card the
        limits hold back.
        """
        end = to_micros(day.end)
        dues = []
        for phase in (Phase.LEARNING, Phase.RELEARNING, Phase.REVIEW):
            row = self._db.execute(
                "SELECT due FROM cards WHERE deck_id = ? AND in_deck = 1 AND phase = ? "
                "AND suspended = 0 AND buried_until IS NULL ORDER BY due LIMIT 1",
                (deck_id, int(phase)),
            ).fetchone()
            if row and row[0] is not None:
                dues.append(row[0] if phase != Phase.REVIEW else max(row[0], end))
        # Buried cards come back at the later of their due time and their burial's end.
        row = self._db.execute(
            "SELECT min(max(coalesce(due, 0), buried_until, CASE WHEN phase IN (0, 2) THEN ? "
            "ELSE 0 END)) FROM cards WHERE deck_id = ? AND buried_until IS NOT NULL "
            "AND in_deck = 1 AND suspended = 0",
            (end, deck_id),
        ).fetchone()
        if row[0] is not None:
            dues.append(row[0])
        new = self._db.execute(
            "SELECT 1 FROM cards WHERE deck_id = ? AND in_deck = 1 AND phase = 0 "
            "AND suspended = 0 AND buried_until IS NULL LIMIT 1",
            (deck_id,),
        ).fetchone()
        if new:
            dues.append(end)
        return from_micros(min(dues)) if dues else None
