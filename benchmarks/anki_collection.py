"""Build an Anki collection holding the benchmark deck's cards, schedules and reviews.

Runs in the benchmarks' own environment (``benchmarks/.venv-anki``, with the
``anki`` package), never quizkit's; ``data.py`` calls it:

    benchmarks/.venv-anki/bin/python benchmarks/anki_collection.py DECK.toml PROGRESS.sqlite3 OUT.anki2

Notes are added through Anki's own API (basic, "Basic (and reversed card)" and
cloze notetypes, as in the deck); each card's schedule and the review log are
then copied from quizkit's progress file with SQL into the closed collection, as Anki stores them: phase
→ type and queue, due → a day number (review) or a time (learning), the
stability → the interval, a review → a revlog row.
"""

from __future__ import annotations

import sqlite3
import sys
import time
import tomllib
from collections import defaultdict

from anki.collection import AddNoteRequest, Collection

DAY_US = 86_400_000_000


def add_notes(col: Collection, notes: list[dict]) -> dict[str, list[int]]:
    """Every deck note as an Anki note; quizkit note id -> its Anki card ids, in order."""
    deck_id = col.decks.id("Scale deck")
    col.decks.select(deck_id)  # the deck Anki opens on, as quizkit opens on the one deck
    kinds = {
        "basic": col.models.by_name("Basic"),
        "reversible": col.models.by_name("Basic (and reversed card)"),
        "cloze": col.models.by_name("Cloze"),
    }
    requests, ids = [], []
    for note in notes:
        anki_note = col.new_note(kinds[note["type"]])
        if note["type"] == "cloze":
            anki_note["Text"] = note["text"]
        else:
            anki_note["Front"], anki_note["Back"] = note["front"], note["back"]
        requests.append(AddNoteRequest(anki_note, deck_id))
        ids.append(note["id"])
    col.add_notes(requests)
    cards: dict[int, list[int]] = defaultdict(list)
    for nid, cid in col.db.execute("SELECT nid, id FROM cards ORDER BY nid, ord"):
        cards[nid].append(cid)
    by_nid = [cards[nid] for nid in sorted(cards)]  # note ids grow in the order added
    return dict(zip(ids, by_nid, strict=True))


def copy_schedules(
    anki: sqlite3.Connection, today: int, progress: sqlite3.Connection, cards: dict[str, list[int]]
) -> dict[str, int]:
    """Each studied card's state, as Anki's columns; returns quizkit card id -> Anki card id."""
    rows = progress.execute(
        "SELECT card_id, note_id, phase, stability, difficulty, due, reps, lapses, suspended, "
        "buried_until FROM cards ORDER BY note_id, position"
    ).fetchall()
    by_note: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_note[row[1]].append(row)
    now_us = int(time.time() * 1_000_000)
    mapping, updates = {}, []
    for fact_key, note_rows in by_note.items():
        # The column holds the fact key ("n:" + note id; the generated deck has no groups).
        note_cards = cards[fact_key.removeprefix("n:")]
        for row, cid in zip(note_rows, note_cards, strict=True):
            card_id, _, phase, stability, difficulty, due, reps, lapses, suspended, buried = row
            mapping[card_id] = cid
            if phase == 0:
                continue
            queue = {1: 1, 2: 2, 3: 1}[phase]
            due_anki = today + (due - now_us) // DAY_US if phase == 2 else due // 1000000
            if suspended:
                queue = -1
            elif buried:
                queue = -3
            ivl = max(1, round(stability or 1))
            data = f'{{"s":{stability or 1},"d":{difficulty or 5}}}'
            updates.append((phase, queue, due_anki, ivl, 2500, reps, lapses, data, cid))
    anki.executemany(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, "
        "lapses = ?, data = ? WHERE id = ?",
        updates,
    )
    return mapping


def copy_reviews(
    anki: sqlite3.Connection, progress: sqlite3.Connection, mapping: dict[str, int]
) -> int:
    """Every review as a revlog row (its id, the time in ms, made unique as Anki needs)."""
    last_id = 0
    rows = []
    query = (
        "SELECT reviewed_at, card_id, rating, duration_ms, phase_before, "
        "json_extract(state_after, '$.stability') FROM reviews ORDER BY reviewed_at"
    )
    for at, card_id, rating, duration, phase_before, stability in progress.execute(query):
        last_id = max(at // 1000, last_id + 1)
        kind = {0: 0, 1: 0, 2: 1, 3: 2}[phase_before]
        ivl = max(1, round(stability or 1))
        rows.append((last_id, mapping[card_id], -1, rating, ivl, 0, 2500, duration, kind))
    anki.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def main(deck_path: str, progress_path: str, out: str) -> None:
    with open(deck_path, "rb") as handle:
        notes = tomllib.load(handle)["cards"]
    col = Collection(out)
    try:
        cards = add_notes(col, notes)
        col.set_config("fsrs", True)  # quizkit schedules with FSRS too
        today = col.sched.today
    finally:
        col.close()
    # Anki's executemany goes row by row through its backend (hours for 1,000,000 reviews):
    # the closed collection is an SQLite file, written here in one transaction.
    anki = sqlite3.connect(out, isolation_level=None)
    progress = sqlite3.connect(f"file:{progress_path}?mode=ro", uri=True)
    anki.execute("BEGIN")
    mapping = copy_schedules(anki, today, progress, cards)
    copied = copy_reviews(anki, progress, mapping)
    anki.execute("COMMIT")
    progress.close()
    anki.close()
    print(f"  anki: {len(notes):,} notes, {len(mapping):,} cards, {copied:,} reviews")


if __name__ == "__main__":
    main(*sys.argv[1:4])
