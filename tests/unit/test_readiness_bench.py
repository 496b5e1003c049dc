"""The readiness benchmark's in-memory queue is quizkit's queue: card for card, state for state."""

from __future__ import annotations

import sys
from pathlib import Path

from quizkit.base.paths import bundled_decks_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import readiness_sim


def test_the_simulated_queue_shows_what_the_real_study_session_shows(tmp_path):
    answers = readiness_sim.check_replica(bundled_decks_dir(), tmp_path / "p.sqlite3", 4, 6)
    assert answers > 300  # new cards, learning steps, next-day reviews and lapses


def test_a_simulated_learner_who_studied_nothing_is_predicted_to_fail():
    from quizkit.deck.library import load_library

    deck = load_library([bundled_decks_dir()]).decks[0]
    for seed in range(3):
        outcome = readiness_sim.simulate(deck, seed, max_days=0)
        assert outcome.predicted < 1e-6
        assert not outcome.passed
