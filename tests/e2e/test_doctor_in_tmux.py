"""`quizkit doctor` beside the real study screen: it refuses to pull the file from under it."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from quizkit.progress.backups import list_backups
from quizkit.progress.holders import live_holders
from tests.e2e.tmux import QUIZKIT, pane_pid, requires_tmux

pytestmark = [pytest.mark.e2e, requires_tmux]


def _until(condition, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(0.05)


def _doctor(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [QUIZKIT, "doctor", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_restore_and_rebuild_refuse_while_the_study_screen_is_open_and_name_its_pid(
    tmux, quizkit_env
):
    data = Path(quizkit_env["QUIZKIT_DATA"])
    tmux.run([QUIZKIT, "study"], quizkit_env)
    pid = pane_pid(tmux)
    _until(lambda: pid in [h.pid for h in live_holders(data)], "the TUI registering")
    _until(lambda: list_backups(data), "the daily backup")  # taken after the first frame
    before = data.read_bytes()

    for action in (["--restore", "--yes"], ["--rebuild"]):
        result = _doctor(quizkit_env, *action)
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"pid {pid}" in result.stderr and "quit it first" in result.stderr
    assert data.read_bytes() == before
    assert not list(data.parent.glob("*.before-restore-*"))

    os.kill(pid, signal.SIGKILL)  # a holder that dies without a word is seen as gone
    tmux.wait_for_exit()
    result = _doctor(quizkit_env, "--restore", "--yes")
    assert result.returncode == 0, result.stderr
    asides = data.parent.glob("*.before-restore-*")
    assert len([p for p in asides if not p.name.endswith(("-wal", "-shm"))]) == 1
