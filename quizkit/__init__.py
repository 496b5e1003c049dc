"""quizkit: spaced-repetition study and certification quizzes in the terminal."""

__version__ = "0.1.0"
