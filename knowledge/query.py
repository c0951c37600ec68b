"""What a search accepts: the query rules and the metadata filters (checked before anything is searched)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from knowledge.entries import Kind, Maturity, Objective, Stage
from knowledge.errors import QueryError
from knowledge.records import LANGS, IndexRecord

MAX_QUERY_CHARS = 10_000
MAX_K = 50


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
