"""`quizkit send` against a real LRS: Ralph on its file backend, started on 127.0.0.1 by the test.

Ralph is not a quizkit dependency: `pip install 'quizkit[lrs-tests]'` brings it
(docs: /work/shared/docs/TESTING.md, "A real Learning Record Store"). Without
it this test is skipped with a notice saying so.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.interop.test_lrs_send import STATEMENTS, history, send  # noqa: F401 (the fixture)

RALPH = shutil.which("ralph") or str(Path(sys.executable).with_name("ralph"))
pytestmark = pytest.mark.skipif(
    not Path(RALPH).exists(),
    reason="Ralph is not installed: pip install 'quizkit[lrs-tests]' to test against a real LRS",
)
USER, PASSWORD = "ada", "s3cret pass"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def ralph(tmp_path):
    """A running Ralph LRS; yields its xAPI address. Its process group is ended afterwards."""
    env = dict(
        os.environ,
        RALPH_AUTH_FILE=str(tmp_path / "auth.json"),
        RALPH_RUNSERVER_BACKEND="fs",
    )
    subprocess.run(
        [
            RALPH,
            "auth",
            "-u",
            USER,
            "-p",
            PASSWORD,
            "-s",
            "all",
            "-M",
            "mailto:lrs@example.org",
            "-w",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = _free_port()
    store = tmp_path / "lrs"
    store.mkdir()
    server = subprocess.Popen(
        [RALPH, "runserver", "-b", "fs", "--fs-default-directory-path", str(store)]
        + ["-h", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # it starts a reloader child: end the whole group
    )
    url = f"http://127.0.0.1:{port}/xAPI/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _held(url)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("Ralph did not start")
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


def _held(url: str) -> list[dict]:
    """Every statement the LRS holds (Ralph lists them without paging at this size)."""
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(
        url + "statements?limit=500",
        headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        return json.load(response)["statements"]


def test_ralph_holds_every_statement_exactly_once_after_sends_and_a_resend(
    history,  # noqa: F811
    ralph,
    monkeypatch,
):
    monkeypatch.setenv("QUIZKIT_LRS_PASSWORD", PASSWORD)
    assert send(history, "--lrs", ralph) == 0
    # A send cut off after the LRS stored a batch sends it again: Ralph must not store it twice.
    from quizkit.progress.store import ProgressStore

    store = ProgressStore.open(history / "p.sqlite3")
    store._db.execute("UPDATE xapi_outbox SET sent_at = NULL WHERE rowid <= 7")
    store._db.commit()
    store.close()
    assert send(history, "--lrs", ralph) == 0
    ids = [s["id"] for s in _held(ralph)]
    assert len(ids) == STATEMENTS and len(set(ids)) == STATEMENTS
