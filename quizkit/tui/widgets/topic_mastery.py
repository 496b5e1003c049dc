"""Mastery per topic, deck by deck: a bar and the average recall probability of each topic."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from quizkit.report.study_stats import DeckStats
from quizkit.tui.literal import literal

BAR = 12
TITLE = 26  # fits a line of 80 columns with the bar and figures


class TopicMastery(Static):
    def show(self, decks: list[DeckStats]) -> None:
        text = Text()
        for deck in decks:
            if text:
                text.append("\n")
            text.append_text(literal(deck.deck.title, style="bold"))
            if not deck.topics:
                text.append("\n  This deck has no topics.", style="dim")
            width = min(TITLE, max((len(t.title) for t in deck.topics), default=0))
            for topic in deck.topics:
                title = topic.title if len(topic.title) <= width else topic.title[: width - 1] + "…"
                text.append("\n  ")
                text.append_text(literal(title.ljust(width)))
                if topic.recall is None:
                    text.append(f" {'·' * BAR}  not studied ({topic.cards} cards)", style="dim")
                    continue
                filled = round(topic.known * BAR)
                text.append(" " + "█" * filled, style="green")
                text.append("░" * (BAR - filled), style="dim")
                text.append(f" {topic.known:4.0%} known", style="bold")
                text.append(
                    f"  {topic.studied}/{topic.cards} seen, recall {topic.recall:.0%}", style="dim"
                )
        self.update(text)
