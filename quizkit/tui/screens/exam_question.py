"""Sitting an exam: one question at a time, free to move, flag, see the overview and submit.

Answers are committed on this thread before the next question shows: an
answer the screen has moved past is in the file (a commit is a few
milliseconds, well inside a frame). Navigation keys are control keys with
priority, so they work inside a typed answer too. Practice shows the right
answer and the explanation after each question; certification shows nothing
until the attempt is submitted.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from quizkit.deck.model import Card, Exam
from quizkit.exam.attempts import AttemptClosedError, ExamRoom
from quizkit.exam.model import Attempt, Response
from quizkit.tui import render
from quizkit.tui.literal import literal, visible
from quizkit.tui.screens.exam_confirm import ConfirmSubmitScreen
from quizkit.tui.screens.exam_overview import ExamOverviewScreen
from quizkit.tui.widgets.attempt_review import mark_line, right_answer_text
from quizkit.tui.widgets.choice_list import ChoiceList
from quizkit.tui.widgets.countdown import Countdown

_KIND_LABEL = {
    "cloze": "Fill the gap",
    "choice": "Choose one",
    "truefalse": "True or false?",
    "typed": "Type the answer",
}


class ExamQuestionScreen(Screen[None]):
    CSS_PATH = "exam.tcss"
    BINDINGS = [
        Binding("enter", "record", "Record"),
        *(Binding(str(n), f"pick({n})", f"Pick option {n}", show=False) for n in range(1, 10)),
        Binding("space", "pick_here", "Toggle option", show=False),
        Binding("up", "cursor(-1)", "Option above", show=False),
        Binding("down", "cursor(1)", "Option below", show=False),
        Binding("t", "true_false(True)", "True", show=False),
        Binding("f", "true_false(False)", "False", show=False),
        Binding("pagedown,ctrl+n", "move(1)", "Next", priority=True),
        Binding("pageup,ctrl+b", "move(-1)", "Prev", priority=True),
        Binding("ctrl+f", "flag", "Flag", priority=True),
        Binding("ctrl+o", "overview", "Overview", priority=True),
        Binding("ctrl+s", "submit", "Submit", priority=True),
        Binding("f1", "app.help", "Help", priority=True),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, room: ExamRoom, exam: Exam, attempt: Attempt) -> None:
        super().__init__()
        self.room, self.exam, self.attempt = room, exam, attempt
        self.index = 0
        self.pending: Response | None = None  # chosen on this question, not yet recorded
        self.shown_feedback = False  # practice: the feedback of this question is showing
        self.finished = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="exam-bar"):
            yield Static(id="position")
            yield Countdown(self.room.clock, self.attempt.deadline, id="countdown")
        with VerticalScroll(id="question", can_focus=False):
            yield Static(id="kind", classes="kind")
            yield Static(id="prompt")
            yield ChoiceList(id="choices")
            yield Static(id="truefalse")
            yield Input(id="typed", placeholder="Type your answer, then Enter")
            yield Static(id="feedback")
        yield Static(id="exam-hint")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        mode = "Practice" if self.attempt.mode == "practice" else "Certification"
        self.title = "quizkit"
        self.sub_title = visible(f"{mode}: {self.exam.title}")
        first_open = next(
            (i for i in range(len(self.attempt.questions)) if i not in self.attempt.answers), 0
        )
        self.show(first_open)

    # -- what is shown ------------------------------------------------------------------
    def card(self, index: int | None = None) -> Card | None:
        question = self.attempt.questions[self.index if index is None else index]
        card = self.room.card(self.attempt.deck_id, question.card_id)
        if card is not None and card.kind == "choice":
            return replace(card, choices=question.choices)  # the order drawn for this attempt
        return card

    def show(self, index: int) -> None:
        """Show question ``index`` with the answer recorded for it, if any."""
        self.index = index
        self.shown_feedback = False
        card = self.card()
        given = self.attempt.answers.get(index)
        self.pending = given.response if given else None
        choices = self.query_one(ChoiceList)
        choices.load(card)
        if card is not None and given and given.response.picked is not None:
            choices.picked = set(given.response.picked)
            choices.redraw()
        typed = self.query_one("#typed", Input)
        typed.display = card is not None and card.kind in ("typed", "cloze")
        typed.disabled = not typed.display
        typed.value = (given.response.text or "") if given and typed.display else ""
        # At once, not typed.focus() (which waits a turn): letters typed the moment the
        # question shows must land in the box.
        self.set_focus(typed if typed.display else None)
        self.query_one("#question", VerticalScroll).scroll_home(animate=False)
        self.draw()

    def draw(self) -> None:
        card, attempt = self.card(), self.attempt
        topic = self.room.decks[attempt.deck_id].topic_title(attempt.questions[self.index].topic)
        position = Text.assemble(
            (f"Question {self.index + 1} of {len(attempt.questions)}", "bold"),
            (f"  {len(attempt.answers)} answered", "dim"),
            no_wrap=True,
            overflow="ellipsis",
        )
        if self.index in attempt.flags:
            position.append("  ⚑ flagged", style="bold yellow")
        # Last, so a narrow terminal cuts the topic, not the counts.
        position.append("  ·  ", style="dim")
        position.append_text(literal(topic, "dim"))
        self.query_one("#position", Static).update(position)
        kind = self.query_one("#kind", Static)
        prompt = self.query_one("#prompt", Static)
        if card is None:
            kind.update(Text("Removed from the deck", style="dim"))
            prompt.update(Text("This question is no longer in the deck; it scores 0."))
        else:
            label = "Choose every right answer" if card.multiple else _KIND_LABEL[card.kind]
            kind.update(Text(label, style="dim"))
            prompt.update(render.prompt_text(card, revealed=False))
        self._draw_truefalse(card)
        self._draw_feedback(card)
        self.query_one("#exam-hint", Static).update(self._hint(card))
        self.refresh_bindings()

    def _draw_truefalse(self, card: Card | None) -> None:
        widget = self.query_one("#truefalse", Static)
        widget.display = card is not None and card.kind == "truefalse"
        if widget.display:
            value = self.pending.value if self.pending else None
            text = Text()
            for label, this in (("True", True), ("False", False)):
                chosen = value is this
                text.append(f"{'(•)' if chosen else '( )'} {label}    ", "bold" if chosen else "")
            widget.update(text)

    def _draw_feedback(self, card: Card | None) -> None:
        feedback = self.query_one("#feedback", Static)
        given = self.attempt.answers.get(self.index)
        feedback.display = self.shown_feedback and card is not None and given is not None
        if not feedback.display:
            return
        assert card is not None and given is not None
        text = mark_line(given.mark)
        text.append("\n")
        text.append_text(right_answer_text(card))
        if card.explain:
            text.append("\n")
            text.append_text(literal(card.explain, "italic"))
        feedback.update(text)

    def _hint(self, card: Card | None) -> Text:
        if self.shown_feedback:
            return Text.assemble(("Enter", "bold reverse"), " next question", justify="center")
        if card is None:
            hint: list = []
        elif card.kind == "choice":
            toggles = ", Space toggles" if card.multiple else ""
            hint = [("1-9", "bold reverse"), " or ", ("↑↓", "bold reverse"), f" pick{toggles}   "]
        elif card.kind == "truefalse":
            hint = [("t", "bold reverse"), " true   ", ("f", "bold reverse"), " false   "]
        else:
            hint = []
        return Text.assemble(
            *hint, ("Enter", "bold reverse"), " record and go on", justify="center"
        )

    # -- which keys apply ---------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card = self.card()
        kind = card.kind if card else None
        if action in ("pick", "pick_here", "cursor"):
            if kind != "choice" or self.shown_feedback:
                return False
            if action == "pick":
                return int(parameters[0]) <= len(card.choices)  # type: ignore[union-attr]
            return card.multiple or action == "cursor"  # type: ignore[union-attr]
        if action == "true_false":
            return kind == "truefalse" and not self.shown_feedback
        return True

    # -- answering ------------------------------------------------------------------------
    def action_pick(self, number: int) -> None:
        self.query_one(ChoiceList).pick(number - 1)
        self._choice_changed()

    def action_pick_here(self) -> None:
        self.query_one(ChoiceList).pick()
        self._choice_changed()

    def action_cursor(self, step: int) -> None:
        self.query_one(ChoiceList).move(step)
        self._choice_changed()

    def _choice_changed(self) -> None:
        self.pending = Response(picked=self._picked())

    def _picked(self) -> tuple[str, ...]:
        choices = self.query_one(ChoiceList)
        return tuple(c for c in choices.card.choices if c in choices.picked) if choices.card else ()

    def action_true_false(self, value: bool) -> None:
        self.pending = Response(value=value)
        self._draw_truefalse(self.card())

    def on_key(self, event: events.Key) -> None:
        """A letter typed while the answer box is not focused (a click elsewhere) goes into it."""
        typed = self.query_one("#typed", Input)
        if (
            typed.display
            and not typed.disabled
            and self.focused is not typed
            and event.is_printable
            and event.character
        ):
            event.stop()
            event.prevent_default()
            self.set_focus(typed)
            # After the box's Focus event in its queue, so the letter lands where typing would.
            typed.post_message(events.Key(event.key, event.character))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.pending = Response(text=event.value) if event.value.strip() else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_record()

    def action_record(self) -> None:
        """Enter: record the answer, then (practice) show feedback or go to the next question."""
        if self.shown_feedback:
            self._next_or_overview()
            return
        if not self._save_pending():
            return
        if self.attempt.mode == "practice" and self.index in self.attempt.answers:
            self.shown_feedback = True
            typed = self.query_one("#typed", Input)
            typed.disabled = True
            self.set_focus(None)
            self.query_one(ChoiceList).show_result()
            self.draw()
            return
        self._next_or_overview()

    def _next_or_overview(self) -> None:
        if self.index + 1 < len(self.attempt.questions):
            self.show(self.index + 1)
        else:
            self.action_overview()

    def _save_pending(self) -> bool:
        """Commit the pending answer if it differs from the recorded one; False once time is up."""
        typed = self.query_one("#typed", Input)
        if typed.display and not typed.disabled:
            # The box itself, not the last Changed message: Enter may come before it.
            self.pending = Response(text=typed.value) if typed.value.strip() else None
        given = self.attempt.answers.get(self.index)
        if self.pending is None or (given is not None and given.response == self.pending):
            return True
        try:
            self.room.answer(self.attempt, self.index, self.pending)
        except AttemptClosedError:
            self.time_up()
            return False
        return True

    # -- moving, flagging, submitting ------------------------------------------------------
    def action_move(self, step: int) -> None:
        if self._save_pending():
            self.show((self.index + step) % len(self.attempt.questions))

    def action_flag(self) -> None:
        flagged = self.index not in self.attempt.flags
        try:
            self.room.flag(self.attempt, self.index, flagged)
        except AttemptClosedError:
            self.time_up()
            return
        self.draw()

    def action_overview(self) -> None:
        if self._save_pending():
            self.app.push_screen(ExamOverviewScreen(self.attempt, self.index), self._overview_done)

    def _overview_done(self, choice: int | str | None) -> None:
        if choice == "submit":
            self.action_submit()
        elif isinstance(choice, int):
            self.show(choice)

    def action_submit(self) -> None:
        if not self._save_pending():
            return
        self.app.push_screen(ConfirmSubmitScreen(self.attempt), self._confirmed)

    def _confirmed(self, yes: bool | None) -> None:
        if yes:
            self._finish()

    def on_countdown_time_up(self, _message: Countdown.TimeUp) -> None:
        self.time_up()

    def time_up(self) -> None:
        if self.finished or self not in self.app.screen_stack:
            return
        if not self.is_current:
            # A confirmation or the overview is on top: close it first.
            while self.app.screen is not self:
                self.app.pop_screen()
        # An answer chosen but not yet recorded (Enter) when the time ran out does not count:
        # the records accept nothing after the deadline.
        if self.attempt.expired(self.room.clock.now()):
            self.notify("Time is up: the attempt was submitted with the answers given.", timeout=8)
        else:
            self.notify("This attempt was ended in another window.", timeout=8)
        self._finish()

    def _finish(self) -> None:
        from quizkit.tui.screens.exam_results import ExamResultsScreen

        if self.finished:  # the time ran out as the learner confirmed: one ending
            return
        self.finished = True
        ended = self.room.submit(self.attempt)
        self.app.switch_screen(ExamResultsScreen(self.room, self.exam, ended))
        self.app.attempt_ended()

    def action_leave(self) -> None:
        if self.attempt.mode == "practice":
            self._save_pending()
            self.room.submit(self.attempt, abandon=True)
            self.app.pop_screen()
            self.app.attempt_ended()  # an abandoned practice has statements too
            return
        if self._save_pending():
            self.notify(
                "The attempt stays open and its clock keeps running: r on the exam's screen "
                "resumes it.",
                timeout=8,
            )
            self.app.pop_screen()
