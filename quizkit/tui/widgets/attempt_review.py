"""An ended attempt's review: each question, the learner's answer, the right one, the mark, the explanation."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from quizkit.deck.model import Card
from quizkit.exam.model import Attempt, Mark, points
from quizkit.tui import render
from quizkit.tui.literal import literal


def mark_line(mark: Mark) -> Text:
    """✓ Correct / ◐ Partly right (50%) / ✗ Not quite, and a word on a near-miss spelling."""
    if mark.correct:
        text = Text("✓ Correct", style="bold green")
        if mark.almost:
            text.append("  (accepted: check the spelling)", style="yellow")
        return text
    if mark.score > 0:
        return Text(f"◐ Partly right ({mark.score:.0%})", style="bold yellow")
    return Text("✗ Not quite", style="bold red")


def right_answer_text(card: Card) -> Text:
    """The right answer as the review and practice feedback show it."""
    if card.kind == "choice":
        label = "Right answers " if card.multiple else "Right answer  "
        return Text.assemble((label, "dim"), literal("; ".join(card.correct), "bold green"))
    if card.kind == "truefalse":
        said = "true" if "true" in card.correct else "false"
        return Text.assemble(("The statement is ", "dim"), (said, "bold green"))
    return Text.assemble(("Right answer  ", "dim"), literal(card.correct[0], "bold green"))


def question_review(number: int, card: Card | None, attempt: Attempt, index: int) -> Text:
    """One question of the review."""
    given = attempt.answers.get(index)
    score = given.mark.score if given else 0.0
    text = Text.assemble((f"{number:>2}. ", "bold"), (f"[{points(score)}/1] ", "bold"))
    if card is None:
        text.append("(this question is no longer in the deck)", style="dim")
        return text
    text.append_text(render.prompt_text(card, revealed=False))
    text.append("\n    ")
    text.append("Your answer   ", style="dim")
    text.append_text(literal(given.response.describe()) if given else Text("(none)", style="dim"))
    text.append("\n    ")
    text.append_text(mark_line(given.mark) if given else Text("✗ Not answered", style="bold red"))
    text.append("\n    ")
    text.append_text(right_answer_text(card))
    if card.explain:
        text.append("\n    ")
        text.append_text(literal(card.explain, "italic dim"))
    return text


class AttemptReview(Static):
    """Every question of an ended attempt, in the order it was asked."""

    def __init__(self, attempt: Attempt, cards: list[Card | None], **kwargs) -> None:
        super().__init__(**kwargs)
        self.attempt = attempt
        self.cards = cards

    def on_mount(self) -> None:
        text = Text("Review\n", style="bold")
        for index, card in enumerate(self.cards):
            text.append("\n")
            text.append_text(question_review(index + 1, card, self.attempt, index))
            text.append("\n")
        self.update(text)
