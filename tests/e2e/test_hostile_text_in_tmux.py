"""A deck that tries to command the terminal, studied in the real quizkit in tmux.

The deck title goes to the header's sub-title, the card front to the bury
notification: an OSC sequence in either would rename the terminal window.
"""

from __future__ import annotations

import pytest

from tests.e2e.tmux import QUIZKIT, requires_tmux
from tests.tui.test_hostile_text_study_pilot import DECK

pytestmark = [pytest.mark.e2e, requires_tmux]


def test_a_hostile_deck_does_not_retitle_the_terminal_or_end_the_app(tmux, quizkit_env, tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "hostile.toml").write_text(DECK, encoding="utf-8")
    quizkit_env["QUIZKIT_DECKS"] = str(decks)
    tmux.run([QUIZKIT, "study", "hostile"], quizkit_env)
    tmux._tmux("select-pane", "-t", "main", "-T", "before")
    screen = tmux.wait_for("Show answer")
    assert "␛]0;TITLE␇" in screen  # the sequence shown, not obeyed
    tmux._tmux(
        "send-keys", "-t", "main", "-l", "-"
    )  # bury: the card front goes into a notification
    tmux.wait_for("Buried until tomorrow")
    tmux._tmux(
        "send-keys", "-t", "main", "-l", "*"
    )  # flag: another notification with the next card's front
    screen = tmux.wait_for("Flagged:")
    assert "Traceback" not in screen and "MarkupError" not in screen
    title = tmux._tmux("display-message", "-p", "-t", "main", "#{pane_title}").strip()
    assert title == "before"
    assert tmux._tmux("display-message", "-p", "-t", "main", "#{pane_dead}").strip() == "0"
