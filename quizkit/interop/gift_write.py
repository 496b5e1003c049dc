"""``quizkit export --format gift DECK``: a deck's gradable cards as a Moodle GIFT question bank.

Topics become ``$CATEGORY`` lines; choice cards with several right options
give each right option an equal share of 100 % and each wrong one an equal
share of -100 %, which is how quizkit's exams mark them (docs/exams.md);
cloze deletions become missing-word questions; ``explain`` becomes the
general feedback. Every card carries its id (``// [id:...]``) so that
importing the bank back gives the same ids. Basic and reversible cards are
self-graded and have no GIFT form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from quizkit.deck.model import Card, Deck

# The grades Moodle accepts (question/format.php's grade list): a weight outside
# it makes Moodle refuse the question on import.
_MOODLE_GRADES = (100, 90, 80, 75, 70, 60, 50, 40, 30, 25, 20, 10, 5, 0)
_MOODLE_FRACTIONS = {1 / n for n in (3, 6, 7, 8, 9)} | {g / 100 for g in _MOODLE_GRADES}
_RESERVED = {"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:"}
_RESERVED_RE = re.compile(r"[\\#=~{}:\n\r]")
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


@dataclass
class GiftBank:
    text: str
    questions: int = 0
    # Cards with no GIFT form, and cards Moodle will read differently: said, not hidden.
    notices: list[str] = field(default_factory=list)


def escape(text: str) -> str:
    """Text as GIFT writes it: the reserved characters escaped, line breaks as ``\\n``."""

    def one(found: re.Match[str]) -> str:
        char = found.group(0)
        return "\\n" if char == "\n" else "" if char == "\r" else _RESERVED[char]

    return _RESERVED_RE.sub(one, text)


# GIFT has no escape for %: an option whose text starts like a weight (%50%) would be
# read as that weight, so such an option is written with its own weight in front.
_LOOKS_WEIGHTED = re.compile(r"%-?[0-9]+(\.[0-9]*)?%")


def single_choice_mark(option: str, right: bool) -> str:
    """``=`` or ``~`` before ``option``, with an explicit weight when its text needs one."""
    if _LOOKS_WEIGHTED.match(option):
        return "=%100%" if right else "~%0%"
    return "=" if right else "~"


def write_gift(deck: Deck) -> GiftBank:
    """The GIFT text of ``deck``'s gradable cards, topic by topic."""
    bank = GiftBank("")
    parts = [f"// {escape(deck.title)}: exported from quizkit (deck {deck.id})\n"]
    done_notes: set[str] = set()
    skipped = 0
    for topic_id in _topic_order(deck):
        cards = [c for c in deck.cards if c.topic == topic_id]
        if topic_id is not None and any(c.gradable for c in cards):
            parts.append(f"\n$CATEGORY: $course$/top/{deck.topic_title(topic_id)}\n")
        for card in cards:
            if not card.gradable:
                skipped += 1 if card.note_id not in done_notes else 0
                done_notes.add(card.note_id)
                continue
            question = _question(card, deck, bank.notices)
            if question is not None:
                parts.append("\n" + question)
                bank.questions += 1
    if skipped:
        bank.notices.insert(0, f"{skipped} basic and reversible cards are self-graded: not in GIFT")
    bank.text = "".join(parts)
    return bank


def _topic_order(deck: Deck) -> Iterator[str | None]:
    # Cards without a topic first: before any $CATEGORY line they go to the bank's default.
    yield None
    yield from (topic.id for topic in deck.topics)


def _question(card: Card, deck: Deck, notices: list[str]) -> str | None:
    header = [f"// [id:{_gift_id(card, deck)}]"] + [f"// [tag:{t}]" for t in card.tags]
    name = f"::{escape(_gift_id(card, deck))}::"
    general = f"####{escape(card.explain)}" if card.explain else ""
    if card.kind == "truefalse":
        body = f"{name}{escape(card.prompt)}{{{card.correct[0].upper()}{general}}}"
    elif card.kind == "typed":
        answers = " ".join("=" + escape(a) for a in card.correct)
        body = f"{name}{escape(card.prompt)}{{{answers}{general}}}"
    elif card.kind == "choice":
        body = _choice(card, name, general, notices)
    else:
        cloze = _cloze(card, name, general)
        if cloze is None:
            notices.append(f"{card.id}: a deletion hidden in two places has no GIFT form: left out")
            return None
        body = cloze
    return "\n".join(header + [body]) + "\n"


def _gift_id(card: Card, deck: Deck) -> str:
    """The note's id; a cloze note's deletions as ``NOTE-c2`` (GIFT ids are one word)."""
    if card.kind == "cloze":
        ordinals = {c.cloze_ordinal for c in deck.cards if c.note_id == card.note_id}
        if len(ordinals) > 1:
            return f"{card.note_id}-c{card.cloze_ordinal}"
    return card.note_id


def _choice(card: Card, name: str, general: str, notices: list[str]) -> str:
    right = set(card.correct)
    if card.multiple:
        wrong = len(card.choices) - len(right)
        for share in (1 / len(right),) + ((1 / wrong,) if wrong else ()):
            if not any(abs(share - f) < 1e-6 for f in _MOODLE_FRACTIONS):
                notices.append(f"{card.id}: Moodle has no weight of {_percent(share)} %")
                break
        marks = {
            c: f"~%{_percent(1 / len(right))}%" if c in right else f"~%-{_percent(1 / wrong)}%"
            for c in card.choices
        }
    else:
        marks = {c: single_choice_mark(c, c in right) for c in card.choices}
    options = "".join(f"\n\t{marks[c]}{escape(c)}" for c in card.choices)
    answers = "{" + options + (f"\n\t{general}" if general else "") + "\n}"
    before, blank, after = card.prompt.partition("_____")
    if (
        blank and after.strip() and "_____" not in after
    ):  # a missing-word question: the options go in the blank
        return f"{name}{escape(before)}{answers}{escape(after)}"
    return f"{name}{escape(card.prompt)}{answers}"


def _cloze(card: Card, name: str, general: str) -> str | None:
    text = card.cloze_text or ""
    asked = [m for m in _CLOZE.finditer(text) if int(m.group(1)) == card.cloze_ordinal]
    if len(asked) != 1:
        return None
    found = asked[0]

    def shown(part: str) -> str:
        return escape(_CLOZE.sub(lambda m: m.group(2), part))

    answers = " ".join("=" + escape(a) for a in card.correct)
    return f"{name}{shown(text[: found.start()])}{{{answers}{general}}}{shown(text[found.end() :])}"


def _percent(fraction: float) -> str:
    value = fraction * 100
    return str(round(value)) if abs(value - round(value)) < 1e-9 else f"{value:.5f}"
