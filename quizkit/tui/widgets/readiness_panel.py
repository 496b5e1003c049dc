"""The exam start screen's readiness: the prediction now (and on the exam date), the date's
plan, and the per-topic table, weakest topics marked."""

from __future__ import annotations

import math

from rich.console import Group
from rich.table import Table
from rich.text import Text

from quizkit.deck.model import Deck
from quizkit.exam.outlook import Outlook
from quizkit.tui.literal import literal


def _pct(value: float) -> str:
    # floor: a 99.6 % chance never shows as a certain 100 %
    return f"{math.floor(value * 100):>3} %"


def readiness_panel(deck: Deck, outlook: Outlook | None) -> Group | Text:
    """What the start screen shows under the exam's facts; None: still computing."""
    if outlook is None:
        return Text("Readiness: computing…\n", style="dim")
    now = outlook.now
    if now is None:
        return Text(
            "Readiness: the deck no longer has enough facts for this exam.\n", style="yellow"
        )
    head = Text.assemble(
        ("Readiness  ", "bold"), "now: ", _figures(now.predicted_score, now.pass_probability)
    )
    if outlook.on_date is not None and outlook.exam_date is not None:
        head.append(f"\n           on {outlook.exam_date.isoformat()}: ")
        head.append_text(
            _figures(outlook.on_date.predicted_score, outlook.on_date.pass_probability)
        )
    if outlook.plan is not None:
        head.append(f"\n           {outlook.plan.summary()}", style="bold")
    elif outlook.exam_date is None:
        head.append("\n           no exam date: d sets one, and study plans for it", style="dim")
    table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
    table.add_column("Topic", style="", no_wrap=True, ratio=1)
    table.add_column("Now", justify="right", width=6)
    on_date = outlook.on_date
    if on_date is not None:
        table.add_column("On the day", justify="right", width=10)
    dated = {t.topic: t.predicted_score for t in on_date.by_topic} if on_date else {}
    weakest = set(now.weakest_topics)
    for topic in now.by_topic:
        title = literal(deck.topic_title(topic.topic))
        title.truncate(48, overflow="ellipsis")
        style = "yellow" if topic.topic in weakest else ""
        cells = [title, Text(_pct(topic.predicted_score), style=style)]
        if on_date is not None:
            cells.append(Text(_pct(dated.get(topic.topic, 0.0))))
        if topic.topic in weakest:
            title.stylize("yellow")
        table.add_row(*cells)
    return Group(head, table, Text(""))


def _figures(score: float, passing: float) -> Text:
    return Text.assemble(
        "predicted ", (_pct(score).strip(), "bold"), " · pass ", (_pct(passing).strip(), "bold")
    )
