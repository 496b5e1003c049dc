"""Study engine: answer latency against the fsync floor, and start-up at 100,000 cards.

Run from the repository root::

    .venv/bin/python benchmarks/bench_study_engine.py            # full run (about 3 min)
    .venv/bin/python benchmarks/bench_study_engine.py --quick    # 10x smaller (about 15 s)

Two parts, one printed table:

* Answer latency: ``StudySession.answer`` on a real progress file (a commit with
  WAL + synchronous=FULL, then the next card is picked and its four ratings
  previewed), against the floor: a bare ``INSERT`` in its own transaction into
  a one-table SQLite file with WAL + synchronous=FULL, in the same directory.
  Answers and floor inserts alternate one for one, so both meet the disk in
  the same state. Goal: within 1.5x the floor.
* Scale: a generated deck of 100,000 cards (basic, reversible, cloze) and a
  progress file with 100,000 card rows and 1,000,000 review rows spread over
  the past year. The deck cache is warm (the first start after a change
  validates the deck; the normal start hits the cache). Each measured start is
  a fresh ``python`` process: import, ``Workspace.open``, ``Workspace.counts``,
  ``Workspace.session([deck]).current``, printed. Goal: under 0.5 s.

After the table: the plan and time of every statement the store runs at start
(``EXPLAIN QUERY PLAN`` at scale); ``--profile`` adds a cProfile and an
``-X importtime`` of one start.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import pstats
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from quizkit.base.clock import FixedClock, SystemClock
from quizkit.base.study_day import StudyDay
from quizkit.deck.cache import DeckCache
from quizkit.deck.library import load_library
from quizkit.progress.backups import backup_dir
from quizkit.progress.card_state import to_micros
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import Rating
from quizkit.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
START_GOAL_S = 0.5
LATENCY_GOAL = 1.5
DAY_US = 86_400_000_000
MINUTE_US = 60_000_000
WORDS = [
    "muscle",
    "pelvis",
    "hip",
    "femur",
    "trochanter",
    "gluteus",
    "medius",
    "minimus",
    "maximus",
    "tendon",
    "fascia",
    "ligament",
    "sacrum",
    "ilium",
    "lumbar",
    "spine",
    "knee",
    "ankle",
    "pain",
    "referral",
    "pattern",
    "trigger",
    "point",
    "tender",
    "band",
    "twitch",
    "palpation",
    "pressure",
    "stretch",
    "posture",
    "gait",
    "walking",
    "standing",
]

# The child measured at scale. Its clock starts before its first import.
CHILD = """\
import time
T0 = time.perf_counter()
import json, os, sys
from pathlib import Path
from quizkit.workspace import Workspace
t_import = time.perf_counter()
data, deck, cache, backup = sys.argv[1:5]
cached = set(os.listdir(cache)) if os.path.isdir(cache) else set()
workspace = Workspace.open(Path(data), [Path(deck)], cache_dir=Path(cache))
t_open = time.perf_counter()
revalidated = set(os.listdir(cache)) != cached  # a new cache entry: the deck was validated
counts = workspace.counts(workspace.decks[0])
t_counts = time.perf_counter()
shown = workspace.session([workspace.decks[0]]).current
t_card = time.perf_counter()
print("CARD", shown.card.id if shown else "-", counts.new, counts.learning, counts.due, flush=True)
# What the TUI runs in a background thread after its first frame.
notices = workspace.daily_maintenance() if backup == "1" else []
t_maintenance = time.perf_counter()
print(json.dumps({"import": t_import - T0, "open": t_open - t_import, "counts": t_counts - t_open,
                  "card": t_card - t_counts, "total": t_card - T0, "notices": notices,
                  "maintenance": t_maintenance - t_card, "revalidated": revalidated}),
      flush=True)
"""


# -- statistics and printing -------------------------------------------------------------
def p99(samples: list[float]) -> float:
    """Nearest-rank 99th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


class Table:
    HEADER = ("measurement", "median", "p99 / max", "floor or goal", "ratio")

    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def add(
        self, name: str, median: str, high: str = "", reference: str = "", ratio: str = ""
    ) -> None:
        self.rows.append((name, median, high, reference, ratio))

    def render(self) -> str:
        rows = [self.HEADER, *self.rows]
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        left = (0, 3)

        def line(row: tuple[str, ...]) -> str:
            cells = [
                c.ljust(w) if i in left else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            return "| " + " | ".join(cells) + " |"

        rule = (
            "|"
            + "|".join(
                "-" * (w + 2) if i in left else "-" * (w + 1) + ":" for i, w in enumerate(widths)
            )
            + "|"
        )
        return "\n".join([line(self.HEADER), rule, *map(line, self.rows)])


def describe_disk(directory: Path) -> str:
    try:
        found = subprocess.run(
            ["findmnt", "-n", "-o", "SOURCE,FSTYPE", "-T", str(directory)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return f"{directory} (device unknown)"
    source, fstype = [*found, "?", "?"][:2]
    rotational = Path(f"/sys/block/{Path(source).name}/queue/rotational")
    kind = ""
    if rotational.exists():
        flag = rotational.read_text().strip()
        kind = ", kernel says rotational" if flag == "1" else ", non-rotational"
    return f"{directory} on {source} ({fstype}{kind})"


# -- part 1: answer latency against the fsync floor -------------------------------------------
def small_deck(path: Path, notes: int) -> Path:
    lines = [
        "format = 1",
        "[deck]",
        'id = "latency"',
        'title = "Latency"',
        "[deck.options]",
        "new_per_day = 99999",
        "reviews_per_day = 99999",
    ]
    for n in range(notes):
        lines += [
            "[[cards]]",
            f'id = "lat-{n}"',
            'type = "basic"',
            f'front = "Question {n}: which muscle abducts the hip?"',
            f'back = "Answer {n}."',
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Floor:
    """A bare one-table SQLite file: WAL, synchronous=FULL, one INSERT per transaction."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, at INTEGER, v TEXT)")
        self.payload = "x" * 400  # about the size of a review row

    def insert(self) -> float:
        start = time.perf_counter()
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("INSERT INTO t (at, v) VALUES (?, ?)", (time.time_ns(), self.payload))
        self.db.execute("COMMIT")
        return time.perf_counter() - start

    def close(self) -> None:
        self.db.close()


def answer_latency(
    workspace: Workspace, clock: FixedClock, floor: Floor, count: int, rng: random.Random
) -> dict[str, list[float]]:
    """``count`` answers and ``count`` floor inserts, alternating; the commit timed inside."""
    store = workspace.store
    commits: list[float] = []
    record_review = store.record_review

    def timed_record_review(*args: object, **kwargs: object) -> int:
        started = time.perf_counter()
        try:
            return record_review(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            commits.append(time.perf_counter() - started)

    # Benchmark only: an instance attribute shadows the method, to time the commit.
    store.record_review = timed_record_review  # type: ignore[method-assign]
    try:
        session = workspace.session()
        answers, inserts = [], []
        while len(answers) < count + 10:
            if session.current is None:
                clock.advance(hours=1)
                session.advance()
                continue
            session.reveal()
            clock.advance(seconds=20)
            rating = rng.choices(list(Rating), weights=(1, 1, 6, 2))[0]
            started = time.perf_counter()
            session.answer(rating)
            answers.append(time.perf_counter() - started)
            inserts.append(floor.insert())
    finally:
        del store.record_review
    # The first ten warm SQLite's and Python's caches: not counted.
    answers, commits, inserts = answers[10:], commits[10:], inserts[10:]
    rest = [a - c for a, c in zip(answers, commits, strict=True)]
    return {"answer": answers, "commit": commits, "rest": rest, "floor": inserts}


def answers_during_integrity_check(
    workspace: Workspace, clock: FixedClock, floor: Floor, count: int, rng: random.Random
) -> dict[str, list[float]]:
    """Answers while another connection runs ``PRAGMA integrity_check``, as the TUI now does."""
    started = threading.Event()

    def check() -> None:
        db = sqlite3.connect(f"file:{workspace.store.path}?mode=ro", uri=True)
        try:
            started.set()
            db.execute("PRAGMA integrity_check").fetchall()
        finally:
            db.close()

    checker = threading.Thread(target=check)
    checker.start()
    started.wait()
    try:
        result = answer_latency(workspace, clock, floor, count, rng)
        if not checker.is_alive():
            print("  (the integrity check ended before the answers did)", flush=True)
        return result
    finally:
        checker.join()


def latency_rows(table: Table, label: str, result: dict[str, list[float]]) -> None:
    floor, answer = result["floor"], result["answer"]
    f_med, f_p99 = statistics.median(floor), p99(floor)
    table.add(
        f"{label}: bare INSERT + COMMIT (floor), n={len(floor)}", ms(f_med), ms(f_p99), "", "1.00x"
    )
    table.add(
        f"{label}: StudySession.answer, n={len(answer)}",
        ms(statistics.median(answer)),
        ms(p99(answer)),
        f"<= {LATENCY_GOAL}x floor",
        f"{statistics.median(answer) / f_med:.2f}x / {p99(answer) / f_p99:.2f}x",
    )
    table.add(
        "  of which the commit (record_review)",
        ms(statistics.median(result["commit"])),
        ms(p99(result["commit"])),
        "",
        f"{statistics.median(result['commit']) / f_med:.2f}x",
    )
    table.add(
        "  of which the next card (queries + preview)",
        ms(statistics.median(result["rest"])),
        ms(p99(result["rest"])),
    )


# -- part 2: a generated deck and progress file at scale -------------------------------------
def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scale_deck(path: Path, cards: int, rng: random.Random) -> Path:
    """``cards`` cards: per 18 notes, 16 basic, one reversible (2 cards) and one cloze (2 cards)."""
    out = ["format = 1", "", "[deck]", 'id = "scale"', 'title = "Scale deck"', ""]
    n = made = 0
    while made < cards:
        slot = n % 18
        out += ["[[cards]]", f'id = "s{n}"']
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        if slot == 0 and cards - made >= 2:
            out += ['type = "reversible"', f"front = {_quote(sentence)}", f'back = "answer {n}"']
            made += 2
        elif slot == 9 and cards - made >= 2:
            words = sentence.split()
            words[1] = "{{c1::" + words[1] + "}}"
            words[-1] = "{{c2::" + words[-1] + "}}"
            out += ['type = "cloze"', f"text = {_quote(' '.join(words))}"]
            made += 2
        else:
            out += ['type = "basic"', f"front = {_quote(sentence + '?')}", f'back = "answer {n}"']
            made += 1
        out.append("")
        n += 1
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def _j(value: object) -> str:
    return "null" if value is None else repr(value)


def _state(
    phase: int,
    step: int | None,
    stability: float | None,
    difficulty: float | None,
    due: int | None,
    last: int | None,
    reps: int,
    lapses: int,
) -> str:
    """CardState JSON in ``CardState.to_json_dict`` order (read back through quizkit below)."""
    return (
        f'{{"phase": {phase}, "step": {_j(step)}, "stability": {_j(stability)}, '
        f'"difficulty": {_j(difficulty)}, "due": {_j(due)}, "last_review": {_j(last)}, '
        f'"reps": {reps}, "lapses": {lapses}}}'
    )


NEW_STATE = _state(0, None, None, None, None, None, 0, 0)


def _review_counts(
    studied: int, special: dict[int, int], total: int, rng: random.Random
) -> dict[int, int]:
    """Reviews per studied card: ``special`` as given, the rest spread to make ``total``."""
    counts = dict(special)
    plain = [i for i in range(studied) if i not in counts]
    mean = (total - sum(counts.values())) / len(plain)
    for i in plain:
        counts[i] = max(1, int(rng.uniform(0.2, 1.8) * mean))
    drift = total - sum(counts.values())
    while drift:
        i = rng.choice(plain)
        step = 1 if drift > 0 else -1
        if counts[i] + step >= 1:
            counts[i] += step
            drift -= step
    return counts


def scale_progress(
    data: Path, deck_path: Path, cache: Path, reviews_total: int, rng: random.Random
) -> dict[str, object]:
    """Create the schema and card rows through quizkit, then bulk-write states and reviews in SQL.

    40 % of the cards (the first in deck order) were studied over the past year;
    the rest are new. Today: ten cards introduced, some reviewed, a few lapsed;
    learning cards wait minutes; about 1.5 % of the review cards are due.
    """
    started = time.perf_counter()
    library = load_library([deck_path], DeckCache(cache))  # validates and fills the cache
    validate_s = time.perf_counter() - started
    deck = library.decks[0]
    now = datetime.now(timezone.utc)
    day = StudyDay.containing(now, SystemClock().local_zone())
    now_us, start_us, end_us = to_micros(now), to_micros(day.start), to_micros(day.end)
    year_ago = now_us - 365 * DAY_US

    def today() -> int:
        return rng.randint(start_us, max(start_us, now_us - MINUTE_US))

    store = ProgressStore.open(data)
    store.sync_deck(deck, now)
    store.close()

    cards = list(deck.cards)
    studied = int(len(cards) * 0.4)
    scale = len(cards) / 100_000
    learning_n = max(4, int(400 * scale))
    new_today = set(range(studied - max(1, int(10 * scale)), studied))
    learning = set(range(studied - learning_n, studied))
    review_range = list(range(studied - learning_n))
    picked = rng.sample(review_range, max(2, int(40 * scale)))
    relearning = set(picked[: len(picked) // 2])
    reviewed_today = set(picked[len(picked) // 2 :])
    suspended = set(rng.sample(review_range, max(1, int(200 * scale))))
    leeches = set(sorted(suspended)[: max(1, len(suspended) // 10)])
    buried = set(rng.sample(review_range, max(1, int(50 * scale))))
    flagged = set(rng.sample(range(len(cards)), max(1, int(100 * scale))))
    special = {i: rng.randint(1, 3) for i in new_today}
    special.update({i: rng.randint(2, 4) for i in learning - new_today})
    special.update({i: rng.randint(5, 30) for i in relearning | reviewed_today})
    counts = _review_counts(studied, special, reviews_total, rng)

    reviews: list[tuple] = []
    states: list[tuple] = []
    due_today = 0
    for i in range(studied):
        card, c = cards[i], counts[i]
        difficulty = round(rng.uniform(3, 8), 4)
        # The card's state now, and its last review's time and rating.
        if i in learning:
            last = today()
            first = start_us if i in new_today else last - rng.randint(1, 3) * DAY_US
            stability = round(rng.uniform(0.5, 3), 4)
            final = (1, 1, stability, difficulty, last + 10 * MINUTE_US, last, c, 0)
            final_rating = 3
        elif i in relearning:
            last = today()
            first = year_ago + rng.randint(0, 200) * DAY_US
            stability = round(rng.uniform(0.5, 5), 4)
            final = (3, 0, stability, difficulty, last + 10 * MINUTE_US, last, c, 1)
            final_rating = 1
        else:
            stability = round(rng.uniform(0.5, 180), 4)
            interval = int(stability * DAY_US)
            if i in reviewed_today:
                last = today()
                due = last + interval
            else:
                if rng.random() < 0.015:
                    due = rng.randint(now_us - 10 * DAY_US, end_us - 1)
                else:
                    due = rng.randint(end_us, now_us + 365 * DAY_US)
                last = max(year_ago + DAY_US, min(due - interval, start_us - MINUTE_US))
            due_today += due < end_us
            first = rng.randint(year_ago, last)
            final = (2, None, stability, difficulty, due, last, c, 0)
            final_rating = rng.choice((2, 3, 3, 3, 4))
        middle = sorted(rng.randint(first, last) for _ in range(c - 2))
        times = [last] if c == 1 else [first, *middle, last]

        before, phase_before = NEW_STATE, 0
        stability = 0.5
        for k, at in enumerate(times):
            if k == c - 1:
                after_tuple, rating = final, final_rating
            elif i in learning:
                after_tuple = (1, min(k, 1), 1.0, difficulty, at + 10 * MINUTE_US, at, k + 1, 0)
                rating = 3
            else:
                stability = round(min(stability * rng.uniform(1.3, 2.5), 365.0), 4)
                after_tuple = (
                    2,
                    None,
                    stability,
                    difficulty,
                    at + int(stability * DAY_US),
                    at,
                    k + 1,
                    0,
                )
                rating = rng.choice((2, 3, 3, 3, 4))
            after = _state(*after_tuple)
            reviews.append(
                (
                    at,
                    card.id,
                    deck.id,
                    card.note_id,
                    rating,
                    rng.randint(1500, 20000),
                    phase_before,
                    before,
                    after,
                )
            )
            before, phase_before = after, after_tuple[0]
        states.append(
            (
                *final,
                int(i in suspended),
                end_us if i in buried else None,
                int(i in flagged),
                int(i in leeches),
                card.id,
            )
        )
    for i in flagged.difference(range(studied)):
        states.append((0, None, None, None, None, None, 0, 0, 0, None, 1, 0, cards[i].id))

    reviews.sort(key=lambda r: r[0])  # appended in time order, as a learner does
    db = sqlite3.connect(data, isolation_level=None)
    db.execute("PRAGMA synchronous = OFF")  # generation only: quizkit itself always uses FULL
    db.execute("PRAGMA cache_size = -400000")
    db.execute("BEGIN")
    db.executemany(
        "UPDATE cards SET phase = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
        "last_review = ?, reps = ?, lapses = ?, suspended = ?, buried_until = ?, flagged = ?, "
        "leech = ? WHERE card_id = ?",
        states,
    )
    db.executemany(
        "INSERT INTO reviews (reviewed_at, card_id, deck_id, note_id, rating, duration_ms, "
        "phase_before, state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        reviews,
    )
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()

    # What was written reads back as quizkit's own states, chained review to review.
    store = ProgressStore.open(data)
    try:
        for i in rng.sample(range(studied), min(200, studied)):
            log = store.reviews_for(cards[i].id)
            assert len(log) == counts[i], (cards[i].id, len(log), counts[i])
            assert log[-1].after == store.card_state(cards[i].id)
            assert all(a.after == b.before for a, b in itertools.pairwise(log))
            assert log[0].before.to_json_dict() == json.loads(NEW_STATE)
        assert store.reviews_total() == reviews_total
    finally:
        store.close()
    return {"validate_s": validate_s, "studied": studied, "due_today": due_today}


def scale_files(directory: Path, cards: int, reviews: int, seed: int) -> tuple[Path, Path, Path]:
    """The deck, progress file and cache at scale: reused when ``directory`` has them for today."""
    deck, data = directory / "scale.toml", directory / "progress.sqlite3"
    cache = directory / "cache"
    marker = directory / "generated.json"
    today = datetime.now(timezone.utc).date().isoformat()
    wanted = {"cards": cards, "reviews": reviews, "seed": seed, "day": today}
    if marker.exists() and json.loads(marker.read_text()) == wanted and data.exists():
        print(f"scale: reusing {directory}", flush=True)
        return deck, data, cache
    for old in (deck, data, marker):
        old.unlink(missing_ok=True)
    for side in ("-wal", "-shm"):
        data.with_name(data.name + side).unlink(missing_ok=True)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(backup_dir(data), ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
    print(f"scale: generating {cards:,} cards and {reviews:,} reviews ...", flush=True)
    rng = random.Random(seed)
    started = time.perf_counter()
    scale_deck(deck, cards, rng)
    info = scale_progress(data, deck, cache, reviews, rng)
    print(
        f"  generated in {time.perf_counter() - started:.0f} s: deck "
        f"{deck.stat().st_size / 1e6:.1f} MB, progress file {data.stat().st_size / 1e6:.0f} MB, "
        f"{info['studied']:,} cards studied, {info['due_today']:,} review cards due today; "
        f"the first (validating) load of the deck took {info['validate_s']:.1f} s",
        flush=True,
    )
    marker.write_text(json.dumps(wanted))
    return deck, data, cache


# -- part 2: measuring a start ----------------------------------------------------------------
def child_env(pycache: Path | None) -> dict[str, str]:
    """With ``pycache``: byte code kept there, as after ``pip install``; without: none at all."""
    env = dict(os.environ)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def start_once(
    child: Path,
    files: tuple[Path, Path, Path],
    backup: bool,
    env: dict[str, str],
    prefix: tuple[str, ...] = (),
) -> dict:
    """One fresh process: spawn to the first card printed, and spawn to exit."""
    deck, data, cache = files
    command = [
        sys.executable,
        *prefix,
        str(child),
        str(data),
        str(deck),
        str(cache),
        "1" if backup else "0",
    ]
    with tempfile.TemporaryFile("w+") as errors:  # a file, not a pipe: -X importtime writes a lot
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, text=True, cwd=REPO, env=env
        )
        first = proc.stdout.readline()
        card_at = time.perf_counter()
        rest = proc.stdout.read()
        proc.wait()
        exit_at = time.perf_counter()
        errors.seek(0)
        err = errors.read()
    if proc.returncode != 0 or not first.startswith("CARD"):
        raise RuntimeError(f"the start failed ({proc.returncode}): {first}{rest}{err}")
    return {
        "to_card": card_at - started,
        "to_exit": exit_at - started,
        "line": first.strip(),
        "inside": json.loads(rest.splitlines()[0]),
        "stderr": err,
    }


def starts(
    child: Path, files: tuple[Path, Path, Path], backup: bool, env: dict[str, str], runs: int
) -> list[dict]:
    # One start first, not counted: it writes byte code, and re-validates the deck if the
    # loader changed since the cache was filled; the page cache is then warm, as on any
    # start after the first since boot.
    start_once(child, files, backup, env)
    results: list[dict] = []
    for _ in range(runs * 3):
        result = start_once(child, files, backup, env)
        if result["inside"]["revalidated"]:
            # The loader's source changed under us (someone is editing it): that start
            # validated the deck again, which is not the start measured here.
            print("  (a start re-validated the deck: the loader changed; not counted)", flush=True)
            continue
        results.append(result)
        if len(results) == runs:
            break
    return results


def start_rows(table: Table, label: str, results: list[dict], detail: bool) -> None:
    to_card = [r["to_card"] for r in results]
    median = statistics.median(to_card)
    table.add(
        f"{label}, n={len(results)}",
        ms(median),
        ms(max(to_card)),
        f"< {START_GOAL_S} s",
        f"{median / START_GOAL_S:.2f}x goal",
    )
    if not detail:
        return
    to_exit = [r["to_exit"] for r in results]
    table.add("  process start to exit", ms(statistics.median(to_exit)), ms(max(to_exit)))
    inside = [r["inside"]["total"] for r in results]
    table.add(
        "  in the process: first import to first card",
        ms(statistics.median(inside)),
        ms(max(inside)),
    )
    for step, name in (
        ("import", "import quizkit.workspace"),
        ("open", "Workspace.open"),
        ("counts", "Workspace.counts"),
        ("card", "session([deck]).current"),
    ):
        values = [r["inside"][step] for r in results]
        table.add(f"    {name}", ms(statistics.median(values)), ms(max(values)))


def daily_check_rows(table: Table, data: Path, work: Path) -> None:
    """What the first start of a day adds: the integrity check and the backup copy."""
    store = ProgressStore.open(data)
    try:
        started = time.perf_counter()
        store.check_integrity()
        integrity = time.perf_counter() - started
        started = time.perf_counter()
        store._db.execute("PRAGMA quick_check").fetchall()  # benchmark only: the cheaper check
        quick = time.perf_counter() - started
        started = time.perf_counter()
        store.backup_to(work / "backup-probe.sqlite3")
        copy = time.perf_counter() - started
    finally:
        store.close()
        (work / "backup-probe.sqlite3").unlink(missing_ok=True)
    table.add("  of which PRAGMA integrity_check", ms(integrity), "1 run")
    table.add("  of which the backup copy (SQLite backup API)", ms(copy), "1 run")
    table.add("  (PRAGMA quick_check, for comparison)", ms(quick), "1 run")


def explain(files: tuple[Path, Path, Path]) -> list[tuple[str, float, list[str]]]:
    """Every query the store runs for counts, the first card and 'next due': plan and time."""
    deck_path, data, cache = files
    workspace = Workspace.open(data, [deck_path], cache_dir=cache)
    statements: list[str] = []
    db = workspace.store._db  # benchmark only: listen to the store's own statements
    db.set_trace_callback(statements.append)
    deck = workspace.decks[0]
    workspace.counts(deck)
    session = workspace.session([deck])
    session.next_due()
    db.set_trace_callback(None)
    workspace.close()

    reader = sqlite3.connect(f"file:{data}?mode=ro", uri=True)
    results = []
    for sql in dict.fromkeys(statements):
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        plan = [row[3] for row in reader.execute("EXPLAIN QUERY PLAN " + sql)]
        times = []
        for _ in range(5):
            started = time.perf_counter()
            reader.execute(sql).fetchall()
            times.append(time.perf_counter() - started)
        results.append((sql, statistics.median(times), plan))
    reader.close()
    return results


def scans(plan: list[str]) -> list[str]:
    """Plan steps that read a whole table or index, or sort (not the scan of a subquery's rows)."""
    return [
        step
        for step in plan
        if (step.startswith("SCAN") and not step.startswith("SCAN (subquery"))
        or "TEMP B-TREE" in step
    ]


def profile_start(
    child: Path, files: tuple[Path, Path, Path], env: dict[str, str], work: Path
) -> None:
    out = work / "start.prof"
    starts(child, files, False, env, 1)  # a cache hit and byte code for the profiled start
    start_once(child, files, False, env, ("-m", "cProfile", "-o", str(out)))
    print("\n### cProfile of one start (cumulative, top 30)\n")
    pstats.Stats(str(out)).sort_stats("cumulative").print_stats(30)
    result = start_once(child, files, False, env, ("-X", "importtime"))
    rows = []
    for line in result["stderr"].splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative), name.rstrip()))
    print("### -X importtime: slowest imports (cumulative µs)\n")
    for cumulative, name in sorted(rows, reverse=True)[:15]:
        print(f"{cumulative:>9}  {name}")


# -- main ----------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="10,000 cards, 100,000 reviews, fewer answers and runs"
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="where the files go (default: a temp dir under $TMPDIR or /tmp)",
    )
    parser.add_argument(
        "--answers", type=int, default=None, help="answers timed (default 300; --quick 100)"
    )
    parser.add_argument(
        "--runs", type=int, default=None, help="fresh-process starts timed (default 7; --quick 3)"
    )
    parser.add_argument("--cards", type=int, default=None, help="cards at scale (default 100000)")
    parser.add_argument(
        "--reviews", type=int, default=None, help="review rows at scale (default 1000000)"
    )
    parser.add_argument(
        "--scale-dir",
        type=Path,
        default=None,
        help="keep the generated scale files here and reuse them the same day",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also a cProfile and an -X importtime of one start"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    answers = args.answers or (100 if args.quick else 300)
    runs = args.runs or (3 if args.quick else 7)
    cards = args.cards or (10_000 if args.quick else 100_000)
    reviews = args.reviews or (100_000 if args.quick else 1_000_000)
    rng = random.Random(args.seed)

    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="quizkit-bench-", dir=args.dir))
    table = Table()
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"quizkit study-engine benchmark: Python {sys.version.split()[0]}, SQLite "
            f"{sqlite3.sqlite_version}, {os.cpu_count()} CPUs, load average {load}"
        )
        print(f"files: {describe_disk(work)}\n", flush=True)

        # Part 1: answer latency on a small deck.
        print(
            f"answers: {answers} answers alternating with {answers} floor inserts ...", flush=True
        )
        clock = FixedClock(datetime(2026, 11, 23, 12, tzinfo=timezone.utc))
        deck = small_deck(work / "latency.toml", 2000)
        workspace = Workspace.open(
            work / "latency.sqlite3", [deck], clock=clock, cache_dir=work / "cache"
        )
        floor = Floor(work / "floor.sqlite3")
        try:
            latency_rows(table, "small deck", answer_latency(workspace, clock, floor, answers, rng))
        finally:
            workspace.close()
            floor.close()

        # Part 2: scale.
        files = scale_files(args.scale_dir or work / "scale", cards, reviews, args.seed)
        deck_path, data, cache = files
        label = f"{cards // 1000}k cards, {reviews // 1000}k reviews"
        child = work / "start_child.py"
        child.write_text(CHILD, encoding="utf-8")
        with_pyc = child_env(work / "pycache")

        print(f"scale: {runs} fresh-process starts, backup off ...", flush=True)
        plain = starts(child, files, False, with_pyc, runs)
        print(f"  it printed: {plain[0]['line']}  (card id, new, learning, due)", flush=True)
        start_rows(table, f"start to first card ({label}), whole process", plain, detail=True)
        print(f"scale: {runs} starts without byte code ...", flush=True)
        start_rows(
            table,
            "  same, no .pyc (PYTHONDONTWRITEBYTECODE=1: compiles at each start)",
            starts(child, files, False, child_env(None), runs),
            detail=False,
        )

        print("scale: first start of the day, with the daily check and backup ...", flush=True)
        shutil.rmtree(backup_dir(data), ignore_errors=True)
        first_of_day = start_once(child, files, True, with_pyc)
        table.add("start, first of the day", ms(first_of_day["to_card"]), "1 run")
        table.add(
            "  then, in the background: integrity_check + backup",
            ms(first_of_day["inside"]["maintenance"]),
            "1 run",
        )
        daily_check_rows(table, data, work)
        print(f"scale: {runs} starts, today's backup already taken ...", flush=True)
        later = starts(child, files, True, with_pyc, runs)
        start_rows(table, "start, today's backup already taken", later, detail=False)
        table.add(
            "  then, in the background: quick_check",
            ms(statistics.median(r["inside"]["maintenance"] for r in later)),
        )

        # Answers on the big file, taken back afterwards so the file stays as generated.
        count = max(30, answers // 3)
        print(f"scale: {count} answers on the big file ...", flush=True)
        clock = FixedClock(datetime.now(timezone.utc))
        workspace = Workspace.open(data, [deck_path], clock=clock, cache_dir=cache)
        floor = Floor(work / "floor.sqlite3")
        try:
            latency_rows(table, label, answer_latency(workspace, clock, floor, count, rng))
            print(f"scale: {count} answers during a full integrity check ...", flush=True)
            during = answers_during_integrity_check(workspace, clock, floor, count, rng)
            latency_rows(table, f"{label}, during integrity_check", during)
            store = workspace.store
            while store.reviews_total() > reviews:
                store.undo_review(store._db.execute("SELECT max(id) FROM reviews").fetchone()[0])
        finally:
            workspace.close()
            floor.close()

        print()
        print(table.render())

        print(f"\n### Queries at start and for 'next due', at scale ({label})\n")
        for sql, seconds, plan in explain(files):
            flagged = scans(plan)
            print(f"- {ms(seconds)}{'  ** ' + '; '.join(flagged) + ' **' if flagged else ''}")
            print(f"  {sql[:230]}{'...' if len(sql) > 230 else ''}")
            for step in plan:
                print(f"    {step}")
        if args.profile:
            profile_start(child, files, with_pyc, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
