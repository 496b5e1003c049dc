"""Mastery never flatters: coverage and recall together, unseen cards count as not known."""

from __future__ import annotations

from quizkit.study.scheduler import Rating
from tests.samples import mastery_deck


def answer(workspace, card_ids: set[str], rating: Rating) -> None:
    session = workspace.session()
    while session.current is not None and card_ids:
        card = session.current.card
        session.reveal()
        session.answer(rating if card.id in card_ids else Rating.EASY)
        card_ids.discard(card.id)


def test_one_card_studied_of_sixteen_is_not_full_mastery(write_deck, open_workspace):
    workspace = open_workspace(write_deck(mastery_deck({"big": 16})))
    answer(workspace, {"big-1"}, Rating.EASY)
    mastery = workspace.mastery(workspace.decks[0])
    topic = mastery.topic("big")
    assert (topic.cards, topic.seen) == (16, 1)
    assert topic.recall is not None and topic.recall > 0.9  # what was seen is remembered
    assert topic.known <= 1 / 16  # but the topic is not known
    assert mastery.overall.known <= 1 / 16


def test_unseen_topic_has_no_recall_and_counts_as_not_known(write_deck, open_workspace):
    workspace = open_workspace(write_deck(mastery_deck({"seen": 2, "unseen": 6})))
    answer(workspace, {"seen-1", "seen-2"}, Rating.EASY)
    mastery = workspace.mastery(workspace.decks[0])
    assert mastery.topic("unseen").seen == 0 and mastery.topic("unseen").recall is None
    assert mastery.topic("unseen").known == 0
    assert mastery.topic("seen").known > 0.9
    # Two of eight cards known: the overall figure is a quarter, not the seen topic's 100 %.
    assert 0.2 < mastery.overall.known <= 0.25
    assert (mastery.overall.cards, mastery.overall.seen) == (8, 2)


def test_a_weak_topic_shows_low_recall(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck(mastery_deck({"strong": 2, "weak": 2})))
    answer(workspace, {"weak-1", "weak-2"}, Rating.AGAIN)
    clock.advance(days=10)
    mastery = workspace.mastery(workspace.decks[0])
    weak, strong = mastery.topic("weak"), mastery.topic("strong")
    assert weak.seen == 2 and weak.recall is not None and weak.recall < 0.6
    assert strong.recall is not None and strong.recall > weak.recall
