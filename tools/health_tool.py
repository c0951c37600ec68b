"""The `kpi_health` tool: judge a KPI value you already have against the health rules, with their sources."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from tools.base import Currency, KpiInput, KpiResult, Text
from tools.common import SEGMENT_HELP, Money, Segment, num, titles
from tools.health import B2C_RETENTION_NOTE, RULES, judge, judged_kpis, segment_matches
from tools.registry import ToolSpec, get_tool

# This family's calculators; tools/families.py registers them explicitly (nothing registers on import).
SPECS: list[ToolSpec] = []

JudgedKpi = Literal[tuple(judged_kpis())]  # type: ignore[valid-type]  # the list comes from the rules themselves
# A return, not a share: the one percentage KPI that may be negative or above 100 %.
UNBOUNDED_PCT = frozenset({"marketing_roi"})


def result_unit(kpi: str) -> str:
    """The unit of a KPI's value ('money', '%', 'ratio', 'months'...), as its declaration states it."""
    unit = get_tool(kpi).kpi.result
    if unit is None:
        raise LookupError(f"{kpi} declares no result unit")
    return unit




class HealthContext(KpiInput):
    """What some rules need to give a verdict."""

    average_price: Money | None = Field(None, description="CAC only: the average selling price to compare it with")
    phase: Literal["standard", "launch", "awareness"] | None = Field(
        None, description="ROI only: a negative ROI is expected during a launch or for an awareness action")
    period: Literal["month", "quarter", "year"] | None = Field(None, description="Churn only: the period it covers")
    currency: str = Currency


class HealthInput(KpiInput):
    """A KPI value to judge, with its segment and context."""

    kpi: JudgedKpi = Field(description="Tool id of the KPI to judge, e.g. 'marketing_roi'")
    value: float = Field(ge=-1e15, le=1e15, description="The value, in the KPI's unit (% for rates and ROI, "
                                                        "x for CLV:CAC, months for payback, currency for CAC/CPL)")

    @field_validator("value")
    @classmethod
    def _in_range(cls, value: float, info: ValidationInfo) -> float:
        kpi = info.data.get("kpi")
        if kpi is None:
            return value
        unit = result_unit(kpi)
        if unit == "%" and kpi not in UNBOUNDED_PCT and not 0 <= value <= 100:
            raise PydanticCustomError("rate_range", "{kpi} is a rate: it must be between 0 and 100 %", {"kpi": kpi})
        if unit != "%" and value < 0:
            raise PydanticCustomError("negative", "{kpi} cannot be negative", {"kpi": kpi})
        return value

    segment: Segment | None = Field(None, description=SEGMENT_HELP)
    context: HealthContext = Field(default_factory=HealthContext,
                                   description="What some rules need: average_price (CAC), phase (ROI), period "
                                               "(churn), currency (CAC, CPL)")
    roi_as_multiple: bool = Field(False, description="ROI only: the value is a multiple (2 means 200 %), the way "
                                                     "article 000 writes '200 % (or 2)'")


def _fr(x: float) -> str:
    """A number for a French sentence, like `num` but with a decimal comma."""
    return num(x).replace(".", ",")


def _other_segment(rule: str, rule_segment: str, segment: str | None) -> Text:
    """Why a segment rule was not used: no segment given, or another one."""
    if segment is None:
        return Text(en=f"Rule {rule} applies to segment {rule_segment}: give that segment to use it.",
                    fr=f"La règle {rule} vaut pour le segment {rule_segment} : indiquez ce segment pour l'utiliser.")
    return Text(en=f"Rule {rule} applies to segment {rule_segment}, not to {segment}.",
                fr=f"La règle {rule} vaut pour le segment {rule_segment}, pas pour {segment}.")


def kpi_health(inp: HealthInput) -> KpiResult:
    """The verdict of the first rule that applies, every rule considered, and what is missing for the others."""
    value, convention, warnings = inp.value, [], []
    if inp.kpi == "marketing_roi":
        if inp.roi_as_multiple:
            value = inp.value * 100
            convention.append(Text(en=f"ROI given as a multiple: {num(inp.value)} means {num(value)} %.",
                                   fr=f"ROI donné en multiple : {_fr(inp.value)} signifie {_fr(value)} %."))
        elif 0 < inp.value < 10:
            warnings.append(Text(en=f"An ROI of {num(inp.value)} % is low; if you meant a multiple ({num(inp.value)} "
                                    f"= {num(inp.value * 100)} %), set roi_as_multiple.",
                                 fr=f"Un ROI de {_fr(inp.value)} % est faible ; si vous parliez d'un multiple "
                                    f"({_fr(inp.value)} = {_fr(inp.value * 100)} %), cochez roi_as_multiple."))
    context = inp.context.model_dump()
    considered, missing_notes = [], []
    for rule in (r for r in RULES if r.kpi == inp.kpi):
        applies = segment_matches(rule.segment, inp.segment)
        v = rule.apply(value, context, inp.segment) if applies else None
        missing = [k for k in rule.needs if context.get(k) in (None, "")]
        considered.append({"rule": rule.id, "segment": rule.segment, "source": rule.source,
                           "level": v.level if v else None, "missing_context": missing})
        if not applies:
            missing_notes.append(_other_segment(rule.id, rule.segment, inp.segment))
        elif v is None and missing:
            missing_notes.append(Text(en=f"Rule {rule.id} needs {', '.join(missing)} in the context.",
                                 fr=f"La règle {rule.id} a besoin de {', '.join(missing)} dans le contexte."))
    verdict = judge(inp.kpi, value, context, inp.segment)
    if verdict is None and inp.kpi.startswith("retention") and inp.segment and inp.segment.startswith("B2C"):
        convention.append(B2C_RETENTION_NOTE)
    unit = result_unit(inp.kpi)
    if unit == "money":
        unit = inp.context.currency
    return KpiResult(
        tool="kpi_health", value=value, unit=unit,
        formula=f"{inp.kpi} = {num(value)}" + (f" → {verdict.level} ({verdict.rule})" if verdict else " → no verdict"),
        inputs=inp.model_dump(), verdict=verdict, convention=convention,
        warnings=warnings + ([] if verdict else missing_notes),
        details={"rules": considered})


SPECS.append(ToolSpec(
    id="kpi_health", family="meta", title_en="KPI health check", title_fr="Bilan de santé d'un KPI",
    description_en="Judge a KPI value against the rules from the source articles and named rules of thumb "
                   "(good / watch / alert), with the rule's source and segment.",
    description_fr="Évalue une valeur de KPI selon les règles des articles sources et des règles empiriques "
                   "nommées (bon / à surveiller / alerte), avec la source et le segment de la règle.",
    input_model=HealthInput, func=kpi_health,
    field_titles=titles(HealthInput, kpi=("KPI", "KPI"), value=("Value", "Valeur"),
                        context=("Context", "Contexte"),
                        roi_as_multiple=("ROI given as a multiple", "ROI donné en multiple")),
))
