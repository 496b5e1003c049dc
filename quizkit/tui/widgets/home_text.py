"""The text of home's panels: the selected deck's card total, description and exams, and its mastery.

Every string from the deck goes through ``literal``; every line is cut to the
width it is given, with an ellipsis, so nothing wraps into the next column.
"""

from __future__ import annotations

import textwrap

from rich.text import Text

from quizkit.deck.model import Deck
from quizkit.study.mastery import DeckMastery, Mastery
from quizkit.tui.literal import literal, visible

BAR_WIDTH = 10
NO_TOPIC = "Cards without a topic"


def fit(text: str, width: int, style: str = "") -> Text:
    """``text`` shown literally on one line of at most ``width`` cells, ellipsised (…) if longer."""
    shown = literal(" ".join(text.split()), style)
    shown.truncate(max(1, width), overflow="ellipsis")
    return shown


def percent(value: float) -> str:
    """A share as ``92 %``, rounded down: mastery must never read higher than it is."""
    return f"{int(value * 100 + 1e-9):>3} %"


def deck_info_text(
    deck: Deck,
    width: int,
    description_lines: int = 2,
    exam_states: dict[str, str] | None = None,
    readiness: dict[str, str] | None = None,
) -> Text:
    """The card total and description (at most ``description_lines`` lines), then one line per
    exam with its state (``exam_states``: exam id -> "best 76 %", "passed (80 %)", ...), and
    under it its readiness (``ready: predicted 86 % · pass 92 %``, and the exam date's plan)."""
    cards = len(deck.cards)
    head = f"{cards} card{'s' if cards != 1 else ''}"
    text = Text(head, style="bold")
    if deck.description:
        lines = textwrap.wrap(
            f"{head} · {visible(' '.join(deck.description.split()))}",
            width=max(10, width),
        )
        shown = lines[:description_lines]
        if len(lines) > description_lines:
            shown[-1] = shown[-1][: max(0, width - 1)].rstrip() + "…"
        text.append_text(literal("\n".join(shown)[len(head) :]))
    for exam in deck.exams[:3]:
        text.append("\nExam  ", style="dim")
        state = (exam_states or {}).get(exam.id)
        suffix = f"  {state}" if state else ""
        text.append_text(fit(exam.title, width - 6 - len(suffix)))
        text.append(suffix, style="italic")
        # A placeholder until the worker has computed it: the panel keeps its height, so
        # what is below it does not jump when the figures arrive.
        lines = (readiness or {}).get(exam.id, "readiness: computing…")
        for line in lines.split("\n"):
            # the readiness line, then the exam date's plan when there is one
            if line.startswith("ready:"):
                style = "green"
            elif line.startswith("not ready:"):
                style = "yellow"
            else:
                style = "dim" if line.startswith("readiness") else "bold"
            text.append("\n      ")
            text.append_text(fit(line, width - 6, style))
    if len(deck.exams) > 3:
        text.append(f"\n      and {len(deck.exams) - 3} more exams", style="dim")
    return text


def mastery_text(deck: Deck, mastery: DeckMastery, width: int) -> Text:
    """The deck's overall figure, then per topic a bar of what is known, cards seen and recall."""
    overall = mastery.overall
    text = Text.assemble(
        ("Mastery  ", "bold"),
        (percent(overall.known).strip(), "bold"),
        (" known", "dim"),
        "  ",
        _seen_and_recall(overall, 0),
    )
    rows: list[tuple[str, Mastery]] = [
        (topic.title, mastery.topic(topic.id))
        for topic in deck.topics
        if topic.id in mastery.topics
    ]
    if None in mastery.topics:
        rows.append((NO_TOPIC, mastery.topic(None)))
    digits = len(str(max((m.cards for _, m in rows), default=1)))
    # indent, name, bar, seen and recall: only the name column gives way to a narrow screen
    room = width - (2 + 1 + BAR_WIDTH + 2 + 2 * digits + 6 + 15)
    name_width = max(8, min(room, max((len(title) for title, _ in rows), default=8)))
    for title, topic in rows:
        name = fit(title, name_width)
        name.pad_right(name_width - name.cell_len + 1)
        text.append("\n  ")
        text.append_text(name)
        text.append_text(_bar(topic))
        text.append("  ")
        text.append_text(_seen_and_recall(topic, digits))
    return text


def _bar(topic: Mastery) -> Text:
    if not topic.seen:
        return Text("·" * BAR_WIDTH, style="dim")
    filled = int(topic.known * BAR_WIDTH + 1e-9)
    return Text.assemble(("█" * filled, "green"), ("░" * (BAR_WIDTH - filled), "dim"))


def _seen_and_recall(mastery: Mastery, digits: int) -> Text:
    seen = Text(f"{mastery.seen:>{digits}}/{mastery.cards:<{digits}} seen")
    recall = mastery.recall
    if recall is None:
        return seen
    shown = percent(recall) if digits else percent(recall).strip()
    return Text.assemble(
        seen, (" · recall ", "dim"), (shown, "bold red" if recall < 0.7 else "bold")
    )
