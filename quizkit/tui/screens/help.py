"""Help: every key of the screen it was opened from, read from that screen's bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def key_label(screen: Screen, key: str) -> str:
    return screen.app.get_key_display(Binding(key, ""))


def help_table(screen: Screen) -> Table:
    """Keys grouped by what they do, for the screen and the app around it."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    rows: dict[str, list[str]] = {}
    for source in (screen, screen.app):
        for _key, binding in source._bindings:  # the bindings as declared, shown or not
            what = binding.description or binding.action
            what = what.rstrip("0123456789 ") if what.startswith("Pick option") else what
            labels = rows.setdefault(what, [])
            label = key_label(screen, binding.key)
            if label not in labels:
                labels.append(label)
    for what, keys in rows.items():
        if what.startswith("Pick option"):
            what, keys = "Pick an option of a choice card (1-9)", [f"{keys[0]}-{keys[-1]}"]
        table.add_row(" ".join(keys), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close help")]

    def __init__(self, for_screen: Screen) -> None:
        super().__init__()
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(f"Keys — {self.for_screen.__class__.__name__.removesuffix('Screen')}",
                              style="bold"), classes="heading")
            yield Static(help_table(self.for_screen))
            yield Static(Text("Esc or ? closes this help.", style="dim"))
