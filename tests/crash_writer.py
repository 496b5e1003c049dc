"""A process that answers cards as fast as it can, for crash and concurrency tests.

Run as a script (``python tests/crash_writer.py --data P --deck D ...``). It opens
a Workspace with a fixed clock that moves on 30 s per answer (no fuzz, no
backup) and answers cards in a loop. It prints::

    READY                   imports done; with --go-file, it then waits for that file
    OPENING                 before Workspace.open (deck load, schema, deck sync)
    OPEN                    once the workspace is open
    ACK <card_id> <n>       only after StudySession.answer returned: the answer is
                            committed and the next card is shown
    DONE <n>                after --answers answers (absent when killed)

each line flushed at once, so a test that kills the process with SIGKILL knows
exactly which answers were acknowledged before it died.

The tests also import from here the command line (``command``), reading a
writer's output as it comes (``read_until``), a generated deck (``deck_text``)
and what is wrong with a progress file after a crash (``file_problems``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import selectors
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
THINKING = timedelta(seconds=30)


WRITER = Path(__file__).resolve()


def command(
    data: Path,
    decks: list[Path],
    cache: Path | None,
    seed: int,
    answers: int | None = None,
    go_file: Path | None = None,
) -> list[str]:
    """The command line that runs a writer."""
    line = [sys.executable, str(WRITER), "--data", str(data), "--seed", str(seed)]
    for deck in decks:
        line += ["--deck", str(deck)]
    if cache is not None:
        line += ["--cache", str(cache)]
    if answers is not None:
        line += ["--answers", str(answers)]
    if go_file is not None:
        line += ["--go-file", str(go_file)]
    return line


def read_until(
    proc: subprocess.Popen, needle: bytes, timeout: float, seen: bytes = b""
) -> tuple[bytes, float]:
    """Read a writer's stdout (a binary pipe) until ``needle`` shows, polling with a deadline.

    Returns everything read so far (``seen`` included) and the monotonic time
    ``needle`` showed. Raises if the writer exits first or the deadline passes.
    """
    fd = proc.stdout.fileno()
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while needle not in seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(
                    f"no {needle!r} from the writer within {timeout} s: {seen[-300:]!r}"
                )
            if selector.select(remaining):
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise AssertionError(
                        f"the writer exited (code {proc.wait()}) before {needle!r}: "
                        f"{seen[-300:]!r} {proc.stderr.read().decode()}"
                    )
                seen += chunk
    return seen, time.monotonic()


def deck_text(deck_id: str, notes: int) -> str:
    """A deck of ``notes`` notes: mostly basic, some reversible and cloze (siblings).

    The daily limits are lifted so a writer never runs out of cards.
    """
    lines = [
        "format = 1",
        "[deck]",
        f'id = "{deck_id}"',
        f'title = "Crash deck {deck_id}"',
        "[deck.options]",
        "new_per_day = 9999",
        "reviews_per_day = 9999",
    ]
    for n in range(notes):
        note = f"{deck_id}-n{n}"
        lines.append("[[cards]]")
        lines.append(f'id = "{note}"')
        if n % 11 == 5:
            lines.append('type = "cloze"')
            text = f"Note {n}: the {{{{c1::medius}}}} covers the {{{{c2::minimus}}}}."
            lines.append(f'text = "{text}"')
        else:
            lines.append('type = "reversible"' if n % 7 == 3 else 'type = "basic"')
            lines.append(f'front = "Question {n} of {deck_id}?"')
            lines.append(f'back = "Answer {n}."')
    return "\n".join(lines) + "\n"


def file_problems(path: Path) -> list[str]:
    """Everything wrong with a progress file, checked with plain sqlite3 (empty: sound).

    Integrity, and that each answer was one whole transaction: a card's ``reps``
    equals its number of review rows and its state is its last review's
    ``state_after`` (the writers never undo).
    """
    db = sqlite3.connect(path)
    try:
        integrity = [row[0] for row in db.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            return [f"integrity_check: {'; '.join(integrity[:5])}"]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if "reviews" not in tables:
            return []
        problems = []
        counts = dict(db.execute("SELECT card_id, count(*) FROM reviews GROUP BY card_id"))
        for card_id, reps, phase, due, stability in db.execute(
            "SELECT card_id, reps, phase, due, stability FROM cards"
        ):
            if reps != counts.get(card_id, 0):
                problems.append(f"{card_id}: reps {reps} but {counts.get(card_id, 0)} review rows")
                continue
            if not reps:
                continue
            after = json.loads(
                db.execute(
                    "SELECT state_after FROM reviews WHERE card_id = ? ORDER BY id DESC LIMIT 1",
                    (card_id,),
                ).fetchone()[0]
            )
            logged = (after["phase"], after["due"], after["stability"])
            if logged != (phase, due, stability):
                problems.append(
                    f"{card_id}: card row {(phase, due, stability)} is not its last "
                    f"review's state_after {logged}"
                )
        return problems
    finally:
        db.close()


def acked(output: bytes) -> Counter[str]:
    """Acknowledged answers per card id, from a writer's stdout."""
    counts: Counter[str] = Counter()
    for line in output.decode().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "ACK":
            counts[parts[1]] += 1
    return counts


def _resume_time(data: Path) -> datetime:
    """Just after the newest review in the file, so reruns on one file move forward in time."""
    if not data.exists() or data.stat().st_size == 0:
        return START
    db = sqlite3.connect(f"file:{data}?mode=ro", uri=True)
    try:
        newest = db.execute("SELECT max(reviewed_at) FROM reviews").fetchone()[0]
    except sqlite3.Error:
        return START
    finally:
        db.close()
    if newest is None:
        return START
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return epoch + timedelta(microseconds=newest) + timedelta(minutes=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--deck", type=Path, action="append", required=True)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--answers", type=int, default=None, help="stop after this many (default: never)"
    )
    parser.add_argument(
        "--go-file",
        type=Path,
        default=None,
        help="after READY, open only once this file exists (a common start)",
    )
    args = parser.parse_args(argv)

    from quizkit.base.clock import FixedClock
    from quizkit.progress.store import StaleCardError, StoreError
    from quizkit.study.scheduler import Rating
    from quizkit.workspace import Workspace

    rng = random.Random(args.seed)
    clock = FixedClock(_resume_time(args.data))
    out = sys.stdout
    out.write("READY\n")
    out.flush()
    if args.go_file is not None:
        while not args.go_file.exists():  # a start line for racing writers, polled
            time.sleep(0.0005)
    out.write("OPENING\n")
    out.flush()
    try:
        workspace = Workspace.open(
            args.data, args.deck, clock=clock, cache_dir=args.cache, fuzz=False
        )
        out.write("OPEN\n")
        out.flush()
        session = workspace.session()
        done = 0
        while args.answers is None or done < args.answers:
            if session.current is None:
                clock.advance(hours=1)
                session.advance()
                continue
            card_id = session.current.card.id
            session.reveal()
            rating = rng.choices(list(Rating), weights=(2, 1, 6, 2))[0]
            clock.advance(seconds=THINKING.total_seconds())
            try:
                session.answer(rating)
            except StaleCardError:
                continue  # the other writer answered it first: it is shown again, rate it again
            done += 1
            out.write(f"ACK {card_id} {done}\n")
            out.flush()
        workspace.close()
    except StoreError as exc:
        print(f"StoreError: {exc}", file=sys.stderr)
        return 3
    out.write(f"DONE {done}\n")
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
