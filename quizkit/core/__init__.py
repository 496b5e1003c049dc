"""The quizkit domain: decks, scheduling, study sessions and the progress store.

Nothing in this package imports Textual or Rich; the TUI and the CLI are thin
layers over it.
"""
