"""`quizkit profile`: shows the [learner] table, sets it keeping the file's comments, refuses bad input."""

from __future__ import annotations

import os

import pytest

from quizkit.cli.main import main
from quizkit.config import load_config
from quizkit.profile import save_learner

COMMENTED = """\
# My quizkit settings
[study]
rollover_hour = 3   # I study late

[learner]
# as on my diploma
name = "Old Name"
"""


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("QUIZKIT_CONFIG", str(path))
    return path


def test_profile_shows_unset_fields_without_a_config_file(config, capsys):
    assert main(["profile"]) == 0
    out = capsys.readouterr().out
    assert "Name:       (not set)" in out
    assert f"Config:     {config}" in out
    assert not config.exists()  # showing never writes


def test_profile_sets_every_field_and_shows_them(config, capsys):
    args = ["--name", "Ada Example", "--id", "NAT-12345", "--email", "ada@example.org"]
    assert main(["profile", *args, "--course", "Trigger Point Therapy"]) == 0
    assert "Learner ID: NAT-12345" in capsys.readouterr().out
    learner = load_config(config).learner
    assert (learner.name, learner.id, learner.email, learner.course) == (
        "Ada Example",
        "NAT-12345",
        "ada@example.org",
        "Trigger Point Therapy",
    )


def test_setting_one_field_keeps_comments_layout_and_the_other_tables(config):
    config.write_text(COMMENTED, encoding="utf-8")
    assert main(["profile", "--name", "Ada Example", "--course", "Diploma"]) == 0
    assert config.read_text(encoding="utf-8") == COMMENTED.replace(
        '"Old Name"\n', '"Ada Example"\ncourse = "Diploma"\n'
    )
    assert load_config(config).rollover_hour == 3


def test_an_empty_value_clears_the_field(config):
    config.write_text(COMMENTED, encoding="utf-8")
    assert main(["profile", "--name", ""]) == 0
    assert load_config(config).learner.name is None
    assert "# as on my diploma" in config.read_text(encoding="utf-8")


def test_a_symlinked_config_is_written_through_the_link(config, tmp_path):
    real = tmp_path / "dotfiles" / "quizkit.toml"
    real.parent.mkdir()
    real.write_text(COMMENTED, encoding="utf-8")
    os.chmod(real, 0o600)
    config.symlink_to(real)
    assert main(["profile", "--id", "NAT-7"]) == 0
    assert config.is_symlink()
    assert load_config(real).learner.id == "NAT-7"
    assert real.stat().st_mode & 0o777 == 0o600  # a private file stays private


def test_a_broken_config_is_named_with_its_line_and_left_alone(config, capsys):
    config.write_text('[learner]\nname = "Ada"\nemail = 42\n', encoding="utf-8")
    before = config.read_bytes()
    assert main(["profile", "--name", "Ada Example"]) == 1
    err = capsys.readouterr().err
    assert f"{config}:3:" in err and "email" in err and "must be a string" in err
    assert config.read_bytes() == before


def test_a_config_with_a_toml_syntax_error_is_named_with_its_line(config, capsys):
    config.write_text('[learner\nname = "Ada"\n', encoding="utf-8")
    assert main(["profile"]) == 1
    assert f"{config}:1:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "not-an-address"], "does not look like an email address"),
        (["--name", "Ada\nEve"], "cannot contain line breaks"),
        (["--course", "x" * 201], "longer than 200 characters"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(config, capsys, args, message):
    assert main(["profile", *args]) == 1
    assert message in capsys.readouterr().err
    assert not config.exists()


def test_markup_and_escapes_in_the_profile_are_printed_as_data(config, capsys):
    save_learner(config, {"name": "[bold]Ada[/bold]"})
    config.write_text(
        config.read_text(encoding="utf-8") + 'course = "\\u001b]0;pwned\\u0007"\n',
        encoding="utf-8",
    )
    assert main(["profile"]) == 0
    out = capsys.readouterr().out
    assert "[bold]Ada[/bold]" in out
    assert "\x1b" not in out and "␛]0;pwned␇" in out
