"""The KPIs a plan can propose: funnel stage, formula, data source and data needs, in both languages.

Calculators come from their declarations (tools/kpis/*.yaml); a few channel metrics of article 004 (organic
traffic, average position, reach, time on page, downloads) and the lead volume of article 003 have no calculator:
they are read directly in the analytics or platform tool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tools.base import Text
from tools.registry import ToolSpec, all_tools

Stage = Literal["awareness", "consideration", "conversion", "loyalty"]
STAGES: tuple[Stage, ...] = ("awareness", "consideration", "conversion", "loyalty")
STAGE_TITLES: dict[str, Text] = {
    "awareness": Text(en="Awareness", fr="Découverte"),
    "consideration": Text(en="Consideration", fr="Considération"),
    "conversion": Text(en="Conversion", fr="Conversion"),
    "loyalty": Text(en="Loyalty", fr="Fidélisation"),
}

# Data a KPI needs: web analytics, a CRM, marketing automation. Checked against the wizard's answers.
Need = Literal["analytics", "crm", "automation"]

GA = Text(en="Web analytics (Google Analytics 4 / Matomo)", fr="Analytics web (Google Analytics 4 / Matomo)")
SOCIAL = Text(en="Social platforms' insights (Meta, LinkedIn, TikTok…)",
              fr="Statistiques des réseaux sociaux (Meta, LinkedIn, TikTok…)")


@dataclass(frozen=True)
class KpiDef:
    """One KPI a plan can hold."""

    id: str
    title: Text
    stage: Stage
    formula: Text
    source: Text
    tool: str | None = None
    needs: tuple[Need, ...] = ()


def _k(id_: str, en: str, fr: str, stage: Stage, f_en: str, f_fr: str, source: Text, tool: bool = True,
       needs: tuple[Need, ...] = ()) -> KpiDef:
    return KpiDef(id_, Text(en=en, fr=fr), stage, Text(en=f_en, fr=f_fr), source, id_ if tool else None, needs)


# Channel metrics with no calculator (read directly in the analytics or platform tool).
_CHANNEL_METRICS = [
    _k("organic_traffic", "Organic traffic", "Trafic organique", "awareness",
       "Visits from search engines over the period", "Visites issues des moteurs de recherche sur la période",
       Text(en="Web analytics + Google Search Console", fr="Analytics web + Google Search Console"), False,
       ("analytics",)),
    _k("average_position", "Average search position", "Position moyenne", "awareness",
       "Mean ranking of your pages on the tracked keywords", "Classement moyen de vos pages sur les mots-clés suivis",
       Text(en="Google Search Console", fr="Google Search Console"), False),
    _k("social_reach", "Reach", "Portée (reach)", "awareness",
       "Distinct people who saw your posts", "Personnes distinctes ayant vu vos publications", SOCIAL, False),
    _k("time_on_page", "Average time on page", "Temps moyen par page", "consideration",
       "Total engaged time / page views", "Temps d'engagement total / pages vues", GA, False, ("analytics",)),
    _k("content_downloads", "Content downloads", "Téléchargements de contenus", "consideration",
       "Number of downloads of guides, white papers, tools",
       "Nombre de téléchargements de guides, livres blancs, outils",
       Text(en="Web analytics or marketing automation (forms)",
            fr="Analytics web ou marketing automation (formulaires)"), False),
    _k("lead_volume", "Lead volume", "Volume de leads", "conversion",
       "Number of leads (forms, demo requests, sign-ups) over the period",
       "Nombre de leads (formulaires, demandes de démo, inscriptions) sur la période",
       Text(en="Forms / CRM / spreadsheet of requests", fr="Formulaires / CRM / tableur des demandes"), False),
]
# Calculators a plan does not propose as such: the scoring model, and variants of a KPI already listed.
_NOT_IN_PLANS = frozenset({"lead_score", "multi_year_loyalty", "retention_over_period", "click_to_open_rate"})
_PLAN_NEEDS = ("analytics", "crm", "automation")  # the data sources the wizard asks about


def _from_declaration(spec: ToolSpec) -> KpiDef:
    """A calculator's plan entry, read from its declaration (one fact, one place)."""
    decl = spec.kpi
    return KpiDef(spec.id, Text(en=spec.title_en, fr=spec.title_fr), decl.stage, decl.formula, decl.data_source,
                  spec.id, tuple(n for n in decl.needs if n in _PLAN_NEEDS))


def _catalog() -> list[KpiDef]:
    calculators = [_from_declaration(t) for t in all_tools()
                   if t.is_calculator and t.id not in _NOT_IN_PLANS]
    return _CHANNEL_METRICS + calculators


CATALOG: dict[str, KpiDef] = {d.id: d for d in _catalog()}
NEED_TITLES: dict[str, Text] = {
    "analytics": Text(en="web analytics", fr="un outil d'analytics web"),
    "crm": Text(en="a CRM", fr="un CRM"),
    "automation": Text(en="marketing automation", fr="un outil de marketing automation"),
}


def get_kpi(kpi_id: str) -> KpiDef:
    """The catalog entry, or ValueError naming the known ids."""
    try:
        return CATALOG[kpi_id]
    except KeyError:
        raise ValueError(f"Unknown KPI '{kpi_id}'. Known: {', '.join(CATALOG)}") from None
