import subprocess
import sys


def test_importing_core_loads_neither_textual_nor_rich():
    code = (
        "import sys, quizkit.core, quizkit.core.workspace, quizkit.core.stats, quizkit.core.lint;"
        "print(','.join(m for m in ('textual', 'rich') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_stats_and_lint_commands_do_not_import_textual():
    code = (
        "import sys, quizkit.cli, quizkit.lint_command;"
        "print(','.join(m for m in ('textual',) if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
