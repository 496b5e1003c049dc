"""One card's history: its text, its schedule and marks now, and every review with local date,
rating and the interval it gave."""

from __future__ import annotations

from datetime import tzinfo

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quizkit.base.durations import format_interval
from quizkit.deck.model import Card, Deck
from quizkit.progress.browse import card_rows
from quizkit.progress.reviews import RESET_RATING, ReviewRecord
from quizkit.study.scheduler import Rating
from quizkit.tui.literal import literal
from quizkit.tui.widgets.card_table import PHASE_NAMES, marks_text
from quizkit.workspace import Workspace


def history_table(reviews: list[ReviewRecord], zone: tzinfo) -> Table:
    """Every review, oldest first: the local date and time, the rating, the interval it gave."""
    table = Table(box=None, padding=(0, 2, 0, 0), header_style="bold underline")
    table.add_column("Date (local)", no_wrap=True)
    table.add_column("Rating", no_wrap=True)
    table.add_column("Interval", justify="right", no_wrap=True)
    table.add_column("Then", no_wrap=True)
    for review in reviews:
        when = review.reviewed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        if review.rating == RESET_RATING:
            table.add_row(when, Text("Reset to new", style="bold yellow"), "—", "new")
            continue
        after = review.after
        interval = format_interval(after.due - review.reviewed_at) if after.due else "—"
        rating = Rating(review.rating)
        table.add_row(
            when,
            Text(rating.label, style="bold red" if rating == Rating.AGAIN else ""),
            interval,
            PHASE_NAMES[after.phase],
        )
    return table


class CardHistoryScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("question_mark", "app.help", "Help"),
    ]

    def __init__(self, workspace: Workspace, deck: Deck, card: Card) -> None:
        super().__init__()
        self.workspace = workspace
        self.deck = deck
        self.card = card

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="history"):
            yield Static(self._face(), id="history-card")
            yield Static(id="history-state")
            yield Static(id="history-log")
        yield Footer()

    def _face(self) -> Text:
        card, deck = self.card, self.deck
        text = Text.assemble(("Card  ", "dim"))
        text.append_text(literal(card.id, "bold"))
        text.append("   deck ", style="dim")
        text.append_text(literal(deck.title))
        if card.topic:
            text.append("   topic ", style="dim")
            text.append_text(literal(deck.topic_title(card.topic)))
        text.append("\n\n")
        text.append_text(literal(card.prompt))
        text.append("\n")
        text.append_text(literal(card.answer, "green"))
        return text

    def on_mount(self) -> None:
        self.title = "Card history"
        store, clock = self.workspace.store, self.workspace.clock
        reviews = store.reviews_for(self.card.id)
        row = card_rows(store, [self.card.id]).get(self.card.id)
        state = Text()
        if row is not None:
            s = row.state
            state.append("Now  ", style="dim")
            state.append(PHASE_NAMES[s.phase], style="bold")
            if s.due is not None:
                local = s.due.astimezone(clock.local_zone()).strftime("%Y-%m-%d %H:%M")
                state.append(f" · due {local}")
            state.append(f" · {s.reps} review{'s' if s.reps != 1 else ''} · {s.lapses} lapses · ")
            state.append_text(marks_text(row, clock.now()))
            state.append("\nMarks S suspended · B buried · F flagged · L leech", style="dim")
        self.query_one("#history-state", Static).update(state)
        log = self.query_one("#history-log", Static)
        if reviews:
            log.update(history_table(reviews, clock.local_zone()))
        else:
            log.update(Text("Never reviewed.", style="dim"))
