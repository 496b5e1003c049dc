"""A plain ``quizkit`` (the TUI) reads its options without building every command's parser."""

from __future__ import annotations

import subprocess
import sys

import pytest

from quizkit.cli.main import _plain_start, build_parser


@pytest.mark.parametrize(
    "argv",
    [[], ["--data", "p.sqlite3"], ["--decks", "a", "--decks", "b", "--data", "p.sqlite3"]],
)
def test_a_plain_start_reads_the_options_as_the_full_parser_does(argv):
    fast = _plain_start(argv)
    assert fast is not None
    assert vars(fast) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["study"],
        ["--data", "p", "stats"],
        ["-h"],
        ["--version"],
        ["--dat", "p"],  # an abbreviation: the full parser judges it
        ["--data"],  # no value: the full parser's message
        ["--data=p"],
        ["--decks", "a", "--"],
    ],
)
def test_anything_else_goes_to_the_full_parser(argv):
    assert _plain_start(argv) is None


def test_a_plain_start_imports_no_command_module():
    code = (
        "import sys; from quizkit.cli.main import _plain_start; _plain_start(['--data', 'x']);"
        "print(sorted(m for m in sys.modules if m.startswith('quizkit.cli.') and "
        "m not in ('quizkit.cli.main', 'quizkit.cli.output', 'quizkit.cli.exit_codes')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
