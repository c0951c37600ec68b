"""An in-memory retriever over the real curated entries, with naive keyword scoring and the real filters.

It implements knowledge.types.Retriever so the offline engine can be tested without building a Chroma index.
"""

from __future__ import annotations

import re

from knowledge.entries import Entry, load_entries
from knowledge.language import normalize
from knowledge.types import Hit

_WORD = re.compile(r"[a-z0-9]{3,}")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(normalize(text)))


class KeywordRetriever:
    """Search the curated entries by shared words; filters behave like the real index's metadata filters."""

    def __init__(self, entries: list[Entry] | None = None):
        self.entries = list(entries if entries is not None else load_entries())
        self._index = [(e, _words(f"{e.title.en} {e.title.fr} {e.text.en} {e.text.fr} {' '.join(e.kpis)}"))
                       for e in self.entries]
        self.calls: list[dict] = []

    def _hit(self, e: Entry, lang: str, score: float) -> Hit:
        return Hit(id=e.id, title=e.title.fr if lang == "fr" else e.title.en,
                   text=e.text.fr if lang == "fr" else e.text.en, source=e.source_label(), score=score, kind=e.kind,
                   kpis=list(e.kpis))

    def search(self, query, k=5, lang="en", *, kpi=None, funnel_stage=None, objective=None, maturity=None,
               kind=None):
        """Entries passing the filters, ranked by words shared with the query (ties: file order)."""
        self.calls.append({"query": query, "kpi": kpi, "kind": kind, "funnel_stage": funnel_stage,
                           "objective": objective, "maturity": maturity})
        q = _words(query)
        scored = []
        for order, (e, words) in enumerate(self._index):
            if kpi and kpi not in e.kpis:
                continue
            if kind and e.kind != kind:
                continue
            if funnel_stage and funnel_stage not in e.funnel_stage:
                continue
            if objective and objective not in e.objective:
                continue
            if maturity and maturity not in e.maturity:
                continue
            scored.append((len(q & words), -order, e))
        scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
        return [self._hit(e, lang, float(score)) for score, _, e in scored[:k]]

    def get(self, entry_id, lang="en"):
        """One entry by id."""
        for e in self.entries:
            if e.id == entry_id:
                return self._hit(e, lang, 1.0)
        return None
