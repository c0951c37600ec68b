"""Suggested targets: the articles' figures where they exist (each citing its source), else your own baseline."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.base import Text
from tools.sources import RULE_OF_THUMB_3_TO_1, RULE_OF_THUMB_CHURN, RULE_OF_THUMB_PAYBACK, cite


class Target(BaseModel):
    """A suggested target and where it comes from (None: set it from your own baseline)."""

    text: Text = Field(description="The target as shown to the user")
    source: str | None = Field(None, description="Article or named rule the figure comes from")


BASELINE = Target(text=Text(en="Set from your own baseline (measure 1–3 months, then aim to improve it)",
                            fr="À fixer à partir de votre propre référence (mesurez 1 à 3 mois, puis visez mieux)"))


def _t(en: str, fr: str, source: str) -> Target:
    return Target(text=Text(en=en, fr=fr), source=source)


def suggested_target(kpi_id: str, segment: str, offer: str) -> Target:
    """The target for a KPI in this context (segment 'B2B'/'B2C', offer 'product'/'service'/'subscription')."""
    b2c = segment == "B2C"
    if kpi_id == "conversion_rate" and b2c:
        return _t("Between 1 % and 5 % (B2C)", "Entre 1 % et 5 % (B2C)", cite("000"))
    if kpi_id == "marketing_roi":
        return _t("≥ 200 % (the target to aim at for profitability; break-even is 0 %); above 300 % is excellent",
                  "≥ 200 % (la cible à viser pour être rentable ; le point mort est à 0 %) ; au-delà de 300 %, "
                  "excellent", cite("000"))
    if kpi_id == "email_open_rate":
        return _t("> 25 % (example of a re-activation campaign)", "> 25 % (exemple d'une campagne de réactivation)",
                  cite("004"))
    if kpi_id == "cost_per_lead":
        if b2c:
            return _t("< 3 € (example of a product SEA campaign; adapt to your price)",
                      "< 3 € (exemple d'une campagne SEA produit ; à adapter à votre prix)", cite("004"))
        return _t("Compare channels: examples of 50 € (Google Ads) and 80 € (LinkedIn) per lead",
                  "Comparez les canaux : exemples de 50 € (Google Ads) et 80 € (LinkedIn) par lead", cite("003"))
    if kpi_id == "clv_cac_ratio":
        return _t("≥ 3 (CLV at least three times CAC)", "≥ 3 (CLV au moins trois fois le CAC)", RULE_OF_THUMB_3_TO_1)
    if kpi_id == "customer_acquisition_cost":
        return _t("Well below your average selling price (article 000: a CAC at 80 % of the price is 'at the limit', "
                  "at 10 % profitable)",
                  "Bien en dessous de votre prix de vente moyen (article 000 : un CAC à 80 % du prix est « à la "
                  "limite », à 10 % rentable)", cite("000"))
    if kpi_id == "mql_to_sql_rate":
        return _t("From 25 % towards 40 % (example after lead-scoring work)",
                  "De 25 % vers 40 % (exemple après un travail de lead scoring)", cite("003"))
    if kpi_id == "churn_rate":
        return _t("Under 2 % a month is good; above 5 % a month is alarming",
                  "Moins de 2 % par mois, c'est bien ; au-delà de 5 % par mois, c'est alarmant", RULE_OF_THUMB_CHURN)
    if kpi_id == "cac_payback":
        return _t("Within 12 months; beyond 18 months is alarming",
                  "Sous 12 mois ; au-delà de 18 mois, c'est alarmant", RULE_OF_THUMB_PAYBACK)
    if kpi_id in ("retention_rate", "retention_over_period") and segment == "B2B":
        return _t("≈ 85 % (example; 95 % with personalised onboarding)",
                  "≈ 85 % (exemple ; 95 % avec un onboarding personnalisé)", cite("003"))
    if kpi_id == "pipeline_contribution":
        return _t("Example: marketing influences 65 % of the pipeline",
                  "Exemple : le marketing influence 65 % du pipeline",
                  cite("003"))
    return BASELINE
