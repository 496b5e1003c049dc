"""Deck text shared by the tests."""

# The head of a small deck: 9 lines, so a body appended to it starts on line 10.
DECK_HEAD = """\
format = 1

[deck]
id = "demo"
title = "Demo deck"

[[topics]]
id = "muscles"
title = "Muscles"
"""


def mastery_deck(topics: dict[str, int], deck_id: str = "mastery", title: str = "Mastery") -> str:
    """A deck with ``count`` basic cards (ids ``<topic>-1`` ...) in each topic, in the order given."""
    parts = [f'format = 1\n\n[deck]\nid = "{deck_id}"\ntitle = "{title}"\n']
    for topic in topics:
        parts.append(f'\n[[topics]]\nid = "{topic}"\ntitle = "Topic {topic}"\n')
    for topic, count in topics.items():
        for n in range(1, count + 1):
            parts.append(
                f'\n[[cards]]\nid = "{topic}-{n}"\ntype = "basic"\ntopic = "{topic}"\n'
                f'front = "Question {n} of {topic}"\nback = "Answer {n}"\n'
            )
    return "".join(parts)
