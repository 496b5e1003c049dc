"""Posting xAPI statements to a Learning Record Store: the outbox, batch by batch.

``quizkit send`` first queues the statements of every ended exam attempt not
queued before (``report.xapi`` builds them, with stable ids), then posts the
waiting ones in batches (``POST {url}/statements``, xAPI 1.0.3, HTTP basic
auth). A batch is marked sent only once the LRS acknowledged it; an LRS that
answers 409 (an id it already holds) has it, so that counts as delivered.
Any other failure stops the send, says what the LRS answered, and leaves the
rest waiting for the next run. Credentials are never part of a message.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from quizkit.deck.model import Deck
from quizkit.progress.store import ProgressStore
from quizkit.report.transcript import Transcript, build_transcript
from quizkit.report.xapi import attempt_statements

XAPI_VERSION = "1.0.3"
BATCH = 50
TIMEOUT_SECONDS = 20.0
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class LrsError(Exception):
    """The LRS could not take the statements; ``str()`` says what it answered and what to do."""


class Conflict(LrsError):  # the LRS's own word: 409 Conflict
    """409: the LRS already holds a statement with one of these ids."""


@dataclass(frozen=True)
class Lrs:
    """Where to send: the LRS's xAPI endpoint, and the basic-auth credentials if any."""

    url: str
    username: str | None = None
    password: str | None = None

    def __repr__(self) -> str:  # never show the password, even in a traceback
        return f"Lrs(url={self.url!r}, username={'set' if self.username else None})"


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be an LRS endpoint, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http(s) address of an LRS (e.g. https://lrs.example.org/xapi/)"
    if parts.username or parts.password:
        return (
            "the LRS address holds credentials: put the username and password in the config's "
            "[lrs] table or in QUIZKIT_LRS_USERNAME / QUIZKIT_LRS_PASSWORD instead"
        )
    return None


@dataclass
class SendReport:
    queued: int = 0  # statements newly queued this run
    sent: int = 0  # acknowledged by the LRS this run
    duplicates: int = 0  # of those, ones the LRS already held (409)
    waiting: int = 0  # still in the outbox afterwards
    error: str | None = None


Post = Callable[[Lrs, list[dict[str, Any]]], None]


def queue_attempts(store: ProgressStore, transcript: Transcript, now: datetime) -> int:
    """Queue the statements of every ended attempt not queued before; return how many."""
    queued = store.queued_attempts()
    added = 0
    for attempt in transcript.attempts():
        if attempt["id"] not in queued:
            items = [(attempt["id"], s) for s in attempt_statements(transcript, attempt)]
            added += store.queue_statements(items, now)
    return added


def send_attempts(
    store: ProgressStore,
    decks: list[Deck],
    learner: dict[str, Any],
    lrs: Lrs,
    now: Callable[[], datetime],
    *,
    keep_going: Callable[[], bool] | None = None,
) -> SendReport:
    """Queue the statements of the ended attempts not queued before, then post the waiting ones.

    What ``quizkit send`` and the TUI after an exam both run: one way of sending.
    Raises ``NoLearnerName`` when the learner has no name (every statement names them).
    """
    transcript = build_transcript(store, decks, learner, now())
    queued = queue_attempts(store, transcript, now())
    report = send_outbox(store, lrs, now, keep_going=keep_going)
    report.queued = queued
    return report


def send_outbox(
    store: ProgressStore,
    lrs: Lrs,
    now: Callable[[], datetime],
    *,
    post: Post | None = None,
    batch: int | None = None,
    timeout: float = TIMEOUT_SECONDS,
    keep_going: Callable[[], bool] | None = None,
) -> SendReport:
    """Post the waiting statements batch by batch until none wait, the LRS fails, or
    ``keep_going`` says stop (the TUI closing: the rest waits for the next send)."""
    post = post or (lambda target, statements: post_statements(target, statements, timeout))
    report = SendReport()
    while (keep_going is None or keep_going()) and (
        statements := store.unsent_statements(batch or BATCH)
    ):
        try:
            _deliver(store, lrs, statements, now, post, report)
        except LrsError as exc:
            report.error = str(exc)
            break
    report.waiting = store.outbox_counts()[0]
    return report


def _deliver(store, lrs, statements, now, post: Post, report: SendReport) -> None:
    try:
        post(lrs, statements)
    except Conflict:
        if len(statements) == 1:
            report.duplicates += 1
        else:  # which of them does it hold? one at a time tells
            for statement in statements:
                _deliver(store, lrs, [statement], now, post, report)
            return
    store.mark_sent([s["id"] for s in statements], now())
    report.sent += len(statements)


def post_statements(lrs: Lrs, statements: list[dict[str, Any]], timeout: float) -> None:
    """POST one batch; return when the LRS stored it, raise ``Conflict`` or ``LrsError``."""
    endpoint = lrs.url.rstrip("/") + "/statements"
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": XAPI_VERSION,
    }
    if lrs.username is not None or lrs.password is not None:
        token = f"{lrs.username or ''}:{lrs.password or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
    body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")
    try:
        with _opener(endpoint).open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        raise _answered(exc.code, _excerpt(exc), endpoint) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise LrsError(
            f"{endpoint}: no answer from the LRS ({reason}); "
            "the statements wait for the next `quizkit send`"
        ) from None


def _answered(status: int, said: str, endpoint: str) -> LrsError:
    if status == 409:
        return Conflict(f"{endpoint}: 409: the LRS already holds these statements")
    answer = f"{endpoint} answered {status}" + (f": {said}" if said else "")
    if status in (401, 403):
        return LrsError(
            f"{answer}. Check the username and password in the config's [lrs] table "
            "(or QUIZKIT_LRS_USERNAME / QUIZKIT_LRS_PASSWORD); the statements wait"
        )
    if 300 <= status < 400:
        return LrsError(
            f"{answer}. Put the LRS's current address in [lrs] url; the statements wait"
        )
    return LrsError(f"{answer}. The statements wait for the next `quizkit send`")


def _excerpt(exc: urllib.error.HTTPError) -> str:
    """The start of what the LRS said, on one line, without control characters."""
    try:
        raw = exc.read(300).decode("utf-8", "replace")
    except OSError:
        return ""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", raw).strip()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect would resend the credentials, maybe to another host, and
    # urllib turns a redirected POST into a GET: an LRS that moved is an error.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _opener(endpoint: str) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
    if urlsplit(endpoint).hostname in _LOOPBACK:
        handlers.append(urllib.request.ProxyHandler({}))  # an LRS on this machine: no proxy
    return urllib.request.build_opener(*handlers)
