"""The readiness of one exam, for the learner in the progress file, at a given moment.

Recall comes from FSRS as ``study/scheduler.py`` computes it (the learner's
optimised parameters where ``quizkit optimize`` fitted them), summed in the
progress file (``progress/recall.py``), at each stability scale and slip rate
the learner's own review answers leave likely (``exam/calibration.py``);
``exam/readiness.py`` does the rest, and the predictions are averaged.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, tzinfo
from typing import Any

from quizkit.deck.model import Deck, Exam
from quizkit.exam.calibration import memory_scales
from quizkit.exam.layout import exam_layout
from quizkit.exam.readiness import Prediction
from quizkit.exam.recall_bins import StudiedRecall, calibrated_prediction
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import load_fsrs

# "ready" on home once passing is this likely
READY_AT = 0.9


def recall_curve(parameters: Sequence[float] | None) -> tuple[float, float]:
    """(factor, decay) of FSRS's forgetting curve R = (1 + factor * days / stability) ** decay."""
    if parameters is None:
        parameters = load_fsrs().scheduler.DEFAULT_PARAMETERS
    decay = -parameters[20]
    return 0.9 ** (1 / decay) - 1, decay


def exam_readiness(store: ProgressStore, deck: Deck, exam: Exam, at: datetime) -> Prediction:
    """Predicted score and pass probability of ``exam`` sat at ``at``; raises ``readiness.Unfillable``."""
    layout = exam_layout(deck, exam)
    factor, decay = recall_curve(store.fsrs_parameters(deck.id))
    # the learner's own memory, weighed from their answers (exam/calibration.py)
    scales = memory_scales(store.review_outcomes(deck.id, at, (factor, decay)), decay)
    # one pass over the progress file; each point of the grid is then arithmetic
    studied = StudiedRecall.read(store, deck.id, at, layout)
    return calibrated_prediction(layout, studied, scales, factor, decay)


def exam_moment(day: date, zone: tzinfo) -> datetime:
    """When an exam on ``day`` is taken to be sat: noon, local time."""
    return datetime.combine(day, time(12), tzinfo=zone)


def readiness_json(prediction: Prediction, on: date | None = None) -> dict[str, Any]:
    """The ``readiness`` (or, with ``on``, ``readiness_on_date``) object of ``stats --json``."""
    out: dict[str, Any] = {
        # not rounded: a one-in-a-billion chance of passing is not 0
        "predicted_score": prediction.predicted_score,
        "pass_probability": prediction.pass_probability,
        "by_topic": [
            {"topic": t.topic, "predicted_score": t.predicted_score} for t in prediction.by_topic
        ],
        "weakest_topics": list(prediction.weakest_topics),
    }
    if on is not None:
        out["date"] = on.isoformat()
    return out


def readiness_line(prediction: Prediction, topic_title: Callable[[str], str]) -> str:
    """Home's line: ``ready: predicted 86 % · pass 92 %``, or ``not ready: … · weakest: Causes``."""
    figures = (
        f"predicted {_percent(prediction.predicted_score)} · "
        f"pass {_percent(prediction.pass_probability)}"
    )
    if prediction.pass_probability >= READY_AT:
        return f"ready: {figures}"
    weakest = prediction.weakest_topics or tuple(
        t.topic for t in sorted(prediction.by_topic, key=lambda t: t.predicted_score)[:1]
    )
    tail = f" · weakest: {topic_title(weakest[0])}" if weakest else ""
    return f"not ready: {figures}{tail}"


def _percent(value: float) -> str:
    # floor, so a 99.6 % chance never shows as a certain 100 %
    return f"{math.floor(value * 100)} %"
