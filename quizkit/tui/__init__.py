"""The Textual app. Screens call ``quizkit.core`` services; they never touch SQL or fsrs."""
