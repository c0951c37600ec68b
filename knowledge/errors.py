"""Errors the knowledge base raises for bad input: one clear message each, turned into exit code 2 by the CLI."""

from __future__ import annotations


class KnowledgeInputError(ValueError):
    """Bad input to the knowledge base (a query, a document, a filter): the message says what and why."""


class QueryError(KnowledgeInputError):
    """A search query the knowledge base refuses (empty, too long, unknown language)."""


class DocumentError(KnowledgeInputError):
    """A user document that cannot be indexed (missing, unreadable, binary, empty, unsupported, unknown encoding)."""


class IndexBusyError(RuntimeError):
    """Another process held the index write lock for longer than the timeout."""


class StoreUnavailableError(RuntimeError):
    """The Chroma store cannot be opened (server unreachable, path not writable) or the embedder failed."""
