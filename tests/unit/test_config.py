"""The learner's config: checked by the deck checker, read as decks are, written through links."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from quizkit.config import load_config, save_theme, unknown_decks
from quizkit.deck.problems import DeckError


def config_errors(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeckError) as raised:
        load_config(path)
    return [(p.line, p.col, p.message) for p in raised.value.problems]


# Values a deck would refuse, which crashed later when they came from the config.
@pytest.mark.parametrize(
    ("line", "error"),
    [
        (
            'maximum_interval = "9999999999d"',
            (
                2,
                20,
                'maximum_interval in [study] is "9999999999d", which is too long: write at '
                'most "36500d" (100 years)',
            ),
        ),
        (
            "desired_retention = nan",
            (2, 21, "desired_retention in [study] must be between 0.7 and 0.99, not nan"),
        ),
        (
            "new_per_day = 9223372036854775808",
            (
                2,
                15,
                "new_per_day in [study] must be between 0 and 1,000,000, not 9223372036854775808",
            ),
        ),
        (
            'learning_steps = ["3000000d"]',
            (
                2,
                18,
                'learning_steps in [study] is "3000000d", which is too long: write at most '
                '"36500d" (100 years)',
            ),
        ),
    ],
)
def test_option_values_a_deck_would_refuse_are_refused_with_line_and_column(tmp_path, line, error):
    assert config_errors(tmp_path, f"[study]\n{line}\n") == [error]


def test_per_deck_options_are_checked_the_same_way(tmp_path):
    ((line, col, message),) = config_errors(
        tmp_path, '[decks.demo]\nnew_per_day = 1\nmaximum_interval = "9999999999d"\n'
    )
    assert (line, col) == (3, 20)
    assert message.startswith('maximum_interval in [decks.demo] is "9999999999d"')


def test_every_problem_is_reported_at_once(tmp_path):
    errors = config_errors(
        tmp_path, "[study]\nrollover_hour = 25\nnew_per_day = -1\n[learner]\nname = 3\n"
    )
    assert [e[0] for e in errors] == [2, 3, 5]


def test_a_config_with_a_byte_order_mark_is_read_as_decks_are(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes("\ufeff[study]\nnew_per_day = 7\n".encode())
    assert load_config(path).options == {"new_per_day": 7}


def test_valid_options_are_converted(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[study]\nlearning_steps = ["2m"]\ntheme = "nord"\n')
    config = load_config(path)
    assert config.options == {"learning_steps": (timedelta(minutes=2),)}
    assert config.theme == "nord"


def test_a_table_for_a_deck_that_does_not_exist_warns_with_a_did_you_mean(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[study]\nnew_per_day = 3\n\n[decks.gluteus-medus]\nnew_per_day = 1\n")
    config = load_config(path)
    (warning,) = unknown_decks(config, ["gluteus-medius", "other"])
    assert (warning.line, warning.severity) == (4, "warning")
    assert warning.message == (
        '[decks.gluteus-medus]: no deck loaded has the id "gluteus-medus", so these options '
        'apply to nothing: did you mean "gluteus-medius"?'
    )
    assert unknown_decks(config, ["gluteus-medus"]) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_as_config_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    with pytest.raises(DeckError) as raised:
        load_config(fifo)
    assert "not a regular file" in raised.value.problems[0].message
    with pytest.raises(OSError, match="not a regular file"):
        save_theme(fifo, "nord")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_as_config_is_refused_by_the_real_command(tmp_path, device):
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    env = {
        **os.environ,
        "QUIZKIT_CONFIG": device,
        "QUIZKIT_CACHE": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "quizkit", "stats", "--json", "--data", str(tmp_path / "p.db")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert f"{device}:1:1: error: cannot read the config file: it is not a regular file" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_saving_the_theme_writes_through_a_symlinked_config(tmp_path):
    real = tmp_path / "dotfiles" / "quizkit.toml"
    real.parent.mkdir()
    real.write_text("# mine\n[study]\nrollover_hour = 5\n")
    real.chmod(0o640)
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    save_theme(link, "nord")
    assert link.is_symlink()
    assert real.read_text() == '# mine\n[study]\nrollover_hour = 5\ntheme = "nord"\n'
    assert real.stat().st_mode & 0o777 == 0o640
    assert load_config(link).theme == "nord"


def test_typo_tolerance_is_the_authors_marking_rule_not_a_config_option(tmp_path):
    ((line, _, message),) = config_errors(tmp_path, "[decks.demo]\ntypo_tolerance = false\n")
    assert line == 2
    assert message.startswith(
        'unknown key "typo_tolerance" in [decks.demo]: typo_tolerance is how the deck\'s author '
        "marks answers"
    )
