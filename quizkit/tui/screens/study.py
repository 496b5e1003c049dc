"""Study: one card at a time, every card type, rated with 1-4.

Basic, reversible and cloze cards are self-graded: Space shows the answer.
Choice, true/false and typed cards are checked by the computer, which then
suggests a rating (Enter takes it); the learner can still pick another.
Every write to the progress file runs in a worker thread, so the screen never
waits on the disk; keys pressed while a write is in flight are ignored.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from quizkit.deck.model import Deck
from quizkit.progress.store import StaleCardError
from quizkit.study.grading import grade_choice, grade_truefalse, grade_typed
from quizkit.study.scheduler import Rating
from quizkit.study.session import Answered
from quizkit.tui import render
from quizkit.tui.literal import literal
from quizkit.tui.widgets.choice_list import ChoiceList
from quizkit.workspace import Workspace

_KIND_LABEL = {
    "basic": "Question",
    "reversible": "Question",
    "cloze": "Fill the gap",
    "choice": "Choose one",
    "truefalse": "True or false?",
    "typed": "Type the answer",
}
SELF_GRADED = {"basic", "reversible", "cloze"}


class StudyScreen(Screen[None]):
    BINDINGS = [
        Binding("space", "reveal", "Show answer"),
        Binding("space", "pick_here", "Toggle option", show=False),
        Binding("enter", "check", "Check"),
        # Shown in the ratings bar ("Enter Good") rather than the Footer, to fit 80 columns.
        Binding("enter", "accept", "Take the suggested rating", show=False),
        Binding("t", "true_false(True)", "True"),
        Binding("f", "true_false(False)", "False"),
        *(Binding(str(n), f"rate({n})", Rating(n).label) for n in range(1, 5)),
        *(Binding(str(n), f"pick({n})", f"Pick option {n}", show=False) for n in range(1, 10)),
        Binding("up", "cursor(-1)", "Option above / scroll", show=False),
        Binding("down", "cursor(1)", "Option below / scroll", show=False),
        Binding("u", "undo", "Undo"),
        Binding("minus", "bury", "Bury"),
        Binding("at", "suspend", "Suspend"),
        Binding("asterisk", "flag", "Flag"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(self, workspace: Workspace, decks: list[Deck]) -> None:
        super().__init__()
        self.workspace = workspace
        self.session = workspace.session(decks)
        self.deck_title = decks[0].title if len(decks) == 1 else "All decks"
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="progress")
        with VerticalScroll(id="card", can_focus=False):
            yield Static(id="kind", classes="kind")
            yield Static(id="prompt")
            yield ChoiceList(id="choices")
            yield Input(id="typed", placeholder="Type your answer, then Enter")
            yield Static(id="result")
            yield Static(id="answer")
            yield Static(id="explain")
        yield Static(id="ratings")
        # Compact, without the palette hint: every key fits in 80 columns.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = self.deck_title
        self.load_card()

    # -- drawing ---------------------------------------------------------------
    def load_card(self) -> None:
        """A new card is shown (or none is left): reset every part of the face."""
        shown = self.session.current
        self.query_one(ChoiceList).load(shown.card if shown else None)
        typed = self.query_one("#typed", Input)
        typed.value = ""
        typed.display = bool(shown) and shown.card.kind == "typed"
        typed.disabled = not typed.display
        if typed.display:
            typed.focus()
        else:
            self.set_focus(None)
        self.draw()

    def draw(self) -> None:
        session, shown = self.session, self.session.current
        left = session.remaining()
        progress = Text(f"{session.done} done · {left} left", justify="right")
        if shown and shown.marks.flagged:
            progress = Text.assemble(("⚑ flagged   ", "bold yellow"), progress, justify="right")
        self.query_one("#progress", Static).update(progress)
        prompt = self.query_one("#prompt", Static)
        kind = self.query_one("#kind", Static)
        answer = self.query_one("#answer", Static)
        explain = self.query_one("#explain", Static)
        result = self.query_one("#result", Static)
        ratings = self.query_one("#ratings", Static)
        kind.display = shown is not None
        if shown is None:
            next_due = session.next_due()
            wait = (next_due - self.workspace.clock.now()).total_seconds() if next_due else None
            prompt.update(render.summary_text(session.summary(), wait))
            answer.display = explain.display = result.display = False
            ratings.update(Text("Esc back to the decks", style="dim", justify="center"))
            self.refresh_bindings()
            return
        card, revealed, verdict = shown.card, session.revealed, session.verdict
        kind.update(Text(_KIND_LABEL[card.kind], style="dim"))
        if card.kind == "choice" and card.multiple:
            kind.update(Text("Choose every right answer", style="dim"))
        prompt.update(render.prompt_text(card, revealed))
        result.display = verdict is not None
        if verdict is not None:
            line = render.verdict_line(verdict)
            if card.kind == "typed":
                line = Text.assemble(line, "\n", render.typed_comparison(verdict.response, card))
            elif card.kind == "truefalse":
                line = Text.assemble(line, f"  You said {verdict.response}.")
            result.update(line)
        # A cloze is revealed in place; a choice shows its marks in the list.
        answer.display = revealed and card.kind not in ("cloze", "choice", "typed")
        if answer.display:
            shown_answer = card.answer
            if card.kind == "truefalse":
                shown_answer = f"The statement is {card.answer.lower()}."
            answer.update(literal(shown_answer, "bold"))
        explain.display = revealed and bool(card.explain)
        if explain.display:
            explain.update(literal(card.explain or "", "italic"))
        ratings.update(self._hint_or_ratings())
        self.refresh_bindings()

    def _hint_or_ratings(self) -> Text:
        session, shown = self.session, self.session.current
        assert shown is not None
        if session.revealed:
            return render.ratings_bar(shown, session.suggested_rating())
        kind = shown.card.kind
        if kind in SELF_GRADED:
            hint = [("Space", "bold reverse"), " show answer"]
        elif kind == "choice":
            hint = [
                ("1-9", "bold reverse"),
                " or ",
                ("↑↓", "bold reverse"),
                " pick" + (", Space toggles" if shown.card.multiple else ""),
                "   ",
                ("Enter", "bold reverse"),
                " check",
            ]
        elif kind == "truefalse":
            hint = [("t", "bold reverse"), " true   ", ("f", "bold reverse"), " false"]
        else:
            hint = [("Enter", "bold reverse"), " check your answer"]
        return Text.assemble(*hint, justify="center")

    def _bring_answer_into_view(self) -> None:
        """After a reveal or a check, scroll a long card so its answer shows."""
        for name in ("#answer", "#result", "#explain"):
            widget = self.query_one(name)
            if widget.display:
                self.call_after_refresh(widget.scroll_visible, animate=False)
                return

    # -- which keys apply now ---------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        shown, revealed = self.session.current, self.session.revealed
        kind = shown.card.kind if shown else None
        unanswered_choice = kind == "choice" and not revealed
        if action == "reveal":
            return kind in SELF_GRADED and not revealed
        if action == "pick_here":
            return unanswered_choice and shown.card.multiple
        if action == "check":
            return unanswered_choice
        if action == "accept":
            return revealed and self.session.suggested_rating() is not None
        if action == "true_false":
            return kind == "truefalse" and not revealed
        if action == "rate":
            return shown is not None and revealed
        if action == "pick":
            return unanswered_choice and int(parameters[0]) <= len(shown.card.choices)
        if action in ("bury", "suspend") and isinstance(self.focused, Input):
            # "-" and "@" type into the answer box; Textual's Footer would still offer them.
            return False
        if action in ("bury", "suspend", "flag"):
            return shown is not None
        if action == "undo":
            return self.session.done > 0
        return True

    # -- answering ------------------------------------------------------------------
    def action_reveal(self) -> None:
        self.session.reveal()
        self.draw()
        self._bring_answer_into_view()

    def action_pick(self, number: int) -> None:
        self.query_one(ChoiceList).pick(number - 1)

    def action_pick_here(self) -> None:
        self.query_one(ChoiceList).pick()

    def action_cursor(self, step: int) -> None:
        shown = self.session.current
        if shown and shown.card.kind == "choice" and not self.session.revealed:
            self.query_one(ChoiceList).move(step)
        else:
            card = self.query_one("#card", VerticalScroll)
            # Immediately: a deferred scroll counts from the old position, so keys typed
            # faster than the screen redraws (a held-down arrow) would be lost.
            card.scroll_relative(y=step, animate=False, immediate=True)

    def action_check(self) -> None:
        choices = self.query_one(ChoiceList)
        if not choices.picked:
            self.notify("Pick an option first.", severity="warning")
            return
        self.session.submit(grade_choice(self.session.current.card, set(choices.picked)))
        choices.show_result()
        self.draw()
        self._bring_answer_into_view()

    def action_true_false(self, value: bool) -> None:
        self.session.submit(grade_truefalse(self.session.current.card, value))
        self.draw()
        self._bring_answer_into_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        shown = self.session.current
        if shown is None or self.session.revealed or not event.value.strip():
            return
        self.session.submit(grade_typed(shown.card, event.value))
        event.input.disabled = True
        self.set_focus(None)
        self.draw()
        self._bring_answer_into_view()

    def action_accept(self) -> None:
        suggested = self.session.suggested_rating()
        if suggested is not None:
            self.action_rate(int(suggested))

    def action_rate(self, rating: int) -> None:
        self._write(lambda: self.session.answer(Rating(rating)))

    def action_undo(self) -> None:
        # Only this session's answers: the palette offers undo before any, and the
        # store's last review may belong to an earlier session or another deck.
        if self.session.done == 0:
            self.notify("Nothing to undo.", severity="warning")
            return
        self._write(self.session.undo, undo=True)

    def action_bury(self) -> None:
        self._write(self.session.bury, note="Buried until tomorrow: {}")

    def action_suspend(self) -> None:
        self._write(self.session.suspend, note="Suspended: {}")

    def action_flag(self) -> None:
        if self.busy or self.session.current is None:
            return
        flagged = self.session.toggle_flag()
        self.notify("Flagged." if flagged else "Flag removed.")
        self.draw()

    def action_back(self) -> None:
        if not self.busy:
            self.app.pop_screen()

    # -- writes off the screen's thread ----------------------------------------------------
    def _write(self, operation, *, note: str | None = None, undo: bool = False) -> None:
        if self.busy:
            return
        self.busy = True
        self._run_write(operation, note, undo)

    @work(thread=True, group="progress-writes")
    def _run_write(self, operation, note: str | None, undo: bool) -> None:
        try:
            result = operation()
        except Exception as exc:  # the learner must hear of a failed save
            self.app.call_from_thread(self._write_failed, exc)
            return
        self.app.call_from_thread(self._written, result, note, undo)

    def _written(self, result, note: str | None, undo: bool) -> None:
        self.busy = False
        if isinstance(result, Answered) and result.became_leech:
            self.notify(
                f"This card lapsed {self.workspace.config.leech_threshold} times: it is "
                "tagged leech and suspended. Rewrite it or study it another way.",
                title="Leech",
                severity="warning",
                timeout=8,
            )
        elif undo and result is None:
            self.notify("Nothing to undo.", severity="warning")
        elif note and result is not None:
            self.notify(note.format(result.prompt[:40]))
        self.load_card()

    def _write_failed(self, error: Exception) -> None:
        self.busy = False
        if isinstance(error, StaleCardError):
            # The session shows the card again as it now is: rate it once more.
            self.notify(str(error).capitalize(), severity="warning", timeout=8)
        else:
            self.notify(
                f"Could not save to the progress file: {error}", severity="error", timeout=10
            )
        self.draw()
