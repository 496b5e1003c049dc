"""Importing a large Anki package: quizkit's importer beside Anki's own, time and peak memory.

Run from the repository root::

    .venv/bin/python benchmarks/bench_anki_import.py                  # 30,000 notes, 300,000 reviews
    .venv/bin/python benchmarks/bench_anki_import.py --notes 3000     # a tenth: memory should not grow 10x
    .venv/bin/python benchmarks/bench_anki_import.py --runs 3
    .venv/bin/python benchmarks/bench_anki_import.py --reviews-per-note 1   # memory is flat in reviews

The package is built from the schema 11 collection of the committed fixture
(tests/fixtures/anki/legacy21.apkg, made by Anki): its note types, decks and
config are Anki's, its notes are replaced by ``--notes`` Basic notes with ten
reviews each (seed 1: a learning step, then reviews at growing intervals,
one in eight forgotten). Each importer runs in its own process, so that its
peak resident memory (``VmHWM``, in kB) is its own: quizkit's ``quizkit import``
(deck file, plus the history replayed through FSRS into a fresh progress
file), and Anki's ``Collection.import_anki_package`` with scheduling into a
fresh collection, run by a Python that has the ``anki`` package (this one, or
else the benchmarks' own environment that ``data.py`` makes,
``benchmarks/.venv-anki``); and Anki's import followed by its FSRS switch (FSRS turned on in
the deck options, which computes every card's memory state from its review
log), the like-for-like comparison, since quizkit's import replays every
review through FSRS.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "anki" / "legacy21.apkg"
DAY_MS = 86_400_000

# The child's own peak resident memory: VmHWM belongs to the process image that
# exec made. ru_maxrss would not do: it carries the parent's peak across a
# vfork and exec, and the parent built the package.
PEAK = """
def PEAK():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
"""

QUIZKIT_RUN = (
    PEAK
    + """
import os, sys, time
# The deck cache entry the import writes goes beside the deck, into the run's
# temporary folder, not into the user's cache.
os.environ["QUIZKIT_CACHE"] = os.path.join(os.path.dirname(sys.argv[3]), "cache")
from quizkit.cli.main import main
started = time.perf_counter()
code = main(["--data", sys.argv[1], "import", sys.argv[2], "--out", sys.argv[3]])
elapsed = time.perf_counter() - started
print(elapsed, PEAK(), code, 0)
"""
)

ANKI_RUN = (
    PEAK
    + """
import sys, time
from anki import deck_config_pb2
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(sys.argv[1])
started = time.perf_counter()
col.import_anki_package(ImportAnkiPackageRequest(
    package_path=sys.argv[2], options=ImportAnkiPackageOptions(with_scheduling=True)))
imported = time.perf_counter()
# Anki's FSRS switch (deck options, FSRS on): every card's memory state from its revlog.
deck = col.db.scalar("SELECT did FROM cards LIMIT 1")
now = col.decks.get_deck_configs_for_update(deck)
col.decks.update_deck_configs(deck_config_pb2.UpdateDeckConfigsRequest(
    target_deck_id=deck, configs=[c.config for c in now.all_config],
    card_state_customizer=now.card_state_customizer, limits=now.current_deck.limits,
    new_cards_ignore_review_limit=now.new_cards_ignore_review_limit,
    apply_all_parent_limits=now.apply_all_parent_limits, fsrs=True, fsrs_reschedule=False))
switched = time.perf_counter()
col.close()
print(imported - started, PEAK(), switched - started, 0)
"""
)


def build_package(out: Path, notes: int, reviews_per_note: int = 10) -> None:
    """A legacy (schema 11) package of ``notes`` Basic notes with their review history."""
    work = out.parent / "build"
    work.mkdir(exist_ok=True)
    db_path = work / "collection.anki21"
    with zipfile.ZipFile(FIXTURE) as fixture:
        db_path.write_bytes(fixture.read("collection.anki21"))
    db = sqlite3.connect(db_path)
    models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    basic = next(int(i) for i, m in models.items() if m["name"] == "Basic")
    deck = db.execute("SELECT did FROM cards LIMIT 1").fetchone()[0]
    db.executescript("DELETE FROM notes; DELETE FROM cards; DELETE FROM revlog; DELETE FROM graves")
    rng = random.Random(1)
    now = int(time.time() * 1000)
    start = now - 800 * DAY_MS
    note_rows, card_rows, review_rows, used = [], [], [], set()
    for i in range(notes):
        nid, cid = start + i, start + i + 10**9
        front, back = f"Question number {i}: what is {i} squared?", f"{i * i}<br>(<b>{i}</b>²)"
        note_rows.append(
            (
                nid,
                f"bench{i:08d}",
                basic,
                now // 1000,
                -1,
                "bench",
                f"{front}\x1f{back}",
                front,
                _checksum(front),
            )
        )
        at, interval = start + rng.randrange(100) * DAY_MS + i, 1
        for n in range(reviews_per_note):
            ease = 3 if n == 0 or rng.random() > 0.125 else 1
            kind = 0 if n == 0 else (2 if ease == 1 else 1)
            while at in used:  # revlog ids are unique
                at += 1
            used.add(at)
            review_rows.append((at, cid, -1, ease, interval, 0, 2500, 6000, kind))
            interval = 1 if ease == 1 else max(1, int(interval * 2.3))
            at += interval * DAY_MS + rng.randrange(3_600_000)
        card_rows.append(
            (cid, nid, deck, 0, now // 1000, -1, 2, 2, 1000, interval, 2500, reviews_per_note)
        )
    db.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,0,'')", note_rows)
    db.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0,0,0,0,0,'')", card_rows)
    db.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", review_rows)
    db.commit()
    db.close()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.write(db_path, "collection.anki21")
        package.writestr("media", "{}")
    shutil.rmtree(work)


def _checksum(text: str) -> int:
    # Anki's note checksum: the first 8 hex digits of the sort field's SHA-1.
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)


def run(script: str, *args: str, python: str = sys.executable) -> list[str]:
    result = subprocess.run(
        [python, "-c", script, *args], capture_output=True, text=True, check=True
    )
    return result.stdout.split()[-4:] if script is QUIZKIT_RUN else result.stdout.split()


def anki_python() -> str | None:
    """A Python with the ``anki`` package: this one, else the benchmarks' own (``data.py``)."""
    try:
        import anki  # noqa: F401

        return sys.executable
    except ImportError:
        pass
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        from data import anki_python as benchmarks_anki_python

        return str(benchmarks_anki_python())
    except Exception as exc:  # no network, no venv: time quizkit alone
        print(f"anki is not available ({exc}): timing quizkit alone")
        return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--reviews-per-note", type=int, default=10, help="memory should not grow with it"
    )
    args = parser.parse_args()
    anki = anki_python()
    folder = Path(tempfile.mkdtemp(prefix="quizkit-bench-anki-"))
    try:
        package = folder / "big.apkg"
        started = time.perf_counter()
        build_package(package, args.notes, args.reviews_per_note)
        print(
            f"package: {args.notes:,} notes, {args.notes * args.reviews_per_note:,} reviews, "
            f"{package.stat().st_size / 1e6:.1f} MB, built in {time.perf_counter() - started:.1f} s"
        )
        rows = {
            "quizkit import": [],
            "Anki import_anki_package": [],
            "Anki import, then FSRS on": [],
        }
        for n in range(args.runs):
            out = run(
                QUIZKIT_RUN, str(folder / f"p{n}.sqlite3"), str(package), str(folder / f"d{n}.toml")
            )
            assert out[2] == "0", out
            rows["quizkit import"].append((float(out[0]), int(out[1])))
            if anki:
                (folder / f"anki{n}").mkdir()
                collection = str(folder / f"anki{n}" / "collection.anki2")
                out = run(ANKI_RUN, collection, str(package), python=anki)
                rows["Anki import_anki_package"].append((float(out[0]), int(out[1])))
                rows["Anki import, then FSRS on"].append((float(out[2]), int(out[1])))
        print(f"\n| importer                  | time (median of {args.runs}) | peak memory |")
        print("|---------------------------|------------:|------------:|")
        for name, samples in rows.items():
            if samples:
                seconds = statistics.median(s for s, _ in samples)
                memory = max(m for _, m in samples) / 1024
                print(f"| {name:<25} | {seconds:>9.2f} s | {memory:>8.0f} MB |")
        if rows["Anki import, then FSRS on"]:
            ours = statistics.median(s for s, _ in rows["quizkit import"])
            theirs = statistics.median(s for s, _ in rows["Anki import, then FSRS on"])
            print(f"\nquizkit / (Anki import, then FSRS on): {ours / theirs:.2f}x")
        print("load average:", ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
