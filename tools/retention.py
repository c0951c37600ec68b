"""Retention KPIs: retention (simple and over a period), churn, repeat-purchase rate."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from tools.base import KpiInput, KpiResult, Text, Verdict
from tools.common import SEGMENT_HELP, Count, Segment, at_least, num, pct_text, rate_result, tidy, titles
from tools.health import B2C_RETENTION_NOTE, judge
from tools.registry import ToolSpec

# This family's calculators; tools/families.py registers them explicitly (nothing registers on import).
SPECS: list[ToolSpec] = []


def _b2c_note(segment: str | None, verdict: Verdict | None) -> list[Text]:
    # A B2C rate the rules cannot judge still gets what the articles say (a direction, no figure).
    return [B2C_RETENTION_NOTE] if verdict is None and segment and segment.startswith("B2C") else []


class RetentionInput(KpiInput):
    """Inputs of the simple retention rate."""

    returning_customers: Count = Field(description="Customers who bought again (recurring customers)")
    total_customers: Count = Field(description="All customers over the same period")
    segment: Segment | None = Field(None, description=SEGMENT_HELP)
    _check = at_least("returning_customers", "total_customers", "returning customers are among all customers")


def retention_rate(inp: RetentionInput) -> KpiResult:
    """Retention rate: returning customers ÷ all customers × 100 (article 000)."""
    value = tidy(None if inp.total_customers == 0 else inp.returning_customers / inp.total_customers * 100)
    verdict = judge("retention_rate", value, {}, inp.segment)
    return rate_result("retention_rate", "Retention", inp.returning_customers, inp.total_customers, inp,
                       what=Text(en="The retention rate", fr="Le taux de rétention"),
                       undefined_because=Text(en="no customers", fr="aucun client"),
                       convention=_b2c_note(inp.segment, verdict), verdict=verdict)


class PeriodRetentionInput(KpiInput):
    """Inputs of the retention over a period."""

    customers_start: Count = Field(description="Customers at the start of the period")
    customers_end: Count = Field(description="Customers at the end of the period")
    new_customers: Count = Field(description="Customers won during the period (counted in customers_end)")
    segment: Segment | None = Field(None, description=SEGMENT_HELP)

    @field_validator("new_customers")
    @classmethod
    def _consistent(cls, new: int, info: ValidationInfo) -> int:
        start, end = info.data.get("customers_start"), info.data.get("customers_end")
        if end is not None and new > end:
            raise PydanticCustomError("new_exceeds_end", "cannot exceed customers_end ({end}): new customers are "
                                      "counted in the end-of-period customers", {"end": end})
        if start is not None and end is not None and end - new > start:
            raise PydanticCustomError("kept_exceeds_start", "is too small: customers_end − new_customers ({kept}) "
                                      "cannot exceed customers_start ({start})", {"kept": end - new, "start": start})
        return new


def retention_over_period(inp: PeriodRetentionInput) -> KpiResult:
    """Retention over a period: (customers at end − new customers) ÷ customers at start × 100 (article 003)."""
    kept = inp.customers_end - inp.new_customers
    value = tidy(None if inp.customers_start == 0 else kept / inp.customers_start * 100)
    verdict = judge("retention_over_period", value, {}, inp.segment)
    result = rate_result("retention_over_period", "Retention", kept, inp.customers_start, inp,
                         what=Text(en="The retention rate", fr="Le taux de rétention"),
                         undefined_because=Text(en="no customers at the start", fr="aucun client en début de période"),
                         convention=_b2c_note(inp.segment, verdict), verdict=verdict)
    result.formula = (f"Retention = ({num(inp.customers_end)} − {num(inp.new_customers)}) / "
                      f"{num(inp.customers_start)} × 100 = {pct_text(value)}")
    result.details = {"customers_kept": kept, "churn_pct": tidy(None if value is None else 100 - value)}
    return result


class ChurnInput(KpiInput):
    """Inputs of the churn rate."""

    customers_lost: Count = Field(description="Customers lost (cancelled, did not renew) during the period")
    customers_start: Count = Field(description="Customers at the start of the period")
    period: Literal["month", "quarter", "year"] | None = Field(
        None, description="Length of the period, to judge the churn against the usual monthly benchmark")
    _check = at_least("customers_lost", "customers_start", "only customers present at the start can be lost")


def churn_rate(inp: ChurnInput) -> KpiResult:
    """Churn rate: customers lost ÷ customers at the start × 100."""
    value = tidy(None if inp.customers_start == 0 else inp.customers_lost / inp.customers_start * 100)
    return rate_result("churn_rate", "Churn", inp.customers_lost, inp.customers_start, inp,
                       what=Text(en="The churn rate", fr="Le taux de churn"),
                       undefined_because=Text(en="no customers at the start", fr="aucun client en début de période"),
                       verdict=judge("churn_rate", value, {"period": inp.period}))


class RepeatInput(KpiInput):
    """Inputs of the repeat-purchase rate."""

    repeat_customers: Count = Field(description="Customers who bought more than once over the period")
    total_customers: Count = Field(description="All customers who bought over the period")
    _check = at_least("repeat_customers", "total_customers", "repeat customers are among all customers")


def repeat_purchase_rate(inp: RepeatInput) -> KpiResult:
    """Repeat-purchase rate: customers with 2+ purchases ÷ all customers × 100."""
    return rate_result("repeat_purchase_rate", "Repeat purchase", inp.repeat_customers, inp.total_customers, inp,
                       what=Text(en="The repeat-purchase rate", fr="Le taux de réachat"),
                       undefined_because=Text(en="no customers", fr="aucun client"))


def _spec(id_, model, func, en, fr, den, dfr, **field_titles):
    SPECS.append(ToolSpec(id=id_, family="retention", title_en=en, title_fr=fr, description_en=den,
                      description_fr=dfr, input_model=model, func=func, field_titles=titles(model, **field_titles)))


_spec("retention_rate", RetentionInput, retention_rate, "Retention rate", "Taux de rétention",
      "Returning customers ÷ all customers × 100.", "Clients récurrents ÷ clients totaux × 100.",
      returning_customers=("Returning customers", "Clients récurrents"),
      total_customers=("All customers", "Clients totaux"))
_spec("retention_over_period", PeriodRetentionInput, retention_over_period, "Retention over a period",
      "Rétention sur une période", "(Customers at end − new customers) ÷ customers at start × 100.",
      "(Clients en fin de période − nouveaux clients) ÷ clients en début de période × 100.",
      customers_start=("Customers at start", "Clients en début"), customers_end=("Customers at end", "Clients en fin"),
      new_customers=("New customers", "Nouveaux clients"))
_spec("churn_rate", ChurnInput, churn_rate, "Churn rate", "Taux de churn (attrition)",
      "Customers lost ÷ customers at start × 100.", "Clients perdus ÷ clients en début de période × 100.",
      customers_lost=("Customers lost", "Clients perdus"), customers_start=("Customers at start", "Clients en début"),
      period=("Period", "Période"))
_spec("repeat_purchase_rate", RepeatInput, repeat_purchase_rate, "Repeat-purchase rate", "Taux de réachat",
      "Customers who bought more than once ÷ all customers × 100.",
      "Clients ayant acheté plus d'une fois ÷ clients totaux × 100.",
      repeat_customers=("Repeat customers", "Clients ayant racheté"), total_customers=("All customers", "Clients"))
