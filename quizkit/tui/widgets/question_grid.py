"""Every question of an attempt as a numbered cell: answered, unanswered, flagged, current."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from quizkit.exam.model import Attempt

_CELL = 7  # " 12 ●⚑" fits with a space between cells


class QuestionGrid(Static):
    """A grid the overview moves a cursor over; Enter there jumps to that question."""

    def __init__(self, attempt: Attempt, current: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.attempt = attempt
        self.cursor = current

    def on_resize(self) -> None:
        self.redraw()

    def on_mount(self) -> None:
        self.redraw()

    @property
    def columns(self) -> int:
        return max(1, (self.size.width or 70) // _CELL)

    def move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.attempt.questions)
        self.redraw()

    def redraw(self) -> None:
        attempt = self.attempt
        text = Text()
        for index in range(len(attempt.questions)):
            if index and index % self.columns == 0:
                text.append("\n")
            answered = index in attempt.answers
            flagged = index in attempt.flags
            cell = Text(f"{index + 1:>3} ")
            cell.append("●" if answered else "○", style="green" if answered else "dim")
            cell.append("⚑" if flagged else " ", style="bold yellow")
            if index == self.cursor:
                cell.stylize("reverse bold")
            text.append_text(cell)
            text.append(" ")
        self.update(text)
