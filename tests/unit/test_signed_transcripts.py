"""Signed transcripts: sign, verify, tamper with each kind of field, verify names it."""

from __future__ import annotations

import json
import stat

import pytest

from quizkit.cli.main import main
from tests.unit.test_export_formats import export  # noqa: F401  (the fixture)


@pytest.fixture
def signed(export, tmp_path, capsys):  # noqa: F811
    path = tmp_path / "transcript.json"
    assert export("--format", "json", "--sign", "--out", str(path)) == 0
    err = capsys.readouterr().err
    fingerprint = err.split("fingerprint ")[1].split()[0]
    return path, fingerprint


def _verify(path, capsys) -> tuple[int, str, str]:
    code = main(["verify", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _tamper(path, change) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")


def test_a_fresh_signed_transcript_verifies_with_its_fingerprint(signed, capsys):
    path, fingerprint = signed
    code, out, _ = _verify(path, capsys)
    assert code == 0
    assert (
        out == f"valid: {path} is unchanged since it was signed\nkey fingerprint: {fingerprint}\n"
    )


def test_the_key_is_made_once_private_and_reused(export, signed, tmp_path, capsys):  # noqa: F811
    key = tmp_path / "transcript-signing-key.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = key.read_bytes()
    again = tmp_path / "again.json"
    assert export("--format", "json", "--sign", "--out", str(again)) == 0
    assert "made your signing key" not in capsys.readouterr().err
    assert key.read_bytes() == before
    assert json.loads(again.read_text())["signature"]["fingerprint"] == signed[1]


def test_reformatting_the_file_keeps_it_valid(signed, capsys):
    path, _ = signed
    _tamper(path, lambda d: None)  # re-indented, same values: canonical form is unchanged
    assert _verify(path, capsys)[0] == 0


@pytest.mark.parametrize(
    ("pointer", "change"),
    [
        ("/learner/name", lambda d: d["learner"].update(name="Eve Example")),
        ("/learner/course", lambda d: d["learner"].update(course="Another")),
        ("/attempts/0/score_raw", lambda d: d["attempts"][0].update(score_raw=5.0)),
        ("/attempts/0/percentage", lambda d: d["attempts"][0].update(percentage=100.0)),
        ("/attempts/2/passed", lambda d: d["attempts"][2].update(passed=True)),
        (
            "/attempts/1/ended_at",
            lambda d: d["attempts"][1].update(ended_at="2026-01-01T00:00:00Z"),
        ),
        (
            "/attempts/0/started_at",
            lambda d: d["attempts"][0].update(started_at="2025-01-01T09:00:00Z"),
        ),
        (
            "/attempts/0/questions/0/mark",
            lambda d: d["attempts"][0]["questions"][0].update(mark=0.5),
        ),
        ("/exams/1/grade", lambda d: d["exams"][1].update(grade=0.99)),
        ("/generated_at", lambda d: d.update(generated_at="2030-01-01T00:00:00Z")),
    ],
)
def test_changing_a_field_fails_and_names_it(signed, capsys, pointer, change):
    path, fingerprint = signed
    _tamper(path, change)
    code, out, err = _verify(path, capsys)
    assert code == 1 and out == ""
    assert "NOT valid" in err
    lines = [line.strip() for line in err.splitlines()]
    assert any(line.split(" (")[0] == pointer for line in lines), err
    assert fingerprint in err


def test_a_removed_attempt_is_named(signed, capsys):
    path, _ = signed
    _tamper(path, lambda d: d["attempts"].pop())
    code, _, err = _verify(path, capsys)
    assert code == 1
    assert [line.strip() for line in err.splitlines()][1:3] == [
        "/attempts/2 removed",
        "signed by the key with fingerprint " + signed[1],
    ]


def test_an_added_field_is_named(signed, capsys):
    path, _ = signed
    _tamper(path, lambda d: d["learner"].update(note="certified by the board"))
    code, _, err = _verify(path, capsys)
    assert code == 1 and [line.strip() for line in err.splitlines()][1] == "/learner/note added"


def test_an_altered_signature_block_fails(signed, capsys):
    path, _ = signed

    def forge(document):
        document["attempts"][0]["score_raw"] = 5.0
        document["signature"]["fields"]["/attempts/0/score_raw"] = "0" * 16

    _tamper(path, forge)
    code, _, err = _verify(path, capsys)
    assert code == 1 and "signature block was altered" in err


def test_an_unsigned_or_broken_file_is_refused_with_a_reason(tmp_path, capsys):
    plain = tmp_path / "plain.json"
    plain.write_text('{"format": "quizkit-transcript"}', encoding="utf-8")
    assert _verify(plain, capsys)[0] == 1
    broken = tmp_path / "broken.json"
    broken.write_text('{"format":\n oops}', encoding="utf-8")
    code, _, err = _verify(broken, capsys)
    assert code == 1 and f"{broken}:2:2: not JSON" in err and "Traceback" not in err
