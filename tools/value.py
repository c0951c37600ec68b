"""Customer lifetime value, three ways: simple (article 000), B2B net of CAC (article 003), from margin and churn."""

from __future__ import annotations

from pydantic import Field

from tools.base import Currency, KpiInput, KpiResult, Text, ratio
from tools.common import Money, Pct, Quantity, num, tidy, titles, undefined
from tools.health import judge
from tools.registry import ToolSpec

# This family's calculators; tools/families.py registers them explicitly (nothing registers on import).
SPECS: list[ToolSpec] = []

CAC_HELP = "Customer acquisition cost, to judge the CLV against it (optional)"


def _ratio_verdict(clv: float | None, cac: float | None) -> tuple[dict, object]:
    """CLV:CAC and its verdict when a CAC is known: tools with the context judge automatically."""
    r = tidy(ratio(clv, cac)) if clv is not None and cac else None
    return ({"clv_cac_ratio": r} if r is not None else {}), judge("clv_cac_ratio", r)


class ClvSimpleInput(KpiInput):
    """Inputs of the simple CLV."""

    average_basket: Money = Field(description="Average amount of one purchase (average basket)")
    purchases_per_customer: Quantity = Field(ge=0, le=1e6, json_schema_extra={"unit": "times"},
        description="Average number of purchases per customer "
                                                                    "over their whole relationship with you")
    cac: Money | None = Field(None, description=CAC_HELP)
    currency: str = Currency


def clv_simple(inp: ClvSimpleInput) -> KpiResult:
    """Simple CLV: average basket × purchases per customer (article 000)."""
    value = tidy(inp.average_basket * inp.purchases_per_customer)
    details, verdict = _ratio_verdict(value, inp.cac)
    return KpiResult(
        tool="clv_simple", value=value, unit=inp.currency,
        formula=f"CLV = {num(inp.average_basket)} × {num(inp.purchases_per_customer)} = {num(value)}",
        inputs=inp.model_dump(), verdict=verdict, details=details,
        convention=[Text(en="Revenue-based CLV (no margin, no discounting), as in article 000.",
                         fr="CLV en chiffre d'affaires (sans marge ni actualisation), comme dans l'article 000.")])


class ClvB2bInput(KpiInput):
    """Inputs of the B2B CLV net of acquisition cost."""

    average_revenue: Money = Field(description="Average revenue of one purchase or contract period")
    purchase_frequency: Quantity = Field(ge=0, le=1e6, json_schema_extra={"unit": "times"},
        description="Purchases (or renewals) per period, e.g. per year")
    customer_lifetime: Quantity = Field(ge=0, le=1e4, json_schema_extra={"unit": "periods"},
        description="How many periods a customer stays, e.g. years")
    cac: Money = Field(0, description="Customer acquisition cost, subtracted as in article 003 (0 if unknown)")
    currency: str = Currency


def clv_b2b(inp: ClvB2bInput) -> KpiResult:
    """B2B CLV: average revenue × frequency × lifetime − CAC (article 003)."""
    gross = inp.average_revenue * inp.purchase_frequency * inp.customer_lifetime
    value = tidy(gross - inp.cac)
    details, verdict = _ratio_verdict(gross, inp.cac)
    warnings = []
    if value < 0:
        warnings.append(Text(en="The net CLV is negative: this customer costs more to acquire than they bring in.",
                             fr="La CLV nette est négative : ce client coûte plus à acquérir qu'il ne rapporte."))
    return KpiResult(
        tool="clv_b2b", value=value, unit=inp.currency,
        formula=f"CLV = {num(inp.average_revenue)} × {num(inp.purchase_frequency)} × {num(inp.customer_lifetime)} "
                f"− {num(inp.cac)} = {num(value)}",
        inputs=inp.model_dump(), warnings=warnings, verdict=verdict, details={"gross_clv": tidy(gross), **details},
        convention=[Text(en="Net of CAC as in article 003; the CLV:CAC ratio uses the gross CLV, so CAC is not "
                            "counted twice.",
                         fr="Nette du CAC comme dans l'article 003 ; le ratio CLV:CAC utilise la CLV brute pour ne "
                            "pas compter le CAC deux fois.")])


class ClvChurnInput(KpiInput):
    """Inputs of the CLV from margin and churn."""

    arpu: Money = Field(description="Average revenue per customer per period (e.g. per month)")
    gross_margin_pct: Pct = Field(description="Gross margin on that revenue, in %")
    churn_rate_pct: Pct = Field(description="Share of customers lost per period, in % (same period as the ARPU)")
    discount_rate_pct: Pct = Field(0, description="Discount rate per period, in %, to value future margin less "
                                                  "(0 = no discounting)")
    cac: Money | None = Field(None, description=CAC_HELP)
    currency: str = Currency


def clv_margin_churn(inp: ClvChurnInput) -> KpiResult:
    """CLV = ARPU × gross margin ÷ churn; with a discount rate, margin × (1 + d) ÷ (d + churn)."""
    margin = inp.arpu * inp.gross_margin_pct / 100
    c, d = inp.churn_rate_pct / 100, inp.discount_rate_pct / 100
    plain = tidy(ratio(margin, c))
    discounted = tidy(ratio(margin * (1 + d), d + c))
    value = discounted if d else plain
    head = f"CLV = {num(inp.arpu)} × {num(inp.gross_margin_pct)} %"
    if d:
        formula = f"{head} × (1 + {num(inp.discount_rate_pct)} %) / ({num(inp.discount_rate_pct)} % + " \
                  f"{num(inp.churn_rate_pct)} %) = {num(value)}"
    else:
        formula = f"{head} / {num(inp.churn_rate_pct)} % = {num(value)}"
    warnings = []
    if value is None:
        warnings = undefined("The CLV", "La CLV", "a churn of 0 % means customers never leave (the value would be "
                             "infinite)", "un churn de 0 % signifie que les clients ne partent jamais (la valeur "
                             "serait infinie)")
    elif c == 0:
        warnings.append(Text(en="A churn of 0 % assumes customers never leave: only the discount rate bounds the CLV.",
                             fr="Un churn de 0 % suppose que les clients ne partent jamais : seule l'actualisation "
                                "borne la CLV."))
    details, verdict = _ratio_verdict(value, inp.cac)
    return KpiResult(
        tool="clv_margin_churn", value=value, unit=inp.currency, formula=formula, inputs=inp.model_dump(),
        warnings=warnings, verdict=verdict,
        details={"margin_per_period": tidy(margin), "clv_undiscounted": plain, "clv_discounted": discounted,
                 "expected_lifetime_periods": tidy(ratio(1, c)), **details},
        convention=[Text(en="ARPU, churn and discount rate use the same period. Expected lifetime = 1 ÷ churn. "
                            "Discounted variant: the first period's margin counts in full, later ones are discounted.",
                         fr="ARPU, churn et taux d'actualisation portent sur la même période. Durée de vie moyenne "
                            "= 1 ÷ churn. Variante actualisée : la marge de la 1re période compte en entier, les "
                            "suivantes sont actualisées.")])


def _spec(id_, model, func, en, fr, den, dfr, **field_titles):
    SPECS.append(ToolSpec(id=id_, family="value", title_en=en, title_fr=fr, description_en=den,
                      description_fr=dfr, input_model=model, func=func, field_titles=titles(model, **field_titles)))


_CAC = ("CAC (optional)", "CAC (facultatif)")
_spec("clv_simple", ClvSimpleInput, clv_simple, "Customer lifetime value (simple)", "Valeur vie client (simple)",
      "Average basket × purchases per customer.", "Panier moyen × nombre d'achats moyen par client.",
      average_basket=("Average basket", "Panier moyen"), cac=_CAC,
      purchases_per_customer=("Purchases per customer", "Achats par client"))
_spec("clv_b2b", ClvB2bInput, clv_b2b, "Customer lifetime value (B2B, net of CAC)", "Valeur vie client (B2B, nette)",
      "Average revenue × purchase frequency × customer lifetime − CAC.",
      "Revenu moyen × fréquence d'achat × durée de vie client − CAC.",
      average_revenue=("Average revenue", "Revenu moyen"), purchase_frequency=("Purchase frequency", "Fréquence"),
      customer_lifetime=("Customer lifetime", "Durée de vie client"), cac=("CAC", "CAC"))
_spec("clv_margin_churn", ClvChurnInput, clv_margin_churn, "Customer lifetime value (margin and churn)",
      "Valeur vie client (marge et churn)",
      "ARPU × gross margin ÷ churn rate, optionally discounted.",
      "ARPU × marge brute ÷ taux de churn, avec actualisation en option.",
      arpu=("ARPU per period", "ARPU par période"), gross_margin_pct=("Gross margin (%)", "Marge brute (%)"),
      churn_rate_pct=("Churn per period (%)", "Churn par période (%)"), cac=_CAC,
      discount_rate_pct=("Discount rate (%)", "Taux d'actualisation (%)"))
