"""A virtual table of cards: only the rows on screen are read and drawn, so 100,000 cards cost
no more than twenty.

The cards come from the deck (their text and topic); their schedule and marks
are read from the progress file a screenful at a time, through ``load_rows``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from quizkit.deck.model import Card, Deck
from quizkit.progress.browse import BrowseRow
from quizkit.progress.card_state import Phase
from quizkit.tui.literal import literal

# (heading, width); the card's text takes what is left.
COLUMNS = (("Topic", 16), ("State", 8), ("Due", 11), ("Marks", 5))
PHASE_NAMES = {
    Phase.NEW: "new",
    Phase.LEARNING: "learning",
    Phase.REVIEW: "review",
    Phase.RELEARNING: "relearn",
}


def marks_text(row: BrowseRow, now: datetime) -> Text:
    """S suspended, B buried, F flagged, L leech: one letter each, in a fixed place."""
    text = Text()
    buried = row.buried_until is not None and row.buried_until > now
    for on, letter, style in (
        (row.suspended, "S", "bold yellow"),
        (buried, "B", "bold blue"),
        (row.flagged, "F", "bold magenta"),
        (row.leech, "L", "bold red"),
    ):
        text.append(letter if on else "·", style=style if on else "dim")
    return text


def due_text(row: BrowseRow, now: datetime, zone: tzinfo) -> Text:
    due = row.state.due
    if row.state.phase == Phase.NEW or due is None:
        return Text("—", style="dim")
    if due <= now:
        return Text("now", style="bold")
    local = due.astimezone(zone)
    if local.date() == now.astimezone(zone).date():
        return Text(local.strftime("today %H:%M"))
    return Text(local.strftime("%Y-%m-%d"))


class CardTable(ScrollView, can_focus=True):
    """The browser's cards; Enter opens the highlighted one."""

    BINDINGS = [
        Binding("up", "move(-1)", "Previous card", show=False),
        Binding("down", "move(1)", "Next card", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First card", show=False),
        Binding("end", "jump(-1)", "Last card", show=False),
        Binding("enter", "open", "History"),
    ]
    DEFAULT_CSS = """
    CardTable { height: 1fr; overflow-x: hidden; }
    CardTable > .card-table--cursor { background: $block-cursor-blurred-background; }
    CardTable:focus > .card-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """
    COMPONENT_CLASSES = {"card-table--cursor"}

    cursor = reactive(0)

    class Opened(Message):
        def __init__(self, card: Card) -> None:
            super().__init__()
            self.card = card

    def __init__(
        self,
        load_rows: Callable[[list[str]], dict[str, BrowseRow]],
        decks: list[Deck],
        clock,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self._load_rows = load_rows
        self._clock = clock
        self._topics = {(d.id, t.id): t.title for d in decks for t in d.topics}
        self.cards: list[Card] = []
        self._rows: dict[str, BrowseRow] = {}

    # -- contents -----------------------------------------------------------------
    def show(self, cards: list[Card]) -> None:
        """Show ``cards`` (the highlighted card stays highlighted if it is still listed)."""
        current = self.current_card()
        self.cards = cards
        self._rows = {}
        self.virtual_size = Size(self.scrollable_content_region.width, len(cards) + 1)
        index = next((i for i, c in enumerate(cards) if c is current), 0) if current else 0
        self.cursor = min(index, max(0, len(cards) - 1))
        self._keep_cursor_visible()
        self.refresh()

    def reload_rows(self) -> None:
        """The file changed under the rows shown (an action): read them again."""
        self._rows = {}
        self.refresh()

    def current_card(self) -> Card | None:
        return self.cards[self.cursor] if 0 <= self.cursor < len(self.cards) else None

    def row(self, card: Card) -> BrowseRow | None:
        if card.id not in self._rows:
            self._read_visible()
        return self._rows.get(card.id)

    def _read_visible(self) -> None:
        top = int(self.scroll_offset.y)
        shown = self.cards[top : top + self._page()]
        wanted = [c.id for c in shown if c.id not in self._rows]
        if self.current_card() is not None:
            wanted.append(self.cards[self.cursor].id)
        if wanted:
            self._rows.update(self._load_rows(wanted))

    # -- drawing --------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        # Line 0 is the heading, which stays put; the cards scroll under it.
        index = int(self.scroll_offset.y) + y - 1
        width = self.scrollable_content_region.width
        style = self.rich_style
        if y == 0:
            text = self.heading(width)
            style = style + Style(bold=True, underline=True)
        elif index >= len(self.cards):
            return Strip.blank(width, self.rich_style)
        else:
            text = self.line_text(self.cards[index], width)
        if y > 0 and index == self.cursor:
            style = style + self.get_component_rich_style("card-table--cursor")
        segments = [
            Segment(part.text, style + part.style if part.style else style)
            for part in text.render(self.app.console)
        ]
        return Strip(segments, width).adjust_cell_length(width, style)

    def line_text(self, card: Card, width: int) -> Text:
        """One card as one line: its text, topic, state, due and marks in fixed columns."""
        fixed = sum(w + 1 for _, w in COLUMNS)
        text_width = max(8, width - fixed - 1)
        row = self.row(card)
        now = self._clock.now()
        parts = [
            _cell(literal(" ".join(card.prompt.split())), text_width),
            _cell(literal(self._topics.get((card.deck_id, card.topic), card.topic or "")), 16),
        ]
        if row is None:
            parts += [_cell(Text("?"), w) for _, w in COLUMNS[1:]]
        else:
            parts += [
                _cell(Text(PHASE_NAMES[row.state.phase]), 8),
                _cell(due_text(row, now, self._clock.local_zone()), 11),
                _cell(marks_text(row, now), 5),
            ]
        line = Text(" ")
        for part in parts:
            line.append_text(part)
            line.append(" ")
        return line

    def heading(self, width: int) -> Text:
        fixed = sum(w + 1 for _, w in COLUMNS)
        line = Text(" ")
        line.append_text(_cell(Text("Card"), max(8, width - fixed - 1)))
        for name, column_width in COLUMNS:
            line.append(" ")
            line.append_text(_cell(Text(name), column_width))
        return line

    # -- keys -----------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._keep_cursor_visible()
        self.refresh()

    def _page(self) -> int:
        """How many cards fit under the heading."""
        return max(1, self.scrollable_content_region.height - 1)

    def _keep_cursor_visible(self) -> None:
        height = self._page()
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_move(self, delta: int) -> None:
        if self.cards:
            self.cursor = min(max(0, self.cursor + delta), len(self.cards) - 1)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * self._page())

    def action_jump(self, where: int) -> None:
        if self.cards:
            self.cursor = len(self.cards) - 1 if where < 0 else 0

    def action_open(self) -> None:
        card = self.current_card()
        if card is not None:
            self.post_message(self.Opened(card))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y) + event.y - 1
        if event.y > 0 and 0 <= index < len(self.cards):
            if index == self.cursor and event.chain > 1:
                self.action_open()
            self.cursor = index

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.cards) + 1)


def _cell(text: Text, width: int) -> Text:
    text = text.copy()
    text.truncate(width, overflow="ellipsis", pad=True)
    return text
