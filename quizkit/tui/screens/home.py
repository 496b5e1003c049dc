"""Home: every deck with what it has to study today, the selected deck's cards, exams and
mastery, the streak, broken decks.

It fits the terminal: number columns have fixed widths and only the titles give
way (ellipsised), so there is never a horizontal scrollbar. It redraws itself
at the study-day rollover and when the next learning card falls due.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Static
from textual.widgets.data_table import ColumnKey

from quizkit.base.durations import format_interval
from quizkit.deck.model import Deck
from quizkit.exam.attempts import ExamRoom, ExamStatus
from quizkit.progress.browse import next_learning_due_after
from quizkit.progress.store import DeckCounts
from quizkit.study.mastery import DeckMastery
from quizkit.tui.literal import literal
from quizkit.tui.screens.open import open_statistics
from quizkit.tui.widgets.home_text import deck_info_text, fit, mastery_text
from quizkit.workspace import Workspace

# (key, heading, width): the number columns never change width.
NUMBER_COLUMNS = (
    ("cards", "Cards", 6),
    ("new", "New", 5),
    ("learning", "Learn", 5),
    ("due", "Due", 5),
    # The deck's first exam: — (not attempted), 76 % (the best attempt), open, passed.
    ("exam", "Exam", 6),
)
_CELL_PADDING = 2  # DataTable pads each cell by one on each side
_TABLE_MARGIN = 4 + 2  # the table's margin, and room for its vertical scrollbar
# The timer never sleeps longer than this, so a suspended laptop or a changed
# clock is noticed within a minute.
_LONGEST_WAIT = 60.0


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
        Binding("e", "exams", "Exams"),
        Binding("b", "browse", "Browse cards"),
        Binding("s", "statistics", "Statistics"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]
    # Shown by help under the keys: what the marks a card can carry mean.
    HELP_NOTES = (
        ("Bury", "hides a card until the next study day (key -)."),
        ("Suspend", "hides a card until you unsuspend it in b (key @)."),
        ("Flag", "marks a card to look at later; still studied (key *)."),
        ("Leech", "a card forgotten again and again, then suspended."),
        ("Recall", "the average chance you'd recall the cards seen."),
        ("Known", "the share of all cards you'd recall now (unseen: 0)."),
    )

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.wake_at: datetime | None = None
        self.wake_timer: Timer | None = None
        self._mastery: tuple[Deck, DeckMastery] | None = None
        self._readiness: dict[str, str] = {}  # exam id -> home's readiness line
        self._counts: dict[str, DeckCounts] = {}
        self._exams: ExamRoom | None = None
        self._exam_states: dict[str, ExamStatus] = {}

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="streak", classes="heading")
        yield DeckTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static(id="deck-info")
        yield Static(id="mastery")
        yield Static(id="broken")
        yield Static(id="hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DeckTable)
        self._fill_table()
        self._show_broken()
        table.focus()
        if self.workspace.decks:
            hint = "Enter studies the selected deck · e its exams · b browses cards · ? keys"
        else:
            hint = "No decks found. Add a deck folder with --decks DIR."
        self.query_one("#hint", Static).update(hint)

    def on_screen_resume(self) -> None:
        # Also runs when the screen is first shown: counts are always fresh.
        self.refresh_decks()

    # -- fitting the terminal ------------------------------------------------------
    def _title_width(self) -> int:
        numbers = sum(width + _CELL_PADDING for _, _, width in NUMBER_COLUMNS)
        return max(10, self.app.size.width - _TABLE_MARGIN - numbers - _CELL_PADDING)

    def on_resize(self, event: events.Resize) -> None:
        column = self.query_one(DeckTable).columns.get(ColumnKey("deck"))
        if column is not None and column.width != self._title_width():
            self._fill_table()
        self._draw_selected()

    def _fill_table(self) -> None:
        """(Re)build the table for the terminal's width; the cursor stays on its deck."""
        table = self.query_one(DeckTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        width = self._title_width()
        table.add_column("Deck", key="deck", width=width)
        for key, heading, column_width in NUMBER_COLUMNS:
            table.add_column(Text(heading, justify="right"), key=key, width=column_width)
        for deck in self.workspace.decks:
            table.add_row(fit(deck.title, width), *self._number_cells(deck), key=deck.id)
        if self.workspace.decks:
            table.move_cursor(row=min(cursor, len(self.workspace.decks) - 1))

    def _number_cells(self, deck: Deck) -> list[Text]:
        cells = [Text(str(len(deck.cards)), justify="right")]
        counts = self._counts.get(deck.id)
        for key, style in (("new", "bold blue"), ("learning", "bold red"), ("due", "bold green")):
            value = "" if counts is None else str(getattr(counts, key))
            cells.append(Text(value, style=style, justify="right"))
        cells.append(self._exam_cell(deck))
        return cells

    def _exam_cell(self, deck: Deck) -> Text:
        states = [self._exam_states[e.id] for e in deck.exams if e.id in self._exam_states]
        if not states:
            return Text("")
        label = states[0].short_label()
        style = "bold green" if states[0].passed else "italic"
        return Text(label, style=style, justify="right")

    # -- drawing -------------------------------------------------------------------
    def refresh_decks(self) -> None:
        """Redraw the counts in place: the rows, and the learner's place in them, stay."""
        table = self.query_one(DeckTable)
        for deck in self.workspace.decks:
            self._counts[deck.id] = self.workspace.counts(deck)
        self._refresh_exam_states()
        for deck in self.workspace.decks:
            for key, cell in zip(("new", "learning", "due", "exam"), self._number_cells(deck)[1:]):
                table.update_cell(deck.id, key, cell)
        self._draw_streak()
        self.show_mastery()
        self._schedule_wake()

    def _draw_streak(self) -> None:
        streak = self.workspace.streak()
        days = "day" if streak == 1 else "days"
        line = Text.assemble("Decks", ("   streak ", "dim"), (f"{streak} {days}", "bold"))
        now = self.workspace.clock.now()
        due = next_learning_due_after(
            self.workspace.store, [d.id for d in self.workspace.decks], now
        )
        if due is not None:
            line.append("   next learning card in ", style="dim")
            line.append(format_interval(due - now), style="bold")
        self.query_one("#streak", Static).update(line)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_mastery()

    def selected_deck(self) -> Deck | None:
        decks = self.workspace.decks
        if not decks:
            return None
        return decks[min(self.query_one(DeckTable).cursor_row, len(decks) - 1)]

    def show_mastery(self) -> None:
        deck = self.selected_deck()
        if deck is not None:
            self._draw_selected()
            self._load_mastery(deck)

    @work(thread=True, exclusive=True, group="mastery")
    def _load_mastery(self, deck: Deck) -> None:
        # Off the main thread: readiness reads every studied card of the deck.
        mastery = self.workspace.mastery(deck)
        readiness = self.workspace.readiness_lines(deck)
        self.app.call_from_thread(self._got_mastery, deck, mastery, readiness)

    def _got_mastery(self, deck: Deck, mastery: DeckMastery, readiness: dict[str, str]) -> None:
        self._mastery = (deck, mastery)
        self._readiness.update(readiness)
        self._draw_selected()

    def _draw_selected(self) -> None:
        """The selected deck's card total, description, exams and mastery, at today's width."""
        deck = self.selected_deck()
        info = self.query_one("#deck-info", Static)
        info.display = deck is not None
        if deck is None:
            return
        width = max(20, self.app.size.width - 4)
        lines = 2 if self.app.size.height < 32 else 4
        states = {exam_id: status.state_label() for exam_id, status in self._exam_states.items()}
        info.update(deck_info_text(deck, width, lines, states, self._readiness))
        mastery = self.query_one("#mastery", Static)
        if self._mastery is not None and self._mastery[0] is deck:
            mastery.update(mastery_text(deck, self._mastery[1], width))

    def _show_broken(self) -> None:
        failures = self.workspace.library.failures
        notices = self.workspace.notices()
        broken = self.query_one("#broken", Static)
        broken.display = bool(failures or notices)
        text = Text()
        if failures:
            text.append(
                "Decks that could not be loaded (quizkit lint shows every problem):\n", "bold"
            )
            for failure in failures:
                text.append_text(literal(f"  {failure.path}\n    {failure.summary}\n"))
        for notice in notices:
            text.append_text(literal(f"{notice}\n"))
        broken.update(text)

    # -- keeping itself up to date -------------------------------------------------------
    def next_change(self) -> datetime:
        """When what home shows changes by itself: the next learning card's due time or the rollover."""
        now = self.workspace.clock.now()
        rollover = self.workspace.study_day().end
        due = next_learning_due_after(
            self.workspace.store, [d.id for d in self.workspace.decks], now
        )
        return min(rollover, due) if due is not None else rollover

    def _schedule_wake(self) -> None:
        self.wake_at = self.next_change()
        wait = (self.wake_at - self.workspace.clock.now()).total_seconds()
        if self.wake_timer is not None:
            self.wake_timer.stop()
        self.wake_timer = self.set_timer(min(max(wait, 0.5), _LONGEST_WAIT), self.on_wake)

    def on_wake(self) -> None:
        """The timer rang: redraw if the moment came, else wait on.

        Under another screen (studying) it stops: coming back redraws home and
        sets it again.
        """
        if not self.is_current:
            return
        if self.wake_at is not None and self.workspace.clock.now() >= self.wake_at:
            self.refresh_decks()
        else:
            self._schedule_wake()

    # -- keys ----------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        deck = self.workspace.library.deck(str(event.row_key.value))
        if deck is not None:
            self.app.study([deck])

    def _refresh_exam_states(self) -> None:
        """Each exam's state from its attempt records (ending any whose time ran out)."""
        if self._exams is None:
            ws = self.workspace
            self._exams = ExamRoom(ws.store, ws.decks, ws.clock)
        self._exam_states = {exam.id: self._exams.status(exam) for _, exam in self._exams.exams()}

    def action_exams(self) -> None:
        """The selected deck's exam (its start screen), or the list when it has several."""
        deck = self.selected_deck()
        if deck is None or not deck.exams:
            self.notify("This deck has no exam.", severity="warning")
            return
        self.app.open_exam(deck.exams[0].id if len(deck.exams) == 1 else None)

    def action_browse(self) -> None:
        from quizkit.tui.screens.browser import BrowserScreen

        self.app.push_screen(BrowserScreen(self.workspace))

    def action_statistics(self) -> None:
        open_statistics(self.app)
