"""Pipeline KPIs: sales velocity and marketing contribution to the pipeline (article 003)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from tools.base import Currency, KpiInput, KpiResult, Text, ratio
from tools.common import Count, Money, Pct, Quantity, at_least, num, rate_result, tidy, titles, undefined
from tools.registry import ToolSpec

# This family's calculators; tools/families.py registers them explicitly (nothing registers on import).
SPECS: list[ToolSpec] = []

DAYS_PER_MONTH = 365 / 12  # an average month, so per-month figures do not depend on which month it is


class VelocityInput(KpiInput):
    """Inputs of the sales velocity."""

    opportunities: Count = Field(description="Open qualified opportunities in the pipeline")
    win_rate_pct: Pct = Field(description="Share of opportunities that end up won, in %")
    average_deal_value: Money = Field(description="Average value of a won deal")
    sales_cycle_days: Quantity = Field(ge=0, le=1e5, json_schema_extra={"unit": "days"},
                                    description="Average length of the sales cycle, in days")
    currency: str = Currency


def sales_velocity(inp: VelocityInput) -> KpiResult:
    """Sales velocity: (opportunities × win rate × average deal value) ÷ cycle length, per day and per month."""
    expected = inp.opportunities * inp.win_rate_pct / 100 * inp.average_deal_value
    per_day = tidy(ratio(expected, inp.sales_cycle_days))
    per_month = tidy(None if per_day is None else expected / inp.sales_cycle_days * DAYS_PER_MONTH)
    warnings = [] if per_day is not None else undefined(
        "Sales velocity", "La vélocité des ventes", "a sales cycle of 0 days", "un cycle de vente de 0 jour")
    return KpiResult(
        tool="sales_velocity", value=per_day, unit="per_day",
        formula=f"Velocity = ({num(inp.opportunities)} × {num(inp.win_rate_pct)} % × {num(inp.average_deal_value)}) "
                f"/ {num(inp.sales_cycle_days)} days = {num(per_day)} {inp.currency} per day",
        inputs=inp.model_dump(), warnings=warnings,
        details={"per_day": per_day, "per_month": per_month, "currency": inp.currency,
                 "expected_revenue": tidy(expected)},
        convention=[Text(en=f"Revenue expected from the current pipeline per day of sales cycle, in {inp.currency}; "
                            "per month = per day × 365 / 12.",
                         fr=f"Revenu attendu du pipeline actuel par jour de cycle de vente, en {inp.currency} ; "
                            "par mois = par jour × 365 / 12.")])


class ContributionInput(KpiInput):
    """Inputs of the marketing contribution to the pipeline."""

    influenced: Quantity = Field(ge=0, le=1e15, json_schema_extra={"unit": "amount"},
        description="Opportunities (or their value) that marketing influenced")
    total_pipeline: Quantity = Field(ge=0, le=1e15, json_schema_extra={"unit": "amount"},
        description="All opportunities (or their total value)")
    basis: Literal["count", "value"] = Field(
        "count", validate_default=True, description="Whether the two figures are opportunity counts or pipeline value")
    currency: str = Currency

    _check = at_least("influenced", "total_pipeline", "the influenced part is included in the total pipeline")

    @field_validator("basis")
    @classmethod
    def _whole_counts(cls, basis: str, info: ValidationInfo) -> str:
        figures = [info.data.get("influenced"), info.data.get("total_pipeline")]
        if basis == "count" and any(f is not None and not float(f).is_integer() for f in figures):
            raise PydanticCustomError("count_not_whole", "is 'count' but influenced or total_pipeline is not a whole "
                                      "number of opportunities (use basis 'value' for amounts)")
        return basis


def pipeline_contribution(inp: ContributionInput) -> KpiResult:
    """Marketing contribution: influenced ÷ total pipeline × 100, by count or by value."""
    basis = Text(en="By number of opportunities.", fr="En nombre d'opportunités.") if inp.basis == "count" else \
        Text(en=f"By pipeline value, in {inp.currency}.", fr=f"En valeur de pipeline, en {inp.currency}.")
    return rate_result("pipeline_contribution", "Contribution", inp.influenced, inp.total_pipeline, inp,
                       what=Text(en="The marketing contribution", fr="La contribution marketing"),
                       undefined_because=Text(en="the pipeline is empty", fr="le pipeline est vide"),
                       convention=[basis])


SPECS.append(ToolSpec(
    id="sales_velocity", family="pipeline", title_en="Sales velocity", title_fr="Vélocité des ventes",
    description_en="(Opportunities × win rate × average deal value) ÷ sales cycle length: revenue per day and "
                   "per month.",
    description_fr="(Opportunités × taux de conversion × valeur moyenne) ÷ durée du cycle de vente : revenu par "
                   "jour et par mois.",
    input_model=VelocityInput, func=sales_velocity,
    field_titles=titles(VelocityInput, opportunities=("Opportunities", "Opportunités"),
                        win_rate_pct=("Win rate (%)", "Taux de conversion (%)"),
                        average_deal_value=("Average deal value", "Valeur moyenne d'une affaire"),
                        sales_cycle_days=("Sales cycle (days)", "Cycle de vente (jours)")),
))
SPECS.append(ToolSpec(
    id="pipeline_contribution", family="pipeline", title_en="Marketing contribution to pipeline",
    title_fr="Contribution marketing au pipeline",
    description_en="Share of the pipeline that marketing influenced, by count or by value.",
    description_fr="Part du pipeline influencée par le marketing, en nombre ou en valeur.",
    input_model=ContributionInput, func=pipeline_contribution,
    field_titles=titles(ContributionInput, influenced=("Influenced by marketing", "Influencé par le marketing"),
                        total_pipeline=("Total pipeline", "Pipeline total"), basis=("Basis", "Base")),
))
