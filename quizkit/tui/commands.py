"""Command palette entries (Ctrl+P): study a deck, browse cards, statistics, the learner
profile, undo, help. Themes come with Textual.

There is one help: quizkit's (``?``). Textual's own "Keys" panel is dropped from
the palette: it repeated the help, listed the widgets' internal keys, and
squeezed the card to 46 columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from quizkit.tui.literal import visible
from quizkit.tui.screens.open import open_profile, open_statistics

_TEXTUAL_HELP = {"Keys"}


def without_textual_help(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's system commands but its "Keys" panel (quizkit's help is the one help)."""
    return (command for command in commands if command.title not in _TEXTUAL_HELP)


class QuizkitCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        from quizkit.tui.screens.browser import BrowserScreen
        from quizkit.tui.screens.study import StudyScreen

        app = self.app
        commands: list[tuple[str, object, str]] = [
            (
                # The palette shows names as plain text, but control characters
                # would still reach the terminal: make them visible.
                f"Study: {visible(deck.title)}",
                partial(app.study, [deck]),
                f"Open a study session on {visible(deck.id)}",
            )
            for deck in app.workspace.decks
        ]
        commands += [
            (
                f"Exam: {visible(exam.title)}",
                partial(app.open_exam, exam.id),
                f"Open the start screen of exam {visible(exam.id)}: certification or practice",
            )
            for deck in app.workspace.decks
            for exam in deck.exams
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
        if not isinstance(screen, BrowserScreen):
            commands.append(
                (
                    "Browse cards",
                    lambda: app.push_screen(BrowserScreen(app.workspace)),
                    "Find cards; unsuspend, unbury, unflag, reset; see a card's history",
                )
            )
        commands.append(
            ("Statistics", partial(open_statistics, app), "Reviews, forecast, retention, mastery")
        )
        commands.append(
            ("Edit learner profile", partial(open_profile, app), "Name, learner id, email, course")
        )
        commands.append(("Show help", app.action_help, "Every key of this screen"))
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=Content(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, _highlight(matcher, name), callback, text=name, help=Content(help_text)
                )


def _highlight(matcher, name: str) -> Content:
    """The name with the letters that matched underlined, never parsed as markup.

    (``Matcher.highlight`` reads its candidate as markup: a deck titled
    ``[@click=app.quit]x[/]`` would become a live link.)
    """
    content = Content(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
