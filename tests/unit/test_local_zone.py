"""The real clock's zone, tested as it runs: in a subprocess with ``TZ`` (and ``faketime``)."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

requires_faketime = pytest.mark.skipif(
    shutil.which("faketime") is None,
    reason="faketime is not installed (apt-get install faketime): the DST run is not tested",
)


def run_python(code: str, *, tz: str, faketime: str | None = None) -> str:
    env = {**os.environ, "TZ": tz, "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    argv = [sys.executable, "-c", textwrap.dedent(code)]
    if faketime:
        argv = ["faketime", "-f", faketime, *argv]
    result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_study_day_across_a_dst_switch_is_23_hours_long():
    # The system clock's zone, not a ZoneInfo built by the test: today's fixed
    # offset (what astimezone() gives) would make every day 24 hours long.
    out = run_python(
        """
        from datetime import datetime, timezone
        from quizkit.base.clock import SystemClock
        from quizkit.base.study_day import StudyDay
        zone = SystemClock().local_zone()
        for day in (28, 29):
            d = StudyDay.containing(datetime(2026, 3, day, 12, tzinfo=timezone.utc), zone)
            print((d.end - d.start).total_seconds() / 3600)
        d = StudyDay.containing(datetime(2026, 10, 24, 12, tzinfo=timezone.utc), zone)
        print((d.end - d.start).total_seconds() / 3600)
        """,
        tz="Europe/Berlin",
    )
    assert out.split() == ["23.0", "24.0", "25.0"]


@requires_faketime
def test_streak_counts_past_days_in_their_own_offset_after_the_march_change(tmp_path):
    # Today is 30 March (summer time). A review at 02:30 UTC on 28 March was
    # 03:30 winter time: before that day's 4 am rollover, so it belongs to the
    # 27th. Applying today's +2 offset to it would count the 28th as studied.
    data = tmp_path / "progress.sqlite3"
    out = run_python(
        f"""
        from datetime import datetime, timezone
        from pathlib import Path
        from quizkit.base.clock import FixedClock
        from quizkit.progress.card_state import CardState
        from quizkit.workspace import Workspace
        from quizkit.base.clock import SystemClock
        deck = Path({str(tmp_path / "deck.toml")!r})
        deck.write_text('format = 1\\n[deck]\\nid = "d"\\ntitle = "D"\\n'
                        '[[cards]]\\nid = "a"\\ntype = "basic"\\nfront = "Q"\\nback = "A"\\n')
        ws = Workspace.open(Path({str(data)!r}), [deck], clock=SystemClock())
        before = CardState()
        for moment in (datetime(2026, 3, 28, 2, 30, tzinfo=timezone.utc),
                       datetime(2026, 3, 29, 12, 0, tzinfo=timezone.utc),
                       datetime(2026, 3, 30, 8, 0, tzinfo=timezone.utc)):
            after = before.with_(reps=before.reps + 1, last_review=moment, due=moment)
            ws.store.record_review("a", "d", "a", 3, before, after, moment)
            before = after
        print(ws.clock.now().isoformat(), ws.streak())
        """,
        tz="Europe/Berlin",
        faketime="@2026-03-30 12:00:00",
    )
    moment, streak = out.split()
    assert moment.startswith("2026-03-30T10:00")  # faketime ran, in Berlin time
    assert streak == "2"


def test_opening_a_workspace_does_not_freeze_the_collector_the_cli_does(
    write_deck, tmp_path, monkeypatch
):
    import gc

    # quizkit.cli re-exports the function main, which hides the module of that name.
    cli_main = importlib.import_module("quizkit.cli.main")
    from quizkit.workspace import Workspace

    gc.unfreeze()
    workspace = Workspace.open(tmp_path / "p.sqlite3", [write_deck()])
    workspace.close()
    assert gc.get_freeze_count() == 0  # tests and library users keep a normal collector

    frozen = []
    monkeypatch.setattr(cli_main.gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setenv("QUIZKIT_CONFIG", str(tmp_path / "none.toml"))
    deck_dir = write_deck().parent
    code = cli_main.main(["stats", "--data", str(tmp_path / "q.sqlite3"), "--decks", str(deck_dir)])
    assert code == 0 and frozen == [True]
