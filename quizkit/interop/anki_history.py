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

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from quizkit.deck.model import Deck
from quizkit.interop.anki_read import AnkiCollection, RevlogEntry
from quizkit.progress.imported import (
    ReviewRow,
    StateTuple,
    deck_card_states,
    encode_state,
    insert_reviews,
    latest_review_times,
    write_states,
)
from quizkit.progress.reviews import RESET_RATING
from quizkit.progress.store import ProgressStore
from quizkit.study.replay import NEW_STATE, FastReplay
from quizkit.study.scheduler import Scheduler

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
    Each card's state is replayed with ``FastReplay``, which gives exactly
    ``Scheduler.replay``'s states; the rows stream into the log.
    """
    replay = FastReplay(Scheduler(deck.options, fuzz=False))
    # The sibling key, as the cards table and study write it (CardRows.sync_deck).
    notes = {card.id: card.fact_key for card in deck.cards}
    report = HistoryReport()
    with store.write_transaction():
        store.sync_deck(deck, now)
        latest = latest_review_times(store, deck.id)
        # Read once, under the write lock: nothing changes them until the commit.
        states = deck_card_states(store, deck.id)
        changed: dict[str, StateTuple] = {}

        def rows(revlog: Iterator[tuple[int, list[RevlogEntry]]]) -> Iterator[ReviewRow]:
            done = 0
            for anki_card, entries in revlog:
                done += len(entries)
                card_id = card_for(anki_card)
                if card_id is None or card_id not in notes:
                    report.ignored += len(entries)
                    continue
                state = changed.get(card_id) or states.get(card_id, NEW_STATE)
                key = (card_id, deck.id, notes[card_id])
                card_rows, state = history_rows(
                    replay, key, state, entries, latest.get(card_id), report
                )
                if card_rows:
                    changed[card_id] = state
                    yield from card_rows
                tick(done)

        # Closed here, not by the garbage collector after the collection is
        # closed, when a failure stops the stream.
        with contextlib.closing(collection.iter_revlog()) as revlog:
            insert_reviews(store, rows(revlog), expected=collection.count_reviews())
        write_states(store, changed)
    return report


def history_rows(
    replay: FastReplay,
    key: tuple[str, str, str],
    state: StateTuple,
    entries: list[RevlogEntry],
    latest: int | None,
    report: HistoryReport,
) -> tuple[list[ReviewRow], StateTuple]:
    """One card's revlog entries as review-log rows replayed from ``state``, and the state after.

    ``key`` is (card id, deck id, note id), the first columns of each row; then
    rating, time µs, duration ms, phase before, state before and after as
    JSON. Entries at or before
    ``latest`` (UTC µs of the card's latest row) are already in the log. A
    rating (ease 1-4) is replayed through FSRS; a Forget (a manual entry with
    ease 0 and interval 0) is a reset to new, as in Anki, where the FSRS state
    is computed from the reviews after the last Forget; other manual changes
    (a due date set by hand) are not reviews.
    """
    rows: list[ReviewRow] = []
    append = rows.append
    card_id, deck_id, note_id = key
    low, high = _PLAUSIBLE
    if latest is not None:  # as if the log's latest row were a review time: skip up to it
        low = max(low, latest // 1000 + 1)
    step, encode = replay.replay, encode_state
    before = None  # the JSON of ``state``, once needed: each state is encoded once
    for at_ms, _card, ease, kind, time_ms, interval in entries:
        if not low <= at_ms < high:
            _skipped(at_ms, latest, report)
            continue
        at = at_ms * 1000
        if 0 < ease < 5:
            after = step(state, ease, at)
            rating, duration = ease, time_ms if time_ms > 0 else None
            report.imported += 1
        elif kind == _MANUAL and interval == 0 and state != NEW_STATE:
            after, rating, duration = NEW_STATE, RESET_RATING, None
            report.resets += 1
        else:
            report.ignored += 1
            continue
        if before is None:
            before = encode(state)
        encoded = encode(after)
        append((card_id, deck_id, note_id, rating, at, duration, state[0], before, encoded))
        state, before = after, encoded
    return rows, state


def _skipped(at_ms: int, latest: int | None, report: HistoryReport) -> None:
    """Count a review outside the times worth importing: already in the log, or damaged."""
    low, high = _PLAUSIBLE
    if low <= at_ms < high:  # a plausible time, so at or before the card's latest row
        report.already += 1
    else:
        report.ignored += 1  # not a time a review was made: a damaged row
