"""Lint warnings that need a whole valid deck: where right answers sit, and give-aways.

Neither makes a deck unusable, so they are lint's warnings, not the loader's:
- **Position bias.** Learners shuffle nothing: when the right answers of
  choice cards sit in one written position far more often than chance
  (a one-sided Poisson-binomial test per position, Bonferroni-corrected,
  below ``ALPHA``), an unshuffled export, a printed copy or an exam tool
  without shuffling lets a candidate pass by position. Cards with
  ``shuffle = false`` are left out: their order is the author's on purpose.
- **Give-aways.** A choice card whose right option is the answer a typed or
  cloze card asks for, on a similar question, gives that answer away when an
  exam draws both; unless the two are variants of one fact (one ``group``).
- **Confusable answers.** Spelling tolerance cannot tell a slip from another
  word a letter away (``adductor`` for ``abductor``): a term the deck writes
  elsewhere that would pass as "almost" for a card's answer would be marked
  right in an exam. The author turns tolerance off on that card, or rewords.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from quizkit.deck.answers import HIDDEN, answer_key, match_answer, normalise_answer
from quizkit.deck.model import Card, Deck
from quizkit.deck.problems import Problem

ALPHA = 0.001
# Questions this alike (rapidfuzz token-set ratio, 0-100) ask the same thing.
SIMILAR_QUESTIONS = 60
_NAMED = 8  # card ids listed in a message before "and N more"


def card_warnings(deck: Deck) -> list[Problem]:
    """Position-bias and give-away warnings for one loaded deck."""
    return position_bias(deck) + give_aways(deck) + confusable_answers(deck)


def position_bias(deck: Deck) -> list[Problem]:
    """A warning per family (single, multiple answers) whose right answers favour a position."""
    choice = [c for c in deck.cards if c.kind == "choice" and c.shuffle]
    problems = []
    for multiple, family in ((False, "single-answer"), (True, "multi-answer")):
        cards = [c for c in choice if c.multiple == multiple]
        found = _biased_position(cards)
        if found is None:
            continue
        position, hits, expected = found
        named = [c for c in cards if _right_at(c, position)]
        what = "the right answer" if not multiple else "a right answer"
        message = (
            f"{what} is option {position + 1} in {hits} of {len(cards)} {family} choice "
            f"cards, where chance would give about {expected:.0f}: a learner could pass by "
            "position wherever options are not shuffled (an export, a printout). Vary where "
            f"the right answers are written: {_names(named)}"
        )
        problems.append(Problem(deck.path, named[0].line, 1, "warning", message))
    return problems


def _biased_position(cards: list[Card]) -> tuple[int, int, float] | None:
    """(position, hits, expected hits) of the most biased position, if beyond chance."""
    if not cards:
        return None
    positions = max(len(c.choices) for c in cards)
    best: tuple[float, int, int, float] | None = None
    for position in range(positions):
        chances = [len(c.correct) / len(c.choices) for c in cards if position < len(c.choices)]
        hits = sum(_right_at(c, position) for c in cards)
        p_value = _tail(chances, hits) * positions  # Bonferroni over the positions tested
        if p_value < ALPHA and (best is None or p_value < best[0]):
            best = (p_value, position, hits, sum(chances))
    return None if best is None else best[1:]


def _right_at(card: Card, position: int) -> bool:
    return position < len(card.choices) and card.choices[position] in card.correct


def _tail(chances: list[float], hits: int) -> float:
    """P(X >= hits), X the number of successes of independent trials with ``chances``."""
    distribution = [1.0]
    for p in chances:
        step = [0.0] * (len(distribution) + 1)
        for k, mass in enumerate(distribution):
            step[k] += mass * (1 - p)
            step[k + 1] += mass * p
        distribution = step
    return sum(distribution[hits:])


def give_aways(deck: Deck) -> list[Problem]:
    """A warning per choice card whose right option answers a similar typed or cloze card."""
    asked = [c for c in deck.cards if c.kind in ("typed", "cloze")]
    keys = {c.id: {answer_key(a) for a in c.correct} for c in asked}
    problems = []
    for card in deck.cards:
        if card.kind != "choice":
            continue
        shown = {answer_key(option): option for option in card.correct}
        for other in asked:
            if other.fact_key == card.fact_key or not keys[other.id] & set(shown):
                continue
            if _similarity(card.prompt, other.prompt) < SIMILAR_QUESTIONS:
                continue
            option = shown[next(iter(keys[other.id] & set(shown)))]
            message = (
                f'this card\'s options show "{option}", the answer card "{other.id}" '
                f"(line {other.line}) asks for: an exam drawing both gives it away. If they ask "
                f'one fact, give both the same group = "..."; else reword one'
            )
            problems.append(Problem(deck.path, card.line, 1, "warning", message))
    return problems


def confusable_answers(deck: Deck) -> list[Problem]:
    """A warning per typed or cloze card that a term written elsewhere passes as a typo of."""
    terms = {t for c in deck.cards if c.kind in ("typed", "cloze") for t in c.correct}
    terms |= {t for c in deck.cards if c.kind == "choice" for t in c.choices}
    problems = []
    for card in deck.cards:
        if card.kind not in ("typed", "cloze") or not card.typo_tolerance:
            continue
        own = {answer_key(a) for a in card.correct}
        passing = sorted(
            term
            for term in terms
            if answer_key(term) not in own
            and match_answer(term, card.correct, typo_tolerance=True).verdict == "almost"
        )
        if passing:
            message = (
                f'"{passing[0]}", written elsewhere in this deck, would pass as a misspelling of '
                f'this card\'s answer "{card.correct[0]}" and be marked right: if it is a different '
                "answer, set typo_tolerance = false on this card (with a comment saying why), "
                "or reword"
            )
            problems.append(Problem(deck.path, card.line, 1, "warning", message))
    return problems


def _similarity(first: str, second: str) -> float:
    return fuzz.token_set_ratio(
        normalise_answer(first.replace(HIDDEN, " ")), normalise_answer(second.replace(HIDDEN, " "))
    )


def _names(cards: list[Card]) -> str:
    ids = [c.id for c in cards[:_NAMED]]
    more = f" and {len(cards) - _NAMED} more" if len(cards) > _NAMED else ""
    return ", ".join(ids) + more
