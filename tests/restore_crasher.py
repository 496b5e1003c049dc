"""Runs ``restore_backup`` and dies with SIGKILL at its N-th file-system step.

``python tests/restore_crasher.py DATA BACKUP N`` counts the renames, unlinks
and fsyncs the restore makes and kills itself just before step N, as a power
cut or ``kill -9`` would stop it. Prints ``STEPS <n>`` when it got to the end.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from quizkit.progress import restore

    data, backup, stop = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    steps = 0

    def counted(call):
        def step(*args, **kwargs):
            global steps
            steps += 1
            if steps == stop:
                os.kill(os.getpid(), signal.SIGKILL)
            return call(*args, **kwargs)

        return step

    for name in ("replace", "unlink", "fsync"):
        setattr(restore.os, name, counted(getattr(os, name)))
    restore.restore_backup(data, backup, datetime(2026, 11, 29, 12, 0, tzinfo=UTC))
    print(f"STEPS {steps}", flush=True)
