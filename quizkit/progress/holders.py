"""Which quizkit processes have the progress file open, even after one was killed with -9.

Beside the file, in ``.<name>.holders/``:

- ``gate``: every process that opens the file holds a shared ``flock`` on it for as
  long as it is open; ``doctor --restore`` and ``--rebuild`` take it exclusively, so
  they cannot start while a study session has the file, and nobody opens the file
  while they run.
- ``<pid>-<n>.holder``: one per open, holding that process's pid and command, and
  locked (``flock``) by it. The kernel drops the lock when the process dies however
  it dies, so a holder file nobody has locked is stale and removed by whoever finds it.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: no registry; restore then trusts the learner's word
    fcntl = None  # type: ignore[assignment]

from quizkit.progress.errors import StoreError

_counter = itertools.count()
# A folder quizkit may not write to (read-only media) cannot be restored into
# either, so opening the file goes on there without registering.
_CANNOT_REGISTER = {errno.EACCES, errno.EROFS, errno.EPERM}


@dataclass(frozen=True)
class Holder:
    pid: int
    command: str
    purpose: str

    def describe(self) -> str:
        return f"pid {self.pid}: {self.command}"


class FileInUse(StoreError):
    """Another quizkit has the progress file open (or is restoring it)."""

    def __init__(self, message: str, holders: list[Holder]) -> None:
        super().__init__(message)
        self.holders = holders


def registry_dir(path: Path) -> Path:
    return path.parent / f".{path.name}.holders"


class Hold:
    """This process's registration as a holder of the file; ``release`` (or exit) ends it."""

    def __init__(self, gate: int | None, holder: int | None, holder_path: Path | None) -> None:
        self._gate, self._holder, self._holder_path = gate, holder, holder_path

    def release(self) -> None:
        if self._holder_path is not None:
            self._holder_path.unlink(missing_ok=True)
        for fd in (self._holder, self._gate):
            if fd is not None:
                os.close(fd)  # closing drops the flock
        self._gate = self._holder = None
        self._holder_path = None


def join(path: Path, *, wait: float = 30.0) -> Hold:
    """Register as one of the file's holders (shared), waiting while a doctor has it alone."""
    return _take(path, exclusive=False, purpose="open", wait=wait)


def take_alone(path: Path, purpose: str, *, wait: float = 1.0) -> Hold:
    """Have the file alone (for restore and rebuild); ``FileInUse`` names who else has it."""
    return _take(path, exclusive=True, purpose=purpose, wait=wait)


def live_holders(path: Path) -> list[Holder]:
    """The processes that have the file open now; stale entries are removed on the way."""
    folder = registry_dir(path)
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(folder.glob("*.holder")):
        holder = _read_if_alive(entry)
        if holder is not None:
            found.append(holder)
    # A process killed while registering leaves its .tmp; an old one is stale
    # (a young one may be a holder between its creation and its lock).
    for entry in folder.glob("*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - entry.stat().st_mtime > 60:
                entry.unlink()
    return found


def _take(path: Path, *, exclusive: bool, purpose: str, wait: float) -> Hold:
    if fcntl is None:
        return Hold(None, None, None)
    folder = registry_dir(path)
    try:
        folder.mkdir(exist_ok=True)
        gate = os.open(folder / "gate", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno in _CANNOT_REGISTER:
            return Hold(None, None, None)
        raise StoreError(f"{path}: cannot register as a user of the file: {exc}") from exc
    try:
        _lock_gate(gate, path, exclusive=exclusive, wait=wait)
        live_holders(path)  # sweeps the entries of processes that died
        holder, holder_path = _write_holder(folder, purpose)
    except BaseException:
        os.close(gate)
        raise
    return Hold(gate, holder, holder_path)


def _lock_gate(gate: int, path: Path, *, exclusive: bool, wait: float) -> None:
    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(gate, mode)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise _in_use(path, exclusive) from None
            time.sleep(0.02)


def _in_use(path: Path, exclusive: bool) -> FileInUse:
    holders = live_holders(path)
    if not exclusive:
        doctors = [h for h in holders if h.purpose != "open"] or holders
        who = "; ".join(h.describe() for h in doctors) or "another quizkit"
        return FileInUse(
            f"{path}: `quizkit doctor` is working on this progress file ({who}); "
            "wait for it to finish, then start again.",
            doctors,
        )
    who = "; ".join(h.describe() for h in holders) or "a quizkit that is just starting"
    return FileInUse(
        f"{path}: the progress file is open in another quizkit ({who}); "
        "quit it first, then run this again.",
        holders,
    )


def _write_holder(folder: Path, purpose: str) -> tuple[int, Path]:
    """Create this process's holder file, locked before anyone can see it under its name."""
    name = f"{os.getpid()}-{next(_counter)}-{os.urandom(3).hex()}"
    temporary, final = folder / f"{name}.tmp", folder / f"{name}.holder"
    fd = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:80] if sys.argv else "?"
        record = {"pid": os.getpid(), "command": command, "purpose": purpose}
        os.write(fd, json.dumps(record).encode())
        os.replace(temporary, final)  # the lock travels with the inode
    except BaseException:
        os.close(fd)
        temporary.unlink(missing_ok=True)
        raise
    return fd, final


def _read_if_alive(entry: Path) -> Holder | None:
    """The holder recorded in ``entry``, or None (and the entry removed) if its process is gone."""
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raw = os.read(fd, 4096)
            try:
                record = json.loads(raw)
                return Holder(int(record["pid"]), str(record["command"]), str(record["purpose"]))
            except (ValueError, KeyError, TypeError):
                return Holder(0, "unknown", "open")
        # Nobody holds it: its process ended without removing it (kill -9, a crash).
        with contextlib.suppress(OSError):
            entry.unlink()
        return None
    finally:
        os.close(fd)
