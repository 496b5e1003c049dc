"""The card browser's queries: filters, a page of rows, unbury, and a reset to new that the log keeps."""

from __future__ import annotations

from quizkit.progress.backups import count_reviews
from quizkit.progress.browse import CardFilter, card_rows, find_cards, reset_to_new, unbury
from quizkit.progress.card_state import CardState, Phase
from quizkit.progress.doctor import examine, repair
from quizkit.study.scheduler import Rating
from tests.samples import mastery_deck


def studied(write_deck, open_workspace, answers: int = 2):
    workspace = open_workspace(write_deck(mastery_deck({"a": 3, "b": 3})))
    session = workspace.session()
    for _ in range(answers):
        session.reveal()
        session.answer(Rating.GOOD)
    return workspace


def ids(cards) -> list[str]:
    return [card.id for card in cards]


def test_filters_by_text_topic_state_and_mark(write_deck, open_workspace, clock):
    workspace = studied(write_deck, open_workspace)
    store, decks, now = workspace.store, workspace.decks, clock.now()
    assert len(find_cards(store, decks, CardFilter(), now)) == 6
    assert ids(find_cards(store, decks, CardFilter(text="QUESTION 2 of b"), now)) == ["b-2"]
    assert ids(find_cards(store, decks, CardFilter(topic="b"), now)) == ["b-1", "b-2", "b-3"]
    assert ids(find_cards(store, decks, CardFilter(state="learning"), now)) == ["a-1", "a-2"]
    assert len(find_cards(store, decks, CardFilter(state="new"), now)) == 4
    assert find_cards(store, decks, CardFilter(state="review"), now) == []
    store.set_flagged("b-3", True)
    store.set_suspended("a-3", True)
    store.bury(["b-1"], until=workspace.study_day().end)
    assert ids(find_cards(store, decks, CardFilter(mark="flagged"), now)) == ["b-3"]
    assert ids(find_cards(store, decks, CardFilter(mark="suspended"), now)) == ["a-3"]
    assert ids(find_cards(store, decks, CardFilter(mark="buried"), now)) == ["b-1"]
    assert find_cards(store, decks, CardFilter(deck_id="other"), now) == []
    unbury(store, "b-1")
    assert find_cards(store, decks, CardFilter(mark="buried"), now) == []
    rows = card_rows(store, ["a-1", "b-3"])
    assert rows["b-3"].flagged and rows["a-1"].state.phase == Phase.LEARNING


def test_reset_to_new_survives_a_rebuild_from_the_log(write_deck, open_workspace, clock):
    workspace = studied(write_deck, open_workspace)
    store = workspace.store
    clock.advance(days=1)  # a day without answers: the streak is yesterday's
    streak, total = workspace.streak(), store.reviews_total()
    reset_to_new(store, "a-1", clock.now())
    assert store.card_state("a-1") == CardState()
    # Not an answer: neither the review count (nor the one doctor --backups
    # shows) nor the streak moves.
    assert store.reviews_total() == total and workspace.streak() == streak == 1
    assert count_reviews(store.path) == total
    # The log says so too: doctor finds nothing to repair and a rebuild keeps it new.
    assert examine(store).healthy
    store.write_states({"a-1": store.reviews_for("a-1")[0].after})  # damage the row
    repair(store)
    assert store.card_state("a-1") == CardState()
    history = store.reviews_for("a-1")
    assert [r.rating for r in history] == [Rating.GOOD, 0]


def test_a_reset_card_is_studied_again_as_new(write_deck, open_workspace, clock):
    workspace = studied(write_deck, open_workspace, answers=1)
    reset_to_new(workspace.store, "a-1", clock.now())
    session = workspace.session()
    assert session.current is not None and session.current.card.id == "a-1"
    assert session.current.before.phase == Phase.NEW


def test_the_optimiser_sees_only_answers_since_a_reset(write_deck, open_workspace, clock):
    workspace = studied(write_deck, open_workspace)
    store = workspace.store
    reset_to_new(store, "a-1", clock.now())
    log = store.deck_review_log("mastery")
    assert [card_id for card_id, *_ in log] == ["a-2"]
    assert all(rating > 0 for _, rating, *_ in log)
