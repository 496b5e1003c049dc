"""The bundled course deck: clean, complete in its types, fair in its marking, and an exam
that draws as designed.

Run as a script to refresh the fingerprint of the source article the copy check uses:
``python -m tests.unit.test_bundled_deck path/to/article.txt``.
"""

import hashlib
import random
import re
import subprocess
import sys
import tomllib
import unicodedata
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import get_args

import pytest

from quizkit.base.paths import bundled_decks_dir
from quizkit.cli.main import main
from quizkit.deck.loader import load_deck
from quizkit.deck.model import CardKind
from quizkit.exam.draw import draw_questions
from quizkit.study.grading import grade_typed

DECK_FILE = bundled_decks_dir() / "gluteus-medius.toml"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# The article is not redistributed: the copy check reads a hash of each run of
# COPY_RUN words in it, written by this module's __main__ block.
SOURCE_FINGERPRINT = FIXTURES / "gluteus-medius-source-runs.txt"
EDITION_2026_1_IDS = FIXTURES / "gluteus-medius-2026.1-card-ids.txt"
COPY_RUN = 8


@pytest.fixture(scope="module")
def deck():
    return load_deck(DECK_FILE).deck


def test_lint_of_the_bundled_decks_is_clean_without_warnings(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path))
    assert main(["lint", str(bundled_decks_dir())]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "0 errors, 0 warnings" in err


def test_this_is_edition_2026_2(deck):
    assert deck.version == "2026.2"


def test_every_card_type_and_topic_is_used_with_ids_and_explanations(deck):
    kinds = Counter(c.kind for c in deck.cards)
    assert set(kinds) == set(get_args(CardKind))
    assert any(c.multiple for c in deck.cards) and any(
        c.kind == "choice" and not c.multiple for c in deck.cards
    )
    notes = {c.note_id for c in deck.cards}
    assert len(notes) >= 60
    assert not any(c.id_generated for c in deck.cards)
    assert all(c.topic and c.explain for c in deck.cards)
    assert {c.topic for c in deck.cards} == {t.id for t in deck.topics}


def test_every_card_id_of_edition_2026_1_is_still_there(deck):
    """Learners' progress is keyed by card id: an edition may edit a card, never drop its id."""
    old = [
        line
        for line in EDITION_2026_1_IDS.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(old) == 128
    assert set(old) - {c.id for c in deck.cards} == set()


# ---------------------------------------------------------------------------
# The exam
# ---------------------------------------------------------------------------


def test_the_certification_exam_is_configured_as_the_course_requires(deck):
    (exam,) = deck.exams
    assert (exam.questions, exam.pass_mark, exam.attempts, exam.grading) == (25, 0.8, 3, "highest")
    assert exam.time_limit.total_seconds() == 20 * 60
    assert {d.topic for d in exam.draws} == {t.id for t in deck.topics}
    assert sum(d.count for d in exam.draws) == exam.questions


def test_each_topic_has_at_least_twice_as_many_facts_as_it_draws(deck):
    """Counted in facts (a group, or a note without one): what an exam can actually draw."""
    (exam,) = deck.exams
    facts = Counter(topic for topic, _ in {(c.topic, c.fact_key) for c in deck.cards if c.gradable})
    for draw in exam.draws:
        assert facts[draw.topic] >= 2 * draw.count, draw.topic


def test_no_group_spans_two_topics(deck):
    """A group drawn in one topic must not empty another topic's pool."""
    topics: dict[str, set[str]] = {}
    for card in deck.cards:
        if card.group:
            topics.setdefault(card.group, set()).add(card.topic)
    assert {g: t for g, t in topics.items() if len(t) > 1} == {}


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


def test_a_thousand_exam_draws_never_ask_two_variants_of_one_fact(deck):
    (exam,) = deck.exams
    grouped = {c.group for c in deck.cards if c.group and c.gradable}
    assert len(grouped) >= 20  # the deck does use groups: this test has something to catch
    for seed in range(1000):
        questions = draw_questions(deck, exam, random.Random(seed))
        keys = Counter(q.fact_key for q in questions)
        assert [k for k, n in keys.items() if n > 1] == [], seed


# ---------------------------------------------------------------------------
# Fair marking of typed and cloze answers (issue 12). Exams mark with the same
# function as study, grade_typed, so these hold for both.
# ---------------------------------------------------------------------------

# Every alternative the review listed, and for the cards it named without
# examples, one fair answer each.
FAIR_ANSWERS = [
    ("gmed-fn-one-legged-typed", "on one leg"),
    ("gmed-fn-one-legged-typed", "one-leg stance"),
    ("gmed-fn-stride-weight-typed", "full weight"),
    ("gmed-fn-stride-weight-typed", "whole weight"),
    ("gmed-fn-stride-weight-typed", "entire body weight"),
    ("gmed-ly-covered-by-typed", "gluteus max"),
    ("gmed-ly-beneath-typed", "gluteus min"),
    ("gmed-tp-lying-typed", "lying on back"),
    ("gmed-tp-lying-typed", "supine"),
    ("gmed-tp-attachments-typed", "tendon attachments"),
    ("gmed-tp-attachments-typed", "attachments"),
    ("gmed-mc-trochanter-typed", "trochanteric pain"),
    ("gmed-mc-abductor-typed", "hip abductor pain"),
    ("gmed-ca-child-hip-typed", "the hip"),
    ("gmed-ca-child-hip-typed", "on the hip"),
    ("gmed-ca-surgery-typed", "surgeries"),
    ("gmed-ca-surgery-typed", "operations"),
    ("gmed-ca-hypermobile-typed", "hypermobility"),
    ("gmed-cl-si-typed", "sacro-iliac"),
    ("gmed-cl-si-typed", "SI joint"),
    ("gmed-cl-knee-typed", "the knees"),
    ("gmed-cl-perpetuating-typed", "perpetuating factor"),
    ("gmed-cl-perpetuating-typed", "a major perpetuating factor"),
    ("gmed-cl-lbp-cloze/c1", "lower back"),
    ("gmed-cl-lbp-cloze/c2", "perpetuating"),
    ("gmed-ca-exercise-cloze/c1", "machines"),
    ("gmed-ca-exercise-cloze/c2", "resistance bands"),
    ("gmed-ca-pregnancy-reason-cloze/c1", "lower back"),
    ("gmed-ca-pregnancy-reason-cloze/c2", "unequally"),
    ("gmed-tp-anywhere-cloze/c1", "attachments"),
    ("gmed-tp-anywhere-cloze/c2", "elsewhere"),
    ("gmed-tp-anywhere-cloze/c2", "at any point"),
    ("gmed-ly-covered-cloze/c1", "maximus"),
    ("gmed-fn-propels-cloze/c1", "gluteus maximus"),
    ("gmed-fn-propels-cloze/c2", "walk"),
    ("gmed-ca-sand-cloze/c1", "sand"),
    ("gmed-ca-feet-cloze/c1", "Mortons foot"),
    ("gmed-ca-feet-cloze/c2", "flat foot"),
    ("gmed-ca-injection-cloze/c1", "irritants"),
    ("gmed-ca-cast-cane-cloze/c1", "walking stick"),
    ("gmed-mc-si-back-cloze/c1", "SI"),
    ("gmed-mc-si-back-cloze/c2", "failed back surgery"),
    ("gmed-tp-both-sides-cloze/c1", "both"),
    ("gmed-tp-both-sides-cloze/c2", "sleeping"),
    ("gmed-ly-fascia-cloze/c2", "back"),
]

# Answers that are wrong, some of them a spelling distance away from a right
# one: the swapped muscle, the opposite word. They must never score.
WRONG_ANSWERS = [
    ("gmed-ly-covered-by-typed", "gluteus minimus"),
    ("gmed-ly-covered-cloze/c1", "gluteus minimus"),
    ("gmed-fn-propels-cloze/c1", "gluteus minimus"),
    ("gmed-ly-beneath-typed", "gluteus maximus"),
    ("gmed-ly-fascia-cloze/c1", "gluteus maximus"),
    ("gmed-ly-fascia-cloze/c2", "anterior"),
    ("gmed-mc-abductor-typed", "hip adductor pain syndrome"),
    ("gmed-ca-hypermobile-typed", "hypomobile"),
    ("gmed-fn-stride-weight-typed", "half of the weight"),
    ("gmed-ca-pregnancy-reason-cloze/c2", "equally"),
    ("gmed-ca-pregnancy-reason-cloze/c2", "evenly"),
    ("gmed-ca-pregnancy-reason-cloze/c2", "symmetrically"),
    ("gmed-cl-knee-typed", "hip"),
    ("gmed-tp-lying-typed", "on the side"),
    ("gmed-tp-both-sides-cloze/c1", "one side"),
    ("gmed-ca-wallet-typed", "phone"),
]


def _card(deck, card_id):
    (card,) = [c for c in deck.cards if c.id == card_id]
    assert card.kind in ("typed", "cloze")
    return card


@pytest.mark.parametrize(("card_id", "answer"), FAIR_ANSWERS)
def test_a_fair_answer_is_marked_right(deck, card_id, answer):
    verdict = grade_typed(_card(deck, card_id), answer)
    assert verdict.correct and not verdict.almost


@pytest.mark.parametrize(("card_id", "answer"), WRONG_ANSWERS)
def test_a_wrong_answer_is_marked_wrong_even_when_spelt_close_to_a_right_one(deck, card_id, answer):
    assert grade_typed(_card(deck, card_id), answer).score == 0.0


def test_no_answer_written_in_the_deck_passes_for_another_as_a_typo(deck):
    """A term the deck uses elsewhere is a different answer, not a misspelling of this one."""
    terms = {t for c in deck.cards if c.kind in ("typed", "cloze") for t in c.correct}
    terms |= {t for c in deck.cards if c.kind == "choice" for t in c.choices}
    # Accepted as near misses on purpose: a learner typing these means the answer.
    harmless = {("gmed-fn-one-legged-typed", "one foot")}
    for card in deck.cards:
        if card.kind not in ("typed", "cloze"):
            continue
        for term in terms:
            if grade_typed(card, term).almost and (card.id, term) not in harmless:
                pytest.fail(f"{card.id}: {term!r} passes as a typo of {card.correct!r}")


# ---------------------------------------------------------------------------
# Choice cards test knowledge, not position (issue 11)
# ---------------------------------------------------------------------------


def test_multi_answer_cards_have_at_least_two_wrong_options(deck):
    for card in deck.cards:
        if card.multiple:
            assert len(set(card.choices) - set(card.correct)) >= 2, card.id


def test_right_answers_are_spread_over_the_positions(deck):
    singles = [c for c in deck.cards if c.kind == "choice" and not c.multiple]
    places = Counter(c.choices.index(c.correct[0]) for c in singles)
    assert max(places.values()) <= 0.45 * len(singles), places
    for card in deck.cards:
        if card.multiple:
            first = card.choices[: len(card.correct)]
            assert set(first) != set(card.correct), f"{card.id} lists its right answers first"


def test_two_variants_of_one_fact_are_never_next_to_each_other(deck):
    """New cards come in file order: the next note must not ask what the last one did."""
    for before, after in pairwise(deck.cards):
        if before.note_id != after.note_id:
            assert before.group is None or before.group != after.group, (before.id, after.id)


# ---------------------------------------------------------------------------
# Own words: no run of COPY_RUN words from the source article
# ---------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lower-case words without accents or apostrophes; cloze markup becomes its answer."""
    text = re.sub(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}", r"\1", text)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9]+", re.sub(r"['\u2019\u2018]", "", text))


def runs(text: str) -> set[str]:
    """A short hash of every run of COPY_RUN consecutive words of ``text``."""
    w = words(text)
    return {
        hashlib.sha256(" ".join(w[i : i + COPY_RUN]).encode()).hexdigest()[:16]
        for i in range(len(w) - COPY_RUN + 1)
    }


def deck_texts(value, path=()):
    """Every string in the deck file, with where it is."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from deck_texts(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from deck_texts(item, path + (index,))


def test_the_copy_check_catches_a_sentence_of_the_article():
    source = set(SOURCE_FINGERPRINT.read_text(encoding="utf-8").split())
    copied = "It allows us to walk by keeping the pelvis even and balanced."
    assert runs(copied) & source
    assert not runs("The Gmed keeps the pelvis balanced and even while we walk.") & source


def test_no_text_of_the_deck_copies_eight_words_of_the_article():
    source = set(SOURCE_FINGERPRINT.read_text(encoding="utf-8").split())
    with DECK_FILE.open("rb") as file:
        document = tomllib.load(file)
    copied = [path for path, text in deck_texts(document) if runs(text) & source]
    assert copied == []


def write_fingerprint(article: Path) -> None:
    SOURCE_FINGERPRINT.write_text(
        "\n".join(sorted(runs(article.read_text(encoding="utf-8")))) + "\n", encoding="utf-8"
    )


# ---------------------------------------------------------------------------
# Packaging
# ---------------------------------------------------------------------------


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


if __name__ == "__main__":
    write_fingerprint(Path(sys.argv[1]))
