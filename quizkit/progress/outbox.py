"""xAPI statements waiting for a Learning Record Store, in the progress file.

Statements are queued under their own (stable) ids, so queueing an attempt
again adds nothing; a statement is marked sent only after the LRS has
acknowledged it, each batch in its own transaction, so a send cut off midway
leaves exactly the unacknowledged ones waiting.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from quizkit.progress.card_state import to_micros
from quizkit.progress.connection import ProgressFile


class StatementOutbox(ProgressFile):
    def queue_statements(
        self, statements: Iterable[tuple[str, dict[str, Any]]], now: datetime
    ) -> int:
        """Queue ``(attempt, statement)`` pairs not queued before; return how many were new."""
        rows = [
            (s["id"], attempt, json.dumps(s, ensure_ascii=False), to_micros(now))
            for attempt, s in statements
        ]
        with self._transaction():
            before = self._db.total_changes
            self._db.executemany(
                "INSERT OR IGNORE INTO xapi_outbox (statement_id, attempt, statement, "
                "queued_at) VALUES (?, ?, ?, ?)",
                rows,
            )
            return self._db.total_changes - before

    def queued_attempts(self) -> set[str]:
        """Attempts (transcript ids) whose statements are in the outbox, sent or not."""
        return {row[0] for row in self._db.execute("SELECT DISTINCT attempt FROM xapi_outbox")}

    def unsent_statements(self, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` statements not yet acknowledged, oldest first."""
        rows = self._db.execute(
            "SELECT statement FROM xapi_outbox WHERE sent_at IS NULL "
            "ORDER BY queued_at, rowid LIMIT ?",
            (limit,),
        )
        return [json.loads(text) for (text,) in rows]

    def mark_sent(self, statement_ids: Iterable[str], at: datetime) -> None:
        """Record that the LRS acknowledged these statements."""
        with self._transaction():
            self._db.executemany(
                "UPDATE xapi_outbox SET sent_at = ? WHERE statement_id = ? AND sent_at IS NULL",
                [(to_micros(at), sid) for sid in statement_ids],
            )

    def outbox_counts(self) -> tuple[int, int]:
        """(waiting, sent) statements."""
        waiting, sent = self._db.execute(
            "SELECT COUNT(*) - COUNT(sent_at), COUNT(sent_at) FROM xapi_outbox"
        ).fetchone()
        return int(waiting), int(sent)
