"""Checking ``[[exams]]`` and their blueprints (``[[exams.draw]]``) against the deck's cards."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from quizkit.deck import format as fmt
from quizkit.deck.answers import cloze_deletions
from quizkit.deck.checking import TableChecker
from quizkit.deck.messages import plural, unknown_topic
from quizkit.deck.model import GRADABLE_KINDS, Card, Draw, Exam, Topic


def exam_content_hash(
    table: dict[str, Any], draws: list[Draw], questions: int, cards: list[Card]
) -> str:
    """sha256 of an exam's own table and draws, and of every card it can draw.

    A card it can draw: a gradable card of a drawn topic, or of any topic when
    the draws leave questions to fill. Its id, group and content hash count.
    """
    topics = {d.topic for d in draws}
    anywhere = sum(d.count for d in draws) < questions
    drawable = sorted(
        (card.id, card.group or "", card.content_hash)
        for card in cards
        if card.gradable and (anywhere or card.topic in topics)
    )
    definition = json.dumps([table, drawable], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(definition.encode()).hexdigest()


@dataclass
class Pool:
    """What exams can draw from one topic (or the whole deck), counted as the file is written.

    ``cards``: gradable cards, broken or not (a cloze note counts one per
    deletion number). ``facts``: what can actually be drawn, one per group
    and per note without a group, since an exam asks at most one of each.
    """

    cards: int = 0
    facts: set[tuple[str, str | int]] = field(default_factory=set)

    def describe(self) -> str:
        kinds = "(choice, truefalse, typed, cloze)"
        if len(self.facts) == self.cards:
            return f"only {plural(self.cards, 'gradable card')} {kinds}"
        return (
            f"{plural(self.cards, 'gradable card')} {kinds} but only "
            f"{plural(len(self.facts), 'fact')} to draw, since an exam asks one card per group "
            "and per cloze note"
        )


def written_pools(entries: list[Any]) -> tuple[Pool, dict[str | None, Pool]]:
    """The deck's pool and each topic's, read from the ``[[cards]]`` tables as written."""
    whole: Pool = Pool()
    by_topic: dict[str | None, Pool] = {}
    for index, entry in enumerate(entries):
        kind = entry.get("type") if isinstance(entry, dict) else None
        if not isinstance(kind, str) or kind not in GRADABLE_KINDS:
            continue
        cards = _cards_written(entry)
        group = entry.get("group")
        fact = ("g", group) if isinstance(group, str) and group else ("n", index)
        topic = entry.get("topic") if isinstance(entry.get("topic"), str) else None
        for pool in (whole, by_topic.setdefault(topic, Pool())):
            pool.cards += cards
            pool.facts.add(fact)
    return whole, by_topic


def _cards_written(entry: dict[str, Any]) -> int:
    text = entry.get("text")
    if entry.get("type") == "cloze" and isinstance(text, str):
        return max(1, len({d.ordinal for d in cloze_deletions(text)}))
    return 1


class ExamChecker(TableChecker):
    """The ``[[exams]]`` checks of a deck: tables, blueprints, and what can be drawn."""

    def check_exams(
        self,
        entries: list[dict[str, Any]],
        deck_id: str,
        topics: list[Topic],
        cards: list[Card],
        written: list[Any] = (),  # type: ignore[assignment]
    ) -> list[Exam]:
        """Every valid exam; ``written``: the deck's ``[[cards]]`` tables, to count pools."""
        whole, by_topic = written_pools(list(written))
        self.check_groups(list(written))
        topic_ids = {t.id for t in topics}
        exams: list[Exam] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            where = ("exams", index)
            values = self.check_table(entry, fmt.EXAM, where, "[[exams]]")
            before = len(self.problems)
            draws = self.check_draws(values.get("draw", []), where, topic_ids, by_topic)
            draws_ok = len(self.problems) == before
            if any(name not in values for name in ("id", "title", "questions", "pass_mark")):
                continue
            if values["id"] in seen:
                first = self.locate(("exams", seen[values["id"]], "id"))[0]
                self.report(
                    where + ("id",),
                    f'exam id "{values["id"]}" is already used on line '
                    f"{first}: give this exam another id",
                )
                continue
            seen[values["id"]] = index
            self.check_questions(values["questions"], draws, draws_ok, whole, where)
            exams.append(
                _exam(
                    values,
                    deck_id,
                    draws,
                    exam_content_hash(entry, draws, values["questions"], cards),
                )
            )
        return exams

    def check_questions(
        self, questions: int, draws: list[Draw], draws_ok: bool, whole: Pool, where: tuple
    ) -> None:
        drawn = sum(d.count for d in draws)
        # A blueprint may cover only part of the exam: the rest is drawn
        # from any topic. It may not ask for more than the exam holds.
        if draws and draws_ok and drawn > questions:
            self.report(
                where + ("questions",),
                f"questions is {questions} but the draws add up to {drawn}: raise questions "
                "or lower the draws",
            )
        elif questions > len(whole.facts):
            self.report(
                where + ("questions",),
                f"the exam asks {plural(questions, 'question')} "
                f"but the deck has {whole.describe()}: lower questions or add cards",
            )

    def check_draws(
        self,
        entries: list[dict[str, Any]],
        where: tuple,
        topic_ids: set[str],
        by_topic: dict[str | None, Pool],
    ) -> list[Draw]:
        draws: list[Draw] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            d_where = where + ("draw", index)
            d = self.check_table(entry, fmt.DRAW, d_where, "[[exams.draw]]")
            if "topic" not in d or "count" not in d:
                continue
            topic, count = d["topic"], d["count"]
            if topic not in topic_ids:
                self.report(d_where + ("topic",), unknown_topic(topic, topic_ids))
                continue
            if topic in seen:
                first = self.locate(where + ("draw", seen[topic], "topic"))[0]
                self.report(
                    d_where + ("topic",),
                    f'topic "{topic}" is already drawn on line '
                    f"{first}: merge the two draws into one",
                )
                continue
            seen[topic] = index
            pool = by_topic.get(topic, Pool())
            if count > len(pool.facts):
                self.report(
                    d_where + ("count",),
                    f'the exam draws {plural(count, "question")} from topic "{topic}", which has '
                    f"{pool.describe()}: lower count or add cards to the topic",
                )
            draws.append(Draw(topic, count))
        return draws

    def check_groups(self, written: list[Any]) -> None:
        """Warn about a group spread over topics: a blueprint counts it in each, draws it once."""
        topics: dict[str, dict[str, int]] = {}
        for index, entry in enumerate(written):
            if not isinstance(entry, dict):
                continue
            group, topic = entry.get("group"), entry.get("topic")
            if isinstance(group, str) and isinstance(topic, str):
                topics.setdefault(group, {}).setdefault(topic, index)
        for group, seen in topics.items():
            if len(seen) > 1:
                first, *others = seen
                index = seen[others[0]]
                self.report(
                    ("cards", index, "topic"),
                    f'the cards of group "{group}" are in topics {", ".join(seen)}: an exam '
                    f'draws one card of a group, so put them all in one topic ("{first}")',
                    "warning",
                )


def _exam(values: dict[str, Any], deck_id: str, draws: list[Draw], content_hash: str) -> Exam:
    return Exam(
        id=values["id"],
        deck_id=deck_id,
        title=values["title"],
        questions=values["questions"],
        pass_mark=float(values["pass_mark"]),
        time_limit=values.get("time_limit"),
        attempts=values.get("attempts", 0),
        grading=values.get("grading", "highest"),
        draws=tuple(draws),
        description=values.get("description"),
        shuffle_questions=values.get("shuffle_questions", True),
        shuffle_choices=values.get("shuffle_choices", True),
        delay_between_attempts=values.get("delay_between_attempts"),
        review=values.get("review", "after_submit"),
        content_hash=content_hash,
    )
