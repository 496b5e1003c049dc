"""`quizkit export --format apkg`: packages Anki opens, and the round trip back through import."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizkit.base.paths import bundled_decks_dir
from quizkit.cli.main import main
from quizkit.deck.loader import load_deck

ALL_TYPES = Path(__file__).resolve().parents[1] / "fixtures" / "all-types.toml"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZKIT_DATA", str(tmp_path / "progress.sqlite3"))
    monkeypatch.delenv("QUIZKIT_DECKS", raising=False)


def _essence(card):
    return (
        card.id,
        card.note_id,
        card.kind,
        card.prompt,
        card.answer,
        card.choices,
        # A cloze's accept alternatives have no place in Anki's cloze: its text carries the rest.
        card.cloze_text if card.kind == "cloze" else card.correct,
        card.multiple,
        card.shuffle,
        card.tags,
        card.explain if card.kind not in ("basic", "reversible") else None,
    )


def round_trip(tmp_path: Path, deck_file: Path):
    package = tmp_path / "deck.apkg"
    assert main(["export", "--format", "apkg", str(deck_file), "--out", str(package)]) == 0
    back = tmp_path / "back.toml"
    assert main(["import", str(package), "--out", str(back)]) == 0
    return load_deck(deck_file).deck, load_deck(back).deck


@pytest.mark.parametrize(
    "deck_file", [ALL_TYPES, *sorted(bundled_decks_dir().glob("*.toml"))], ids=lambda p: p.stem
)
def test_toml_to_apkg_to_import_gives_the_same_cards_and_ids(tmp_path, deck_file):
    original, imported = round_trip(tmp_path, deck_file)
    assert [_essence(c) for c in imported.cards] == [_essence(c) for c in original.cards]


def test_topics_come_back_as_topics(tmp_path):
    original, imported = round_trip(tmp_path, ALL_TYPES)
    by_id = {c.id: c for c in imported.cards}
    for card in original.cards:
        if card.topic:
            assert imported.topic_title(by_id[card.id].topic) == original.topic_title(card.topic)


def test_an_existing_package_is_kept_without_force(tmp_path, capsys):
    out = tmp_path / "x.apkg"
    out.write_bytes(b"mine")
    assert main(["export", "--format", "apkg", str(ALL_TYPES), "--out", str(out)]) == 1
    assert out.read_bytes() == b"mine"


def test_an_unknown_deck_id_is_refused(tmp_path, capsys):
    assert main(["export", "--format", "apkg", "no-such-deck", "--out", str(tmp_path / "x")]) == 1
    assert "no deck with id 'no-such-deck'" in capsys.readouterr().err


def test_anki_opens_the_package_and_a_second_export_updates_instead_of_duplicating(tmp_path):
    collection_module = pytest.importorskip(
        "anki.collection", reason="Anki's library (the anki-tests extra) is not installed"
    )
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    package = tmp_path / "deck.apkg"
    assert main(["export", "--format", "apkg", str(ALL_TYPES), "--out", str(package)]) == 0
    (tmp_path / "anki").mkdir()
    col = collection_module.Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        request = ImportAnkiPackageRequest(
            package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
        )
        col.import_anki_package(request)
        notes = col.note_count()
        models = {m["name"] for m in col.models.all()}
        assert {"quizkit choice", "quizkit true/false", "quizkit typed"} <= models
        typed = col.models.by_name("quizkit typed")
        assert "{{type:Answer}}" in typed["tmpls"][0]["qfmt"]
        col.import_anki_package(request)
        assert col.note_count() == notes == 7
        # Back out of Anki, in its newest format: quizkit reads the same ids.
        from anki.collection import ExportAnkiPackageOptions

        again = tmp_path / "from-anki.apkg"
        col.export_anki_package(
            out_path=str(again),
            options=ExportAnkiPackageOptions(with_scheduling=True, legacy=False),
            limit=None,  # the whole collection
        )
    finally:
        col.close()
    back = tmp_path / "back.toml"
    assert main(["import", str(again), "--out", str(back)]) == 0
    original = load_deck(ALL_TYPES).deck
    assert [c.id for c in load_deck(back).deck.cards] == [c.id for c in original.cards]


def test_deck_goes_with_apkg_only_and_apkg_needs_a_deck(capsys):
    assert main(["export", "--format", "csv", "gluteus-medius"]) == 2
    assert "DECK is for --format apkg" in capsys.readouterr().err
    assert main(["export", "--format", "apkg"]) == 2
    assert "--format apkg needs a DECK" in capsys.readouterr().err
