"""An exam's outlook for the learner: readiness now and on the exam date, and the date's study plan.

What home, the exam start screen, ``stats --json`` and ``quizkit exam --readiness``
all show, computed in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from quizkit.base.clock import Clock
from quizkit.base.study_day import StudyDay
from quizkit.deck.model import Deck, Exam
from quizkit.exam.calibration import memory_scales
from quizkit.exam.layout import exam_layout
from quizkit.exam.plan import DatePlan, plan_for_date, target_recall
from quizkit.exam.prediction import exam_moment, exam_readiness, recall_curve
from quizkit.exam.readiness import Prediction, Unfillable
from quizkit.progress.store import ProgressStore


@dataclass(frozen=True, slots=True)
class Outlook:
    now: Prediction | None  # None: the deck cannot fill the exam
    exam_date: date | None
    on_date: Prediction | None  # with a date still to come
    plan: DatePlan | None


def exam_outlook(
    store: ProgressStore, deck: Deck, exam: Exam, clock: Clock, rollover_hour: int
) -> Outlook:
    """Readiness now, and on the learner's exam date (with its plan) when one is set and to come."""
    now = clock.now()
    try:
        current = exam_readiness(store, deck, exam, now)
    except Unfillable:
        return Outlook(None, store.exam_date(exam.id), None, None)
    day = store.exam_date(exam.id)
    plan = on_date = None
    if day is not None and days_until(day, clock, rollover_hour) > 0:
        on_date = exam_readiness(store, deck, exam, exam_moment(day, clock.local_zone()))
        plan = date_plan(store, deck, exam, day, clock, rollover_hour)
    return Outlook(current, day, on_date, plan)


def parse_exam_date(text: str) -> date | None:
    """``YYYY-MM-DD`` -> the date; ``none`` -> None (clear it); anything else: ValueError."""
    if text.strip().lower() == "none":
        return None
    return date.fromisoformat(text.strip())


def days_until(day: date, clock: Clock, rollover_hour: int) -> int:
    """Study days from today to the exam day (0: the exam is today, or past)."""
    today = StudyDay.containing(clock.now(), clock.local_zone(), rollover_hour)
    return (day - today.start.astimezone(clock.local_zone()).date()).days


def date_plan(
    store: ProgressStore, deck: Deck, exam: Exam, day: date, clock: Clock, rollover_hour: int
) -> DatePlan | None:
    left = days_until(day, clock, rollover_hour)
    if left <= 0:
        return None
    layout = exam_layout(deck, exam)
    curve = recall_curve(store.fsrs_parameters(deck.id))
    # the target readiness would call 95 %: calibrated by the learner's answers so far
    scales = memory_scales(store.review_outcomes(deck.id, clock.now(), curve), curve[1])
    return plan_for_date(
        layout,
        store.studied_states(deck.id),
        curve,
        exam_moment(day, clock.local_zone()),
        day,
        left,
        target_recall(layout, scales, curve[1]),
    )


def date_planner(
    store: ProgressStore, decks: Sequence[Deck], clock: Clock, rollover_hour: int
) -> Callable[[Deck], DatePlan | None] | None:
    """For ``PlannedSession``: each deck's plan for its nearest exam date to come; None when no
    exam of these decks has a date (then scheduling stays exactly as without dates)."""
    dated = {
        deck.id: [(d, exam) for exam in deck.exams if (d := store.exam_date(exam.id))]
        for deck in decks
    }
    if not any(dated.values()):
        return None

    def plans(deck: Deck) -> DatePlan | None:
        coming = sorted(
            (d, exam.id, exam)
            for d, exam in dated.get(deck.id, [])
            if days_until(d, clock, rollover_hour) > 0
        )
        if not coming:
            return None
        day, _, exam = coming[0]
        try:
            return date_plan(store, deck, exam, day, clock, rollover_hour)
        except Unfillable:
            return None

    return plans
