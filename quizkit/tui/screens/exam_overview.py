"""The overview: every question (answered, unanswered, flagged); Enter jumps to one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from quizkit.exam.model import Attempt
from quizkit.tui.widgets.question_grid import QuestionGrid


class ExamOverviewScreen(ModalScreen[int | str | None]):
    """Dismisses with the question to go to, ``"submit"``, or None (back where it was)."""

    CSS_PATH = "exam.tcss"
    BINDINGS = [
        Binding("left", "move(-1)", "Previous", show=False),
        Binding("right", "move(1)", "Next", show=False),
        Binding("up", "row(-1)", "Row above", show=False),
        Binding("down", "row(1)", "Row below", show=False),
        Binding("enter", "go", "Go to question"),
        Binding("ctrl+s", "submit", "Submit"),
        Binding("escape,ctrl+o", "close", "Back"),
    ]

    def __init__(self, attempt: Attempt, current: int) -> None:
        super().__init__()
        self.attempt = attempt
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="overview"):
            yield Static(self._summary(), id="overview-summary")
            yield QuestionGrid(self.attempt, self.current, id="grid")
            yield Static(
                Text.assemble(
                    ("● answered  ○ unanswered  ⚑ flagged\n", "dim"),
                    ("←→↑↓", "bold reverse"),
                    " choose  ",
                    ("Enter", "bold reverse"),
                    " go  ",
                    ("ctrl+s", "bold reverse"),
                    " submit  ",
                    ("Esc", "bold reverse"),
                    " back",
                ),
                id="overview-keys",
            )
        yield Footer(compact=True, show_command_palette=False)

    def _summary(self) -> Text:
        attempt = self.attempt
        return Text.assemble(
            ("Overview  ", "bold"),
            (f"{len(attempt.answers)}", "bold green"),
            " answered · ",
            (f"{attempt.unanswered()}", "bold red" if attempt.unanswered() else "bold"),
            " unanswered · ",
            (f"{len(attempt.flags)}", "bold yellow"),
            " flagged",
        )

    def action_move(self, step: int) -> None:
        self.query_one(QuestionGrid).move(step)

    def action_row(self, step: int) -> None:
        grid = self.query_one(QuestionGrid)
        grid.move(step * grid.columns)

    def action_go(self) -> None:
        self.dismiss(self.query_one(QuestionGrid).cursor)

    def action_submit(self) -> None:
        self.dismiss("submit")

    def action_close(self) -> None:
        self.dismiss(None)
