"""The KPIs a plan can propose: funnel stage, formula, data source and data needs, in both languages.

Read from the same place as the chat's selection (`assistant.selection.kpis`): the calculators' declarations
(tools/kpis/*.yaml) and the metrics without a calculator (tools/kpis/_metrics.yaml: organic traffic, average
position, reach, time on page, downloads, lead volume, and the vanity metrics a plan never proposes by itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.selection.kpis import Kpi, universe
from assistant.selection.profile import rules
from tools.base import Text

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
_PLAN_NEEDS = ("analytics", "crm", "automation")  # the data sources the wizard asks about


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
    vanity: bool = False


def _plan_entry(k: Kpi) -> KpiDef:
    d = k.decl
    return KpiDef(k.id, k.title, k.stage, d.formula or Text(en="", fr=""), d.data_source or Text(en="", fr=""),
                  k.tool, tuple(n for n in d.needs if n in _PLAN_NEEDS), d.vanity)  # type: ignore[arg-type]


def _catalog() -> list[KpiDef]:
    # Calculators a plan does not propose as such: the scoring model, and variants of a KPI already listed.
    skip = set(rules()["not_proposed"])
    return [_plan_entry(k) for k in universe().values() if k.id not in skip]


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
