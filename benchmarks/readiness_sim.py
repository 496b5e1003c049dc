"""Simulated learners for ``bench_readiness.py``: hidden memory, quizkit's queue, quizkit's exam draw.

A learner's memory is hidden from the predictor: FSRS with parameters of its
own (each drawn around the defaults), a per-card difficulty factor on
stability, slips (a recalled answer given wrong) and lucky guesses (a choice
or true/false answer right without recall, which study then rates Good). The
learner studies by quizkit's queue and scheduler; the predictor sees only what
quizkit stores (the cards' FSRS states with the default parameters).

``ReplicaQueue`` is quizkit's study queue (``progress/queue.py``) in memory,
so thousands of learners run in minutes: it uses quizkit's own ``Scheduler``
for every outcome and its own leech rule, and ``check_replica`` drives it side
by side with the real ``StudySession`` on a progress file, card for card.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import fsrs

from quizkit.base.study_day import LEARN_AHEAD, StudyDay
from quizkit.deck.model import Card, Deck
from quizkit.exam.calibration import (
    blend_points,
    chance,
    memory_scales,
    scaled_recall,
    with_model_error,
)
from quizkit.exam.draw import draw_questions
from quizkit.exam.layout import assemble_from_recalls, exam_layout
from quizkit.exam.prediction import recall_curve
from quizkit.exam.readiness import predict
from quizkit.progress.card_state import CardState, Phase
from quizkit.study.grading import grade_choice
from quizkit.study.scheduler import Rating, Scheduler
from quizkit.study.session import is_leech_lapse
from quizkit.study.settings import DEFAULT_LEECH_THRESHOLD

START = datetime(2026, 1, 5, 4, tzinfo=timezone.utc)
SLIP = 0.03


# -- quizkit's queue, in memory ----------------------------------------------------------------
class ReplicaQueue:
    """The study queue's rules over in-memory card states (one deck, rollover 4 am UTC)."""

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self.options = deck.options
        self.scheduler = Scheduler(deck.options, fuzz=False)
        self.states: dict[str, CardState] = {c.id: CardState() for c in deck.cards}
        self.suspended: set[str] = set()
        self._position = {c.id: i for i, c in enumerate(deck.cards)}
        # the sibling key, as the progress file keeps it (Card.fact_key: group, else note)
        self._note = {c.id: c.fact_key for c in deck.cards}
        self._day: StudyDay | None = None
        self._new_done = self._reviews_done = 0  # today: new cards begun, reviews answered
        self._notes_today: dict[str, set[str]] = {}  # note -> its cards answered today
        self._new = [c.id for c in deck.cards]  # deck order
        self._learning: set[str] = set()
        self._review: set[str] = set()
        # (FSRS's chance, answered right) of every review card answered, as the log keeps it
        self.outcomes: list[tuple[float, bool]] = []

    def _roll(self, now: datetime) -> StudyDay:
        day = StudyDay.containing(now, timezone.utc)
        if day != self._day:
            self._day, self._new_done, self._reviews_done = day, 0, 0
            self._notes_today: dict[str, set[str]] = {}
        return day

    def _sibling_of_today(self, card_id: str) -> bool:
        studied = self._notes_today.get(self._note[card_id])
        return bool(studied) and (len(studied) > 1 or card_id not in studied)

    def next_card(self, now: datetime, after: str | None = None) -> str | None:
        """Learning due now, reviews due today, new cards in deck order, then learn-ahead;
        ``after`` (the card just answered) only when nothing else is left, as the session."""
        if after is not None:
            found = self._next(now, after)
            return found if found is not None else self._next(now, None)
        return self._next(now, None)

    def _next(self, now: datetime, skip: str | None) -> str | None:
        day = self._roll(now)
        states = self.states
        # ties on due go by deck position, as the queue's index (rowid order) breaks them
        position = self._position
        learning = [(states[c].due, position[c], c) for c in self._learning if c != skip]
        due_now = [x for x in learning if x[0] <= now]
        if due_now:
            return min(due_now)[2]
        if self._reviews_done < self.options.reviews_per_day:
            reviews = [
                (states[c].due, position[c], c)
                for c in self._review
                if states[c].due < day.end and c != skip and not self._sibling_of_today(c)
            ]
            if reviews:
                return min(reviews)[2]
        if self._new_done < self.options.new_per_day:
            for c in self._new:  # deck order
                if c != skip and not self._sibling_of_today(c):
                    return c
        ahead = [x for x in learning if x[0] <= now + LEARN_AHEAD]
        return min(ahead)[2] if ahead else None

    def answer(self, card_id: str, rating: Rating, now: datetime) -> None:
        self._roll(now)
        before = self.states[card_id]
        if before.phase == Phase.REVIEW:
            self.outcomes.append(
                (self.scheduler.retrievability(before, now), rating != Rating.AGAIN)
            )
        after = self.scheduler.preview(before, now)[rating].state
        self.states[card_id] = after
        self._file(card_id, before.phase, after.phase)
        self._new_done += before.phase == Phase.NEW
        self._reviews_done += before.phase == Phase.REVIEW
        self._notes_today.setdefault(self._note[card_id], set()).add(card_id)
        if after.lapses > before.lapses and is_leech_lapse(after.lapses, DEFAULT_LEECH_THRESHOLD):
            self.suspended.add(card_id)
            self._learning.discard(card_id)
            self._review.discard(card_id)

    def _file(self, card_id: str, before: Phase, after: Phase) -> None:
        """Keep the per-phase indexes (what the file's indexes are to the real queue)."""
        if before == Phase.NEW:
            self._new.remove(card_id)
        (self._review if before == Phase.REVIEW else self._learning).discard(card_id)
        (self._review if after == Phase.REVIEW else self._learning).add(card_id)


# -- the hidden learner ---------------------------------------------------------------------------
@dataclass
class Learner:
    rng: random.Random
    memory: fsrs.Scheduler
    card_factor: dict[str, float]
    hidden: dict[str, fsrs.Card] = field(default_factory=dict)

    @classmethod
    def draw(cls, deck: Deck, rng: random.Random) -> Learner:
        bounds = zip(
            fsrs.scheduler.DEFAULT_PARAMETERS,
            fsrs.scheduler.LOWER_BOUNDS_PARAMETERS,
            fsrs.scheduler.UPPER_BOUNDS_PARAMETERS,
        )
        parameters = [min(hi, max(lo, w * math.exp(rng.gauss(0, 0.2)))) for w, lo, hi in bounds]
        memory = fsrs.Scheduler(parameters=parameters, enable_fuzzing=False)
        factor = {c.id: math.exp(rng.gauss(0, 0.4)) for c in deck.cards}
        return cls(rng, memory, factor)

    def recall(self, card_id: str, now: datetime) -> float:
        """The learner's true chance to recall the card now (0 if never seen)."""
        card = self.hidden.get(card_id)
        if card is None:
            return 0.0
        days = max(0, (now - card.last_review).days)
        stability = card.stability * self.card_factor[card_id]
        return (1 + self.memory._FACTOR * days / stability) ** self.memory._DECAY

    def study(self, card: Card, now: datetime) -> Rating:
        """Answer a study card: the rating quizkit gets; the hidden memory learns from recall."""
        recalled = self.rng.random() < self.recall(card.id, now)
        right = (recalled and self.rng.random() >= SLIP) or (
            not recalled and _lucky(card, self.rng) >= 1.0
        )
        hidden = self.hidden.get(card.id) or fsrs.Card(card_id=0, due=now)
        rated = fsrs.Rating.Good if recalled else fsrs.Rating.Again
        self.hidden[card.id], _ = self.memory.review_card(hidden, rated, review_datetime=now)
        if not right:
            return Rating.AGAIN
        return self.rng.choices((Rating.HARD, Rating.GOOD, Rating.EASY), (1, 8, 1))[0]

    def sit(self, cards: list[Card], now: datetime) -> float:
        """The fraction of marks earned on these exam questions."""
        marks = 0.0
        for card in cards:
            if self.rng.random() < self.recall(card.id, now):
                marks += 0.0 if self.rng.random() < SLIP else 1.0
            else:
                marks += _lucky(card, self.rng)
        return marks / len(cards)


def _lucky(card: Card, rng: random.Random) -> float:
    """What a blind guess earns on ``card`` (self-graded and typed cards: nothing)."""
    if card.kind == "truefalse":
        return float(rng.random() < 0.5)
    if card.kind == "choice" and card.choices:
        if card.multiple:
            return grade_choice(card, {c for c in card.choices if rng.random() < 0.5}).score
        return float(rng.choice(card.choices) in card.correct)
    return 0.0


# -- one learner's life ----------------------------------------------------------------------
def study_days(
    deck: Deck, learner: Learner, queue: ReplicaQueue, days: int, skip: float
) -> datetime:
    """Study ``days`` days (skipping some); return the start of the day after."""
    day_start = START
    for _ in range(days):
        if learner.rng.random() >= skip:
            now = day_start + timedelta(hours=10 + learner.rng.random() * 10)
            cards = {c.id: c for c in deck.cards}
            # A card is shown when picked, answered (and scheduled) a few seconds
            # later, and the next card is picked at that moment, as in StudySession. Think times are not whole seconds: two cards falling due
            # at the same microsecond would leave the order to SQLite's plan.
            card_id = queue.next_card(now)
            while card_id is not None:
                rating = learner.study(cards[card_id], now)
                now += timedelta(seconds=learner.rng.uniform(8, 30))
                queue.answer(card_id, rating, now)  # scheduled from the moment of answering
                card_id = queue.next_card(now, after=card_id)
        day_start += timedelta(days=1)
    return day_start


@dataclass(frozen=True, slots=True)
class Outcome:
    predicted: float
    passed: bool
    days: int


def simulate(deck: Deck, seed: int, max_days: int = 35) -> Outcome:
    """One learner: study a random number of days, then sit the deck's first exam once."""
    rng = random.Random(seed)
    exam = deck.exams[0]
    learner = Learner.draw(deck, rng)
    queue = ReplicaQueue(deck)
    # log-uniform from none to max_days: as many learners a few days in as weeks in
    days = int(math.exp(rng.uniform(0, math.log(max_days + 1)))) - 1
    after = study_days(deck, learner, queue, days, skip=rng.uniform(0.0, 0.5))
    sit_at = after + timedelta(hours=rng.uniform(4, 12))
    recall = {
        card_id: queue.scheduler.retrievability(state, sit_at)
        for card_id, state in queue.states.items()
        if state.phase != Phase.NEW
    }
    layout = exam_layout(deck, exam)
    decay = recall_curve(None)[1]
    points = with_model_error(memory_scales(queue.outcomes, decay))

    def predict_at(scale: float, slip: float, offset: float):
        chances = {
            c: chance(scaled_recall(r, scale, decay), 1 - slip, offset) for c, r in recall.items()
        }
        return predict(exam.questions, exam.pass_mark, assemble_from_recalls(layout, chances))

    # as quizkit blends them (some points interpolated), so the calibration is of what it shows
    prediction = blend_points(points, predict_at, exam.pass_mark)
    questions = draw_questions(deck, exam, rng)
    passed = learner.sit(questions, sit_at) >= exam.pass_mark - 1e-9
    return Outcome(prediction.pass_probability, passed, days)


def check_replica(deck_dir, data, seed: int, days: int) -> int:
    """Drive ``ReplicaQueue`` and the real ``StudySession`` with the same learner; return the
    number of answers compared. Raises AssertionError at the first card or state that differs."""
    from quizkit.base.clock import FixedClock
    from quizkit.workspace import Workspace

    clock = FixedClock(START)
    workspace = Workspace.open(data, [deck_dir], clock=clock, fuzz=False)
    try:
        deck = workspace.decks[0]
        rng = random.Random(seed)
        learner = Learner.draw(deck, rng)
        queue = ReplicaQueue(deck)
        cards = {c.id: c for c in deck.cards}
        answers = 0
        for day in range(days):
            clock.current = START + timedelta(days=day, hours=10 + rng.random() * 10)
            session = workspace.session()
            after = None
            while True:
                now = clock.now()
                expected = queue.next_card(now, after)
                shown = session.current.card.id if session.current else None
                assert shown == expected, (day, answers, shown, expected)
                if shown is None:
                    break
                rating = learner.study(cards[shown], now)
                clock.advance(seconds=rng.uniform(8, 30))
                queue.answer(shown, rating, clock.now())
                session.answer(rating)
                answers += 1
                after = shown
        for card_id, state in queue.states.items():
            assert workspace.store.card_state(card_id) == state, card_id
        return answers
    finally:
        workspace.close()
