"""Imported review rows are the rows the per-review reference path (Scheduler.replay) gives.

The import replays with ``FastReplay`` and writes the states as text it
formats itself; here every imported row is replayed again through
``Scheduler.replay`` and encoded with ``json.dumps``, and must match exactly,
on a package with a random history for every card (all ratings, Forgets,
same-day and same-moment reviews, long gaps).
"""

from __future__ import annotations

import json
import math
import random
import sqlite3
import zipfile
from pathlib import Path

import pytest

from quizkit.cli.main import main
from quizkit.deck.model import DeckOptions
from quizkit.progress.card_state import CardState, from_micros
from quizkit.progress.doctor import examine
from quizkit.progress.imported import as_card_state, encode_state
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import Rating, Scheduler

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "anki" / "legacy21.apkg"
DAY_MS = 86_400_000


def _package_with_history(tmp_path: Path, seed: int) -> tuple[Path, int]:
    """The fixture with its review log replaced by a random history for each card, and how
    many rows it makes (a Forget of a card that is new already is not one)."""
    db_path = tmp_path / "collection.anki21"
    with zipfile.ZipFile(FIXTURE) as fixture:
        db_path.write_bytes(fixture.read("collection.anki21"))
        media = fixture.read("media") if "media" in fixture.namelist() else b"{}"
    db = sqlite3.connect(db_path)
    db.execute("DELETE FROM revlog")
    rng, rows, used, expected = random.Random(seed), [], set(), 0
    for (card_id,) in db.execute("SELECT id FROM cards").fetchall():
        at, new = 1_600_000_000_000 + rng.randrange(100) * DAY_MS, True
        for _ in range(rng.randrange(1, 40)):
            at += rng.choice([0, 1, 60_000, 600_000, 3_600_000, DAY_MS, 9 * DAY_MS, 400 * DAY_MS])
            at += rng.randrange(2)
            while at in used:  # revlog ids are unique
                at += 1
            used.add(at)
            if rng.random() < 0.05:  # a Forget: manual, ease 0, interval 0
                rows.append((at, card_id, -1, 0, 0, 0, 0, 0, 4))
                expected, new = expected + (not new), True
            else:
                expected, new = expected + 1, False
                ease = rng.choice([1, 2, 3, 3, 3, 4])
                rows.append((at, card_id, -1, ease, 1, 0, 2500, rng.randrange(-5, 9000), 1))
    db.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", rows)
    db.commit()
    db.close()
    package = tmp_path / "history.apkg"
    with zipfile.ZipFile(package, "w") as out:
        out.write(db_path, "collection.anki21")
        out.writestr("media", media)
    return package, expected


@pytest.mark.parametrize("seed", [1, 2])
def test_every_imported_row_is_what_scheduler_replay_gives(tmp_path, monkeypatch, seed):
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    package, count = _package_with_history(tmp_path, seed)
    data = tmp_path / "progress.sqlite3"
    assert (
        main(["--data", str(data), "import", str(package), "--out", str(tmp_path / "d.toml")]) == 0
    )
    scheduler = Scheduler(DeckOptions(), fuzz=False)
    db = sqlite3.connect(data)
    rows = db.execute(
        "SELECT rating, reviewed_at, state_before, state_after FROM reviews ORDER BY id"
    ).fetchall()
    assert len(rows) == count
    for rating, at, before_text, after_text in rows:
        before = CardState.from_json_dict(json.loads(before_text))
        if rating == 0:
            expected = CardState()
        else:
            expected = scheduler.replay(before, Rating(rating), from_micros(at))
        assert after_text == json.dumps(expected.to_json_dict())
        assert before_text == json.dumps(before.to_json_dict())
    db.close()
    store = ProgressStore.open(data)
    try:
        report = examine(store)  # the chain doctor checks, and the card states
        assert report.healthy
    finally:
        store.close()


@pytest.mark.parametrize(
    "state",
    [
        (0, None, None, None, None, None, 0, 0),
        (1, 0, 2.3065, 2.118103970459016, 1792499962234000, 1792499362234000, 1, 0),
        (2, None, 1e-3, 10.0, 10**16, 10**15, 12345, 99),
        (3, 2, 123456.78901234, 1.0000000000000002, 0, 0, 3, 1),
        (2, None, 5.0, 5, 1, 1, 1, 0),  # an int where a float is usual
        (2, None, math.inf, 5.0, 1, 1, 1, 0),  # json's own text for what is not finite
        (2, None, math.nan, 5.0, 1, 1, 1, 0),
    ],
)
def test_a_state_is_encoded_as_the_review_log_writes_it(state):
    assert encode_state(state) == json.dumps(as_card_state(state).to_json_dict())


def test_imported_reviews_carry_the_sibling_key_the_queue_compares(tmp_path, monkeypatch):
    """A review's note_id is its card's row's note_id (Card.fact_key), as study writes it,
    so "a sibling was studied today" sees imported reviews too."""
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    package, _count = _package_with_history(tmp_path, 3)
    data = tmp_path / "progress.sqlite3"
    assert (
        main(["--data", str(data), "import", str(package), "--out", str(tmp_path / "d.toml")]) == 0
    )
    db = sqlite3.connect(data)
    mismatched = db.execute(
        "SELECT count(*) FROM reviews r JOIN cards c USING (card_id) WHERE r.note_id != c.note_id"
    ).fetchone()[0]
    assert db.execute("SELECT count(*) FROM reviews").fetchone()[0] > 0
    assert mismatched == 0
    db.close()


def test_a_failure_midway_leaves_the_log_its_rows_and_its_indexes_as_they_were(
    tmp_path, monkeypatch, capsys
):
    """The indexes are dropped and rebuilt inside the import's transaction: a failure while
    the rows stream in rolls back the rows and the dropped indexes alike."""
    from quizkit.interop.anki_read import AnkiReadError
    from quizkit.progress import imported
    from quizkit.study.replay import FastReplay

    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    data, out = tmp_path / "progress.sqlite3", tmp_path / "decks" / "d.toml"
    package, _count = _package_with_history(tmp_path, 4)
    assert main(["--data", str(data), "import", str(package), "--out", str(out)]) == 0

    def schema_and_rows():
        with sqlite3.connect(data) as db:
            schema = db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
            return schema, db.execute("SELECT * FROM reviews ORDER BY id").fetchall()

    monkeypatch.setattr(imported, "_REBUILD_MIN", 0)  # the rebuild path, at this size
    monkeypatch.setattr(imported, "_log_size", lambda store: 0)
    replay, calls = FastReplay.replay, []

    def failing(self, *args):
        calls.append(1)
        if len(calls) == 50:
            raise AnkiReadError("the collection is damaged: (simulated)")
        return replay(self, *args)

    monkeypatch.setattr(FastReplay, "replay", failing)
    with sqlite3.connect(data) as db:  # history the import must add, after the failure too
        db.execute("DELETE FROM reviews WHERE id > 20")
        db.execute(
            "UPDATE cards SET phase = 0, step = NULL, stability = NULL, difficulty = NULL, "
            "due = NULL, last_review = NULL, reps = 0, lapses = 0"
        )
    before = schema_and_rows()
    capsys.readouterr()
    code = main(["--data", str(data), "import", str(package), "--out", str(out), "--force"])
    assert code == 1 and "simulated" in capsys.readouterr().err
    assert len(calls) == 50
    assert schema_and_rows() == before
    assert any(name == "reviews_by_card" for name, _sql in before[0])
