"""The answers of study days that are over, kept in the cache folder: the log is only appended to.

At a million reviews, counting a year of answers day by day costs about half a
second; the days before today do not change, so they are counted once and
kept. A cached day is reused only while the review log before the cache's
cut-off (the start of the day it was written) still holds exactly as many
reviews from the same first one: an undo across midnight, a restored backup
or another file at the same path makes it count again. Spans are keyed by
their exact bounds, so a change of zone or rollover hour simply misses.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from quizkit.progress import review_stats
from quizkit.progress.review_stats import DayReviews
from quizkit.progress.store import ProgressStore

_VERSION = 1
Span = tuple[int, int]  # a study day's bounds, UTC µs, end excluded


def cached_reviews(
    store: ProgressStore,
    spans: Sequence[Span],
    cutoff: int,
    first: int | None,
    cache_dir: Path | None,
    rows: int | None = None,
) -> dict[Span, dict[str, DayReviews]]:
    """The reviews of each span per deck: spans ending by ``cutoff`` from the cache when it
    still matches the file, the others counted now (and the closed ones saved).

    ``rows``: the review log's rows (``review_stats.review_rows``), when the caller has them.
    """
    path = _cache_path(cache_dir, store) if cache_dir is not None else None
    if path is not None and rows is None:
        rows = review_stats.review_rows(store)
    kept = _read(path, store, first, rows) if path is not None else {}
    missing = [span for span in spans if span[1] > cutoff or span not in kept]
    counted = review_stats.reviews_in_spans(store, missing)
    found = {**{span: kept[span] for span in spans if span in kept}, **counted}
    closed_new = [span for span in missing if span[1] <= cutoff]
    if path is not None and closed_new:
        closed = {span: figures for span, figures in found.items() if span[1] <= cutoff}
        _write(path, closed, review_stats.reviews_before(store, cutoff, rows), cutoff, first)
    return {span: found.get(span, {}) for span in spans}


def _cache_path(cache_dir: Path, store: ProgressStore) -> Path:
    key = hashlib.sha256(str(Path(store.path).resolve()).encode()).hexdigest()[:20]
    return cache_dir / "study-days" / f"{key}.json"


def _read(
    path: Path, store: ProgressStore, first: int | None, rows: int | None
) -> dict[Span, dict[str, DayReviews]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["version"] != _VERSION or data["first"] != first:
            return {}
        if review_stats.reviews_before(store, data["cutoff"], rows) != data["count"]:
            return {}
        return {
            (start, end): {deck: DayReviews(*figures) for deck, figures in decks.items()}
            for start, end, decks in data["spans"]
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no cache, or one this quizkit cannot read: count again


def _write(
    path: Path, spans: dict[Span, dict[str, DayReviews]], count: int, cutoff: int, first: int | None
) -> None:
    data = {
        "version": _VERSION,
        "first": first,
        "cutoff": cutoff,
        "count": count,
        "spans": [
            [start, end, {deck: list(_fields(f)) for deck, f in decks.items()}]
            for (start, end), decks in sorted(spans.items())
        ],
    }
    # A cache that cannot be written only costs time at the next run.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def _fields(figures: DayReviews) -> tuple[int, int, int, int]:
    return (figures.reviews, figures.milliseconds, figures.review_answers, figures.review_passed)
