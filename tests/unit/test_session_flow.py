"""The study session's flow: what is shown next, when, in which order, and what undo takes back."""

from collections import Counter
from datetime import timedelta

from quizkit.study.scheduler import Rating
from quizkit.workspace import Workspace
from tests.conftest import SMALL_DECK
from tests.samples import DECK_HEAD

CHOICE_DECK = (
    DECK_HEAD
    + """
[[cards]]
id = "pick"
type = "choice"
topic = "muscles"
question = "Which muscle lies beneath the lower gluteus medius?"
choices = ["Gluteus minimus", "Gluteus maximus", "Piriformis", "None"]
answer = "Gluteus minimus"
"""
)


def limited(deck: str, **options: int) -> str:
    lines = "".join(f"{k} = {v}\n" for k, v in options.items())
    return deck.replace('title = "Demo deck"\n', f'title = "Demo deck"\n[deck.options]\n{lines}')


def test_an_answer_is_scheduled_from_the_moment_it_is_given_not_shown(
    write_deck, open_workspace, clock
):
    workspace = open_workspace(write_deck())
    session = workspace.session()
    shown = session.current
    session.reveal()
    assert shown.interval(Rating.GOOD) == "10m"
    clock.advance(hours=12)  # left on screen overnight
    session.answer(Rating.GOOD)
    state = workspace.store.card_state(shown.card.id)
    assert state.last_review == clock.now()
    assert state.due == clock.now() + timedelta(minutes=10)


def test_the_card_just_answered_is_not_shown_again_while_another_can_be(write_deck, open_workspace):
    session = open_workspace(write_deck(limited(SMALL_DECK, new_per_day=2))).session()
    session.answer(Rating.GOOD)  # cover: due in 10 minutes
    assert session.current.card.id == "under"
    session.answer(Rating.AGAIN)  # under: due in 1 minute, the earliest
    # Only learning cards are left, both within the learn-ahead window.
    assert session.current.card.id == "cover"
    session.answer(Rating.GOOD)
    assert session.current.card.id == "under"  # now the only one: shown again


def test_after_the_review_limit_the_next_card_is_not_due_now(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck(limited(SMALL_DECK, reviews_per_day=1)))
    session = workspace.session()
    while session.current:
        session.answer(Rating.EASY)
    clock.advance(days=60)
    session = workspace.session()
    session.answer(Rating.GOOD)  # the one review allowed today
    assert session.current is None
    assert session.counts().due == 0
    assert session.next_due() >= session.study_day().end


def test_undo_takes_back_bury_suspend_flag_and_answers_in_order(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    store = workspace.store
    session = workspace.session()
    assert session.toggle_flag() is True  # cover flagged
    session.bury()  # cover
    session.suspend()  # under
    session.answer(Rating.EASY)  # walk
    assert session.current is None

    assert session.undo().id == "walk"
    assert store.reviews_total() == 0 and session.current.card.id == "walk"
    assert session.undo().id == "under"
    assert not store.marks("under").suspended and session.current.card.id == "under"
    assert session.undo().id == "cover"
    assert store.marks("cover").buried_until is None and session.current.card.id == "cover"
    assert session.current.marks.flagged
    assert session.undo().id == "cover"
    assert not store.marks("cover").flagged and not session.current.marks.flagged
    assert session.undo() is None and not session.can_undo


def test_choice_options_are_shuffled_each_showing_and_the_answer_lands_anywhere(
    write_deck, open_workspace
):
    session = open_workspace(write_deck(CHOICE_DECK)).session(seed=7)
    positions = Counter()
    for _ in range(4000):
        session.advance()
        positions[session.current.choices.index("Gluteus minimus")] += 1
    assert sorted(positions) == [0, 1, 2, 3]
    assert all(850 < n < 1150 for n in positions.values()), positions


def test_undo_shows_a_choice_card_with_its_options_in_the_same_order(write_deck, open_workspace):
    session = open_workspace(write_deck(CHOICE_DECK)).session(seed=1)
    order = session.current.order
    session.answer(Rating.GOOD)
    session.undo()
    assert session.current.order == order


def test_a_card_that_says_shuffle_false_keeps_its_written_order(write_deck, open_workspace):
    fixed = CHOICE_DECK.replace(
        'choices = ["Gluteus minimus", "Gluteus maximus", "Piriformis", "None"]',
        'shuffle = false\nchoices = ["Gluteus minimus", "Gluteus maximus", "Piriformis", "All of the above"]',
    )
    session = open_workspace(write_deck(fixed)).session(seed=7)
    orders = set()
    for _ in range(20):
        session.advance()
        orders.add(session.current.choices)
    assert orders == {("Gluteus minimus", "Gluteus maximus", "Piriformis", "All of the above")}


def test_the_session_goes_on_when_another_process_changes_and_syncs_the_deck(
    write_deck, open_workspace, tmp_path, clock
):
    path = write_deck()
    workspace = open_workspace(path)
    session = workspace.session()
    assert session.current.card.id == "cover"
    # Another quizkit (say `quizkit stats`) reads the edited deck and syncs the file.
    path.write_text(
        SMALL_DECK.replace(
            '[[cards]]\nid = "cover"',
            '[[cards]]\nid = "fresh"\ntype = "basic"\nfront = "New?"\nback = "Yes."\n\n'
            '[[cards]]\nid = "cover"',
        ),
        encoding="utf-8",
    )
    other = Workspace.open(tmp_path / "progress.sqlite3", [path], clock=clock)
    other.close()
    session.answer(Rating.GOOD)  # saved, and the session goes on
    assert workspace.store.reviews_total() == 1
    assert session.current.card.id == "fresh"
    session.answer(Rating.GOOD)
    assert workspace.store.reviews_total() == 2


def test_custom_study_learn_more_new_cards_today(write_deck, open_workspace):
    workspace = open_workspace(write_deck(limited(SMALL_DECK, new_per_day=1)))
    session = workspace.session()
    session.answer(Rating.EASY)
    assert session.current is None and session.counts().new == 0
    session.learn_more_new(1)
    assert session.current.card.id == "under" and session.counts().new == 1
    session.answer(Rating.EASY)
    assert session.current is None
    # Kept for the day: a new session (home, then study again) keeps the raised limit.
    assert workspace.session().counts().new == 0


def test_practising_missed_cards_and_a_topic_changes_no_schedule(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck())
    store = workspace.store
    session = workspace.session()
    session.answer(Rating.AGAIN)  # cover, missed
    session.answer(Rating.EASY)
    session.answer(Rating.EASY)
    session.answer(Rating.EASY)  # cover again
    assert session.current is None
    before = (store.reviews_total(), store.card_state("cover"))

    missed = session.missed_today()
    assert [c.id for c, _ in missed] == ["cover"]
    session.practise(missed)
    assert session.current.card.id == "cover" and session.current.practice
    session.answer(Rating.AGAIN)  # comes back at the end of the round
    assert session.current.card.id == "cover"
    session.answer(Rating.GOOD)
    assert session.current is None

    deck = workspace.decks[0]
    assert session.practise(session.topic_cards(deck, "muscles")) == 3
    while session.current:
        session.answer(Rating.HARD)
    assert (store.reviews_total(), store.card_state("cover")) == before


def test_the_summary_lists_the_cards_missed_and_the_result_per_topic(write_deck, open_workspace):
    session = open_workspace(write_deck()).session()
    session.answer(Rating.AGAIN)  # cover
    session.answer(Rating.GOOD)  # under
    session.answer(Rating.EASY)  # walk
    summary = session.summary()
    assert [c.id for c in summary.missed] == ["cover"]
    assert [(t.title, t.answers, t.remembered) for t in summary.topics] == [("Muscles", 3, 2)]
