"""Exports at scale: time and peak memory of ``quizkit export`` on a 1,000,000-review file.

Run from the repository root::

    .venv/bin/python benchmarks/bench_export.py            # 100,000 cards, 1,000,000 reviews
    .venv/bin/python benchmarks/bench_export.py --quick    # 10x smaller
    .venv/bin/python benchmarks/bench_export.py --scale-dir /tmp/qk-export   # keep the files

The deck and review log come from ``bench_study_engine`` (its generator). Exam
attempts (25 questions each, every question answered) are then written in
bulk, first 1,000 and then 10,000, and each format is exported by a fresh
``quizkit export ... --out FILE`` process. Peak memory is that process's own
high-water mark (``VmHWM`` in ``/proc/self/status``, read as it exits: a
forked child's ``ru_maxrss`` starts at its parent's, and the parent here has
just generated a million reviews). The first row opens the workspace (decks,
progress file) and exports nothing: what any command costs. Streaming means
ten times the attempts leaves the peak where it was; the signed JSON is built
whole (its canonical form covers all of it), so its peak grows with attempts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_study_engine import scale_deck, scale_progress

QUESTIONS = 25
FORMATS = (("csv", []), ("json", []), ("xapi", []), ("html", []), ("json", ["--sign"]))


def add_attempts(data: Path, total: int, rng: random.Random) -> None:
    """Bring the file to ``total`` ended certification attempts, written in one transaction."""
    db = sqlite3.connect(data)
    have = db.execute("SELECT count(*) FROM exam_attempts").fetchone()[0]
    cards = [row[0] for row in db.execute("SELECT card_id FROM cards LIMIT 2000")]
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    us = 1_000_000
    with db:
        for n in range(have, total):
            began = start + timedelta(hours=n)
            drawn = rng.sample(cards, QUESTIONS)
            questions = [
                {"card_id": c, "kind": "typed", "topic": None, "content_hash": "0" * 64}
                for c in drawn
            ]
            marks = [float(rng.random() < 0.8) for _ in drawn]
            t0 = int(began.timestamp() * us)
            cursor = db.execute(
                "INSERT INTO exam_attempts (exam_id, deck_id, deck_version, exam_hash, mode, "
                "started_at, deadline, pass_mark, questions, ended_at, ended_how, score) "
                "VALUES ('scale-exam', 'scale', NULL, ?, 'certification', ?, NULL, 0.8, ?, ?, "
                "'submitted', ?)",
                ("0" * 64, t0, json.dumps(questions), t0 + 600 * us, sum(marks)),
            )
            db.executemany(
                "INSERT INTO exam_answers (attempt_id, question, response, mark, almost, "
                "answered_at) VALUES (?, ?, ?, ?, 0, ?)",
                [
                    (cursor.lastrowid, q, json.dumps({"text": f"answer {q}"}), m, t0 + q * 20 * us)
                    for q, m in enumerate(marks)
                ],
            )
    db.close()


def export_once(files: dict[str, Path], fmt: str, extra: list[str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB, output bytes) of one export in a fresh process."""
    out = files["dir"] / f"out.{fmt}"
    env = dict(
        os.environ,
        QUIZKIT_CONFIG=str(files["config"]),
        QUIZKIT_CACHE=str(files["cache"]),
    )
    hwm = files["dir"] / "hwm.txt"
    env["QK_HWM"] = str(hwm)
    command = [sys.executable, "-c", WRAPPER, "--data", str(files["data"])]
    command += ["--decks", str(files["deck"])]
    command += ["export", "--format", fmt, "--out", str(out), "--force", *extra] if fmt else []
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"export failed: {done.stderr}")
    size = out.stat().st_size if fmt else 0
    return seconds, int(hwm.read_text()) // 1024, size


# Runs quizkit's main in this process, then writes the process's peak RSS (kB).
WRAPPER = """
import os, sys
args = sys.argv[1:]
if "export" in args:
    from quizkit.cli.main import main
    code = main(args)
else:  # open the workspace only
    from pathlib import Path
    from quizkit.base import paths
    from quizkit.workspace import Workspace
    data, deck = Path(args[1]), Path(args[3])
    Workspace.open(data, [deck], cache_dir=paths.cache_dir()).close()
    code = 0
status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
open(os.environ["QK_HWM"], "w").write(status)
sys.exit(code)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10x smaller")
    parser.add_argument("--scale-dir", type=Path, help="keep the generated files here")
    args = parser.parse_args(argv)
    cards, reviews = (10_000, 100_000) if args.quick else (100_000, 1_000_000)
    work = args.scale_dir or Path(tempfile.mkdtemp(prefix="quizkit-bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    files = {
        "dir": work,
        "deck": work / "scale.toml",
        "data": work / "progress.sqlite3",
        "cache": work / "cache",
        "config": work / "config.toml",
    }
    files["config"].write_text('[learner]\nname = "Bench Learner"\n', encoding="utf-8")
    rng = random.Random(7)
    try:
        if not files["data"].exists():
            print(f"generating {cards:,} cards and {reviews:,} reviews ...", flush=True)
            scale_deck(files["deck"], cards, rng)
            scale_progress(files["data"], files["deck"], files["cache"], reviews, rng)
        print(f"export, {cards:,} cards, {reviews:,} reviews, {QUESTIONS} questions an attempt")
        print(
            f"| {'format':<12} | {'attempts':>8} | {'time':>8} | {'peak RSS':>9} | {'output':>9} |"
        )
        print(f"|{'-' * 14}|{'-' * 10}|{'-' * 10}|{'-' * 11}|{'-' * 11}|")
        with sqlite3.connect(files["data"]) as db:  # a reused file: start from no attempts
            db.execute("DELETE FROM exam_answers")
            db.execute("DELETE FROM exam_attempts")
        seconds, peak, _ = export_once(files, "", [])
        print(f"| {'(open only)':<12} | {'':>8} | {seconds:>6.2f} s | {peak:>6} MB | {'':>9} |")
        for attempts in (1_000, 10_000):
            add_attempts(files["data"], attempts, rng)
            for fmt, extra in FORMATS:
                seconds, peak, size = export_once(files, fmt, extra)
                name = fmt + (" --sign" if extra else "")
                print(
                    f"| {name:<12} | {attempts:>8,} | {seconds:>6.2f} s | {peak:>6} MB "
                    f"| {size / 1e6:>6.1f} MB |",
                    flush=True,
                )
    finally:
        if args.scale_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
