"""Reading cloze deletions, and matching typed answers against the accepted ones."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import OSA

_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
# The start of something meant as a deletion: "{{c1", "{{ c2", "{{C3".
_CLOZE_START = re.compile(r"\{\{\s*[cC]\s*\d")
HIDDEN = "[...]"


@dataclass(frozen=True, slots=True)
class Deletion:
    ordinal: int
    answer: str
    hint: str | None
    start: int
    end: int


def cloze_deletions(text: str) -> list[Deletion]:
    """Every ``{{cN::answer}}`` / ``{{cN::answer::hint}}`` in ``text``, in order."""
    return [
        Deletion(int(m.group(1)), m.group(2), m.group(3), m.start(), m.end())
        for m in _CLOZE.finditer(text)
    ]


def stray_cloze_markup(text: str, deletions: list[Deletion] | None = None) -> str | None:
    """The first ``{{c...`` that is not a well-formed deletion (a typo), or None.

    Without this check ``{{c1:answer}}`` (one colon) or ``{{c1::answer}`` (one
    brace) would be shown to learners as literal text. ``deletions``: those of
    ``text``, when the caller has them already.
    """
    if deletions is None:
        deletions = cloze_deletions(text)
    if text.count("{{") == len(deletions):
        return None  # every "{{" opens a well-formed deletion, and none is nested
    for deletion in deletions:
        inner = deletion.answer + (deletion.hint or "")
        if _CLOZE_START.search(inner) or "}}" in inner:
            return text[deletion.start : deletion.start + 40]
    rest = _CLOZE.sub("", text)
    found = _CLOZE_START.search(rest)
    return rest[found.start() : found.start() + 40] if found else None


def cloze_prompt(text: str, ordinal: int) -> str:
    """The text with deletion ``ordinal`` hidden (as ``[...]`` or ``[hint]``), others shown."""
    return _CLOZE.sub(
        lambda m: (
            (f"[{m.group(3)}]" if m.group(3) else HIDDEN)
            if int(m.group(1)) == ordinal
            else m.group(2)
        ),
        text,
    )


def cloze_answer(text: str, ordinal: int) -> str:
    """The text with every deletion filled in (the same for every ``ordinal``)."""
    return _CLOZE.sub(r"\2", text)


# -- matching typed answers: the rules and their examples are in docs/deck-format.md
# ("Answer matching"); tests/unit/test_answer_matching.py reads that table.
_ARTICLES = frozenset({"the", "a", "an"})
_APOSTROPHES = "'\u2019\u02bc"
_POSSESSIVE = re.compile(f"[{_APOSTROPHES}]s\\b")
# Transpositions ("hte") count as one edit, as a person would count them.
_DISTANCE = OSA.distance


def answer_words(text: str) -> list[str]:
    """The words of an answer as matching sees them.

    Accents and case folded (NFKD, then combining marks dropped, then
    casefold), a possessive 's dropped, other apostrophes removed, any other
    punctuation a word break, and a leading article (the, a, an) dropped when
    words follow it.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    folded = _POSSESSIVE.sub("", folded)
    kept = "".join(
        "" if ch in _APOSTROPHES else " " if unicodedata.category(ch).startswith("P") else ch
        for ch in folded
    )
    words = kept.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        del words[0]
    return words


def normalise_answer(text: str) -> str:
    """An answer's words, space-separated: what a deck answer must not leave empty."""
    return " ".join(answer_words(text))


def answer_key(text: str) -> str:
    """What two answers must share to match: their words run together.

    Spaces, hyphens and no separator at all are then the same:
    ``sacro-iliac`` = ``sacro iliac`` = ``sacroiliac``.
    """
    return "".join(answer_words(text))


def allowed_typos(accepted_key: str) -> int:
    """Edits forgiven against an accepted answer: none under 5 letters or with a digit,
    one for 5 to 8 letters, two for longer."""
    if any(ch.isdigit() for ch in accepted_key) or len(accepted_key) < 5:
        return 0
    return 1 if len(accepted_key) <= 8 else 2


@dataclass(frozen=True, slots=True)
class AnswerMatch:
    """How a typed answer compares with the accepted ones.

    ``verdict``: "right" (matches one after normalising), "almost" (within the
    spelling tolerance of one), or "wrong". ``expected``: the accepted answer
    nearest to what was given, as the deck writes it.
    """

    verdict: Literal["right", "almost", "wrong"]
    expected: str


def match_answer(
    given: str, accepted: Sequence[str], *, typo_tolerance: bool = True
) -> AnswerMatch:
    """Compare a typed answer with a card's accepted answers (the one rule for study and exams)."""
    if not accepted:
        return AnswerMatch("wrong", "")
    words = answer_words(given)
    key = "".join(words)
    if not key:
        return AnswerMatch("wrong", accepted[0])
    wanted = [answer_words(answer) for answer in accepted]
    keys = ["".join(w) for w in wanted]
    if key in keys:
        return AnswerMatch("right", accepted[keys.index(key)])
    distances = [_DISTANCE(key, k) for k in keys]
    if typo_tolerance:
        forgiven = [i for i, w in enumerate(wanted) if _within_tolerance(words, w, distances[i])]
        if forgiven:
            return AnswerMatch("almost", accepted[min(forgiven, key=distances.__getitem__)])
    return AnswerMatch("wrong", accepted[distances.index(min(distances))])


def _within_tolerance(given: list[str], wanted: list[str], distance: int) -> bool:
    """A slip of the fingers, not another word: every word within what its own length allows.

    Counted over the whole answer, two edits would let ``gluteus minimus`` pass
    for ``gluteus maximus`` and ``half of the weight`` for ``all of the
    weight``; counted word by word, a short word must be exact and a changed
    word keeps within its own allowance. Where spacing differs (``sacroilac``
    for ``sacro-iliac``), words cannot be paired, so one edit at most.
    """
    allowed = allowed_typos("".join(wanted))
    if distance > allowed:
        return False
    if len(given) != len(wanted):
        return distance <= min(1, allowed)
    return all(_DISTANCE(g, w) <= allowed_typos(w) for g, w in zip(given, wanted))


def typed_answer_matches(given: str, accepted: Sequence[str]) -> bool:
    """True when ``given`` matches an accepted answer exactly (no spelling tolerance)."""
    return match_answer(given, accepted, typo_tolerance=False).verdict == "right"
