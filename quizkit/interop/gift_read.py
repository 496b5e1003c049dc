"""``quizkit import FILE.gift``: a Moodle GIFT question bank as a quizkit deck.

The file is cut into questions (gift_blocks), each question is read by a
grammar (gift_grammar.lark, with lark), and gift_cards turns each question
into a card as Moodle would have typed it. Syntax errors stop the import and
name every bad question's line; question types quizkit cannot ask are left
out and named in a notice, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from quizkit.deck.problems import Problem
from quizkit.interop import gift_cards
from quizkit.interop.gift_blocks import Block, plain, split_blocks
from quizkit.interop.imported import IdMaker, ImportedDeck, ImportFailed, slug


@dataclass
class Item:
    """One ``=`` or ``~`` answer: its mark, ``%weight%`` (None: none written), text, feedback."""

    mark: str
    weight: float | None
    text: str
    feedback: str


@dataclass
class Question:
    """One GIFT question as written, its text already plain."""

    line: int
    name: str | None
    before: str
    after: str
    lead: str | None = None  # answer text before the first = or ~ (true/false, numerical)
    lead_feedback: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    general: str = ""
    starts_with_hash: bool = False
    empty: bool = True

    @property
    def missing_word(self) -> bool:
        """Text after the answers: Moodle puts a blank (``_____``) where they were."""
        return bool(self.after)

    @property
    def text(self) -> str:
        return f"{self.before}_____{self.after}" if self.missing_word else self.before.rstrip()


@cache
def _parser() -> Lark:
    return Lark.open_from_package("quizkit.interop", "gift_grammar.lark", parser="lalr")


def read_gift(
    text: str, path: Path, deck_id: str, taken: frozenset[str] = frozenset()
) -> ImportedDeck:
    """The deck a GIFT file makes; raises ``ImportFailed`` naming every bad question.

    ``taken``: card ids other decks use, which the new cards must not reuse.
    """
    deck = ImportedDeck(deck_id, path.stem)
    ids = IdMaker(deck_id, taken)
    errors: list[Problem] = []
    topic: str | None = None
    for block in split_blocks(text):
        stray = _category_inside(block)
        if stray:
            message = "a $CATEGORY line stands alone: leave a blank line before it"
            errors.append(Problem(path, stray, 1, "error", message))
            continue
        try:
            tree = _parser().parse(block.text)
        except UnexpectedInput as exc:
            errors.append(_syntax_problem(path, block, exc))
            continue
        node = tree.children[0]
        if node.data == "category":
            topic = _category(deck, str(node.children[0]))
            continue
        if node.data == "description":
            message = "text with no answers (a Moodle description) is not a question: left out"
            deck.notices.append(Problem(path, block.first_line, 1, "warning", message))
            continue
        question = _question(node, block.first_line)
        try:
            card = gift_cards.card_for(question, deck.notices, path)
        except gift_cards.BadQuestion as exc:
            errors.append(Problem(path, question.line, 1, "error", str(exc)))
            continue
        if card is not None:
            card_id = ids.make(block.idnumber, question.name, question.text)
            if block.idnumber in taken:
                message = f"the id {block.idnumber!r} is another deck's: this card is {card_id!r}"
                deck.notices.append(Problem(path, question.line, 1, "warning", message))
            extra = {"topic": topic} if topic else {}
            tags = block.tags
            deck.cards.append({"id": card_id, **extra, **card, **({"tags": tags} if tags else {})})
            deck.lines.append(question.line)
    if errors:
        raise ImportFailed(errors)
    return deck


def _category_inside(block: Block) -> int | None:
    """The file line of a ``$CATEGORY`` line written inside a question, if any."""
    for offset, line in enumerate(block.text.splitlines()[1:], start=1):
        if line.strip().startswith("$CATEGORY:"):
            return block.line + offset
    return None


def _category(deck: ImportedDeck, line: str) -> str | None:
    """``$CATEGORY: $course$/top/Hip/Muscles`` -> the topic ``hip-muscles`` ("Hip/Muscles")."""
    parts = [p.strip() for p in line.strip().removeprefix("$CATEGORY:").split("/")]
    parts = [p for p in parts if p]
    if parts and parts[0].startswith("$") and parts[0].endswith("$"):
        parts = parts[1:]  # the context: $course$, $system$, $module$, ...
    if parts and parts[0] == "top":
        parts = parts[1:]
    title = "/".join(parts)
    topic_id = slug(title)
    if not topic_id:
        return None
    deck.topics.setdefault(topic_id, title)
    return topic_id


def _question(node: Tree, line: int) -> Question:
    name = None
    texts: list[str] = []
    answers: Tree | None = None
    for child in node.children:
        if isinstance(child, Tree):
            answers = child
        elif child.type == "TITLE":
            name = plain(child.strip()[2:-2]) or None
        else:
            texts.append(str(child) if answers is None else "\0" + str(child))
    # One plain() over both sides, the answers' place marked, keeps the spacing around it.
    raw_after = "".join(t[1:] for t in texts if t.startswith("\0"))
    whole = plain("".join(t for t in texts if not t.startswith("\0")) + "\0" + raw_after)
    before, _, after = whole.partition("\0")
    question = Question(line, name, before, after if after.strip() else "")
    if answers is not None:
        _read_answers(question, answers)
    return question


def _read_answers(question: Question, answers: Tree) -> None:
    for child in answers.children:
        if isinstance(child, Token):
            continue
        question.empty = False
        if child.data == "lead":
            question.lead = plain(str(child.children[0]))
            question.empty = not question.lead
        elif child.data == "feedback":
            if question.lead is None and not question.lead_feedback:
                question.starts_with_hash = True
            question.lead_feedback.append(_text_of(child))
        elif child.data == "item":
            question.items.append(_item(child))
        elif child.data == "general":
            question.general = _text_of(child)


def _text_of(node: Tree) -> str:
    return plain("".join(str(t) for t in node.children if t.type == "ATEXT"))


def _item(node: Tree) -> Item:
    mark, weight, text, feedback = "", None, "", ""
    for child in node.children:
        if isinstance(child, Tree):
            feedback = _text_of(child)
        elif child.type == "MARK":
            mark = str(child)
        elif child.type == "WEIGHT":
            weight = float(child.strip("%"))
        else:
            text = plain(str(child))
    return Item(mark, weight, text, feedback)


def _syntax_problem(path: Path, block: Block, exc: UnexpectedInput) -> Problem:
    line = block.line + (exc.line - 1 if exc.line and exc.line > 0 else 0)
    col = exc.column if exc.column and exc.column > 0 else 1
    if block.text.lstrip().startswith("$CATEGORY:"):
        message = "a $CATEGORY line stands alone: leave a blank line after it"
        return Problem(path, line, col, "error", message)
    return Problem(path, line, col, "error", _syntax_message(exc))


def _syntax_message(exc: UnexpectedInput) -> str:
    found = exc.token.type if isinstance(exc, UnexpectedToken) else ""
    if isinstance(exc, UnexpectedEOF) or found == "$END":
        return (
            "the answers opened with { do not close with } before the blank line: "
            "add the }, and keep a question's lines together without blank lines"
        )
    text = exc.char if isinstance(exc, UnexpectedCharacters) else str(exc.token)
    char = text[:1]
    if found == "LBRACE" or char == "{":
        return (
            "a second { in one question: a question has one { } of answers; "
            "write \\{ for a brace in the text, or leave a blank line between two questions"
        )
    if found == "RBRACE" or char == "}":
        return "a } with no { before it: write \\} for a brace in the text"
    if char == "\\":
        return "a lone \\ at the end: write \\\\ for a backslash"
    if found == "HASH":
        return "a second # after an answer's feedback: write \\# for a # in the text"
    if char in "=~" and "GENERAL" in {t.type for t in _seen(exc)}:
        return "the general feedback (####...) goes last, after every answer"
    return f"GIFT cannot read {char!r} here: write \\{char} if it is meant as text"


def _seen(exc: UnexpectedInput) -> list[Token]:
    """The tokens on the parser's stack when it stopped (empty where lark kept none)."""
    parser = getattr(exc, "interactive_parser", None)
    stack = parser.parser_state.value_stack if parser is not None else []
    return [item for item in stack if isinstance(item, Token)]
