"""The Chroma side of the index: the client (embedded or server), the collection, and writes of records."""

from __future__ import annotations

import hashlib
import json
import uuid
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
# Collection metadata key holding a token that every write replaces: a process that sees another token than the one
# it loaded knows the collection changed (another replica, `kpi index add`) and reloads its in-memory side.
REVISION_KEY = "kpi_revision"


def _server_settings(settings: Any) -> tuple[dict[str, Any], Any]:
    """(host, port, ssl and headers for an HttpClient, the parsed URL) from the settings, or a clear error."""
    url = urlparse(settings.chroma_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise StoreUnavailableError(f"chroma_url must look like http://host:port, got {settings.chroma_url!r}")
    headers = {}
    token = settings.chroma_token.get_secret_value() if settings.chroma_token else ""
    if token:
        header = settings.chroma_token_header
        headers[header] = f"Bearer {token}" if header == "Authorization" else token
    port = url.port or (443 if url.scheme == "https" else 8000)
    return {"host": url.hostname, "port": port, "ssl": url.scheme == "https", "headers": headers}, url


def _create_tenant_and_database(server: dict[str, Any], tenant: str, database: str) -> None:
    """Create the configured tenant and database on the server when they do not exist yet."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from chromadb.errors import NotFoundError

    admin = chromadb.AdminClient(ChromaSettings(
        chroma_api_impl="chromadb.api.fastapi.FastAPI", chroma_server_host=server["host"],
        chroma_server_http_port=server["port"], chroma_server_ssl_enabled=server["ssl"],
        chroma_server_headers=server["headers"] or None, anonymized_telemetry=False))
    try:
        admin.get_tenant(tenant)
    except NotFoundError:
        admin.create_tenant(tenant)
    try:
        admin.get_database(database, tenant=tenant)
    except NotFoundError:
        admin.create_database(database, tenant=tenant)


def _http_client(settings: Any) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from chromadb.errors import NotFoundError

    server, _ = _server_settings(settings)
    where = f"the Chroma server at {settings.chroma_url}"

    def connect() -> Any:
        return chromadb.HttpClient(**server, tenant=settings.chroma_tenant, database=settings.chroma_database,
                                   settings=ChromaSettings(anonymized_telemetry=False))

    try:
        try:
            return connect()  # the client checks the server, the tenant and the database at construction
        except NotFoundError:  # a new deployment: this tenant or database is not there yet
            _create_tenant_and_database(server, settings.chroma_tenant, settings.chroma_database)
            return connect()
    except Exception as exc:
        text = str(exc)
        if "401" in text or "403" in text or "nauthori" in text or "orbidden" in text:
            raise StoreUnavailableError(f"{where} refused the request ({text}); check KPI_CHROMA_TOKEN and "
                                        "KPI_CHROMA_TOKEN_HEADER") from exc
        raise StoreUnavailableError(f"cannot reach {where} (tenant {settings.chroma_tenant!r}, database "
                                    f"{settings.chroma_database!r}): {exc}") from exc


def open_client(settings: Any) -> Any:
    """A Chroma HttpClient when `chroma_url` is set (token, tenant and database from the settings), else a
    PersistentClient under the data dir."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    if settings.chroma_url:
        return _http_client(settings)
    # Same settings object every time: Chroma refuses a second client on one path with different settings.
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    path = settings.chroma_path
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreUnavailableError(f"cannot create the knowledge store at {path}: {exc}") from exc
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class Store:
    """One Chroma collection (one per embedder) holding every record of the knowledge base."""

    def __init__(self, client: Any, embedding_function: Any, name: str, data_dir: Path,
                 cache_directory: Path | None = None) -> None:
        self.client = client
        self.name = name
        self.data_dir = Path(data_dir)  # where the write lock lives
        self.embedding_function = embedding_function
        # Stored with every record: vectors made by another embedder version are re-embedded by the next build.
        config = json.dumps([embedding_function.name(), embedding_function.get_config()], sort_keys=True)
        self.signature = hashlib.sha256(config.encode()).hexdigest()[:12]
        self.cache = EmbeddingCache(cache_directory, self.signature) if cache_directory else None
        self.collection = client.get_or_create_collection(
            name, embedding_function=embedding_function, configuration={"hnsw": {"space": "cosine"}})

    @classmethod
    def open(cls, settings: Any) -> Store:
        """The store the settings point at."""
        return cls(open_client(settings), make_embedding_function(settings), collection_name(settings),
                   settings.data_dir, cache_dir(settings.embedding_cache))

    def revision(self) -> str:
        """A token that changes whenever any process writes the collection (one cheap metadata read).

        A collection deleted and created again elsewhere has a new id: this store follows it.
        """
        current = self.client.get_collection(self.name, embedding_function=self.embedding_function)
        if current.id != self.collection.id:
            self.collection = current
        return f"{current.id}:{(current.metadata or {}).get(REVISION_KEY, '')}"

    def _mark_changed(self) -> None:
        """Publish a new revision token, after the records are written so a reader that sees it sees them."""
        self.collection.modify(metadata={REVISION_KEY: uuid.uuid4().hex})

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
        if records:
            self._mark_changed()

    def _compute(self, documents: list[str]) -> np.ndarray:
        return np.asarray(self.embedding_function(documents), dtype=np.float32)

    def delete(self, chroma_ids: Iterable[str]) -> None:
        """Remove records by id."""
        ids = list(chroma_ids)
        if ids:
            self.collection.delete(ids=ids)
            self._mark_changed()

    def query(self, vector: Sequence[float], n: int, where: dict[str, Any] | None) -> list[tuple[str, float]]:
        """(chroma id, cosine similarity) of the `n` records nearest to `vector`, closest first."""
        if n <= 0:
            return []
        got = self.collection.query(query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=n,
                                    where=where, include=["distances"])
        return [(cid, 1.0 - float(distance)) for cid, distance in zip(got["ids"][0], got["distances"][0],
                                                                      strict=True)]
