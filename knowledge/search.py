"""Hybrid search over the knowledge base: dense (Chroma, both languages) + BM25, fused by reciprocal rank."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np

from knowledge.entries import Kind, Maturity, Objective, Stage
from knowledge.errors import QueryError
from knowledge.lexical import LexicalIndex
from knowledge.records import ANY_LANG, LANGS, IndexRecord
from knowledge.store import Store
from knowledge.types import Hit

MAX_QUERY_CHARS = 10_000
MAX_K = 50
DENSE_WEIGHT = 0.5  # hybrid score = 0.5 x dense + 0.5 x lexical, each scaled to 0..1 for the query
# Records fetched from Chroma per query: all of the curated ones (about 300), so the dense scores of every entry
# are scaled over the same range whatever the query; user documents beyond that are only seen when close.
DENSE_DEPTH = 400
Mode = Literal["hybrid", "dense", "lexical"]


@dataclass(frozen=True)
class Filters:
    """Metadata filters; every one given must hold (an entry without that tag does not match)."""

    kpi: str | None = None
    funnel_stage: str | None = None
    objective: str | None = None
    maturity: str | None = None
    kind: str | None = None

    def validate(self) -> Filters:
        """Refuse values outside the vocabulary, naming the field and the allowed values."""
        for field_name, literal in (("funnel_stage", Stage), ("objective", Objective), ("maturity", Maturity)):
            value = getattr(self, field_name)
            if value is not None and value not in get_args(literal):
                raise QueryError(f"{field_name} must be one of {', '.join(get_args(literal))}; got {value!r}")
        if self.kind is not None and self.kind not in (*get_args(Kind), "document"):
            raise QueryError(f"kind must be one of {', '.join((*get_args(Kind), 'document'))}; got {self.kind!r}")
        return self

    def chroma_where(self) -> dict[str, Any] | None:
        """The same conditions as a Chroma `where` clause."""
        conditions: list[dict[str, Any]] = [
            {name: {"$contains": value}}
            for name, value in (("kpis", self.kpi), ("funnel_stage", self.funnel_stage),
                                ("objective", self.objective), ("maturity", self.maturity))
            if value is not None
        ]
        if self.kind is not None:
            conditions.append({"kind": self.kind})
        if not conditions:
            return None
        return conditions[0] if len(conditions) == 1 else {"$and": conditions}

    def accepts(self, record: IndexRecord) -> bool:
        """The same conditions, checked in Python (for the lexical side)."""
        return ((self.kpi is None or self.kpi in record.kpis)
                and (self.funnel_stage is None or self.funnel_stage in record.funnel_stage)
                and (self.objective is None or self.objective in record.objective)
                and (self.maturity is None or self.maturity in record.maturity)
                and (self.kind is None or self.kind == record.kind))

    @property
    def empty(self) -> bool:
        """True when no filter is set."""
        return self == Filters()


def validate_query(query: str, k: int, lang: str) -> str:
    """The query stripped, or a QueryError naming the rule it breaks."""
    if not isinstance(query, str) or not query.strip():
        raise QueryError("query must not be empty")
    if len(query) >= MAX_QUERY_CHARS:
        raise QueryError(f"query must be shorter than {MAX_QUERY_CHARS} characters; got {len(query)}")
    if lang not in LANGS:
        raise QueryError(f"lang must be 'fr' or 'en'; got {lang!r}")
    if not 1 <= k <= MAX_K:
        raise QueryError(f"k must be between 1 and {MAX_K}; got {k}")
    return query.strip()


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


class KnowledgeBase:
    """The Retriever the engines use: hybrid search and lookup by id, text in the asked language."""

    def __init__(self, store: Store, records: list[IndexRecord] | None = None) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._load(records if records is not None else store.records())

    def _load(self, records: list[IndexRecord]) -> None:
        records = sorted(records, key=lambda r: r.chroma_id)
        by_entry: dict[str, dict[str, IndexRecord]] = {}
        for record in records:
            by_entry.setdefault(record.entry_id, {})[record.lang] = record
        position = {r.chroma_id: i for i, r in enumerate(records)}
        lexical = LexicalIndex(records)
        with self._lock:  # swap everything at once so a concurrent search never sees half a refresh
            self._records, self._by_entry, self._position, self._lexical = records, by_entry, position, lexical

    def refresh(self) -> None:
        """Reload the in-memory side after the store changed (a user document added or removed)."""
        self._load(self.store.records())

    @property
    def records(self) -> list[IndexRecord]:
        """Every indexed record."""
        return self._records

    def entry_ids(self) -> list[str]:
        """Every indexed entry id."""
        return sorted(self._by_entry)

    def dense_scores(self, query: str, filters: Filters, depth: int = DENSE_DEPTH) -> dict[str, float]:
        """Entry id -> cosine similarity to the query, averaged over the entry's languages.

        Both languages are searched, so an English question also matches the French text; a language missing from
        the nearest `depth` records counts as the lowest similarity returned.
        """
        vector = self.store.embedding_function.embed_query([query])[0]
        found = self.store.query(vector, min(depth, len(self._records)), filters.chroma_where())
        if not found:
            return {}
        floor = min(similarity for _, similarity in found)
        per_entry: dict[str, dict[str, float]] = {}
        for chroma_id, similarity in found:
            entry_id, lang = chroma_id.rsplit("::", 1)
            per_entry.setdefault(entry_id, {})[lang] = similarity
        scores = {}
        for entry_id, langs in per_entry.items():
            versions = self._by_entry.get(entry_id, {})
            if versions:
                scores[entry_id] = sum(langs.get(lang, floor) for lang in versions) / len(versions)
        return scores

    def lexical_scores(self, query: str, filters: Filters) -> dict[str, float]:
        """Entry id -> best BM25 score of its records (only entries that match a query word)."""
        records = self._records
        mask = None if filters.empty else np.fromiter((filters.accepts(r) for r in records), bool, len(records))
        scores = self._lexical.scores(query)
        best: dict[str, float] = {}
        for i in self._lexical.rank(query, mask, scores):
            entry_id = records[i].entry_id
            best.setdefault(entry_id, float(scores[i]))
        return best

    def search(self, query: str, k: int = 5, lang: str = "en", *, kpi: str | None = None,
               funnel_stage: str | None = None, objective: str | None = None, maturity: str | None = None,
               kind: str | None = None, mode: Mode = "hybrid") -> list[Hit]:
        """Best hits for `query`, most relevant first, text in `lang` (a user document keeps its own language)."""
        query = validate_query(query, k, lang)
        filters = Filters(kpi, funnel_stage, objective, maturity, kind).validate()
        if not self._records:
            return []
        dense = _scaled(self.dense_scores(query, filters)) if mode != "lexical" else {}
        lexical = _scaled(self.lexical_scores(query, filters), floor_at_zero=True) if mode != "dense" else {}
        if mode == "hybrid":
            fused = {e: DENSE_WEIGHT * dense.get(e, 0.0) + (1 - DENSE_WEIGHT) * lexical.get(e, 0.0)
                     for e in dense.keys() | lexical.keys()}
        else:
            fused = dense or lexical
        best = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [hit for entry_id, score in best if (hit := self._hit(entry_id, lang, score)) is not None]

    def get(self, entry_id: str, lang: str = "en") -> Hit | None:
        """One entry by id in `lang`, or None."""
        return self._hit(entry_id, lang, 1.0)

    def _hit(self, entry_id: str, lang: str, score: float) -> Hit | None:
        versions = self._by_entry.get(entry_id)
        if not versions:
            return None
        record = versions.get(lang) or versions.get(ANY_LANG) or next(iter(versions.values()))
        return Hit(id=entry_id, title=record.title, text=record.text, source=_source_label(record, lang),
                   score=round(score, 6), kind=record.kind, kpis=list(record.kpis))
