"""The quizkit Textual app and the one factory that builds it for the CLI and for tests."""

from __future__ import annotations

import os
import sqlite3
import threading
import time

from textual import work
from textual.app import App
from textual.binding import Binding

from quizkit._start_time import START
from quizkit.config import save_theme
from quizkit.deck.model import Deck
from quizkit.progress.store import StoreError
from quizkit.study.scheduler import load_fsrs
from quizkit.tui.commands import QuizkitCommands, without_textual_help
from quizkit.tui.literal import say
from quizkit.tui.screens.help import HelpScreen
from quizkit.tui.screens.home import HomeScreen
from quizkit.workspace import Workspace


class QuizkitApp(App[None]):
    CSS_PATH = "quizkit.tcss"
    TITLE = "quizkit"
    COMMANDS = App.COMMANDS | {QuizkitCommands}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(
        self, workspace: Workspace, *, study: list[Deck] | None = None, exam: str | None = None
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self._study_at_start = study
        self._exam_at_start = exam
        self.exam_rng = None  # tests set a seeded random.Random: the same exam draw every run
        self.startup_seconds: float | None = None
        self.fatal_message: str | None = None
        self._saved_theme: str | None = None  # set once the config's theme is applied
        self.lrs_sends: list[threading.Thread] = []  # one per attempt ended with an LRS set

    def on_mount(self) -> None:
        theme = self.workspace.config.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        self._saved_theme = self.theme
        self.push_screen(HomeScreen(self.workspace))
        if self._study_at_start is not None:
            self.study(self._study_at_start)
        if self._exam_at_start is not None:
            self.open_exam(self._exam_at_start or None)

    def on_ready(self) -> None:
        # Time to the first frame, from the moment the command started.
        self.startup_seconds = time.perf_counter() - START
        self._warm_up()
        self.log(f"quizkit ready in {self.startup_seconds * 1000:.0f} ms")
        report = os.environ.get("QUIZKIT_STARTUP_REPORT")
        if report:  # for benchmarks/bench_tui_startup.py: in-process seconds, wall clock, and
            # the CPU time spent (every thread): a figure that other processes' load moves less
            with open(report, "a", encoding="utf-8") as handle:
                handle.write(
                    f"{self.startup_seconds:.4f} {time.time():.4f} {time.process_time():.4f}\n"
                )

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """After the first frame: load the scheduler's library before the first card needs
        it, then check the progress file and take today's backup without making the
        learner wait."""
        load_fsrs()
        for notice in self.workspace.daily_maintenance():
            # The notice names the file: a path is the learner's text, shown literally.
            self.call_from_thread(
                say, self, notice, title="Progress file", severity="error", timeout=30
            )

    def _handle_exception(self, error: Exception) -> None:
        # The progress file failing under us (disk full, damaged, removed) is the
        # learner's problem to act on, not a bug: end with a message, not a traceback.
        if isinstance(error, (sqlite3.DatabaseError, StoreError, OSError)):
            self.fatal_message = (
                f"quizkit: the progress file {self.workspace.store.path} failed: {error}. "
                "Answers saved before this are safe; `quizkit doctor` checks the file."
            )
            self.exit(return_code=1)
            return
        super()._handle_exception(error)

    def study(self, decks: list[Deck]) -> None:
        # Imported here: the first frame (home) does not need the study screen's modules.
        from quizkit.tui.screens.study import StudyScreen

        self.push_screen(StudyScreen(self.workspace, decks))

    def open_exam(self, exam_id: str | None = None) -> None:
        """An exam's start screen; without an id, the only exam's, or the list of them."""
        from quizkit.exam.attempts import ExamRoom
        from quizkit.tui.screens.exam_list import ExamListScreen
        from quizkit.tui.screens.exam_start import ExamStartScreen

        room = ExamRoom(
            self.workspace.store, self.workspace.decks, self.workspace.clock, self.exam_rng
        )
        exams = room.exams()
        found = room.find(exam_id) if exam_id else (exams[0] if len(exams) == 1 else None)
        if found is not None:
            self.push_screen(ExamStartScreen(room, *found))
        else:
            self.push_screen(ExamListScreen(room))

    def attempt_ended(self) -> None:
        """An exam attempt ended (submitted, timed out, a practice left): with an ``[lrs] url``
        in the config, its xAPI statements go to the LRS in the background; else nothing."""
        if not self.workspace.config.lrs.url:
            return
        # A daemon thread, not a Textual worker: those are joined at exit, so quitting
        # while the LRS is slow would hang up to its timeout. Cut off, the batch being
        # posted stays waiting in the outbox, and posting it again is harmless.
        thread = threading.Thread(target=self._send_statements, name="lrs-send", daemon=True)
        self.lrs_sends.append(thread)
        thread.start()

    def _send_statements(self) -> None:
        from quizkit.tui.lrs_send import TITLE, send_after_exam

        message, severity = send_after_exam(self.workspace, lambda: self.is_running)
        if self.is_running:
            self.call_from_thread(say, self, message, title=TITLE, severity=severity, timeout=10)

    def get_system_commands(self, screen):
        # One help in the palette: quizkit's (see commands.py).
        return without_textual_help(super().get_system_commands(screen))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def watch_theme(self, theme: str) -> None:
        # Remember the learner's choice; only themes chosen here are written.
        # Compared with the last saved theme, so going back to it is saved too.
        if (
            self._saved_theme is not None
            and theme != self._saved_theme
            and self.workspace.config.path
        ):
            self._saved_theme = theme
            self._save_theme(theme)

    @work(thread=True, exclusive=True, group="config")
    def _save_theme(self, theme: str) -> None:
        try:
            save_theme(self.workspace.config.path, theme)
        except OSError as exc:
            self.call_from_thread(say, self, f"Could not save the theme: {exc}", severity="warning")


def make_app(
    workspace: Workspace, *, study: list[Deck] | None = None, exam: str | None = None
) -> QuizkitApp:
    """Build the app; ``study`` opens a session on those decks straight away, ``exam`` an
    exam's start screen (``""``: the only exam's, or the list of exams)."""
    return QuizkitApp(workspace, study=study, exam=exam)
