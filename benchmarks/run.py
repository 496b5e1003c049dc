"""Every benchmark against its reference, in one run and one table.

Run from the repository root::

    .venv/bin/python benchmarks/run.py            # the full run
    .venv/bin/python benchmarks/run.py --quick    # about 2 minutes: 10,000 cards, fewer runs

The data (100,000 cards, 1,000,000 reviews over two years, and the same in an
Anki collection) is made once per machine by ``data.py``. Each figure is
measured alternately with its reference (A, B, A, B ...), so load from other
processes hits both alike. The table is printed and written into the results
section of ``docs/benchmarks.md`` (``--no-doc`` leaves the file alone).
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_study_engine as engine  # noqa: E402
import bench_tui_startup as tui  # noqa: E402
from data import ScaleData, anki_python, scale_data  # noqa: E402

DOC = HERE.parent / "docs" / "benchmarks.md"
BEGIN, END = "<!-- run.py results: begin -->", "<!-- run.py results: end -->"

# A bare script counting the same file: what any Python program reading it pays.
FLOOR_CHILD = """\
import sqlite3, sys, time
now = int(time.time() * 1_000_000)
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
row = db.execute(
    "SELECT sum(phase = 0), sum(phase IN (1, 3) AND due < ?), sum(phase = 2 AND due < ?) "
    "FROM cards WHERE deck_id = 'scale' AND in_deck = 1",
    (now, now + 86_400_000_000),
).fetchone()
print("COUNTS", *row, flush=True)
"""

# Anki's library: open the collection, choose the next card (with the day's counts).
ANKI_CHILD = """\
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
queued = col.sched.get_queued_cards(fetch_limit=1)
print("CARD", queued.cards[0].card.id, queued.new_count, queued.learning_count,
      queued.review_count, flush=True)
col.close()
"""


@dataclass
class Row:
    figure: str
    reference: str
    median: str
    compared: str
    spread: str
    goal: str
    met: str


def ms(seconds: float) -> str:
    return engine.ms(seconds)


def spread(values: list[float]) -> str:
    return f"{ms(min(values))} – {ms(max(values))}"


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("yes" if ok else "**no**")


def run_child(command: list[str], env: dict[str, str]) -> float:
    """Spawn to the first line printed (the counts or the card)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    took = time.perf_counter() - started
    _, err = proc.communicate()
    if proc.returncode != 0 or not line.strip():
        raise RuntimeError(f"{command[:2]} failed ({proc.returncode}): {line}{err}")
    return took


def start_figures(data: ScaleData, work: Path, runs: int) -> list[Row]:
    """quizkit's start, the bare floor and Anki's start, each a fresh process, interleaved."""
    child = work / "start_child.py"
    child.write_text(engine.CHILD, encoding="utf-8")
    floor = work / "floor_child.py"
    floor.write_text(FLOOR_CHILD, encoding="utf-8")
    anki = work / "anki_child.py"
    anki.write_text(ANKI_CHILD, encoding="utf-8")
    env = engine.child_env(work / "pycache")
    anki_cmd = [str(anki_python()), str(anki), str(data.anki)]
    floor_cmd = [sys.executable, str(floor), str(data.progress)]
    # First of each, not counted: byte code written, caches warm, the deck cache checked.
    engine.start_once(child, data.files, False, env)
    run_child(floor_cmd, env)
    run_child(anki_cmd, env)
    quizkit: list[dict] = []
    floors: list[float] = []
    ankis: list[float] = []
    for _ in range(runs):
        quizkit.append(engine.start_once(child, data.files, False, env))
        floors.append(run_child(floor_cmd, env))
        ankis.append(run_child(anki_cmd, env))
    counts = [r["to_counts"] for r in quizkit]
    card = [r["to_card"] for r in quizkit]
    label = f"{data.cards // 1000}k cards"
    f_med, a_med = statistics.median(floors), statistics.median(ankis)
    c_med, k_med = statistics.median(counts), statistics.median(card)
    print(f"  quizkit printed: {quizkit[0]['line']}", flush=True)
    return [
        Row(f"start → due counts, {label}", "bare Python + SQLite count", ms(c_med),
            f"{c_med / f_med:.2f}× ({ms(f_med)})", spread(counts), "≤ 3× floor",
            verdict(c_med <= 3 * f_med)),
        Row(f"start → counts and next card, {label}", "Anki opens, picks the next card",
            ms(k_med), f"{k_med / a_med:.2f}× ({ms(a_med)})", spread(card), "≤ 0.5× Anki",
            verdict(k_med <= 0.5 * a_med)),
    ]  # fmt: skip


def answer_figures(data: ScaleData, work: Path, answers: int) -> list[Row]:
    """Answers on the shared file against bare inserts, alternating; taken back afterwards."""
    import random

    from quizkit.base.clock import FixedClock
    from quizkit.workspace import Workspace

    clock = FixedClock(datetime.now(timezone.utc))
    workspace = Workspace.open(data.progress, [data.deck], clock=clock, cache_dir=data.cache)
    floor = engine.Floor(work / "floor.sqlite3")
    try:
        store = workspace.store
        before = store.reviews_total()
        result = engine.answer_latency(workspace, clock, floor, answers, random.Random(7))
        while store.reviews_total() > before:  # the shared file stays as generated
            store.undo_review(store._db.execute("SELECT max(id) FROM reviews").fetchone()[0])
    finally:
        workspace.close()
        floor.close()
    rows = []
    for name, pick in (("median", statistics.median), ("p99", engine.p99)):
        a, f = pick(result["answer"]), pick(result["floor"])
        rows.append(
            Row(f"answer → commit → next card, {data.cards // 1000}k/{data.reviews // 1000}k, {name}",
                "bare synchronous=FULL insert, WAL", ms(a), f"{a / f:.2f}× ({ms(f)})",
                spread(result["answer"]), "≤ 1.5×", verdict(a <= 1.5 * f))
        )  # fmt: skip
    return rows


def tui_figures(data: ScaleData, work: Path, runs: int) -> list[Row]:
    """First frame of the real `quizkit` in tmux (bundled deck; 100k cards), beside hello-world."""
    quizkit = str(Path(sys.executable).with_name("quizkit"))
    server = f"bench-run-{os.getpid()}"
    hello = work / "hello.py"
    hello.write_text(tui.HELLO)
    report = work / "ready"
    env = {
        "TERM": "xterm-256color",
        "QUIZKIT_CONFIG": str(work / "config.toml"),
        "QUIZKIT_STARTUP_REPORT": str(report),
    }
    bundled = {**env, "QUIZKIT_DATA": str(work / "tui.sqlite3"), "QUIZKIT_CACHE": str(work / "c")}
    scale = {
        **env,
        "QUIZKIT_DATA": str(data.progress),
        "QUIZKIT_DECKS": str(data.deck),
        "QUIZKIT_CACHE": str(data.cache),
    }
    times: dict[str, list[float]] = {"hello": [], "bundled": [], "scale": []}
    peaks: list[float] = []
    tui.tmux(server, "-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", "100", "-y", "30")
    tui.tmux(server, "set-option", "-t", "bench", "remain-on-exit", "on")
    try:
        for run in range(runs + 1):  # the first round warms caches and byte code
            h = tui.launch_and_time(server, [sys.executable, str(hello), str(report)], report, env)
            b = tui.launch_and_time(server, [quizkit], report, bundled)
            s = tui.launch_and_time(server, [quizkit], report, scale)
            if run:
                for key, value in (("hello", h), ("bundled", b), ("scale", s)):
                    times[key].append(value)
        for _ in range(max(1, runs // 2)):
            peaks.append(peak_memory(server, [quizkit], report, scale))
    finally:
        subprocess.run(["tmux", "-L", server, "kill-server"], capture_output=True)
    peer = statistics.median(times["hello"])
    rows = [
        Row("TUI first frame, hello-world Textual app", "–", ms(peer), "–",
            spread(times["hello"]), "–", "–")
    ]  # fmt: skip
    for key, label in (("bundled", "bundled deck"), (("scale", f"{data.cards // 1000}k cards"))):
        median = statistics.median(times[key])
        rows.append(
            Row(f"TUI first frame, {label}", "hello-world Textual app", ms(median),
                f"+{(median - peer) * 1000:.0f} ms", spread(times[key]), "≤ floor + 100 ms",
                verdict(median - peer <= 0.1))
        )  # fmt: skip
    peak = max(peaks)
    rows.append(
        Row(f"peak memory, TUI with {data.cards // 1000}k cards open", "–", f"{peak:.0f} MB",
            "–", f"{min(peaks):.0f} – {peak:.0f} MB", "≤ 150 MB", verdict(peak <= 150))
    )  # fmt: skip
    return rows


def peak_memory(server: str, command: list[str], report: Path, env: dict[str, str]) -> float:
    """The app's peak resident memory (VmHWM) once its start-up work has gone quiet."""
    report.unlink(missing_ok=True)
    line = tui.pane_command(env, command)
    tui.tmux(server, "respawn-pane", "-k", "-t", "bench", line)
    pid = subprocess.run(
        ["tmux", "-L", server, "display", "-p", "-t", "bench", "#{pane_pid}"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    deadline = time.monotonic() + 60
    while not (report.exists() and report.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.02)
    last, quiet = -1, 0
    while quiet < 10 and time.monotonic() < deadline:  # 1 s with no CPU time spent
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = int(fields[11]) + int(fields[12])
        quiet = quiet + 1 if cpu == last else 0
        last = cpu
        time.sleep(0.1)
    status = Path(f"/proc/{pid}/status").read_text()
    peak_kb = int(next(x for x in status.splitlines() if x.startswith("VmHWM")).split()[1])
    tui.tmux(server, "send-keys", "-t", "bench", "C-q")
    time.sleep(0.5)
    return peak_kb / 1024


def exam_figures(data: ScaleData, runs: int) -> list[Row]:
    """bench_exam's draw: one exam of 60 questions from a deck of ``data.cards`` cards."""
    import bench_exam

    draw = [ms / 1000 for ms in bench_exam.measure_draw(runs, data.cards)]
    median = statistics.median(draw)
    return [
        Row(f"exam draw, {data.cards // 1000}k cards", "–", ms(median), "–", spread(draw),
            "≤ 50 ms", verdict(median <= 0.05))
    ]  # fmt: skip


def readiness_figures(quick: bool, runs: int) -> list[Row]:
    """bench_readiness: an exam's readiness (pass probability, calibrated) over a generated
    exam deck of the same size (100,000 cards, 1,000,000 reviews; --quick 10k/100k)."""
    import bench_readiness

    cards, reviews = (10_000, 100_000) if quick else (100_000, 1_000_000)
    measured = bench_readiness.scale_samples(cards, reviews, runs)
    samples = [t / 1000 for t in measured["exams"]["scale-blueprint"]["samples_ms"]]
    median = statistics.median(samples)
    return [
        Row(f"exam readiness, blueprint exam, {cards // 1000}k/{reviews // 1000}k", "–",
            ms(median), "–", spread(samples), "≤ 50 ms", verdict(median <= 0.05))
    ]  # fmt: skip


def stats_figures(data: ScaleData, work: Path, runs: int) -> list[Row]:
    """bench_stats: ``stats --json`` against a process that only opens the workspace
    (interleaved), and the statistics screen's first draw."""
    import asyncio

    import bench_stats

    from quizkit.workspace import Workspace

    env = bench_stats.child_env(data.cache, work)
    os.environ["QUIZKIT_CACHE"] = str(data.cache)  # where time_screen's stats keep their days
    bench_stats.time_stats_command(data.progress, data.deck, env)  # fills the day cache
    command, floor = [], []
    for _ in range(runs):
        command.append(bench_stats.time_stats_command(data.progress, data.deck, env))
        floor.append(bench_stats.time_floor(data.progress, data.deck, env))
    workspace = Workspace.open(data.progress, [data.deck], cache_dir=data.cache)
    try:
        screen = asyncio.run(bench_stats.time_screen(workspace, runs))
    finally:
        workspace.close()
    size = f"{data.cards // 1000}k/{data.reviews // 1000}k"
    c_med, f_med, s_med = (statistics.median(x) for x in (command, floor, screen))
    return [
        Row(f"stats --json, a fresh process, {size}", "a process opening the workspace",
            ms(c_med), f"+{(c_med - f_med) * 1000:.0f} ms ({ms(f_med)})", spread(command),
            "≤ 300 ms", verdict(c_med <= 0.3)),
        Row(f"statistics screen, s → charts drawn, {size}", "–", ms(s_med), "–",
            spread(screen), "≤ 300 ms", verdict(s_med <= 0.3)),
    ]  # fmt: skip


def anki_import_figures(work: Path, notes: int, runs: int) -> list[Row]:
    """bench_anki_import: ``quizkit import`` of a package, alternating with Anki's own import
    (run in the benchmarks' Anki environment) and its FSRS switch, the like-for-like."""
    import bench_anki_import as anki_import

    package = work / "big.apkg"
    anki_import.build_package(package, notes)
    ours, theirs, theirs_fsrs = [], [], []
    for n in range(runs):
        out = anki_import.run(
            anki_import.QUIZKIT_RUN,
            str(work / f"p{n}.sqlite3"),
            str(package),
            str(work / f"d{n}.toml"),
        )
        ours.append((float(out[0]), int(out[1])))
        (work / f"anki{n}").mkdir()
        collection = str(work / f"anki{n}" / "collection.anki2")
        command = [str(anki_python()), "-c", anki_import.ANKI_RUN, collection, str(package)]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
        theirs.append((float(out[0]), int(out[1])))
        theirs_fsrs.append(float(out[2]))
    q = statistics.median(t for t, _ in ours)
    a, a_fsrs = statistics.median(t for t, _ in theirs), statistics.median(theirs_fsrs)
    q_mb, a_mb = max(m for _, m in ours) / 1024, max(m for _, m in theirs) / 1024
    label = f"{notes // 1000}k notes / {notes * 10 // 1000}k reviews"
    return [
        Row(f"Anki package import, {label}", "Anki's import, then FSRS on (import alone)",
            ms(q), f"{q / a_fsrs:.2f}× ({ms(a_fsrs)}; {ms(a)})",
            spread([t for t, _ in ours]), "≤ 1.0×", verdict(q <= a_fsrs)),
        Row(f"peak memory, Anki package import, {label}", "Anki's import", f"{q_mb:.0f} MB",
            f"{q_mb / a_mb:.2f}× ({a_mb:.0f} MB)", "–", "–", "–"),
    ]  # fmt: skip


def render(rows: list[Row]) -> str:
    header = Row("figure", "reference", "median", "ratio or difference", "min – max", "goal",
                 "met?")  # fmt: skip
    cells = [list(vars(r).values()) for r in (header, *rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(7)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory:.0f} GiB, {platform.system()} "
        f"{platform.release()}, CPython {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}; load average {load}"
    )


def write_doc(command: str, table: str, data: ScaleData, started_load: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    section = "\n".join([
        BEGIN,
        "### Results",
        "",
        f"`{command}`, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.",
        "",
        f"Machine: {machine()} (load average at the start: {started_load}).",
        f"Data: {data.cards:,} cards, {data.reviews:,} reviews, made {data.age_days} days before.",
        "",
        table,
        END,
    ])  # fmt: skip
    if BEGIN in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## All figures: `benchmarks/run.py`\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 cards, fewer runs")
    parser.add_argument("--no-doc", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    started_load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"quizkit benchmarks: {machine()}", flush=True)
    data = scale_data(args.quick)
    runs, answers = (3, 60) if args.quick else (9, 300)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="quizkit-run-") as tmp:
        work = Path(tmp)
        print("start: quizkit, the bare floor and Anki, interleaved ...", flush=True)
        rows += start_figures(data, work, runs)
        print(f"answers: {answers} answers alternating with bare inserts ...", flush=True)
        rows += answer_figures(data, work, answers)
        print("TUI: first frames and peak memory, in tmux ...", flush=True)
        rows += tui_figures(data, work, max(3, runs // 2 + 1))
        print("exam draw ...", flush=True)
        rows += exam_figures(data, runs * 2)
        print("exam readiness ...", flush=True)
        rows += readiness_figures(args.quick, runs * 2)
        print("statistics: stats --json and the screen ...", flush=True)
        rows += stats_figures(data, work, runs)
        print("Anki package import: quizkit's and Anki's ...", flush=True)
        rows += anki_import_figures(work, 3_000 if args.quick else 30_000, 1 if args.quick else 3)
    table = render(rows)
    print()
    print(table)
    if not args.no_doc:
        command = "python benchmarks/run.py" + (" --quick" if args.quick else "")
        write_doc(command, table, data, started_load)
        print(f"\nwritten to {DOC.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
