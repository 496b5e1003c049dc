"""The statistics (docs/statistics.md) against a known history, in a zone with a rollover hour."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from quizkit.base.study_day import StudyDay
from quizkit.progress import review_stats
from quizkit.progress.card_state import CardState, Phase
from quizkit.report import day_cache
from quizkit.report.stats import progress_summary
from quizkit.report.study_stats import DEFAULT_DECAY, days_ahead, study_stats
from quizkit.study.scheduler import Scheduler
from tests.conftest import SMALL_DECK

BERLIN = ZoneInfo("Europe/Berlin")
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)  # 13:00 in Berlin


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=timezone.utc)


def answer(store, card_id, at, rating, phase, due, duration_ms=4000, stability=3.0):
    """Record one review of ``card_id`` as the study session would, with a chosen outcome."""
    before = store.card_state(card_id)
    lapsed = before.phase == Phase.REVIEW and rating == 1
    after = CardState(
        Phase(phase), None, stability, 5.0, due, at, before.reps + 1, before.lapses + lapsed
    )
    store.record_review(card_id, "demo", card_id, rating, before, after, at, duration_ms)


@pytest.fixture
def history(write_deck, open_workspace):
    """SMALL_DECK in Berlin at 13:00 on 23 November, rollover 4 am, with five reviews."""
    workspace = open_workspace(write_deck(SMALL_DECK))
    workspace.clock.zone = BERLIN
    store = workspace.store
    answer(store, "cover", utc(20, 10), 3, 1, utc(20, 10, 10), duration_ms=5000)
    # Two minutes on one card counts as one: answers are capped at 60 s.
    answer(store, "cover", utc(21, 10), 3, 2, utc(22, 10), duration_ms=120_000)
    answer(store, "under", utc(22, 10), 4, 2, utc(25, 12), duration_ms=4000)
    # 03:30 in Berlin, before the 4 am rollover: still the study day of the 22nd.
    # A review-phase answer rated Again: it lapses, and is overdue since yesterday.
    answer(store, "cover", utc(23, 2, 30), 1, 3, utc(22, 12), duration_ms=10_000)
    # under is a review card again, answered today (review phase, passed).
    answer(store, "under", utc(23, 11), 3, 2, utc(25, 12), duration_ms=8000)
    return workspace


def summary(workspace, **kwargs):
    return progress_summary(
        workspace.store,
        workspace.library,
        workspace.study_day(),
        workspace.clock.now(),
        zone=BERLIN,
        rollover_hour=4,
        **kwargs,
    )


def test_reviews_by_day_are_local_study_days_with_capped_seconds(history):
    assert summary(history)["reviews_by_day"] == [
        {"date": "2026-11-20", "reviews": 1, "seconds": 5},
        {"date": "2026-11-21", "reviews": 1, "seconds": 60},
        {"date": "2026-11-22", "reviews": 2, "seconds": 14},
        {"date": "2026-11-23", "reviews": 1, "seconds": 8},
    ]


def test_true_retention_counts_only_review_phase_answers_not_rated_again(history):
    retention = summary(history)["true_retention"]
    assert retention["last_7_days"] == {"rate": 0.5, "answers": 2, "passed": 1}
    assert retention["all"] == {"rate": 0.5, "answers": 2, "passed": 1}


def test_true_retention_windows_end_today(history):
    history.clock.advance(days=3)  # the 26th: the 22nd and 23rd are within 7 days, not "today"
    figures = summary(history)
    assert figures["true_retention"]["last_7_days"]["answers"] == 2
    assert figures["study_seconds"]["today"] == 0
    history.clock.advance(days=6)  # 2 December: the Again on the 22nd is 11 days back
    figures = summary(history)
    assert figures["true_retention"]["last_7_days"] == {"rate": None, "answers": 0, "passed": 0}
    assert figures["true_retention"]["last_30_days"]["answers"] == 2


def test_study_seconds_today_7_days_30_days_and_all(history):
    assert summary(history)["study_seconds"] == {
        "today": 8,
        "last_7_days": 87,
        "last_30_days": 87,
        "all": 87,
    }


def test_forecast_counts_overdue_cards_today_and_the_rest_on_their_local_day(history):
    forecast = summary(history)["forecast"]
    assert len(forecast) == 30
    assert forecast[0] == {"date": "2026-11-23", "due": 1}  # cover, overdue since yesterday
    assert forecast[2] == {"date": "2026-11-25", "due": 1}  # under, 13:00 in Berlin
    assert sum(day["due"] for day in forecast) == 2
    assert forecast[-1]["date"] == "2026-12-22"


def test_forecast_leaves_out_suspended_cards(history):
    history.store.set_suspended("under", True)
    assert sum(day["due"] for day in summary(history)["forecast"]) == 1


def test_a_suspended_card_counts_in_due_but_not_in_due_today_nor_the_forecast(history):
    history.store.set_suspended("cover", True)  # overdue since yesterday
    figures = summary(history)
    deck = figures["decks"][0]
    assert (deck["due"], deck["due_today"], deck["due_tomorrow"]) == (1, 0, 0)
    assert figures["forecast"][0]["due"] == 0


def test_due_tomorrow_counts_the_cards_of_tomorrows_study_day_only(history):
    # 03:00 in Berlin on the 25th is before the 4 am rollover: tomorrow's study day.
    answer(history.store, "under", utc(23, 11, 30), 3, 2, utc(25, 2))
    deck = summary(history)["decks"][0]
    assert (deck["due"], deck["due_today"], deck["due_tomorrow"]) == (1, 1, 1)


def test_forecast_days_follow_the_rollover_across_a_dst_switch():
    # Berlin leaves summer time early on 25 October 2026: the study day of the 24th is 25 hours.
    today = StudyDay.containing(datetime(2026, 10, 23, 12, tzinfo=timezone.utc), BERLIN, 4)
    days = days_ahead(today, 4, BERLIN, 4)
    starts = [day.start.astimezone(BERLIN) for day in days]
    assert [(s.day, s.hour) for s in starts] == [(23, 4), (24, 4), (25, 4), (26, 4)]
    assert days[1].end - days[1].start == timedelta(hours=25)  # the clocks go back that night


def test_deck_fields_keep_the_old_ones_and_add_states_marks_and_due(history):
    history.store.set_flagged("walk", True)
    deck = summary(history)["decks"][0]
    for field in ("id", "title", "path", "cards", "new", "learning", "review", "due", "reviews"):
        assert field in deck
    assert (deck["cards"], deck["new"], deck["learning"], deck["review"]) == (3, 1, 1, 1)
    assert deck["relearning"] == 1
    assert deck["reviews"] == 5
    assert (deck["due_today"], deck["due_tomorrow"]) == (1, 0)
    assert (deck["flagged"], deck["suspended"], deck["leeches"]) == (1, 0, 0)
    assert deck["reviews_today"] == 1 and deck["reviews_last_7_days"] == 5
    assert deck["true_retention"]["all"]["rate"] == 0.5


def test_topic_recall_and_known_match_the_home_screens_fsrs_figures(history):
    topics = summary(history)["topics"]
    assert [(t["deck"], t["id"], t["cards"], t["studied"]) for t in topics] == [
        ("demo", "muscles", 3, 2)
    ]
    home = history.mastery(history.decks[0]).topic("muscles")
    assert topics[0]["recall"] == pytest.approx(home.recall, abs=1e-4)
    assert topics[0]["known"] == pytest.approx(home.known, abs=1e-4)
    assert topics[0]["known"] < topics[0]["recall"]  # the card never seen counts as not known


def test_recall_in_sql_is_fsrs_retrievability(history):
    deck = history.decks[0]
    scheduler = Scheduler(deck.options)
    later = NOON + timedelta(days=9, hours=5)
    # One code per card (its position + 1), so each sum is one card's recall.
    codes = bytes(range(1, len(deck.cards) + 1))
    sums = review_stats.topic_recalls(history.store, "demo", later, DEFAULT_DECAY, codes, 1)
    studied = 0
    for position, card in enumerate(deck.cards):
        state = history.store.card_state(card.id)
        if state.phase != Phase.NEW:
            studied += 1
            count, recall = sums[position + 1]
            assert count == 1
            assert recall == pytest.approx(scheduler.retrievability(state, later))
    assert len(sums) == studied == 2


def test_topic_recalls_sum_per_code_and_skip_cards_without_one(history):
    later = NOON + timedelta(days=2)
    deck = history.decks[0]
    each = review_stats.topic_recalls(
        history.store, "demo", later, DEFAULT_DECAY, bytes(range(1, len(deck.cards) + 1)), 1
    )
    # Two bytes a card, little-endian; the codes end after the first card, so the second
    # studied card ("under", position 1) has none and is left out.
    first = (258).to_bytes(2, "little")
    summed = review_stats.topic_recalls(history.store, "demo", later, DEFAULT_DECAY, first, 2)
    assert summed == {258: (1, pytest.approx(each[1][1]))}
    assert set(each) == {1, 2}
    # Code 0 is no topic.
    none = review_stats.topic_recalls(history.store, "demo", later, DEFAULT_DECAY, bytes(9), 1)
    assert none == {}


def test_default_decay_is_fsrs_default():
    from fsrs.scheduler import DEFAULT_PARAMETERS

    assert DEFAULT_PARAMETERS[20] == DEFAULT_DECAY


def test_learner_comes_through_and_is_null_when_unset(history):
    assert summary(history)["learner"] == {"name": None, "id": None, "email": None, "course": None}
    learner = {"name": "Ada", "id": "NAT-1", "email": "a@example.org", "course": "Diploma"}
    assert summary(history, learner=learner)["learner"] == learner


def test_a_file_without_reviews_has_empty_figures(write_deck, open_workspace):
    workspace = open_workspace(write_deck(SMALL_DECK))
    figures = summary(workspace)
    assert figures["reviews_by_day"] == []
    assert figures["true_retention"]["all"]["rate"] is None
    assert sum(day["due"] for day in figures["forecast"]) == 0


# -- the cache of closed days ----------------------------------------------------------------
def count_spans(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = review_stats.reviews_in_spans

    def counting(file, spans):
        calls.append(len(spans))
        return real(file, spans)

    monkeypatch.setattr(review_stats, "reviews_in_spans", counting)
    return calls


def stats_of(workspace, cache_dir):
    return study_stats(
        workspace.store, workspace.decks, workspace.clock.now(), BERLIN, 4, cache_dir=cache_dir
    )


def test_closed_days_are_counted_once_then_read_from_the_cache(history, tmp_path, monkeypatch):
    calls = count_spans(monkeypatch)
    first = stats_of(history, tmp_path / "cache")
    second = stats_of(history, tmp_path / "cache")
    assert calls == [4, 1]  # the second run counts only today
    assert first == second


def test_the_cache_is_not_trusted_once_a_closed_day_changed(history, tmp_path, monkeypatch):
    stats_of(history, tmp_path / "cache")
    # Take back the 03:30 answer (a closed day): the cached 22nd no longer holds.
    history.store.undo_review(history.store.reviews_for("cover")[-1].id)
    calls = count_spans(monkeypatch)
    days = stats_of(history, tmp_path / "cache").days
    assert calls == [4]
    assert [day.reviews for day in days] == [1, 1, 1, 1]


def test_a_broken_cache_file_is_counted_again(history, tmp_path):
    stats_of(history, tmp_path / "cache")
    for path in (tmp_path / "cache").rglob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    assert [day.reviews for day in stats_of(history, tmp_path / "cache").days] == [1, 1, 2, 1]


def test_a_new_zone_misses_the_cache_instead_of_misreading_it(history, tmp_path):
    stats_of(history, tmp_path / "cache")
    days = study_stats(
        history.store,
        history.decks,
        history.clock.now(),
        timezone.utc,
        0,
        cache_dir=tmp_path / "cache",
    ).days
    # In UTC with a midnight rollover the 02:30 answer belongs to the 23rd.
    assert [(day.date.day, day.reviews) for day in days] == [(20, 1), (21, 1), (22, 1), (23, 2)]


def test_cached_reviews_without_a_cache_folder_counts_every_span(history):
    spans = [(0, 1), (1, 2)]
    assert day_cache.cached_reviews(history.store, spans, 2, None, None) == {
        (0, 1): {},
        (1, 2): {},
    }


def test_weekly_sums_weeks_ending_today_and_pads_before_the_first_day():
    from datetime import date

    from quizkit.report.study_stats import Day, weekly

    days = [Day(date(2026, 11, d), reviews=d, seconds=60.0) for d in range(1, 24)]
    weeks = weekly(days, 4)
    assert [w.date for w in weeks] == [
        date(2026, 10, 27),
        *(date(2026, 11, d) for d in (3, 10, 17)),
    ]
    assert [w.reviews for w in weeks] == [
        1 + 2,
        sum(range(3, 10)),
        sum(range(10, 17)),
        sum(range(17, 24)),
    ]
    assert weeks[-1].seconds == 7 * 60


def test_a_reset_logged_with_rating_0_is_not_an_answer(history):
    store = history.store
    before = store.card_state("under")
    store.record_review("under", "demo", "under", 0, before, CardState(), NOON, None)
    figures = summary(history)
    assert figures["reviews_total"] == store.reviews_total() == 5
    assert figures["reviews_by_day"][-1] == {"date": "2026-11-23", "reviews": 1, "seconds": 8}
    assert figures["true_retention"]["all"]["answers"] == 2
