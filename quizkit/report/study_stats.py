"""Study statistics: reviews and study time by study day, true retention, the due forecast, topics.

Every figure is defined in docs/statistics.md. Days are study days in the
learner's local zone, ending at the rollover hour, counted from the injected
clock; the counting itself is SQL (``progress.review_stats``).
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from quizkit.base.study_day import StudyDay
from quizkit.deck.model import Deck
from quizkit.progress import review_stats
from quizkit.progress.card_state import from_micros, to_micros
from quizkit.progress.review_stats import CardCounts, DayReviews
from quizkit.progress.store import ProgressStore
from quizkit.report.day_cache import cached_reviews

FORECAST_DAYS = 30
# The windows of "today / 7 days / 30 days / all", in study days ending today.
WINDOWS = {"today": 1, "last_7_days": 7, "last_30_days": 30}
# FSRS-6's default forgetting-curve decay (``fsrs``'s DEFAULT_PARAMETERS[20]; a
# test keeps them equal). Named here so the statistics need not import fsrs.
DEFAULT_DECAY = 0.1542


@dataclass(frozen=True, slots=True)
class Day:
    """One study day's answers (all decks, or one deck)."""

    date: date
    reviews: int = 0
    seconds: float = 0.0
    review_answers: int = 0
    review_passed: int = 0


@dataclass(frozen=True, slots=True)
class TopicFigures:
    deck_id: str
    id: str
    title: str
    cards: int
    studied: int
    recall_sum: float  # the recall probabilities now of the studied cards, summed

    @property
    def recall(self) -> float | None:
        """Average recall probability now of the studied cards (``Mastery.recall``)."""
        return self.recall_sum / self.studied if self.studied else None

    @property
    def known(self) -> float:
        """Expected share of all the topic's cards recalled now (``Mastery.known``):
        a card never studied counts as not known, so the figure never flatters."""
        return self.recall_sum / self.cards if self.cards else 0.0


@dataclass(frozen=True, slots=True)
class DeckStats:
    deck: Deck
    days: list[Day]  # one per study day, oldest first, the last is today
    due: int  # studied cards due before today ends, suspended ones too (``due``)
    due_before: tuple[int, int]  # not suspended, due before today / tomorrow ends
    # What reads every card row (``with_cards``): None and empty in a ``study_timeline``.
    counts: CardCounts | None = None
    topics: list[TopicFigures] = field(default_factory=list)

    @property
    def due_today(self) -> int:
        return self.due_before[0]

    @property
    def due_tomorrow(self) -> int:
        """Due by the end of tomorrow and not done today (today's count included)."""
        return self.due_before[1] - self.due_before[0]


@dataclass(frozen=True, slots=True)
class StudyStats:
    days: list[Day]  # every study day from the first review to today, all decks
    forecast: list[tuple[date, int]]  # today first; today includes what is overdue
    decks: list[DeckStats] = field(default_factory=list)
    reviews_total: int = 0  # every answer in the file (``ProgressStore.reviews_total``)

    @property
    def topics(self) -> list[TopicFigures]:
        return [topic for deck in self.decks for topic in deck.topics]


def study_stats(
    store: ProgressStore,
    decks: list[Deck],
    now: datetime,
    zone: tzinfo,
    rollover_hour: int,
    *,
    cache_dir: Path | None = None,
) -> StudyStats:
    """Every figure of the statistics for ``decks``, as of ``now``.

    ``cache_dir``: where the answers of days that are over are kept between runs
    (``report.day_cache``); None counts every day again.
    """
    timeline = study_timeline(store, decks, now, zone, rollover_hour, cache_dir=cache_dir)
    return with_cards(store, timeline, now)


def study_timeline(
    store: ProgressStore,
    decks: list[Deck],
    now: datetime,
    zone: tzinfo,
    rollover_hour: int,
    *,
    cache_dir: Path | None = None,
) -> StudyStats:
    """The figures over time: answers per study day (every deck, and each), what is due and the
    forecast, the total of answers. Each deck's cards by phase and mark and its mastery per
    topic, which read every card row, are left to ``with_cards``: the statistics screen's
    first view shows only these."""
    today = StudyDay.containing(now, zone, rollover_hour)
    first = review_stats.first_review_at(store)
    days = days_back(today, from_micros(first) if first is not None else now, zone, rollover_hour)
    spans = [(to_micros(day.start), to_micros(day.end)) for day in days]
    # One count of the log's rows serves the day cache's check and the total of answers.
    rows = review_stats.review_rows(store)
    by_span = cached_reviews(store, spans, to_micros(today.start), first, cache_dir, rows)
    per_day = [by_span[span] for span in spans]
    dates = [_date_of(day, zone) for day in days]
    ahead = days_ahead(today, FORECAST_DAYS, zone, rollover_hour)
    # A due time falls on the study day whose start it is not before: bisect the starts.
    starts = [to_micros(day.start) for day in ahead[1:]]
    forecast_counts = [0] * FORECAST_DAYS
    deck_stats = []
    for deck in decks:
        dues = review_stats.due_times(store, deck.id, ahead[-1].end)
        shown = _per_day(dues.studied, starts)
        hidden = _per_day(dues.suspended, starts)
        forecast_counts = [total + n - s for total, n, s in zip(forecast_counts, shown, hidden)]
        deck_stats.append(
            DeckStats(
                deck,
                _days(dates, per_day, deck.id),
                due=shown[0],
                # Overdue cards count today, so "before tomorrow ends" is today's and tomorrow's.
                due_before=(shown[0] - hidden[0], sum(shown[:2]) - sum(hidden[:2])),
            )
        )
    forecast = [(_date_of(day, zone), n) for day, n in zip(ahead, forecast_counts)]
    total = review_stats.answers_total(store, rows)
    return StudyStats(_days(dates, per_day, None), forecast, deck_stats, total)


def with_cards(store: ProgressStore, stats: StudyStats, now: datetime) -> StudyStats:
    """``stats`` with each deck's cards by phase and mark, and its mastery per topic at ``now``."""
    decks = [
        replace(
            figures,
            counts=review_stats.card_counts(store, figures.deck.id),
            topics=topic_figures(store, figures.deck, now),
        )
        for figures in stats.decks
    ]
    return replace(stats, decks=decks)


def _per_day(dues: list[int], starts: list[int]) -> list[int]:
    """How many of ``dues`` fall on each study day: before ``starts[0]`` (overdue ones too)
    is the first day, and so on."""
    counts = [0] * (len(starts) + 1)
    for due in dues:
        counts[bisect_right(starts, due)] += 1
    return counts


def _days(
    dates: list[date], per_day: list[dict[str, DayReviews]], deck_id: str | None
) -> list[Day]:
    if deck_id is not None:
        figures = [decks.get(deck_id) for decks in per_day]
    else:  # every deck: most days hold one deck, or none, and need no sum
        figures = [_summed(decks) for decks in per_day]
    return [
        Day(day, f.reviews, f.milliseconds / 1000, f.review_answers, f.review_passed)
        if f is not None
        else Day(day, 0, 0.0, 0, 0)
        for day, f in zip(dates, figures)
    ]


def _summed(decks: dict[str, DayReviews]) -> DayReviews | None:
    if len(decks) <= 1:
        return next(iter(decks.values()), None)
    chosen = decks.values()
    return DayReviews(
        sum(f.reviews for f in chosen),
        sum(f.milliseconds for f in chosen),
        sum(f.review_answers for f in chosen),
        sum(f.review_passed for f in chosen),
    )


def days_back(today: StudyDay, since: datetime, zone: tzinfo, rollover_hour: int) -> list[StudyDay]:
    """The study days from the one containing ``since`` to ``today``, oldest first."""
    days = [today]
    while days[-1].start > since:
        days.append(
            StudyDay.containing(days[-1].start - timedelta(microseconds=1), zone, rollover_hour)
        )
    return days[::-1]


def days_ahead(today: StudyDay, count: int, zone: tzinfo, rollover_hour: int) -> list[StudyDay]:
    """``count`` study days from ``today`` on (23 or 25 hours long across a DST switch)."""
    days = [today]
    while len(days) < count:
        days.append(StudyDay.containing(days[-1].end, zone, rollover_hour))
    return days


def _date_of(day: StudyDay, zone: tzinfo) -> date:
    """The calendar date a study day is named by: the local date at its start."""
    return day.start.astimezone(zone).date()


def topic_figures(store: ProgressStore, deck: Deck, now: datetime) -> list[TopicFigures]:
    """Per declared topic: cards, cards studied, and their recall now: the figures of the home
    screen's mastery (``study.mastery``), computed in SQL."""
    if not deck.topics:
        return []
    # Each card's topic as a number, 1 for the first declared (0: none), one byte a card
    # (more past 254 topics): SQLite sums the recall per topic by reading it at the card's
    # position, and the cards per topic are counted in C.
    numbers = defaultdict(int, {topic.id: n for n, topic in enumerate(deck.topics, 1)})
    numbered = map(numbers.__getitem__, deck.cards.field("topic"))
    if len(deck.topics) < 0xFF:
        width, codes = 1, bytes(numbered)
        cards = {n: codes.count(n) for n in range(1, len(deck.topics) + 1)}
    else:
        wide = array("H" if len(deck.topics) < 0xFFFF else "I", numbered)
        width, cards = wide.itemsize, Counter(wide)
        if sys.byteorder == "big":
            wide.byteswap()
        codes = wide.tobytes()
    parameters = store.fsrs_parameters(deck.id)
    decay = parameters[20] if parameters else DEFAULT_DECAY
    sums = review_stats.topic_recalls(store, deck.id, now, decay, codes, width)
    return [
        TopicFigures(deck.id, topic.id, topic.title, cards.get(n, 0), *sums.get(n, (0, 0.0)))
        for n, topic in enumerate(deck.topics, 1)
    ]


def window_sum(days: list[Day], window: int | None, attribute: str) -> float:
    """The sum of ``attribute`` over the last ``window`` study days (None: every day)."""
    chosen = days if window is None else days[-window:]
    return sum(getattr(day, attribute) for day in chosen)


def true_retention(days: list[Day], window: int | None) -> float | None:
    """Share of review-phase answers not rated Again over the window; None without any."""
    answers = window_sum(days, window, "review_answers")
    return window_sum(days, window, "review_passed") / answers if answers else None


def weekly(days: list[Day], weeks: int) -> list[Day]:
    """The last ``weeks`` weeks of ``days`` summed, oldest first, each named by its first day.

    Weeks end today: the last one is today and the six days before it.
    """
    chosen = days[-weeks * 7 :]
    padding = weeks * 7 - len(chosen)
    totals = []
    for week in range(weeks):
        span = chosen[max(0, week * 7 - padding) : max(0, (week + 1) * 7 - padding)]
        start = days[-1].date - timedelta(days=(weeks - week) * 7 - 1)
        totals.append(
            Day(
                start,
                sum(d.reviews for d in span),
                sum(d.seconds for d in span),
                sum(d.review_answers for d in span),
                sum(d.review_passed for d in span),
            )
        )
    return totals
