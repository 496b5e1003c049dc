"""The options of a choice card: arrows move, number keys pick, multi-select toggles."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from quizkit.core.model import Card
from quizkit.tui.literal import literal


class ChoiceList(Static):
    """Shows a card's choices; the study screen moves the cursor and picks through its methods."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.card: Card | None = None
        self.cursor = 0
        self.picked: set[str] = set()
        self.checked = False

    def load(self, card: Card | None) -> None:
        self.card = card
        self.cursor = 0
        self.picked = set()
        self.checked = False
        self.display = card is not None and card.kind == "choice"
        self.redraw()

    def move(self, step: int) -> None:
        if self.card:
            self.cursor = (self.cursor + step) % len(self.card.choices)
            self.redraw()

    def pick(self, index: int | None = None) -> None:
        """Pick option ``index`` (default: the one under the cursor); multi-select toggles it."""
        if not self.card or self.checked:
            return
        index = self.cursor if index is None else index
        if not 0 <= index < len(self.card.choices):
            return
        self.cursor = index
        choice = self.card.choices[index]
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
        lines = []
        for index, choice in enumerate(card.choices):
            here = index == self.cursor and not self.checked
            picked = choice in self.picked
            box = ("[x]" if picked else "[ ]") if card.multiple else ("(•)" if picked else "( )")
            line = Text("❯ " if here else "  ", style="bold")
            line.append(f"{box} {index + 1}. ", style="bold" if picked else "")
            line.append_text(literal(choice, "bold" if picked else ""))
            if self.checked:
                if choice in card.correct:
                    line.append("  ✓", style="bold green")
                elif picked:
                    line.append("  ✗", style="bold red")
            if here:
                line.stylize("reverse")
            lines.append(line)
        self.update(Text("\n").join(lines))
