"""A process that opens a progress file and keeps it open, for the holder-registry tests.

``python tests/holder.py DATA`` opens DATA as every quizkit command does, prints
``OPEN <pid>`` and waits until its stdin closes (or it is killed).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from quizkit.progress.store import ProgressStore

    store = ProgressStore.open(Path(sys.argv[1]))
    print(f"OPEN {__import__('os').getpid()}", flush=True)
    sys.stdin.read()
    store.close()
