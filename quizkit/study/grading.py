"""Marking an answer to a card the computer can check (choice, truefalse, typed, cloze).

Study and exams mark answers the same way. A verdict carries a score from 0 to
1: multi-select choice earns partial credit, as in Moodle's quiz.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizkit.deck.answers import match_answer
from quizkit.deck.model import Card


@dataclass(frozen=True, slots=True)
class Verdict:
    score: float  # 0..1
    response: str  # what the learner answered, as text
    # Typed and cloze: accepted within the spelling tolerance (scores 1.0 all
    # the same; study suggests Hard), and the accepted answer nearest to it.
    almost: bool = False
    expected: str | None = None

    @property
    def correct(self) -> bool:
        return self.score >= 1.0


def grade_choice(card: Card, picked: set[str]) -> Verdict:
    """Each right pick earns 1/len(correct); each wrong pick takes 1/len(wrong options) away."""
    correct = set(card.correct)
    wrong = set(card.choices) - correct
    hits = len(picked & correct) / len(correct)
    misses = len(picked & wrong) / len(wrong) if wrong else 0.0
    score = max(0.0, hits - misses) if card.multiple else float(picked == correct)
    response = "; ".join(c for c in card.choices if c in picked) or "(nothing)"
    return Verdict(round(score, 6), response)


def grade_truefalse(card: Card, value: bool) -> Verdict:
    said = "true" if value else "false"
    return Verdict(float(said in card.correct), said.capitalize())


def grade_typed(card: Card, text: str) -> Verdict:
    """Typed and cloze answers, matched as docs/deck-format.md ("Answer matching") says.

    An answer within the card's spelling tolerance is correct, marked ``almost``.
    """
    match = match_answer(text, card.correct, typo_tolerance=card.typo_tolerance)
    return Verdict(
        float(match.verdict != "wrong"),
        text,
        almost=match.verdict == "almost",
        expected=match.expected,
    )
