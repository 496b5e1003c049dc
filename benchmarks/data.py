"""Benchmark data, generated once per machine and shared by every benchmark.

A generated deck of 100,000 cards (per 18 notes: 16 basic, one reversible,
one two-deletion cloze; the notes in ten topics, in turn), a progress file with 1,000,000 reviews spread over the
past two years (40 % of the cards studied; some learning, lapsed, suspended,
buried and flagged; about 1.5 % of the review cards due on the day it was
made), and the same cards and reviews in an Anki collection built with the
``anki`` package in the benchmarks' own environment (``benchmarks/.venv-anki``,
made on first use; never a quizkit dependency).

Kept under ``$QUIZKIT_BENCH_DATA`` (default ``~/.cache/quizkit-bench``) in a
folder named by ``GENERATOR_VERSION`` and the size: change what is generated,
raise the version. The data's "today" is the day it was made; on later days
more review cards are due (``ScaleData.age_days`` says how many days later).

    .venv/bin/python benchmarks/data.py [--quick] [--regenerate]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from quizkit.base.clock import SystemClock
from quizkit.base.study_day import StudyDay
from quizkit.deck.cache import DeckCache
from quizkit.deck.library import load_library
from quizkit.progress.backups import backup_dir
from quizkit.progress.card_state import to_micros
from quizkit.progress.store import ProgressStore

# Raise when what is generated changes: the cached data then is made anew.
GENERATOR_VERSION = 2
HERE = Path(__file__).resolve().parent
ANKI_VENV = HERE / ".venv-anki"
ANKI_REQUIREMENT = "anki==26.9.3"
DAY_US = 86_400_000_000
MINUTE_US = 60_000_000
SPAN_DAYS = 730
SEED = 7
TOPICS = 10
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


def topic_deck(path: Path, cards: int, rng: random.Random) -> Path:
    """``scale_deck``'s deck, each note given one of ten topics (in turn), for statistics."""
    scale_deck(path, cards, rng)
    text = path.read_text(encoding="utf-8")
    head = "".join(f'[[topics]]\nid = "t{k}"\ntitle = "Topic {k}"\n\n' for k in range(TOPICS))
    text = re.sub(
        r'^id = "s(\d+)"$',
        lambda m: f'id = "s{m.group(1)}"\ntopic = "t{int(m.group(1)) % TOPICS}"',
        text,
        flags=re.MULTILINE,
    )
    text = text.replace("\n[[cards]]", "\n" + head + "[[cards]]", 1)
    path.write_text(text, encoding="utf-8")
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
    data: Path,
    deck_path: Path,
    cache: Path,
    reviews_total: int,
    rng: random.Random,
    span_days: int = 365,
) -> dict[str, object]:
    """Create the schema and card rows through quizkit, then bulk-write states and reviews in SQL.

    40 % of the cards (the first in deck order) were studied over the past ``span_days``;
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
    year_ago = now_us - span_days * DAY_US

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
            first = year_ago + rng.randint(0, span_days * 200 // 365) * DAY_US
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


def scale_files(
    directory: Path, cards: int, reviews: int, seed: int, *, topics: bool = False
) -> tuple[Path, Path, Path]:
    """The deck, progress file and cache at scale: reused when ``directory`` has them for today.

    ``topics``: the deck's notes spread over ``TOPICS`` topics, for the statistics.
    """
    deck, data = directory / "scale.toml", directory / "progress.sqlite3"
    cache = directory / "cache"
    marker = directory / "generated.json"
    today = datetime.now(timezone.utc).date().isoformat()
    wanted = {"cards": cards, "reviews": reviews, "seed": seed, "day": today}
    if topics:
        wanted["topics"] = TOPICS
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
    (topic_deck if topics else scale_deck)(deck, cards, rng)
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


@dataclass(frozen=True)
class ScaleData:
    """The shared files: a deck, its progress file and deck cache, and the Anki collection."""

    directory: Path
    cards: int
    reviews: int
    deck: Path
    progress: Path
    cache: Path
    anki: Path
    generated_at: datetime

    @property
    def files(self) -> tuple[Path, Path, Path]:
        """(deck, progress, cache), as ``bench_study_engine`` takes them."""
        return self.deck, self.progress, self.cache

    @property
    def age_days(self) -> int:
        return (datetime.now(timezone.utc) - self.generated_at).days


def data_root() -> Path:
    chosen = os.environ.get("QUIZKIT_BENCH_DATA")
    return Path(chosen).expanduser() if chosen else Path.home() / ".cache" / "quizkit-bench"


def scale_data(
    quick: bool = False, regenerate: bool = False, root: Path | None = None
) -> ScaleData:
    """The shared data (10,000 cards and 100,000 reviews with ``quick``), made if missing."""
    cards, reviews = (10_000, 100_000) if quick else (100_000, 1_000_000)
    directory = (root or data_root()) / f"v{GENERATOR_VERSION}-{cards}-cards"
    marker = directory / "generated.json"
    if regenerate or not marker.exists():
        for old in directory.parent.glob(f"v*-{cards}-cards"):  # other generators' data
            shutil.rmtree(old, ignore_errors=True)
        directory.mkdir(parents=True)
        print(f"data: generating {cards:,} cards and {reviews:,} reviews in {directory} ...")
        started = time.perf_counter()
        rng = random.Random(SEED)
        deck = topic_deck(directory / "scale.toml", cards, rng)
        info = scale_progress(
            directory / "progress.sqlite3", deck, directory / "cache", reviews, rng, SPAN_DAYS
        )
        print(f"  quizkit's files in {time.perf_counter() - started:.0f} s ({info})", flush=True)
        started = time.perf_counter()
        build_anki_collection(directory)
        print(f"  the Anki collection in {time.perf_counter() - started:.0f} s", flush=True)
        made = datetime.now(timezone.utc).isoformat()
        marker.write_text(json.dumps({"version": GENERATOR_VERSION, "generated_at": made}))
    generated_at = datetime.fromisoformat(json.loads(marker.read_text())["generated_at"])
    return ScaleData(
        directory,
        cards,
        reviews,
        directory / "scale.toml",
        directory / "progress.sqlite3",
        directory / "cache",
        directory / "anki" / "collection.anki2",
        generated_at,
    )


def anki_python() -> Path:
    """The benchmarks' own Python with the ``anki`` package, made on first use."""
    python = ANKI_VENV / "bin" / "python"
    probe = [str(python), "-c", "import anki"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"data: installing {ANKI_REQUIREMENT} into {ANKI_VENV} (the benchmarks' own venv) ...")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(ANKI_VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q", ANKI_REQUIREMENT]
    subprocess.run(pip, check=True)
    return python


def build_anki_collection(directory: Path) -> Path:
    """The same cards, schedules and reviews as an Anki collection (``anki_collection.py``)."""
    out = directory / "anki" / "collection.anki2"
    shutil.rmtree(out.parent, ignore_errors=True)
    out.parent.mkdir(parents=True)
    script = HERE / "anki_collection.py"
    args = [str(directory / "scale.toml"), str(directory / "progress.sqlite3"), str(out)]
    subprocess.run([str(anki_python()), str(script), *args], check=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 cards, 100,000 reviews")
    parser.add_argument("--regenerate", action="store_true", help="make the data anew")
    args = parser.parse_args(argv)
    data = scale_data(args.quick, args.regenerate)
    print(
        f"{data.directory}: made {data.generated_at:%Y-%m-%d %H:%M} UTC, {data.age_days} days ago"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
