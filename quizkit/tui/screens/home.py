"""Home: every deck with what it has to study today, mastery by topic, the streak, broken decks."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from quizkit.deck.model import Deck
from quizkit.tui.literal import literal
from quizkit.workspace import Workspace


class DeckTable(DataTable):
    """The decks. Enter is the table's own key: a screen-level (priority) Enter
    ran before an arrow key typed just ahead of it, and opened the wrong deck."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Study"),
        Binding("up", "cursor_up", "Previous deck", show=False),
        Binding("down", "cursor_down", "Next deck", show=False),
    ]


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="streak", classes="heading")
        table = DeckTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="mastery")
        yield Static(id="broken")
        yield Static(id="hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#decks", DataTable)
        table.add_column("Deck", key="deck")
        table.add_column(Text("New", justify="right"), key="new", width=5)
        table.add_column(Text("Learn", justify="right"), key="learning", width=5)
        table.add_column(Text("Due", justify="right"), key="due", width=5)
        for deck in self.workspace.decks:
            table.add_row(literal(deck.title), "", "", "", key=deck.id)
        self._show_broken()
        table.focus()
        if self.workspace.decks:
            hint = "Enter studies the selected deck · ? shows every key"
        else:
            hint = "No decks found. Add a deck folder with --decks DIR."
        self.query_one("#hint", Static).update(hint)

    def on_screen_resume(self) -> None:
        # Also runs when the screen is first shown: counts are always fresh.
        self.refresh_decks()

    def refresh_decks(self) -> None:
        """Redraw the counts in place: the rows, and the learner's place in them, stay."""
        table = self.query_one("#decks", DataTable)
        for deck in self.workspace.decks:
            counts = self.workspace.counts(deck)
            table.update_cell(
                deck.id, "new", Text(str(counts.new), style="bold blue", justify="right")
            )
            table.update_cell(
                deck.id, "learning", Text(str(counts.learning), style="bold red", justify="right")
            )
            table.update_cell(
                deck.id, "due", Text(str(counts.due), style="bold green", justify="right")
            )
        streak = self.workspace.streak()
        days = "day" if streak == 1 else "days"
        self.query_one("#streak", Static).update(
            Text.assemble("Decks", ("   streak ", "dim"), (f"{streak} {days}", "bold"))
        )
        self.show_mastery()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_mastery()

    def selected_deck(self) -> Deck | None:
        decks = self.workspace.decks
        if not decks:
            return None
        return decks[min(self.query_one("#decks", DataTable).cursor_row, len(decks) - 1)]

    def show_mastery(self) -> None:
        deck = self.selected_deck()
        if deck is not None:
            self._load_mastery(deck)

    @work(thread=True, exclusive=True, group="mastery")
    def _load_mastery(self, deck: Deck) -> None:
        mastery = self.workspace.mastery(deck)
        self.app.call_from_thread(self._draw_mastery, deck, mastery)

    def _draw_mastery(self, deck: Deck, mastery: dict[str, float]) -> None:
        self.query_one("#mastery", Static).update(mastery_text(deck, mastery))

    def _show_broken(self) -> None:
        failures = self.workspace.library.failures
        broken = self.query_one("#broken", Static)
        broken.display = bool(failures)
        if failures:
            text = Text(
                "Decks that could not be loaded (quizkit lint shows every problem):\n", style="bold"
            )
            for failure in failures:
                text.append_text(literal(f"  {failure.path}\n    {failure.summary}\n"))
            broken.update(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        deck = self.workspace.library.deck(str(event.row_key.value))
        if deck is not None:
            self.app.study([deck])


def mastery_text(deck: Deck, mastery: dict[str, float], bar_width: int = 12) -> Text:
    """One line per topic: a bar and the average recall probability of its studied cards."""
    text = Text.assemble(("Mastery", "bold"), (f"  {deck.title}", "dim"))
    if not deck.topics:
        text.append("\n  This deck has no topics.", style="dim")
    for topic in deck.topics:
        value = mastery.get(topic.id)
        text.append("\n  ")
        text.append_text(literal(topic.title[:44].ljust(44)))
        if value is None:
            text.append(" " + "·" * bar_width + "  not studied", style="dim")
            continue
        filled = round(value * bar_width)
        text.append(" " + "█" * filled, style="green")
        text.append("░" * (bar_width - filled), style="dim")
        text.append(f" {value:4.0%}", style="bold")
    return text
