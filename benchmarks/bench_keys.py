"""How long the study screen takes to act on a key, against one frame (16.7 ms at 60 Hz).

Drives the real app headless (Textual's Pilot, 80x24) through a study session
of the bundled deck and times, for each card, the screen's own work for a key:
the reveal or the check (handler and redraw of the card's widgets), and a
rating (the write in its worker thread, the next card picked, and the new card
drawn). Textual's composition of the frame that follows is the same for any
app, and is left out. The Pilot's own waits are not timed (they are frames of
idle polling, not work).

    .venv/bin/python benchmarks/bench_keys.py [--cards 40]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from textual.widgets import Input

from quizkit.base.clock import FixedClock
from quizkit.base.paths import bundled_decks_dir
from quizkit.tui.app import make_app
from quizkit.tui.screens.study import StudyScreen
from quizkit.workspace import Workspace

FRAME_MS = 1000 / 60


async def measure(cards: int, data: Path) -> dict[str, list[float]]:
    clock = FixedClock(datetime(2026, 11, 23, 12, tzinfo=timezone.utc))
    workspace = Workspace.open(data, [bundled_decks_dir()], clock=clock, fuzz=False)
    app = make_app(workspace, study=workspace.decks)
    times: dict[str, list[float]] = {"reveal / check": [], "rate: write + next card drawn": []}
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await pilot.pause()
        for _ in range(cards):
            shown = screen.session.current
            if shown is None:
                break
            kind = shown.card.kind
            if kind == "choice":
                await pilot.press("1")
                act = screen.action_check
            elif kind == "truefalse":

                def act() -> None:
                    screen.action_true_false(True)
            elif kind == "typed":
                await pilot.press(*"maximus")

                def act() -> None:
                    screen.on_input_submitted(Input.Submitted(screen.query_one(Input), "maximus"))
            else:
                act = screen.action_reveal
            started = time.perf_counter()
            act()
            times["reveal / check"].append((time.perf_counter() - started) * 1000)
            await pilot.pause()
            clock.advance(seconds=8)
            started = time.perf_counter()
            screen.action_rate(3)
            # Until the worker's result has been drawn. Polled every millisecond:
            # a sleep(0) spin would starve the worker thread of the GIL.
            while screen.busy:
                await asyncio.sleep(0.001)
            times["rate: write + next card drawn"].append((time.perf_counter() - started) * 1000)
            await pilot.pause()
    workspace.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        times = asyncio.run(measure(args.cards, Path(tmp) / "progress.sqlite3"))
    print(
        f"study screen, bundled deck, 80x24, {len(times['reveal / check'])} cards; "
        f"budget: one frame, {FRAME_MS:.1f} ms"
    )
    print(f"| {'key':<30} | {'median':>9} | {'p95':>9} | {'max':>9} | {'vs frame':>8} |")
    print(f"|{'-' * 32}|{'-' * 11}|{'-' * 11}|{'-' * 11}|{'-' * 10}|")
    for name, values in times.items():
        median = statistics.median(values)
        p95 = sorted(values)[max(0, round(0.95 * len(values)) - 1)]
        print(
            f"| {name:<30} | {median:>6.2f} ms | {p95:>6.2f} ms | {max(values):>6.2f} ms "
            f"| {median / FRAME_MS:>7.2f}x |"
        )


if __name__ == "__main__":
    main()
