"""Reading cloze deletions and marking typed answers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
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


def cloze_ordinals(text: str) -> list[int]:
    return sorted({d.ordinal for d in cloze_deletions(text)})


def cloze_prompt(text: str, ordinal: int) -> str:
    """The text with deletion ``ordinal`` hidden (as ``[...]`` or ``[hint]``), others shown."""
    return _CLOZE.sub(
        lambda m: (f"[{m.group(3)}]" if m.group(3) else HIDDEN)
        if int(m.group(1)) == ordinal
        else m.group(2),
        text,
    )


def cloze_answer(text: str, ordinal: int) -> str:
    """The text with every deletion filled in."""
    return _CLOZE.sub(lambda m: m.group(2), text)


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
