"""The learner's exam dates (table ``exam_dates``, schema 3): readiness is also shown for that
day, and the study queue plans for it."""

from __future__ import annotations

from datetime import date

from quizkit.progress.connection import ProgressFile


class ExamDates(ProgressFile):
    def exam_date(self, exam_id: str) -> date | None:
        row = self._db.execute(
            "SELECT exam_date FROM exam_dates WHERE exam_id = ?", (exam_id,)
        ).fetchone()
        return date.fromisoformat(row[0]) if row else None

    def set_exam_date(self, exam_id: str, day: date | None) -> None:
        """Set the exam's date, or with None clear it."""
        with self._transaction():
            if day is None:
                self._db.execute("DELETE FROM exam_dates WHERE exam_id = ?", (exam_id,))
            else:
                self._db.execute(
                    "INSERT INTO exam_dates (exam_id, exam_date) VALUES (?, ?) "
                    "ON CONFLICT (exam_id) DO UPDATE SET exam_date = excluded.exam_date",
                    (exam_id, day.isoformat()),
                )
