"""What readiness needs of a deck's studied cards, read in one pass where the data is.

FSRS's retrievability of a card is ``(1 + factor * days / stability) ** decay``
with ``days`` the whole days since its last review (as ``fsrs`` counts them).
Readiness applies it at several stability scales (``exam/calibration.py``), so
it reads ``days / stability`` once, summed in SQLite into a histogram per pool
(``exam/recall_bins.py``): 100,000 card rows without a Python object per row.
Which pool a card feeds comes as a blob indexed by the card's position in its
deck (two bytes each), so the schema needs nothing new."""

from __future__ import annotations

from datetime import datetime

from quizkit.progress.card_state import to_micros
from quizkit.progress.connection import ProgressFile

_DAY_US = 86_400_000_000
# Elapsed whole days (never negative: a clock set back), as fsrs's timedelta.days, over stability.
_ELAPSED_OVER_STABILITY = "max(0, (:now - last_review) / " + str(_DAY_US) + ") / stability"
# phase > 0, not != 0: a range of cards_by_position, never reading the new cards (60 % of
# the benchmark's 100,000; the query 43 ms instead of 47)
_STUDIED = "deck_id = :deck AND in_deck = 1 AND phase > 0"


class RecallQueries(ProgressFile):
    def studied_recall_bins(
        self, deck_id: str, now: datetime, codes: bytes, mask: bytes, bins: int
    ) -> list[tuple[bytes, int, int, float]]:
        """What readiness needs of the studied cards, in one pass: x = whole days since the last
        review over stability (FSRS's recall is ``(1 + factor * x) ** decay``, so any stability
        scale applies later without SQL). Rows (pool code, -1, count, sum of x) for the cards of
        each pool code (``codes``: 2 bytes per deck position, 0 for none) whose ln x fall in one
        bin of width 1/``bins`` (x = 0 in a bin of its own); and (b'', position, 1, x) for each
        card whose deck position is marked 1 in ``mask``. A card without a stability counts as
        never studied."""
        return self._db.execute(
            "SELECT iif(m, X'', k), iif(m, position, -1), count(*), total(x) FROM "
            "(SELECT substr(:codes, 2 * position + 1, 2) AS k, "
            "substr(:mask, position + 1, 1) = X'01' AS m, position, x "
            f"FROM (SELECT position, {_ELAPSED_OVER_STABILITY} AS x FROM cards "
            f"WHERE {_STUDIED} AND stability > 0 LIMIT -1 OFFSET 0)) "
            "WHERE m OR k != X'0000' "
            "GROUP BY iif(m, X'', k), iif(m, position, iif(x > 0, round(ln(x) * :bins), NULL))",
            {
                "deck": deck_id,
                "now": to_micros(now),
                "codes": codes,
                "mask": mask,
                "bins": bins,
            },
        ).fetchall()

    def review_outcomes(
        self, deck_id: str, before: datetime, curve: tuple[float, float], limit: int = 2000
    ) -> list[tuple[float, bool]]:
        """The latest ``limit`` answers to review cards in ``deck_id`` before ``before``: (FSRS's
        recall of the card when it was shown, by ``curve``; answered right, not Again)."""
        factor, decay = curve
        rows = self._db.execute(
            "SELECT reviewed_at, json_extract(state_before, '$.last_review'), "
            "json_extract(state_before, '$.stability'), rating FROM reviews "
            "WHERE deck_id = :deck AND reviewed_at < :before AND phase_before = 2 "
            "ORDER BY reviewed_at DESC LIMIT :limit",
            {"deck": deck_id, "before": to_micros(before), "limit": limit},
        ).fetchall()
        outcomes = []
        for at, last, stability, rating in rows:
            if last is None or not stability:
                continue
            days = max(0, (at - last) // _DAY_US)
            outcomes.append(((1.0 + factor * days / stability) ** decay, rating != 1))
        return outcomes

    def early_reviews_between(
        self, deck_id: str, start: datetime, end: datetime
    ) -> tuple[int, int]:
        """(early reviews, all reviews of review cards) in ``deck_id`` between ``start`` and ``end``:
        early ones were answered before the day their card fell due."""
        row = self._db.execute(
            "SELECT coalesce(sum(json_extract(state_before, '$.due') >= :end), 0), count(*) "
            "FROM reviews WHERE deck_id = :deck AND reviewed_at >= :start AND reviewed_at < :end "
            "AND phase_before = 2",
            {"deck": deck_id, "start": to_micros(start), "end": to_micros(end)},
        ).fetchone()
        return row[0], row[1]
