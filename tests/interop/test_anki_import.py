"""`quizkit import` on packages Anki itself made (tests/fixtures/anki/make_fixtures.py)."""

from __future__ import annotations

import os
import pty
import sqlite3
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from quizkit.cli.main import main
from quizkit.deck.loader import load_deck
from quizkit.progress.doctor import examine
from quizkit.progress.store import ProgressStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "anki"
GENERATIONS = ["modern.apkg", "legacy21.apkg", "legacy2.apkg"]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZKIT_DATA", str(tmp_path / "progress.sqlite3"))
    monkeypatch.delenv("QUIZKIT_DECKS", raising=False)


def run_import(tmp_path: Path, name: str, *extra: str) -> tuple[int, Path]:
    out = tmp_path / "decks" / "physio.toml"
    code = main(["import", str(FIXTURES / name), "--out", str(out), *extra])
    return code, out


def cards_of(path: Path) -> dict[str, dict]:
    return {c["id"]: c for c in tomllib.loads(path.read_text())["cards"]}


@pytest.mark.parametrize("package", GENERATIONS)
def test_every_generation_gives_the_same_lint_clean_deck(tmp_path, capsys, package):
    code, out = run_import(tmp_path, package)
    assert code == 0
    assert capsys.readouterr().out.strip() == str(out)
    deck = load_deck(out)  # raises on any lint error
    assert deck.warnings == ()
    kinds = sorted(c["type"] for c in cards_of(out).values())
    assert kinds == ["basic", "basic", "basic", "basic", "cloze", "reversible", "typed"]


def test_html_becomes_plain_text_with_entities_breaks_and_lists(tmp_path):
    _, out = run_import(tmp_path, "modern.apkg")
    backs = {c.get("front"): c.get("back") for c in cards_of(out).values()}
    assert backs["What covers the gluteus medius?"] == "The gluteus maximus & fascia"
    assert backs["Name the actions\nof the gluteus medius"] == "- abduction\n- internal rotation"


def test_media_and_unknown_note_types_are_reported_per_note(tmp_path, capsys):
    _, out = run_import(tmp_path, "modern.apkg")
    err = capsys.readouterr().err
    assert "note type 'Vocab' (1 notes) is not one quizkit knows" in err
    media_note = next(i for i, c in cards_of(out).items() if c.get("front") == "Where is this?")
    assert f"note {media_note}: media not imported: hip.png, hip.mp3" in err


def test_cloze_syntax_carries_over_and_back_extra_becomes_explain(tmp_path):
    _, out = run_import(tmp_path, "legacy21.apkg")
    cloze = next(c for c in cards_of(out).values() if c["type"] == "cloze")
    assert cloze["text"] == (
        "The {{c1::gluteus maximus}} covers the {{c2::gluteus medius::a muscle}}."
    )
    assert cloze["explain"] == "Layers"


def test_ids_are_stable_across_generations(tmp_path):
    ids = set()
    for package in GENERATIONS:
        _, out = run_import(tmp_path, package, "--force")
        ids.add(frozenset(cards_of(out)))
    assert len(ids) == 1


def test_review_history_is_imported_and_the_chain_stays_valid(tmp_path, capsys):
    run_import(tmp_path, "modern.apkg")
    assert "14 reviews imported and 1 resets to new" in capsys.readouterr().err
    store = ProgressStore.open(tmp_path / "progress.sqlite3")
    try:
        report = examine(store)
        assert report.healthy
        assert report.reviews == 15
        reversed_ids = [c for c in cards_of(tmp_path / "decks" / "physio.toml") if "/" in c]
        assert reversed_ids == []  # card ids of notes; the reverse card has history:
        states = dict(store.iter_card_states())
        assert any(cid.endswith("/reverse") and s.reps == 4 for cid, s in states.items())
    finally:
        store.close()


def test_importing_the_same_package_twice_never_duplicates_a_review(tmp_path, capsys):
    run_import(tmp_path, "modern.apkg")
    assert run_import(tmp_path, "legacy21.apkg", "--force")[0] == 0
    assert "quizkit: 0 reviews imported" in capsys.readouterr().err
    store = ProgressStore.open(tmp_path / "progress.sqlite3")
    try:
        assert store.reviews_total() == 14  # answers; the reset is not a review
        assert examine(store).healthy
    finally:
        store.close()


def test_a_forget_is_a_reset_to_new_and_the_history_after_it_counts(tmp_path):
    _, out = run_import(tmp_path, "modern.apkg")
    vocab = next(i for i, c in cards_of(out).items() if c.get("front") == "trochanter")
    store = ProgressStore.open(tmp_path / "progress.sqlite3")
    try:
        assert [r.rating for r in store.reviews_for(vocab)] == [3, 0, 2]
        assert store.card_state(vocab).reps == 1
    finally:
        store.close()


def test_an_existing_deck_file_is_not_overwritten_without_force(tmp_path, capsys):
    out = tmp_path / "decks" / "physio.toml"
    out.parent.mkdir()
    out.write_text("mine")
    assert run_import(tmp_path, "modern.apkg")[0] == 1
    assert "--force" in capsys.readouterr().err
    assert out.read_text() == "mine"


def test_default_out_is_the_user_decks_folder(tmp_path, capsys):
    assert main(["import", str(FIXTURES / "modern.apkg")]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed == tmp_path / "data" / "quizkit" / "decks" / "modern.toml"
    assert printed.is_file()


def _assert_refused(tmp_path, capsys, path: Path, words: str) -> None:
    code = main(["import", str(path), "--out", str(tmp_path / "out.toml")])
    err = capsys.readouterr().err
    assert code == 1
    assert str(path) in err and words in err
    assert "Traceback" not in err and "\r" not in err
    assert not (tmp_path / "out.toml").exists()
    assert not (tmp_path / "progress.sqlite3").exists()  # no history: the file is not opened


def test_a_file_that_is_not_a_zip_is_refused_naming_it(tmp_path, capsys):
    bad = tmp_path / "bad.apkg"
    bad.write_bytes(b"not a zip")
    _assert_refused(tmp_path, capsys, bad, "not a zip file")


def test_a_zip_without_a_collection_is_refused(tmp_path, capsys):
    bad = tmp_path / "empty.apkg"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("media", "{}")
    _assert_refused(tmp_path, capsys, bad, "no collection")


def test_an_unknown_generation_is_refused(tmp_path, capsys):
    bad = tmp_path / "future.apkg"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("collection.anki99", "x")
    _assert_refused(tmp_path, capsys, bad, "unknown collection generation")


def test_a_damaged_collection_is_refused(tmp_path, capsys):
    bad = tmp_path / "damaged.apkg"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("collection.anki21", b"SQLite format 3\x00" + b"\xff" * 5000)
    _assert_refused(tmp_path, capsys, bad, "")


def test_a_damaged_zstd_collection_is_refused(tmp_path, capsys):
    bad = tmp_path / "damaged.apkg"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd garbage")
    _assert_refused(tmp_path, capsys, bad, "anki21b")


def test_a_text_export_imports_with_guids_note_types_and_tags(tmp_path, capsys):
    export = tmp_path / "notes.txt"
    export.write_text(
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n"
        "#tags column:6\n"
        "abc123\tBasic\tDefault\tTwo &amp; two<br>is?\tfour\tmaths easy\n"
        "def456\tBasic (and reversed card)\tDefault\tGmed\tGluteus medius\t\n"
        "ghi789\tCloze\tDefault\t{{c1::Paris}} is in France\t\t\n",
        encoding="utf-8",
    )
    out = tmp_path / "text.toml"
    assert main(["import", str(export), "--out", str(out)]) == 0
    cards = list(cards_of(out).values())
    assert [c["type"] for c in cards] == ["basic", "reversible", "cloze"]
    assert cards[0]["front"] == "Two & two\nis?" and cards[0]["tags"] == ["maths", "easy"]
    load_deck(out)
    assert not (tmp_path / "progress.sqlite3").exists()  # no history: the file is not opened


def _import_in_a_process(tmp_path: Path, name: str, stderr) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "quizkit", "import", str(FIXTURES / "modern.apkg")]
        + ["--out", str(tmp_path / f"{name}.toml")],
        stderr=stderr,
        stdout=subprocess.DEVNULL,
        check=True,
        env=os.environ | {"QUIZKIT_DATA": str(tmp_path / f"{name}.sqlite3")},
    )


def test_progress_is_shown_on_a_terminal_and_quiet_in_a_pipe(tmp_path):
    piped = _import_in_a_process(tmp_path, "piped", subprocess.PIPE).stderr
    assert b"of 15" not in piped and b"\r" not in piped
    leader, follower = pty.openpty()
    try:
        _import_in_a_process(tmp_path, "terminal", follower)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # Linux: EIO once the terminal's other end is closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert b"reviews: 15 of 15" in shown


def test_reimporting_keeps_progress_made_in_quizkit_since(tmp_path, capsys):
    from datetime import timedelta

    from quizkit.deck.model import DeckOptions
    from quizkit.study.scheduler import Rating, Scheduler

    run_import(tmp_path, "modern.apkg")
    store = ProgressStore.open(tmp_path / "progress.sqlite3")
    try:
        card_id = next(cid for cid, s in store.iter_card_states() if s.reps)
        before = store.card_state(card_id)
        later = before.last_review + timedelta(days=400)
        after = Scheduler(DeckOptions(), fuzz=False).preview(before, later)[Rating.GOOD].state
        store.record_review(card_id, "physio", card_id.split("/")[0], 3, before, after, later)
    finally:
        store.close()
    assert run_import(tmp_path, "modern.apkg", "--force")[0] == 0
    assert "quizkit: 0 reviews imported" in capsys.readouterr().err
    store = ProgressStore.open(tmp_path / "progress.sqlite3")
    try:
        assert store.card_state(card_id) == after
        assert examine(store).healthy
    finally:
        store.close()


def test_a_note_whose_note_type_is_missing_becomes_basic_and_is_reported(tmp_path, capsys):
    collection = tmp_path / "collection.anki21"
    with zipfile.ZipFile(FIXTURES / "legacy21.apkg") as package:
        collection.write_bytes(package.read("collection.anki21"))
    with sqlite3.connect(collection) as db:
        db.execute("UPDATE notes SET mid = 42 WHERE flds LIKE 'trochanter%'")
    damaged = tmp_path / "missing-type.apkg"
    with zipfile.ZipFile(damaged, "w") as package:
        package.write(collection, "collection.anki21")
    out = tmp_path / "out.toml"
    assert main(["import", str(damaged), "--out", str(out)]) == 0
    assert "'missing note type 42' (1 notes)" in capsys.readouterr().err
    assert any(c.get("front") == "trochanter" for c in cards_of(out).values())


def test_a_progress_file_that_refuses_leaves_no_deck_file_and_no_temporary(tmp_path, capsys):
    not_ours = tmp_path / "progress.sqlite3"
    with sqlite3.connect(not_ours) as db:
        db.execute("CREATE TABLE someone_elses (x)")
    out = tmp_path / "decks" / "physio.toml"
    out.parent.mkdir()
    assert main(["import", str(FIXTURES / "modern.apkg"), "--out", str(out)]) == 1
    assert "nothing was imported" in capsys.readouterr().err
    assert list(out.parent.iterdir()) == []
