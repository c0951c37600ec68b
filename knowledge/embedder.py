"""Embedding functions for Chroma: the offline USE multilingual v3 model, or OpenAI embeddings when configured.

Both are registered with Chroma, so a collection opened later (another process, a Chroma server) rebuilds the
same function from its stored config instead of falling back to Chroma's default model (which downloads).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from knowledge.usemodel import encode_texts, preload_in_background

USE_DIM = 512


@lru_cache(maxsize=1024)
def _cached_query_vector(text: str) -> tuple[float, ...]:
    return tuple(encode_texts([text])[0].tolist())


def passages(document: str) -> list[str]:
    """A document cut for embedding: its first block (the title) prefixed to each following paragraph."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", document) if b.strip()]
    if len(blocks) <= 1:
        return blocks or [document]
    title, paragraphs = blocks[0], blocks[1:]
    return [f"{title}\n{paragraph}" for paragraph in paragraphs]


def embed_documents(documents: list[str]) -> np.ndarray:
    """One vector per document: the normalised mean of its passages' vectors.

    USE is trained on sentences and short passages; one vector for a whole 900-character entry blurs it, while
    the mean of 'title + paragraph' vectors keeps the title's weight in every part (measured: dense recall@3
    0.61 -> 0.83 on knowledge/eval/queries.yaml, for about the same embedding time).
    """
    pieces, owners = [], []
    for n, document in enumerate(documents):
        for piece in passages(document):
            pieces.append(piece)
            owners.append(n)
    if not pieces:
        return np.zeros((0, USE_DIM), dtype=np.float32)
    vectors = encode_texts(pieces)
    pooled = np.zeros((len(documents), USE_DIM), dtype=np.float32)
    np.add.at(pooled, np.asarray(owners), vectors)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return pooled / np.where(norms == 0, 1.0, norms)


class _NormalisedVectors(EmbeddingFunction[Documents]):
    """Both embedders return L2-normalised vectors: cosine distance by default, any of the three spaces allowed."""

    def default_space(self) -> Space:
        """The vectors are normalised: cosine distance."""
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        """Spaces that make sense for normalised vectors."""
        return ["cosine", "ip", "l2"]


@register_embedding_function
class UseEmbeddingFunction(_NormalisedVectors):
    """USE multilingual v3 (16 languages, one vector space): an English question finds French text. Offline.

    Documents are embedded passage by passage and pooled (see `embed_documents`); queries as they are.
    """

    def __init__(self) -> None:
        """Nothing to configure: the model is shared by the whole process and loaded on first use."""

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's parameter name
        return list(embed_documents(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:  # noqa: A002
        """Query vectors, cached: the same question asked twice is embedded once."""
        return [np.asarray(_cached_query_vector(text), dtype=np.float32) for text in input]

    @staticmethod
    def name() -> str:
        """Name stored in the collection config."""
        return "kpi_use_multilingual_v3"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> UseEmbeddingFunction:
        """Rebuild from a stored collection config."""
        return UseEmbeddingFunction()

    def get_config(self) -> dict[str, Any]:
        """What Chroma stores with the collection."""
        return {"pooling": "title-passage-mean"}


@register_embedding_function
class OpenAIEmbeddingFunction(_NormalisedVectors):
    """Embeddings from any OpenAI-compatible `/embeddings` endpoint; the key is never stored in the config."""

    def __init__(self, model: str, base_url: str | None = None, api_key: str | None = None,
                 timeout: float = 30.0, max_retries: int = 2) -> None:
        self.model = model
        self.base_url = base_url
        self.timeout = timeout
        self.max_retries = max_retries
        self._api_key = api_key or os.environ.get("KPI_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY")
        self._client: Any = None

    def _openai(self) -> Any:
        if self._client is None:
            from openai import OpenAI

            # A local server (Ollama, vLLM) needs no key, but the SDK refuses an empty one.
            self._client = OpenAI(api_key=self._api_key or "not-needed", base_url=self.base_url,
                                  timeout=self.timeout, max_retries=self.max_retries)
        return self._client

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002
        response = self._openai().embeddings.create(model=self.model, input=list(input))
        ordered = sorted(response.data, key=lambda item: item.index)
        return [np.asarray(item.embedding, dtype=np.float32) for item in ordered]

    @staticmethod
    def name() -> str:
        """Name stored in the collection config."""
        return "kpi_openai"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIEmbeddingFunction:
        """Rebuild from a stored collection config (the key comes from the environment)."""
        return OpenAIEmbeddingFunction(model=config["model"], base_url=config.get("base_url"))

    def get_config(self) -> dict[str, Any]:
        """What Chroma stores with the collection: never the key."""
        return {"model": self.model, "base_url": self.base_url}


def preload(settings: Any) -> None:
    """Start loading the offline model in the background when a build is sure to need it (see usemodel).

    Sure: a new embedded store, where every entry gets embedded. An existing store is usually up to date, and a
    command that only lists or removes documents should not pay for a model it never uses.
    """
    path = Path(settings.chroma_path)
    if settings.embedder != "openai" and not settings.chroma_url and not (path.is_dir() and any(path.iterdir())):
        preload_in_background()


def make_embedding_function(settings: Any) -> EmbeddingFunction:
    """The embedding function the settings ask for."""
    if settings.embedder == "openai":
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return OpenAIEmbeddingFunction(model=settings.openai_embedding_model, base_url=settings.llm_base_url,
                                       api_key=key, timeout=settings.llm_timeout,
                                       max_retries=settings.llm_max_retries)
    return UseEmbeddingFunction()


def collection_name(settings: Any) -> str:
    """One collection per embedder, so vectors of different sizes never meet."""
    if settings.embedder == "openai":
        model = re.sub(r"[^a-zA-Z0-9._-]+", "-", settings.openai_embedding_model).strip("-._")
        return f"kb_openai_{model}"
    return "kb_use_m3"
