"""Aggregates over the review log and the card rows, for the statistics: counted in SQL.

Each function is one or two statements on the existing indexes; nothing here
loads a review or a card into Python one by one. What the figures mean is
``report.study_stats``'s (and docs/statistics.md's); this module only counts.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from quizkit.progress.card_state import to_micros
from quizkit.progress.connection import ProgressFile

# An answer left on screen while the learner made tea is not an hour of study:
# each answer counts for at most this long (Anki's default cap, too).
ANSWER_CAP_MS = 60_000
# The condition of the partial index cards_marked: a query that repeats it reads only
# the marked rows.
_MARKED = "(suspended != 0 OR flagged != 0 OR leech != 0)"


@dataclass(frozen=True, slots=True)
class DayReviews:
    """What was answered in one deck in one span of time (a study day)."""

    reviews: int
    milliseconds: int  # answer time, each answer capped at ANSWER_CAP_MS
    review_answers: int  # answers to cards in the review phase ("true retention"'s base)
    review_passed: int  # of those, not rated Again


@dataclass(frozen=True, slots=True)
class CardCounts:
    """A deck's cards (those still in its file) by phase and mark."""

    cards: int
    new: int
    learning: int
    review: int
    relearning: int
    suspended: int
    buried: int
    flagged: int
    leeches: int


@dataclass(frozen=True, slots=True)
class DueTimes:
    """Due times (UTC µs, in no order) of a deck's studied cards due before an instant."""

    studied: list[int]  # every studied card's, suspended ones too
    suspended: list[int]  # of those, the suspended cards'


def first_review_at(file: ProgressFile) -> int | None:
    """When the oldest review in the file was given (UTC µs); None for a file without reviews."""
    return file._db.execute("SELECT min(reviewed_at) FROM reviews").fetchone()[0]


def reviews_in_spans(
    file: ProgressFile, spans: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], dict[str, DayReviews]]:
    """Per span (start, end in UTC µs, end excluded), per deck id: the reviews given in it.

    One range search on ``reviews_by_time`` per span, grouped by deck inside it,
    so no sort runs over the whole log. Decks without reviews in a span are absent.
    A reset to new is logged with rating 0: it is not an answer, and not counted.
    """
    if not spans:
        return {}
    rows = file._db.execute(
        "SELECT json_extract(d.value, '$[0]'), json_extract(d.value, '$[1]'), (SELECT json_group_object(deck_id, json_array("
        "n, ms, answers, passed)) FROM (SELECT deck_id, count(*) AS n, "
        "sum(min(coalesce(duration_ms, 0), :cap)) AS ms, sum(phase_before = 2) AS answers, "
        "sum(phase_before = 2 AND rating > 1) AS passed FROM reviews "
        "WHERE reviewed_at >= json_extract(d.value, '$[0]') "
        "AND reviewed_at < json_extract(d.value, '$[1]') AND rating > 0 GROUP BY deck_id)) "
        "FROM json_each(:spans) AS d",
        {"spans": json.dumps([list(span) for span in spans]), "cap": ANSWER_CAP_MS},
    )
    return {
        (start, end): {deck: DayReviews(*figures) for deck, figures in json.loads(packed).items()}
        for start, end, packed in rows
    }


def review_rows(file: ProgressFile) -> int:
    """Every row of the review log, resets too: SQLite's fast path over the smallest index."""
    return file._db.execute("SELECT count(*) FROM reviews").fetchone()[0]


def reviews_before(file: ProgressFile, moment_us: int, rows: int | None = None) -> int:
    """How many reviews were given before ``moment_us`` (UTC µs): a count on an index.

    ``rows``: ``review_rows``, when the caller has it already (it is a pass over an index).
    """
    # The whole table's count is SQLite's fast path; the reviews after the moment
    # are today's few. A range count over the past would decode every key.
    if rows is None:
        rows = review_rows(file)
    after = file._db.execute(
        "SELECT count(*) FROM reviews WHERE reviewed_at >= ?", (moment_us,)
    ).fetchone()[0]
    return rows - after


def answers_total(file: ProgressFile, rows: int) -> int:
    """``ProgressStore.reviews_total`` from ``review_rows``: every row but the resets (rating 0),
    which are read from their own partial index."""
    return rows - file._db.execute("SELECT count(*) FROM reviews WHERE rating = 0").fetchone()[0]


def card_counts(file: ProgressFile, deck_id: str) -> CardCounts:
    """The deck's cards (those still in its file) by phase and mark."""
    db, deck = file._db, {"deck": deck_id}
    # Phases are counted on a covering index; the marks read only the marked rows (the
    # partial indexes cards_marked and cards_buried): an unmarked card adds nothing.
    phases = dict(
        db.execute(
            "SELECT phase, count(*) FROM cards WHERE deck_id = :deck AND in_deck = 1 GROUP BY phase",
            deck,
        ).fetchall()
    )
    marks = db.execute(
        "SELECT coalesce(sum(suspended), 0), coalesce(sum(flagged), 0), coalesce(sum(leech), 0) "
        f"FROM cards WHERE deck_id = :deck AND in_deck = 1 AND {_MARKED}",
        deck,
    ).fetchone()
    buried = db.execute(
        "SELECT count(*) FROM cards WHERE deck_id = :deck AND buried_until IS NOT NULL "
        "AND in_deck = 1",
        deck,
    ).fetchone()[0]
    return CardCounts(
        cards=sum(phases.values()),
        new=phases.get(0, 0),
        learning=phases.get(1, 0),
        review=phases.get(2, 0),
        relearning=phases.get(3, 0),
        suspended=marks[0],
        buried=buried,
        flagged=marks[1],
        leeches=marks[2],
    )


def due_times(file: ProgressFile, deck_id: str, before: datetime) -> DueTimes:
    """Due times of the deck's studied cards due before ``before``, and of the suspended ones
    among them: the due counts and the forecast are both counted from these."""
    params = {"deck": deck_id, "before": to_micros(before)}
    studied = "deck_id = :deck AND in_deck = 1 AND phase IN (1, 2, 3) AND due < :before"
    # The first reads cards_by_due alone (it holds the due time); the suspended cards,
    # few, are read from the partial index of the marked ones (the unary + keeps the
    # planner off cards_by_due, which would look up the row of every due card).
    dues = file._db.execute(f"SELECT due FROM cards WHERE {studied}", params).fetchall()
    suspended = file._db.execute(
        f"SELECT due FROM cards WHERE deck_id = :deck AND in_deck = 1 AND {_MARKED} "
        "AND suspended != 0 AND +phase IN (1, 2, 3) AND +due < :before",
        params,
    ).fetchall()
    return DueTimes([due for (due,) in dues], [due for (due,) in suspended])


def topic_recalls(
    file: ProgressFile, deck_id: str, now: datetime, decay: float, codes: bytes, width: int
) -> dict[int, tuple[int, float]]:
    """Per topic code: (studied cards, the sum of their recall probabilities at ``now``).

    A card's code is the ``width``-byte unsigned integer (little-endian) at its position
    in ``codes``; a card without one (0, or past the end) is left out. FSRS-6's
    forgetting curve, ``(1 + factor * t / S) ** -decay`` with ``t`` in whole days, as
    ``fsrs.Scheduler.get_card_retrievability`` computes it, summed in SQL: 40,000 cards
    take milliseconds where a ``fsrs.Card`` each takes a quarter second, and no row
    comes back to Python.
    """
    _ensure_pow(file)
    rows = file._db.execute(
        "SELECT substr(:codes, :width * position + 1, :width) AS code, count(*), "
        "sum(pow(1 + :factor * max(0, (:now - last_review) / 86400000000) / stability, :decay)) "
        # phase > 0, not != 0: a range of cards_by_position, not a filter over all of it.
        "FROM cards WHERE deck_id = :deck AND in_deck = 1 AND phase > 0 "
        "AND stability > 0 AND last_review IS NOT NULL GROUP BY code",
        {
            "factor": 0.9 ** (1 / -decay) - 1,
            "now": to_micros(now),
            "decay": -decay,
            "deck": deck_id,
            "codes": codes,
            "width": width,
        },
    ).fetchall()
    sums = {}
    for code, studied, total in rows:
        if len(code) == width and (number := int.from_bytes(code, "little")):
            sums[number] = (studied, total)
    return sums


def _ensure_pow(file: ProgressFile) -> None:
    # SQLite has pow() only when built with its math functions; Python's math.pow
    # stands in where it is not (slower, same figures).
    try:
        file._db.execute("SELECT pow(2, 0.5)")
    except sqlite3.OperationalError:
        file._db.create_function("pow", 2, math.pow, deterministic=True)
