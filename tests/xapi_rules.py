"""The xAPI 1.0.3 rules a statement must keep (xAPI-Data.md, part two), as assertions.

Written from the specification for the statements quizkit makes: required
properties, one inverse functional identifier per Agent, IRIs, UUIDs,
language maps, score ranges, ISO 8601 timestamps and durations, and the
context rules. Properties the LRS sets (stored, authority) must be absent.
"""

from __future__ import annotations

import re
import uuid

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")  # RFC 3987: scheme ":" no spaces
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DURATION = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
)
LANGUAGE = re.compile(r"^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$")  # RFC 5646, in its simple form
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}
INTERACTION_TYPES = {
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
}


def check_statement(s: dict) -> None:
    assert set(s) <= STATEMENT_KEYS, f"unknown or LRS-only properties: {set(s) - STATEMENT_KEYS}"
    for key in ("actor", "verb", "object"):
        assert key in s, f"a statement needs {key}"
    assert UUID.match(s["id"]) and uuid.UUID(s["id"]).version in (4, 5), s["id"]
    check_agent(s["actor"])
    check_verb(s["verb"])
    check_activity(s["object"])
    assert TIMESTAMP.match(s["timestamp"]), s["timestamp"]
    if "result" in s:
        check_result(s["result"])
    if "context" in s:
        check_context(s["context"])


def check_agent(agent: dict) -> None:
    assert agent.get("objectType", "Agent") == "Agent"
    identifiers = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in agent]
    assert len(identifiers) == 1, f"an Agent has exactly one identifier, not {identifiers}"
    if "mbox" in agent:
        assert agent["mbox"].startswith("mailto:")
    if "account" in agent:
        account = agent["account"]
        assert set(account) == {"homePage", "name"} and account["name"]
        assert re.match(r"^https?://", account["homePage"]), "homePage is an IRL"
    assert isinstance(agent.get("name", ""), str)


def check_language_map(value: dict) -> None:
    assert isinstance(value, dict) and value
    for tag, text in value.items():
        assert LANGUAGE.match(tag) and isinstance(text, str)


def check_verb(verb: dict) -> None:
    assert IRI.match(verb["id"]), verb["id"]
    check_language_map(verb["display"])


def check_activity(activity: dict) -> None:
    assert activity.get("objectType", "Activity") == "Activity"
    assert IRI.match(activity["id"]), activity["id"]
    definition = activity.get("definition", {})
    if "name" in definition:
        check_language_map(definition["name"])
    if "type" in definition:
        assert IRI.match(definition["type"])
    if "interactionType" in definition:
        assert definition["interactionType"] in INTERACTION_TYPES


def check_result(result: dict) -> None:
    assert set(result) <= {"score", "success", "completion", "response", "duration", "extensions"}
    if "score" in result:
        score = result["score"]
        assert set(score) <= {"scaled", "raw", "min", "max"}
        for value in score.values():
            assert isinstance(value, (int, float)) and not isinstance(value, bool)
        if "scaled" in score:
            assert -1 <= score["scaled"] <= 1
        if "min" in score and "max" in score:
            assert score["min"] < score["max"]
        if "raw" in score:
            assert score.get("min", score["raw"]) <= score["raw"] <= score.get("max", score["raw"])
    for key in ("success", "completion"):
        if key in result:
            assert isinstance(result[key], bool)
    if "response" in result:
        assert isinstance(result["response"], str)
    if "duration" in result:
        assert DURATION.match(result["duration"]), result["duration"]


def check_context(context: dict) -> None:
    allowed = {
        "registration",
        "instructor",
        "team",
        "contextActivities",
        "revision",
        "platform",
        "language",
        "statement",
        "extensions",
    }
    assert set(context) <= allowed
    if "registration" in context:
        assert UUID.match(context["registration"])
    for kind, activities in context.get("contextActivities", {}).items():
        assert kind in ("parent", "grouping", "category", "other")
        assert isinstance(activities, list), "an LRP SHOULD send arrays"
        for activity in activities:
            check_activity(activity)
    for key in context.get("extensions", {}):
        assert IRI.match(key), f"extension keys are IRIs: {key}"
