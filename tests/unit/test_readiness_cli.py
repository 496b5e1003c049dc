"""quizkit exam --readiness / --date, stats --json readiness, and the plan only with a date."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from quizkit.base.paths import bundled_decks_dir
from quizkit.cli.main import main
from quizkit.exam.planned_session import PlannedSession
from quizkit.study.session import StudySession

EXAM = "gmed-certification"
FIELDS = {"predicted_score", "pass_probability", "by_topic", "weakest_topics"}


def run(data, *args) -> int:
    return main(["--data", str(data), "exam", *args])


def test_readiness_prints_the_prediction_without_the_tui(tmp_path, capsys):
    assert run(tmp_path / "p.sqlite3", EXAM, "--readiness") == 0
    out = capsys.readouterr().out
    assert "now: predicted score" in out and "pass probability 0 %" in out
    assert "weakest: " in out


def test_readiness_json_has_the_stats_fields_and_a_fresh_learner_cannot_pass(tmp_path, capsys):
    assert run(tmp_path / "p.sqlite3", EXAM, "--readiness", "--json") == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload["readiness"]) == FIELDS
    assert payload["readiness"]["pass_probability"] < 1e-6
    assert payload["readiness_on_date"] is None and payload["exam_date"] is None


def test_the_exam_date_is_kept_shown_in_stats_and_cleared(tmp_path, capsys):
    data = tmp_path / "p.sqlite3"
    day = (date.today() + timedelta(days=20)).isoformat()
    assert run(data, EXAM, "--date", day) == 0
    assert main(["--data", str(data), "stats", "--json"]) == 0
    exam = json.loads(capsys.readouterr().out)["exams"][0]
    assert set(exam["readiness"]) == FIELDS
    assert exam["exam_date"] == day
    assert set(exam["readiness_on_date"]) == FIELDS | {"date"}
    assert exam["readiness_on_date"]["date"] == day
    assert exam["exam_plan"].startswith(("exam in 20 days · ", "exam in 21 days · "))  # rollover
    assert run(data, EXAM, "--date", "none") == 0
    assert main(["--data", str(data), "stats", "--json"]) == 0
    exam = json.loads(capsys.readouterr().out)["exams"][0]
    assert exam["exam_date"] is None and "readiness_on_date" not in exam


@pytest.mark.parametrize("bad", ["15/12/2026", "2026-13-01", "tomorrow"])
def test_a_date_that_is_not_one_is_refused_with_exit_1(tmp_path, capsys, bad):
    assert run(tmp_path / "p.sqlite3", EXAM, "--date", bad) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_json_without_readiness_is_a_usage_error(tmp_path, capsys):
    assert run(tmp_path / "p.sqlite3", EXAM, "--json") == 2


def test_the_study_queue_plans_only_when_an_exam_date_is_set(open_workspace, clock):
    workspace = open_workspace(bundled_decks_dir())
    assert type(workspace.session()) is StudySession
    workspace.store.set_exam_date(EXAM, (clock.now() + timedelta(days=10)).date())
    assert isinstance(workspace.session(), PlannedSession)
    workspace.store.set_exam_date(EXAM, (clock.now() - timedelta(days=1)).date())
    session = workspace.session()
    assert isinstance(session, PlannedSession)
    assert session.plan(workspace.decks[0]) is None  # a past date plans nothing
    workspace.store.set_exam_date(EXAM, None)
    assert type(workspace.session()) is StudySession
