"""Exam attempts against the pass mark: one line per ended attempt, a bar and the score,
with the pass mark drawn across the bars."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from quizkit.report.exam_stats import ExamAttempts
from quizkit.tui.literal import literal

BAR = 30
SHOWN = 8  # the latest attempts of each exam


class ExamAttemptsPanel(Static):
    def show(self, exams: list[ExamAttempts]) -> None:
        text = Text()
        for exam in exams:
            if text:
                text.append("\n\n")
            text.append_text(literal(exam.title, style="bold"))
            text.append(f"   pass mark {exam.pass_mark:.0%}", style="dim")
            if not exam.attempts:
                text.append("\n  No attempt finished yet.", style="dim")
            if len(exam.attempts) > SHOWN:
                text.append(f"\n  … {len(exam.attempts) - SHOWN} earlier attempts", style="dim")
            for attempt in exam.attempts[-SHOWN:]:
                text.append("\n  ")
                text.append(attempt.ended_at.strftime("%d %b %Y"), style="dim")
                text.append(f"  {'cert.' if attempt.mode == 'certification' else 'pract.':<6} ")
                text.append_text(score_bar(attempt.score, exam.pass_mark, attempt.passed))
                text.append(f" {attempt.score:4.0%} ", style="bold")
                text.append(
                    "passed" if attempt.passed else "not passed",
                    style="green" if attempt.passed else "red",
                )
        self.update(text)


def score_bar(score: float, pass_mark: float, passed: bool) -> Text:
    """The score as a bar, with the pass mark as a │ across it."""
    filled = round(score * BAR)
    mark = min(BAR - 1, round(pass_mark * BAR))
    bar = Text()
    for cell in range(BAR):
        if cell == mark:
            bar.append("│", style="bold yellow")
        elif cell < filled:
            bar.append("█", style="green" if passed else "red")
        else:
            bar.append("░", style="dim")
    return bar
