"""Writing a file all at once: readers see the old content or the new, never a mix."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def write_atomically(
    path: Path, data: bytes, *, durable: bool = True, new_mode: int = 0o600
) -> None:
    """Replace the content of ``path`` with ``data`` in one step.

    The data goes to a temporary file beside the target, then ``os.replace``
    swaps it in, so a crash or a second writer leaves one whole file. A
    symlink is followed: its target is replaced and the link kept (a config
    kept in a dotfiles repository stays linked). An existing file keeps its
    permissions; a new one gets ``new_mode`` (private by default: a config
    names the learner). ``durable``: flush to disk before the swap, for files
    worth a sync (not a cache).
    """
    target = Path(os.path.realpath(path))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode_for(target, new_mode))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def open_atomically(
    path: Path, *, replace: bool = True, new_mode: int = 0o600
) -> Iterator[BinaryIO]:
    """A file to stream into that appears at ``path`` whole, when the block ends without error.

    ``write_atomically`` for output too long to hold in memory: the data goes
    to a temporary file beside the target and is synced, then swapped in. An
    error in the block leaves the target as it was. ``replace=False`` never
    overwrites: an existing target raises ``FileExistsError`` (checked at the
    swap itself, so a file made meanwhile is not lost either).
    """
    target = Path(os.path.realpath(path))
    if not replace and target.exists():
        raise FileExistsError(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode_for(target, new_mode))
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails if the target exists: never clobbers
    finally:
        Path(tmp).unlink(missing_ok=True)


def _mode_for(target: Path, new_mode: int) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return new_mode


def is_special_file(path: Path) -> bool:
    """True for a FIFO, device or socket: reading one may block, or never end."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))
