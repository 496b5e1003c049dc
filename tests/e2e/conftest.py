import pytest

from tests.e2e.tmux import Tmux


@pytest.fixture
def tmux():
    session = Tmux(width=100, height=30)
    yield session
    session.close()


@pytest.fixture
def quizkit_env(tmp_path):
    """A private progress file, config and cache: never the user's own."""
    return {
        "QUIZKIT_DATA": str(tmp_path / "progress.sqlite3"),
        "QUIZKIT_CONFIG": str(tmp_path / "config.toml"),
        "QUIZKIT_CACHE": str(tmp_path / "cache"),
    }
