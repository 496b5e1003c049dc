"""The study engine's everyday controls: limits, leeches, suspend/bury/flag, config overrides."""

from datetime import timedelta

import pytest

from quizkit.config import Config, load_config
from quizkit.deck.problems import DeckError
from quizkit.study.scheduler import Rating
from quizkit.study.session import is_leech_lapse
from quizkit.workspace import Workspace


def review_everything_easy(session):
    while session.current:
        session.answer(Rating.EASY)


def test_reviews_per_day_limit_holds_back_the_rest(write_deck, tmp_path, clock):
    path = write_deck()
    workspace = Workspace.open(
        tmp_path / "p.sqlite3",
        [path],
        clock=clock,
        fuzz=False,
        config=Config(options={"reviews_per_day": 2}),
    )
    review_everything_easy(workspace.session())
    clock.advance(days=60)
    session = workspace.session()
    assert session.counts().due == 2
    session.answer(Rating.GOOD)
    session.answer(Rating.GOOD)
    assert session.current is None
    workspace.close()


def test_config_overrides_deck_options_globally_and_per_deck(write_deck, tmp_path):
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        "[study]\nnew_per_day = 5\ndesired_retention = 0.85\n"
        '[decks.demo]\nnew_per_day = 1\nlearning_steps = ["2m"]\n'
    )
    config = load_config(config_file)
    from quizkit.deck.model import DeckOptions

    options = config.options_for("demo", DeckOptions(new_per_day=20))
    assert options.new_per_day == 1 and options.desired_retention == 0.85
    assert options.learning_steps == (timedelta(minutes=2),)
    assert config.options_for("other", DeckOptions()).new_per_day == 5


def test_bad_config_values_name_the_line(tmp_path):
    config_file = tmp_path / "config.toml"
    config_file.write_text("[study]\nrollover_hour = 4\ndesired_retention = 1.5\nfrnot = 1\n")
    with pytest.raises(DeckError) as caught:
        load_config(config_file)
    lines = {(p.line, p.message.split(":")[0]) for p in caught.value.problems}
    assert (3, "desired_retention in [study] must be between 0.7 and 0.99, not 1.5") in lines
    assert any(p.line == 4 and 'unknown key "frnot"' in p.message for p in caught.value.problems)


def test_leech_rule_matches_anki():
    assert [n for n in range(1, 20) if is_leech_lapse(n, 8)] == [8, 12, 16]


def test_a_card_that_lapses_eight_times_is_tagged_leech_and_suspended(
    write_deck, open_workspace, clock
):
    workspace = open_workspace(write_deck())
    store = workspace.store
    session = workspace.session()
    session.answer(Rating.EASY)  # "cover" graduates straight to review
    outcome = None
    for _lapse in range(8):
        clock.advance(days=400)
        session.advance()
        while session.current.card.id != "cover":
            session.answer(Rating.EASY)
        outcome = session.answer(Rating.AGAIN)
        clock.advance(minutes=15)
        session.advance()
        while session.current and session.current.card.id == "cover":
            session.answer(Rating.EASY)  # relearn back into review
    assert outcome.became_leech
    marks = store.marks("cover")
    assert marks.leech and marks.suspended and store.card_state("cover").lapses == 8


def test_undoing_the_leech_answer_lifts_the_suspension(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    store = workspace.store
    shown = workspace.session().current
    review_id = store.record_review(
        "cover",
        "demo",
        "cover",
        1,
        shown.before,
        shown.outcomes[Rating.AGAIN].state,
        shown.shown_at,
        make_leech=True,
    )
    assert store.marks("cover").suspended
    store.undo_review(review_id)
    assert not store.marks("cover").suspended and not store.marks("cover").leech


def test_suspended_cards_never_come_until_unsuspended(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    session = workspace.session()
    assert session.suspend().id == "cover"
    assert session.current.card.id == "under"
    assert workspace.counts(workspace.decks[0]).new == 2
    workspace.store.set_suspended("cover", False)
    assert workspace.session().current.card.id == "cover"


def test_buried_card_returns_on_the_next_study_day(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck())
    session = workspace.session()
    session.bury()
    assert session.current.card.id == "under"
    clock.advance(days=1)
    assert workspace.session().current.card.id == "cover"


def test_flag_toggles_and_is_shown_with_the_card(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    session = workspace.session()
    assert session.toggle_flag() is True
    assert session.current.marks.flagged and workspace.store.marks("cover").flagged
    assert session.toggle_flag() is False


def test_time_zone_change_and_backwards_clock_lose_nothing(write_deck, open_workspace, clock):
    from zoneinfo import ZoneInfo

    workspace = open_workspace(write_deck())
    session = workspace.session()
    session.answer(Rating.GOOD)
    clock.zone = ZoneInfo("Pacific/Auckland")
    clock.advance(hours=-30)  # the machine's clock jumped back
    session.advance()
    shown = session.current
    for outcome in shown.outcomes.values():
        assert outcome.state.due >= clock.now()
    session.answer(Rating.GOOD)
    assert workspace.store.reviews_total() == 2
