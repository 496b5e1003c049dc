"""Studying: FSRS scheduling, the study session, grading answers, mastery and streak, the optimiser."""
