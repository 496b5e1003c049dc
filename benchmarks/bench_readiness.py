"""Exam readiness: is the pass probability honest (calibration), and is it fast?

Run from the repository root::

    .venv/bin/python benchmarks/bench_readiness.py            # full run
    .venv/bin/python benchmarks/bench_readiness.py --quick    # under 2 minutes on 2 cores
    .venv/bin/python benchmarks/bench_readiness.py --quick --json   # calibration as JSON only

Calibration: simulated learners (``readiness_sim.py``: hidden memory of their
own, slips, lucky guesses) study the bundled deck by quizkit's queue for 0 to
35 days, skipping some, then sit the certification exam once, drawn by
quizkit's draw (days log-uniform, so the first days, where readiness changes
fastest, are as well represented as the weeks after). Per decile of predicted pass probability: learners, mean
predicted, achieved pass rate; Brier score and AUC over all. Goal: every decile
with at least 100 learners within 5 points, AUC >= 0.85. Before simulating, the
in-memory queue is checked card for card against the real ``StudySession``.

Speed: the exact pass probability of the bundled exam (goal < 5 ms), and the
whole readiness (recall summed in the progress file, then the maths) of an
exam over a generated 100,000-card deck with 1,000,000 reviews (goal < 50 ms).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import readiness_sim as sim

from quizkit.base.paths import bundled_decks_dir
from quizkit.deck.cache import DeckCache
from quizkit.deck.library import load_library
from quizkit.exam.layout import assemble_from_recalls, exam_layout
from quizkit.exam.prediction import exam_readiness
from quizkit.exam.readiness import predict
from quizkit.progress.store import ProgressStore

PASS_GOAL_MS = 5.0
SCALE_GOAL_MS = 50.0
DECILE_GOAL_POINTS = 5.0
DECILE_MIN_LEARNERS = 100
AUC_GOAL = 0.85


# -- calibration --------------------------------------------------------------------------------
def _bundled_deck():
    return load_library([bundled_decks_dir()]).decks[0]


def _one(seed: int) -> tuple[float, bool, int]:
    outcome = sim.simulate(_DECK, seed)
    return outcome.predicted, outcome.passed, outcome.days


def _init() -> None:
    global _DECK
    _DECK = _bundled_deck()


def calibration(learners: int, seed: int) -> dict:
    with multiprocessing.Pool(2, initializer=_init) as pool:
        results = pool.map(_one, range(seed, seed + learners), chunksize=20)
    deciles = []
    for k in range(10):
        inside = [(p, y) for p, y, _ in results if min(9, int(p * 10)) == k]
        deciles.append(
            {
                "predicted": statistics.fmean(p for p, _ in inside) if inside else None,
                "achieved": statistics.fmean(float(y) for _, y in inside) if inside else None,
                "n": len(inside),
            }
        )
    judged = [d for d in deciles if d["n"] >= DECILE_MIN_LEARNERS]
    return {
        "deciles": deciles,
        "max_abs_error_points": max(
            (abs(d["predicted"] - d["achieved"]) * 100 for d in judged), default=0.0
        ),
        "brier": statistics.fmean((p - float(y)) ** 2 for p, y, _ in results),
        "auc": _auc([(p, y) for p, y, _ in results]),
        "learners": len(results),
    }


def _auc(pairs: list[tuple[float, bool]]) -> float:
    """P(a passer's prediction > a failer's), ties counting half (Mann-Whitney)."""
    ranked = sorted(pairs, key=lambda x: x[0])
    ranks: list[float] = [0.0] * len(ranked)
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    positives = sum(1 for _, y in ranked if y)
    negatives = len(ranked) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum = sum(r for r, (_, y) in zip(ranks, ranked) if y)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


# -- speed ----------------------------------------------------------------------------------------
def _samples_ms(run, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _best_ms(run, repeat: int) -> tuple[float, float]:
    samples = _samples_ms(run, repeat)
    return min(samples), statistics.median(samples)


def bundled_speed(repeat: int) -> dict:
    """The exact pass probability of the bundled exam for a learner part-way through the deck."""
    deck = _bundled_deck()
    exam = deck.exams[0]
    rng = random.Random(1)
    learner = sim.Learner.draw(deck, rng)
    queue = sim.ReplicaQueue(deck)
    after = sim.study_days(deck, learner, queue, 5, skip=0.0)
    recall = {
        c: queue.scheduler.retrievability(s, after)
        for c, s in queue.states.items()
        if s.phase != sim.Phase.NEW
    }
    strata = assemble_from_recalls(exam_layout(deck, exam), recall)
    best, median = _best_ms(lambda: predict(exam.questions, exam.pass_mark, strata), repeat)
    return {"best_ms": best, "median_ms": median}


def scale_speed(cards: int, reviews: int, repeat: int) -> dict:
    """Readiness over a generated deck of gradable cards and a progress file at that scale."""
    measured = scale_samples(cards, reviews, repeat)
    for times in measured["exams"].values():
        samples = times.pop("samples_ms")
        times["best_ms"], times["median_ms"] = min(samples), statistics.median(samples)
    return measured


def scale_samples(cards: int, reviews: int, repeat: int) -> dict:
    """``scale_speed``'s measurements, every sample kept (``benchmarks/run.py``'s table)."""
    import bench_study_engine as engine  # the study-engine benchmark's progress generator
    from scale_exam_deck import write_scale_exam_deck

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rng = random.Random(7)
        deck_path = write_scale_exam_deck(folder / "deck.toml", cards, rng)
        engine.scale_progress(folder / "p.sqlite3", deck_path, folder / "cache", reviews, rng)
        deck = load_library([deck_path], DeckCache(folder / "cache")).decks[0]
        store = ProgressStore.open(folder / "p.sqlite3")
        try:
            now = datetime.now(timezone.utc)
            result = {}
            for exam in deck.exams:
                started = time.perf_counter()
                exam_readiness(store, deck, exam, now)
                first = (time.perf_counter() - started) * 1000
                samples = _samples_ms(
                    lambda exam=exam: exam_readiness(store, deck, exam, now + timedelta(days=1)),
                    repeat,
                )
                result[exam.id] = {"first_ms": first, "samples_ms": samples}
            studied = store._db.execute("SELECT count(*) FROM cards WHERE phase != 0").fetchone()[0]
            total = store.reviews_total()
        finally:
            store.close()
    return {"cards": len(deck.cards), "studied": studied, "reviews": total, "exams": result}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer learners, a 10x smaller deck")
    parser.add_argument("--json", action="store_true", help="print the calibration as JSON only")
    parser.add_argument("--learners", type=int, help="simulated learners (default 1,000 / 12,000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    learners = args.learners or (1000 if args.quick else 12000)
    with tempfile.TemporaryDirectory() as tmp:
        checked = sim.check_replica(bundled_decks_dir(), Path(tmp) / "p.sqlite3", args.seed, 10)
    started = time.perf_counter()
    report = calibration(learners, args.seed)
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps(report))
        return 0
    print(f"replica queue checked against StudySession: {checked} answers identical")
    print(f"\nCalibration: {report['learners']} learners in {seconds:.0f} s")
    print("| predicted pass | learners | mean predicted | achieved | error (points) |")
    print("|---|---:|---:|---:|---:|")
    for k, d in enumerate(report["deciles"]):
        if d["n"]:
            error = abs(d["predicted"] - d["achieved"]) * 100
            print(
                f"| {k / 10:.1f}-{(k + 1) / 10:.1f} | {d['n']} | {d['predicted']:.3f} | "
                f"{d['achieved']:.3f} | {error:.1f} |"
            )
        else:
            print(f"| {k / 10:.1f}-{(k + 1) / 10:.1f} | 0 | - | - | - |")
    print(
        f"\nmax error over deciles with >= {DECILE_MIN_LEARNERS} learners: "
        f"{report['max_abs_error_points']:.1f} points (goal <= {DECILE_GOAL_POINTS}); "
        f"Brier {report['brier']:.4f}; AUC {report['auc']:.3f} (goal >= {AUC_GOAL})"
    )
    bundled = bundled_speed(200)
    print(
        f"\nExact pass probability, bundled exam: best {bundled['best_ms']:.2f} ms, "
        f"median {bundled['median_ms']:.2f} ms (goal < {PASS_GOAL_MS} ms)"
    )
    cards, reviews = (10_000, 100_000) if args.quick else (100_000, 1_000_000)
    scale = scale_speed(cards, reviews, 15)
    print(
        f"\nReadiness at scale: {scale['cards']} cards ({scale['studied']} studied), "
        f"{scale['reviews']} reviews"
    )
    for exam_id, times in scale["exams"].items():
        print(
            f"  {exam_id}: first {times['first_ms']:.1f} ms (builds the layout), then best "
            f"{times['best_ms']:.1f} ms, median {times['median_ms']:.1f} ms (goal < {SCALE_GOAL_MS} ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
