"""Decks in and out of other tools: Anki packages and text exports.

Sits above ``report``: it reads decks, writes deck files and appends imported
review history to the progress file, and never imports the TUI.
"""
