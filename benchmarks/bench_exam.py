"""Exam speed: a key to the first question, an answer committed and the next question drawn,
the countdown's redraw, and drawing an exam from a 100,000-card deck.

    .venv/bin/python benchmarks/bench_exam.py [--runs 20] [--cards 100000]

The first three drive the real app headless (Textual's Pilot, 80x24) on the
bundled deck with a fresh progress file (WAL, synchronous=FULL: every answer is
a durable commit). Timed is quizkit's own work for the key, up to the new
question's widgets being drawn; Textual's composition of the frame that follows
is the same for any app and is left out, as in bench_keys.py. The draw is timed
on a generated deck held in memory (cards built), as the exam screens use it.
Each key is timed twice: wall clock, and the CPU time of the app's thread (which
a busy machine does not inflate; the wall clock includes waiting for the disk's
fsync and for the CPU). The draw's index of the deck (every gradable card's topic and fact) is built
once per deck, in a worker thread when the exam's start screen opens; it is
timed apart. Goals: first question < 100 ms; answer + next question within
one frame (16.7 ms); draw at 100,000 cards < 50 ms; the index well within
the time a candidate spends on the start screen.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizkit.base.clock import FixedClock
from quizkit.base.paths import bundled_decks_dir
from quizkit.deck.model import Card, Cards, Deck, Draw, Exam, Topic
from quizkit.exam import draw as draw_module
from quizkit.exam.draw import draw_attempt, prepare_draws
from quizkit.exam.model import Response
from quizkit.tui.app import make_app
from quizkit.tui.screens.exam_question import ExamQuestionScreen
from quizkit.tui.screens.exam_start import ExamStartScreen
from quizkit.tui.widgets.countdown import Countdown
from quizkit.workspace import Workspace

FRAME_MS = 1000 / 60


async def until(condition) -> None:
    # Polled every millisecond, as bench_keys.py does.
    while not condition():
        await asyncio.sleep(0.001)


async def measure_screens(runs: int, data: Path) -> dict[str, list[float]]:
    clock = FixedClock(datetime(2026, 11, 23, 12, tzinfo=timezone.utc))
    workspace = Workspace.open(data, [bundled_decks_dir()], clock=clock, fuzz=False)
    app = make_app(workspace, exam="gmed-certification")
    times: dict[str, list[float]] = {
        "c / p: first question shown": [],
        "c / p: first question shown (CPU)": [],
        "Enter: answer committed + next": [],
        "Enter: answer committed + next (CPU)": [],
        "countdown redraw": [],
    }
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for run in range(runs):
            start = app.screen
            assert isinstance(start, ExamStartScreen)
            mode = "certification" if run == 0 else "practice"
            began, cpu = time.perf_counter(), time.thread_time()
            start.action_begin(mode)
            await until(
                lambda: isinstance(app.screen, ExamQuestionScreen) and app.screen.is_mounted
            )
            question = app.screen
            await until(lambda q=question: q.query_one("#position").render())
            times["c / p: first question shown"].append((time.perf_counter() - began) * 1000)
            times["c / p: first question shown (CPU)"].append((time.thread_time() - cpu) * 1000)
            await pilot.pause()
            for _ in range(len(question.attempt.questions) - 1):
                question.pending = (
                    Response(value=True)
                    if question.card().kind == "truefalse"
                    else (
                        Response(picked=question.card().choices[:1])
                        if question.card().kind == "choice"
                        else Response(text="an answer")
                    )
                )
                question.query_one("#typed").value = "an answer"
                began, cpu = time.perf_counter(), time.thread_time()
                if question.attempt.mode == "practice":
                    question.attempt.mode = "certification"  # no feedback stop: straight on
                question.action_record()
                times["Enter: answer committed + next"].append((time.perf_counter() - began) * 1000)
                times["Enter: answer committed + next (CPU)"].append(
                    (time.thread_time() - cpu) * 1000
                )
                countdown = question.query_one(Countdown)
                countdown.deadline = clock.now() + timedelta(minutes=20)
                began = time.perf_counter()
                countdown.tick()
                times["countdown redraw"].append((time.perf_counter() - began) * 1000)
            await pilot.pause()
            question.room.submit(question.attempt, abandon=True)
            app.pop_screen()
            await pilot.pause()
    workspace.close()
    return times


def big_deck(cards: int) -> Deck:
    topics = tuple(Topic(f"t{n}", f"Topic {n}") for n in range(20))
    kinds = ("choice", "truefalse", "typed", "cloze", "basic")
    built = []
    for n in range(cards):
        kind = kinds[n % len(kinds)]
        built.append(
            Card(
                f"c{n}", f"n{n // 2}", "big", kind, f"Question {n}?", "a", n, f"h{n}",
                topic=f"t{(n // 5) % 20}", choices=("a", "b", "c", "d") if kind == "choice" else (),
                correct=("a",),
            )
        )  # fmt: skip
    exam = Exam(
        "big-exam", "big", "Big", 60, 0.8, None, 0, "highest",
        draws=tuple(Draw(f"t{n}", 3) for n in range(20)),
    )  # fmt: skip
    return Deck(
        "big", "Big", Path("big.toml"), "hash", topics=topics, cards=Cards(built), exams=(exam,)
    )


def measure_index(runs: int, cards: int) -> list[float]:
    deck = big_deck(cards)
    times = []
    for _ in range(runs):
        draw_module._POOLS.clear()
        began = time.perf_counter()
        prepare_draws(deck)
        times.append((time.perf_counter() - began) * 1000)
    return times


def measure_draw(runs: int, cards: int) -> list[float]:
    deck = big_deck(cards)
    prepare_draws(deck)  # as the start screen does while it is read
    rng = random.Random(1)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        draw_attempt(deck, deck.exams[0], rng, shuffle_questions=True, shuffle_choices=True)
        times.append((time.perf_counter() - began) * 1000)
    return times


def row(name: str, values: list[float], goal: float) -> str:
    median = statistics.median(values)
    p95 = sorted(values)[max(0, round(0.95 * len(values)) - 1)]
    return (
        f"| {name:<38} | {median:>7.2f} ms | {p95:>7.2f} ms | {max(values):>7.2f} ms "
        f"| {goal:>6.1f} ms | {'met' if p95 < goal else 'MISSED':>6} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        times = asyncio.run(measure_screens(args.runs, Path(tmp) / "progress.sqlite3"))
    draw = measure_draw(args.runs, args.cards)
    index = measure_index(max(3, args.runs // 4), args.cards)
    print(f"exam screens: bundled deck, 80x24, {args.runs} attempts; draw: {args.cards:,} cards")
    print(
        f"| {'measurement':<38} | {'median':>10} | {'p95':>10} | {'max':>10} | {'goal':>9} "
        f"| {'':>6} |"
    )
    print(f"|{'-' * 40}|{'-' * 12}|{'-' * 12}|{'-' * 12}|{'-' * 11}|{'-' * 8}|")
    for name in ("c / p: first question shown", "c / p: first question shown (CPU)"):
        print(row(name, times[name], 100))
    for name in ("Enter: answer committed + next", "Enter: answer committed + next (CPU)"):
        print(row(name, times[name], FRAME_MS))
    print(row("countdown redraw", times["countdown redraw"], 1))
    print(row(f"draw an exam, {args.cards:,} cards", draw, 50))
    print(row(f"index a deck (background), {args.cards:,}", index, 500))


if __name__ == "__main__":
    main()
