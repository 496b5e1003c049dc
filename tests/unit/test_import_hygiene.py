"""Only tui/ may load Textual or Rich: the rest of quizkit must work without a terminal."""

import subprocess
import sys

EVERY_MODULE_OUTSIDE_TUI = """
import importlib, pkgutil, sys, quizkit
for info in pkgutil.walk_packages(quizkit.__path__, "quizkit."):
    if not info.name.startswith(("quizkit.tui", "quizkit.__main__")):
        importlib.import_module(info.name)
print(",".join(m for m in ("textual", "rich") if m in sys.modules))
"""


def test_importing_every_module_outside_tui_loads_neither_textual_nor_rich():
    result = subprocess.run(
        [sys.executable, "-c", EVERY_MODULE_OUTSIDE_TUI], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_stats_and_lint_commands_do_not_import_textual():
    code = (
        "import sys, quizkit.cli.main, quizkit.cli.lint;"
        "print(','.join(m for m in ('textual',) if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
