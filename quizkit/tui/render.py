"""Turning cards and results into Rich ``Text``: always literal, never markup."""

from __future__ import annotations

import difflib
from datetime import timedelta

from rich.text import Text

from quizkit.base.durations import format_interval
from quizkit.deck.answers import cloze_deletions
from quizkit.deck.model import Card
from quizkit.study.grading import Verdict
from quizkit.study.scheduler import Rating
from quizkit.study.session import SessionSummary, Shown
from quizkit.tui.literal import literal, visible

GAP_STYLE = "bold reverse"
FILLED_STYLE = "bold underline"


def cloze_text(card: Card, revealed: bool) -> Text:
    """The cloze with its deletion hidden as ``[...]`` / ``[hint]``, or filled in and highlighted."""
    assert card.cloze_text is not None
    source = card.cloze_text
    text = Text()
    position = 0
    for deletion in cloze_deletions(source):
        text.append(visible(source[position : deletion.start]))
        if deletion.ordinal != card.cloze_ordinal:
            text.append(visible(deletion.answer))
        elif revealed:
            text.append(visible(deletion.answer), style=FILLED_STYLE)
        else:
            text.append(
                f"[{visible(deletion.hint)}]" if deletion.hint else "[...]", style=GAP_STYLE
            )
        position = deletion.end
    text.append(visible(source[position:]))
    return text


def typed_comparison(given: str, card: Card) -> Text:
    """What was typed against the nearest accepted answer, the differing letters marked."""
    expected = max(card.correct, key=lambda a: _similarity(given, a))
    matcher = difflib.SequenceMatcher(None, given.casefold(), expected.casefold(), autojunk=False)
    mine, theirs = Text(), Text()
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        mine.append(visible(given[a1:a2]), style="" if op == "equal" else "bold red strike")
        theirs.append(
            visible(expected[b1:b2]), style="" if op == "equal" else "bold green underline"
        )
    text = Text.assemble(
        ("You typed  ", "dim"),
        mine or Text("(nothing)", style="dim"),
        "\n",
        ("Expected   ", "dim"),
        theirs,
    )
    if expected != card.answer:
        text.append_text(Text.assemble("\n", ("Answer     ", "dim"), literal(card.answer, "bold")))
    return text


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio()


def verdict_line(verdict: Verdict) -> Text:
    if verdict.correct:
        return Text("✓ Correct", style="bold green")
    if verdict.score > 0:
        return Text(f"◐ Partly right ({verdict.score:.0%})", style="bold yellow")
    return Text("✗ Not quite", style="bold red")


def ratings_bar(shown: Shown, suggested: Rating | None) -> Text:
    text = Text(justify="center")
    for rating in Rating:
        if rating > 1:
            text.append("  ")
        style = "bold reverse green" if rating == suggested else "bold reverse"
        text.append(f" {int(rating)} ", style=style)
        text.append(f" {rating.label} ")
        text.append(shown.interval(rating), style="bold")
    if suggested is not None:
        text.append("   Enter ", style="dim")
        text.append(suggested.label, style="dim bold")
    return text


def summary_text(summary: SessionSummary, next_due_in: float | None) -> Text:
    text = Text()
    if summary.cards:
        text.append("Session finished\n\n", style="bold")
        minutes, seconds = divmod(round(summary.seconds), 60)
        text.append(f"Cards studied   {summary.cards}\n")
        text.append(f"Answers         {summary.answers}\n")
        text.append(f"Time            {minutes}m {seconds:02d}s\n")
        if summary.remembered is not None:
            text.append(f"Remembered      {summary.remembered:.0%} of answers\n")
        text.append("\n")
    text.append("Nothing more to study today.", style="bold")
    if next_due_in is not None:
        when = "now" if next_due_in <= 0 else f"in {format_interval_seconds(next_due_in)}"
        text.append(f"\nThe next card is due {when}.")
    return text


def format_interval_seconds(seconds: float) -> str:
    return format_interval(timedelta(seconds=seconds))


def prompt_text(card: Card, revealed: bool) -> Text:
    if card.kind == "cloze":
        return cloze_text(card, revealed)
    return literal(card.prompt)
