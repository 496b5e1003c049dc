"""One card, drawn: what is asked, its options or answer box, and after the answer, the verdict.

A screen hands it the shown card and whether the answer is revealed; the widget
draws every card type the same way wherever it is used (study, and exams later).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from quizkit.deck.model import Card
from quizkit.study.grading import Verdict
from quizkit.study.shown import Shown
from quizkit.tui import render
from quizkit.tui.literal import literal
from quizkit.tui.widgets.choice_list import ChoiceList

_KIND_LABEL = {
    "basic": "Question",
    "reversible": "Question",
    "cloze": "Fill the gap",
    "choice": "Choose one",
    "truefalse": "True or false?",
    "typed": "Type the answer",
}


def kind_label(card: Card) -> Text:
    """What kind of answer is asked for; a reversible card says which side is asked."""
    if card.kind == "choice" and card.multiple:
        return Text("Choose every right answer", style="dim")
    if card.kind == "reversible":
        sides = card.sides
        if sides:
            return Text.assemble(
                literal(sides[0], "bold"), (" → ", "dim"), literal(sides[1], "dim")
            )
        reverse = card.id.endswith("/reverse")
        return Text("Reversed: back → front" if reverse else "Question: front → back", style="dim")
    return Text(_KIND_LABEL[card.kind], style="dim")


class CardFace(VerticalScroll):
    """Draws one card. ``load`` when a new card is shown, ``draw`` after every change."""

    def __init__(self, **kwargs) -> None:
        super().__init__(can_focus=False, **kwargs)

    def compose(self) -> ComposeResult:
        yield Static(id="kind", classes="kind")
        yield Static(id="prompt")
        yield ChoiceList(id="choices")
        yield Input(id="typed", placeholder="Type your answer, then Enter")
        yield Static(id="result")
        yield Static(id="answer")
        yield Static(id="explain")

    def load(self, shown: Shown | None) -> Input | None:
        """A new card (or none): reset the options and the answer box; returns the box to
        focus when the card asks for typing."""
        self.query_one(ChoiceList).load(
            shown.card if shown else None, shown.choices if shown else None
        )
        typed = self.query_one("#typed", Input)
        typed.value = ""
        typed.display = shown is not None and shown.card.kind == "typed"
        typed.disabled = not typed.display
        self.scroll_home(animate=False)
        return typed if typed.display else None

    def draw(self, shown: Shown, *, revealed: bool, verdict: Verdict | None) -> None:
        card = shown.card
        kind = self.query_one("#kind", Static)
        kind.display = True
        label = kind_label(card)
        if shown.practice:
            label = Text.assemble(label, ("   practice: the schedule is not changed", "dim"))
        kind.update(label)
        self.query_one("#prompt", Static).update(render.prompt_text(card, revealed))
        self._draw_result(card, verdict)
        answer = self.query_one("#answer", Static)
        # A cloze is revealed in place; a choice shows its marks in the list; a typed
        # card shows the correct answer in its result.
        answer.display = revealed and card.kind not in ("cloze", "choice", "typed")
        if answer.display:
            shown_answer = card.answer
            if card.kind == "truefalse":
                shown_answer = f"The statement is {card.answer.lower()}."
            answer.update(literal(shown_answer, "bold"))
        explain = self.query_one("#explain", Static)
        explain.display = revealed and bool(card.explain)
        if explain.display:
            explain.update(literal(card.explain or "", "italic"))

    def _draw_result(self, card: Card, verdict: Verdict | None) -> None:
        result = self.query_one("#result", Static)
        result.display = verdict is not None
        if verdict is None:
            return
        line = render.verdict_line(verdict)
        if card.kind == "typed":
            line = Text.assemble(line, "\n", render.typed_comparison(verdict, card))
        elif card.kind == "truefalse":
            line = Text.assemble(line, f"  You said {verdict.response}.")
        result.update(line)

    def draw_message(self, text: Text) -> None:
        """No card: a message (the session summary, the nothing-due screen) in its place."""
        self.query_one("#kind", Static).display = False
        self.query_one("#prompt", Static).update(text)
        for name in ("#result", "#answer", "#explain"):
            self.query_one(name).display = False

    def bring_answer_into_view(self) -> None:
        """After a reveal or a check, scroll a long card so its answer shows."""
        for name in ("#answer", "#result", "#explain"):
            widget = self.query_one(name)
            if widget.display:
                self.call_after_refresh(widget.scroll_visible, animate=False)
                return
