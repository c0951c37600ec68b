"""Value family, unit economics: average order value, CLV:CAC ratio, CAC payback."""

from __future__ import annotations

from pydantic import Field

from tools.base import Currency, KpiInput, KpiResult, Text, ratio
from tools.common import Count, Money, Pct, num, quotient_result, tidy, titles, undefined
from tools.health import judge
from tools.registry import ToolSpec

# This family's calculators; tools/families.py registers them explicitly (nothing registers on import).
SPECS: list[ToolSpec] = []


class AovInput(KpiInput):
    """Inputs of the average order value."""

    revenue: Money = Field(description="Revenue over the period")
    orders: Count = Field(description="Orders placed over the same period")
    currency: str = Currency


def average_order_value(inp: AovInput) -> KpiResult:
    """Average order value (average basket): revenue ÷ orders."""
    return quotient_result("average_order_value", "AOV", inp.revenue, inp.orders, inp, inp.currency,
                           what=Text(en="The average order value", fr="Le panier moyen"),
                           undefined_because=Text(en="no orders", fr="aucune commande"))


class ClvCacInput(KpiInput):
    """Inputs of the CLV:CAC ratio."""

    clv: Money = Field(description="Customer lifetime value (gross, before subtracting CAC)")
    cac: Money = Field(description="Customer acquisition cost, in the same currency")
    currency: str = Currency


CLV_CAC_CONVENTION = Text(
    en="CLV must exceed CAC: the ratio reads 'CLV:CAC = x:1' and 3:1 is the usual target. Article 000 states it "
       "backwards ('CLV must be lower than CAC'), a mistake its own example contradicts (CAC 100 € with CLV 800 € "
       "'very profitable'). Article 003 writes '1:2.4' for CAC:CLV, i.e. 2.4:1 here.",
    fr="La CLV doit dépasser le CAC : le ratio se lit « CLV:CAC = x:1 » et la cible usuelle est 3:1. L'article 000 "
       "l'écrit à l'envers (« la CLV doit être inférieure au CAC »), une erreur que son propre exemple contredit "
       "(CAC 100 € et CLV 800 € « très rentable »). L'article 003 écrit « 1:2,4 » pour CAC:CLV, soit 2,4:1 ici.")


def clv_cac_ratio(inp: ClvCacInput) -> KpiResult:
    """CLV:CAC ratio: how many times a customer's lifetime value covers what it cost to acquire them."""
    value = tidy(ratio(inp.clv, inp.cac))
    warnings = [] if value is not None else undefined(
        "The CLV:CAC ratio", "Le ratio CLV:CAC", "the CAC is 0 (nothing spent to acquire the customer)",
        "le CAC vaut 0 (rien n'a été dépensé pour acquérir le client)")
    return KpiResult(
        tool="clv_cac_ratio", value=value, unit="ratio",
        formula=f"CLV:CAC = {num(inp.clv)} / {num(inp.cac)} = {num(value)}" + (f" ({num(value)}:1)" if value else ""),
        inputs=inp.model_dump(), convention=[CLV_CAC_CONVENTION], warnings=warnings,
        verdict=judge("clv_cac_ratio", value),
        details={"highest_cac_for_3_to_1": tidy(inp.clv / 3)})


class PaybackInput(KpiInput):
    """Inputs of the CAC payback period."""

    cac: Money = Field(description="Customer acquisition cost")
    monthly_arpu: Money = Field(description="Average revenue per customer per month")
    gross_margin_pct: Pct | None = Field(None, description="Gross margin on that revenue, in % (none: on revenue)")
    currency: str = Currency


def cac_payback(inp: PaybackInput) -> KpiResult:
    """CAC payback: months of gross margin needed to earn back the acquisition cost."""
    on_revenue = inp.gross_margin_pct is None
    monthly_margin = inp.monthly_arpu * (100 if on_revenue else inp.gross_margin_pct) / 100
    value = tidy(ratio(inp.cac, monthly_margin))
    warnings = [] if value is not None else undefined(
        "The CAC payback", "Le délai de récupération du CAC", "the monthly gross margin is 0, so the CAC is never "
        "paid back", "la marge brute mensuelle est nulle : le CAC n'est jamais remboursé")
    if on_revenue:
        warnings.append(Text(en="Computed on revenue, as no gross margin was given: the real payback, on gross margin, "
                                "is longer. Give the margin for it.",
                             fr="Calculé sur le chiffre d'affaires, faute de marge brute : le vrai délai, sur la "
                                "marge, est plus long. Donnez la marge pour l'obtenir."))
    per_month = num(inp.monthly_arpu) if on_revenue else f"({num(inp.monthly_arpu)} × {num(inp.gross_margin_pct)} %)"
    return KpiResult(
        tool="cac_payback", value=value, unit="months",
        formula=f"Payback = {num(inp.cac)} / {per_month} = {num(value)} months",
        inputs=inp.model_dump(), warnings=warnings, verdict=judge("cac_payback", value),
        details={"monthly_gross_margin": tidy(monthly_margin)},
        convention=[] if on_revenue else [Text(
            en="Payback on gross margin, not revenue: revenue would make it look shorter than it is.",
            fr="Récupération sur la marge brute, pas le chiffre d'affaires, qui la ferait paraître plus courte "
               "qu'elle n'est.")])


def _spec(id_, model, func, en, fr, den, dfr, **field_titles):
    SPECS.append(ToolSpec(id=id_, family="value", title_en=en, title_fr=fr, description_en=den,
                      description_fr=dfr, input_model=model, func=func, field_titles=titles(model, **field_titles)))


_spec("average_order_value", AovInput, average_order_value, "Average order value", "Panier moyen",
      "Revenue ÷ orders.", "Chiffre d'affaires ÷ nombre de commandes.",
      revenue=("Revenue", "Chiffre d'affaires"), orders=("Orders", "Commandes"))
_spec("clv_cac_ratio", ClvCacInput, clv_cac_ratio, "CLV:CAC ratio", "Ratio CLV:CAC",
      "Customer lifetime value ÷ acquisition cost; CLV must exceed CAC, 3:1 is the usual target.",
      "Valeur vie client ÷ coût d'acquisition ; la CLV doit dépasser le CAC, la cible usuelle est 3:1.",
      clv=("CLV", "CLV"), cac=("CAC", "CAC"))
_spec("cac_payback", PaybackInput, cac_payback, "CAC payback period", "Délai de récupération du CAC",
      "Months of gross margin needed to earn back the CAC: CAC ÷ (monthly ARPU × gross margin).",
      "Mois de marge brute pour rembourser le CAC : CAC ÷ (ARPU mensuel × marge brute).",
      cac=("CAC", "CAC"), monthly_arpu=("Monthly ARPU", "ARPU mensuel"),
      gross_margin_pct=("Gross margin (%)", "Marge brute (%)"))
