"""The index write lock: Chroma's embedded store is not process-safe, so every write holds a file lock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from knowledge.errors import IndexBusyError

LOCK_TIMEOUT_S = 120.0


def lock_path(data_dir: Path) -> Path:
    """Where the lock file lives (beside the store, in the data dir)."""
    return Path(data_dir) / "knowledge-index.lock"


@contextmanager
def index_write_lock(data_dir: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the write lock; give up with a clear error rather than hang when another process keeps it."""
    path = lock_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise IndexBusyError(
            f"the knowledge index is being written by another process (lock {path} held for more than "
            f"{timeout:.0f} s); try again when it has finished") from exc
    try:
        yield
    finally:
        lock.release()
