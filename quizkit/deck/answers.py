"""Reading cloze deletions and marking typed answers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


def normalise_answer(text: str) -> str:
    """Fold case, drop punctuation, and squeeze spaces, so 'Gluteus  minimus.' == 'gluteus minimus'."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Apostrophes vanish ("Morton's" == "Mortons"); other punctuation separates
    # words ("ball-and-socket" == "ball and socket").
    kept = "".join(
        "" if ch in "'\u2019" else " " if unicodedata.category(ch).startswith("P") else ch
        for ch in folded
    )
    return " ".join(kept.split())


def typed_answer_matches(given: str, accepted: tuple[str, ...] | list[str]) -> bool:
    wanted = normalise_answer(given)
    return bool(wanted) and any(wanted == normalise_answer(a) for a in accepted)
