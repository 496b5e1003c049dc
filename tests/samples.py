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
