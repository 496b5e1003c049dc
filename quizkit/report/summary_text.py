"""``quizkit stats`` for people: one block per deck, in plain text.

Deck, topic and learner text is data: control characters are shown as
visible symbols, never sent to the terminal as escape sequences.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BAR = 12
LABEL = 11
TITLE = 32  # a topic title's room on an 80-column line


def visible(text: str) -> str:
    """Control characters as their Unicode pictures (ESC -> ␛), as the TUI's literal renderer does."""
    return _CONTROL.sub(
        lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20 else "\ufffd", text
    )


def summary_text(summary: dict[str, Any]) -> str:
    """The readable ``quizkit stats``: the learner, then per deck its cards, due, reviews,
    study time, true retention, marks and mastery by topic."""
    lines = [f"Progress file: {visible(summary['data'])}"]
    learner = summary.get("learner") or {}
    if learner.get("name"):
        who = visible(learner["name"])
        if learner.get("id"):
            who += f" ({visible(learner['id'])})"
        if learner.get("course"):
            who += f" · {visible(learner['course'])}"
        lines.append(f"Learner: {who}")
    lines.append(
        f"Reviews: {summary['reviews_total']:,} · study time "
        f"{duration_text(summary['study_seconds']['all'])}"
    )
    topics = summary.get("topics", [])
    for deck in summary["decks"]:
        lines += ["", *deck_block(deck, [t for t in topics if t["deck"] == deck["id"]])]
    for exam in summary.get("exams", []):
        lines += ["", *exam_block(exam)]
    return "\n".join(lines)


def exam_block(exam: dict[str, Any]) -> list[str]:
    """Attempts, best score, grade under the exam's grading method, and whether it is passed."""
    used, left = exam["attempts"], exam.get("attempts_left")
    attempts = f"{used} certification attempt{'' if used == 1 else 's'}"
    attempts += " · unlimited" if left is None else f" · {left} left"
    if exam.get("open_attempt"):
        attempts += " · one open"
    best = "–" if exam["best_score"] is None else f"{exam['best_score']:.0%}"
    grade = "–" if exam["grade"] is None else f"{exam['grade']:.0%}"
    result = "passed" if exam["passed"] else "not passed"
    return [
        f"Exam: {visible(exam['title'])}",
        _row("Attempts", attempts),
        _row(
            "Score",
            f"best {best} · grade {grade} ({exam.get('grading', '')}) · "
            f"pass mark {exam.get('pass_mark', 0):.0%} · {result}",
        ),
    ]


def deck_block(deck: dict[str, Any], topics: list[dict[str, Any]]) -> list[str]:
    seconds, retention = deck["study_seconds"], deck["true_retention"]
    learning = f"{deck['learning']:,} learning"
    if deck["relearning"]:
        learning += f" ({deck['relearning']:,} relearning)"
    rows = [
        visible(deck["title"]),
        _row(
            "Cards",
            f"{deck['cards']:,}: {deck['new']:,} new · {learning} · {deck['review']:,} review",
        ),
        _row("Due", f"today {deck['due_today']:,} · tomorrow {deck['due_tomorrow']:,}"),
        _row(
            "Reviews",
            f"today {deck['reviews_today']:,} · 7 days {deck['reviews_last_7_days']:,} · "
            f"all {deck['reviews']:,}",
        ),
        _row(
            "Study time",
            f"today {duration_text(seconds['today'])} · 7 days "
            f"{duration_text(seconds['last_7_days'])} · all {duration_text(seconds['all'])}",
        ),
        _row(
            "Retention",
            f"7 days {_share(retention['last_7_days'])} · 30 days "
            f"{_share(retention['last_30_days'])} · all {_share(retention['all'])}",
        ),
        _row(
            "Marked",
            f"{deck['suspended']:,} suspended · {deck['flagged']:,} flagged · "
            f"{deck['leeches']:,} {'leech' if deck['leeches'] == 1 else 'leeches'}",
        ),
    ]
    return rows + mastery_rows(topics)


def mastery_rows(topics: list[dict[str, Any]]) -> list[str]:
    if not topics:
        return [_row("Mastery", "this deck has no topics")]
    width = min(TITLE, max(len(visible(t["title"])) for t in topics))
    rows = []
    for index, topic in enumerate(topics):
        title = visible(topic["title"])
        title = (title if len(title) <= width else title[: width - 1] + "…").ljust(width)
        if topic["recall"] is None:
            figure = f"{title} {'·' * BAR}  not studied ({topic['cards']:,} cards)"
        else:
            filled = round(topic["known"] * BAR)
            figure = (
                f"{title} {'█' * filled}{'░' * (BAR - filled)} {topic['known']:4.0%}"
                f" known ({topic['studied']:,}/{topic['cards']:,} seen)"
            )
        rows.append(_row("Mastery" if index == 0 else "", figure))
    return rows


def _row(label: str, text: str) -> str:
    return f"  {label:<{LABEL}}{text}"


def _share(retention: dict[str, Any]) -> str:
    if retention["rate"] is None:
        return "–"
    return f"{retention['rate']:.0%} of {retention['answers']:,}"


def duration_text(seconds: float) -> str:
    """Study time for people: ``0 min``, ``45 min``, ``3 h 05 min``."""
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"
