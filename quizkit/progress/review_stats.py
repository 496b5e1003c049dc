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

from quizkit.progress.card_state import from_micros, to_micros
from quizkit.progress.connection import ProgressFile

# An answer left on screen while the learner made tea is not an hour of study:
# each answer counts for at most this long (Anki's default cap, too).
ANSWER_CAP_MS = 60_000


@dataclass(frozen=True, slots=True)
class DayReviews:
    """What was answered in one deck in one span of time (a study day)."""

    reviews: int
    milliseconds: int  # answer time, each answer capped at ANSWER_CAP_MS
    review_answers: int  # answers to cards in the review phase ("true retention"'s base)
    review_passed: int  # of those, not rated Again


@dataclass(frozen=True, slots=True)
class CardCounts:
    """A deck's cards by phase and mark, and how many fall due before each given instant."""

    cards: int
    new: int
    learning: int
    review: int
    relearning: int
    suspended: int
    buried: int
    flagged: int
    leeches: int
    due: int  # studied cards due before the first instant, suspended ones too
    due_before: tuple[int, ...]


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


def reviews_before(file: ProgressFile, moment_us: int) -> int:
    """How many reviews were given before ``moment_us`` (UTC µs): a count on an index."""
    # The whole table's count is SQLite's fast path; the reviews after the moment
    # are today's few. A range count over the past would decode every key.
    return file._db.execute(
        "SELECT (SELECT count(*) FROM reviews) - "
        "(SELECT count(*) FROM reviews WHERE reviewed_at >= ?)",
        (moment_us,),
    ).fetchone()[0]


def card_counts(file: ProgressFile, deck_id: str, due_before: Sequence[datetime]) -> CardCounts:
    """The deck's cards (those still in its file) by phase and mark.

    ``due_before``: for each instant, the studied cards due before it that the
    queue would show (not suspended); buried cards count, as they come back.
    ``CardCounts.due`` counts suspended ones too (``stats --json``'s ``due``).
    """
    db, deck = file._db, {"deck": deck_id}
    # Phases and due times are counted on the covering indexes; only the marks,
    # which no index holds, read the rows.
    phases = dict(
        db.execute(
            "SELECT phase, count(*) FROM cards WHERE deck_id = :deck AND in_deck = 1 GROUP BY phase",
            deck,
        ).fetchall()
    )
    due_sql = "".join(
        f", coalesce(sum(suspended = 1 AND phase != 0 AND due < :due{i}), 0)"
        for i in range(len(due_before))
    )
    bounds = {f"due{i}": to_micros(moment) for i, moment in enumerate(due_before)}
    marks = db.execute(
        "SELECT coalesce(sum(suspended), 0), coalesce(sum(buried_until IS NOT NULL), 0), "
        f"coalesce(sum(flagged), 0), coalesce(sum(leech), 0){due_sql} "
        "FROM cards WHERE deck_id = :deck AND in_deck = 1",
        {**deck, **bounds},
    ).fetchone()
    due = [
        db.execute(
            "SELECT count(*) FROM cards WHERE deck_id = :deck AND in_deck = 1 "
            "AND phase IN (1, 2, 3) AND due < :until",
            {**deck, "until": until},
        ).fetchone()[0]
        for until in bounds.values()
    ]
    return CardCounts(
        cards=sum(phases.values()),
        new=phases.get(0, 0),
        learning=phases.get(1, 0),
        review=phases.get(2, 0),
        relearning=phases.get(3, 0),
        suspended=marks[0],
        buried=marks[1],
        flagged=marks[2],
        leeches=marks[3],
        due=due[0] if due else 0,
        due_before=tuple(n - suspended for n, suspended in zip(due, marks[4:])),
    )


def due_times(file: ProgressFile, deck_id: str, before: datetime) -> list[datetime]:
    """Due times of the deck's studied, unsuspended cards due before ``before``, soonest first."""
    rows = file._db.execute(
        "SELECT due FROM cards WHERE deck_id = ? AND in_deck = 1 AND phase IN (1, 2, 3) "
        "AND due < ? AND suspended = 0 ORDER BY due",
        (deck_id, to_micros(before)),
    )
    return [from_micros(due) for (due,) in rows]


def recalls(
    file: ProgressFile, deck_id: str, now: datetime, decay: float
) -> list[tuple[int, float]]:
    """(position in the deck, recall probability at ``now``) of the deck's studied cards.

    FSRS-6's forgetting curve, ``(1 + factor * t / S) ** -decay`` with ``t`` in whole
    days, as ``fsrs.Scheduler.get_card_retrievability`` computes it; in SQL,
    40,000 cards take milliseconds where a ``fsrs.Card`` each takes a quarter second.
    """
    _ensure_pow(file)
    return file._db.execute(
        "SELECT position, pow(1 + :factor * max(0, (:now - last_review) / 86400000000) "
        "/ stability, :decay) FROM cards WHERE deck_id = :deck AND in_deck = 1 AND phase != 0 "
        "AND stability > 0 AND last_review IS NOT NULL",
        {
            "factor": 0.9 ** (1 / -decay) - 1,
            "now": to_micros(now),
            "decay": -decay,
            "deck": deck_id,
        },
    ).fetchall()


def _ensure_pow(file: ProgressFile) -> None:
    # SQLite has pow() only when built with its math functions; Python's math.pow
    # stands in where it is not (slower, same figures).
    try:
        file._db.execute("SELECT pow(2, 0.5)")
    except sqlite3.OperationalError:
        file._db.create_function("pow", 2, math.pow, deterministic=True)
