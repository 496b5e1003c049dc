"""After an exam attempt ends: its xAPI statements go to the configured LRS, off the UI thread.

The same sending as ``quizkit send`` (``Workspace.send_statements``), on the
thread's own connection to the progress file. What the learner hears is one
line: delivered, or waiting for the next ``quizkit send`` and why. The
credentials are never part of it (``lrs.py``'s messages name the address only).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from quizkit.workspace import Workspace

TITLE = "Learning Record Store"

# Two attempts ending close together: the second send waits for the first rather
# than posting the same waiting batch twice.
_SENDING = threading.Lock()


def send_after_exam(workspace: Workspace, keep_going: Callable[[], bool]) -> tuple[str, str]:
    """Send the waiting statements; return the notification (message, severity)."""
    from quizkit.interop.lrs import url_problem
    from quizkit.report.transcript import NoLearnerName

    lrs = workspace.lrs()
    if lrs is None:  # the caller checks first; here for safety
        return "No LRS is set in the config's [lrs] url.", "warning"
    problem = url_problem(lrs.url)
    if problem:
        return f"Results not sent: [lrs] url in the config: {problem}.", "warning"
    with _SENDING:
        store = workspace.store.open_another()
        try:
            report = workspace.send_statements(lrs, store, keep_going)
        except NoLearnerName:
            return (
                "Results not sent: every statement names its learner. Set your name with "
                '`quizkit profile --name "Your Name"`, then run `quizkit send`.',
                "warning",
            )
        finally:
            store.close()
    if report.error is None and report.waiting == 0:
        return f"Results sent ({report.sent} statements delivered to {lrs.url}).", "information"
    why = f" {report.error}" if report.error else ""
    return (
        f"Results not yet sent: {report.waiting} statements wait for the next `quizkit send`.{why}",
        "warning",
    )
