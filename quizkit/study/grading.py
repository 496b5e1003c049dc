"""Marking an answer to a card the computer can check (choice, truefalse, typed, cloze).

Study and exams mark answers the same way. A verdict carries a score from 0 to
1: multi-select choice earns partial credit, as in Moodle's quiz.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizkit.deck.answers import typed_answer_matches
from quizkit.deck.model import Card


@dataclass(frozen=True, slots=True)
class Verdict:
    score: float  # 0..1
    response: str  # what the learner answered, as text

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
    """Typed and cloze answers: any accepted answer, ignoring case, spacing and punctuation."""
    return Verdict(float(typed_answer_matches(text, card.correct)), text)
