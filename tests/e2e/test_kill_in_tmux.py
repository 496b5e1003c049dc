"""kill -9 the real TUI mid-session: every answer the screen acknowledged is in the file."""

import os
import random
import signal
import sqlite3
import time

import pytest

from tests.conftest import SMALL_DECK
from tests.e2e.tmux import QUIZKIT, pane_pid, requires_tmux

pytestmark = [pytest.mark.e2e, requires_tmux]

MANY_CARDS = (
    SMALL_DECK.split("[[cards]]")[0]
    + "[deck.options]\nnew_per_day = 100\n"
    + "".join(
        f'[[cards]]\nid = "k{i}"\ntype = "basic"\nfront = "Question {i}?"\nback = "Answer {i}."\n'
        for i in range(40)
    )
)


def reviews_in(data: str) -> int:
    db = sqlite3.connect(data)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT count(*) FROM reviews").fetchone()[0]
    finally:
        db.close()


def test_killing_the_tui_loses_no_acknowledged_answer(tmux, quizkit_env, tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "many.toml").write_text(MANY_CARDS.replace('id = "demo"', 'id = "many"'))
    quizkit_env["QUIZKIT_DECKS"] = str(decks)
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    in_file = 0
    for round_ in range(3):
        tmux.run([QUIZKIT, "study", "many"], quizkit_env)
        tmux.wait_for("Show answer")
        done = 0
        for _ in range(rng.randint(1, 4)):
            tmux.press("Space")
            tmux.wait_for("Good")
            tmux.press("3")
            done += 1
            tmux.wait_for(f"{done} done")  # acknowledged: the screen moved on
        # One more rating, killed at a random moment while it may be in flight.
        tmux.press("Space")
        tmux.wait_for("Good")
        tmux.press("3")
        time.sleep(rng.uniform(0, 0.02))
        os.kill(pane_pid(tmux), signal.SIGKILL)
        tmux.wait_for_exit()
        reviews = reviews_in(quizkit_env["QUIZKIT_DATA"])
        # The one in flight may or may not have landed; no acknowledged answer is lost.
        assert reviews in (in_file + done, in_file + done + 1), f"seed {seed}, round {round_}"
        in_file = reviews
