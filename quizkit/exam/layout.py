"""An exam's facts laid out for readiness: which blueprint line and pool each gradable card feeds.

Built once per deck version and exam (it depends on nothing else), then used
with any progress: the recall of each card goes in, ``readiness.Stratum``s
come out. A fact is what the draw picks one card of (``fact_key``); a fact of
one card, the common case, is summed with the others of its pool where the
progress file is (``progress/recall.py``); a fact of several cards (the
deletions of one cloze, the variants of a group) is read card by card, because
its chance is the mean of its cards' chances.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from quizkit.deck.model import Card, Deck, Exam
from quizkit.exam.guessing import (
    ONE,
    ZERO,
    GuessShape,
    Marks,
    full_mark_chance,
    guess_denominator,
    guess_shape,
    recall_behind,
)
from quizkit.exam.readiness import Pool, Stratum


@dataclass(frozen=True, slots=True)
class Group:
    """Single-card facts of one stratum and topic that answer alike."""

    stratum: int
    topic: str | None
    marks: Marks  # what a guess earns
    binary: bool  # no partial credit: the pool's chance is recall plus a lucky guess
    facts: int


@dataclass(frozen=True, slots=True)
class MultiFact:
    stratum: int
    topic: str | None
    cards: tuple[tuple[int, str, Marks], ...]  # (position in the deck, card id, guess marks)
    # The fact's chance is base + Σ weight × recall over its cards: binary (no partial
    # credit) with base the guess's mean chance; partial when every card marks alike;
    # None: variants that mark differently, kept as a whole distribution.
    pool: tuple[int, str | None, Marks | None] | None
    base: float
    weights: tuple[float, ...]

    @classmethod
    def of(cls, stratum: int, topic: str | None, fact: Sequence[tuple[int, Card]]) -> MultiFact:
        shapes = [guess_shape(c) for _, c in fact]
        cards = tuple((p, c.id, shape.marks) for (p, c), shape in zip(fact, shapes))
        share = 1 / len(cards)
        if not any(shape.partial for shape in shapes):
            chances = [shape.chance for shape in shapes]
            weights = tuple((1 - p) * share for p in chances)
            return cls(stratum, topic, cards, (stratum, topic, None), sum(chances) * share, weights)
        if len({id(shape) for shape in shapes}) == 1:
            pool = (stratum, topic, cards[0][2])
            return cls(stratum, topic, cards, pool, 0.0, (share,) * len(cards))
        return cls(stratum, topic, cards, None, 0.0, (share,) * len(cards))


@dataclass(frozen=True, slots=True)
class ExamLayout:
    questions: int
    pass_mark: float
    strata: tuple[tuple[str | None, int], ...]  # (topic, questions its blueprint line draws)
    groups: tuple[Group, ...]
    group_cards: tuple[tuple[str, ...], ...]  # the card ids of each group
    multi: tuple[MultiFact, ...]
    codes: bytes  # per deck position, 2 bytes: 1 + the card's group, or 0
    multi_mask: bytes  # per deck position: 1 when the card belongs to a MultiFact
    guess: bytes  # per deck position: d, a guess earns full marks with chance 1/d (0: never)
    depth: int  # the most questions one stratum can give: the power sums needed
    # several-card facts: the fact and weight of each card's position, and the pools'
    # power sums with none of them studied (studied ones are corrected from there)
    multi_fact_of: dict[int, int] = field(default_factory=dict)
    multi_weight: dict[int, float] = field(default_factory=dict)
    multi_base: dict[tuple, tuple[int, tuple[float, ...]]] = field(default_factory=dict)
    mixed: tuple[int, ...] = ()  # the several-card facts whose variants mark differently


_CACHE: dict[tuple[str, str, Exam], ExamLayout] = {}


def exam_layout(deck: Deck, exam: Exam) -> ExamLayout:
    """The layout of ``exam`` over ``deck``, kept for the deck's version (layouts are immutable)."""
    key = (deck.id, deck.content_hash, exam)
    layout = _CACHE.get(key)
    if layout is None:
        if len(_CACHE) >= 16:
            _CACHE.clear()
        layout = _CACHE[key] = build_layout(deck.cards, exam)
    return layout


def build_layout(cards: Sequence[Card], exam: Exam) -> ExamLayout:
    draws: dict[str, int] = {}
    for draw in exam.draws:
        draws[draw.topic] = draws.get(draw.topic, 0) + draw.count
    strata = [(topic, count) for topic, count in draws.items()] + [(None, 0)]
    stratum_of = {topic: i for i, (topic, _) in enumerate(strata[:-1])}
    facts: dict[str, list[tuple[int, Card]]] = {}
    for position, card in enumerate(cards):
        if card.gradable:
            facts.setdefault(card.fact_key, []).append((position, card))
    group_index: dict[tuple, int] = {}
    shapes: dict[tuple, GuessShape] = {}
    members: list[list[tuple[int, str]]] = []
    multi: list[MultiFact] = []
    for fact in facts.values():
        topic = fact[0][1].topic if len(fact) == 1 else _topic(card for _, card in fact)
        stratum = stratum_of.get(topic, len(strata) - 1)  # type: ignore[arg-type]
        if len(fact) > 1:
            multi.append(MultiFact.of(stratum, topic, fact))
            continue
        position, card = fact[0]
        shape = guess_shape(card)
        # binary guesses differ only by their chance of the full mark
        key = (stratum, topic, shape.chance if not shape.partial else shape)
        if key not in shapes:
            shapes[key] = shape
        if key not in group_index:
            group_index[key] = len(members)
            members.append([])
        members[group_index[key]].append((position, card.id))
    groups = []
    for key, index in group_index.items():
        shape = shapes[key]
        marks = shape.marks
        if not shape.partial:  # as a pool: full marks with chance p, else nothing
            marks = ((ZERO, 1 - shape.chance), (ONE, shape.chance))
        groups.append(Group(key[0], key[1], marks, not shape.partial, len(members[index])))
    codes, mask = _position_codes(len(cards), members, multi)
    guess = bytes(guess_denominator(card) if card.gradable else 0 for card in cards)
    rest = exam.questions - sum(draws.values())
    depth = max([count for _, count in strata] + [0]) + max(0, rest)
    fact_of, weight, base = _multi_tables(multi, depth)
    return ExamLayout(
        questions=exam.questions,
        pass_mark=exam.pass_mark,
        strata=tuple(strata),
        groups=tuple(groups),
        group_cards=tuple(tuple(card_id for _, card_id in m) for m in members),
        multi=tuple(multi),
        codes=bytes(codes),
        multi_mask=bytes(mask),
        guess=guess,
        depth=depth,
        multi_fact_of=fact_of,
        multi_weight=weight,
        multi_base=base,
        mixed=tuple(i for i, fact in enumerate(multi) if fact.pool is None),
    )


def _multi_tables(multi: Sequence[MultiFact], depth: int) -> tuple[dict, dict, dict]:
    fact_of: dict[int, int] = {}
    weight: dict[int, float] = {}
    base: dict[tuple, tuple[int, tuple[float, ...]]] = {}
    for index, fact in enumerate(multi):
        for (position, _, _), w in zip(fact.cards, fact.weights):
            fact_of[position], weight[position] = index, w
        if fact.pool is not None:
            count, sums = base.get(fact.pool, (0, (0.0,) * depth))
            powers = [fact.base**j for j in range(1, depth + 1)]
            base[fact.pool] = (count + 1, tuple(a + b for a, b in zip(sums, powers)))
    return fact_of, weight, base


def _position_codes(
    length: int, members: Sequence[Sequence[tuple[int, str]]], multi: Sequence[MultiFact]
) -> tuple[bytes, bytes]:
    """Per deck position: 2 bytes naming the card's group (1-based, 0: none), and the multi mask."""
    codes = bytearray(2 * length)
    for index, cards_in in enumerate(members):
        for position, _ in cards_in:
            codes[2 * position : 2 * position + 2] = (index + 1).to_bytes(2, "big")
    mask = bytearray(length)
    for fact in multi:
        for position, _, _ in fact.cards:
            mask[position] = 1
    return bytes(codes), bytes(mask)


def _topic(cards: Iterable[Card]) -> str | None:
    """A fact's topic: its cards' (the most common one, should variants disagree)."""
    topics = [card.topic for card in cards]
    if topics.count(topics[0]) == len(topics):  # the common case: a cloze note's deletions
        return topics[0]
    counts = Counter(topics)
    return counts.most_common(1)[0][0]


def assemble(
    layout: ExamLayout,
    group_sums: Mapping[int, Sequence[float]],
    multi_recall: Mapping[int, float],
    multi_sums: Mapping[tuple, Sequence[float]] | None = None,
) -> list[Stratum]:
    """The strata for ``readiness.predict``, from the recall of the layout's cards.

    ``group_sums[g][j - 1]``: the sum over group g's studied cards of recall ** j;
    ``multi_recall``: the recall of each studied card of a several-card fact, by
    deck position. Cards absent were never studied (recall 0). ``multi_sums``, when given,
    already holds what the studied cards of pooled several-card facts add to each pool's
    power sums (``exam/recall_bins.py``), and ``multi_recall`` only the other facts' cards.
    """
    pools: dict[tuple[int, str | None, Marks | None], list] = {}
    depth = layout.depth
    for index, group in enumerate(layout.groups):
        sums = list(group_sums.get(index, ()))[:depth]
        sums += [0.0] * (depth - len(sums))
        if group.binary:
            # recall a, else a lucky guess: q = p + (1 - p) a, summed by the binomial theorem
            sums = _affine_power_sums(full_mark_chance(group.marks), group.facts, sums)
            key = (group.stratum, group.topic, None)
        else:
            key = (group.stratum, group.topic, group.marks)
        _add_pool(pools, key, group.facts, sums)
    for key, (count, sums) in layout.multi_base.items():
        _add_pool(pools, key, count, sums)
    for key, deltas in (multi_sums or {}).items():
        pools[key] = (pools[key][0], [a + b for a, b in zip(pools[key][1], deltas)])
    _correct_studied_multi(layout, multi_recall, pools)
    mixed: dict[int, list[tuple[str | None, Marks]]] = {}
    for fact in (layout.multi[i] for i in layout.mixed):
        chances = [
            (recall_behind(multi_recall.get(p, 0.0), full_mark_chance(marks)), marks)
            for p, _, marks in fact.cards
        ]
        mixed.setdefault(fact.stratum, []).append((fact.topic, _mixture(chances)))
    strata = []
    for index, (topic, draw) in enumerate(layout.strata):
        own = tuple(
            Pool(t, count, tuple(sums), marks if marks is not None else ((ZERO, 1.0),))
            for (s, t, marks), (count, sums) in pools.items()
            if s == index
        )
        strata.append(Stratum(topic, draw, own, tuple(mixed.get(index, ()))))
    return strata


def _correct_studied_multi(
    layout: ExamLayout, multi_recall: Mapping[int, float], pools: dict
) -> None:
    """Replace the never-studied chance of each several-card fact with a studied card by its own."""
    extra: dict[int, float] = {}
    fact_of, weight = layout.multi_fact_of, layout.multi_weight
    guess = layout.guess
    for position, recall in multi_recall.items():
        index = fact_of.get(position)
        if index is not None:
            d = guess[position]
            extra[index] = extra.get(index, 0.0) + weight[position] * recall_behind(
                recall, 1 / d if d else 0.0
            )
    for index, gained in extra.items():
        fact = layout.multi[index]
        if fact.pool is None or not gained:
            continue
        sums = pools[fact.pool][1]
        chance = fact.base + gained
        old, new = fact.base, chance
        for j in range(len(sums)):
            sums[j] += new - old
            old *= fact.base
            new *= chance


def assemble_from_recalls(layout: ExamLayout, recall: Mapping[str, float]) -> list[Stratum]:
    """``assemble`` with each card's FSRS recall given by card id (studied cards only), as
    ``progress/recall.py`` sums them: the recall behind it, less lucky guesses."""
    depth = layout.depth
    group_sums = {}
    for index, card_ids in enumerate(layout.group_cards):
        chance = full_mark_chance(layout.groups[index].marks)
        values = [recall_behind(recall[c], chance) for c in card_ids if c in recall]
        group_sums[index] = [sum(a**j for a in values) for j in range(1, depth + 1)]
    multi_recall = {
        position: recall[card_id]
        for fact in layout.multi
        for position, card_id, _ in fact.cards
        if card_id in recall
    }
    return assemble(layout, group_sums, multi_recall)


def _add_pool(pools: dict, key: tuple, count: int, sums: Sequence[float]) -> None:
    if key in pools:
        old_count, old_sums = pools[key]
        pools[key] = (old_count + count, [a + b for a, b in zip(old_sums, sums)])
    else:
        pools[key] = (count, list(sums))


def _affine_power_sums(p: float, count: int, sums: Sequence[float]) -> list[float]:
    """Σ (p + (1 - p) a)^j for j = 1..len(sums), from Σ a^i (Σ a^0 = count)."""
    from math import comb

    moments = [float(count), *sums]
    return [
        sum(comb(j, i) * p ** (j - i) * (1 - p) ** i * moments[i] for i in range(j + 1))
        for j in range(1, len(sums) + 1)
    ]


def _mixture(chances: Sequence[tuple[float, Marks]]) -> Marks:
    """A fact's marks when its card is drawn at random: the mean of its cards' marks."""
    out: dict = {}
    share = 1 / len(chances)
    for recall, marks in chances:
        out[ONE] = out.get(ONE, 0.0) + share * recall
        for mark, p in marks:
            out[mark] = out.get(mark, 0.0) + share * (1 - recall) * p
    return tuple(sorted(out.items()))
