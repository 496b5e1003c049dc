"""Opening the statistics screen and the profile editor from a key or the palette.

The statistics screen's module brings the charting library, so it is imported
here, when asked for, and never by the home screen's module.
"""

from __future__ import annotations

from textual.app import App


def open_statistics(app: App) -> None:
    from quizkit.tui.screens.statistics import open_counted

    open_counted(app, app.workspace)


def open_profile(app: App) -> None:
    from quizkit.tui.screens.profile import ProfileScreen

    app.push_screen(ProfileScreen(app.workspace))
