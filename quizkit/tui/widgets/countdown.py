"""The time left in a timed attempt, redrawn a few times a second from the attempt's deadline.

It reads the injected clock and the deadline stored with the attempt, never a
counter of its own, so a resumed attempt shows the time really left. Drawing
it is one short string: it never holds up a key.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from quizkit.base.clock import Clock
from quizkit.exam.attempts import time_text

# Under this, the countdown turns red.
_WARNING = timedelta(minutes=1)


class Countdown(Static):
    """``⏱ 12:05 left``; posts ``TimeUp`` once when the deadline passes."""

    class TimeUp(Message):
        """The attempt's deadline has passed."""

    def __init__(self, clock: Clock, deadline: datetime | None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.clock = clock
        self.deadline = deadline
        self._announced = False

    def on_mount(self) -> None:
        self.display = self.deadline is not None
        if self.deadline is not None:
            self.tick()
            self.set_interval(0.25, self.tick)

    def tick(self) -> None:
        """Redraw from the clock; announce the time-out once."""
        if self.deadline is None:
            return
        left = self.deadline - self.clock.now()
        style = "bold red" if left <= _WARNING else "bold"
        self.update(Text.assemble(("⏱ ", style), (time_text(left), style), (" left", "dim")))
        if left <= timedelta(0) and not self._announced:
            self._announced = True
            self.post_message(self.TimeUp())
