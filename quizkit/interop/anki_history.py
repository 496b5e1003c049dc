"""Anki's review log into quizkit's, each card's FSRS state rebuilt by replaying it.

Anki's own switch to FSRS does the same: the ease-based history is kept and
every card's memory state is computed again from its ratings and their times.
Each imported review is appended through the progress file's review log, so
the before/after chain that ``quizkit doctor`` checks stays whole.

A review's time is Anki's revlog id (epoch milliseconds), and a card only takes
reviews later than its last one: importing a package again, or a newer one,
never duplicates a review, and reviews made in quizkit since are kept.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from quizkit.deck.model import Deck
from quizkit.interop.anki_read import AnkiCollection, RevlogEntry
from quizkit.progress.card_state import EPOCH, CardState, Phase
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import Rating, Scheduler

_MANUAL = 4


@dataclass
class HistoryReport:
    imported: int = 0
    already: int = 0  # at or before the card's last review in the progress file
    ignored: int = 0  # manual changes, cards quizkit has no card for


def reviews_to_replay(entries: list[RevlogEntry], state: CardState) -> list[RevlogEntry]:
    """The ratings of one card that count, oldest first.

    Manual changes (ease 0) are not reviews; a "Forget" starts the history
    over, as in Anki's FSRS, unless quizkit already holds progress for the card.
    """
    rated = []
    for entry in entries:
        if entry.ease == 0:
            if entry.kind == _MANUAL and entry.interval == 0 and state.phase == Phase.NEW:
                rated.clear()
            continue
        if 1 <= entry.ease <= 4:
            rated.append(entry)
    return rated


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
        for anki_card, group in itertools.groupby(collection.iter_revlog(), lambda e: e.card_id):
            entries = list(group)
            done += len(entries)
            card_id = card_for(anki_card)
            if card_id is None or card_id not in notes:
                report.ignored += len(entries)
                continue
            _replay(store, scheduler, deck.id, card_id, notes[card_id], entries, report)
            tick(done)
    return report


def _replay(
    store: ProgressStore,
    scheduler: Scheduler,
    deck_id: str,
    card_id: str,
    note_id: str,
    entries: list[RevlogEntry],
    report: HistoryReport,
) -> None:
    state = store.card_state(card_id)
    rated = reviews_to_replay(entries, state)
    report.ignored += len(entries) - len(rated)
    for entry in rated:
        at = EPOCH + timedelta(milliseconds=entry.id)
        if state.last_review is not None and at <= state.last_review:
            report.already += 1
            continue
        after = scheduler.preview(state, at)[Rating(entry.ease)].state
        store.record_review(
            card_id, deck_id, note_id, entry.ease, state, after, at, max(0, entry.time_ms) or None
        )
        state = after
        report.imported += 1
