"""A calendar heatmap of reviews: a column per week, a row per weekday, a shade per day."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.widget import Widget

WEEKS = 53
LABEL = 4  # "Mon " before the cells
# Empty, then four shades from a few reviews to the busiest days.
SHADES = ("#3a3a3a", "#0e4429", "#006d32", "#26a641", "#39d353")
_ROW_LABELS = {0: "Mon", 2: "Wed", 4: "Fri", 6: "Sun"}


class ReviewHeatmap(Widget):
    """Reviews per study day over the past year; each cell one character, two where there is room."""

    DEFAULT_CSS = """
    ReviewHeatmap { height: 10; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._counts: dict[date, int] = {}
        self._today: date | None = None

    def show(self, counts: dict[date, int], today: date) -> None:
        self._counts, self._today = counts, today
        self.refresh()

    def render(self) -> Text:
        if self._today is None:
            return Text("Counting reviews…", style="dim")
        cell = 2 if self.size.width >= LABEL + WEEKS * 2 else 1
        weeks = min(WEEKS, max(1, (self.size.width - LABEL) // cell))
        # The last column is the week holding today; columns start on Mondays.
        first = self._today - timedelta(days=self._today.weekday(), weeks=weeks - 1)
        levels = _levels([n for n in self._counts.values() if n])
        text = Text(" " * LABEL + _month_row(first, weeks, cell) + "\n", style="dim")
        for weekday in range(7):
            text.append(f"{_ROW_LABELS.get(weekday, ''):<{LABEL}}", style="dim")
            for week in range(weeks):
                day = first + timedelta(weeks=week, days=weekday)
                if day > self._today:
                    text.append(" " * cell)
                    continue
                shade = SHADES[_level(self._counts.get(day, 0), levels)]
                text.append("■".ljust(cell), style=shade)
            text.append("\n")
        text.append(" " * LABEL + "less ", style="dim")
        for shade in SHADES:
            text.append("■ ", style=shade)
        text.append("more", style="dim")
        return text


def _month_row(first: date, weeks: int, cell: int) -> str:
    """Month names above the first week that starts in them."""
    row = [" "] * (weeks * cell)
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        if monday.day <= 7:
            name = monday.strftime("%b")
            start = week * cell
            if start + len(name) <= len(row) and all(
                c == " " for c in row[max(0, start - 1) : start + len(name)]
            ):
                row[start : start + len(name)] = name
    return "".join(row)


def _levels(counts: list[int]) -> tuple[int, int, int]:
    """The counts that start shades 2, 3 and 4: quartiles of the days with reviews."""
    if not counts:
        return (1, 1, 1)
    ordered = sorted(counts)
    return tuple(ordered[len(ordered) * k // 4] for k in (1, 2, 3))  # type: ignore[return-value]


def _level(count: int, levels: tuple[int, int, int]) -> int:
    if count == 0:
        return 0
    return 1 + sum(count >= level for level in levels)
