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
import gc
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The generator lives in data.py, shared by every benchmark; these names stay importable
# from here for the scripts that import them.
from data import scale_data, scale_deck, scale_files, scale_progress  # noqa: F401

from quizkit.base.clock import FixedClock
from quizkit.progress.backups import backup_dir
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import Rating
from quizkit.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
START_GOAL_S = 0.5
LATENCY_GOAL = 1.5
# The child measured at scale. Its clock starts before its first import.
CHILD = """\
import time
T0 = time.perf_counter()
import os, sys
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
print("COUNTS", counts.new, counts.learning, counts.due, flush=True)
shown = workspace.session([workspace.decks[0]]).current
t_card = time.perf_counter()
print("CARD", shown.card.id if shown else "-", counts.new, counts.learning, counts.due, flush=True)
# What the TUI runs in a background thread after its first frame.
notices = workspace.daily_maintenance() if backup == "1" else []
t_maintenance = time.perf_counter()
import json  # for this report only, after the clock stopped: the floor imports no json
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
    # As the study screen's writer: the WAL is checkpointed after the answer is handed
    # over (untimed below), not inside every hundredth answer's COMMIT.
    store.defer_checkpoints()
    # As `quizkit` does once the workspace is open (cli/main.py): the decks' objects are
    # left out of the cyclic collector, which would otherwise walk them in the answers.
    gc.freeze()
    try:
        session = workspace.session()
        answers, inserts = [], []
        while len(answers) < count + 10:
            if session.current is None:
                clock.advance(hours=1)
                session.advance()
                continue
            session.reveal()
            # As the study screen does: the revealed answer's ratings bar shows the four
            # intervals, so the preview is computed at the reveal, before the key is pressed.
            _ = session.current.outcomes
            clock.advance(seconds=20)
            rating = rng.choices(list(Rating), weights=(1, 1, 6, 2))[0]
            started = time.perf_counter()
            session.answer(rating)
            answers.append(time.perf_counter() - started)
            store.checkpoint_if_due()
            inserts.append(floor.insert())
    finally:
        del store.record_review
        gc.unfreeze()
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
        counts_line = proc.stdout.readline()
        counts_at = time.perf_counter()
        first = proc.stdout.readline()
        card_at = time.perf_counter()
        rest = proc.stdout.read()
        proc.wait()
        exit_at = time.perf_counter()
        errors.seek(0)
        err = errors.read()
    if proc.returncode != 0 or not first.startswith("CARD"):
        raise RuntimeError(f"the start failed ({proc.returncode}): {counts_line}{first}{rest}{err}")
    return {
        "to_counts": counts_at - started,
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
        if args.scale_dir or args.cards or args.reviews:
            files = scale_files(args.scale_dir or work / "scale", cards, reviews, args.seed)
        else:  # the data every benchmark shares, made once per machine
            files = scale_data(args.quick).files
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
