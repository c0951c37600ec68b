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
RRF_K = 60  # the usual reciprocal-rank-fusion constant: flattens the gap between rank 1 and rank 2
DENSE_DEPTH = 40  # records fetched from Chroma per query (both languages of ~20 entries)
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

    def dense_ranking(self, query: str, filters: Filters, depth: int = DENSE_DEPTH) -> list[str]:
        """Entry ids by vector similarity, best first (a French and an English record map to one entry)."""
        vector = self.store.embedding_function.embed_query([query])[0]
        n = min(depth, len(self._records))
        ids = self.store.query(vector, n, filters.chroma_where())
        return list(dict.fromkeys(cid.rsplit("::", 1)[0] for cid in ids))

    def lexical_ranking(self, query: str, filters: Filters) -> list[str]:
        """Entry ids by BM25, best first."""
        records, lexical = self._records, self._lexical
        mask = None if filters.empty else np.fromiter((filters.accepts(r) for r in records), bool, len(records))
        return list(dict.fromkeys(records[i].entry_id for i in lexical.rank(query, mask)))

    def search(self, query: str, k: int = 5, lang: str = "en", *, kpi: str | None = None,
               funnel_stage: str | None = None, objective: str | None = None, maturity: str | None = None,
               kind: str | None = None, mode: Mode = "hybrid") -> list[Hit]:
        """Best hits for `query`, most relevant first, text in `lang` (a user document keeps its own language)."""
        query = validate_query(query, k, lang)
        filters = Filters(kpi, funnel_stage, objective, maturity, kind).validate()
        if not self._records:
            return []
        rankings: list[list[str]] = []
        if mode in ("hybrid", "dense"):
            rankings.append(self.dense_ranking(query, filters))
        if mode in ("hybrid", "lexical"):
            rankings.append(self.lexical_ranking(query, filters))
        fused: dict[str, float] = {}
        for ranking in rankings:
            for rank, entry_id in enumerate(ranking):
                fused[entry_id] = fused.get(entry_id, 0.0) + 1.0 / (RRF_K + rank + 1)
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
