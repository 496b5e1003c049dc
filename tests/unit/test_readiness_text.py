"""``quizkit exam --readiness``: the text and the JSON, from an outlook."""

from __future__ import annotations

import json
from datetime import date

from quizkit.base.paths import bundled_decks_dir
from quizkit.deck.library import load_library
from quizkit.exam.outlook import Outlook
from quizkit.exam.plan import DatePlan
from quizkit.exam.prediction import readiness_line
from quizkit.exam.readiness import Prediction, TopicScore
from quizkit.report.readiness_text import readiness_payload, readiness_text

NOW = Prediction(
    0.61,
    0.12,
    (TopicScore("functions", 0.9), TopicScore("causes", 0.41)),
    ("causes",),
)
ON_DATE = Prediction(0.8, 0.6, (TopicScore("functions", 0.9), TopicScore("causes", 0.7)), ())
PLAN = DatePlan(date(2026, 12, 15), 16, ("a", "b"), 220, 0)


def bundled():
    deck = load_library([bundled_decks_dir()]).decks[0]
    return deck, deck.exams[0]


def test_the_text_names_the_figures_the_topics_and_the_weakest():
    deck, exam = bundled()
    text = readiness_text(deck, exam, Outlook(NOW, date(2026, 12, 15), ON_DATE, PLAN))
    assert (
        "now: predicted score 61 % · pass probability 12 % (pass mark 80 %, 25 questions)" in text
    )
    assert "on 2026-12-15: predicted score 80 % · pass probability 60 %" in text
    assert "exam in 16 days · 14 reviews a day to be ready" in text
    assert f"weakest: {deck.topic_title('causes')}" in text


def test_the_json_has_the_stats_fields():
    deck, exam = bundled()
    payload = json.loads(
        json.dumps(readiness_payload(deck, exam, Outlook(NOW, date(2026, 12, 15), ON_DATE, PLAN)))
    )
    assert set(payload["readiness"]) == {
        "predicted_score",
        "pass_probability",
        "by_topic",
        "weakest_topics",
    }
    assert payload["readiness"]["by_topic"][1] == {"topic": "causes", "predicted_score": 0.41}
    assert payload["readiness_on_date"]["date"] == "2026-12-15"
    assert payload["plan"]["reviews_per_day"] == 14


def test_home_says_ready_or_not_and_names_the_weakest_topic():
    assert readiness_line(ON_DATE, str.upper).startswith("not ready: predicted 80 % · pass 60 %")
    assert (
        readiness_line(NOW, str.upper) == "not ready: predicted 61 % · pass 12 % · weakest: CAUSES"
    )
    ready = Prediction(0.86, 0.925, (), ())
    assert readiness_line(ready, str.upper) == "ready: predicted 86 % · pass 92 %"


def test_home_lines_for_a_fresh_learner_say_not_ready_and_name_a_weak_topic(open_workspace):
    workspace = open_workspace(bundled_decks_dir())
    deck = workspace.decks[0]
    lines = workspace.readiness_lines(deck)
    line = lines[deck.exams[0].id]
    assert line.startswith("not ready: predicted ")
    assert " · pass 0 % · weakest: " in line
