"""Card browser at 100,000 cards: the queries, and the real screen driven by Pilot.

Run from the repository root::

    .venv/bin/python benchmarks/bench_browser.py                  # 100,000 cards
    .venv/bin/python benchmarks/bench_browser.py --cards 10000    # smaller
    .venv/bin/python benchmarks/bench_browser.py --scale-dir /tmp/qk-scale   # reuse the files

The deck and progress file are bench_study_engine's (100,000 cards, 1,000,000
reviews; 40 % studied). Each query is timed 7 times (median, max); the first
text search, which builds the deck's cards and the text index, is timed once.
The screen part opens the app at 80x24 with a fixed clock, presses ``b`` and
waits for the table to fill, then times keys (End, PageUp, a search).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_study_engine import scale_files

from quizkit.base.clock import SystemClock
from quizkit.progress.browse import CardFilter, card_rows, find_cards
from quizkit.workspace import Workspace


def timed(function, runs: int = 7) -> tuple[float, float, object]:
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), max(samples), result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def queries(workspace: Workspace) -> None:
    store, decks, now = workspace.store, workspace.decks, workspace.clock.now()
    started = time.perf_counter()
    first = find_cards(store, decks, CardFilter(text="muscle"), now)
    print(f"first text search (builds cards + index)  {ms(time.perf_counter() - started)}")
    store.set_suspended(first[0].id, True)
    cases = {
        "every card (no filter)": CardFilter(),
        "text 'muscle'": CardFilter(text="muscle"),
        "text, two words": CardFilter(text="muscle pain"),
        "state review": CardFilter(state="review"),
        "state learning": CardFilter(state="learning"),
        "mark suspended": CardFilter(mark="suspended"),
        "state new + text": CardFilter(state="new", text="muscle"),
    }
    for label, card_filter in cases.items():
        median, worst, found = timed(lambda f=card_filter: find_cards(store, decks, f, now))
        print(f"{label:40} {ms(median)} (max {ms(worst).strip()})  {len(found):,} cards")
    page = [card.id for card in find_cards(store, decks, CardFilter(), now)[50_000:50_022]]
    median, worst, _ = timed(lambda: card_rows(store, page), runs=21)
    print(f"{'a screenful of rows (22, by key)':40} {ms(median)} (max {ms(worst).strip()})")
    store.set_suspended(first[0].id, False)


async def screen(workspace: Workspace) -> None:
    from quizkit.tui.app import make_app
    from quizkit.tui.screens.browser import BrowserScreen
    from quizkit.tui.widgets.card_table import CardTable

    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        # The daily check and backup (seconds on a 500 MB file) and home's mastery
        # run in threads after the first frame: let them finish before timing.
        await app.workers.wait_for_complete()
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("b")
        while not (isinstance(app.screen, BrowserScreen) and app.screen.query_one(CardTable).cards):
            await pilot.pause(0.005)
        await pilot.pause()
        print(f"{'b on home until the table shows':40} {ms(time.perf_counter() - started)}")
        table = app.screen.query_one(CardTable)
        for keys in (("end",), ("pageup",), ("home",), ("down",) * 10):
            started = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            label = f"keys {' '.join(keys[:1])}{' x10' if len(keys) > 1 else ''} (cursor {table.cursor:,})"
            print(f"{label:40} {ms(time.perf_counter() - started)}")
        started = time.perf_counter()
        await pilot.press("slash", *"muscle", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(
            f"{'search typed, until listed':40} {ms(time.perf_counter() - started)}  "
            f"{len(table.cards):,} cards (includes the 0.2 s typing pause)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--scale-dir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    directory = args.scale_dir or Path(tempfile.mkdtemp(prefix="quizkit-browse-"))
    deck, data, cache = scale_files(directory, args.cards, args.reviews, args.seed)
    workspace = Workspace.open(data, [deck], clock=SystemClock(), cache_dir=cache, fuzz=False)
    try:
        queries(workspace)
        asyncio.run(screen(workspace))
    finally:
        workspace.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
