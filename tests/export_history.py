"""A progress file with known exam attempts, made through the exams module's public functions.

Attempt 1 (certification): 4 of 5, the typed answer wrong, 150 s.
Attempt 2 (certification): 5 of 5, 150 s.
Attempt 3 (practice): abandoned after one answer.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from quizkit.base.clock import FixedClock
from quizkit.exam.attempts import ExamRoom
from quizkit.exam.model import Response
from quizkit.workspace import Workspace

EXAM_DECK = Path(__file__).parent / "fixtures" / "exam-deck.toml"
START = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def right_answer(card) -> Response:
    if card.kind == "choice":
        return Response(picked=card.correct)
    if card.kind == "truefalse":
        return Response(value=card.correct == ("true",))
    return Response(text=card.correct[0])


def make_history(data: Path, deck_dir: Path) -> None:
    """Write the three attempts above into ``data`` for the decks in ``deck_dir``."""
    clock = FixedClock(START)
    workspace = Workspace.open(data, [deck_dir], clock=clock, fuzz=False)
    try:
        room = ExamRoom(workspace.store, workspace.decks, clock)
        exam = next(e for d in workspace.decks for e in d.exams if e.id == "demo-cert")
        for seed in (1, 2):
            attempt = room.start(exam, "certification", seed=seed)
            for index, question in enumerate(attempt.questions):
                clock.advance(seconds=30)
                card = room.card(attempt.deck_id, question.card_id)
                wrong = seed == 1 and card.kind == "typed"
                room.answer(
                    attempt, index, Response(text="no idea") if wrong else right_answer(card)
                )
            room.submit(attempt)
        practice = room.start(exam, "practice", seed=3)
        clock.advance(seconds=10)
        first = room.card(practice.deck_id, practice.questions[0].card_id)
        room.answer(practice, 0, right_answer(first))
        room.submit(practice, abandon=True)
    finally:
        workspace.close()
