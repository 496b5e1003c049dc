"""What the study screen says after a write: each card's prompt shortened between words."""

from __future__ import annotations

from textual.screen import Screen

from quizkit.study.session import Applied
from quizkit.tui.literal import say, shorten

_NOTES = {
    "bury": "Buried until tomorrow: {}",
    "suspend": "Suspended: {}",
    "flag": "Flagged: {}",
    "unflag": "Flag removed: {}",
}


def tell(screen: Screen, applied: Applied, leech_threshold: int) -> None:
    """Say what a write did: bury, suspend, flag, a new leech, an undo."""
    prompt = shorten(applied.card.prompt)
    if applied.leech:
        say(
            screen,
            f"This card lapsed {leech_threshold} times: it is "
            f"tagged leech and suspended. Rewrite it or study it another way: {prompt}",
            title="Leech",
            severity="warning",
            timeout=8,
        )
    elif applied.kind == "undo" and not applied.ok:
        say(screen, "Could not undo: the card was answered since in another window.")
    elif applied.kind == "undo" and applied.undone != "answer":
        say(screen, f"Undone ({applied.undone}): {prompt}")
    elif applied.kind in _NOTES:
        say(screen, _NOTES[applied.kind].format(prompt))
