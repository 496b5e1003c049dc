"""Anki's review log into quizkit's, each card's FSRS state rebuilt by replaying it.

Anki's own switch to FSRS does the same: the ease-based history is kept and
every card's memory state is computed again from its ratings and their times.
Each imported review is a row of the progress file's review log whose
"before" is the previous row's "after", so the chain ``quizkit doctor`` checks
stays whole.

A review's time is Anki's revlog id (epoch milliseconds, unique in a
collection), and a card only takes rows later than its latest one: importing
a package again, or a newer one, never duplicates a review, and reviews made
in quizkit since are kept.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from quizkit.deck.model import Deck
from quizkit.interop.anki_read import AnkiCollection, RevlogEntry
from quizkit.progress.card_state import EPOCH, CardState
from quizkit.progress.imported import HistoryRow, append_history, latest_review_times
from quizkit.progress.reviews import RESET_RATING
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import Rating, Scheduler

_MANUAL = 4
# Review times (epoch ms) worth replaying: 2000 to 2200. Anki's revlog ids are
# times; one far outside would overflow the dates FSRS computes.
_PLAUSIBLE = (946_684_800_000, 7_258_118_400_000)


@dataclass
class HistoryReport:
    imported: int = 0
    resets: int = 0  # Anki's Forget, imported as a reset to new
    already: int = 0  # at or before the card's latest row in the progress file
    ignored: int = 0  # manual changes other than Forget, cards quizkit has no card for


def import_history(
    collection: AnkiCollection,
    store: ProgressStore,
    deck: Deck,
    card_for: Callable[[int], str | None],
    now: datetime,
    *,
    tick: Callable[[int], None] = lambda done: None,
) -> HistoryReport:
    """Append the collection's reviews to ``store`` for ``deck`` in one transaction.

    ``card_for`` maps an Anki card id to its quizkit card id (None: no such
    card). ``tick`` is called with the number of revlog rows read so far.
    """
    scheduler = Scheduler(deck.options, fuzz=False)
    notes = {card.id: card.note_id for card in deck.cards}
    report = HistoryReport()
    done = 0
    with store.write_transaction():
        store.sync_deck(deck, now)
        latest = latest_review_times(store, deck.id)
        for anki_card, group in itertools.groupby(collection.iter_revlog(), lambda e: e.card_id):
            entries = list(group)
            done += len(entries)
            card_id = card_for(anki_card)
            if card_id is None or card_id not in notes:
                report.ignored += len(entries)
                continue
            state = store.card_state(card_id)
            rows = history_rows(scheduler, state, entries, latest.get(card_id), report)
            append_history(store, card_id, deck.id, notes[card_id], rows)
            tick(done)
    return report


def history_rows(
    scheduler: Scheduler,
    state: CardState,
    entries: list[RevlogEntry],
    latest: int | None,
    report: HistoryReport,
) -> list[HistoryRow]:
    """One card's revlog entries as review-log rows, replayed from ``state``.

    Entries at or before ``latest`` (UTC µs of the card's latest row) are
    already in the log. A rating (ease 1-4) is replayed through FSRS; a Forget
    (a manual entry with ease 0 and interval 0) is a reset to new, as in Anki,
    where the FSRS state is computed from the reviews after the last Forget;
    other manual changes (a due date set by hand) are not reviews.
    """
    rows: list[HistoryRow] = []
    for entry in entries:
        if not _PLAUSIBLE[0] <= entry.id < _PLAUSIBLE[1]:
            report.ignored += 1  # not a time a review was made: a damaged row
            continue
        if latest is not None and entry.id * 1000 <= latest:
            report.already += 1
            continue
        at = EPOCH + timedelta(milliseconds=entry.id)
        if 1 <= entry.ease <= 4:
            after = scheduler.replay(state, Rating(entry.ease), at)
            rows.append((entry.ease, at, max(0, entry.time_ms) or None, state, after))
        elif entry.kind == _MANUAL and entry.interval == 0 and state != CardState():
            after = CardState()
            rows.append((RESET_RATING, at, None, state, after))
            report.resets += 1
            state = after
            continue
        else:
            report.ignored += 1
            continue
        report.imported += 1
        state = after
    return rows
