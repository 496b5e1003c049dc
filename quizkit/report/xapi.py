"""xAPI 1.0.3 statements for exam attempts: attempted, answered, passed / failed, completed.

Built from the transcript, one attempt at a time, as plain dicts an LRS
accepts, so ``quizkit export --format xapi`` and (later) ``quizkit send`` post
the same statements. Statement ids are UUIDv5 names of the attempt and the
verb (and the question), so exporting or sending an attempt twice gives the
same ids and an LRS never stores it twice. ``stored``, ``authority`` and
``version`` are left to the LRS, as the specification says.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

from quizkit.report.transcript import Transcript, stable_id

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITIES = "http://adlnet.gov/expapi/activities/"
# Activity ids are IRIs quizkit owns (a URN: no web server is implied); an LMS
# that wants its own can pass another base.
ACTIVITY_BASE = "urn:quizkit:"
# An account's homePage must be an IRL; a learner without an email is known by
# their learner id (or name) on this placeholder home until a real LMS is named.
ACCOUNT_HOME = "https://quizkit.invalid/learners"
EXTENSION_MODE = "urn:quizkit:xapi:extension:mode"
EXTENSION_NUMBER = "urn:quizkit:xapi:extension:attempt-number"
INTERACTION_TYPES = {
    "choice": "choice",
    "truefalse": "true-false",
    "typed": "fill-in",
    "cloze": "fill-in",
}


def actor(learner: dict[str, Any], home_page: str = ACCOUNT_HOME) -> dict[str, Any]:
    """The learner as an Agent with exactly one identifier: email, else an account."""
    agent: dict[str, Any] = {"objectType": "Agent", "name": learner["name"]}
    if learner.get("email"):
        agent["mbox"] = f"mailto:{learner['email']}"
    else:
        agent["account"] = {"homePage": home_page, "name": learner.get("id") or learner["name"]}
    return agent


def registration(learner: dict[str, Any]) -> str:
    """One registration per learner and course: the same UUID in every export."""
    who = learner.get("id") or learner.get("email") or learner["name"]
    return stable_id("registration", who, learner.get("course") or "")


def _iri(*parts: str, base: str = ACTIVITY_BASE) -> str:
    return base + ":".join(quote(part, safe="") for part in parts)


def _verb(name: str) -> dict[str, Any]:
    return {"id": ADL_VERBS + name, "display": {"en-US": name}}


def _activity(iri: str, name: str, kind: str, **definition: Any) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": iri,
        "definition": {"name": {"en-US": name}, "type": ADL_ACTIVITIES + kind, **definition},
    }


def duration(seconds: float) -> str:
    """An ISO 8601 duration to the hundredth of a second (``PT1H2M3.5S``)."""
    hundredths = max(0, round(seconds * 100))
    hours, rest = divmod(hundredths, 360000)
    minutes, rest = divmod(rest, 6000)
    whole, frac = divmod(rest, 100)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{whole}.{frac:02d}".rstrip("0").rstrip(".") + "S")


def attempt_statements(
    transcript: Transcript, attempt: dict[str, Any], base: str = ACTIVITY_BASE
) -> list[dict[str, Any]]:
    """The statements of one attempt, in the order they happened."""
    learner = transcript.learner
    exam_iri = _iri("exam", attempt["deck"], attempt["exam"], base=base)
    exam_activity = _activity(exam_iri, attempt["exam_title"], "assessment")
    deck_activity = _activity(
        _iri("deck", attempt["deck"], base=base), attempt["deck_title"], "course"
    )
    grouping = [deck_activity]
    if learner.get("course"):
        grouping.append(
            _activity(_iri("course", learner["course"], base=base), learner["course"], "course")
        )
    context = {
        "registration": registration(learner),
        "contextActivities": {"grouping": grouping},
        "platform": f"quizkit {transcript.header['quizkit_version']}",
        "extensions": {EXTENSION_MODE: attempt["mode"], EXTENSION_NUMBER: attempt["number"]},
    }
    if attempt["deck_version"]:
        context["revision"] = attempt["deck_version"]
    agent = actor(learner)

    def statement(verb: str, when: str, obj: dict, *, key: str = "", **extra: Any) -> dict:
        return {
            "id": stable_id("xapi", attempt["id"], verb, key),
            "actor": agent,
            "verb": _verb(verb),
            "object": obj,
            "timestamp": when,
            **extra,
        }

    statements = [statement("attempted", attempt["started_at"], exam_activity, context=context)]
    for question in attempt["questions"]:
        if question["answered_at"] is not None:
            statements.append(_answered(statement, question, exam_iri, exam_activity, context))
    if attempt["ended_how"] == "abandoned":
        return statements  # never finished: no result to report
    result = {
        "score": {
            "scaled": round(attempt["score_raw"] / attempt["score_max"], 6)
            if attempt["score_max"]
            else 0.0,
            "raw": attempt["score_raw"],
            "min": 0,
            "max": attempt["score_max"],
        },
        "success": attempt["passed"],
        "completion": True,
        "duration": duration(attempt["duration_seconds"]),
    }
    verdict = "passed" if attempt["passed"] else "failed"
    for verb in (verdict, "completed"):
        statements.append(
            statement(verb, attempt["ended_at"], exam_activity, result=result, context=context)
        )
    return statements


def _answered(statement, question, exam_iri, exam_activity, context) -> dict[str, Any]:
    kind = question["kind"]
    iri = f"{exam_iri}:question:{quote(question['card_id'], safe='')}"
    activity = _activity(
        iri,
        f"Question {question['index'] + 1}",
        "cmi.interaction",
        interactionType=INTERACTION_TYPES.get(kind, "other"),
    )
    mark = question["mark"]
    result: dict[str, Any] = {
        "score": {"scaled": mark, "raw": mark, "min": 0, "max": 1},
        "success": mark >= 1.0,
        "completion": True,
    }
    if kind == "truefalse" and question["answer"] is not None:
        result["response"] = question["answer"].lower()
    elif kind in ("typed", "cloze") and question["answer"] is not None:
        result["response"] = question["answer"]
    contexts = dict(context["contextActivities"], parent=[exam_activity])
    return statement(
        "answered",
        question["answered_at"],
        activity,
        key=f"q{question['index']}",
        result=result,
        context=dict(context, contextActivities=contexts),
    )


def statements(transcript: Transcript) -> Iterator[dict[str, Any]]:
    """Every statement of every attempt, attempt by attempt."""
    for attempt in transcript.attempts():
        yield from attempt_statements(transcript, attempt)


def write_xapi(transcript: Transcript, write: Callable[[str], None], tick=lambda: None) -> None:
    """Write a JSON array of statements through ``write``, an attempt at a time."""
    write("[")
    first = True
    for attempt in transcript.attempts():
        for item in attempt_statements(transcript, attempt):
            write(("\n  " if first else ",\n  ") + json.dumps(item, ensure_ascii=False))
            first = False
        tick()
    write("\n]\n" if not first else "]\n")
