"""The card likely shown next is decoded from the deck cache while the answer is read."""

from __future__ import annotations

from quizkit.deck.model import Cards
from quizkit.study.scheduler import Rating


def test_revealing_fetches_the_card_the_queue_shows_next(write_deck, open_workspace, monkeypatch):
    session = open_workspace(write_deck()).session()
    asked: list[int] = []
    getitem = Cards.__getitem__

    def recording(self, index):
        asked.append(index)
        return getitem(self, index)

    monkeypatch.setattr(Cards, "__getitem__", recording)
    session.reveal()
    assert asked == [1]  # "under", the next in deck order, read before the answer
    session.answer(Rating.GOOD)
    assert session.current.card.id == "under"


def test_practice_and_a_second_reveal_fetch_nothing(write_deck, open_workspace, monkeypatch):
    session = open_workspace(write_deck()).session()
    session.reveal()
    asked: list[int] = []
    getitem = Cards.__getitem__
    monkeypatch.setattr(Cards, "__getitem__", lambda self, i: asked.append(i) or getitem(self, i))
    session.reveal()
    session.practise([(session.decks[0].cards[2], session.decks[0])])
    asked.clear()
    session.reveal()
    assert asked == []
