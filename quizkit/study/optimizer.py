"""Fitting FSRS parameters to the learner's own review log (``quizkit optimize``).

The fitting itself is ``fsrs``'s ``Optimizer``, which needs PyTorch: it is the
optional extra ``quizkit[optimizer]`` (fsrs is MIT-licensed; PyTorch, NumPy and
pandas are BSD-licensed; tqdm is MPL-2.0 and MIT), so the base install stays small.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from quizkit.progress.store import ProgressStore

# fsrs's Optimizer quietly returns the defaults below this many qualifying
# reviews; quizkit says so instead.
MIN_QUALIFYING_REVIEWS = 512
# fsrs uses at most the first 64 reviews of each card.
_MAX_SEQUENCE = 64


class OptimizerUnavailable(RuntimeError):
    """The optional optimiser extra is not installed."""


class NotEnoughHistory(ValueError):
    def __init__(self, qualifying: int) -> None:
        self.qualifying = qualifying
        super().__init__(
            f"not enough review history yet: {qualifying} qualifying reviews (reviews on a later day "
            f"than the card's previous one); optimisation needs at least {MIN_QUALIFYING_REVIEWS}. "
            "Keep studying with the default parameters, which already work well."
        )


@dataclass(frozen=True, slots=True)
class Optimized:
    deck_id: str
    old: tuple[float, ...]
    new: tuple[float, ...]
    reviews_used: int


def qualifying_reviews(reviews: Iterable[tuple[str, datetime]]) -> int:
    """How many reviews the optimiser learns from: a later day than the card's previous review."""
    by_card: dict[str, list[datetime]] = defaultdict(list)
    for card_id, moment in reviews:
        by_card[card_id].append(moment)
    count = 0
    for moments in by_card.values():
        moments = sorted(moments)[:_MAX_SEQUENCE]
        count += sum((b - a).days > 0 for a, b in pairwise(moments))
    return count


def _fsrs_optimizer(review_logs: list) -> list[float]:
    try:
        import torch  # noqa: F401  (fsrs hides the missing extra until first use)
        from fsrs import Optimizer
    except ImportError as exc:
        raise OptimizerUnavailable(
            'the optimiser is an optional extra: install it with pip install "quizkit[optimizer]"'
        ) from exc
    return Optimizer(review_logs).compute_optimal_parameters()


def optimize_deck(
    store: ProgressStore,
    deck_id: str,
    now: datetime,
    fit: Callable[[list], list[float]] = _fsrs_optimizer,
) -> Optimized:
    """Fit and store personal FSRS parameters for ``deck_id``; raise ``NotEnoughHistory`` when too few reviews."""
    import fsrs

    rows = store.deck_review_log(deck_id)
    qualifying = qualifying_reviews((card_id, moment) for card_id, _, moment, _ in rows)
    if qualifying < MIN_QUALIFYING_REVIEWS:
        raise NotEnoughHistory(qualifying)
    numbers: dict[str, int] = {}
    logs = [
        fsrs.ReviewLog(
            card_id=numbers.setdefault(card_id, len(numbers) + 1),
            rating=fsrs.Rating(rating),
            review_datetime=moment,
            review_duration=duration,
        )
        for card_id, rating, moment, duration in rows
    ]
    old = store.fsrs_parameters(deck_id) or tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
    new = tuple(float(p) for p in fit(logs))
    store.save_fsrs_parameters(deck_id, new, len(rows), now)
    return Optimized(deck_id, tuple(old), new, len(rows))
