"""Turning cards and results into Rich ``Text``: always literal, never markup."""

from __future__ import annotations

import difflib
from datetime import timedelta

from rich.table import Table
from rich.text import Text

from quizkit.base.durations import format_interval
from quizkit.deck.answers import cloze_deletions
from quizkit.deck.model import Card
from quizkit.progress.store import DeckCounts
from quizkit.study.grading import Verdict
from quizkit.study.scheduler import Rating
from quizkit.study.session import SessionSummary, Shown
from quizkit.tui.literal import literal, visible

SELF_GRADED = frozenset({"basic", "reversible", "cloze"})
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


def typed_comparison(verdict: Verdict, card: Card) -> Text:
    """One "Correct answer" line, and what was typed under it with the differences marked."""
    given = verdict.response
    expected = verdict.expected or max(card.correct, key=lambda a: _similarity(given, a))
    matcher = difflib.SequenceMatcher(None, given.casefold(), expected.casefold(), autojunk=False)
    mine, theirs = Text(), Text()
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        mine.append(visible(given[a1:a2]), style="" if op == "equal" else "bold red strike")
        theirs.append(
            visible(expected[b1:b2]), style="bold" if op == "equal" else "bold green underline"
        )
    text = Text.assemble(("Correct answer  ", "dim"), theirs)
    if expected != card.answer:
        # The card's own answer, so the accepted variant is not read as a second answer.
        text.append_text(Text.assemble(("  (also: ", "dim"), literal(card.answer), (")", "dim")))
    text.append_text(
        Text.assemble("\n", ("You typed       ", "dim"), mine or Text("(nothing)", style="dim"))
    )
    return text


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio()


def verdict_line(verdict: Verdict) -> Text:
    if verdict.almost:
        return Text("◐ Almost: a typo. Hard is suggested", style="bold yellow")
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
        if not shown.practice:  # practice changes no schedule: there is no interval to show
            text.append(shown.interval(rating), style="bold")
    if suggested is not None:
        text.append("   Enter ", style="dim")
        text.append(suggested.label, style="dim bold")
    return text


def progress_line(
    counts: DeckCounts, shown: Shown | None, practice_left: int | None, done: int = 0
) -> Table:
    """Left: the card's topic and whether it is new. Right: answers given, and what is left
    today as new / learning / review (Anki's three numbers, counting down), the shown
    card's own number underlined."""
    left = Text()
    if shown is not None:
        if shown.marks.flagged:
            left.append("⚑ flagged  ", style="bold yellow")
        topic = shown.deck.topic_title(shown.card.topic)
        if topic:
            left.append_text(literal(shortened(topic, 34)))
            left.append(" · ", style="dim")
        state = "new card" if shown.is_new else "review" if shown.before.phase == 2 else "learning"
        left.append(state, style="bold" if shown.is_new else "")
    if practice_left is not None:
        right = Text(f"practice: {practice_left} left")
    else:
        queue = None
        if shown is not None:
            queue = "new" if shown.is_new else "review" if shown.before.phase == 2 else "learning"
        right = Text(f"{done} done · ")
        for index, (name, count, colour) in enumerate(
            (
                ("new", counts.new, "blue"),
                ("learning", counts.learning, "red"),
                ("review", counts.due, "green"),
            )
        ):
            if index:
                right.append(" · ", style="dim")
            style = f"bold {colour} underline" if name == queue else colour
            right.append(str(count), style=style)
            right.append(f" {name}")
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(justify="right", no_wrap=True)
    grid.add_row(left, right)
    return grid


def shortened(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def summary_text(summary: SessionSummary) -> Text:
    """What the session came to: counts, time, share remembered, cards missed, topics."""
    text = Text()
    if not summary.cards:
        return text
    text.append("This session\n", style="bold")
    minutes, seconds = divmod(round(summary.seconds), 60)
    text.append(f"Cards studied   {summary.cards}\n")
    text.append(f"Answers         {summary.answers}\n")
    text.append(f"Time            {minutes}m {seconds:02d}s\n")
    if summary.remembered is not None:
        text.append(f"Remembered      {summary.remembered:.0%} of answers\n")
    if summary.topics:
        text.append("\nBy topic\n", style="bold")
        for topic in summary.topics:
            share = topic.remembered / topic.answers
            text.append_text(literal(f"  {shortened(topic.title, 30):<30}"))
            text.append(f" {topic.remembered}/{topic.answers} remembered ({share:.0%})\n")
    if summary.missed:
        text.append(f"\nMissed ({len(summary.missed)})\n", style="bold")
        for card in summary.missed[:8]:
            text.append("  ✗ ", style="red")
            text.append_text(literal(shortened(" ".join(card.prompt.split()), 70)))
            text.append("\n")
        if len(summary.missed) > 8:
            text.append(f"  … and {len(summary.missed) - 8} more\n", style="dim")
    return text


def day_done_text(
    summary: SessionSummary,
    next_due_in: float | None,
    new_per_day: int,
    *,
    missed: int,
    topics: int,
) -> Text:
    """The end of today's queue: when to come back, Anki's custom study, then the summary."""
    text = Text()
    text.append("Nothing more to study today.", style="bold")
    if next_due_in is not None:
        when = "now" if next_due_in <= 0 else f"in {format_interval_seconds(next_due_in)}"
        text.append(f" The next card is due {when}.")
    text.append(
        f"\nNew cards per day: {new_per_day} (new_per_day, in the deck's [deck.options] "
        "or your config.toml).\n\n"
    )
    for key, label, available in (
        ("n", f"learn {MORE_NEW} more new cards today", True),
        ("m", f"go over {_cards(missed)} missed today again (schedule unchanged)", missed),
        ("p", "practise one topic (schedule unchanged)", topics),
    ):
        if available:
            text.append(f" {key} ", style="bold reverse")
            text.append(f" {label}\n")
    if summary.cards:
        text.append("\n")
        text.append_text(summary_text(summary))
    return text


MORE_NEW = 10


def format_interval_seconds(seconds: float) -> str:
    return format_interval(timedelta(seconds=seconds))


def prompt_text(card: Card, revealed: bool) -> Text:
    if card.kind == "cloze":
        return cloze_text(card, revealed)
    return literal(card.prompt)


def key_hint(card: Card) -> Text:
    """Before the answer: the keys that answer this kind of card."""
    key = "bold reverse"
    if card.kind in SELF_GRADED:
        hint = [("Space", key), " show answer"]
    elif card.kind == "choice" and card.multiple:
        hint = [("1-9", key), " or ", ("↑↓", key), " + ", ("Space", key), " toggle   "]
        hint += [("Enter", key), " check"]
    elif card.kind == "choice":
        hint = [("1-9", key), " or ", ("↑↓", key), " pick   ", ("Enter", key), " check"]
    elif card.kind == "truefalse":
        hint = [("t", key), " true   ", ("f", key), " false"]
    else:
        hint = [("Enter", key), " check your answer"]
    return Text.assemble(*hint, justify="center")


def _cards(count: int) -> str:
    return f"the {count} cards" if count != 1 else "the card"
