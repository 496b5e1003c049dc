"""Text from a deck, a config or a file is data: shown as written, never markup, never escapes.

The one way such a string reaches the terminal: ``literal`` (a Rich ``Text``)
for widgets, ``plain`` for titles and sub-titles, ``say`` for notifications.
Each shows control characters, bidirectional overrides and zero-width
characters as visible marks, and never parses ``[...]`` as markup.
"""

from __future__ import annotations

import re
import textwrap
from typing import Protocol

from rich.text import Text

# C0/C1 control characters other than newline and tab would reach the terminal
# as commands (an escape sequence can move the cursor or retitle the window).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible characters that change how the text around them reads: bidirectional
# overrides and isolates (a right-to-left override reverses what follows), and
# zero-width characters (they hide text and make the terminal and the layout
# disagree on widths).
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def visible(text: str) -> str:
    """Control characters as their Unicode pictures (ESC -> ␛), invisible ones as ‹U+202E›."""
    text = _CONTROL.sub(
        lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20 else "\ufffd", text
    )
    return _INVISIBLE.sub(lambda m: f"\u2039U+{ord(m.group()):04X}\u203a", text)


def plain(text: str) -> str:
    """``text`` made safe for a title, a sub-title or a notification (Textual shows it as is)."""
    return visible(text).replace("\t", "    ")


def literal(text: str, style: str = "") -> Text:
    """A Rich ``Text`` that shows ``text`` literally: ``[bold]`` stays six characters."""
    return Text(plain(text), style=style)


def shorten(text: str, width: int = 60) -> str:
    """One line of at most ``width`` characters, cut between words (never mid-word) with …."""
    return textwrap.shorten(" ".join(text.split()), width, placeholder=" …")


class _Notifier(Protocol):
    def notify(self, message: str, *, title: str = "", severity=..., timeout=..., markup=...): ...


def say(
    target: _Notifier,
    message: str,
    *,
    title: str = "",
    severity: str = "information",
    timeout: float | None = None,
) -> None:
    """Notify with ``message`` shown literally: Textual would otherwise parse it as markup
    (``[/]`` ends the app with a MarkupError; ``[@click=app.quit]`` becomes a live link)."""
    target.notify(
        plain(message), title=plain(title), severity=severity, timeout=timeout, markup=False
    )
