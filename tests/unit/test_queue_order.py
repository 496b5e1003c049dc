"""The order of learning and relearning cards due now, as one query over both phases had it."""

from __future__ import annotations

from datetime import timedelta

from quizkit.progress.card_state import CardState, Phase
from quizkit.study.scheduler import Rating


def _states(workspace, clock, phases_and_dues):
    now = clock.now()
    workspace.store.write_states(
        {
            card_id: CardState(phase, 0, 2.0, 5.0, now + due, now - timedelta(hours=1), 1, 0)
            for card_id, (phase, due) in phases_and_dues.items()
        }
    )


def _order(session):
    seen = []
    while session.current is not None and len(seen) < 3:
        seen.append(session.current.card.id)
        session.bury()
    return seen


def test_learning_and_relearning_cards_due_now_come_by_due_time(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck())
    _states(
        workspace,
        clock,
        {
            "cover": (Phase.LEARNING, -timedelta(minutes=1)),
            "under": (Phase.RELEARNING, -timedelta(minutes=5)),
            "walk": (Phase.LEARNING, -timedelta(minutes=3)),
        },
    )
    assert _order(workspace.session()) == ["under", "walk", "cover"]


def test_on_a_tie_the_learning_card_comes_before_the_relearning_one(
    write_deck, open_workspace, clock
):
    workspace = open_workspace(write_deck())
    same = -timedelta(minutes=2)
    _states(
        workspace,
        clock,
        {"cover": (Phase.RELEARNING, same), "under": (Phase.LEARNING, same)},
    )
    assert _order(workspace.session())[:2] == ["under", "cover"]


def test_learning_cards_within_learn_ahead_come_by_due_time_once_nothing_else_is_left(
    write_deck, open_workspace, clock
):
    workspace = open_workspace(write_deck())
    _states(
        workspace,
        clock,
        {
            "cover": (Phase.LEARNING, timedelta(minutes=10)),
            "under": (Phase.RELEARNING, timedelta(minutes=4)),
            "walk": (Phase.LEARNING, timedelta(minutes=7)),
        },
    )
    session = workspace.session()
    seen = []
    while session.current is not None and len(seen) < 2:
        seen.append(session.current.card.id)
        session.answer(Rating.GOOD)
    assert seen[:2] == ["under", "walk"]
