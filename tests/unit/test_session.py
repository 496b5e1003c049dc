from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from quizkit.base.study_day import StudyDay
from quizkit.study.scheduler import Rating

SIBLINGS_DECK = """\
format = 1
[deck]
id = "sib"
title = "Siblings"
[deck.options]
new_per_day = 2
[[cards]]
id = "rev"
type = "reversible"
front = "gluteus maximus"
back = "covers most of the gluteus medius"
[[cards]]
id = "gap"
type = "cloze"
text = "The {{c1::medius}} covers the {{c2::minimus}}."
[[cards]]
id = "plain"
type = "basic"
front = "Q"
back = "A"
"""


def test_new_cards_come_in_deck_order(write_deck, open_workspace):
    session = open_workspace(write_deck()).session()
    seen = []
    while session.current and session.current.before.reps == 0:
        seen.append(session.current.card.id)
        session.answer(Rating.GOOD)
    assert seen == ["cover", "under", "walk"]


def test_preview_is_exactly_what_is_saved(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    session = workspace.session()
    shown = session.current
    session.answer(Rating.HARD)
    assert workspace.store.card_state(shown.card.id) == shown.outcomes[Rating.HARD].state


def test_learning_card_returns_after_other_cards_and_waits_for_its_step(
    write_deck, open_workspace, clock
):
    session = open_workspace(write_deck()).session()
    session.answer(Rating.AGAIN)  # cover: due in 1 minute
    assert session.current.card.id == "under"
    session.answer(Rating.GOOD)
    session.answer(Rating.GOOD)
    # Nothing new is left: the learning card is shown early (learn-ahead).
    assert session.current.card.id == "cover"


def test_nothing_due_after_everything_is_learnt_today(write_deck, open_workspace, clock):
    session = open_workspace(write_deck()).session()
    for _ in range(3):
        session.answer(Rating.EASY)
    assert session.current is None
    assert session.next_due() > clock.now()
    assert session.remaining() == 0


def test_daily_new_card_limit_and_buried_siblings(write_deck, open_workspace):
    session = open_workspace(write_deck(SIBLINGS_DECK)).session()
    first = session.current.card.id
    session.answer(Rating.EASY)
    second = session.current.card.id
    session.answer(Rating.EASY)
    assert (first, second) == ("rev", "gap/c1")
    # the limit of two new cards is used up; siblings would be buried anyway
    assert session.current is None


def test_siblings_come_back_the_next_study_day(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck(SIBLINGS_DECK))
    session = workspace.session()
    assert session.current.card.id == "rev"
    session.answer(Rating.EASY)
    # The reverse side is buried for today: the next new card is the cloze.
    assert session.current.card.id == "gap/c1"
    clock.advance(days=1)
    session.advance()
    # Next day: the sibling comes back, first in deck order.
    assert session.current.card.id == "rev/reverse"


def test_undo_shows_the_card_again_as_it_was(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    session = workspace.session()
    first = session.current
    session.answer(Rating.GOOD)
    session.undo()
    assert session.current.card.id == first.card.id
    assert session.current.before == first.before
    assert session.done == 0 and workspace.store.reviews_total() == 0


def test_study_day_rolls_over_at_four_in_the_local_zone():
    zone = ZoneInfo("Europe/London")
    late = datetime(2026, 7, 1, 2, 30, tzinfo=timezone.utc)  # 03:30 BST: still the day before
    day = StudyDay.containing(late, zone)
    assert day.start == datetime(2026, 6, 30, 3, 0, tzinfo=timezone.utc)
    assert day.end == datetime(2026, 7, 1, 3, 0, tzinfo=timezone.utc)


GROUP_DECK = """\
format = 1.1

[deck]
id = "grouped"
title = "Grouped"

[[cards]]
id = "cover-basic"
type = "basic"
group = "cover"
front = "What mostly covers the gluteus medius?"
back = "The gluteus maximus."

[[cards]]
id = "walk"
type = "basic"
front = "Which gluteal muscle propels walking?"
back = "The gluteus maximus."

[[cards]]
id = "cover-tf"
type = "truefalse"
group = "cover"
statement = "The gluteus maximus mostly covers the gluteus medius."
answer = true
"""


def test_cards_of_one_group_are_siblings_one_a_study_day(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck(GROUP_DECK))
    session = workspace.session()
    assert session.current.card.id == "cover-basic"
    session.answer(Rating.EASY)
    assert session.current.card.id == "walk"
    session.answer(Rating.EASY)
    # The other form of the fact waits for tomorrow, though it is a note of its own.
    assert session.current is None
    clock.advance(days=1)
    session.advance()
    assert session.current.card.id == "cover-tf"
