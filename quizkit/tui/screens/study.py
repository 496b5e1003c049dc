"""Study: one card at a time; Space shows the answer, 1-4 rate it, u undoes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quizkit.core.model import Card, Deck
from quizkit.core.scheduler import Rating
from quizkit.core.durations import format_interval
from quizkit.core.workspace import Workspace
from quizkit.tui.literal import literal

_KIND_LABEL = {
    "basic": "Question",
    "reversible": "Question",
    "cloze": "Fill the gap",
    "choice": "Choose",
    "truefalse": "True or false?",
    "typed": "Answer",
}


class StudyScreen(Screen[None]):
    BINDINGS = [
        Binding("space", "reveal", "Show answer"),
        Binding("1", "rate(1)", "Again"),
        Binding("2", "rate(2)", "Hard"),
        Binding("3", "rate(3)", "Good"),
        Binding("4", "rate(4)", "Easy"),
        Binding("u", "undo", "Undo"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(self, workspace: Workspace, decks: list[Deck]) -> None:
        super().__init__()
        self.workspace = workspace
        self.session = workspace.session(decks)
        self.title_text = decks[0].title if len(decks) == 1 else "All decks"

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="progress")
        with VerticalScroll(id="card"):
            yield Static(id="kind", classes="kind")
            yield Static(id="prompt")
            yield Static(id="answer")
            yield Static(id="explain")
        yield Static(id="ratings")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.title_text
        self.show_card()

    # -- drawing ---------------------------------------------------------------
    def show_card(self) -> None:
        session = self.session
        shown = session.current
        self.query_one("#progress", Static).update(
            Text(f"{session.done} done · {session.remaining()} left", justify="right")
        )
        prompt = self.query_one("#prompt", Static)
        answer = self.query_one("#answer", Static)
        explain = self.query_one("#explain", Static)
        ratings = self.query_one("#ratings", Static)
        kind = self.query_one("#kind", Static)
        if shown is None:
            kind.update("")
            prompt.update(self._empty_text())
            answer.display = explain.display = False
            ratings.update(Text("Esc back to decks", style="dim"))
            self.refresh_bindings()
            return
        card = shown.card
        kind.update(Text(_KIND_LABEL[card.kind], style="dim"))
        prompt.update(_prompt_text(card))
        answer.display = session.revealed
        explain.display = session.revealed and bool(card.explain)
        if session.revealed:
            answer.update(literal(card.answer, "bold"))
            explain.update(literal(card.explain or "", "italic"))
            ratings.update(self._ratings_text())
        else:
            ratings.update(Text.assemble(("Space", "bold reverse"), " show answer"))
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _ratings_text(self) -> Text:
        shown = self.session.current
        assert shown is not None
        text = Text(justify="center")
        for rating in Rating:
            if rating > 1:
                text.append("   ")
            text.append(f" {int(rating)} ", style="bold reverse")
            text.append(f" {rating.label} ")
            text.append(shown.interval(rating), style="bold")
        return text

    def _empty_text(self) -> Text:
        text = Text("Nothing more to study today.", style="bold")
        next_due = self.session.next_due()
        if next_due is not None:
            wait = next_due - self.workspace.clock.now()
            when = "now" if wait.total_seconds() <= 0 else f"in {format_interval(wait)}"
            text.append(f"\nThe next card is due {when}.", style="")
        return text

    # -- keys --------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        shown = self.session.current
        if action == "reveal":
            return shown is not None and not self.session.revealed
        if action == "rate":
            return shown is not None and self.session.revealed
        return True

    def action_reveal(self) -> None:
        self.session.reveal()
        self.show_card()

    def action_rate(self, rating: int) -> None:
        if self.session.current is None or not self.session.revealed:
            return
        self.session.answer(Rating(rating))
        self.show_card()

    def action_undo(self) -> None:
        if self.session.done == 0:
            self.notify("Nothing to undo in this session.", severity="warning")
            return
        self.session.undo()
        self.show_card()

    def action_back(self) -> None:
        self.app.pop_screen()


def _prompt_text(card: Card) -> Text:
    text = literal(card.prompt)
    if card.kind == "choice":
        for number, choice in enumerate(card.choices, start=1):
            text.append(f"\n  {number}. ")
            text.append_text(literal(choice))
    return text
