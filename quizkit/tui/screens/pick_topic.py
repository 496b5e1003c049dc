"""Custom study: choose the topic to practise (a small list over the study screen)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizkit.tui.literal import literal


class PickTopic(ModalScreen[int | None]):
    """Dismissed with the index of the topic chosen, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, titles: list[str]) -> None:
        super().__init__()
        self.titles = titles

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-topic"):
            yield Static("Practise which topic? The schedule is not changed.", classes="heading")
            yield OptionList(*(Option(literal(t), id=str(i)) for i, t in enumerate(self.titles)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
