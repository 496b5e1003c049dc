"""Choosing an exam, when `quizkit exam` is given none and the decks have several."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quizkit.exam.attempts import ExamRoom
from quizkit.tui.literal import literal


class ExamListScreen(Screen[None]):
    CSS_PATH = "exam.tcss"
    BINDINGS = [
        Binding("question_mark", "app.help", "Help"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(self, room: ExamRoom) -> None:
        super().__init__()
        self.room = room

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(Text("Exams", style="bold"), classes="heading")
        yield OptionList(*self._options(), id="exams")
        yield Static("Enter opens the selected exam", classes="hint")
        yield Footer()

    def _options(self) -> list[Option]:
        options = []
        for deck, exam in self.room.exams():
            label = literal(exam.title, "bold")
            label.append_text(literal(f"  {deck.title}", "dim"))
            label.append(f"  {self.room.status(exam).state_label()}", style="italic")
            options.append(Option(label, id=exam.id))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from quizkit.tui.screens.exam_start import ExamStartScreen

        found = self.room.find(str(event.option.id))
        if found:
            self.app.push_screen(ExamStartScreen(self.room, *found))

    def action_back(self) -> None:
        self.app.pop_screen()
