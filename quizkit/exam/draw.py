"""Drawing an exam's questions from its deck by blueprint."""

from __future__ import annotations

import random

from quizkit.deck.model import Card, Deck, Exam


class DrawError(ValueError):
    """The deck no longer has enough gradable cards for the exam's blueprint."""


def draw_questions(deck: Deck, exam: Exam, rng: random.Random) -> list[Card]:
    """Pick ``exam.questions`` gradable cards: each ``[[exams.draw]]`` from its topic, the rest from any.

    At most one card per fact (``Card.fact_key``: its group, else its note) is
    drawn, so an attempt never asks two deletions of the same cloze or two
    variants of one fact (one would give the other away). Questions come in
    random order; pass a seeded ``rng`` to repeat an attempt's draw.
    """
    by_fact: dict[str, list[Card]] = {}
    for card in deck.cards:
        if card.gradable:
            by_fact.setdefault(card.fact_key, []).append(card)
    # One representative per fact, chosen at random, keeps siblings apart.
    pool = [rng.choice(cards) for cards in by_fact.values()]
    chosen: list[Card] = []
    for draw in exam.draws:
        candidates = [c for c in pool if c.topic == draw.topic]
        if len(candidates) < draw.count:
            raise DrawError(
                f'exam "{exam.id}" draws {draw.count} from topic "{draw.topic}", '
                f"which has {len(candidates)} gradable facts (groups and notes)"
            )
        chosen += rng.sample(candidates, draw.count)
    rest = [c for c in pool if c not in chosen]
    missing = exam.questions - len(chosen)
    if missing > len(rest):
        raise DrawError(
            f'exam "{exam.id}" needs {exam.questions} questions; the deck has {len(pool)}'
        )
    if missing > 0:
        chosen += rng.sample(rest, missing)
    rng.shuffle(chosen)
    return chosen
