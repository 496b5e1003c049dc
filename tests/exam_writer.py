"""A process that sits a certification exam, for the kill-mid-attempt test.

``python tests/exam_writer.py --data P --deck D`` starts an attempt on the deck's
first exam (real clock) and answers its questions one by one, printing
``ACK <question>`` only after the answer is committed, then waits to be killed.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from quizkit.exam.attempts import ExamRoom
from quizkit.exam.model import Response
from quizkit.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--deck", required=True)
    args = parser.parse_args()
    workspace = Workspace.open(Path(args.data), [Path(args.deck)])
    room = ExamRoom(workspace.store, workspace.decks, workspace.clock)
    attempt = room.start(workspace.decks[0].exams[0], "certification")
    print(f"STARTED {attempt.id}", flush=True)
    for index in range(len(attempt.questions)):
        room.answer(attempt, index, Response(text="an answer"))
        print(f"ACK {index}", flush=True)
        time.sleep(0.05)
    while True:  # killed here or earlier
        time.sleep(1)


if __name__ == "__main__":
    main()
