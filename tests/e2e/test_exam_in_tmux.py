"""The real `quizkit exam` in tmux: a whole certification exam on the bundled deck, found in
`stats --json`; and kill -9 mid-attempt, then `r` resumes it with its clock still running."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time

import pytest

from tests.e2e.tmux import QUIZKIT, Tmux, pane_pid, requires_tmux

pytestmark = [pytest.mark.e2e, requires_tmux]


def settled(tmux: Tmux, text: str) -> str:
    """The screen once ``text`` shows and two captures agree: tmux can catch a redraw half
    written (the new question's number above the old question's options)."""
    screen = tmux.wait_for(text)
    while True:
        time.sleep(0.03)
        again = tmux.screen()
        if again == screen:
            return screen
        screen = again


def answer_question(tmux: Tmux, number: int, total: int) -> None:
    """Answer question ``number`` with whatever keys its type takes, then Enter."""
    screen = settled(tmux, f"Question {number} of {total}")
    # Every earlier answer was acknowledged (counted) before this question showed.
    assert f"{number - 1} answered" in screen, screen
    if "Choose" in screen:
        tmux.press("1")
    elif "True or false?" in screen:
        tmux.press("t")
    else:
        tmux.press("-l", "an answer")
    tmux.press("Enter")


def test_a_whole_certification_exam_on_the_bundled_deck_shows_in_stats(tmux, quizkit_env):
    tmux.run([QUIZKIT, "exam", "gmed-certification"], quizkit_env)
    tmux.wait_for("begin a certification attempt")
    tmux.press("c")
    tmux.wait_for("left")  # the countdown
    for number in range(1, 26):
        answer_question(tmux, number, 25)
    tmux.wait_for("25 answered")  # the overview, after the last question
    tmux.press("C-s")
    tmux.wait_for("Submit this attempt?")
    tmux.press("y")
    screen = tmux.wait_for("By topic")
    assert "Score" in screen and "/ 25" in screen
    tmux.press("C-q")
    tmux.wait_for_exit()
    result = subprocess.run(
        [QUIZKIT, "stats", "--json"],
        env={**os.environ, **quizkit_env},
        capture_output=True,
        text=True,
        check=True,
    )
    (exam,) = [e for e in json.loads(result.stdout)["exams"] if e["id"] == "gmed-certification"]
    assert exam["attempts"] == 1 and exam["attempts_left"] == 2
    assert exam["best_score"] is not None and exam["grade"] == exam["best_score"]


def seconds_left(screen: str) -> int:
    minutes, seconds = re.search(r"⏱ (\d\d):(\d\d) left", screen).groups()
    return int(minutes) * 60 + int(seconds)


def test_kill_9_mid_attempt_then_r_resumes_with_the_clock_still_running(tmux, quizkit_env):
    tmux.run([QUIZKIT, "exam", "gmed-certification"], quizkit_env)
    tmux.wait_for("begin a certification attempt")
    tmux.press("c")
    for number in range(1, 4):
        answer_question(tmux, number, 25)
    tmux.wait_for("Question 4 of 25")  # three answers acknowledged
    os.kill(pane_pid(tmux), signal.SIGKILL)
    tmux.wait_for_exit()
    time.sleep(2)  # time away counts
    tmux.run([QUIZKIT, "exam", "gmed-certification"], quizkit_env)
    screen = tmux.wait_for("An attempt is open")
    assert "3 of 25 answered" in screen
    tmux.press("r")
    screen = tmux.wait_for("Question 4 of 25")
    assert seconds_left(tmux.wait_for("left")) <= 20 * 60 - 2
    tmux.press("C-s")
    tmux.wait_for("22 questions are unanswered")
    tmux.press("y")
    tmux.wait_for("By topic")
