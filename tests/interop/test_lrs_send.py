"""`quizkit send`: the outbox reaches a Learning Record Store exactly once, whatever it answers."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from quizkit.cli.main import main
from quizkit.interop import lrs as lrs_module
from quizkit.interop.lrs import Lrs, send_outbox
from quizkit.progress.store import ProgressStore
from tests.export_history import EXAM_DECK, make_history
from tests.fake_lrs import FakeLrs

ROOT = Path(__file__).resolve().parents[2]
STATEMENTS = 18  # two certification attempts of 8 statements, an abandoned practice of 2
PASSWORD = "s3cret pass"


@pytest.fixture
def history(tmp_path, monkeypatch):
    """A progress file with known attempts, a learner, and credentials in the environment."""
    monkeypatch.setenv("QUIZKIT_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("QUIZKIT_LRS_USERNAME", "ada")
    monkeypatch.setenv("QUIZKIT_LRS_PASSWORD", PASSWORD)
    (tmp_path / "config.toml").write_text('[learner]\nname = "Ada Example"\n', encoding="utf-8")
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "exam.toml").write_text(EXAM_DECK.read_text(encoding="utf-8"), encoding="utf-8")
    make_history(tmp_path / "p.sqlite3", decks)
    return tmp_path


def send(history: Path, *args: str) -> int:
    data = ["--data", str(history / "p.sqlite3"), "--decks", str(history / "decks")]
    return main([*data, "send", *args])


def waiting(history: Path) -> int:
    store = ProgressStore.open(history / "p.sqlite3")
    try:
        return store.outbox_counts()[0]
    finally:
        store.close()


def test_send_delivers_every_statement_once_with_the_xapi_version(history, capsys):
    with FakeLrs() as lrs:
        assert send(history, "--lrs", lrs.url) == 0
        assert len(lrs.stored) == STATEMENTS and set(lrs.stores.values()) == {1}
        assert lrs.versions == {"1.0.3"}
        assert f"{STATEMENTS} statements delivered" in capsys.readouterr().err
        assert send(history, "--lrs", lrs.url) == 0  # nothing new: nothing posted
        assert len(lrs.posts) == 1
    assert waiting(history) == 0


def test_the_config_names_the_lrs_and_holds_the_credentials(history, monkeypatch, capsys):
    monkeypatch.delenv("QUIZKIT_LRS_USERNAME")
    monkeypatch.delenv("QUIZKIT_LRS_PASSWORD")
    with FakeLrs() as lrs:
        (history / "config.toml").write_text(
            f'[learner]\nname = "Ada"\n[lrs]\nurl = "{lrs.url}"\n'
            f'username = "ada"\npassword = "{PASSWORD}"\n',
            encoding="utf-8",
        )
        assert send(history) == 0
        assert len(lrs.stored) == STATEMENTS
    assert PASSWORD not in capsys.readouterr().err


def test_a_failing_lrs_keeps_the_statements_and_says_what_it_answered(history, capsys):
    with FakeLrs() as lrs:
        lrs.script = ["500"]
        assert send(history, "--lrs", lrs.url) == 1
        err = capsys.readouterr().err
        assert "answered 500: the database is down" in err and "\x1b" not in err
        assert f"{STATEMENTS} statements wait" in err
        assert send(history, "--lrs", lrs.url) == 0
        assert len(lrs.stored) == STATEMENTS and set(lrs.stores.values()) == {1}


def test_401_names_where_the_credentials_go_and_never_shows_them(history, capsys, monkeypatch):
    monkeypatch.setenv("QUIZKIT_LRS_PASSWORD", "wrong password")
    with FakeLrs() as lrs:
        assert send(history, "--lrs", lrs.url) == 1
        assert lrs.stored == {}
    err = capsys.readouterr().err
    assert "answered 401" in err and "QUIZKIT_LRS_PASSWORD" in err
    assert "wrong password" not in err
    assert waiting(history) == STATEMENTS


def test_a_batch_midway_failing_keeps_only_the_rest(history, monkeypatch):
    monkeypatch.setattr(lrs_module, "BATCH", 5)
    with FakeLrs() as lrs:
        lrs.script = ["ok", "ok", "500"]
        assert send(history, "--lrs", lrs.url) == 1
        assert len(lrs.stored) == 10 and waiting(history) == STATEMENTS - 10
        assert send(history, "--lrs", lrs.url) == 0
        assert len(lrs.stored) == STATEMENTS and set(lrs.stores.values()) == {1}


def test_a_timeout_keeps_the_batch_and_the_retry_counts_409_as_delivered(history):
    store = ProgressStore.open(history / "p.sqlite3")
    now = lambda: datetime(2026, 11, 21, tzinfo=timezone.utc)  # noqa: E731
    try:
        from quizkit.interop.lrs import queue_attempts
        from quizkit.report.transcript import build_transcript
        from quizkit.workspace import Workspace

        workspace = Workspace.open(history / "p.sqlite3", [history / "decks"])
        transcript = build_transcript(
            workspace.store, list(workspace.decks), {"name": "Ada"}, now()
        )
        assert queue_attempts(store, transcript, now()) == STATEMENTS
        assert queue_attempts(store, transcript, now()) == 0  # queued once
        workspace.close()
        with FakeLrs() as lrs:
            lrs.script, lrs.slow_seconds = ["slow"], 1.0
            target = Lrs(lrs.url, "ada", PASSWORD)
            report = send_outbox(store, target, now, batch=5, timeout=0.3)
            assert report.error and "no answer from the LRS" in report.error
            assert report.sent == 0 and report.waiting == STATEMENTS
            # The slow LRS stored that batch after all: the retry meets 409s for it.
            report = send_outbox(store, target, now, batch=5, timeout=5)
            assert (report.sent, report.duplicates, report.waiting) == (STATEMENTS, 5, 0)
            assert len(lrs.stored) == STATEMENTS and set(lrs.stores.values()) == {1}
    finally:
        store.close()


def test_a_send_killed_midway_leaves_every_statement_delivered_once_after_the_next(history):
    with FakeLrs() as lrs:
        lrs.script = ["ok", "hang"]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        data = ["--data", str(history / "p.sqlite3"), "--decks", str(history / "decks")]
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.send_runner", "5", *data, "send", "--lrs", lrs.url],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
        )
        try:
            assert lrs.hung.wait(60), process.stderr.read().decode() if process.poll() else ""
        finally:
            process.kill()
            process.wait(30)
        assert len(lrs.stored) == 10  # the second batch stored, its answer never read
        assert waiting(history) == STATEMENTS - 5
        assert send(history, "--lrs", lrs.url) == 0
        assert len(lrs.stored) == STATEMENTS and set(lrs.stores.values()) == {1}
    assert waiting(history) == 0


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://lrs.example.org/", "not an http(s) address"),
        ("https://ada:secret@lrs.example.org/xapi/", "holds credentials"),
    ],
)
def test_a_bad_lrs_address_is_refused_before_anything(history, capsys, url, words):
    assert send(history, "--lrs", url) == 2
    err = capsys.readouterr().err
    assert words in err and "secret" not in err


def test_without_an_lrs_send_says_where_to_set_one(history, capsys):
    assert send(history) == 1
    assert "[lrs] url" in capsys.readouterr().err


def test_an_unknown_key_in_the_lrs_table_is_an_error_with_its_line(history, capsys):
    (history / "config.toml").write_text(
        '[learner]\nname = "Ada"\n[lrs]\nurl = "http://127.0.0.1:9/"\npasword = "x"\n',
        encoding="utf-8",
    )
    assert send(history) == 1
    assert "config.toml:5" in capsys.readouterr().err
