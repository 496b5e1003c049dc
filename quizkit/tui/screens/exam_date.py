"""Setting the exam date from the start screen (`d`): readiness is then shown for that day,
and the study queue plans for it. Empty clears it."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from quizkit.exam.outlook import parse_exam_date


class ExamDateScreen(ModalScreen[tuple[bool, date | None]]):
    """Dismisses with (True, the date or None to clear), or (False, None) when cancelled."""

    CSS_PATH = "exam.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: date | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(
                Text.assemble(
                    ("The date of your exam\n\n", "bold"),
                    "YYYY-MM-DD; empty clears it. Enter saves, Esc cancels.",
                )
            )
            yield Input(
                value=self.current.isoformat() if self.current else "",
                placeholder="2026-12-15",
                id="exam-date",
            )
            yield Static(id="exam-date-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss((True, None))
            return
        try:
            day = parse_exam_date(text)
        except ValueError:
            self.query_one("#exam-date-error", Static).update(
                Text("Not a date: write it YYYY-MM-DD, e.g. 2026-12-15", style="bold red")
            )
            return
        self.dismiss((True, day))

    def action_cancel(self) -> None:
        self.dismiss((False, None))
