"""The JSON export: the versioned transcript (docs/transcript.schema.json), streamed.

One object: the header's fields, then ``attempts``, written one attempt per
line as they are read, so the file is never held in memory. A signed
transcript (``--sign``) is the same object with a ``signature`` member; it is
built whole, because RFC 8785 canonical form is computed over all of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from quizkit.report.transcript import Transcript


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def write_json(transcript: Transcript, write: Callable[[str], None], tick=lambda: None) -> None:
    """Write the transcript as one JSON object through ``write``, an attempt at a time."""
    write("{\n")
    for key, value in transcript.header.items():
        write(f"  {_dumps(key)}: {_dumps(value)},\n")
    write('  "attempts": [')
    for index, attempt in enumerate(transcript.attempts()):
        write(("," if index else "") + "\n    " + _dumps(attempt))
        tick()
    write("\n  ]\n}\n")


def write_document(document: dict[str, Any], write: Callable[[str], None]) -> None:
    """Write a built transcript (a signed one) member by member, a list an element at a time.

    The same layout as ``write_json``, without one string of the whole file in memory.
    """
    write("{")
    for index, (key, value) in enumerate(document.items()):
        write(("," if index else "") + f"\n  {_dumps(key)}: ")
        if isinstance(value, list) and value:
            write("[")
            for position, item in enumerate(value):
                write(("," if position else "") + "\n    " + _dumps(item))
            write("\n  ]")
        else:
            write(_dumps(value))
    write("\n}\n")


def transcript_document(transcript: Transcript, tick=lambda: None) -> dict[str, Any]:
    """The whole transcript as one dict (for signing): the header, then every attempt."""
    document = dict(transcript.header)
    attempts = []
    for attempt in transcript.attempts():
        attempts.append(attempt)
        tick()
    document["attempts"] = attempts
    return document
