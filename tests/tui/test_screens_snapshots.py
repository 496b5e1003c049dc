"""Snapshots of home, the card browser and a card's history (fixed clock, no fuzz).

The fixture would expose a flattering figure: four topics, one known, one barely
begun, one weak, one never seen. Review a changed SVG before accepting it with
``pytest --snapshot-update``.
"""

from __future__ import annotations

from textual.widgets import Select

from quizkit.progress.browse import reset_to_new
from quizkit.study.scheduler import Rating
from quizkit.tui.app import make_app
from tests.conftest import SMALL_DECK
from tests.tui.conftest import settle
from tests.tui.screens_fixtures import anatomy_deck, study_history


async def steady(pilot, *keys: str) -> None:
    await settle(pilot.app, pilot)
    await pilot.press(*keys)
    await settle(pilot.app, pilot)


def home_app(write_deck, open_workspace, clock, tmp_path, monkeypatch, *, broken: bool = False):
    monkeypatch.chdir(tmp_path)  # relative deck paths: the broken deck's path is the same every run
    paths = [
        write_deck(anatomy_deck(), name="anatomy.toml"),
        write_deck(SMALL_DECK, name="demo.toml"),
    ]
    if broken:
        paths.append(write_deck('format = 1\n[deck\nid = "x"\n', name="broken.toml"))
    workspace = open_workspace(*[p.relative_to(tmp_path) for p in paths])
    study_history(workspace, clock)
    return make_app(workspace), workspace


def test_home_at_80x24_with_a_long_title(
    snap_compare, write_deck, open_workspace, clock, tmp_path, monkeypatch
):
    app, _ = home_app(write_deck, open_workspace, clock, tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)


def test_home_at_120x40_with_a_broken_deck(
    snap_compare, write_deck, open_workspace, clock, tmp_path, monkeypatch
):
    app, _ = home_app(write_deck, open_workspace, clock, tmp_path, monkeypatch, broken=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=steady)


def test_browser_with_marked_cards(
    snap_compare, write_deck, open_workspace, clock, tmp_path, monkeypatch
):
    app, workspace = home_app(write_deck, open_workspace, clock, tmp_path, monkeypatch)
    store = workspace.store
    store.set_suspended("functions-2", True)
    store.bury(["functions-3"], workspace.study_day().end)
    store.set_flagged("layers-2", True)

    async def browse(pilot) -> None:
        await steady(pilot, "b")
        pilot.app.screen.query_one("#deck", Select).value = "anatomy"
        await steady(pilot, "down", "down")

    assert snap_compare(app, terminal_size=(80, 24), run_before=browse)


def test_card_history(snap_compare, write_deck, open_workspace, clock, tmp_path, monkeypatch):
    app, workspace = home_app(write_deck, open_workspace, clock, tmp_path, monkeypatch)
    session = workspace.session()
    assert session.current.card.id == "symptoms-1"  # Again ten days ago: due first
    session.reveal()
    session.answer(Rating.GOOD)
    clock.advance(hours=2)
    reset_to_new(workspace.store, "symptoms-1", clock.now())

    async def history(pilot) -> None:
        await steady(pilot, "b")
        await steady(pilot, *["down"] * 10, "enter")  # symptoms-1: answered Again, ten days ago

    assert snap_compare(app, terminal_size=(80, 24), run_before=history)
