"""A content-addressed cache of document vectors, shared by every store on the machine.

Embedding the curated entries takes seconds of CPU; a fresh data dir (a test, a second checkout, a server
switch) would pay it again for identical text. Vectors are keyed by the embedder's signature and the document's
hash, so a changed text or embedder never reuses a stale vector. The `embedding_cache` setting moves it
(`KPI_EMBEDDING_CACHE=off` disables it).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout


def cache_dir(configured: str = "") -> Path | None:
    """Where cached vectors live: the `embedding_cache` setting, else the per-user cache folder; None when 'off'."""
    if configured.lower() in ("off", "0", "false", "no"):
        return None
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("kpi-assistant", appauthor=False)


def _key(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()[:32]


class EmbeddingCache:
    """Vectors of one embedder (its signature), in one .npz file read once and rewritten atomically."""

    def __init__(self, directory: Path, signature: str) -> None:
        self.path = directory / f"vectors-{signature}.npz"
        self._lock_path = directory / f"vectors-{signature}.lock"
        self._vectors: dict[str, np.ndarray] | None = None

    def _load(self) -> dict[str, np.ndarray]:
        if self._vectors is None:
            try:
                with np.load(self.path, allow_pickle=False) as stored:
                    self._vectors = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
            except (OSError, ValueError, KeyError):  # missing or damaged: start again, it is only a cache
                self._vectors = {}
        return self._vectors

    def embed(self, documents: Sequence[str], compute: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """Vectors for `documents`, computing only those not cached, then saving the new ones."""
        cached = self._load()
        keys = [_key(d) for d in documents]
        by_key = dict(zip(keys, documents, strict=True))
        missing = [k for k in by_key if k not in cached]
        if missing:
            fresh = np.asarray(compute([by_key[k] for k in missing]), dtype=np.float32)
            cached.update(zip(missing, fresh, strict=True))
            self._save()
        return np.stack([cached[k] for k in keys]) if keys else np.zeros((0, 0), dtype=np.float32)

    def _save(self) -> None:
        vectors = self._load()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(str(self._lock_path), timeout=5):
                try:  # keep what another process saved meanwhile
                    with np.load(self.path, allow_pickle=False) as stored:
                        for key, vector in zip(stored["keys"].tolist(), stored["vectors"], strict=True):
                            vectors.setdefault(key, vector)
                except (OSError, ValueError, KeyError):
                    pass
                fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
                try:
                    with os.fdopen(fd, "wb") as handle:
                        np.savez(handle, keys=np.array(list(vectors)), vectors=np.stack(list(vectors.values())))
                    os.replace(tmp, self.path)  # readers see the old file or the new one, never half of one
                finally:
                    Path(tmp).unlink(missing_ok=True)
        except (OSError, Timeout):
            return  # an unwritable or busy cache only costs speed
