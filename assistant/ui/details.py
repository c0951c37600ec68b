"""A calculator's extra outputs (`details`) as the Calculators tab shows them: titles in the user's language, numbers
in their notation, money with its currency; never an internal key such as `total_acquisition_cost`."""

from __future__ import annotations

from typing import Any

from assistant.ui.texts import t
from assistant.values import value_text

# key -> (English, French). Money keys get the result's currency, '_pct' keys a percent sign.
TITLES: dict[str, tuple[str, str]] = {
    "total_acquisition_cost": ("Total acquisition cost", "Coût d'acquisition total"),
    "stage_rates": ("Stage by stage", "Étape par étape"),
    "weakest_step": ("Weakest step", "Étape la plus faible"),
    "overall_pct": ("Overall rate", "Taux global"),
    "interactions": ("Interactions", "Interactions"),
    "streaks": ("First-year customers buying every year since", "Clients de la 1re année fidèles chaque année"),
    "latest_year_customers_streaks": ("This year's customers by years in a row",
                                      "Clients de la dernière année, par années consécutives"),
    "per_day": ("Per day", "Par jour"),
    "per_month": ("Per month", "Par mois"),
    "customers_kept": ("Customers kept", "Clients conservés"),
    "churn_pct": ("Churn", "Churn"),
    "net_return": ("Net return", "Gain net"),
    "revenue_multiple": ("Revenue ÷ cost", "Revenu ÷ coût"),
    "equivalent_roi_pct": ("Equivalent ROI", "ROI équivalent"),
    "fit_score": ("Fit score", "Score de fit"),
    "behaviour_score": ("Behaviour score", "Score de comportement"),
    "is_hot": ("Hot lead", "Lead chaud"),
    "contact_within_30_minutes": ("Call within 30 minutes", "Appeler sous 30 minutes"),
    "max_score": ("Highest possible score", "Score maximal possible"),
    "criteria_met": ("Criteria met", "Critères remplis"),
    "highest_cac_for_3_to_1": ("Highest CAC for a 3:1 ratio", "CAC maximal pour un ratio de 3:1"),
    "monthly_gross_margin": ("Monthly gross margin", "Marge brute mensuelle"),
    "clv_cac_ratio": ("CLV:CAC ratio", "Ratio CLV:CAC"),
    "gross_clv": ("CLV before the acquisition cost", "CLV avant le coût d'acquisition"),
    "margin_per_period": ("Margin per period", "Marge par période"),
    "clv_undiscounted": ("CLV without discounting", "CLV sans actualisation"),
    "clv_discounted": ("Discounted CLV", "CLV actualisée"),
    "expected_lifetime_periods": ("Expected lifetime (periods)", "Durée de vie attendue (périodes)"),
    "kpi_value_reached": ("KPI value reached", "Valeur du KPI atteinte"),
    # columns of the tables above
    "from": ("From", "De"),
    "to": ("To", "À"),
    "rate_pct": ("Rate", "Taux"),
    "years_in_a_row": ("Years in a row", "Années consécutives"),
    "customers": ("Customers", "Clients"),
    "share_pct": ("Share", "Part"),
    "kept_from_previous_pct": ("Kept from the year before", "Conservés de l'année précédente"),
}
MONEY = {"total_acquisition_cost", "per_day", "per_month", "net_return", "highest_cac_for_3_to_1",
         "monthly_gross_margin", "gross_clv", "margin_per_period", "clv_undiscounted", "clv_discounted"}
# Said elsewhere on the page (verdict, conventions, what-if and solve sentences) or internal (rule ids, search range).
HIDDEN = {"rules", "points_used", "action", "currency", "kpi", "field", "searched"}


def title(key: str, lang: str) -> str:
    """A detail's title in `lang`; a key not listed reads as words ('some_key' -> 'Some key')."""
    if key in TITLES:
        en, fr = TITLES[key]
        return fr if lang == "fr" else en
    criteria = _criteria()
    if key in criteria:
        en, fr = criteria[key]
        return fr if lang == "fr" else en
    return key.replace("_", " ").capitalize()


def _criteria() -> dict[str, tuple[str, str]]:
    try:
        from tools.scoring import LABELS
    except ImportError:
        return {}
    return LABELS


def cell(key: str, value: Any, lang: str, currency: str) -> str:
    """One value in the user's notation: money with its currency, a rate with '%', yes/no, a row as 'a → b 12 %'."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return t("yes", lang) if value else t("no", lang)
    if isinstance(value, int | float):
        unit = currency if key in MONEY else "%" if key.endswith("_pct") else None
        return value_text(value, unit, lang)
    if isinstance(value, dict):
        if {"from", "to"} <= value.keys():  # a funnel step
            colon = " :" if lang == "fr" else ":"
            return f"{value['from']} → {value['to']}{colon} {cell('rate_pct', value.get('rate_pct'), lang, currency)}"
        return ", ".join(f"{title(k, lang)} {cell(k, v, lang, currency)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(cell(key, v, lang, currency) for v in value)
    return str(value).replace("|", "\\|")


def details_markdown(details: dict[str, Any], lang: str, currency: str = "EUR") -> list[str]:
    """The details as Markdown lines: a list of rows becomes a table, anything else one line."""
    lines = []
    colon = " :" if lang == "fr" else ":"
    for key, value in details.items():
        if key in HIDDEN:
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            cols = list(dict.fromkeys(k for row in value for k in row))
            lines += [f"**{title(key, lang)}**", "", "| " + " | ".join(title(c, lang) for c in cols) + " |",
                      "|" + "---|" * len(cols)]
            lines += ["| " + " | ".join(cell(c, row.get(c), lang, currency) for c in cols) + " |" for row in value]
            lines.append("")
        else:
            lines.append(f"- **{title(key, lang)}**{colon} {cell(key, value, lang, currency)}")
    return lines
