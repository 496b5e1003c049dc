"""One GIFT question as a quizkit card, typed as Moodle's importer types it.

Moodle decides a question's type from its answers, in this order: none is an
essay; a leading ``#`` is numerical; any ``~`` is multiple choice; ``=`` with
``->`` is matching; ``T``/``TRUE``/``F``/``FALSE`` is true/false; anything
else is short answer. Text after the answers makes a missing-word question.
Essay and matching have no quizkit card, nor numerical answers with a
tolerance or a range: those are left out with a notice.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizkit.deck.problems import Problem

if TYPE_CHECKING:
    from quizkit.interop.gift_read import Item, Question

_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_TRUE, _FALSE = ("T", "TRUE"), ("F", "FALSE")


class BadQuestion(ValueError):
    """A question that cannot be read as its type: the message says what to change."""


def card_for(question: Question, notices: list[Problem], path: Path) -> dict[str, Any] | None:
    """The card's keys (without id and topic), or None when the type is left out."""

    def leave_out(why: str) -> None:
        notices.append(Problem(path, question.line, 1, "warning", why + ": left out"))

    if not question.text:
        raise BadQuestion("the question has no text: write the question before its {answers}")
    if question.empty and not question.items:
        return leave_out("an essay question (empty {}) cannot be marked by quizkit")
    if question.starts_with_hash:
        return _numerical(question, leave_out)
    if any(item.mark == "~" for item in question.items):
        return _choice(question, notices, path)
    if question.items and all("->" in item.text for item in question.items):
        return leave_out("a matching question (=item -> match) has no quizkit card type")
    if question.lead in _TRUE + _FALSE and not question.items:
        return _truefalse(question)
    return _short_answer(question, notices, path)


def _explain(general: str, *lines: str) -> dict[str, str]:
    text = "\n".join(part for part in (general, *lines) if part)
    return {"explain": text} if text else {}


def _option_feedback(items: list[Item]) -> list[str]:
    return [f"{item.text}: {item.feedback}" for item in items if item.feedback]


def _choice(question: Question, notices: list[Problem], path: Path) -> dict[str, Any]:
    if question.lead or question.lead_feedback:
        raise BadQuestion(
            "text before the first option: start every option with = (right) or ~ (wrong)"
        )
    choices = [item.text for item in question.items]
    if len(choices) < 2 or any(not c for c in choices):
        raise BadQuestion("a multiple-choice question needs at least two options, none empty")
    seen = {c for c in choices if choices.count(c) > 1}
    if seen:
        raise BadQuestion(f"the option {sorted(seen)[0]!r} is written twice: keep one")
    card: dict[str, Any] = {"type": "choice", "question": question.text, "choices": choices}
    single = [item.text for item in question.items if item.mark == "="]
    if single:  # Moodle: an = makes a one-answer question
        if len(single) > 1:
            raise BadQuestion(
                "two options are marked = in one question: mark one, or give every right "
                "option a weight (~%50%) so that the learner picks several"
            )
        partial = [i.text for i in question.items if i.mark == "~" and (i.weight or 0) > 0]
        if partial:
            _note(notices, path, question, f"partial credit for {partial[0]!r} counts as wrong")
        card["answer"] = single[0]
    else:
        right = [item for item in question.items if (item.weight or 0) > 0]
        if not right:
            raise BadQuestion(
                "no option is right: mark the right one with =, or right ones with ~%50%"
            )
        if len({item.weight for item in right}) > 1:
            _note(notices, path, question, "unequal weights: each right option earns the same")
        card["answers"] = [item.text for item in right]
    return card | _explain(question.general, *_option_feedback(question.items))


def _truefalse(question: Question) -> dict[str, Any]:
    # Moodle: the first feedback is shown for a wrong answer, the second for a right one.
    wrong = question.lead_feedback[0] if question.lead_feedback else ""
    right = question.lead_feedback[1] if len(question.lead_feedback) > 1 else ""
    card = {"type": "truefalse", "statement": question.text, "answer": question.lead in _TRUE}
    return card | _explain(question.general, right, wrong)


def _short_answer(question: Question, notices: list[Problem], path: Path) -> dict[str, Any]:
    if question.lead_feedback and question.items:
        raise BadQuestion("a # before the first = answer: put feedback after its answer")
    accepted: list[str] = [question.lead] if question.lead else []
    feedback = [f"{question.lead}: {question.lead_feedback[0]}"] if question.lead_feedback else []
    for item in question.items:
        if item.weight is not None and item.weight < 100:
            _note(notices, path, question, f"{item.text!r} earns only part marks: not accepted")
            continue
        accepted.append(item.text)
        feedback += _option_feedback([item])
    if not accepted:
        raise BadQuestion("no answer earns full marks: write one with =answer")
    for answer in accepted:
        if not re.search(r"\w", answer):
            raise BadQuestion(
                f"the answer {answer!r} has no letters or digits: quizkit cannot match it"
            )
        if "*" in answer:
            _note(notices, path, question, f"{answer!r}: quizkit has no * wildcard; it is literal")
    explain = _explain(question.general, *feedback)
    if question.missing_word and not _breaks_cloze(question, accepted):
        text = f"{question.before}{{{{c1::{accepted[0]}}}}}{question.after}"
        extra = {"accept": {"c1": accepted[1:]}} if accepted[1:] else {}
        return {"type": "cloze", "text": text, **extra} | explain
    extra = {"accept": accepted[1:]} if accepted[1:] else {}
    return {"type": "typed", "question": question.text, "answer": accepted[0], **extra} | explain


def _breaks_cloze(question: Question, accepted: list[str]) -> bool:
    """Text that Anki's cloze syntax would misread: such a question stays a typed card."""
    marks = ("{{", "}}")
    return any(m in question.before + question.after for m in marks) or any(
        m in accepted[0] for m in (*marks, "::")
    )


def _numerical(question: Question, leave_out) -> dict[str, Any] | None:
    answers = question.lead_feedback[:1] + [item.text for item in question.items]
    answers = [a for a in answers if a]
    exact = [a.removesuffix(":0").strip() for a in answers]
    if (
        len(exact) != 1
        or not _NUMBER.fullmatch(exact[0])
        or any(item.weight not in (None, 100.0) for item in question.items)
    ):
        return leave_out("a numerical question with a tolerance, a range or several answers")
    return {"type": "typed", "question": question.text, "answer": exact[0]} | _explain(
        question.general
    )


def _note(notices: list[Problem], path: Path, question: Question, message: str) -> None:
    notices.append(Problem(path, question.line, 1, "warning", message))
