"""A known year of study for the statistics screen's tests and snapshots (fixed clock, Berlin)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from quizkit.progress.card_state import CardState, Phase
from tests.conftest import NOON
from tests.samples import DECK_HEAD

BERLIN = ZoneInfo("Europe/Berlin")

STATS_DECK = (
    DECK_HEAD
    + """
[[topics]]
id = "points"
title = "Points [and] pain"

[[topics]]
id = "unseen"
title = "Clinical links"
"""
    + "".join(
        f'\n[[cards]]\nid = "c{n}"\ntype = "basic"\ntopic = "{topic}"\n'
        f'front = "Question {n}?"\nback = "Answer {n}."\n'
        for n, topic in enumerate(["muscles"] * 4 + ["points"] * 3 + ["unseen"] * 2)
    )
)
STUDIED = [f"c{n}" for n in range(7)]


def year_of_history(workspace) -> int:
    """About 300 reviews over the past 300 days in a fixed pattern; returns how many."""
    store = workspace.store
    workspace.clock.zone = BERLIN
    count = 0
    for back in range(300, -1, -1):
        if (back * 7) % 11 >= 6 and back > 2:
            continue  # days off, in a pattern the heatmap shows
        at = NOON - timedelta(days=back, hours=2)
        for k in range(1 + back % 3):
            card_id = STUDIED[(back + k) % len(STUDIED)]
            before = store.card_state(card_id)
            rating = 1 if back % 9 == 0 and before.phase == Phase.REVIEW else 3
            phase = Phase.RELEARNING if rating == 1 else Phase.REVIEW
            due = at + timedelta(days=1 + (back * 5 + k) % 23)
            after = CardState(
                phase,
                None,
                2.0 + back % 30,
                5.0,
                due,
                at,
                before.reps + 1,
                before.lapses + (rating == 1),
            )
            duration = 4000 + (back * 1300 + k * 700) % 30000
            store.record_review(card_id, "demo", card_id, rating, before, after, at, duration)
            at += timedelta(minutes=1)
            count += 1
    return count
