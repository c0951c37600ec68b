"""Choosing a short set of KPIs for a situation: knowledge entries found with filters, then a deterministic pick.

The candidate KPIs and their weights come from the selection entries the retriever returns for the user's
objective, maturity and each funnel stage; the pick then covers every stage before adding the strongest others.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.types import Hit
from tools.registry import all_tools, get_tool

STAGES = ("awareness", "consideration", "conversion", "loyalty")
_OBJECTIVES = [
    ("retention", r"fidelis|retention|retenir|churn|reachat|repeat|loyal|fideli|garder (?:mes|les) clients|keep"),
    ("profitability", r"rentab|profit|marge|margin|roi\b|cout|cost|economi|budget|depenser moins|spend less"),
    ("awareness", r"notoriete|awareness|visibilite|visibility|faire connaitre|brand|marque|audience|reach"),
    ("growth", r"croissance|growth|grow|croitre|clients? en plus|more customers|plus de clients|acqui|leads?|ventes"
               r"|sales|chiffre d'affaires|revenue|developper|scale|lancer|launch|trouver des clients|find customers"),
]
_MATURITY = [
    ("starting", r"debut|demarr|lanc|launch|start|new business|nouvelle|solo|freelance|seul|premier|first|petite"
                 r"|small|tpe|creat"),
    ("advanced", r"avance|advanced|mature|scale-?up|grande|large|data team|equipe data|enterprise"),
    ("established", r"etabli|established|pme|sme|croissance|growing|existant|depuis \S+ ans|for \S+ years"),
]


# Worded like the selection entries' titles, so that the search finds the entry for that objective or maturity.
OBJECTIVE_QUERY = {"growth": ("Growth objective", "Objectif croissance"),
                   "profitability": ("Profitability objective", "Objectif rentabilité"),
                   "retention": ("Retention objective", "Objectif fidélisation"),
                   "awareness": ("Awareness objective", "Objectif notoriété")}
MATURITY_QUERY = {"starting": ("Early maturity", "Maturité débutante"),
                  "advanced": ("Advanced maturity", "Maturité avancée")}


@dataclass(frozen=True)
class Situation:
    """What the user told about their business."""

    objective: str | None
    segment: str | None  # "B2B", "B2C" or None
    maturity: str | None
    crm: bool | None


def read_situation(norm: str) -> Situation:
    """Objective, B2B/B2C, maturity and CRM from the normalised question."""
    objective = next((o for o, p in _OBJECTIVES if re.search(p, norm)), None)
    maturity = next((m for m, p in _MATURITY if re.search(p, norm)), None)
    segment = "B2B" if re.search(r"\bb2b\b|entreprises? clientes|business clients|saas", norm) else (
        "B2C" if re.search(r"\bb2c\b|particuliers|consumers|e-?commerce|boutique|shop|store|grand public", norm)
        else None)
    crm = None
    if re.search(r"(?:sans|pas de|no|without|don't have a|do not have a|not have a|aucun) (?:\w+ )?crm", norm):
        crm = False
    elif re.search(r"\bcrm\b", norm):
        crm = True
    return Situation(objective=objective, segment=segment, maturity=maturity, crm=crm)


# Variants of one KPI: a short set needs one of each, not two ways of computing the same thing.
_VARIANTS = ({"clv_simple", "clv_b2b", "clv_margin_churn"}, {"retention_rate", "retention_over_period"},
             {"email_click_rate", "click_to_open_rate"})


def _variant_of(kpi: str) -> set[str]:
    return next((group - {kpi} for group in _VARIANTS if kpi in group), set())


def _allowed(kpi: str, s: Situation, known: set[str]) -> bool:
    if kpi not in known:
        return False
    decl = get_tool(kpi).kpi  # what the KPI needs and where it applies: its declaration, as in the plan wizard
    if s.crm is False and "crm" in decl.needs:
        return False
    return not (s.segment is not None and s.segment not in decl.segments)


def choose_kpis(search: Callable[..., list[Hit]], s: Situation, lang: str,
                size: int | None = None) -> tuple[list[tuple[str, str]], list[Hit]]:
    """[(kpi, stage)] covering the funnel (5 to 7 of them) and the selection entries the choice relied on.

    `search` is the retriever's search bound to the user's language (query, k, filters) -> hits.
    """
    known = {t.id for t in all_tools()} - {"what_if", "solve_for", "kpi_health"}
    lang_index = 1 if lang == "fr" else 0
    weights: dict[str, float] = {}
    used: list[Hit] = []

    def absorb(hits: list[Hit], weight: float) -> None:
        for hit_rank, hit in enumerate(hits):
            if hit not in used:
                used.append(hit)
            # the best hit counts most, and an entry naming few KPIs says more about each than a long list
            share = weight / (1 + hit_rank) * min(1.0, 4 / max(len(hit.kpis), 1))
            for rank, kpi in enumerate(hit.kpis):
                weights[kpi] = weights.get(kpi, 0.0) + share / (1 + 0.15 * rank)

    if s.objective:
        absorb(search(OBJECTIVE_QUERY[s.objective][lang_index], k=2, kind="selection", objective=s.objective), 6.0)
    if s.maturity in MATURITY_QUERY:
        absorb(search(MATURITY_QUERY[s.maturity][lang_index], k=1, kind="selection", maturity=s.maturity), 1.5)
    # A KPI's home stage: where the most specific stage entries (those listing few KPIs) put it.
    stage_score: dict[str, dict[str, float]] = {}
    for stage in STAGES:
        hits = search(f"KPI {stage}", k=4, kind="selection", funnel_stage=stage)
        absorb(hits, 0.5)
        for hit in hits:
            for rank, kpi in enumerate(hit.kpis):
                per = stage_score.setdefault(kpi, {})
                per[stage] = per.get(stage, 0.0) + 1 / len(hit.kpis) / (1 + 0.1 * rank)
    home = {k: max(STAGES, key=lambda st, k=k: (stage_score[k].get(st, 0.0), -STAGES.index(st)))
            for k in stage_score}
    size = size or (5 if s.maturity == "starting" else (7 if s.maturity == "advanced" else 6))
    ranked = sorted((k for k in weights if _allowed(k, s, known)), key=lambda k: (-weights[k], k))
    chosen: list[tuple[str, str]] = []
    for stage in STAGES:  # one per stage first, so the set covers the whole funnel
        pick = next((k for k in ranked if home.get(k) == stage), None)
        if pick:
            chosen.append((pick, stage))
    for kpi in ranked:
        if len(chosen) >= size:
            break
        if any(kpi == k or _variant_of(kpi) & {k} for k, _ in chosen):
            continue
        chosen.append((kpi, home.get(kpi, "conversion")))
    order = {st: i for i, st in enumerate(STAGES)}
    chosen.sort(key=lambda c: order[c[1]])
    return chosen, used
