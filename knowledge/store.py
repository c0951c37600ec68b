"""The Chroma side of the index: the client (embedded or server), the collection, and writes of records."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from knowledge.embedcache import EmbeddingCache, cache_dir
from knowledge.embedder import collection_name, make_embedding_function
from knowledge.errors import StoreUnavailableError  # noqa: F401  (raised here, defined light for the CLI)
from knowledge.records import IndexRecord

Progress = Callable[[str], None]
EMBED_BATCH = 64


def open_client(settings: Any) -> Any:
    """A Chroma HttpClient when `chroma_url` is set, else a PersistentClient under the data dir."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    # Same settings object every time: Chroma refuses a second client on one path with different settings.
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise StoreUnavailableError(f"chroma_url must look like http://host:port, got {settings.chroma_url!r}")
        port = url.port or (443 if url.scheme == "https" else 8000)
        try:
            return chromadb.HttpClient(host=url.hostname, port=port, ssl=url.scheme == "https",
                                       settings=chroma_settings)
        except Exception as exc:  # the client checks the server at construction
            raise StoreUnavailableError(f"cannot reach the Chroma server at {settings.chroma_url}: {exc}") from exc
    path = settings.chroma_path
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreUnavailableError(f"cannot create the knowledge store at {path}: {exc}") from exc
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class Store:
    """One Chroma collection (one per embedder) holding every record of the knowledge base."""

    def __init__(self, client: Any, embedding_function: Any, name: str, data_dir: Path) -> None:
        self.client = client
        self.data_dir = Path(data_dir)  # where the write lock lives
        self.embedding_function = embedding_function
        # Stored with every record: vectors made by another embedder version are re-embedded by the next build.
        config = json.dumps([embedding_function.name(), embedding_function.get_config()], sort_keys=True)
        self.signature = hashlib.sha256(config.encode()).hexdigest()[:12]
        directory = cache_dir()
        self.cache = EmbeddingCache(directory, self.signature) if directory else None
        self.collection = client.get_or_create_collection(
            name, embedding_function=embedding_function, configuration={"hnsw": {"space": "cosine"}})

    @classmethod
    def open(cls, settings: Any) -> Store:
        """The store the settings point at."""
        return cls(open_client(settings), make_embedding_function(settings), collection_name(settings),
                   settings.data_dir)

    def count(self) -> int:
        """Number of stored records."""
        return self.collection.count()

    def records(self, where: dict[str, Any] | None = None) -> list[IndexRecord]:
        """Every stored record (or those matching `where`)."""
        got = self.collection.get(where=where, include=["documents", "metadatas"])
        return [IndexRecord.from_chroma(doc or "", meta or {}) for doc, meta in zip(got["documents"],
                                                                                     got["metadatas"], strict=True)]

    def hashes(self, origin: str) -> dict[str, str]:
        """chroma id -> content hash of the stored records of one origin ("" when embedded by another version)."""
        got = self.collection.get(where={"origin": origin}, include=["metadatas"])
        return {cid: str(meta.get("content_hash", "")) if meta and meta.get("embedder") == self.signature else ""
                for cid, meta in zip(got["ids"], got["metadatas"], strict=True)}

    def write(self, records: Sequence[IndexRecord], progress: Progress | None = None) -> None:
        """Embed and upsert `records`, in batches (progress reported after each)."""
        for start in range(0, len(records), EMBED_BATCH):
            batch = records[start:start + EMBED_BATCH]
            documents = [r.document for r in batch]
            try:
                vectors = self.cache.embed(documents, self._compute) if self.cache else self._compute(documents)
            except Exception as exc:  # an unreachable or refusing embeddings API: say so, without a traceback
                raise StoreUnavailableError(f"the embedder {self.embedding_function.name()} failed: {exc}") from exc
            metadatas = [{**r.metadata(), "embedder": self.signature} for r in batch]
            self.collection.upsert(ids=[r.chroma_id for r in batch], embeddings=vectors,
                                   documents=documents, metadatas=metadatas)
            if progress:
                progress(f"embedded {min(start + EMBED_BATCH, len(records))}/{len(records)} documents")

    def _compute(self, documents: list[str]) -> np.ndarray:
        return np.asarray(self.embedding_function(documents), dtype=np.float32)

    def delete(self, chroma_ids: Iterable[str]) -> None:
        """Remove records by id."""
        ids = list(chroma_ids)
        if ids:
            self.collection.delete(ids=ids)

    def query(self, vector: Sequence[float], n: int, where: dict[str, Any] | None) -> list[tuple[str, float]]:
        """(chroma id, cosine similarity) of the `n` records nearest to `vector`, closest first."""
        if n <= 0:
            return []
        got = self.collection.query(query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=n,
                                    where=where, include=["distances"])
        return [(cid, 1.0 - float(distance)) for cid, distance in zip(got["ids"][0], got["distances"][0],
                                                                      strict=True)]
