"""Statistics at scale: ``quizkit stats --json`` and the statistics screen's first draw.

Run from the repository root::

    .venv/bin/python benchmarks/bench_stats.py                # 100,000 cards, 1,000,000 reviews
    .venv/bin/python benchmarks/bench_stats.py --quick        # 10x smaller
    .venv/bin/python benchmarks/bench_stats.py --scale-dir /tmp/qk-stats   # keep and reuse the files

The data comes from ``bench_study_engine`` (the same deck and progress-file
generator), with the cards spread over ten topics so the per-topic figures
have work to do. Measured, each the median of several runs:

* ``stats --json``: a fresh ``python -m quizkit stats --json`` process, from its
  start to the JSON printed (the deck cache warm, as at every start but the
  first after a change). Goal: under 0.3 s.
* the statistics builder alone, in process (``report.study_stats``), and each
  of its SQL statements with its plan (``EXPLAIN QUERY PLAN``).
* the statistics screen's first draw: in process, from home's ``s`` on a running
  app to the frame with its charts (the first run imports the charting library).
  Goal: under 0.3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data import scale_data, scale_files

REPO = Path(__file__).resolve().parents[1]
GOAL_S = 0.3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10x smaller")
    parser.add_argument("--scale-dir", type=Path, help="keep the generated files here")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args(argv)
    cards, reviews = (10_000, 100_000) if args.quick else (100_000, 1_000_000)
    work = Path(tempfile.mkdtemp(prefix="quizkit-bench-stats-"))
    try:
        if args.scale_dir:
            files = scale_files(args.scale_dir, cards, reviews, args.seed, topics=True)
        else:  # the data every benchmark shares, made once per machine (with ten topics)
            files = scale_data(args.quick).files
        if args.generate_only:
            return 0
        return measure(files, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


FLOOR = """\
import time
T0 = time.perf_counter()
import sys
from pathlib import Path
from quizkit.base import paths
from quizkit.config import load_config
from quizkit.workspace import Workspace
workspace = Workspace.open(Path(sys.argv[1]), paths.deck_dirs([sys.argv[2]]),
                           config=load_config(paths.config_path()), cache_dir=paths.cache_dir())
workspace.close()
print(time.perf_counter() - T0)
"""


def child_env(cache: Path, work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QUIZKIT_CACHE": str(cache),
        "QUIZKIT_CONFIG": str(work / "config.toml"),
        "PYTHONPATH": str(REPO),
    }


def time_stats_command(data: Path, deck: Path, env: dict[str, str]) -> float:
    """Wall-clock seconds of one ``quizkit stats --json`` process, start to exit."""
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "quizkit",
            "--data",
            str(data),
            "--decks",
            str(deck),
            "stats",
            "--json",
        ],
        env=env,
        capture_output=True,
        check=True,
    )
    elapsed = time.perf_counter() - started
    json.loads(result.stdout)  # a whole JSON object came out
    return elapsed


def time_floor(data: Path, deck: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", FLOOR, str(data), str(deck)],
        env=env,
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


async def time_screen(workspace, runs: int) -> list[float]:
    """From home's ``s`` (``open_statistics``) to the end of the first frame with the four
    charts drawn, at 120x40 (where both rows of charts are in view).

    The first run imports the screen's module and textual-plotext, as a learner's first
    opening does. The frame is found by watching the app draw: each chart's ``render_lines``
    and the screen's compositor refresh (a private method of Textual's ``Screen``).
    """
    from textual.screen import Screen
    from textual.widget import Widget

    from quizkit.tui.app import make_app
    from quizkit.tui.screens.open import open_statistics

    drawn: dict[str, float | int | None] = {"charts": 0, "frame": None}
    render_lines, refresh = Widget.render_lines, Screen._compositor_refresh

    def counting_render_lines(widget, crop):
        lines = render_lines(widget, crop)
        if type(widget).__name__ == "PlotextPlot" and widget.screen.stats is not None:
            drawn["charts"] += 1
        return lines

    def timed_refresh(screen):
        refresh(screen)
        if drawn["charts"] >= 4 and drawn["frame"] is None:
            drawn["frame"] = time.perf_counter()

    samples = []
    app = make_app(workspace)
    Widget.render_lines, Screen._compositor_refresh = counting_render_lines, timed_refresh
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            # The start-up check of the file (a quick_check of 500 MB) runs in a thread
            # after the first frame; time the screen once it is done, not against it.
            await app.workers.wait_for_complete()
            for _ in range(runs):
                drawn.update(charts=0, frame=None)
                started = time.perf_counter()
                open_statistics(app)
                while drawn["frame"] is None:
                    if time.perf_counter() - started > 60 or not app.is_running:
                        raise RuntimeError("the statistics screen never drew its charts")
                    await asyncio.sleep(0.001)
                samples.append(drawn["frame"] - started)
                await app.workers.wait_for_complete()  # mastery per topic, after that frame
                app.pop_screen()
                await pilot.pause()
    finally:
        Widget.render_lines, Screen._compositor_refresh = render_lines, refresh
    return samples


def query_plans(workspace) -> list[str]:
    """Each statement the statistics run, with its time and SQLite's plan."""
    from quizkit.report.study_stats import study_stats

    store = workspace.store
    real = store._db
    lines: list[str] = []

    class Spy:
        def execute(self, sql, params=()):
            started = time.perf_counter()
            rows = real.execute(sql, params).fetchall()
            elapsed = time.perf_counter() - started
            plan = [row[-1] for row in real.execute("EXPLAIN QUERY PLAN " + sql, params)]
            lines.append(f"{elapsed * 1000:7.1f} ms  {' '.join(sql.split())[:96]}")
            lines.extend(f"             {step}" for step in plan)
            return _Rows(rows)

        def create_function(self, *args, **kwargs):
            real.create_function(*args, **kwargs)

    store._db = Spy()
    try:
        study_stats(
            store,
            workspace.decks,
            workspace.clock.now(),
            workspace.clock.local_zone(),
            workspace.config.rollover_hour,
            cache_dir=Path(os.environ["QUIZKIT_CACHE"]),
        )
    finally:
        store._db = real
    return lines


class _Rows(list):
    def fetchone(self):
        return self[0] if self else None

    def fetchall(self):
        return list(self)


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def measure(files: tuple[Path, Path, Path], runs: int) -> int:
    from quizkit.report.study_stats import study_stats
    from quizkit.workspace import Workspace

    deck, data, cache = files
    work = data.parent
    env = child_env(cache, work)
    os.environ["QUIZKIT_CACHE"] = str(cache)
    shutil.rmtree(cache / "study-days", ignore_errors=True)
    cold = time_stats_command(data, deck, env)  # counts every day, fills the day cache
    command, floor = [], []
    for _ in range(runs):  # interleaved, so load from other processes hits both alike
        command.append(time_stats_command(data, deck, env))
        floor.append(time_floor(data, deck, env))
    workspace = Workspace.open(data, [deck], cache_dir=cache)
    try:
        builder = []
        for _ in range(runs):
            started = time.perf_counter()
            study_stats(
                workspace.store,
                workspace.decks,
                workspace.clock.now(),
                workspace.clock.local_zone(),
                workspace.config.rollover_hour,
                cache_dir=cache,
            )
            builder.append(time.perf_counter() - started)
        plans = query_plans(workspace)  # before the app, whose daily backup runs in a thread
        screen = asyncio.run(time_screen(workspace, runs))
    finally:
        workspace.close()
    rows = [
        ("stats --json, a fresh process (day cache warm)", median_ms(command), max(command)),
        ("  floor: python, imports, Workspace.open", median_ms(floor), max(floor)),
        ("  study_stats in process", median_ms(builder), max(builder)),
        ("stats --json, first run (every day counted)", f"{cold * 1000:.0f} ms", cold),
        ("statistics screen: s to charts drawn", median_ms(screen), max(screen)),
        ("  the first opening (imports textual-plotext)", f"{screen[0] * 1000:.0f} ms", screen[0]),
    ]
    print(f"\n{'measurement':<50} {'median':>9} {'max':>9}   goal {GOAL_S * 1000:.0f} ms")
    for name, median, high in rows:
        print(f"{name:<50} {median:>9} {high * 1000:>6.0f} ms")
    print("\nStatements of study_stats (day cache warm):")
    print("\n".join(plans))
    return 0


if __name__ == "__main__":
    sys.exit(main())
