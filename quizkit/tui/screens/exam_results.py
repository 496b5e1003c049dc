"""An ended attempt: score, pass or fail, per topic, time taken, then the review (unless score only)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quizkit.deck.model import Exam
from quizkit.exam.attempts import ExamRoom, time_text
from quizkit.exam.model import Attempt, points, topic_breakdown
from quizkit.tui.literal import literal, visible
from quizkit.tui.widgets.attempt_review import AttemptReview

_ENDINGS = {"submitted": "submitted", "timed_out": "time ran out", "abandoned": "abandoned"}


class ExamResultsScreen(Screen[None]):
    CSS_PATH = "exam.tcss"
    BINDINGS = [
        Binding("up", "scroll(-1)", "Scroll up", show=False),
        Binding("down", "scroll(1)", "Scroll down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", show=False),
        Binding("pagedown", "scroll(10)", "Page down", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape,q", "back", "Back to the exam"),
    ]

    def __init__(self, room: ExamRoom, exam: Exam, attempt: Attempt) -> None:
        super().__init__()
        self.room, self.exam, self.attempt = room, exam, attempt

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="results", can_focus=False):
            yield Static(self._score(), id="score")
            yield Static(self._topics(), id="topics")
            if self.review_shown:
                cards = [
                    self.room.card(self.attempt.deck_id, q.card_id) for q in self.attempt.questions
                ]
                yield AttemptReview(self.attempt, cards, id="review")
            else:
                yield Static(
                    Text(
                        "This exam shows the score only: the questions and right answers "
                        "are not shown after an attempt.",
                        style="dim",
                    ),
                    id="review",
                )
        yield Footer(compact=True, show_command_palette=False)

    @property
    def review_shown(self) -> bool:
        # Practice always explains itself; certification follows the exam's `review`.
        return self.attempt.mode == "practice" or self.exam.review != "score_only"

    def on_mount(self) -> None:
        self.sub_title = visible(f"Results: {self.exam.title}")

    def _score(self) -> Text:
        attempt = self.attempt
        score, maximum = attempt.score or 0.0, attempt.max_score
        fraction = attempt.fraction or 0.0
        text = Text.assemble(literal(self.exam.title, "bold"), ("  ", ""))
        text.append(f"{attempt.mode} attempt\n\n", style="dim")
        text.append("Score      ")
        text.append(f"{points(score)} / {points(maximum)}  ({fraction:.0%})", style="bold")
        text.append("   ")
        if attempt.passed:
            text.append(" PASSED ", style="bold reverse green")
        else:
            text.append(" NOT PASSED ", style="bold reverse red")
        text.append(f"   pass mark {attempt.pass_mark:.0%}\n", style="dim")
        taken = attempt.time_taken()
        text.append("Time       ")
        text.append(time_text(taken) if taken is not None else "-", style="bold")
        if self.exam.time_limit and attempt.mode == "certification":
            text.append(f" of {time_text(self.exam.time_limit)}")
        text.append(f"   {_ENDINGS.get(attempt.ended_how or '', '')}", style="dim")
        if attempt.mode == "certification":
            status = self.room.status(self.exam)
            text.append(f"\nExam grade {'':0}")
            grade = "-" if status.grade is None else f"{status.grade:.0%}"
            text.append(grade, style="bold")
            text.append(f"  ({self.exam.grading} attempt counts)", style="dim")
            if status.passed:
                text.append("  passed", style="bold green")
        return text

    def _topics(self) -> Text:
        deck = self.room.decks[self.attempt.deck_id]
        text = Text("\nBy topic\n", style="bold")
        for result in topic_breakdown(self.attempt, [t.id for t in deck.topics]):
            title = deck.topic_title(result.topic) or "(no topic)"
            filled = round(result.fraction * 10)
            text.append("  ")
            name = literal(title)
            name.truncate(40, overflow="ellipsis", pad=True)
            text.append_text(name)
            text.append(" " + "█" * filled, style="green")
            text.append("░" * (10 - filled), style="dim")
            text.append(f" {points(result.score)}/{result.questions}", style="bold")
            text.append(f"  {result.fraction:4.0%}\n")
        text.rstrip()
        return text

    def action_scroll(self, lines: int) -> None:
        self.query_one("#results", VerticalScroll).scroll_relative(
            y=lines, animate=False, immediate=True
        )

    def action_back(self) -> None:
        self.app.pop_screen()
