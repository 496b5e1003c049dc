"""Home: every deck with what it has to study today, and every deck that failed to load."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from quizkit.core.workspace import Workspace
from quizkit.tui.literal import literal
from quizkit.tui.screens.study import StudyScreen


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "study", "Study", priority=True),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Decks", classes="heading")
        table: DataTable[Text | str] = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="broken")
        yield Static(id="hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#decks", DataTable)
        table.add_column("Deck", key="deck")
        table.add_column(Text("New", justify="right"), key="new", width=5)
        table.add_column(Text("Learn", justify="right"), key="learning", width=5)
        table.add_column(Text("Due", justify="right"), key="due", width=5)
        self.refresh_decks()
        self._show_broken()
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_decks()

    def refresh_decks(self) -> None:
        table = self.query_one("#decks", DataTable)
        selected = table.cursor_row
        table.clear()
        for deck in self.workspace.decks:
            counts = self.workspace.counts(deck)
            table.add_row(
                literal(deck.title),
                Text(str(counts.new), style="bold blue", justify="right"),
                Text(str(counts.learning), style="bold red", justify="right"),
                Text(str(counts.due), style="bold green", justify="right"),
                key=deck.id,
            )
        if self.workspace.decks:
            table.move_cursor(row=min(selected, len(self.workspace.decks) - 1))
            hint = "Enter studies the selected deck."
        else:
            hint = "No decks found. Add a deck folder with --decks DIR."
        self.query_one("#hint", Static).update(hint)

    def _show_broken(self) -> None:
        failures = self.workspace.library.failures
        broken = self.query_one("#broken", Static)
        broken.display = bool(failures)
        if failures:
            text = Text("Decks that could not be loaded (run quizkit lint for every problem):\n", style="bold")
            for failure in failures:
                text.append_text(literal(f"  {failure.path}\n    {failure.summary}\n"))
            broken.update(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_study()

    def action_study(self) -> None:
        table = self.query_one("#decks", DataTable)
        if not self.workspace.decks:
            return
        deck = self.workspace.decks[table.cursor_row]
        self.app.push_screen(StudyScreen(self.workspace, [deck]))
