"""Time from launching `quizkit` to its first frame, beside a hello-world Textual app.

Each run starts the real command in a tmux pane (a real terminal) with a fresh
progress file and a warm deck cache, and reads the moment its first frame was
ready (``QUIZKIT_STARTUP_REPORT``). The peer is the smallest Textual app,
launched and timed the same way in the same run: what Textual itself costs.

    .venv/bin/python benchmarks/bench_tui_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELLO = """
import sys, time
from textual.app import App
from textual.widgets import Footer, Header, Static
class Hello(App):
    def compose(self):  # the peer the issue names: Header, Static, Footer
        yield Header()
        yield Static("hello")
        yield Footer()
    def on_ready(self):
        with open(sys.argv[1], "a") as f:
            f.write(f"0 {time.time():.4f} {time.process_time():.4f}\\n")
        self.exit()
Hello().run()
"""


def tmux(server: str, *args: str) -> None:
    subprocess.run(["tmux", "-L", server, *args], check=True, capture_output=True)


def pane_command(env: dict[str, str], command: list[str]) -> str:
    """The shell line that runs ``command`` in the pane with ``env``, and with byte code
    kept, as after ``pip install``: a PYTHONDONTWRITEBYTECODE=1 inherited from the shell
    that started tmux made every launch compile quizkit's modules from source (the peer's
    Textual, installed by pip, had its byte code), ~100-200 ms of the gap measured before."""
    return shlex.join(
        ["env", "-u", "PYTHONDONTWRITEBYTECODE", *(f"{k}={v}" for k, v in env.items()), *command]
    )


def launch_and_time(server: str, command: list[str], report: Path, env: dict[str, str]) -> float:
    return launch(server, command, report, env)[0]


def launch(
    server: str, command: list[str], report: Path, env: dict[str, str]
) -> tuple[float, float]:
    """Seconds from launch to the first frame, and the CPU seconds the process had spent by
    then (every thread): the second moves much less with other processes' load."""
    report.unlink(missing_ok=True)
    line = pane_command(env, command)
    started = time.time()
    tmux(server, "respawn-pane", "-k", "-t", "bench", line)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if report.exists() and report.read_text().strip():
            fields = report.read_text().split()
            tmux(server, "send-keys", "-t", "bench", "C-q")
            return float(fields[1]) - started, float(fields[2])
        time.sleep(0.005)
    raise SystemExit(f"{command[0]} did not start within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    quizkit = str(Path(sys.executable).with_name("quizkit"))
    server = f"bench-{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        hello = tmp_path / "hello.py"
        hello.write_text(HELLO)
        report = tmp_path / "ready"
        env = {
            "TERM": "xterm-256color",
            "QUIZKIT_CONFIG": str(tmp_path / "config.toml"),
            "QUIZKIT_CACHE": str(tmp_path / "cache"),
            "QUIZKIT_STARTUP_REPORT": str(report),
        }
        tmux(server, "-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", "100", "-y", "30")
        tmux(server, "set-option", "-t", "bench", "remain-on-exit", "on")
        try:
            runs: dict[str, list[tuple[float, float]]] = {
                "quizkit (home screen)": [],
                "hello-world Textual app (peer)": [],
            }
            for run in range(args.runs + 1):  # the first run warms the deck cache and the disk
                data = {
                    "QUIZKIT_DATA": str(tmp_path / "progress.sqlite3")
                }  # as every day after the first
                q = launch(server, [quizkit], report, {**env, **data})
                h = launch(server, [sys.executable, str(hello), str(report)], report, env)
                if run:
                    runs["quizkit (home screen)"].append(q)
                    runs["hello-world Textual app (peer)"].append(h)
        finally:
            subprocess.run(["tmux", "-L", server, "kill-server"], capture_output=True)
    peer = statistics.median(w for w, _ in runs["hello-world Textual app (peer)"])
    peer_cpu = statistics.median(c for _, c in runs["hello-world Textual app (peer)"])
    print(f"launch -> first frame, {args.runs} runs each, {os.cpu_count()} cores")
    print(
        f"{'what':<34} {'median ms':>10} {'max ms':>8} {'vs peer':>8} {'CPU ms':>7} {'vs peer':>8}"
    )
    for name, values in runs.items():
        median = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(
            f"{name:<34} {median * 1000:>10.0f} {max(w for w, _ in values) * 1000:>8.0f} "
            f"{median / peer:>7.2f}x {cpu * 1000:>7.0f} {(cpu - peer_cpu) * 1000:>+7.0f}"
        )


if __name__ == "__main__":
    main()
