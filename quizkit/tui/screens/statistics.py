"""Statistics: a heatmap of the past year's reviews, the due forecast, study time and true
retention week by week, mastery per topic, and exam attempts against the pass mark
(docs/statistics.md).

Charts are drawn with textual-plotext, which this module alone imports: the home
screen starts without it. The figures are counted in worker threads: those of the
first view (``study_timeline``) before the screen is pushed (``open_counted``), so its
first frame has its charts; mastery per topic (``with_cards``), further down, after.
"""

from __future__ import annotations

from functools import partial
from weakref import WeakKeyDictionary

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from quizkit.base import paths
from quizkit.report.exam_stats import ExamAttempts, exam_attempts
from quizkit.report.study_stats import (
    StudyStats,
    study_timeline,
    true_retention,
    weekly,
    with_cards,
)
from quizkit.report.summary_text import duration_text
from quizkit.tui.literal import literal
from quizkit.tui.screens.open import open_profile
from quizkit.tui.widgets.exam_attempts import ExamAttemptsPanel
from quizkit.tui.widgets.review_heatmap import ReviewHeatmap
from quizkit.tui.widgets.topic_mastery import TopicMastery
from quizkit.workspace import Workspace

WEEKS = 26


# Opened from home, the screen is pushed once the first view's figures are counted, so its
# first frame has them; past this many seconds (the first run of a study day counts every
# day of the log) it opens without them and fills them in.
PUSH_WITHIN = 0.3
_opening: WeakKeyDictionary[App, StatisticsScreen] = WeakKeyDictionary()


def open_counted(app: App, workspace: Workspace) -> None:
    """Count the first view's figures in a thread, then push the statistics screen with them.

    Home stays as it is meanwhile (no frame of empty charts); a second key press while
    counting opens nothing more.
    """
    if app in _opening:
        return
    screen = _opening[app] = StatisticsScreen(workspace, counted_first=True)
    app.run_worker(partial(screen.count_timeline, app), thread=True, group="statistics-first")
    app.set_timer(PUSH_WITHIN, partial(screen.push, app))


class StatisticsScreen(Screen[None]):
    CSS_PATH = "statistics.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("p", "edit_profile", "Edit profile"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape,q", "app.pop_screen", "Back"),
    ]

    def __init__(self, workspace: Workspace, *, counted_first: bool = False) -> None:
        """``counted_first``: ``open_counted`` counts the first view and pushes the screen;
        otherwise the screen counts once mounted."""
        super().__init__()
        self.workspace = workspace
        self.stats: StudyStats | None = None
        self._counted_first = counted_first
        self._first: tuple[StudyStats, list[ExamAttempts]] | None = None
        self._pushed = False
        self._now = workspace.clock.now()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="statistics"):
            yield Static(id="learner")
            yield Static(id="overview")
            yield Static("Reviews in the past year", classes="section")
            yield ReviewHeatmap(id="heatmap")
            with Grid(id="charts"):
                yield PlotextPlot(id="forecast")
                yield PlotextPlot(id="study-time")
                yield PlotextPlot(id="retention")
                yield PlotextPlot(id="reviews")
            yield Static("Mastery by topic", classes="section")
            yield TopicMastery(Text("Counting cards…", style="dim"), id="topics")
            if any(deck.exams for deck in self.workspace.decks):
                yield Static("Exam attempts against the pass mark", classes="section")
                yield ExamAttemptsPanel(id="exams")
        yield Footer()

    def on_mount(self) -> None:
        self._pushed = True  # by ``push``, or by whoever pushed it directly
        self.sub_title = "Statistics"
        # The width's class now, not at the first resize: the charts' grid would be laid
        # out one column wide, then two, and plotext would draw every chart twice.
        wide = self.app.size.width >= self.HORIZONTAL_BREAKPOINTS[1][0]
        self.set_class(wide, "-wide").set_class(not wide, "-narrow")
        self.show_learner()
        if self._first is not None:
            self.show_stats(*self._first)
            return
        # Empty charts are not drawn while the figures are counted: plotext
        # would lay out four blank plots only to do it again.
        self.query_one("#charts").display = False
        if not self._counted_first:
            self.run_worker(partial(self.count_timeline, self.app), thread=True, group="statistics")

    def push(self, app: App) -> None:
        """Push the screen, once: when its first figures are in, or when ``PUSH_WITHIN`` is up."""
        if not self._pushed:
            self._pushed = True
            _opening.pop(app, None)
            app.push_screen(self)

    def count_timeline(self, app: App) -> None:
        """In a thread: the figures the first view shows (the overview, the heatmap, the
        charts), and the exam attempts; ``app``: where to show them (the screen may not be
        pushed yet)."""
        workspace, worker = self.workspace, get_current_worker()
        # A connection of its own: a study screen underneath may write meanwhile.
        store = workspace.store.open_another()
        try:
            timeline = study_timeline(
                store,
                workspace.decks,
                self._now,
                workspace.clock.local_zone(),
                workspace.config.rollover_hour,
                cache_dir=paths.cache_dir(),
            )
            exams = exam_attempts(store, workspace.decks)
        finally:
            store.close()
        if not worker.is_cancelled:
            app.call_from_thread(self._timeline_counted, app, timeline, exams)

    def _timeline_counted(self, app: App, timeline: StudyStats, exams: list[ExamAttempts]) -> None:
        if not self._pushed:
            self._first = (timeline, exams)
            self.push(app)
        elif self in app.screen_stack:  # opened already, with placeholders, and not left
            self.show_stats(timeline, exams)

    def _after_first_frame(self, timeline: StudyStats) -> None:
        if self in self.app.screen_stack:  # not left before that frame
            self._count_cards(timeline, self.app)

    @work(thread=True, exclusive=True, group="statistics")
    def _count_cards(self, timeline: StudyStats, app: App) -> None:
        """In a thread, once the first view is drawn: mastery per topic, which reads every
        card row. (``app``, not ``self.app``: a screen left meanwhile has none.)"""
        store = self.workspace.store.open_another()
        try:
            stats = with_cards(store, timeline, self._now)
        finally:
            store.close()
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self.show_cards, stats, app)

    def show_learner(self) -> None:
        learner = self.workspace.config.learner
        text = Text("Learner  ", style="bold")
        if not learner.name:
            text.append("no name set yet: p sets your name, id, email and course", style="dim")
        else:
            text.append_text(literal(learner.name))
            for value in (learner.id, learner.email, learner.course):
                if value:
                    text.append(" · ", style="dim")
                    text.append_text(literal(value))
        self.query_one("#learner", Static).update(text)

    def show_stats(self, stats: StudyStats, exams: list[ExamAttempts] | None = None) -> None:
        self.stats = stats
        self.query_one("#overview", Static).update(overview_text(stats))
        counts = {day.date: day.reviews for day in stats.days}
        self.query_one(ReviewHeatmap).show(counts, stats.days[-1].date)
        self._draw_forecast(stats)
        self._draw_weeks(stats)
        self.query_one("#charts").display = True
        if exams:
            self.query_one(ExamAttemptsPanel).show(exams)
        self.call_after_refresh(self._after_first_frame, stats)

    def show_cards(self, stats: StudyStats, app: App) -> None:
        """The figures that read every card row: mastery per topic."""
        if self not in app.screen_stack:  # left while they were counted
            return
        self.stats = stats
        self.query_one(TopicMastery).show(stats.decks)

    def _draw_forecast(self, stats: StudyStats) -> None:
        plot = self.query_one("#forecast", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.title("Cards due, next 30 days")
        dues = [due for _, due in stats.forecast]
        plt.bar(list(range(len(dues))), dues, color="blue")
        ticks = [0, 7, 14, 21, len(dues) - 1]
        plt.xticks(ticks, [stats.forecast[i][0].strftime("%d %b") for i in ticks])
        _whole_number_ticks(plt, max(dues))
        plot.refresh()

    def _draw_weeks(self, stats: StudyStats) -> None:
        weeks = weekly(stats.days, WEEKS)
        x = list(range(len(weeks)))
        ticks = [0, WEEKS // 3, 2 * WEEKS // 3, WEEKS - 1]
        labels = [weeks[i].date.strftime("%d %b") for i in ticks]
        minutes = [round(w.seconds / 60) for w in weeks]
        if max(minutes) >= 600:
            time_chart = ("Study time per week (hours)", [round(m / 60) for m in minutes])
        else:
            time_chart = ("Study time per week (minutes)", minutes)
        charts = {
            "#study-time": (*time_chart, "green"),
            "#reviews": ("Reviews per week", [w.reviews for w in weeks], "cyan"),
        }
        # Colours are named: plotext's own cycle runs on across plots and screens.
        for selector, (title, values, color) in charts.items():
            plot = self.query_one(selector, PlotextPlot)
            plot.plt.clear_data()
            plot.plt.title(title)
            plot.plt.bar(x, values, color=color)
            plot.plt.xticks(ticks, labels)
            _whole_number_ticks(plot.plt, max(values))
            plot.refresh()
        plot = self.query_one("#retention", PlotextPlot)
        plot.plt.clear_data()
        plot.plt.title("True retention per week (%)")
        points = [
            (i, w.review_passed / w.review_answers * 100)
            for i, w in enumerate(weeks)
            if w.review_answers
        ]
        if points:
            plot.plt.plot(
                [p[0] for p in points], [p[1] for p in points], marker="braille", color="orange"
            )
        plot.plt.xlim(0, WEEKS - 1)
        plot.plt.ylim(0, 100)
        plot.plt.yticks([0, 25, 50, 75, 100])
        plot.plt.xticks(ticks, labels)
        plot.refresh()

    def on_screen_resume(self) -> None:
        # Back from the profile editor, opened by p or from the palette.
        self.show_learner()

    def action_edit_profile(self) -> None:
        open_profile(self.app)


def _whole_number_ticks(plt, top: float) -> None:
    """Counts are whole: ticks at 0, a half and the top, not 168.5."""
    top = max(1, int(top))
    plt.ylim(0, top)
    plt.yticks(sorted({0, top // 2, top}))


def overview_text(stats: StudyStats) -> Text:
    """Today, the last 7 days and every day: reviews, study time, true retention; then what is due."""
    days = stats.days
    text = Text()
    for label, window in (("Today", 1), ("7 days", 7), ("All", None)):
        chosen = days if window is None else days[-window:]
        reviews = sum(day.reviews for day in chosen)
        seconds = sum(day.seconds for day in chosen)
        retention = true_retention(days, window)
        text.append(f"{label:<8}", style="bold")
        text.append(f"{reviews:,} review{'' if reviews == 1 else 's'} · {duration_text(seconds)}")
        if retention is not None:
            text.append(f" · true retention {retention:.0%}")
        text.append("\n")
    due = [count for _, count in stats.forecast]
    text.append(f"{'Due':<8}", style="bold")
    text.append(f"today {due[0]:,} · tomorrow {due[1]:,}\n")
    text.append("True retention: review-phase answers not rated Again.", style="dim")
    return text
