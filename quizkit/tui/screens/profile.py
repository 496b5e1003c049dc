"""Edit the learner profile: name, learner id, email and course, saved to the config file."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from quizkit.base import paths
from quizkit.config import Config
from quizkit.deck.problems import DeckError
from quizkit.profile import FIELDS, ProfileError, save_learner
from quizkit.tui.literal import literal
from quizkit.workspace import Workspace


class ProfileScreen(ModalScreen[bool]):
    """Dismissed with True once saved, False when left unchanged."""

    # Compact fields, one line each with their label: the whole form fits 80x24.
    DEFAULT_CSS = """
    ProfileScreen { align: center middle; }
    #profile { width: 68; max-width: 95%; height: auto; max-height: 100%;
               overflow-y: auto; padding: 1 2; border: round $primary; background: $surface; }
    #profile .field { height: 1; margin-bottom: 1; }
    #profile .field Label { width: 12; }
    #profile .field Input { width: 1fr; }
    #profile .title { text-style: bold; }
    #profile .note { color: $text-muted; margin-bottom: 1; }
    #profile-error { color: $error; height: auto; margin-bottom: 1; }
    #profile-buttons { height: 1; align: right middle; }
    #profile-buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        learner = self.workspace.config.learner
        with Vertical(id="profile"):
            yield Static("Learner profile", classes="title")
            yield Static("Saved in the config file; transcripts show them.", classes="note")
            for key, label in FIELDS.items():
                with Horizontal(classes="field"):
                    yield Label(label)
                    yield Input(getattr(learner, key) or "", id=f"profile-{key}", compact=True)
            yield Static(id="profile-error")
            with Horizontal(id="profile-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        values = {key: self.query_one(f"#profile-{key}", Input).value for key in FIELDS}
        self._save(values)

    @work(thread=True, exclusive=True, group="config")
    def _save(self, values: dict[str, str]) -> None:
        path = self.workspace.config.path or paths.config_path()
        try:
            config = save_learner(path, values)
        except (ProfileError, DeckError) as exc:
            self.app.call_from_thread(self._refuse, str(exc))
            return
        except OSError as exc:
            self.app.call_from_thread(self._refuse, f"cannot write {path}: {exc}")
            return
        self.app.call_from_thread(self._saved, config)

    def _refuse(self, message: str) -> None:
        self.query_one("#profile-error", Static).update(literal(f"Not saved: {message}"))

    def _saved(self, config: Config) -> None:
        self.workspace.config = config
        self.app.notify("Learner profile saved.", title="Profile")
        self.dismiss(True)
