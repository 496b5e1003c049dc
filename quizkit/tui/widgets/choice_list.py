"""The options of a choice card: arrows move, number keys pick, Space toggles, Enter checks.

The options are shown in the order the session drew for this showing
(``Shown.choices``); numbers and the cursor count in that order.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from quizkit.deck.model import Card
from quizkit.tui.literal import literal


class ChoiceList(Static):
    """Shows a card's choices; the study screen moves the cursor and picks through its methods."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.card: Card | None = None
        self.choices: tuple[str, ...] = ()
        self.cursor = 0
        self.picked: set[str] = set()
        self.checked = False

    def load(self, card: Card | None, choices: tuple[str, ...] | None = None) -> None:
        """Show ``card``'s options in the order ``choices`` (default: as written)."""
        self.card = card
        self.choices = choices if choices is not None else (card.choices if card else ())
        self.cursor = 0
        self.picked = set()
        self.checked = False
        self.display = card is not None and card.kind == "choice"
        self.redraw()

    def move(self, step: int) -> None:
        """Move the cursor; on a single-answer card the pick follows it (the hint says ↑↓ pick)."""
        if self.card:
            self.cursor = (self.cursor + step) % len(self.choices)
            if not self.card.multiple and not self.checked:
                self.picked = {self.choices[self.cursor]}
            self.redraw()

    def pick(self, index: int | None = None) -> None:
        """Pick option ``index`` (default: the one under the cursor); multi-select toggles it."""
        if not self.card or self.checked:
            return
        index = self.cursor if index is None else index
        if not 0 <= index < len(self.choices):
            return
        self.cursor = index
        choice = self.choices[index]
        if self.card.multiple:
            self.picked ^= {choice}
        else:
            self.picked = {choice}
        self.redraw()

    def show_result(self) -> None:
        self.checked = True
        self.redraw()

    def redraw(self) -> None:
        if not self.card or self.card.kind != "choice":
            self.update("")
            return
        card = self.card
        # A grid, so a long option wraps under its own text, not under the marker.
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for index, choice in enumerate(self.choices):
            here = index == self.cursor and not self.checked
            picked = choice in self.picked
            box = ("[x]" if picked else "[ ]") if card.multiple else ("(•)" if picked else "( )")
            marker = Text("❯ " if here else "  ", style="bold")
            marker.append(f"{box} {index + 1}.", style="bold" if picked else "")
            text = literal(choice, "bold" if picked else "")
            if self.checked:
                text.append_text(_mark(choice in card.correct, picked, card.multiple))
            if here:
                marker.stylize("reverse")
                text.stylize("reverse")
            grid.add_row(marker, text)
        self.update(grid)


def _mark(right: bool, picked: bool, multiple: bool) -> Text:
    """After checking: right picks, wrong picks, and right options that were missed."""
    if right and picked:
        return Text("  ✓", style="bold green")
    if right:
        return Text("  ✓ missed" if multiple else "  ✓ the answer", style="bold yellow")
    if picked:
        return Text("  ✗", style="bold red")
    return Text()
