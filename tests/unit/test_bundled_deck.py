"""The bundled course deck: clean, complete in its types, and an exam that draws as designed."""

import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from quizkit.base.paths import bundled_decks_dir
from quizkit.cli.main import main
from quizkit.deck.loader import load_deck
from quizkit.deck.model import CARD_KINDS
from quizkit.exam.draw import draw_questions

DECK_FILE = bundled_decks_dir() / "gluteus-medius.toml"


@pytest.fixture(scope="module")
def deck():
    return load_deck(DECK_FILE).deck


def test_lint_of_the_bundled_decks_finds_no_errors(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path))
    assert main(["lint", str(bundled_decks_dir())]) == 0
    assert " 0 errors, " in capsys.readouterr().err


# Lint's format 1.1 warnings (right answers all in option 1, near-copies not
# yet grouped) are what the 2026.2 edition of the deck fixes (issue 12, the
# deck-content work): remove this mark when it lands.
@pytest.mark.xfail(reason="the deck's 2026.2 edition fixes lint's format 1.1 warnings")
def test_lint_of_the_bundled_decks_is_clean_without_warnings(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path))
    assert main(["lint", str(bundled_decks_dir())]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "0 errors, 0 warnings" in err


def test_every_card_type_and_topic_is_used_with_ids_and_explanations(deck):
    kinds = Counter(c.kind for c in deck.cards)
    assert set(kinds) == set(CARD_KINDS)
    assert any(c.multiple for c in deck.cards) and any(
        c.kind == "choice" and not c.multiple for c in deck.cards
    )
    notes = {c.note_id for c in deck.cards}
    assert len(notes) >= 60
    assert not any(c.id_generated for c in deck.cards)
    assert all(c.topic and c.explain for c in deck.cards)
    assert {c.topic for c in deck.cards} == {t.id for t in deck.topics}


def test_the_certification_exam_is_configured_as_the_course_requires(deck):
    (exam,) = deck.exams
    assert (exam.questions, exam.pass_mark, exam.attempts, exam.grading) == (25, 0.8, 3, "highest")
    assert exam.time_limit.total_seconds() == 20 * 60
    assert {d.topic for d in exam.draws} == {t.id for t in deck.topics}
    gradable_notes = Counter(
        topic for topic, _ in {(c.topic, c.note_id) for c in deck.cards if c.gradable}
    )
    for draw in exam.draws:
        assert gradable_notes[draw.topic] >= 2 * draw.count, draw.topic


def test_every_exam_draw_follows_the_blueprint_and_attempts_differ(deck):
    (exam,) = deck.exams
    wanted = {d.topic: d.count for d in exam.draws}
    draws = [draw_questions(deck, exam, random.Random(seed)) for seed in range(20)]
    for questions in draws:
        assert len(questions) == exam.questions
        assert all(q.gradable for q in questions)
        assert len({q.note_id for q in questions}) == len(questions)
        assert Counter(q.topic for q in questions) == wanted
    assert len({frozenset(q.id for q in qs) for qs in draws}) == len(draws)


def test_the_bundled_deck_ships_inside_the_wheel(tmp_path):
    """A plain `pip install .` (not only an editable install) must find the bundled deck."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "pyproject.toml").exists():
        pytest.skip("not running from a source checkout")
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(root)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("quizkit-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import quizkit.base.paths as p, quizkit.deck.loader as l;"
        "d = p.bundled_decks_dir(); print(d); print(len(l.load_deck(d / 'gluteus-medius.toml').deck.cards))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    where, cards = result.stdout.split()
    assert Path(where).is_relative_to(target) and int(cards) >= 60
