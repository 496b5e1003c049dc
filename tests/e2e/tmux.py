"""Driving the real ``quizkit`` command in tmux, as a person at a terminal would.

Each session runs on a tmux server of its own (a shared server would hand the
pane the environment it started with), keeps the pane after the program exits
so its last words can be read, and is polled, never slept on.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

QUIZKIT = str(Path(sys.executable).with_name("quizkit"))

requires_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, width: int = 100, height: int = 30) -> None:
        self.server = f"quizkit-test-{uuid.uuid4().hex[:8]}"
        self.width, self.height = width, height
        self._tmux("-f", "/dev/null", "start-server", ";", "set", "-g", "exit-empty", "off")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.server, *args], capture_output=True, text=True, check=True
        ).stdout

    def run(self, argv: list[str], env: dict[str, str]) -> None:
        """Start ``argv`` in a fresh window with exactly ``env`` added."""
        assignments = [f"{k}={v}" for k, v in {"TERM": "tmux-256color", **env}.items()]
        # pytest leaves COLUMNS=80 LINES=24 in the environment, and Textual obeys
        # them over the pane's real size: unset, the app sees the size asked for.
        command = shlex.join(["env", "-u", "COLUMNS", "-u", "LINES", *assignments, *argv])
        self._tmux("kill-session", "-t", "main") if self._has_session() else None
        self._tmux("new-session", "-d", "-s", "main", "-x", str(self.width), "-y", str(self.height))
        self._tmux("set-option", "-t", "main", "remain-on-exit", "on")
        self._tmux("respawn-pane", "-k", "-t", "main", f"exec {command}")

    def _has_session(self) -> bool:
        return (
            subprocess.run(
                ["tmux", "-L", self.server, "has-session", "-t", "main"], capture_output=True
            ).returncode
            == 0
        )

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "main")

    def press(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", "main", key)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not appear; the screen shows:\n{self.screen()}")

    def wait_for_exit(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._tmux("display-message", "-p", "-t", "main", "#{pane_dead}").strip() == "1":
                return
            time.sleep(0.05)
        raise AssertionError(f"the program did not exit; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.server, "kill-server"], capture_output=True)


def pane_pid(tmux: Tmux) -> int:
    """The pid of the program in the pane (the pane's command execs it)."""
    return int(tmux._tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip())
