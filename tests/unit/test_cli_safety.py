"""The command line as a Unix tool: no terminal, closed or full output, hostile --data and --decks.

Each defect was found by running the real command, so each test does too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SMALL_DECK

QUIZKIT = str(Path(sys.executable).with_name("quizkit"))


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    home = tmp_path.parent / f"{tmp_path.name}-home"  # beside, so tmp_path holds only the test's
    env = {
        **os.environ,
        "QUIZKIT_CONFIG": str(home / "config.toml"),
        "QUIZKIT_CACHE": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "xdg"),
        "QUIZKIT_DATA": str(tmp_path / "progress.sqlite3"),
    }
    env.pop("QUIZKIT_DECKS", None)
    env.update(extra)
    return env


def _run(tmp_path: Path, args: list[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    kwargs.setdefault("env", _env(tmp_path))
    return subprocess.run([QUIZKIT, *args], capture_output=True, text=True, timeout=60, **kwargs)


def _shell(tmp_path: Path, line: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sh", "-c", line], capture_output=True, text=True, timeout=60, env=_env(tmp_path)
    )


@pytest.mark.parametrize("args", [[], ["study"]])
def test_the_tui_commands_refuse_without_a_terminal(tmp_path, args):
    result = _run(tmp_path, args)  # stdin /dev/null, stdout a pipe: no terminal
    assert result.returncode == 1
    assert "needs a terminal" in result.stderr and "stats --json" in result.stderr
    assert result.stdout == ""  # no escape codes written into the pipe
    assert not (tmp_path / "progress.sqlite3").exists()


def test_stats_with_stdout_closed_fails_with_a_message(tmp_path):
    result = _shell(tmp_path, f"{QUIZKIT} stats --json >&-")
    assert result.returncode != 0
    assert "standard output is closed" in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", ["stats --json", "stats"])
def test_stats_into_a_full_disk_says_so_without_a_traceback(tmp_path, args):
    result = _shell(tmp_path, f"{QUIZKIT} {args} > /dev/full")
    assert result.returncode == 1
    assert "the disk is full" in result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def test_a_data_name_too_long_for_the_file_system_gets_a_clear_message(tmp_path):
    result = _run(tmp_path, ["stats", "--data", str(tmp_path / ("p" * 300))])
    assert result.returncode == 1
    assert "300 bytes long" in result.stderr and "shorter --data" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_data_name_with_no_room_for_quizkits_suffixes_is_refused(tmp_path):
    result = _run(tmp_path, ["stats", "--data", str(tmp_path / ("p" * 240))])
    assert result.returncode == 1 and "at most 200" in result.stderr
    assert list(tmp_path.iterdir()) == []


def _non_regular(tmp_path: Path, kind: str) -> Path:
    if kind == "fifo":
        os.mkfifo(tmp_path / "pipe")
        return tmp_path / "pipe"
    if kind == "directory":
        (tmp_path / "folder").mkdir()
        return tmp_path / "folder"
    return Path("/dev/null")


@pytest.mark.parametrize("kind", ["devnull", "fifo", "directory"])
def test_a_data_path_that_is_not_a_regular_file_is_refused_and_nothing_is_made_beside_it(
    tmp_path, kind
):
    data = _non_regular(tmp_path, kind)
    beside_before = sorted(os.listdir(data.parent))
    result = _run(tmp_path, ["stats", "--data", str(data)])
    assert result.returncode == 1, result.stderr
    assert str(data) in result.stderr and "Traceback" not in result.stderr
    assert ("not a regular file" if kind != "directory" else "is a directory") in result.stderr
    assert sorted(os.listdir(data.parent)) == beside_before  # no -journal, no holders folder


def test_an_empty_decks_option_is_refused_and_never_scans_the_current_folder(tmp_path):
    (tmp_path / "stray.toml").write_text("this is not a deck", encoding="utf-8")
    result = _run(tmp_path, ["stats", "--decks", ""], cwd=tmp_path)
    assert result.returncode == 2
    assert "--decks was given an empty name" in result.stderr


def test_an_empty_quizkit_decks_entry_is_ignored_with_a_message(tmp_path):
    (tmp_path / "stray.toml").write_text("this is not a deck", encoding="utf-8")
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "demo.toml").write_text(SMALL_DECK, encoding="utf-8")
    env = _env(tmp_path, QUIZKIT_DECKS=f"{decks}{os.pathsep}")
    result = _run(tmp_path, ["stats"], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "QUIZKIT_DECKS" in result.stderr and "ignored" in result.stderr
    assert "stray.toml" not in result.stderr + result.stdout  # the current folder was not read
    assert "Demo deck" in result.stdout


# -- start-up database errors, on real file systems --------------------------------------

can_mount = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="needs root and unshare to mount a small or read-only file system",
)


def _in_a_mount(tmp_path: Path, setup: str, command: str) -> subprocess.CompletedProcess:
    """Run ``command`` in a private mount namespace with a tmpfs at tmp_path/mnt."""
    mount = tmp_path / "mnt"
    mount.mkdir(exist_ok=True)
    line = f"set -e; {setup.format(mnt=mount)}; {command} || exit $?"
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", line],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(tmp_path),
    )


def _big_deck(tmp_path: Path, cards: int) -> Path:
    from tests.crash_writer import deck_text

    folder = tmp_path / "decks"
    folder.mkdir(exist_ok=True)
    (folder / "big.toml").write_text(deck_text("big", cards), encoding="utf-8")
    return folder


@can_mount
def test_a_full_disk_at_start_up_says_the_disk_is_full_and_names_the_file(tmp_path):
    decks = _big_deck(tmp_path, 3000)
    data = tmp_path / "mnt" / "progress.sqlite3"
    result = _in_a_mount(
        tmp_path,
        "mount -t tmpfs -o size=256k tmpfs {mnt}",
        f"{QUIZKIT} stats --data {data} --decks {decks}",
    )
    assert result.returncode == 1, result.stderr
    assert "disk is full" in result.stderr and str(data) in result.stderr
    assert "Traceback" not in result.stderr and "cannot rollback" not in result.stderr


@can_mount
def test_a_read_only_file_system_when_a_deck_changed_names_the_file(tmp_path):
    decks = _big_deck(tmp_path, 20)
    data = tmp_path / "mnt" / "progress.sqlite3"
    first = f"{QUIZKIT} stats --data {data} --decks {decks}"
    change = f"sed -i 's/Question 1 of/Question one of/' {decks}/big.toml"
    result = _in_a_mount(
        tmp_path,
        "mount -t tmpfs tmpfs {mnt}",
        f"{first} >/dev/null; {change}; mount -o remount,ro {tmp_path / 'mnt'}; {first}",
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert str(data) in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_a_read_only_file_when_a_deck_changed_names_the_file(tmp_path):
    decks = _big_deck(tmp_path, 20)
    data = tmp_path / "progress.sqlite3"
    assert _run(tmp_path, ["stats", "--data", str(data), "--decks", str(decks)]).returncode == 0
    deck = decks / "big.toml"
    deck.write_text(deck.read_text().replace("Question 1 of", "Question one of"))
    data.chmod(0o444)
    result = _run(tmp_path, ["stats", "--data", str(data), "--decks", str(decks)])
    assert result.returncode == 1
    assert str(data) in result.stderr and "read-only" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_damaged_page_met_after_opening_is_a_message_not_a_traceback(tmp_path):
    import sqlite3

    decks = tmp_path / "decks"
    decks.mkdir()
    deck = decks / "demo.toml"
    deck.write_text(SMALL_DECK, encoding="utf-8")
    data = tmp_path / "progress.sqlite3"
    assert _run(tmp_path, ["stats", "--decks", str(decks)]).returncode == 0
    db = sqlite3.connect(data)
    db.execute("PRAGMA journal_mode = DELETE")
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'deck_sync'").fetchone()[0]
    db.close()
    damaged = bytearray(data.read_bytes())
    damaged[(root - 1) * 4096 : (root - 1) * 4096 + 8] = b"\x07" * 8  # an invalid b-tree page
    data.write_bytes(bytes(damaged))
    deck.write_text(SMALL_DECK.replace("What mostly covers", "Which muscle covers"))

    result = _run(tmp_path, ["stats", "--decks", str(decks)])
    assert result.returncode == 1
    assert str(data) in result.stderr and "malformed" in result.stderr
    assert "Traceback" not in result.stderr
