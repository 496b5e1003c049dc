"""Submitting asks first, naming what is unanswered and flagged: `y` submits."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from quizkit.exam.model import Attempt


class ConfirmSubmitScreen(ModalScreen[bool]):
    CSS_PATH = "exam.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Submit"),
        Binding("n,escape", "answer(False)", "Keep answering"),
    ]

    def __init__(self, attempt: Attempt) -> None:
        super().__init__()
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self._message())

    def _message(self) -> Text:
        attempt = self.attempt
        unanswered, flagged = attempt.unanswered(), len(attempt.flags)
        text = Text("Submit this attempt?\n\n", style="bold")
        text.append(f"{len(attempt.answers)} of {len(attempt.questions)} answered", style="bold")
        if unanswered:
            noun = "question is" if unanswered == 1 else "questions are"
            text.append(f"\n{unanswered} {noun} unanswered", style="bold red")
        if flagged:
            noun = "question is" if flagged == 1 else "questions are"
            text.append(f"\n{flagged} {noun} flagged for review", style="bold yellow")
        if attempt.mode == "certification":
            text.append("\n\nOnce submitted, the answers are final.")
        text.append("\n\n")
        text.append(" y ", style="bold reverse")
        text.append(" submit     ")
        text.append(" n ", style="bold reverse")
        text.append(" or ")
        text.append(" Esc ", style="bold reverse")
        text.append(" keep answering")
        return text

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
