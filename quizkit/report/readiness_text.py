"""``quizkit exam EXAM --readiness [--json]``: an exam's readiness without the TUI.

Deck text (titles, topics) is data: control characters are shown as visible
symbols, never sent to the terminal.
"""

from __future__ import annotations

import math
import re
from typing import Any

from quizkit.deck.model import Deck, Exam
from quizkit.exam.outlook import Outlook
from quizkit.exam.prediction import readiness_json

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    return _CONTROL.sub(
        lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20 else "\ufffd", text
    )


def readiness_payload(deck: Deck, exam: Exam, outlook: Outlook) -> dict[str, Any]:
    """The JSON of ``--readiness --json``: the same objects as ``stats --json``'s exams."""
    plan = outlook.plan
    return {
        "id": exam.id,
        "deck": deck.id,
        "title": exam.title,
        "pass_mark": exam.pass_mark,
        "questions": exam.questions,
        "exam_date": outlook.exam_date.isoformat() if outlook.exam_date else None,
        "readiness": readiness_json(outlook.now) if outlook.now else None,
        "readiness_on_date": (
            readiness_json(outlook.on_date, outlook.exam_date)
            if outlook.on_date and outlook.exam_date
            else None
        ),
        "plan": (
            {
                "days_left": plan.days_left,
                "reviews_per_day": plan.per_day,
                "cards_below_target": plan.needed,
                "early_reviews": len(plan.weak),
                "unseen": plan.unseen,
                "summary": plan.summary(),
            }
            if plan
            else None
        ),
    }


def readiness_text(deck: Deck, exam: Exam, outlook: Outlook) -> str:
    """Readiness now (and on the exam date), per topic, weakest topics named."""
    lines = [f"{_visible(exam.title)} ({_visible(exam.id)}): readiness"]
    if outlook.now is None:
        lines.append("  the deck no longer has enough facts for this exam's blueprint")
        return "\n".join(lines)
    lines.append(
        f"  now: predicted score {_pct(outlook.now.predicted_score)} · "
        f"pass probability {_pct(outlook.now.pass_probability)} "
        f"(pass mark {_pct(exam.pass_mark)}, {exam.questions} questions)"
    )
    if outlook.on_date and outlook.exam_date:
        lines.append(
            f"  on {outlook.exam_date.isoformat()}: predicted score "
            f"{_pct(outlook.on_date.predicted_score)} · pass probability "
            f"{_pct(outlook.on_date.pass_probability)}"
        )
    if outlook.plan:
        lines.append(f"  {outlook.plan.summary()}")
    elif outlook.exam_date:
        lines.append(f"  exam date {outlook.exam_date.isoformat()} (today or past)")
    lines.append("  by topic (predicted score now):")
    width = max((len(deck.topic_title(t.topic)) for t in outlook.now.by_topic), default=0)
    width = min(width, 40)
    for topic in outlook.now.by_topic:
        title = _visible(deck.topic_title(topic.topic))[:40]
        lines.append(f"    {title:<{width}}  {_pct(topic.predicted_score):>5}")
    if outlook.now.weakest_topics:
        weakest = ", ".join(_visible(deck.topic_title(t)) for t in outlook.now.weakest_topics)
        lines.append(f"  weakest: {weakest}")
    return "\n".join(lines)


def _pct(value: float) -> str:
    return f"{math.floor(value * 100)} %"
