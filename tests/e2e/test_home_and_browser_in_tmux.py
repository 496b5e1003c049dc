"""The real quizkit at 80x24 and 120x40: home fits, the browser and a card's history open,
and a hostile deck title never reaches the terminal as an escape sequence."""

from __future__ import annotations

import time

import pytest

from tests.e2e.tmux import QUIZKIT, Tmux, requires_tmux
from tests.tui.screens_fixtures import HOSTILE, LONG_TITLE, anatomy_deck

pytestmark = [pytest.mark.e2e, requires_tmux]


def steady_screen(tmux: Tmux, text: str, timeout: float = 15.0) -> str:
    """The screen once ``text`` shows and the screen stopped changing (the app may still be
    laying out, or catching up with the pane's size)."""
    tmux.wait_for(text, timeout)
    deadline = time.monotonic() + timeout
    previous = tmux.screen()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        current = tmux.screen()
        if current == previous:
            return current
        previous = current
    raise AssertionError(f"the screen kept changing:\n{previous}")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_home_fits_and_the_browser_opens(quizkit_env, tmp_path, size):
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "anatomy.toml").write_text(anatomy_deck())
    # Another deck (ids prefixed) whose title, topics and cards are hostile.
    hostile = anatomy_deck(title=HOSTILE, topic_title=HOSTILE, front=HOSTILE)
    hostile = hostile.replace('id = "', 'id = "h-').replace('topic = "', 'topic = "h-')
    (decks / "hostile.toml").write_text(hostile)
    quizkit_env["QUIZKIT_DECKS"] = str(decks)
    tmux = Tmux(*size)
    try:
        tmux.run([QUIZKIT], quizkit_env)
        screen = steady_screen(tmux, "Enter studies")
        width = size[0]
        assert all(len(line) <= width for line in screen.splitlines())
        assert "Cards    New  Learn    Due" in screen
        if width == 80:
            assert "Gluteus medius trigger points, ref…" in screen  # beside the Exam column
        else:
            assert LONG_TITLE in screen
        assert "␛]0;T␇" in screen  # the hostile title, shown, not obeyed
        pane_title = tmux._tmux("display-message", "-p", "-t", "main", "#{pane_title}").strip()
        assert pane_title != "T"
        tmux.press("b")
        tmux.wait_for("Enter shows a card's history")
        tmux.press("Enter")
        screen = tmux.wait_for("Never reviewed.")
        assert "Traceback" not in screen
        tmux.press("Escape")
        tmux.wait_for("Enter shows a card's history")
        tmux.press("Escape")
        tmux.wait_for("Enter studies")
        tmux.press("q")
        tmux.wait_for_exit()
    finally:
        tmux.close()
