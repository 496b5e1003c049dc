"""The printable transcript: one self-contained HTML page, a certificate per exam and every attempt.

No script, no font, no image, no link to fetch: it prints the same offline.
Every piece of text, whoever wrote it, goes through ``html.escape``. The
certificate of an exam is its result under the exam's grading method, with
the attempt that decided it (for ``average``, the latest); each is a page
of its own when printed, followed by the table of attempts.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from quizkit.report.transcript import Transcript, stable_id

STYLE = """
:root { color-scheme: light; }
body { font-family: Georgia, 'Times New Roman', serif; margin: 2rem auto; max-width: 52rem;
  color: #1d2430; background: #fff; line-height: 1.4; }
h1, h2 { font-weight: normal; letter-spacing: .02em; }
.certificate { border: 3px double #3c5a7a; padding: 2rem 2.5rem; margin-bottom: 2.5rem; }
.certificate h1 { text-align: center; font-size: 2rem; margin: 0 0 .25rem; }
.certificate .learner { text-align: center; font-size: 1.6rem; margin: 1rem 0 .25rem; }
.certificate .course, .certificate .lead { text-align: center; margin: .25rem 0; }
.result { text-align: center; font-size: 1.3rem; margin: 1rem 0; }
.passed { color: #1f6b3a; } .failed { color: #9b2c2c; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.2rem; margin: 1.2rem 0; }
dt { color: #56606e; } dd { margin: 0; }
.ids dd { font-family: 'DejaVu Sans Mono', monospace; font-size: .85rem; word-break: break-all; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #c9d1dc; padding: .3rem .4rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
footer { margin-top: 2rem; font-size: .8rem; color: #56606e; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .certificate { page-break-after: always; break-after: page; margin: 0; }
  tr { break-inside: avoid; }
  @page { size: A4; margin: 18mm; }
}
"""


def _date(iso: str | None) -> str:
    return iso[:10] if iso else "—"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def _hours(seconds: int) -> str:
    return f"{seconds / 3600:.1f} h"


def _fraction(attempt: dict[str, Any]) -> float:
    return attempt["score_raw"] / (attempt["score_max"] or 1)


def _replaces(grading: str, new: dict[str, Any], kept: dict[str, Any] | None) -> bool:
    """Does ``new`` (a later attempt) decide the grade instead of ``kept``?"""
    if kept is None:
        return True
    if grading == "highest":
        return _fraction(new) > _fraction(kept)
    return grading != "first"  # last, and average (shown with its latest attempt)


def deciding_attempts(transcript: Transcript) -> dict[str, dict[str, Any]]:
    """Per exam, the graded attempt its certificate shows: one pass, one attempt kept per exam."""
    exams = {exam["id"]: exam for exam in transcript.header["exams"]}
    chosen: dict[str, dict[str, Any]] = {}
    for attempt in transcript.attempts():
        exam = exams.get(attempt["exam"])
        graded = attempt["mode"] == "certification" and attempt["ended_how"] != "abandoned"
        if exam is None or not graded:
            continue
        if _replaces(exam["grading"], attempt, chosen.get(exam["id"])):
            chosen[exam["id"]] = {k: v for k, v in attempt.items() if k != "questions"}
    return chosen


def certificate(
    transcript: Transcript, exam: dict[str, Any], attempt: dict[str, Any], key_fingerprint: str
) -> str:
    """One exam's certificate section."""
    learner = transcript.learner
    deck = transcript.deck(exam["deck"]) or {"title": exam["deck"], "study_seconds": 0}
    result = "Passed" if exam["passed"] else "Not passed"
    who = escape(learner["name"]) + (f" ({escape(learner['id'])})" if learner["id"] else "")
    course = f"<p class='course'>{escape(learner['course'])}</p>" if learner["course"] else ""
    cert_id = stable_id("certificate", attempt["id"])
    rows = [
        ("Exam", escape(exam["title"])),
        ("Deck", escape(deck["title"])),
        ("Date", escape(_date(attempt["ended_at"]))),
        (
            "Score",
            f"{attempt['score_raw']:g} of {attempt['score_max']:g} ({attempt['percentage']:g} %)",
        ),
        (
            "Exam grade",
            f"{_percent(exam['grade'])} ({escape(exam['grading'])} of {exam['attempts']} attempts)",
        ),
        ("Pass mark", _percent(exam["pass_mark"])),
        ("Study time", escape(_hours(deck["study_seconds"]))),
    ]
    ids = [
        ("Certificate id", escape(cert_id)),
        ("Exam content", escape(exam["content_hash"])),
        ("Signing key", escape(key_fingerprint)),
    ]
    return (
        "<section class='certificate'>\n<h1>Certificate of examination</h1>\n"
        f"<p class='lead'>This is to record that</p>\n<p class='learner'>{who}</p>\n{course}\n"
        f"<p class='lead'>sat the certification exam <strong>{escape(exam['title'])}</strong></p>\n"
        f"<p class='result {'passed' if exam['passed'] else 'failed'}'>{result}</p>\n"
        + _dl(rows)
        + "<dl class='ids'>"
        + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in ids)
        + "</dl>\n</section>\n"
    )


def _dl(rows: list[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>\n"


def _row(attempt: dict[str, Any]) -> str:
    cells = [
        escape(_date(attempt["started_at"])),
        escape(attempt["exam_title"]),
        escape(attempt["mode"]),
        f"<span class='n'>{attempt['number']}</span>",
        escape(attempt["ended_how"].replace("_", " ")),
        f"{attempt['score_raw']:g} / {attempt['score_max']:g}",
        f"{attempt['percentage']:g} %",
        "passed" if attempt["passed"] else "not passed",
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>\n"


def write_html(
    transcript: Transcript,
    write: Callable[[str], None],
    key_fingerprint: str,
    tick=lambda: None,
) -> None:
    """Write the page through ``write``: certificates first, then the attempts, streamed."""
    header = transcript.header
    learner = transcript.learner
    title = f"Transcript of {learner['name']}"
    write(
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    )
    chosen = deciding_attempts(transcript)
    for exam in header["exams"]:
        if exam["id"] in chosen:
            write(certificate(transcript, exam, chosen[exam["id"]], key_fingerprint))
    write(f"<h2>{escape(title)}</h2>\n")
    write(_dl(_learner_rows(transcript)))
    write(
        "<table>\n<thead><tr><th>Date</th><th>Exam</th><th>Mode</th><th>#</th><th>Ended</th>"
        "<th>Score</th><th>%</th><th>Result</th></tr></thead>\n<tbody>\n"
    )
    for attempt in transcript.attempts():
        write(_row(attempt))
        tick()
    write(
        "</tbody>\n</table>\n<footer>Generated by quizkit "
        f"{escape(header['quizkit_version'])} on {escape(header['generated_at'])}. "
        "The signed JSON transcript (<code>quizkit export --format json --sign</code>) "
        "is checked with <code>quizkit verify FILE</code>; its key fingerprint must be "
        f"{escape(key_fingerprint)}.</footer>\n</body>\n</html>\n"
    )


def _learner_rows(transcript: Transcript) -> list[tuple[str, str]]:
    learner = transcript.learner
    study = transcript.header["study"]
    rows = [("Learner", escape(learner["name"]))]
    for key, label in (("id", "Learner id"), ("email", "Email"), ("course", "Course")):
        if learner[key]:
            rows.append((label, escape(learner[key])))
    rows.append(("Study time", f"{_hours(study['study_seconds'])} over {study['reviews']} reviews"))
    return rows
