"""Command palette entries (Ctrl+P): study a deck, undo, help. Themes come with Textual."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class QuizkitCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        from quizkit.tui.screens.study import StudyScreen

        app = self.app
        commands: list[tuple[str, object, str]] = [
            (
                f"Study: {deck.title}",
                partial(app.study, [deck]),
                f"Open a study session on {deck.id}",
            )
            for deck in app.workspace.decks
        ]
        if len(app.workspace.decks) > 1:
            commands.append(
                (
                    "Study: all decks",
                    partial(app.study, list(app.workspace.decks)),
                    "One session over every deck",
                )
            )
        # The screen the palette was opened from: app.screen is the palette itself.
        screen = self.screen
        if isinstance(screen, StudyScreen):
            commands.append(("Undo last answer", screen.action_undo, "Take back the last rating"))
        commands.append(("Show help", app.action_help, "Every key of this screen"))
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
