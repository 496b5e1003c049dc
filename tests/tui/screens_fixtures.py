"""Decks and study histories for the home and browser tests, and the screen as plain text."""

from __future__ import annotations

import io

from rich.console import Console

from quizkit.study.scheduler import Rating

# Too long for 80 columns, short enough for 120.
LONG_TITLE = "Gluteus medius trigger points, referred pain and every condition they mimic"
HOSTILE = "[/] [@click=app.quit]x[/] \\u001b]0;T\\u0007 list[int]"
HOSTILE_SHOWN = "[/] [@click=app.quit]x[/] ␛]0;T␇ list[int]"

# topic id -> (title, cards); the order of the cards in the file is the order below.
TOPICS = {
    "layers": ("Layering of the gluteal muscles", 4),
    "functions": ("Muscle functions in walking, standing on one leg and climbing stairs", 6),
    "symptoms": ("Trigger point symptoms", 4),
    "causes": ("Causes and perpetuating factors", 5),
}


DESCRIPTION = (
    "Where the gluteus medius lies, what it does, and how its trigger points show themselves: "
    "the questions of the certification exam, topic by topic."
)


def anatomy_deck(
    title: str = LONG_TITLE,
    topic_title: str | None = None,
    front: str = "",
    description: str = DESCRIPTION,
) -> str:
    """A deck of four topics with a long title, a description and two exams."""
    parts = [
        'format = 1\n\n[deck]\nid = "anatomy"\n',
        f'title = "{title}"\n',
        f'description = "{description}"\n',
    ]
    for topic, (name, _) in TOPICS.items():
        parts.append(f'\n[[topics]]\nid = "{topic}"\ntitle = "{topic_title or name}"\n')
    for topic, (_, count) in TOPICS.items():
        for n in range(1, count + 1):
            parts.append(
                f'\n[[cards]]\nid = "{topic}-{n}"\ntype = "truefalse"\ntopic = "{topic}"\n'
                f'statement = "{front}Statement {n} about {topic}."\nanswer = true\n'
            )
    for exam_id, exam_title in (("final", "Certification exam"), ("mock", title)):
        parts.append(
            f'\n[[exams]]\nid = "{exam_id}"\ntitle = "{exam_title}"\nquestions = 4\n'
            'pass_mark = 0.8\nattempts = 0\ngrading = "highest"\n'
        )
    return "".join(parts)


def study_history(workspace, clock) -> None:
    """Layers all known, one card of functions, symptoms weak, causes unseen; ten days ago."""
    session = workspace.session([d for d in workspace.decks if d.id == "anatomy"])
    wanted = {f"layers-{n}": Rating.EASY for n in range(1, 5)}
    wanted |= {"functions-1": Rating.EASY, "symptoms-1": Rating.AGAIN, "symptoms-2": Rating.AGAIN}
    while wanted:
        shown = session.current
        assert shown is not None
        card = shown.card
        if card.id in wanted:
            session.reveal()
            session.answer(wanted.pop(card.id))
        else:
            session.bury()
    clock.advance(days=10)


def screen_text(app) -> str:
    """What the terminal shows, as plain text (with any raw control character kept)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        color_system=None,
        legacy_windows=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False)
