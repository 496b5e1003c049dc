"""Exams: drawing questions by blueprint (attempts and readiness arrive with their issues)."""
