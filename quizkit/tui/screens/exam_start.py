"""An exam's start screen: what a candidate must know, then `c` certification, `p` practice, `r` resume."""

from __future__ import annotations

from datetime import date, datetime

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quizkit.deck.model import Deck, Exam
from quizkit.exam.attempts import ExamLocked, ExamRoom, ExamStatus, time_text
from quizkit.exam.draw import DrawError, prepare_draws
from quizkit.exam.model import Mode
from quizkit.exam.outlook import Outlook
from quizkit.tui.literal import literal, visible
from quizkit.tui.screens.exam_date import ExamDateScreen
from quizkit.tui.widgets.readiness_panel import readiness_panel

_GRADING = {
    "highest": "the highest attempt counts",
    "average": "the average of all attempts counts",
    "first": "the first attempt counts",
    "last": "the last attempt counts",
}


class ExamStartScreen(Screen[None]):
    CSS_PATH = "exam.tcss"
    BINDINGS = [
        Binding("c", "begin('certification')", "Certification"),
        Binding("p", "begin('practice')", "Practice"),
        Binding("r", "resume", "Resume"),
        Binding("s", "submit_open", "Submit open attempt"),
        Binding("d", "exam_date", "Exam date"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(self, room: ExamRoom, deck: Deck, exam: Exam) -> None:
        super().__init__()
        self.room, self.deck, self.exam = room, deck, exam
        self.status: ExamStatus = room.status(exam)
        self.outlook: Outlook | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="exam-start", can_focus=False):
            yield Static(id="exam-title")
            yield Static(id="facts")
            yield Static(readiness_panel(self.deck, None), id="readiness")
            yield Static(id="exam-notes")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = visible(self.exam.title)
        self.refresh_status()
        self._prepare_draws()

    @work(thread=True, group="exam-draws")
    def _prepare_draws(self) -> None:
        # Index the deck for drawing while the candidate reads this screen: at 100,000
        # cards that walk costs more than the draw itself.
        prepare_draws(self.deck)

    def on_screen_resume(self) -> None:
        self.refresh_status()
        self._load_readiness()

    # -- readiness (docs/readiness.md) ---------------------------------------------
    @work(thread=True, exclusive=True, group="exam-readiness")
    def _load_readiness(self) -> None:
        # Off the main thread: it reads every studied card of the deck.
        workspace = getattr(self.app, "workspace", None)
        if workspace is None:
            return
        outlook = workspace.outlook(self.deck, self.exam)
        self.app.call_from_thread(self._show_readiness, outlook)

    def _show_readiness(self, outlook: Outlook) -> None:
        self.outlook = outlook
        self.query_one("#readiness", Static).update(readiness_panel(self.deck, outlook))

    def action_exam_date(self) -> None:
        current = self.outlook.exam_date if self.outlook is not None else None
        self.app.push_screen(ExamDateScreen(current), self._date_chosen)

    def _date_chosen(self, result: tuple[bool, date | None] | None) -> None:
        if result and result[0]:
            self._save_date(result[1])

    # Not exclusive with the readiness load that coming back to this screen starts: that
    # would cancel the write before it ran.
    @work(thread=True, group="exam-date")
    def _save_date(self, day: date | None) -> None:
        workspace = getattr(self.app, "workspace", None)
        if workspace is None:
            return
        workspace.store.set_exam_date(self.exam.id, day)
        outlook = workspace.outlook(self.deck, self.exam)
        self.app.call_from_thread(self._show_readiness, outlook)

    def refresh_status(self) -> None:
        self.status = self.room.status(self.exam)
        self.query_one("#exam-title", Static).update(self._title())
        self.query_one("#facts", Static).update(self._facts())
        self.query_one("#exam-notes", Static).update(self._notes())
        self.refresh_bindings()

    def _local(self, moment: datetime) -> str:
        return f"{moment.astimezone(self.room.clock.local_zone()):%Y-%m-%d %H:%M}"

    def _title(self) -> Text:
        text = Text.assemble(literal(self.exam.title, "bold"), "\n")
        text.append_text(literal(self.deck.title, "dim"))
        if self.deck.version:
            text.append_text(literal(f"  (version {self.deck.version})", "dim"))
        return text

    def _facts(self) -> Table:
        """Label and value, a value wrapping under itself (a long blueprint)."""
        exam, status = self.exam, self.status
        topics = len({d.topic for d in exam.draws})
        rows: list[tuple[str, Text]] = [
            (
                "Questions",
                Text(f"{exam.questions}" + (f", drawn from {topics} topics" if topics else "")),
            ),
            ("Pass mark", Text(f"{exam.pass_mark:.0%}")),
            ("Time limit", Text(_limit(exam))),
            ("Attempts", Text(_attempts(exam, status))),
            ("Grading", Text(_GRADING[exam.grading])),
            ("Your grade", Text(_grade(status))),
            ("Next attempt", Text(self._next_attempt(status))),
        ]
        if exam.review == "score_only":
            rows.append(("Review", Text("the score only: right answers are not shown")))
        if exam.draws:
            rows.append(("Topics", self._topics()))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True, width=13)
        grid.add_column(style="bold", ratio=1)
        for label, value in rows:
            grid.add_row(label, value)
        return grid

    def _topics(self) -> Text:
        """The blueprint on as few lines as it takes: ``Topic 4 · Topic 3 · ...``."""
        text = Text()
        for number, draw in enumerate(self.exam.draws):
            if number:
                text.append(" · ", style="dim")
            text.append_text(literal(self.deck.topic_title(draw.topic), "not bold"))
            text.append(f" {draw.count}")
        return text

    def _next_attempt(self, status: ExamStatus) -> str:
        if status.left == 0:
            return "none: every attempt is used"
        if status.open_attempt is not None:
            return "after the open attempt is submitted"
        if status.next_attempt_at is not None:
            return f"from {self._local(status.next_attempt_at)}"
        return "now"

    def _notes(self) -> Text:
        status, text = self.status, Text()
        if status.changed_since_last:
            text.append(
                "This exam's questions changed since your last attempt.\n", style="bold yellow"
            )
        open_attempt = status.open_attempt
        if open_attempt is not None:
            left = open_attempt.time_left(self.room.clock.now())
            clock = f" with {time_text(left)} left" if left is not None else ""
            text.append(f"An attempt is open{clock}: ", style="bold yellow")
            text.append(f"{len(open_attempt.answers)} of {len(open_attempt.questions)} answered.\n")
            text.append_text(_keys(("r", "resume it"), ("s", "submit it as it stands")))
            return text
        keys = [("p", "practice: untimed, with feedback")]
        if self._may_begin():
            keys.insert(0, ("c", "begin a certification attempt"))
        text.append_text(_keys(*keys))
        return text

    def _may_begin(self) -> bool:
        status = self.status
        return status.open_attempt is None and status.left != 0 and status.next_attempt_at is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resume", "submit_open"):
            return self.status.open_attempt is not None
        if action == "begin" and parameters and parameters[0] == "certification":
            return self._may_begin()
        return True

    def action_begin(self, mode: Mode) -> None:
        try:
            attempt = self.room.start(self.exam, mode)
        except (ExamLocked, DrawError) as exc:
            self.notify(str(exc), severity="warning", timeout=8, markup=False)
            self.refresh_status()
            return
        self._open(attempt)

    def action_resume(self) -> None:
        self.refresh_status()  # the time may have run out since the screen was drawn
        if self.status.open_attempt is not None:
            self._open(self.status.open_attempt)
        else:
            self.notify("The open attempt's time ran out: it was submitted.", timeout=8)

    def action_submit_open(self) -> None:
        from quizkit.tui.screens.exam_confirm import ConfirmSubmitScreen

        attempt = self.status.open_attempt
        if attempt is not None:
            self.app.push_screen(ConfirmSubmitScreen(attempt), self._submit_confirmed)

    def _submit_confirmed(self, yes: bool | None) -> None:
        from quizkit.tui.screens.exam_results import ExamResultsScreen

        attempt = self.status.open_attempt
        if yes and attempt is not None:
            ended = self.room.submit(attempt)
            self.app.push_screen(ExamResultsScreen(self.room, self.exam, ended))

    def _open(self, attempt) -> None:
        from quizkit.tui.screens.exam_question import ExamQuestionScreen

        self.app.push_screen(ExamQuestionScreen(self.room, self.exam, attempt))

    def action_back(self) -> None:
        self.app.pop_screen()


def _limit(exam: Exam) -> str:
    if exam.time_limit is None:
        return "none"
    minutes = exam.time_limit.total_seconds() / 60
    spoken = f"{minutes:g} minutes" if minutes >= 1 else f"{exam.time_limit.seconds} seconds"
    return f"{spoken} for a certification attempt (practice is untimed)"


def _attempts(exam: Exam, status: ExamStatus) -> str:
    if status.left is None:
        return f"{status.used} used, unlimited"
    return f"{status.used} used, {status.left} left (of {exam.attempts})"


def _grade(status: ExamStatus) -> str:
    if status.grade is None:
        return "not attempted" if not status.attempts else "no graded attempt yet"
    verdict = "passed" if status.passed else "not passed"
    return f"{status.grade:.0%} ({verdict}; best {status.best:.0%})"


def _keys(*pairs: tuple[str, str]) -> Text:
    """Key hints on one line (they wrap on a narrow terminal)."""
    text = Text()
    for number, (key, what) in enumerate(pairs):
        text.append("    " if number else "")
        text.append(f" {key} ", style="bold reverse")
        text.append(f" {what}")
    return text
