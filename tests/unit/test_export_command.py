"""`quizkit export` as a command: no name no export, whole files only, --force, quiet pipes."""

from __future__ import annotations

import os

import pytest

from quizkit.base.files import open_atomically
from quizkit.cli import export as export_module
from tests.unit.test_export_formats import export  # noqa: F401  (the fixture)


def test_without_a_learner_name_nothing_is_exported(export, tmp_path, capsys):  # noqa: F811
    (tmp_path / "config.toml").write_text('[learner]\ncourse = "Diploma"\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    assert export("--format", "csv", "--out", str(out)) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and not out.exists()
    assert "no learner name is set" in captured.err
    assert 'quizkit profile --name "Your Name"' in captured.err


@pytest.mark.parametrize("fmt", ["csv", "json", "xapi", "html"])
def test_an_existing_file_is_replaced_only_with_force(export, tmp_path, capsys, fmt):  # noqa: F811
    out = tmp_path / f"out.{fmt}"
    out.write_text("the learner's own file\n", encoding="utf-8")
    assert export("--format", fmt, "--out", str(out)) == 1
    assert "exists: add --force to replace it" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "the learner's own file\n"
    assert export("--format", fmt, "--out", str(out), "--force") == 0
    assert "Ada Example" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_a_failure_while_writing_leaves_the_old_file_whole(export, tmp_path, capsys, monkeypatch):  # noqa: F811
    out = tmp_path / "out.csv"
    out.write_text("old\n", encoding="utf-8")

    def broken(transcript, write, tick=lambda: None):
        write("learner_name,half a row")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("quizkit.report.csv_export.write_csv", broken)
    assert export("--format", "csv", "--out", str(out), "--force") == 1
    assert "cannot write" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


def test_sign_goes_with_json_only(export, capsys):  # noqa: F811
    assert export("--format", "csv", "--sign") == 2
    assert "--format json" in capsys.readouterr().err


def test_stdout_gets_the_data_and_no_progress_in_a_pipe(export, capsys):  # noqa: F811
    assert export("--format", "csv") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("learner_name,")
    assert "exported" not in captured.err


def test_progress_shows_count_and_time_left_on_a_terminal(capsys, monkeypatch):
    clock = iter([0.0, 1.0, 2.0, 3.0])
    monkeypatch.setattr(export_module.time, "monotonic", lambda: next(clock))
    progress = export_module.Progress(total=10, shown=True)
    progress.tick()
    progress.tick()
    assert "exported 2 of 10 attempts, about 8 s left" in capsys.readouterr().err


def test_progress_is_silent_when_not_shown(capsys):
    progress = export_module.Progress(total=10, shown=False)
    for _ in range(10):
        progress.tick()
    progress.end()
    assert capsys.readouterr().err == ""


def test_open_atomically_never_clobbers_without_replace(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError), open_atomically(target, replace=False) as handle:
        handle.write(b"theirs")
    assert target.read_text(encoding="utf-8") == "mine"
    assert os.listdir(tmp_path) == ["t.txt"]


def test_open_atomically_swaps_in_a_whole_file_with_private_mode(tmp_path):
    target = tmp_path / "new.txt"
    with open_atomically(target, replace=False) as handle:
        handle.write(b"a")
        assert not target.exists()  # nothing shows until the block ends
        handle.write(b"b")
    assert target.read_bytes() == b"ab"
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_folder_or_a_missing_folder_as_out_is_refused_plainly(export, tmp_path, capsys):  # noqa: F811
    assert export("--format", "csv", "--out", str(tmp_path), "--force") == 1
    assert "is a folder" in capsys.readouterr().err
    missing = tmp_path / "nowhere" / "out.csv"
    assert export("--format", "csv", "--out", str(missing)) == 1
    err = capsys.readouterr().err
    assert f"cannot write {missing}: No such file or directory" in err and "Traceback" not in err
