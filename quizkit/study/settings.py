"""What the learner's config says about studying, in the form the study package takes it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from quizkit.base.study_day import DEFAULT_ROLLOVER_HOUR
from quizkit.deck.model import DeckOptions

DEFAULT_LEECH_THRESHOLD = 8


@dataclass(frozen=True, slots=True)
class StudySettings:
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR
    leech_threshold: int = DEFAULT_LEECH_THRESHOLD
    # [deck.options] overrides: for every deck, and per deck id.
    options: dict[str, Any] = field(default_factory=dict)
    deck_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def options_for(self, deck_id: str, deck_options: DeckOptions) -> DeckOptions:
        """The deck's own options, overridden by the learner's, then by the learner's for this deck."""
        return replace(deck_options, **{**self.options, **self.deck_options.get(deck_id, {})})
