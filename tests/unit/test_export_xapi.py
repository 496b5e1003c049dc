"""`quizkit export --format xapi`: statements that keep xAPI 1.0.3's rules, with stable ids."""

from __future__ import annotations

import json

import pytest

from quizkit.report.xapi import duration
from tests.unit.test_export_formats import export  # noqa: F401  (the fixture)
from tests.xapi_rules import DURATION, check_statement

VERBS = "http://adlnet.gov/expapi/verbs/"


def _statements(export, capsys) -> list[dict]:  # noqa: F811
    assert export("--format", "xapi") == 0
    return json.loads(capsys.readouterr().out)


def test_every_statement_keeps_the_specifications_rules(export, capsys):  # noqa: F811
    statements = _statements(export, capsys)
    assert statements
    for statement in statements:
        check_statement(statement)


def test_each_attempt_says_attempted_answered_a_verdict_and_completed(export, capsys):  # noqa: F811
    verbs = [s["verb"]["id"].removeprefix(VERBS) for s in _statements(export, capsys)]
    attempt = ["attempted"] + ["answered"] * 5
    assert verbs == attempt + ["passed", "completed"] + attempt + ["passed", "completed"] + [
        "attempted",
        "answered",  # the abandoned practice attempt: one answer, no result
    ]


def test_results_carry_scaled_raw_min_max_success_completion_and_duration(export, capsys):  # noqa: F811
    statements = _statements(export, capsys)
    passed = next(s for s in statements if s["verb"]["id"] == VERBS + "passed")
    assert passed["result"] == {
        "score": {"scaled": 0.8, "raw": 4.0, "min": 0, "max": 5.0},
        "success": True,
        "completion": True,
        "duration": "PT2M30S",
    }
    answered = [s for s in statements if s["verb"]["id"] == VERBS + "answered"]
    assert {s["result"]["score"]["raw"] for s in answered} <= {0.0, 0.5, 1.0}
    assert all(
        s["context"]["contextActivities"]["parent"][0]["id"] == passed["object"]["id"]
        for s in answered
    )


def test_one_registration_per_learner_and_course(export, tmp_path, capsys):  # noqa: F811
    registrations = {s["context"]["registration"] for s in _statements(export, capsys)}
    assert len(registrations) == 1
    (tmp_path / "config.toml").write_text(
        '[learner]\nname = "Ada Example"\nid = "NAT-1"\ncourse = "Another course"\n',
        encoding="utf-8",
    )
    again = {s["context"]["registration"] for s in _statements(export, capsys)}
    assert again.isdisjoint(registrations)


def test_statement_ids_are_stable_and_unique(export, capsys):  # noqa: F811
    first = [s["id"] for s in _statements(export, capsys)]
    second = [s["id"] for s in _statements(export, capsys)]
    assert first == second
    assert len(set(first)) == len(first)


def test_a_learner_with_an_email_is_known_by_mbox(export, tmp_path, capsys):  # noqa: F811
    (tmp_path / "config.toml").write_text(
        '[learner]\nname = "Ada"\nemail = "ada@example.org"\n', encoding="utf-8"
    )
    actor = _statements(export, capsys)[0]["actor"]
    assert actor == {"objectType": "Agent", "name": "Ada", "mbox": "mailto:ada@example.org"}


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "PT0S"),
        (150, "PT2M30S"),
        (3723.456, "PT1H2M3.46S"),
        (59.999, "PT1M0S"),
        (7200, "PT2H0S"),
    ],
)
def test_durations_are_iso_8601(seconds, text):
    assert duration(seconds) == text
    assert DURATION.match(text)
