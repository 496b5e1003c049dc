"""Recall probabilities summed where the data is: one pass over a deck's studied cards.

FSRS's retrievability of a card is ``(1 + factor * days / stability) ** decay``
with ``days`` the whole days since its last review (as ``fsrs`` counts them).
Readiness needs, per pool of cards, the power sums of these probabilities;
computing them inside SQLite reads 100,000 card rows without building a Python
object per row. Which pool a card feeds comes as a blob indexed by the card's
position in its deck (two bytes each), so the schema needs nothing new.
"""

from __future__ import annotations

from datetime import datetime

from quizkit.progress.card_state import to_micros
from quizkit.progress.connection import ProgressFile

_DAY_US = 86_400_000_000
# Elapsed whole days, never negative (a clock set back), as fsrs's timedelta.days.
# :keep is 1 minus the learner's slip rate (``exam/calibration.py``).
_RECALL = (
    ":keep * pow(1.0 + :factor * max(0, (:now - last_review) / "
    + str(_DAY_US)
    + ") / stability, :decay)"
)
_STUDIED = "deck_id = :deck AND in_deck = 1 AND phase != 0"
# The byte at a card's position in :guess is d, a guess right with chance 1/d (0: never);
# instr() in the 256-byte alphabet reads it as a number.
_ALPHABET = bytes(range(256))
_GUESS = "(instr(:alphabet, substr(:guess, position + 1, 1)) - 1)"


class RecallQueries(ProgressFile):
    def recall_power_sums(
        self,
        deck_id: str,
        now: datetime,
        curve: tuple[float, float],
        codes: bytes,
        guess: bytes,
        depth: int,
        keep: float = 1.0,
    ) -> dict[int, list[float]]:
        """For each pool code (``codes``: 2 bytes per deck position, 0 for none): the sums over
        its studied cards of r ** j, j = 1..depth, r the recall behind FSRS's probability once
        lucky guesses are taken out (``guess``: see ``_GUESS``; ``exam.guessing.recall_behind``)."""
        powers = ", ".join(
            ["sum(r)"] + ["sum(" + "*".join(["r"] * j) + ")" for j in range(2, depth + 1)]
        )
        # OFFSET 0 keeps the subqueries co-routines: flattened, each power would recompute pow().
        rows = self._db.execute(
            f"SELECT k, {powers} FROM (SELECT k, iif(d > 0, max(0.0, (c - 1.0 / d) / (1.0 - 1.0 / d)), c) "
            f"AS r FROM (SELECT substr(:codes, 2 * position + 1, 2) AS k, {_GUESS} AS d, "
            f"{_RECALL} AS c FROM cards WHERE {_STUDIED} LIMIT -1 OFFSET 0) "
            "WHERE k != X'0000' LIMIT -1 OFFSET 0) GROUP BY k",
            self._recall_params(deck_id, now, curve, keep)
            | {"codes": codes, "guess": guess, "alphabet": _ALPHABET},
        ).fetchall()
        return {
            int.from_bytes(row[0], "big") - 1: list(row[1:]) for row in rows if len(row[0]) == 2
        }

    def recall_at_positions(
        self,
        deck_id: str,
        now: datetime,
        curve: tuple[float, float],
        mask: bytes,
        keep: float = 1.0,
    ) -> dict[int, float]:
        """Recall (times ``keep``) of each studied card whose deck position is marked 1 in ``mask``."""
        rows = self._db.execute(
            f"SELECT position, {_RECALL} FROM cards WHERE {_STUDIED} "
            "AND substr(:mask, position + 1, 1) = X'01'",
            self._recall_params(deck_id, now, curve, keep) | {"mask": mask},
        )
        return {position: recall for position, recall in rows if recall is not None}

    @staticmethod
    def _recall_params(
        deck_id: str, now: datetime, curve: tuple[float, float], keep: float = 1.0
    ) -> dict:
        factor, decay = curve
        return {
            "deck": deck_id,
            "now": to_micros(now),
            "factor": factor,
            "decay": decay,
            "keep": keep,
        }

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
