"""Hybrid search over the knowledge base: dense (Chroma, both languages) + BM25, scores scaled and added."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np

from knowledge.errors import QueryError
from knowledge.lexical import LexicalIndex
from knowledge.query import Filters, validate_query
from knowledge.records import ANY_LANG, IndexRecord
from knowledge.store import Store
from knowledge.types import Hit

__all__ = ["Filters", "KnowledgeBase", "validate_query"]

DENSE_WEIGHT = 0.5  # hybrid score = 0.5 x dense + 0.5 x lexical, each scaled to 0..1 for the query
# Records fetched from Chroma per query: all of the curated ones (about 300), so the dense scores of every entry
# are scaled over the same range whatever the query; user documents beyond that are only seen when close.
DENSE_DEPTH = 400
Mode = Literal["hybrid", "dense", "lexical"]


def _source_label(record: IndexRecord, lang: str) -> str:
    if record.origin != "user":
        return record.source
    word = "extrait" if lang == "fr" else "chunk"
    return f"{record.extra.get('file', record.source)}, {word} {record.extra.get('chunk')}/{record.extra.get('chunks')}"


def _scaled(scores: dict[str, float], floor_at_zero: bool = False) -> dict[str, float]:
    """Scores mapped to 0..1 for this query, so dense and lexical scores can be added.

    Cosine similarities are min-max scaled; BM25 scores are divided by the best one (their natural zero means
    "no query word", which must stay zero).
    """
    if not scores:
        return {}
    low, high = (0.0 if floor_at_zero else min(scores.values())), max(scores.values())
    if high - low < 1e-9:
        return dict.fromkeys(scores, 1.0)
    return {key: (value - low) / (high - low) for key, value in scores.items()}


@dataclass(frozen=True)
class _Snapshot:
    """Everything a search reads, replaced as a whole on refresh so a concurrent search never sees half of it."""

    records: list[IndexRecord]
    by_entry: dict[str, dict[str, IndexRecord]]
    lexical: LexicalIndex
    revision: str | None = None  # the store's revision token when these records were read

    @classmethod
    def of(cls, records: list[IndexRecord], revision: str | None = None) -> _Snapshot:
        records = sorted(records, key=lambda r: r.chroma_id)
        by_entry: dict[str, dict[str, IndexRecord]] = {}
        for record in records:
            by_entry.setdefault(record.entry_id, {})[record.lang] = record
        return cls(records, by_entry, LexicalIndex(records), revision)


class KnowledgeBase:
    """The Retriever the engines use: hybrid search and lookup by id, text in the asked language.

    The records and the BM25 index live in memory; each search first compares the collection's revision token
    (one metadata read) with the one they were loaded at, and reloads them when another process changed the
    collection: a document added with `kpi index add`, or by another replica, is found without a restart.
    """

    def __init__(self, store: Store, records: list[IndexRecord] | None = None) -> None:
        self.store = store
        self._reloading = threading.Lock()
        revision = self._store_revision()
        self._snapshot = _Snapshot.of(records if records is not None else store.records(), revision)

    def _store_revision(self) -> str | None:
        try:
            return self.store.revision()
        except Exception:  # an unreachable store: keep the loaded records; the search reports it
            return None

    def refresh(self) -> None:
        """Reload the in-memory side after the store changed (a user document added or removed)."""
        revision = self._store_revision()  # read before the records: a write in between shows up next time
        self._snapshot = _Snapshot.of(self.store.records(), revision)  # one assignment: atomic for readers

    def current(self) -> _Snapshot:
        """The in-memory side, reloaded first when the collection changed since it was read."""
        snapshot = self._snapshot
        revision = self._store_revision()
        if revision is None or revision == snapshot.revision:
            return snapshot
        if not self._reloading.acquire(blocking=False):
            return snapshot  # another thread is reloading: answer from the records already loaded
        try:
            self.refresh()
        finally:
            self._reloading.release()
        return self._snapshot

    @property
    def records(self) -> list[IndexRecord]:
        """Every indexed record."""
        return self._snapshot.records

    def entry_ids(self) -> list[str]:
        """Every indexed entry id."""
        return sorted(self._snapshot.by_entry)

    def dense_scores(self, query: str, filters: Filters, snapshot: _Snapshot | None = None,
                     depth: int = DENSE_DEPTH) -> dict[str, float]:
        """Entry id -> cosine similarity to the query, averaged over the entry's languages.

        Both languages are searched, so an English question also matches the French text; a language missing from
        the nearest `depth` records counts as the lowest similarity returned.
        """
        snapshot = snapshot or self._snapshot
        vector = self.store.embedding_function.embed_query([query])[0]
        found = self.store.query(vector, min(depth, len(snapshot.records)), filters.chroma_where())
        if not found:
            return {}
        floor = min(similarity for _, similarity in found)
        per_entry: dict[str, dict[str, float]] = {}
        for chroma_id, similarity in found:
            entry_id, lang = chroma_id.rsplit("::", 1)
            per_entry.setdefault(entry_id, {})[lang] = similarity
        scores = {}
        for entry_id, langs in per_entry.items():
            versions = snapshot.by_entry.get(entry_id, {})
            if versions:  # a record written by another process since this snapshot is skipped
                scores[entry_id] = sum(langs.get(lang, floor) for lang in versions) / len(versions)
        return scores

    def lexical_scores(self, query: str, filters: Filters, snapshot: _Snapshot | None = None) -> dict[str, float]:
        """Entry id -> best BM25 score of its records (only entries that match a query word)."""
        snapshot = snapshot or self._snapshot
        records = snapshot.records
        mask = None if filters.empty else np.fromiter((filters.accepts(r) for r in records), bool, len(records))
        scores = snapshot.lexical.scores(query)
        best: dict[str, float] = {}
        for i in snapshot.lexical.rank(query, mask, scores):
            best.setdefault(records[i].entry_id, float(scores[i]))
        return best

    def search(self, query: str, k: int = 5, lang: str = "en", *, kpi: str | None = None,
               funnel_stage: str | None = None, objective: str | None = None, maturity: str | None = None,
               kind: str | None = None, mode: Mode = "hybrid") -> list[Hit]:
        """Best hits for `query`, most relevant first, text in `lang` (a user document keeps its own language)."""
        query = validate_query(query, k, lang)
        if mode not in get_args(Mode):
            raise QueryError(f"mode must be one of {', '.join(get_args(Mode))}; got {mode!r}")
        filters = Filters(kpi, funnel_stage, objective, maturity, kind).validate()
        snapshot = self.current()
        if not snapshot.records:
            return []
        dense = _scaled(self.dense_scores(query, filters, snapshot)) if mode != "lexical" else {}
        lexical = _scaled(self.lexical_scores(query, filters, snapshot), floor_at_zero=True) if mode != "dense" else {}
        if mode == "hybrid":
            fused = {e: DENSE_WEIGHT * dense.get(e, 0.0) + (1 - DENSE_WEIGHT) * lexical.get(e, 0.0)
                     for e in dense.keys() | lexical.keys()}
        else:
            fused = dense or lexical
        best = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [hit for entry_id, score in best if (hit := _hit(snapshot, entry_id, lang, score)) is not None]

    def get(self, entry_id: str, lang: str = "en") -> Hit | None:
        """One entry by id in `lang`, or None."""
        return _hit(self._snapshot, entry_id, lang, 1.0)


def _hit(snapshot: _Snapshot, entry_id: str, lang: str, score: float) -> Hit | None:
    versions = snapshot.by_entry.get(entry_id)
    if not versions:
        return None
    record = versions.get(lang) or versions.get(ANY_LANG) or next(iter(versions.values()))
    return Hit(id=entry_id, title=record.title, text=record.text, source=_source_label(record, lang),
               score=round(score, 6), kind=record.kind, kpis=list(record.kpis))
