"""Card text is data: shown exactly as written, never parsed as markup or sent as escapes."""

from __future__ import annotations

import re

from rich.text import Text

# C0/C1 control characters other than newline and tab would reach the terminal
# as commands (an escape sequence can move the cursor or retitle the window).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Replace control characters by their visible Unicode pictures (ESC -> ␛)."""
    return _CONTROL.sub(
        lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20 else "\ufffd", text
    )


def literal(text: str, style: str = "") -> Text:
    """A Rich ``Text`` that shows ``text`` literally: ``[bold]`` stays six characters."""
    return Text(visible(text).replace("\t", "    "), style=style)
