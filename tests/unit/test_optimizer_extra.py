"""The real FSRS optimiser, run only where the optional extra (PyTorch) is installed.

The plumbing is tested without it in test_progress_file.py; this proves the
extra itself works end to end: `pip install '.[optimizer]'` then pytest.
"""

import importlib.util
import random

import pytest

from quizkit.study.optimizer import optimize_deck
from quizkit.study.scheduler import Rating
from quizkit.workspace import Workspace

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None,
    reason="the optimizer extra is not installed (pip install '.[optimizer]')",
)

SIMULATED = (
    'format = 1\n[deck]\nid = "sim"\ntitle = "Simulated"\n[deck.options]\nnew_per_day = 30\n'
    + "".join(
        f'[[cards]]\nid = "c{i}"\ntype = "basic"\nfront = "Q{i}?"\nback = "A{i}."\n'
        for i in range(150)
    )
)


def test_optimize_fits_parameters_from_a_simulated_history(write_deck, tmp_path, clock):
    workspace = Workspace.open(tmp_path / "p.sqlite3", [write_deck(SIMULATED)], clock=clock)
    rng = random.Random(4)
    for _day in range(90):
        session = workspace.session()
        while session.current:
            session.answer(rng.choices(list(Rating), weights=(1, 1, 7, 1))[0])
            clock.advance(seconds=20)
        clock.advance(days=1)
    result = optimize_deck(workspace.store, "sim", clock.now())
    assert len(result.new) == len(result.old) == 21 and result.new != result.old
    assert workspace.store.fsrs_parameters("sim") == result.new
    workspace.close()
