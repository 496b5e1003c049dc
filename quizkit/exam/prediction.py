"""The readiness of one exam, for the learner in the progress file, at a given moment.

Recall comes from FSRS as ``study/scheduler.py`` computes it (the learner's
optimised parameters where ``quizkit optimize`` fitted them), summed in the
progress file (``progress/recall.py``); ``exam/readiness.py`` does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from quizkit.deck.model import Deck, Exam
from quizkit.exam.layout import assemble, exam_layout
from quizkit.exam.readiness import Prediction, predict
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import load_fsrs


def recall_curve(parameters: Sequence[float] | None) -> tuple[float, float]:
    """(factor, decay) of FSRS's forgetting curve R = (1 + factor * days / stability) ** decay."""
    if parameters is None:
        parameters = load_fsrs().scheduler.DEFAULT_PARAMETERS
    decay = -parameters[20]
    return 0.9 ** (1 / decay) - 1, decay


def exam_readiness(store: ProgressStore, deck: Deck, exam: Exam, at: datetime) -> Prediction:
    """Predicted score and pass probability of ``exam`` sat at ``at``; raises ``readiness.Unfillable``."""
    layout = exam_layout(deck, exam)
    curve = recall_curve(store.fsrs_parameters(deck.id))
    sums = store.recall_power_sums(deck.id, at, curve, layout.codes, layout.depth)
    multi = store.recall_at_positions(deck.id, at, curve, layout.multi_mask) if layout.multi else {}
    return predict(layout.questions, layout.pass_mark, assemble(layout, sums, multi))
