"""The quizkit Textual app and the one factory that builds it for the CLI and for tests."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from quizkit.core.model import Deck
from quizkit.core.workspace import Workspace
from quizkit.tui.screens.home import HomeScreen
from quizkit.tui.screens.study import StudyScreen


class QuizkitApp(App[None]):
    CSS_PATH = "quizkit.tcss"
    TITLE = "quizkit"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, workspace: Workspace, *, study: list[Deck] | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self._study_at_start = study

    def on_mount(self) -> None:
        if self.workspace.config.theme and self.workspace.config.theme in self.available_themes:
            self.theme = self.workspace.config.theme
        self.push_screen(HomeScreen(self.workspace))
        if self._study_at_start is not None:
            self.push_screen(StudyScreen(self.workspace, self._study_at_start))


def make_app(workspace: Workspace, *, study: list[Deck] | None = None) -> QuizkitApp:
    """Build the app; ``study`` opens a session on those decks straight away."""
    return QuizkitApp(workspace, study=study)
