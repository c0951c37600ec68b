"""Which calculators the model is offered in a turn: a few, ranked from the question, each with its typed schema.

Offering every calculator costs about 8 400 prompt tokens per call (one schema each) and a weak model picks among
32 worse than among 4; one untyped dispatcher costs 1 400 but lets the model invent ids and fields. So each turn
offers the `llm_tools_per_turn` best calculators, ranked by reciprocal-rank fusion of independent signals:
- the reader's sure calculation, then the calculators the reader ran (`assistant.prefill`);
- the KPI names in the question: a calculator's acronym ("CAC", "ROAS") or its title, in either language;
- the multilingual sentence encoder: the question against each calculator's titles, description and field names;
- the knowledge base: the KPIs of the entries the question retrieves;
- the calculators used earlier in the conversation (a follow-up "and with 20 % less spend?").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from functools import cache

import numpy as np

from tools.registry import ToolSpec, all_tools

log = logging.getLogger(__name__)

# Registry tools that work on another calculator (offered every turn, with an enum of the offered calculators).
META_TOOLS = ("what_if", "solve_for", "kpi_health")
_RRF_K = 3
_WEIGHTS = {"sure": 8.0, "reader": 3.0, "named": 2.0, "encoder": 1.0, "knowledge": 1.0, "earlier": 0.7}


def calculators() -> list[ToolSpec]:
    """Every registry tool that computes a KPI from figures (the meta tools left out)."""
    return [s for s in all_tools() if s.id not in META_TOOLS]


def _descriptor(spec: ToolSpec, lang: str) -> str:
    fields = ", ".join(spec.field_title(name, lang) for name in spec.input_model.model_fields if name != "currency")
    return f"{spec.title(lang)}. {spec.description(lang)} ({fields})"


@cache
def _calculator_vectors() -> tuple[tuple[str, ...], np.ndarray]:
    """Unit vectors of every calculator's descriptor, in English and in French (two rows per calculator)."""
    from knowledge.usemodel import encode_texts

    specs = calculators()
    texts = [_descriptor(s, lang) for s in specs for lang in ("en", "fr")]
    vectors = np.asarray(encode_texts(texts), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    return tuple(s.id for s in specs), vectors


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return " " + re.sub(r"[^a-z0-9]+", " ", "".join(c for c in text if not unicodedata.combining(c))) + " "


@cache
def _names() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(id, acronyms, titles) of every calculator, folded: ('roas', (' roas ',), (' return on ad spend ', ...))."""
    out = []
    for spec in calculators():
        titles = (spec.title_en, spec.title_fr)
        # Its own acronym: the one in parentheses ("Customer acquisition cost (CAC)"), or the one its id ends with
        # ("marketing_roi"); "CAC payback period" is not the CAC.
        acronyms = {_fold(a) for t in titles for a in re.findall(r"\(([A-Z]{2,5})\)", t)}
        last = spec.id.rsplit("_", 1)[-1]
        acronyms |= {_fold(a) for t in titles for a in re.findall(r"\b[A-Z]{2,5}\b", t) if a.lower() == last}
        plain = {_fold(re.sub(r"\([^)]*\)", "", t)) for t in titles}
        out.append((spec.id, tuple(sorted(acronyms)), tuple(sorted(plain))))
    return tuple(out)


def named_ranking(question: str) -> list[str]:
    """Calculators the question names: by title (the most specific) or by their own acronym."""
    folded = _fold(question)
    scored = []
    for tool_id, acronyms, titles in _names():
        score = 2 * any(a in folded for a in acronyms) + 3 * any(t in folded for t in titles)
        if score:
            scored.append((-score, tool_id))
    return [tool_id for _, tool_id in sorted(scored)]


def encoder_ranking(question: str) -> list[str]:
    """Calculators by similarity of their descriptors to the question (best of the two languages)."""
    try:
        from knowledge.usemodel import encode_texts

        ids, vectors = _calculator_vectors()
        q = np.asarray(encode_texts([question])[0], dtype=np.float32)
    except Exception:  # the encoder is an aid: the other signals still rank
        log.exception("sentence encoder unavailable for tool selection")
        return []
    q /= max(float(np.linalg.norm(q)), 1e-9)
    scores = (vectors @ q).reshape(len(ids), 2).max(axis=1)
    return [ids[i] for i in np.argsort(-scores)]


def knowledge_ranking(question: str, lang: str, retriever: object | None, k: int = 6) -> list[str]:
    """Calculators named by the knowledge entries the question retrieves, in the order of the hits."""
    if retriever is None:
        return []
    try:
        hits = retriever.search(question, k=k, lang=lang)  # type: ignore[attr-defined]
    except Exception:  # a broken index must not stop the turn
        log.exception("knowledge search failed during tool selection")
        return []
    known = {s.id for s in calculators()}
    return list(dict.fromkeys(kpi for hit in hits for kpi in getattr(hit, "kpis", []) if kpi in known))


def fuse(rankings: dict[str, Sequence[str]], limit: int) -> list[str]:
    """Reciprocal-rank fusion of named rankings (weights in `_WEIGHTS`), best `limit` ids first."""
    scores: dict[str, float] = {}
    for name, ranking in rankings.items():
        weight = _WEIGHTS.get(name, 1.0)
        for rank, tool_id in enumerate(dict.fromkeys(ranking)):
            scores[tool_id] = scores.get(tool_id, 0.0) + weight / (_RRF_K + rank + 1)
    return sorted(scores, key=lambda t: -scores[t])[:limit]


def select_calculators(question: str, lang: str, *, retriever: object | None, sure: str | None,
                       reader: Sequence[str], earlier: Sequence[str], limit: int) -> list[str]:
    """The calculators offered to the model this turn, best first."""
    known = {s.id for s in calculators()}
    rankings = {
        "sure": [sure] if sure in known else [],
        "reader": [t for t in reader if t in known],
        "named": named_ranking(question),
        "encoder": encoder_ranking(question)[: 2 * limit],
        "knowledge": knowledge_ranking(question, lang, retriever)[: 2 * limit],
        "earlier": [t for t in reversed(earlier) if t in known][:2],
    }
    return fuse(rankings, limit)
