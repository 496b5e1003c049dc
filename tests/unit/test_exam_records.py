"""Exam records seen from the command line: stats --json, doctor, and `quizkit exam`'s refusals."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from quizkit.cli.main import main
from quizkit.exam.attempts import ExamRoom
from quizkit.exam.model import Response
from quizkit.progress.doctor import examine

EXAM_DECK = Path(__file__).parents[1] / "fixtures" / "exam-deck.toml"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZKIT_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("QUIZKIT_DECKS", raising=False)


def sit(workspace, clock, scores: list[int]) -> ExamRoom:
    """Sit one certification attempt per entry, answering that many questions rightly."""
    room = ExamRoom(workspace.store, workspace.decks, clock)
    exam = workspace.decks[0].exams[0]
    for right in scores:
        attempt = room.start(exam, "certification")
        for index in range(right):
            card = room.card(attempt.deck_id, attempt.questions[index].card_id)
            response = {
                "choice": Response(picked=card.correct),
                "truefalse": Response(value=card.correct == ("true",)),
            }.get(card.kind, Response(text=card.correct[0]))
            room.answer(attempt, index, response)
        room.submit(attempt)
        clock.advance(minutes=30)
    return room


def test_stats_json_lists_each_exam_with_its_attempts_grade_and_what_is_left(
    open_workspace, clock, tmp_path, capsys
):
    workspace = open_workspace(EXAM_DECK)
    sit(workspace, clock, [3, 4])
    data = workspace.store.path
    workspace.close()
    deck_dir = str(EXAM_DECK.parent)
    assert main(["--data", str(data), "--decks", deck_dir, "stats", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert {"reviews_total", "decks"} <= set(summary)  # the fields before exams stay
    (exam,) = [e for e in summary["exams"] if e["id"] == "demo-cert"]
    assert exam == exam | {
        "deck": "exam-demo",
        "title": "Demo certification",
        "attempts": 2,
        "attempts_left": 1,
        "next_attempt_at": None,
        "best_score": 0.8,
        "grade": 0.8,
        "passed": True,
    }
    assert main(["--data", str(data), "--decks", deck_dir, "stats"]) == 0
    readable = capsys.readouterr().out
    assert "Exam: Demo certification" in readable
    assert "2 certification attempts · 1 left" in readable
    assert "grade 80% (highest) · pass mark 80% · passed" in readable


def test_doctor_finds_a_score_that_is_not_the_sum_of_its_marks(open_workspace, clock, capsys):
    workspace = open_workspace(EXAM_DECK)
    sit(workspace, clock, [2])
    assert examine(workspace.store).healthy
    path = workspace.store.path
    workspace.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE exam_attempts SET score = 5")  # someone edits the file by hand
    db.commit()
    db.close()
    assert main(["--data", str(path), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "score 5.0 is not the sum of its marks (2)" in out


def test_doctor_finds_an_answer_given_after_the_attempt_ended(open_workspace, clock, capsys):
    workspace = open_workspace(EXAM_DECK)
    sit(workspace, clock, [1])
    db = sqlite3.connect(workspace.store.path)
    db.execute("UPDATE exam_answers SET answered_at = answered_at + 3600000000000")
    db.commit()
    db.close()
    (problem,) = examine(workspace.store).exam_problems
    assert "given after the attempt ended" in problem


def test_exam_with_an_unknown_id_names_the_exams_and_exits_1(tmp_path, capsys):
    deck_dir = str(EXAM_DECK.parent)
    data = str(tmp_path / "p.sqlite3")
    assert main(["--data", data, "--decks", deck_dir, "exam", "nope"]) == 1
    err = capsys.readouterr().err
    assert "no exam with id 'nope'" in err and "demo-cert" in err and "Traceback" not in err
