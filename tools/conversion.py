"""Conversion KPIs: conversion rate, funnel stage-to-stage rates, qualified-lead rate, MQL→SQL rate."""

from __future__ import annotations

from pydantic import Field

from tools.base import KpiInput, KpiResult, Text
from tools.common import SEGMENT_HELP, Count, Segment, at_least, num, pct_text, rate_result, tidy, titles
from tools.health import judge
from tools.registry import ToolSpec

# This family's calculators; tools/families.py registers them explicitly (nothing registers on import).
SPECS: list[ToolSpec] = []


class ConversionInput(KpiInput):
    """Inputs of the conversion rate."""

    conversions: Count = Field(description="People who took the action (bought, booked, asked for a quote)")
    visitors: Count = Field(description="Visitors or leads who could have taken it, over the same period")
    segment: Segment | None = Field(None, description=SEGMENT_HELP)
    _check = at_least("conversions", "visitors", "every conversion is one of the visitors or leads")


def conversion_rate(inp: ConversionInput) -> KpiResult:
    """Conversion rate: the share of visitors (or leads) who took the action."""
    value = tidy(None if inp.visitors == 0 else inp.conversions / inp.visitors * 100)
    return rate_result("conversion_rate", "Conversion rate", inp.conversions, inp.visitors, inp,
                       what=Text(en="The conversion rate", fr="Le taux de conversion"),
                       undefined_because=Text(en="no visitors or leads", fr="aucun visiteur ni lead"),
                       verdict=judge("conversion_rate", value, {}, inp.segment))


class Stage(KpiInput):
    """One funnel stage."""

    name: str = Field(min_length=1, max_length=80, description="Stage name, e.g. 'visitors', 'leads', 'customers'")
    count: Count = Field(description="People who reached this stage over the period")


class FunnelInput(KpiInput):
    """Inputs of the funnel conversion."""

    stages: list[Stage] = Field(min_length=2, max_length=20,
                                description="Funnel stages in order, from the widest (e.g. visitors) to the last")


def funnel_conversion(inp: FunnelInput) -> KpiResult:
    """Stage-to-stage conversion rates, the overall rate (first to last stage) and the weakest step."""
    steps, warnings = [], []
    for a, b in zip(inp.stages, inp.stages[1:], strict=False):
        rate = tidy(None if a.count == 0 else b.count / a.count * 100)
        steps.append({"from": a.name, "to": b.name, "rate_pct": rate})
        if rate is None:
            warnings.append(Text(en=f"The {a.name} → {b.name} rate is undefined: nobody reached '{a.name}'.",
                                 fr=f"Le taux {a.name} → {b.name} n'est pas défini : personne n'a atteint "
                                    f"« {a.name} »."))
        elif rate > 100:
            warnings.append(Text(en=f"More people at '{b.name}' than at '{a.name}': check the stages are counted "
                                    "over the same people and period.",
                                 fr=f"Plus de monde à « {b.name} » qu'à « {a.name} » : vérifiez que les étapes "
                                    "portent sur les mêmes personnes et la même période."))
    first, last = inp.stages[0], inp.stages[-1]
    overall = tidy(None if first.count == 0 else last.count / first.count * 100)
    defined = [s for s in steps if s["rate_pct"] is not None]
    weakest = min(defined, key=lambda s: s["rate_pct"]) if defined else None
    shown = " × ".join(f"{s['from']}→{s['to']} {pct_text(s['rate_pct'])}" for s in steps)
    return KpiResult(
        tool="funnel_conversion", value=overall, unit="%",
        formula=f"Overall = {num(last.count)} / {num(first.count)} × 100 = {pct_text(overall)} ({shown})",
        inputs=inp.model_dump(), warnings=warnings,
        convention=[Text(en="Each rate is stage N+1 ÷ stage N × 100 (article 003); the overall rate is the last "
                           "stage ÷ the first, i.e. the product of the stage rates.",
                        fr="Chaque taux vaut étape N+1 ÷ étape N × 100 (article 003) ; le taux global est la "
                           "dernière étape ÷ la première, soit le produit des taux d'étape.")],
        details={"stage_rates": steps, "weakest_step": weakest, "overall_pct": overall},
    )


class QualifiedInput(KpiInput):
    """Inputs of the qualified-lead rate."""

    qualified_leads: Count = Field(description="Leads that match your ideal customer profile")
    leads: Count = Field(description="All leads received over the same period")
    _check = at_least("qualified_leads", "leads", "qualified leads are among the leads")


def qualified_lead_rate(inp: QualifiedInput) -> KpiResult:
    """Qualified-lead rate: the share of leads that really match your target."""
    return rate_result("qualified_lead_rate", "Qualified-lead rate", inp.qualified_leads, inp.leads, inp,
                       what=Text(en="The qualified-lead rate", fr="Le taux de leads qualifiés"),
                       undefined_because=Text(en="no leads", fr="aucun lead"))


class MqlSqlInput(KpiInput):
    """Inputs of the MQL to SQL rate."""

    sql: Count = Field(description="Sales-qualified leads (SQL) that came from those MQLs")
    mql: Count = Field(description="Marketing-qualified leads (MQL) over the period")
    _check = at_least("sql", "mql", "each SQL was first an MQL")


def mql_to_sql_rate(inp: MqlSqlInput) -> KpiResult:
    """MQL→SQL rate: the share of marketing-qualified leads that sales accept."""
    return rate_result("mql_to_sql_rate", "MQL→SQL rate", inp.sql, inp.mql, inp,
                       what=Text(en="The MQL→SQL rate", fr="Le taux MQL→SQL"),
                       undefined_because=Text(en="no MQL", fr="aucun MQL"))


def _spec(id_, model, func, en, fr, den, dfr, **field_titles):
    SPECS.append(ToolSpec(id=id_, family="conversion", title_en=en, title_fr=fr, description_en=den,
                      description_fr=dfr, input_model=model, func=func, field_titles=titles(model, **field_titles)))


_spec("conversion_rate", ConversionInput, conversion_rate, "Conversion rate", "Taux de conversion",
      "Conversions ÷ visitors (or leads) × 100.", "Conversions ÷ visiteurs (ou leads) × 100.",
      conversions=("Conversions", "Conversions"), visitors=("Visitors or leads", "Visiteurs ou leads"))
_spec("funnel_conversion", FunnelInput, funnel_conversion, "Funnel conversion by stage",
      "Conversion par étape du tunnel",
      "Rate from each stage to the next, the overall rate and the weakest step.",
      "Taux de chaque étape à la suivante, taux global et étape la plus faible.",
      stages=("Stages (name, count)", "Étapes (nom, effectif)"))
_spec("qualified_lead_rate", QualifiedInput, qualified_lead_rate, "Qualified-lead rate", "Taux de leads qualifiés",
      "Qualified leads ÷ all leads × 100.", "Leads qualifiés ÷ total des leads × 100.",
      qualified_leads=("Qualified leads", "Leads qualifiés"), leads=("Leads", "Leads"))
_spec("mql_to_sql_rate", MqlSqlInput, mql_to_sql_rate, "MQL to SQL rate", "Taux MQL→SQL",
      "SQL ÷ MQL × 100: how many marketing leads sales accept.",
      "SQL ÷ MQL × 100 : la part des leads marketing acceptés par les ventes.",
      sql=("SQL", "SQL"), mql=("MQL", "MQL"))
