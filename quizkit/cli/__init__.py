"""The command line: one module per command; ``main`` parses the arguments and dispatches."""

from quizkit.cli.main import main

__all__ = ["main"]
