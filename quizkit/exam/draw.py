"""Drawing an exam's questions from its deck by blueprint."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from quizkit.deck.model import Card, Deck, Exam
from quizkit.exam.model import Question


class DrawError(ValueError):
    """The deck no longer has enough gradable cards for the exam's blueprint."""


def draw_questions(deck: Deck, exam: Exam, rng: random.Random) -> list[Card]:
    """Pick ``exam.questions`` gradable cards: each ``[[exams.draw]]`` from its topic, the rest from any.

    At most one card per fact (``Card.fact_key``: its group, else its note) is
    drawn, so an attempt never asks two deletions of the same cloze or two
    variants of one fact (one would give the other away). Each fact is as
    likely as any other, and each of its cards as likely as its siblings.
    Questions come in random order; pass a seeded ``rng`` to repeat a draw.
    """
    pool = _pool(deck)
    used: set[str] = set()
    chosen: list[int] = []
    for draw in exam.draws:
        picked = _sample(pool, pool.by_topic.get(draw.topic, []), draw.count, used, rng)
        if picked is None:
            available = len({pool.fact[i] for i in pool.by_topic.get(draw.topic, [])} - used)
            raise DrawError(
                f'exam "{exam.id}" draws {draw.count} from topic "{draw.topic}", '
                f"which has {available} gradable facts (groups and notes)"
            )
        chosen += picked
    missing = exam.questions - len(chosen)
    if missing > 0:
        picked = _sample(pool, pool.gradable, missing, used, rng)
        if picked is None:
            raise DrawError(
                f'exam "{exam.id}" needs {exam.questions} questions; the deck has {len(pool.size)}'
            )
        chosen += picked
    rng.shuffle(chosen)
    return [pool.cards[i] for i in chosen]


@dataclass(slots=True)
class _Pool:
    """A deck's gradable cards indexed for drawing: by topic, and the fact of each."""

    cards: Sequence[Card]
    gradable: list[int]  # positions of the gradable cards
    by_topic: dict[str | None, list[int]]
    fact: dict[int, str]  # position -> Card.fact_key
    size: dict[str, int]  # fact -> how many gradable cards ask it


# A few decks' indexes, by deck id and content hash: building one walks every
# card (30 ms at 100,000 cards); a draw from it touches only the cards it picks.
_POOLS: dict[tuple[str, str], _Pool] = {}


def prepare_draws(deck: Deck) -> None:
    """Index ``deck`` for drawing now (the exam start screen does it in the background)."""
    _pool(deck)


def _pool(deck: Deck) -> _Pool:
    key = (deck.id, deck.content_hash)
    pool = _POOLS.get(key)
    if pool is None:
        cards = deck.cards
        pool = _Pool(cards, [], {}, {}, {})
        for position, card in enumerate(cards):
            if card.gradable:
                fact = card.fact_key
                pool.gradable.append(position)
                pool.by_topic.setdefault(card.topic, []).append(position)
                pool.fact[position] = fact
                pool.size[fact] = pool.size.get(fact, 0) + 1
        if len(_POOLS) >= 8:
            _POOLS.pop(next(iter(_POOLS)))
        _POOLS[key] = pool
    return pool


def _sample(
    pool: _Pool, positions: list[int], count: int, used: set[str], rng: random.Random
) -> list[int] | None:
    """``count`` cards of distinct facts not in ``used`` (which grows), or None if too few.

    Picks a card at random and keeps it with probability 1 / (cards of its
    fact): every fact equally likely, without walking the whole topic. When
    that keeps missing (few facts left), it falls back to listing them.
    """
    picked: list[int] = []
    tries, limit = 0, 20 * len(positions) + 100
    while len(picked) < count and tries < limit and positions:
        tries += 1
        position = positions[rng.randrange(len(positions))]
        fact = pool.fact[position]
        if fact in used or rng.randrange(pool.size[fact]):
            continue
        used.add(fact)
        picked.append(position)
    if len(picked) == count:
        return picked
    by_fact: dict[str, list[int]] = {}
    for position in positions:
        if pool.fact[position] not in used:
            by_fact.setdefault(pool.fact[position], []).append(position)
    needed = count - len(picked)
    if needed > len(by_fact):
        return None
    for fact in rng.sample(sorted(by_fact), needed):
        used.add(fact)
        picked.append(rng.choice(by_fact[fact]))
    return picked


def draw_attempt(
    deck: Deck, exam: Exam, rng: random.Random, *, shuffle_questions: bool, shuffle_choices: bool
) -> tuple[Question, ...]:
    """The questions of a new attempt: the blueprint's draw, then the order they are shown in.

    Without ``shuffle_questions`` the questions keep their order in the deck
    file; without ``shuffle_choices`` (or on a card written ``shuffle = false``)
    a choice card's options keep the order they were written in.
    """
    cards = draw_questions(deck, exam, rng)
    if not shuffle_questions:
        position = {card_id: index for index, card_id in enumerate(deck.cards.field("id"))}
        cards.sort(key=lambda card: position[card.id])
    questions = []
    for card in cards:
        choices = card.choices
        if card.kind == "choice" and shuffle_choices and card.shuffle:
            choices = tuple(rng.sample(choices, len(choices)))
        questions.append(Question(card.id, card.kind, card.topic, card.content_hash, choices))
    return tuple(questions)
