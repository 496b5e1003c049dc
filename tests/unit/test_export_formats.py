"""`quizkit export`: CSV, JSON and HTML against a progress file with known attempts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from quizkit.cli.main import main
from tests.export_history import EXAM_DECK, make_history

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "transcript.schema.json").read_text(encoding="utf-8")
)
HOSTILE_DECK = (
    EXAM_DECK.read_text(encoding="utf-8")
    .replace('title = "Exam demo"', 'title = "@SUM(A1:A9) <script>alert(1)</script>"')
    .replace('title = "Demo certification"', 'title = "-2+3 & \\"quoted\\", comma"')
    .replace('version = "1"', 'version = "=1+1"')
)
HOSTILE_LEARNER = (
    '[learner]\nname = "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"\n'
    'id = "+1-555"\ncourse = "-cmd|\' /C calc\'!A0"\n'
)


@pytest.fixture
def export(tmp_path, monkeypatch):
    """Run `quizkit export` on a file holding the known attempts; return (code, stdout, stderr)."""
    monkeypatch.setenv("QUIZKIT_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    (tmp_path / "config.toml").write_text(
        '[learner]\nname = "Ada Example"\nid = "NAT-1"\ncourse = "Diploma"\n', encoding="utf-8"
    )
    decks = tmp_path / "decks"
    decks.mkdir()
    made = {}

    def run(*args: str, deck: str | None = None, capsys=None):
        if not made:
            (decks / "exam.toml").write_text(
                deck or EXAM_DECK.read_text(encoding="utf-8"), encoding="utf-8"
            )
            make_history(tmp_path / "p.sqlite3", decks)
            made["yes"] = True
        return main(["--data", str(tmp_path / "p.sqlite3"), "--decks", str(decks), "export", *args])

    return run


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_a_row_per_ended_attempt_with_the_issues_columns(export, capsys):
    assert export("--format", "csv") == 0
    out = capsys.readouterr().out
    assert out.split("\r\n")[0] == (
        "learner_name,learner_id,course,exam_id,exam_title,deck_id,deck_version,"
        "exam_content_hash,attempt_number,mode,ended_how,started_at,ended_at,duration_seconds,"
        "score_raw,score_max,percentage,pass_mark,passed,exam_grade,grading,deck_study_seconds,"
        "quizkit_version"
    )
    rows = _csv(out)
    assert [(r["mode"], r["attempt_number"], r["ended_how"]) for r in rows] == [
        ("certification", "1", "submitted"),
        ("certification", "2", "submitted"),
        ("practice", "1", "abandoned"),
    ]
    first = rows[0]
    assert first["learner_name"] == "Ada Example" and first["course"] == "Diploma"
    assert (first["score_raw"], first["score_max"], first["percentage"]) == ("4.0", "5.0", "80.0")
    assert first["passed"] == "true" and first["exam_grade"] == "1.0"
    assert first["started_at"] == "2026-11-20T09:00:00Z"
    assert first["ended_at"] == "2026-11-20T09:02:30Z"
    assert first["duration_seconds"] == "150.0"
    assert len(first["exam_content_hash"]) == 64
    assert rows[2]["passed"] == "false"


def test_csv_neutralises_formulas_in_everyones_text_and_leaves_numbers(export, tmp_path, capsys):
    (tmp_path / "config.toml").write_text(HOSTILE_LEARNER, encoding="utf-8")
    assert export("--format", "csv", deck=HOSTILE_DECK) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    first = dict(zip(rows[0], rows[1]))
    assert first["learner_name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert first["learner_id"] == "'+1-555"
    assert first["course"] == "'-cmd|' /C calc'!A0"
    assert first["exam_title"] == '\'-2+3 & "quoted", comma'
    assert first["deck_version"] == "'=1+1"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert first["score_raw"] == "4.0" and first["percentage"] == "80.0"  # numbers untouched


def test_json_transcript_validates_against_the_schema_and_holds_the_marks(export, capsys):
    assert export("--format", "json") == 0
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, SCHEMA)
    assert document["learner"] == {
        "name": "Ada Example",
        "id": "NAT-1",
        "email": None,
        "course": "Diploma",
    }
    exam = next(e for e in document["exams"] if e["id"] == "demo-cert")
    assert (exam["attempts"], exam["grade"], exam["passed"]) == (2, 1.0, True)
    first = document["attempts"][0]
    marks = {q["kind"]: q["mark"] for q in first["questions"]}
    assert sum(q["mark"] for q in first["questions"]) == first["score_raw"] == 4.0
    assert marks.get("typed", 0.0) == 0.0
    typed = [q for q in first["questions"] if q["kind"] == "typed"]
    assert all(q["answer"] == "no idea" for q in typed)
    practice = document["attempts"][2]
    assert [q["answered_at"] is not None for q in practice["questions"]].count(True) == 1


def test_json_export_with_hostile_text_still_validates(export, tmp_path, capsys):
    (tmp_path / "config.toml").write_text(HOSTILE_LEARNER, encoding="utf-8")
    assert export("--format", "json", deck=HOSTILE_DECK) == 0
    jsonschema.validate(json.loads(capsys.readouterr().out), SCHEMA)


def test_signed_json_validates_against_the_schema(export, tmp_path, capsys):
    out = tmp_path / "signed.json"
    assert export("--format", "json", "--sign", "--out", str(out)) == 0
    jsonschema.validate(json.loads(out.read_text(encoding="utf-8")), SCHEMA)


def test_attempt_ids_are_the_same_in_every_export(export, capsys):
    assert export("--format", "json") == 0
    first = [a["id"] for a in json.loads(capsys.readouterr().out)["attempts"]]
    assert export("--format", "json") == 0
    assert [a["id"] for a in json.loads(capsys.readouterr().out)["attempts"]] == first
    assert len(set(first)) == 3


def test_html_page_escapes_every_text_and_fetches_nothing(export, tmp_path, capsys):
    (tmp_path / "config.toml").write_text(HOSTILE_LEARNER, encoding="utf-8")
    assert export("--format", "html", deck=HOSTILE_DECK) == 0
    page = capsys.readouterr().out
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "=HYPERLINK(&quot;http://evil.example&quot;" in page
    assert "src=" not in page and "href=" not in page and "@import" not in page
    assert "@media print" in page
    for text in ("Certificate of examination", "Passed", "80 %", "Certificate id", "SHA256:"):
        assert text in page


def test_html_certificate_shows_the_attempt_that_decided_the_grade(export, capsys):
    assert export("--format", "html") == 0
    page = capsys.readouterr().out
    certificate = page.split("<section class='certificate'>")[1].split("</section>")[0]
    assert "Ada Example (NAT-1)" in certificate and "Diploma" in certificate
    assert "5 of 5 (100 %)" in certificate  # highest grading: the second attempt
    assert "2026-11-20" in certificate
    assert "Pass mark</dt><dd>80 %" in certificate


def test_an_attempt_whose_time_ran_out_is_submitted_then_exported(export, tmp_path, capsys):
    from quizkit.base.clock import FixedClock
    from quizkit.exam.attempts import ExamRoom
    from quizkit.workspace import Workspace
    from tests.export_history import START

    assert export("--format", "csv") == 0  # makes the known history
    capsys.readouterr()
    clock = FixedClock(START.replace(hour=10))
    workspace = Workspace.open(tmp_path / "p.sqlite3", [tmp_path / "decks"], clock=clock)
    try:
        room = ExamRoom(workspace.store, workspace.decks, clock)
        room.start(workspace.decks[-1].exams[0], "certification", seed=4)  # left open
    finally:
        workspace.close()
    assert export("--format", "csv") == 0  # now is days past its 10-minute deadline
    rows = _csv(capsys.readouterr().out)
    assert [
        (r["attempt_number"], r["ended_how"]) for r in rows if r["mode"] == "certification"
    ] == [
        ("1", "submitted"),
        ("2", "submitted"),
        ("3", "timed_out"),
    ]
    assert rows[-1]["ended_at"] == "2026-11-20T10:10:00Z"


def test_another_learners_same_attempt_gets_another_id(export, tmp_path, capsys):
    assert export("--format", "json") == 0
    mine = [a["id"] for a in json.loads(capsys.readouterr().out)["attempts"]]
    (tmp_path / "config.toml").write_text(
        '[learner]\nname = "Bo Other"\nid = "NAT-2"\n', encoding="utf-8"
    )
    assert export("--format", "json") == 0
    theirs = [a["id"] for a in json.loads(capsys.readouterr().out)["attempts"]]
    assert set(mine).isdisjoint(theirs)
