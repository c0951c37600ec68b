"""Acquisition KPIs: CAC, CPL, CPC, CTR, CPM."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from tools.base import Currency, KpiInput, KpiResult, Text, fmt, ratio, round_value, undefined_warning
from tools.health import judge
from tools.registry import ToolSpec, register

Money = Annotated[float, Field(ge=0)]


class CacInput(KpiInput):
    """Inputs of the customer acquisition cost."""

    marketing_spend: Money = Field(description="Marketing spend over the period (ads, tools, freelancers, content)")
    new_customers: int = Field(ge=0, description="New customers acquired over the same period")
    sales_spend: Money = Field(0, description="Sales spend over the period (B2B variant); 0 if not counted")
    founder_hours: float = Field(0, ge=0, description="Hours of your own time spent on marketing (it has a cost)")
    hourly_rate: Money = Field(0, description="Value of one hour of your time, to cost the founder hours")
    average_price: Money | None = Field(None, description="Average selling price, to judge the CAC against it")
    currency: str = Currency


def customer_acquisition_cost(inp: CacInput) -> KpiResult:
    """Customer acquisition cost: what one new customer costs in marketing (and sales, and your time) spend."""
    time_cost = inp.founder_hours * inp.hourly_rate
    total = inp.marketing_spend + inp.sales_spend + time_cost
    value = ratio(total, inp.new_customers)
    parts = [fmt(inp.marketing_spend)]
    convention = []
    if inp.sales_spend:
        parts.append(fmt(inp.sales_spend))
        convention.append(Text(en="CAC includes sales spend (B2B variant).",
                               fr="Le CAC inclut les dépenses commerciales (variante B2B)."))
    else:
        convention.append(Text(en="CAC counts marketing spend only (no sales spend given).",
                               fr="Le CAC ne compte que les dépenses marketing (aucune dépense commerciale donnée)."))
    if time_cost:
        parts.append(f"{fmt(inp.founder_hours)} h × {fmt(inp.hourly_rate)}")
        convention.append(Text(en="Your own time is costed at the hourly rate given.",
                               fr="Votre temps est valorisé au taux horaire indiqué."))
    numerator = " + ".join(parts)
    if len(parts) > 1:
        numerator = f"({numerator})"
    warnings = []
    if value is None:
        warnings.append(undefined_warning("CAC", "Le CAC", "no new customers in the period",
                                          "aucun nouveau client sur la période"))
    elif not time_cost:
        warnings.append(Text(en="If you run the marketing yourself, add your hours: your time has a cost.",
                             fr="Si vous gérez le marketing vous-même, ajoutez vos heures : votre temps a un coût."))
    value = round_value(value)
    return KpiResult(
        tool="customer_acquisition_cost",
        value=value,
        unit=inp.currency,
        formula=f"CAC = {numerator} / {inp.new_customers} = {fmt(value)}",
        inputs=inp.model_dump(),
        convention=convention,
        warnings=warnings,
        verdict=judge("customer_acquisition_cost", value, {"average_price": inp.average_price}),
        details={"total_acquisition_cost": round_value(total)},
    )


register(ToolSpec(
    id="customer_acquisition_cost",
    family="acquisition",
    title_en="Customer acquisition cost (CAC)",
    title_fr="Coût d'acquisition client (CAC)",
    description_en="What one new customer costs: marketing spend (plus sales spend in B2B, plus your own time) "
                   "divided by new customers.",
    description_fr="Ce que coûte un nouveau client : dépenses marketing (plus commerciales en B2B, plus votre "
                   "temps) divisées par le nombre de nouveaux clients.",
    input_model=CacInput,
    func=customer_acquisition_cost,
    field_titles={
        "marketing_spend": ("Marketing spend", "Dépenses marketing"),
        "new_customers": ("New customers", "Nouveaux clients"),
        "sales_spend": ("Sales spend", "Dépenses commerciales"),
        "founder_hours": ("Your hours", "Vos heures"),
        "hourly_rate": ("Hourly rate", "Taux horaire"),
        "average_price": ("Average price", "Prix moyen"),
        "currency": ("Currency", "Devise"),
    },
))
