"""The real ``quizkit study`` in tmux: a mixed session of the bundled deck, with an undo,
checked afterwards through ``quizkit stats --json``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time

import pytest

from tests.e2e.tmux import QUIZKIT, Tmux, requires_tmux

pytestmark = [pytest.mark.e2e, requires_tmux]

KINDS = {
    "Question",
    "Fill the gap",
    "Choose one",
    "Choose every right answer",
    "True or false?",
    "Type the answer",
}


def wait_until(tmux: Tmux, check, what: str, timeout: float = 15.0) -> str:
    """Poll the pane until ``check(screen)`` holds; never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = tmux.screen()
        if check(screen):
            return screen
        time.sleep(0.03)
    raise AssertionError(f"{what} did not happen; the screen shows:\n{tmux.screen()}")


def done_count(screen: str) -> int | None:
    match = re.search(r"(\d+) done · \d+ new", screen, re.MULTILINE)
    return int(match.group(1)) if match else None


def card_kind(screen: str) -> str | None:
    """The first line inside the card's border: what kind of card is shown."""
    lines = screen.splitlines()
    for number, line in enumerate(lines[:-1]):
        if line.lstrip().startswith("╭"):
            kind = lines[number + 1].strip().strip("│").strip()
            if kind.startswith(("Question:", "Reversed:")) or "→" in kind:
                return "Question"  # a reversible card names the side asked
            return kind if kind in KINDS else None
    return None


def card_face(screen: str) -> list[str]:
    """The lines inside the card's border."""
    lines = screen.splitlines()
    top = next(n for n, line in enumerate(lines) if line.lstrip().startswith("╭"))
    bottom = next(n for n, line in enumerate(lines) if line.lstrip().startswith("╰"))
    return lines[top + 1 : bottom]


def answer_card(tmux: Tmux, kind: str) -> None:
    """Answer the shown card the way a learner would, waiting for each step to show."""
    if kind in ("Question", "Fill the gap"):
        tmux.press("Space")
        wait_until(tmux, lambda s: "3  Good" in s, "the answer and the ratings")
        tmux.press("3")
        return
    if kind.startswith("Choose"):
        tmux.press("1")
        wait_until(tmux, lambda s: "[x] 1." in s or "(•) 1." in s, "option 1 picked")
        tmux.press("Enter")
    elif kind == "True or false?":
        tmux.press("t")
    else:  # Type the answer
        wait_until(tmux, lambda s: "Type your answer" in s, "the answer box")
        tmux.press("maximus")  # tmux sends a word that is no key name letter by letter
        wait_until(tmux, lambda s: "maximus" in s.split("Type the answer", 1)[1], "the typed word")
        tmux.press("Enter")
    wait_until(
        tmux,
        lambda s: "Enter Good" in s or "Enter Again" in s,
        "the verdict and the suggested rating",
    )
    tmux.press("Enter")


def stats(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [QUIZKIT, "stats", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    return json.loads(result.stdout)


def test_mixed_session_of_the_bundled_deck_with_an_undo_is_recorded_in_stats(tmux, quizkit_env):
    tmux.run([QUIZKIT, "study", "gluteus-medius"], quizkit_env)
    screen = wait_until(tmux, lambda s: done_count(s) == 0 and card_kind(s), "the first card")

    answers = 0
    seen: set[str] = set()
    # The deck's first cards are basic, choice and true/false; its first cloze and typed
    # cards come 12th and 13th: study until every kind of the mix has been answered.
    while (
        answers < 8
        or not {"Question", "Choose one", "True or false?", "Fill the gap", "Type the answer"}
        <= seen
    ):
        assert answers < 25, f"kinds seen after {answers} answers: {seen}"
        kind = card_kind(screen)
        assert kind, screen
        seen.add(kind)
        last_face = card_face(screen)
        answer_card(tmux, kind)
        answers += 1
        screen = wait_until(
            tmux,
            lambda s, n=answers: done_count(s) == n and card_kind(s),
            f"answer {answers} saved and the next card shown",
        )

    tmux.press("u")
    screen = wait_until(
        tmux, lambda s: done_count(s) == answers - 1 and card_kind(s), "the undone card back"
    )
    # The last card answered comes back, asked afresh: the same face as before its answer.
    assert card_face(screen) == last_face
    answer_card(tmux, card_kind(screen))
    answers += 1
    wait_until(
        tmux, lambda s: done_count(s) == answers - 1 and card_kind(s), "the answer saved again"
    )

    tmux.press("q")  # back to the decks
    tmux.wait_for("Enter studies")
    tmux.press("q")  # quit
    tmux.wait_for_exit()
    assert "Traceback" not in tmux.screen()

    summary = stats(quizkit_env)
    assert summary["reviews_total"] == answers - 1  # every answer but the one taken back
    deck = next(d for d in summary["decks"] if d["id"] == "gluteus-medius")
    assert deck["reviews"] == answers - 1
