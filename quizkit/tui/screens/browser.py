"""The card browser: find cards by text, deck, topic, state and mark; bring suspended, buried and
flagged cards back, reset a card to new, open a card's history.

Searching runs in a worker thread (the first search of a large deck builds its
text index); writes run in worker threads too, as every write to the file does.
"""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Select, Static
from textual.worker import WorkerCancelled, WorkerFailed, get_current_worker

from quizkit.deck.model import Card
from quizkit.progress.browse import CardFilter, card_rows, find_cards, reset_to_new, unbury
from quizkit.tui.literal import literal
from quizkit.tui.widgets.card_table import CardTable
from quizkit.workspace import Workspace

_SEARCH_DELAY = 0.2  # seconds after the last key before searching


def _option(title: str) -> Text:
    """A deck's or topic's title as a menu option: literal, on one line, ellipsised."""
    text = literal(" ".join(title.split()))
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


class ConfirmReset(ModalScreen[bool]):
    """Ask before a reset: it forgets the card's schedule (its history stays)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Reset"),
        Binding("n,escape", "answer(False)", "Keep"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(
            Text.assemble(
                ("Reset this card to new?\n\n", "bold"),
                "It is studied again from the start; its history stays in the log.\n\n",
                ("y", "bold"),
                " reset   ",
                ("n", "bold"),
                " keep it",
            ),
            id="confirm",
        )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class BrowserScreen(Screen[None]):
    BINDINGS = [
        Binding("slash", "search", "Search", show=False),
        Binding("u", "unsuspend", "Unsuspend"),
        Binding("b", "unbury", "Unbury"),
        Binding("f", "unflag", "Unflag"),
        Binding("r", "reset", "Reset"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape,q", "back", "Back"),
    ]
    HELP_NOTES = (
        ("Marks", "S suspended · B buried · F flagged · L leech"),
        ("Reset", "a new card again; its history is kept."),
        ("Filters", "Tab: search, deck, topic, state, mark; Esc: cards."),
    )

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.card_filter = CardFilter()
        self._search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        decks = self.workspace.decks
        yield Header(show_clock=False)
        yield Input(placeholder="Search card text (/)", id="search", compact=True)
        with Horizontal(id="filters"):
            yield Select(
                [(literal(d.title), d.id) for d in decks],
                prompt="All decks",
                id="deck",
                compact=True,
            )
            topics = {t.id: t.title for d in decks for t in d.topics}
            yield Select(
                [(_option(title), tid) for tid, title in topics.items()],
                prompt="All topics",
                id="topic",
                compact=True,
            )
            yield Select(
                [("New", "new"), ("Learning", "learning"), ("Review", "review")],
                prompt="Any state",
                id="state",
                compact=True,
            )
            yield Select(
                [(m.capitalize(), m) for m in ("suspended", "buried", "flagged", "leech")],
                prompt="Any mark",
                id="mark",
                compact=True,
            )
        yield CardTable(self._rows, decks, self.workspace.clock, id="cards")
        yield Static(id="browse-status")
        # Compact, without the palette hint: every key fits in 80 columns.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        # The workers read and write through a connection of their own; the
        # table reads its screenful through the main one.
        self._worker_store = self.workspace.store.open_another()
        self.title = "Cards"
        self.query_one(CardTable).focus()
        self._find(self.card_filter)

    def _rows(self, card_ids: list[str]):
        return card_rows(self.workspace.store, card_ids)

    # -- filters --------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(_SEARCH_DELAY, self.search_now)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.search_now()
        self.query_one(CardTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.search_now()

    def search_now(self) -> None:
        def value(select_id: str) -> str | None:
            select = self.query_one(f"#{select_id}", Select)
            return None if select.is_blank() else str(select.value)

        self.card_filter = CardFilter(
            text=self.query_one("#search", Input).value,
            deck_id=value("deck"),
            topic=value("topic"),
            state=value("state"),
            mark=value("mark"),
        )
        self._find(self.card_filter)

    @work(thread=True, exclusive=True, group="browse")
    def _find(self, card_filter: CardFilter) -> None:
        workspace = self.workspace
        cards = find_cards(self._worker_store, workspace.decks, card_filter, workspace.clock.now())
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, cards)

    def _show(self, cards: list[Card]) -> None:
        if not self.is_attached:  # the learner left while it searched
            return
        self.query_one(CardTable).show(cards)
        self._status()

    def _status(self, done: str = "") -> None:
        count = len(self.query_one(CardTable).cards)
        text = Text(f"{count:,} card{'s' if count != 1 else ''}", style="bold")
        text.append("   Enter shows a card's history", style="dim")
        if done:
            text.append(f"   {done}", style="bold green")
        self.query_one("#browse-status", Static).update(text)

    # -- actions on the highlighted card -----------------------------------------------
    def _card(self) -> Card | None:
        return self.query_one(CardTable).current_card()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        if isinstance(self.focused, (Input, Select)):
            self.query_one(CardTable).focus()
        else:
            self.app.pop_screen()

    def action_unsuspend(self) -> None:
        self._write("unsuspended", lambda s, c: s.set_suspended(c.id, False))

    def action_unbury(self) -> None:
        self._write("unburied", lambda s, c: unbury(s, c.id))

    def action_unflag(self) -> None:
        self._write("unflagged", lambda s, c: s.set_flagged(c.id, False))

    def action_reset(self) -> None:
        if self._card() is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                now = self.workspace.clock.now()
                self._write("reset to new", lambda s, c: reset_to_new(s, c.id, now))

        self.app.push_screen(ConfirmReset(), confirmed)

    def _write(self, done: str, change) -> None:
        card = self._card()
        if card is not None:
            self._run_write(card, done, change)

    @work(thread=True, group="browse-write")
    def _run_write(self, card: Card, done: str, change) -> None:
        change(self._worker_store, card)
        self.app.call_from_thread(self._written, done)

    def _written(self, done: str) -> None:
        if not self.is_attached:
            return
        self.query_one(CardTable).reload_rows()
        self._status(f"Card {done}.")

    def on_card_table_opened(self, event: CardTable.Opened) -> None:
        from quizkit.tui.screens.card_history import CardHistoryScreen

        deck = self.workspace.library.deck(event.card.deck_id)
        if deck is not None:
            self.app.push_screen(CardHistoryScreen(self.workspace, deck, event.card))

    def on_screen_resume(self) -> None:
        self.query_one(CardTable).reload_rows()

    async def on_unmount(self) -> None:
        # Workers still running would use the connection: wait for them first.
        for worker in [w for w in self.workers if w.node is self and not w.is_finished]:
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()
        self._worker_store.close()
