"""The progress file: one SQLite database holding every review, card state and exam attempt."""
