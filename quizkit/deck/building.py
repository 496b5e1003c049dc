"""Building study cards from checked ``[[cards]]`` tables: one note, one or more cards."""

from __future__ import annotations

import difflib
import hashlib
import json
from functools import partial
from typing import Any

from quizkit.deck import format as fmt
from quizkit.deck.answers import (
    Deletion,
    cloze_answer,
    cloze_deletions,
    cloze_prompt,
    normalise_answer,
    stray_cloze_markup,
)
from quizkit.deck.checking import TableChecker
from quizkit.deck.messages import card_key_hint, missing_message, short, suggest, unknown_topic
from quizkit.deck.model import Card


def derived_note_id(kind: str, values: dict[str, Any]) -> str:
    """The id of a card written without one, derived from its type and main text.

    ``quizkit lint --fix-ids`` writes this same id into the file, so progress
    recorded before the fix is kept.
    """
    main = next((values[k] for k in ("front", "text", "question", "statement") if k in values), "")
    digest = hashlib.sha256(f"{kind}\0{main}".encode()).hexdigest()[:10]
    return f"{kind}-{digest}"


class CardChecker(TableChecker):
    def check_cards(
        self,
        entries: list[dict[str, Any]],
        deck_id: str,
        topic_ids: set[str],
        typo_tolerance: bool = True,
    ) -> list[Card]:
        cards: list[Card] = []
        first: dict[str, Card] = {}
        for index, entry in enumerate(entries):
            where = ("cards", index)
            note = self.check_card(entry, where, deck_id, topic_ids, typo_tolerance)
            if not note:
                continue
            # Ids of one note's cards share its note id, and "/" cannot appear in
            # an id, so comparing note ids covers every card id.
            other = first.get(note[0].note_id)
            if other is not None:
                self.report_duplicate(note[0], other, where)
                continue
            first[note[0].note_id] = note[0]
            cards.extend(note)
        return cards

    def report_duplicate(self, card: Card, other: Card, where: tuple) -> None:
        if card.id_generated and other.id_generated:
            message = (
                f"this card has the same text as the card on line {other.line}, so both get "
                f'the id "{card.note_id}": give one of them an "id"'
            )
        else:
            message = (
                f'card id "{card.note_id}" is already used on line {other.line}: '
                "give this card another id"
            )
        self.report(where + ("id",), message)

    def check_card(
        self,
        entry: dict[str, Any],
        where: tuple,
        deck_id: str,
        topic_ids: set[str],
        typo_tolerance: bool = True,
    ) -> list[Card]:
        kind = entry.get("type")
        if not (isinstance(kind, str) and kind in fmt.CARD_TYPE_FIELDS):
            # The type is missing or wrong: report that, and still check the
            # other keys against every card key so all typos show at once.
            if kind is None:
                self.report(where, missing_message(fmt.CARD_COMMON["type"], "[[cards]]"))
            else:
                self.check_value(
                    kind, fmt.CARD_COMMON["type"], where + ("type",), "type in [[cards]]"
                )
            for key in entry:
                if key not in fmt.ALL_CARD_KEYS:
                    self.report(
                        where + (key,),
                        f'unknown key "{short(key)}" in [[cards]]{suggest(key, fmt.ALL_CARD_KEYS)}',
                        at_key=True,
                    )
            return []
        label = f'[[cards]] of type "{kind}"'
        before = len(self.problems)
        values = self.check_table(entry, _CARD_FIELDS[kind], where, label, _CARD_KEY_HINTS[kind])
        topic = values.get("topic")
        if topic is not None and topic not in topic_ids:
            self.report(where + ("topic",), unknown_topic(topic, topic_ids))
        broken = any(p.severity == "error" for p in self.problems[before:])
        fields = _CARD_FIELDS[kind]
        # A key written wrong, or missing, would only be reported again by building.
        written_ok = all(key in values for key in entry if key in fields)
        if broken and not (
            written_ok and all(k in values for k, f in fields.items() if f.required)
        ):
            return []
        values.setdefault("typo_tolerance", typo_tolerance)
        # Built even when the card has errors, so that what building checks
        # (an answer among the choices, cloze deletions) shows in the same run.
        cards = self.build_cards(kind, values, where, deck_id)
        return [] if broken else cards

    def build_cards(self, kind: str, v: dict[str, Any], where: tuple, deck_id: str) -> list[Card]:
        line = self.locate(where)[0]
        note_id = v.get("id")
        generated = note_id is None
        if generated:
            note_id = derived_note_id(kind, v)
        common = {
            "note_id": note_id,
            "deck_id": deck_id,
            "line": line,
            "topic": v.get("topic"),
            "tags": v.get("tags", ()),
            "explain": v.get("explain"),
            "id_generated": generated,
            "group": v.get("group"),
            "typo_tolerance": v["typo_tolerance"],
        }
        before = len(self.problems)
        if kind in ("basic", "reversible"):
            sides = v.get("sides")
            cards = [_card(note_id, kind, v["front"], v["back"], sides=sides, **common)]
            if kind == "reversible":
                back_sides = (sides[1], sides[0]) if sides else None
                cards.append(
                    _card(
                        f"{note_id}/reverse",
                        kind,
                        v["back"],
                        v["front"],
                        sides=back_sides,
                        **common,
                    )
                )
        elif kind == "cloze":
            cards = self.build_cloze(v["text"], where, common, v.get("accept", {}))
        elif kind == "choice":
            cards = self.build_choice(v, where, common)
        elif kind == "truefalse":
            truth = "true" if v["answer"] else "false"
            cards = [
                _card(note_id, kind, v["statement"], truth.capitalize(), correct=(truth,), **common)
            ]
        elif kind == "typed":
            accepted = (v["answer"], *v.get("accept", ()))
            for key, answer in zip(["answer"] + ["accept"] * (len(accepted) - 1), accepted):
                self.check_matchable(answer, where + (key,), key)
            cards = [_card(note_id, kind, v["question"], v["answer"], correct=accepted, **common)]
        else:  # pragma: no cover - CARD_TYPE_FIELDS and this function disagree
            raise AssertionError(kind)
        if len(self.problems) > before:
            return []
        if generated:
            self.report(
                where,
                f'card has no "id": it gets "{note_id}" from its text, so editing the text will '
                "reset its progress; run `quizkit lint --fix-ids` to write stable ids",
                "warning",
            )
        return cards

    def check_matchable(self, answer: str, where: tuple, key: str) -> None:
        if not normalise_answer(answer):
            self.report(
                where,
                f'{key} "{short(answer)}" has no letters or digits, '
                "so no typed answer can match it: write the answer in words",
            )

    def build_cloze(
        self,
        text: str,
        where: tuple,
        common: dict[str, Any],
        alternatives: dict[int, tuple[str, ...]],
    ) -> list[Card]:
        deletions = cloze_deletions(text)
        problem = _deletions_problem(text, deletions)
        if problem:
            self.report(where + ("text",), problem)
            return []
        ordinals = sorted({d.ordinal for d in deletions})
        self.check_alternatives(alternatives, ordinals, where)
        cards = []
        filled = cloze_answer(text, 0)  # the same for every deletion number
        for n in ordinals:
            written = tuple(d.answer for d in deletions if d.ordinal == n)
            accepted = written + tuple(a for a in alternatives.get(n, ()) if a not in written)
            cards.append(
                _card(
                    f"{common['note_id']}/c{n}",
                    "cloze",
                    cloze_prompt(text, n),
                    filled,
                    correct=accepted,
                    cloze_text=text,
                    cloze_ordinal=n,
                    **common,
                )
            )
        return cards

    def check_alternatives(
        self, alternatives: dict[int, tuple[str, ...]], ordinals: list[int], where: tuple
    ) -> None:
        for n, answers in alternatives.items():
            if n not in ordinals:
                self.report(
                    where + ("accept", f"c{n}"),
                    f"accept has answers for c{n}, but the text has no deletion c{n}"
                    f"{suggest(f'c{n}', [f'c{o}' for o in ordinals], 'deletions')}",
                )
            for answer in answers:
                self.check_matchable(answer, where + ("accept", f"c{n}"), f"accept.c{n}")

    def build_choice(self, v: dict[str, Any], where: tuple, common: dict[str, Any]) -> list[Card]:
        choices: tuple[str, ...] = v["choices"]
        if "answer" in v and "answers" in v:
            self.report(
                where + ("answers",),
                'give either "answer" (one correct option) or '
                '"answers" (several), not both: remove one',
            )
            return []
        if "answer" not in v and "answers" not in v:
            self.report(
                where,
                'choice card is missing "answer": add answer = "..." (one of the '
                'choices), or answers = ["...", "..."] for several correct options',
            )
            return []
        correct = (v["answer"],) if "answer" in v else tuple(v.get("answers", ()))
        key = "answer" if "answer" in v else "answers"
        for option in correct:
            if option not in choices:
                close = difflib.get_close_matches(option, choices, n=1)
                hint = (
                    f': did you mean "{close[0]}"?' if close else ": copy it exactly from choices"
                )
                self.report(
                    where + (key,), f'{key} "{short(option)}" is not among the choices{hint}'
                )
        return [
            _card(
                common["note_id"],
                "choice",
                v["question"],
                "; ".join(correct),
                choices=choices,
                correct=correct,
                multiple="answers" in v,
                shuffle=v.get("shuffle", True),
                **common,
            )
        ]


_CARD_FIELDS = {
    kind: {**fmt.CARD_COMMON, **fields} for kind, fields in fmt.CARD_TYPE_FIELDS.items()
}
_CARD_KEY_HINTS = {kind: partial(card_key_hint, kind=kind) for kind in fmt.CARD_TYPE_FIELDS}
# json.dumps builds a new encoder per call when given options; one does for all cards.
_CONTENT_JSON = json.JSONEncoder(ensure_ascii=False).encode


def _deletions_problem(text: str, deletions: list[Deletion]) -> str | None:
    """What is wrong with a cloze text's deletions, or None."""
    stray = stray_cloze_markup(text, deletions)
    if stray is not None:
        return (
            f'text has "{short(stray)}", which is not a cloze deletion: '
            "write {{c1::answer}} or {{c1::answer::hint}}"
        )
    if not deletions:
        return "cloze text has no deletions: mark the hidden part as {{c1::answer}}"
    for deletion in deletions:
        written = short(text[deletion.start : deletion.end])
        if deletion.ordinal < 1:
            return f'cloze deletion c{deletion.ordinal} in "{written}": numbers start at c1'
        if not deletion.answer.strip():
            return (
                f'cloze deletion "{written}" is empty: write the hidden answer between "::" '
                'and "}}"'
            )
    return None


# Format 1.1 keys that change how a card is shown or marked. They enter the
# content hash only when set to something other than their default, so a
# format 1 deck keeps its hashes (a changed hash marks the card as edited).
_HASHED_DEFAULTS: dict[str, Any] = {"shuffle": True, "typo_tolerance": True, "sides": None}


def _card(card_id: str, kind: str, prompt: str, answer: str, **rest: Any) -> Card:
    hashed: list[Any] = [kind, prompt, answer, rest.get("choices", ()), rest.get("correct", ())]
    extras = {k: rest[k] for k, d in _HASHED_DEFAULTS.items() if rest.get(k, d) != d}
    if extras:
        hashed.append(extras)
    content = _CONTENT_JSON(hashed)
    digest = hashlib.sha256(content.encode()).hexdigest()[:16]
    return Card(id=card_id, kind=kind, prompt=prompt, answer=answer, content_hash=digest, **rest)  # type: ignore[arg-type]
