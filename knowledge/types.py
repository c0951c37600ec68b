"""What a knowledge search returns, and the interface the engines rely on (so tests can pass a fake)."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, Field


class Hit(BaseModel):
    """One search result: an entry in the asked language, with its citation (the `kpi search --json` contract)."""

    id: str
    title: str
    text: str
    source: str = Field(description="Citation: article title and file, or the user's document name")
    score: float
    kind: str = ""
    kpis: list[str] = Field(default_factory=list)


class Retriever(Protocol):
    """Anything that searches the knowledge base."""

    def search(
        self,
        query: str,
        k: int = 5,
        lang: str = "en",
        *,
        kpi: str | None = None,
        funnel_stage: str | None = None,
        objective: str | None = None,
        maturity: str | None = None,
        kind: str | None = None,
    ) -> list[Hit]:
        """Best hits for `query`, most relevant first, text in `lang`."""
        ...

    def get(self, entry_id: str, lang: str = "en") -> Hit | None:
        """One entry by id, or None."""
        ...
