"""Restore and rebuild never lose a review: set-aside files, holders, crashes, one transaction."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quizkit.progress import holders
from quizkit.progress.backups import count_reviews, daily_backup, list_backups
from quizkit.progress.card_state import CardState
from quizkit.progress.doctor import examine, repair
from quizkit.progress.restore import journal_path, restore_backup
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import Rating
from tests.conftest import NOON

ROOT = Path(__file__).resolve().parent.parent.parent
QUIZKIT = str(Path(sys.executable).with_name("quizkit"))

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def file_with_backup(write_deck, open_workspace, tmp_path):
    """A progress file with 2 reviews, and a daily backup of it taken after the first."""
    data = tmp_path / "progress.sqlite3"
    workspace = open_workspace(write_deck(), data=data)
    session = workspace.session()
    session.answer(Rating.GOOD)
    daily_backup(workspace.store, NOON)
    session.answer(Rating.GOOD)
    workspace.close()
    (backup,) = list_backups(data)
    return data, backup


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QUIZKIT_CONFIG": str(tmp_path / "config.toml"),
        "QUIZKIT_CACHE": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }


def _doctor(tmp_path: Path, data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [QUIZKIT, "doctor", "--data", str(data), *args],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def _asides(data: Path) -> list[Path]:
    return sorted(
        p
        for p in data.parent.glob(f"{data.name}.before-restore-*")
        if "-wal" not in p.name and "-shm" not in p.name
    )


def test_two_restores_in_the_same_second_keep_both_replaced_files(file_with_backup):
    data, backup = file_with_backup
    first = restore_backup(data, backup, NOON)
    second = restore_backup(data, backup, NOON)  # the same second: the name is taken
    assert first != second and first.exists() and second.exists()
    assert count_reviews(first) == 2  # the reviews of the file the first restore replaced
    assert count_reviews(second) == 1
    assert count_reviews(data) == 1


def test_restore_twice_from_the_command_line_keeps_every_replaced_file(file_with_backup, tmp_path):
    data, _ = file_with_backup
    for _ in range(2):
        result = _doctor(tmp_path, data, "--restore", "--yes")
        assert result.returncode == 0, result.stderr
    asides = _asides(data)
    assert len(asides) == 2
    assert sorted(count_reviews(a) for a in asides) == [1, 2]


def _start_holder(data: Path) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "holder.py"), str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert line.startswith("OPEN "), proc.stderr.read()
    return proc, int(line.split()[1])


@pytest.mark.parametrize("action", [["--restore", "--yes"], ["--rebuild"]])
def test_restore_and_rebuild_refuse_while_another_quizkit_has_the_file_and_name_it(
    file_with_backup, tmp_path, action
):
    data, _ = file_with_backup
    holder, pid = _start_holder(data)
    try:
        before = _sha256(data)
        result = _doctor(tmp_path, data, *action)
        assert result.returncode == 1
        assert f"pid {pid}" in result.stderr and "open in another quizkit" in result.stderr
        assert "Traceback" not in result.stderr
        assert _sha256(data) == before and _asides(data) == []
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert _doctor(tmp_path, data, *action).returncode == 0  # once it quit, the action runs


def test_a_holder_killed_with_sigkill_is_seen_as_gone(file_with_backup, tmp_path):
    data, _ = file_with_backup
    holder, pid = _start_holder(data)
    assert [h.pid for h in holders.live_holders(data)] == [pid]
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert holders.live_holders(data) == []
    assert list(holders.registry_dir(data).glob("*.holder")) == []  # the stale entry is removed
    result = _doctor(tmp_path, data, "--restore", "--yes")
    assert result.returncode == 0, result.stderr


def test_a_doctor_that_has_the_file_keeps_a_new_quizkit_out_and_is_named(file_with_backup):
    data, _ = file_with_backup
    hold = holders.take_alone(data, "quizkit doctor --restore")
    try:
        with pytest.raises(holders.FileInUse, match=rf"doctor.*pid {os.getpid()}"):
            holders.join(data, wait=0.1)
    finally:
        hold.release()
    ProgressStore.open(data).close()


def _crash_restore(data: Path, backup: Path, stop: int) -> str:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "restore_crasher.py"),
            str(data),
            str(backup),
            str(stop),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout if result.returncode == 0 else ""


def test_a_restore_killed_at_any_step_is_finished_or_undone_at_the_next_start(
    file_with_backup, tmp_path
):
    data, backup = file_with_backup
    pristine = tmp_path / "pristine"
    pristine.mkdir()
    for path in (data, backup):
        (pristine / path.name).write_bytes(path.read_bytes())
    total = int(_crash_restore(data, backup, 10_000).split()[1])  # a run to the end counts them
    assert total >= 4
    for stop in range(1, total + 1):
        for leftover in data.parent.glob(f"*{data.name}*"):
            if leftover.is_file():
                leftover.unlink()
        data.write_bytes((pristine / data.name).read_bytes())
        assert _crash_restore(data, backup, stop) == "", f"step {stop} was not reached"

        store = ProgressStore.open(data)  # the next start
        try:
            reviews = store.reviews_total()
            notices = store.notices
        finally:
            store.close()
        assert reviews in (1, 2), f"killed before step {stop}: {reviews} reviews in the live file"
        assert not journal_path(data).exists()
        if reviews == 1:  # finished: the replaced file is kept
            (aside,) = _asides(data)
            assert count_reviews(aside) == 2, f"step {stop}"
        if notices:
            assert "interrupted" in notices[0]


def test_rebuild_reads_the_log_and_writes_the_states_in_one_transaction(
    write_deck, open_workspace, monkeypatch
):
    import quizkit.progress.doctor as doctor

    workspace = open_workspace(write_deck())
    store = workspace.store
    store.record_review("cover", "demo", "cover", 3, CardState(), _after(1), NOON)
    other = store.open_another()  # another window answering while the rebuild runs
    answered = threading.Event()

    def answer_meanwhile():
        other.record_review("cover", "demo", "cover", 3, _after(1), _after(2), NOON)
        answered.set()

    original = doctor.rebuild_from_log

    def slow_rebuild(s):
        result = original(s)
        monkeypatch.setattr(doctor, "rebuild_from_log", original)  # only the rebuild's own read
        threading.Thread(target=answer_meanwhile).start()
        answered.wait(0.5)  # with one transaction the answer waits for the rebuild
        return result

    monkeypatch.setattr(doctor, "rebuild_from_log", slow_rebuild)
    repair(store)
    assert answered.wait(10)
    other.close()
    assert store.card_state("cover") == _after(2)  # the answer given meanwhile stands
    assert examine(store).healthy


def _after(reps: int) -> CardState:
    from datetime import timedelta

    from quizkit.progress.card_state import Phase

    moment = NOON + timedelta(minutes=reps)
    return CardState(Phase.LEARNING, 1, 2.0, 5.0, moment + timedelta(minutes=10), moment, reps, 0)


def test_the_backup_list_shows_time_size_and_reviews(file_with_backup, tmp_path):
    data, backup = file_with_backup
    empty = backup.with_name("progress-2026-11-20.sqlite3")
    ProgressStore.open(empty).close()
    result = _doctor(tmp_path, data, "--backups")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert len(lines) == 2
    assert " 1 review " in lines[0] and str(backup) in lines[0]
    assert " 0 reviews" in lines[1] and " KB" in lines[1]
    assert time.strftime("%Y-") in lines[0]  # local time of the file


def test_restore_without_a_terminal_and_without_yes_refuses_and_changes_nothing(
    file_with_backup, tmp_path
):
    data, _ = file_with_backup
    before = _sha256(data)
    result = _doctor(tmp_path, data, "--restore")
    assert result.returncode == 1
    assert "--yes" in result.stderr and "Traceback" not in result.stderr
    assert _sha256(data) == before and _asides(data) == []


def _doctor_at_a_terminal(tmp_path: Path, data: Path, answer: bytes) -> tuple[int, str]:
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [QUIZKIT, "doctor", "--data", str(data), "--restore"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=_env(tmp_path),
    )
    os.close(follower)
    screen = b""
    while b"[y/N]" not in screen:
        screen += os.read(leader, 4096)
    os.write(leader, answer)
    code = proc.wait(timeout=30)
    try:
        while chunk := os.read(leader, 4096):
            screen += chunk
    except OSError:
        pass  # the terminal closed with the process
    os.close(leader)
    return code, screen.decode()


def test_restore_at_a_terminal_asks_and_y_replaces_the_file(file_with_backup, tmp_path):
    data, _ = file_with_backup
    code, screen = _doctor_at_a_terminal(tmp_path, data, b"y\n")
    assert code == 0, screen
    assert "2 reviews" in screen and " 1 review" in screen  # what is replaced by what
    assert count_reviews(data) == 1 and len(_asides(data)) == 1


def test_restore_at_a_terminal_answered_no_changes_nothing(file_with_backup, tmp_path):
    data, _ = file_with_backup
    before = _sha256(data)
    code, screen = _doctor_at_a_terminal(tmp_path, data, b"\n")
    assert code == 1 and "nothing was changed" in screen
    assert _sha256(data) == before and _asides(data) == []


def test_doctor_reports_the_file_its_contents_holders_and_backups(file_with_backup, tmp_path):
    data, _ = file_with_backup
    result = _doctor(tmp_path, data)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"Progress file: {data}" in out and "integrity: ok" in out
    assert "2 reviews" in out and "no other quizkit" in out and "backups: 1, newest" in out
    db = sqlite3.connect(data)
    db.execute("UPDATE cards SET reps = 7 WHERE reps > 0")
    db.commit()
    db.close()
    result = _doctor(tmp_path, data)
    assert result.returncode == 1
    assert (
        "differs from their review log: 2" in result.stdout and "doctor --rebuild" in result.stdout
    )


def test_a_registration_left_half_made_by_a_killed_process_is_swept_once_old(tmp_path):
    data = tmp_path / "progress.sqlite3"
    ProgressStore.open(data).close()
    folder = holders.registry_dir(data)
    old, young = folder / "99999-0-aaaaaa.tmp", folder / "99999-1-bbbbbb.tmp"
    old.write_text("")
    young.write_text("")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    ProgressStore.open(data).close()
    assert not old.exists() and young.exists()
