"""Answer matching, driven by the table of examples in docs/deck-format.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizkit.deck.answers import allowed_typos, answer_key, match_answer

DOC = Path(__file__).resolve().parents[2] / "docs" / "deck-format.md"
_CODE = re.compile(r"`([^`]*)`")


def documented_examples() -> list[tuple[str, tuple[str, ...], bool, str]]:
    """(given, accepted answers, typo tolerance, verdict) of every row of the doc's table."""
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- answer-matching-examples: start -->")[1]
    table = table.split("<!-- answer-matching-examples: end -->")[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    examples = []
    for row in rows:
        given, accepted, tolerance, verdict = (cell.strip() for cell in row.strip("|").split("|"))
        examples.append(
            (
                _CODE.fullmatch(given).group(1),
                tuple(_CODE.findall(accepted)),
                {"on": True, "off": False}[tolerance],
                verdict,
            )
        )
    return examples


EXAMPLES = documented_examples()


def test_the_doc_has_examples_of_every_verdict_and_rule():
    assert len(EXAMPLES) >= 25
    assert {verdict for *_, verdict in EXAMPLES} == {"right", "almost", "wrong"}


@pytest.mark.parametrize(("given", "accepted", "tolerance", "verdict"), EXAMPLES)
def test_documented_example(given, accepted, tolerance, verdict):
    assert match_answer(given, accepted, typo_tolerance=tolerance).verdict == verdict


def test_expected_is_the_accepted_answer_nearest_to_what_was_given_as_written():
    accepted = ("one-legged standing", "on one leg")
    assert match_answer("on one leg", accepted, typo_tolerance=True).expected == "on one leg"
    assert match_answer("on one lag", accepted, typo_tolerance=True).expected == "on one leg"
    assert match_answer("one leged standing", accepted, typo_tolerance=False).expected == (
        "one-legged standing"
    )
    assert match_answer("", accepted, typo_tolerance=True).expected == "one-legged standing"


def test_an_almost_names_the_answer_it_was_nearly():
    match = match_answer("gluteus maxmus", ("minimus", "gluteus maximus"), typo_tolerance=True)
    assert (match.verdict, match.expected) == ("almost", "gluteus maximus")


@pytest.mark.parametrize(
    ("accepted", "edits"),
    [("hip", 0), ("knee", 0), ("femur", 1), ("minimus", 1), ("abductor", 1), ("piriformis", 2)],
)
def test_edits_allowed_grow_with_the_answers_length(accepted, edits):
    assert allowed_typos(answer_key(accepted)) == edits


@pytest.mark.parametrize("accepted", ["L5", "2 weeks", "90 degrees", "1st"])
def test_no_spelling_tolerance_for_answers_with_a_number(accepted):
    assert allowed_typos(answer_key(accepted)) == 0


def test_an_almost_names_the_nearest_of_several_forgiven_answers():
    accepted = ("gluteus minimus", "gluteus minimum")  # two and one edits away
    match = match_answer("glutes minimum", accepted, typo_tolerance=True)
    assert (match.verdict, match.expected) == ("almost", "gluteus minimum")
