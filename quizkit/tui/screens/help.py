"""Help: every key of the screen it was opened from, read from that screen's bindings.

Only keys quizkit gives the learner are listed: the widgets' own Textual keys
(a table's ``^pgup Page Left``) say nothing about studying. A screen may add
one-line notes (``HELP_NOTES``), such as what bury, suspend and flag mean.
"""

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


# Textual's own keys that every screen has and that say nothing about quizkit.
_GENERIC_ACTIONS = {
    "app.focus_next",
    "app.focus_previous",
    "focus_next",
    "focus_previous",
    "screen.copy_text",
    "copy_text",
    "help_quit",
    "screen.minimize",
    "screen.maximize",
}


def _quizkit_keys(node: object) -> set[tuple[str, str]]:
    """(key, action) of the bindings declared by quizkit's own classes in ``node``'s ancestry."""
    declared: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("quizkit."):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding):
                for key in binding.key.split(","):
                    declared.add((key.strip(), binding.action))
    return declared


def help_table(screen: Screen) -> Table:
    """Every key that works on ``screen``: its focused widget's, its own and the app's.

    Read from the live bindings, so help can never disagree with the keys.
    """
    rows: dict[str, list[str]] = {}
    picks: list[str] = []
    for namespace, bindings in screen._binding_chain:  # focused widget first, app last
        ours = _quizkit_keys(namespace)
        for key, binding in bindings:
            if not binding.description or binding.action in _GENERIC_ACTIONS:
                continue
            if (key, binding.action) not in ours:
                continue
            label = key_label(screen, binding.key)
            if binding.description.startswith("Pick option"):
                picks.append(label)
                continue
            labels = rows.setdefault(binding.description, [])
            if label not in labels:
                labels.append(label)
    if picks:
        rows["Pick a choice"] = [f"{picks[0]}-{picks[-1]}"]
    if screen.app.ENABLE_COMMAND_PALETTE:  # Textual's key, but one the learner uses
        rows["Command palette"] = [key_label(screen, screen.app.COMMAND_PALETTE_BINDING)]
    # Two columns of keys, so a study screen's twenty keys fit in 24 lines.
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    for _ in range(2):
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
    entries = [(" ".join(keys), Text(what)) for what, keys in rows.items()]
    half = (len(entries) + 1) // 2
    for left, right in zip(entries[:half], entries[half:] + [("", Text())]):
        table.add_row(*left, *right)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close help")]

    def __init__(self, for_screen: Screen) -> None:
        super().__init__()
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(
                Text(
                    f"Keys — {self.for_screen.__class__.__name__.removesuffix('Screen')}",
                    style="bold",
                ),
                classes="heading",
            )
            yield Static(help_table(self.for_screen))
            notes = getattr(self.for_screen, "HELP_NOTES", ())
            if notes:
                yield Static(notes_table(notes), id="help-notes")
            yield Static(Text("Esc or ? closes this help.", style="dim"))


def notes_table(notes: tuple[tuple[str, str], ...]) -> Table:
    """One line per note: a bold word and what it means."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for word, meaning in notes:
        table.add_row(word, meaning)
    return table
