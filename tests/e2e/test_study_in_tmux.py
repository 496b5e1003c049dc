import json
import os
import subprocess

import pytest

from tests.conftest import SMALL_DECK
from tests.e2e.tmux import QUIZKIT, requires_tmux

pytestmark = [pytest.mark.e2e, requires_tmux]


def stats(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [QUIZKIT, "stats", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    return json.loads(result.stdout)


def test_study_three_cards_quit_and_find_them_recorded(tmux, quizkit_env, tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "demo.toml").write_text(SMALL_DECK)
    quizkit_env["QUIZKIT_DECKS"] = str(decks)
    tmux.run([QUIZKIT], quizkit_env)
    tmux.wait_for("Demo deck")
    tmux.press("Down")  # the bundled deck comes first
    tmux.press("Enter")
    tmux.wait_for("Show answer")
    for done in range(1, 4):
        tmux.press("Space")
        tmux.wait_for("Good")
        tmux.press("3")
        tmux.wait_for(f"{done} done")
    tmux.press("q")  # back to the decks
    tmux.wait_for("Enter studies")
    tmux.press("q")  # quit
    tmux.wait_for_exit()

    # A second start shows the progress kept, and stats agree.
    tmux.run([QUIZKIT], quizkit_env)
    screen = tmux.wait_for("Gluteus medius trigger points")
    assert "Traceback" not in screen
    tmux.press("q")
    tmux.wait_for_exit()

    summary = stats(quizkit_env)
    assert summary["reviews_total"] == 3
    deck = next(d for d in summary["decks"] if d["id"] == "demo")
    assert deck["reviews"] == 3 and deck["learning"] == 3


def test_bad_progress_file_gives_a_message_not_a_traceback(tmux, quizkit_env, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    tmux.run([QUIZKIT, "--data", str(notes)], quizkit_env)
    tmux.wait_for_exit()
    screen = tmux.screen().replace("\n", "")  # the message wraps at the pane's width
    assert "not an SQLite database" in screen and "left untouched" in screen
    assert "Traceback" not in screen
    assert notes.read_text() == "not a database"
