"""``quizkit import FILE.txt`` (Aiken): one-answer multiple-choice questions, as Moodle reads them.

    Which gluteal muscle lies deepest?
    A. Gluteus maximus
    B) Gluteus minimus
    ANSWER: B

A question is its text lines, then options (a capital letter, ``.`` or ``)``
and a space), then ``ANSWER:`` and the right option's letter. The format is
line by line, so it is read line by line; blank lines between questions are
optional, as in Moodle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from quizkit.deck.problems import Problem
from quizkit.interop.imported import IdMaker, ImportedDeck, ImportFailed

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*\S)\s*$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*?)\s*$")


def looks_like_aiken(text: str) -> bool:
    """Whether a ``.txt`` file is Aiken (it has an ``ANSWER: X`` line) rather than Anki's text."""
    return any(_ANSWER.match(line.strip()) for line in text.splitlines())


@dataclass
class _Pending:
    line: int = 0
    text: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)


def read_aiken(
    text: str, path: Path, deck_id: str, taken: frozenset[str] = frozenset()
) -> ImportedDeck:
    """The deck an Aiken file makes; raises ``ImportFailed`` naming every bad question."""
    deck = ImportedDeck(deck_id, path.stem)
    ids = IdMaker(deck_id, taken)
    errors: list[Problem] = []
    pending = _Pending()
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        line = raw.strip()
        answer, option = _ANSWER.match(line), _OPTION.match(line)
        if not line:
            continue
        if answer:
            problem = _finish(deck, ids, pending, answer.group(1), number)
            if problem:
                errors.append(Problem(path, number, 1, "error", problem))
            pending = _Pending()
        elif option and pending.text:
            letter, choice = option.groups()
            if letter in pending.options:
                message = f"option {letter} is written twice: give each option its own letter"
                errors.append(Problem(path, number, 1, "error", message))
            pending.options[letter] = choice
        elif pending.options:
            message = (
                "a line after the options that is neither an option (A. or A) and text) "
                "nor ANSWER: — finish the question with ANSWER: and its letter"
            )
            errors.append(Problem(path, number, 1, "error", message))
            pending = _Pending()
        else:
            pending.line = pending.line or number
            pending.text.append(line)
    if pending.text:
        message = "the last question has no ANSWER: line: add ANSWER: and the right letter"
        errors.append(Problem(path, pending.line, 1, "error", message))
    if errors:
        raise ImportFailed(errors)
    return deck


def _finish(
    deck: ImportedDeck, ids: IdMaker, pending: _Pending, letter: str, number: int
) -> str | None:
    """Add the question as a choice card, or say what is wrong with it."""
    if not pending.text:
        return "ANSWER: with no question before it: write the question and its options first"
    if len(pending.options) < 2:
        return "a question needs at least two options (A. ..., B. ...) before ANSWER:"
    if letter not in pending.options:
        letters = ", ".join(pending.options)
        return f"ANSWER: {letter or '(nothing)'} names no option: write one of {letters}"
    choices = list(pending.options.values())
    twice = sorted({c for c in choices if choices.count(c) > 1})
    if twice:
        return f"the option {twice[0]!r} is written twice: keep one"
    question = "\n".join(pending.text)
    deck.cards.append(
        {
            "id": ids.make(None, None, question),
            "type": "choice",
            "question": question,
            "choices": choices,
            "answer": pending.options[letter],
        }
    )
    deck.lines.append(pending.line)
    return None
