"""`quizkit stats`: a readable block per deck, and --json with the old fields and the new ones."""

from __future__ import annotations

import json

import pytest

from quizkit.cli.main import main
from tests.conftest import SMALL_DECK

HOSTILE = SMALL_DECK.replace('title = "Demo deck"', 'title = "[bold]Deck[/] \\u001b]0;x\\u0007"')


@pytest.fixture
def run(tmp_path, monkeypatch, write_deck):
    monkeypatch.setenv("QUIZKIT_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    (tmp_path / "config.toml").write_text(
        '[learner]\nname = "Ada Example"\nid = "NAT-1"\ncourse = "Diploma"\n', encoding="utf-8"
    )

    def run_(*args: str, deck: str = SMALL_DECK) -> int:
        folder = write_deck(deck).parent
        return main(["--data", str(tmp_path / "p.sqlite3"), "--decks", str(folder), *args])

    return run_


def test_stats_prints_a_readable_block_per_deck(run, capsys):
    assert run("stats") == 0
    out = capsys.readouterr().out
    assert "Learner: Ada Example (NAT-1) · Diploma" in out
    assert "\nDemo deck\n" in out
    for label in ("Cards", "Due", "Reviews", "Study time", "Retention", "Marked", "Mastery"):
        assert f"\n  {label:<11}" in out
    assert "3: 3 new · 0 learning · 0 review" in out
    assert "Muscles" in out and "not studied (3 cards)" in out


def test_stats_shows_deck_text_as_data(run, capsys):
    assert run("stats", deck=HOSTILE) == 0
    out = capsys.readouterr().out
    assert "[bold]Deck[/] ␛]0;x␇" in out
    assert "\x1b" not in out


def test_stats_json_keeps_the_design_fields_and_adds_the_statistics(run, capsys):
    assert run("stats", "--json") == 0
    summary = json.loads(capsys.readouterr().out)
    for field in ("reviews_total", "decks", "reviews_by_day", "true_retention", "study_seconds"):
        assert field in summary
    for field in ("topics", "forecast", "learner"):
        assert field in summary
    demo = next(deck for deck in summary["decks"] if deck["id"] == "demo")
    for field in ("id", "title", "cards", "new", "learning", "review", "due", "reviews"):
        assert field in demo
    assert summary["learner"] == {
        "name": "Ada Example",
        "id": "NAT-1",
        "email": None,
        "course": "Diploma",
    }
    assert len(summary["forecast"]) == 30


def test_stats_refuses_a_broken_config_with_its_line(run, tmp_path, capsys):
    (tmp_path / "config.toml").write_text("[learner]\nname = 1\n", encoding="utf-8")
    assert run("stats") == 1
    err = capsys.readouterr().err
    assert "config.toml:2:" in err and "[learner]" in err and "must be a string" in err


def test_the_readable_summary_has_a_block_per_exam():
    from quizkit.report.summary_text import exam_block

    exam = {
        "title": "Cert [b]exam[/b]\x1b",
        "attempts": 1,
        "attempts_left": 2,
        "best_score": 0.85,
        "grade": 0.85,
        "passed": True,
        "grading": "highest",
        "pass_mark": 0.8,
        "open_attempt": False,
    }
    assert exam_block(exam) == [
        "Exam: Cert [b]exam[/b]␛",
        "  Attempts   1 certification attempt · 2 left",
        "  Score      best 85% · grade 85% (highest) · pass mark 80% · passed",
    ]
