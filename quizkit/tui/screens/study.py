"""Study: one card at a time, every card type, rated with 1-4.

Basic, reversible and cloze cards are self-graded: Space shows the answer.
Choice, true/false and typed cards are checked by the computer, which then
suggests a rating (Enter takes it); the learner can still pick another.

Every write to the progress file runs in a worker thread on the writers'
connection (never the main thread's) and comes back as a message (``Written`` / ``WriteFailed``) that this
screen handles on the main thread, as Harlequin does: the session is only ever
changed by the thread that draws it. While a write is pending every key waits.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from quizkit.deck.model import Deck
from quizkit.progress.store import ProgressStore, StaleCardError
from quizkit.study.grading import grade_choice, grade_truefalse, grade_typed
from quizkit.study.scheduler import Rating
from quizkit.study.writes import Write
from quizkit.tui import render
from quizkit.tui.literal import plain, say
from quizkit.tui.screens.pick_topic import PickTopic
from quizkit.tui.screens.study_notices import tell
from quizkit.tui.widgets.card_face import CardFace
from quizkit.tui.widgets.choice_list import ChoiceList
from quizkit.workspace import Workspace

SELF_GRADED = render.SELF_GRADED
# The nothing-due screen looks again at least this often (seconds), whatever the
# timers say: a suspended laptop's event loop does not count the hours it slept.
WAKE_AT_LEAST_EVERY = 300.0


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
        Binding("n", "more_new", "More new cards", show=False),
        Binding("m", "missed", "Missed cards again", show=False),
        Binding("p", "practise_topic", "Practise a topic", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape,q", "back", "Back"),
    ]

    HELP_NOTES = (
        ("Bury", "hides the card until the next study day."),
        ("Suspend", "hides it until you unsuspend it in b on home."),
        ("Flag", "marks it to look at later; still studied."),
        ("Undo", "takes back answers, burials, suspensions, flags."),
    )

    class Written(Message):
        """A write finished in its worker: the session is brought in line on the main thread."""

        def __init__(self, write: Write, result: object) -> None:
            super().__init__()
            self.write = write
            self.result = result

    class WriteFailed(Message):
        def __init__(self, write: Write, error: BaseException) -> None:
            super().__init__()
            self.write = write
            self.error = error

    def __init__(self, workspace: Workspace, decks: list[Deck]) -> None:
        super().__init__()
        self.workspace = workspace
        self.session = workspace.session(decks)
        self.deck_title = decks[0].title if len(decks) == 1 else "All decks"
        self.pending: Write | None = None
        self._writer: ProgressStore | None = None  # used by the write workers only
        self._wake: Timer | None = None
        self.wake_in: float | None = None  # seconds until the nothing-due screen looks again

    @property
    def busy(self) -> bool:
        return self.pending is not None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Container(id="progress-row"):
            yield Static(id="progress")
        with Container(id="stage"):
            yield CardFace(id="card")
        yield Static(id="ratings")
        # Compact, without the palette hint: every key fits in 80 columns.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        # A deck's title is the deck author's text: never markup, never escapes.
        self.sub_title = plain(self.deck_title)
        self.load_card()

    # -- drawing ---------------------------------------------------------------
    def load_card(self) -> None:
        """A new card is shown (or none is left): reset every part of the face."""
        typed = self.query_one(CardFace).load(self.session.current)
        if typed is not None:
            typed.focus()
        else:
            self.set_focus(None)
        self.draw()

    def draw(self) -> None:
        session, shown = self.session, self.session.current
        practice_left = session.practice.left() if session.practice.active else None
        self.query_one("#progress", Static).update(
            render.progress_line(session.counts(), shown, practice_left, session.done)
        )
        face = self.query_one(CardFace)
        ratings = self.query_one("#ratings", Static)
        if shown is None:
            face.draw_message(self._day_done())
            ratings.update(Text("Esc back to the decks", style="dim", justify="center"))
            self._schedule_wake()
        else:
            self._cancel_wake()
            face.draw(shown, revealed=session.revealed, verdict=session.verdict)
            ratings.update(self._hint_or_ratings())
        self.refresh_bindings()

    def _day_done(self) -> Text:
        session = self.session
        next_due = session.next_due()
        wait = (next_due - self.workspace.clock.now()).total_seconds() if next_due else None
        new_per_day = sum(session.options(d).new_per_day for d in session.decks)
        return render.day_done_text(
            session.summary(),
            wait,
            new_per_day,
            missed=len(session.missed_today()),
            topics=sum(len(d.topics) for d in session.decks),
        )

    def _hint_or_ratings(self) -> Text:
        session, shown = self.session, self.session.current
        assert shown is not None
        if session.revealed:
            return render.ratings_bar(shown, session.suggested_rating())
        return render.key_hint(shown.card)

    # -- the nothing-due screen looks again by itself --------------------------------
    def _schedule_wake(self) -> None:
        """At the rollover, or when the next learning card falls due, show it."""
        self._cancel_wake()
        now = self.workspace.clock.now()
        moments: list[datetime] = [self.session.study_day().end]
        next_due = self.session.next_due()
        if next_due is not None:
            moments.append(next_due)
        seconds = max(1.0, (min(moments) - now).total_seconds())
        self.wake_in = seconds
        self._wake = self.set_timer(min(seconds, WAKE_AT_LEAST_EVERY), self.wake)

    def _cancel_wake(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        self.wake_in = None

    def wake(self) -> None:
        """Look for a card again (the timer's callback)."""
        self._wake = None
        if self.session.current is None and not self.busy:
            self.session.advance()
            self.load_card()

    # -- which keys apply now ---------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.busy:
            return False  # every key waits for the pending write
        shown, revealed = self.session.current, self.session.revealed
        kind = shown.card.kind if shown else None
        unanswered_choice = kind == "choice" and not revealed
        if action == "reveal":
            return kind in SELF_GRADED and not revealed
        if action == "pick_here":
            return unanswered_choice
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
            return shown is not None and not shown.practice
        if action == "undo":
            return self.session.can_undo
        if action in ("more_new", "missed", "practise_topic"):
            return shown is None
        return True

    # -- answering ------------------------------------------------------------------
    def action_reveal(self) -> None:
        self.session.reveal()
        self.draw()
        self.query_one(CardFace).bring_answer_into_view()

    def action_pick(self, number: int) -> None:
        self.query_one(ChoiceList).pick(number - 1)

    def action_pick_here(self) -> None:
        """Space: toggles the highlighted option (multi-answer), or picks it (single)."""
        self.query_one(ChoiceList).pick()

    def action_cursor(self, step: int) -> None:
        shown = self.session.current
        if shown and shown.card.kind == "choice" and not self.session.revealed:
            self.query_one(ChoiceList).move(step)
        else:
            # Immediately: a deferred scroll counts from the old position, so keys typed
            # faster than the screen redraws (a held-down arrow) would be lost.
            self.query_one(CardFace).scroll_relative(y=step, animate=False, immediate=True)

    def action_check(self) -> None:
        choices = self.query_one(ChoiceList)
        card = self.session.current.card
        if not choices.picked and not card.multiple:
            choices.pick()  # Enter on the highlighted option selects and checks it
        if not choices.picked:
            say(
                self,
                "Pick an option first (Space toggles the highlighted one).",
                severity="warning",
            )
            return
        self.session.submit(grade_choice(card, set(choices.picked)))
        choices.show_result()
        self.draw()
        self.query_one(CardFace).bring_answer_into_view()

    def action_true_false(self, value: bool) -> None:
        self.session.submit(grade_truefalse(self.session.current.card, value))
        self.draw()
        self.query_one(CardFace).bring_answer_into_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        shown = self.session.current
        if self.busy or shown is None or self.session.revealed or not event.value.strip():
            return
        self.session.submit(grade_typed(shown.card, event.value))
        event.input.disabled = True
        self.set_focus(None)
        self.draw()
        self.query_one(CardFace).bring_answer_into_view()

    def action_accept(self) -> None:
        suggested = self.session.suggested_rating()
        if suggested is not None:
            self.action_rate(int(suggested))

    def action_rate(self, rating: int) -> None:
        self._write(self.session.plan_answer(Rating(rating)))

    def action_undo(self) -> None:
        write = self.session.plan_undo()
        if write is None:
            say(self, "Nothing to undo.", severity="warning")
            return
        self._write(write)

    def action_bury(self) -> None:
        self._write(self.session.plan_bury())

    def action_suspend(self) -> None:
        self._write(self.session.plan_suspend())

    def action_flag(self) -> None:
        self._write(self.session.plan_flag())

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- custom study ------------------------------------------------------------------
    def action_more_new(self) -> None:
        self.session.learn_more_new(render.MORE_NEW)
        if self.session.current is None:
            say(self, "No new cards are left in these decks.", severity="warning")
        self.load_card()

    def action_missed(self) -> None:
        missed = self.session.missed_today()
        if not missed:
            say(self, "No card was missed today.")
            return
        self.session.practise(missed)
        self.load_card()

    def action_practise_topic(self) -> None:
        topics = [(deck, topic) for deck in self.session.decks for topic in deck.topics]
        if not topics:
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                deck, topic = topics[index]
                self.session.practise(self.session.topic_cards(deck, topic.id))
                self.load_card()

        self.app.push_screen(PickTopic([t.title for _, t in topics]), chosen)

    # -- writes off the screen's thread ----------------------------------------------------
    def _write(self, write: Write) -> None:
        if self.busy:
            return
        # check_action holds every key from now on; the Footer is not redrawn for the
        # few milliseconds a write takes (that redraw would compete with the write).
        self.pending = write
        self._run_write(write)

    @work(thread=True, group="progress-writes")
    def _run_write(self, write: Write) -> None:
        try:
            # The writers' connection, never the main thread's. Opened by the first
            # write and kept: writes run one at a time (every key waits for the
            # pending one), and a fresh connection per write costs more than the
            # write (it reads the schema again).
            if self._writer is None:
                self._writer = self.workspace.store.open_another()
                self._writer.defer_checkpoints()
            result = write.run(self._writer)
        except Exception as exc:  # the learner must hear of a failed save
            self.post_message(self.WriteFailed(write, exc))
            return
        self.post_message(self.Written(write, result))
        # After the hand-over: the next card is picked and drawn meanwhile.
        self._writer.checkpoint_if_due()

    def on_unmount(self) -> None:
        if self._writer is not None and not self.busy:
            self._writer.close()

    def on_study_screen_written(self, message: Written) -> None:
        self.pending = None
        try:
            applied = self.session.apply(message.write, message.result)
        except Exception as exc:  # saved: only showing the next card failed
            say(
                self,
                f"Saved. The next card could not be shown: {exc or type(exc).__name__}",
                severity="error",
                timeout=10,
            )
            self.draw()
            return
        tell(self, applied, self.workspace.config.leech_threshold)
        self.load_card()

    def on_study_screen_write_failed(self, message: WriteFailed) -> None:
        self.pending = None
        error = message.error
        if self.session.failed(message.write, error):
            # The session shows the card again as it now is: rate it once more.
            say(self, str(error).capitalize(), severity="warning", timeout=8)
        elif isinstance(error, StaleCardError):
            say(self, str(error).capitalize(), severity="warning", timeout=8)
        else:
            reason = str(error) or type(error).__name__
            say(self, f"Not saved: {reason}", title="Progress file", severity="error", timeout=10)
        self.draw()
