"""Multi-year loyalty (article 001): the share of customers who bought 2, 3, 4… years in a row."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from tools.base import KpiInput, KpiResult, Text
from tools.common import Count, num, pct_text, tidy, titles, undefined
from tools.registry import ToolSpec

# This family's calculators; tools/families.py registers them explicitly (nothing registers on import).
SPECS: list[ToolSpec] = []


class LoyaltyInput(KpiInput):
    """Inputs of the multi-year loyalty: customer ids per year, or counts of customers loyal so far."""

    customer_ids_by_year: list[list[str | int]] | None = Field(
        None, min_length=2, max_length=50,
        description="One list of customer ids per year, oldest year first: who bought that year")
    loyal_counts: list[Count] | None = Field(
        None, min_length=2, max_length=50, validate_default=True,
        description="Oldest year first: customers of the first year, then how many of them bought every year so "
                    "far (2 years in a row, 3 years, …); never increasing")

    @field_validator("loyal_counts")
    @classmethod
    def _never_increasing(cls, counts: list[int] | None, info: ValidationInfo) -> list[int] | None:
        if (counts is None) == (info.data.get("customer_ids_by_year") is None):
            raise PydanticCustomError("loyalty_source", "give exactly one of customer_ids_by_year (ids per year) "
                                      "or loyal_counts (counts per year)")
        for i, (a, b) in enumerate(zip(counts or [], (counts or [])[1:], strict=False)):
            if b > a:
                raise PydanticCustomError(
                    "loyal_counts_increase", "must never increase: year {n} has {b} customers loyal so far, more "
                    "than the {a} of the year before", {"n": i + 2, "a": a, "b": b})
        return counts


def _streaks(counts: list[int]) -> list[dict]:
    base = counts[0]
    rows = []
    for n, c in enumerate(counts, start=1):
        prev = counts[n - 2] if n > 1 else None
        rows.append({"years_in_a_row": n, "customers": c,
                     "share_pct": tidy(None if base == 0 else c / base * 100),
                     "kept_from_previous_pct": tidy(None if not prev else c / prev * 100) if n > 1 else None})
    return rows


def _from_ids(years: list[set[str]]) -> tuple[list[int], list[dict]]:
    """Cohort counts (first-year customers still buying every year) and streaks of the latest year's customers."""
    cohort, loyal = [], set(years[0])
    for ids in years:
        loyal &= ids
        cohort.append(len(loyal))
    latest, run, current = years[-1], set(years[-1]), []
    for n, ids in enumerate(reversed(years), start=1):
        run &= ids
        current.append({"years_in_a_row": n, "customers": len(run),
                        "share_pct": tidy(None if not latest else len(run) / len(latest) * 100)})
    return cohort, current


def multi_year_loyalty(inp: LoyaltyInput) -> KpiResult:
    """Share of the first year's customers who bought every year since, for each number of years in a row."""
    details: dict = {}
    if inp.customer_ids_by_year is not None:
        years = [{str(i) for i in ids} for ids in inp.customer_ids_by_year]
        counts, current = _from_ids(years)
        details["latest_year_customers_streaks"] = current
    else:
        counts = list(inp.loyal_counts or [])
    rows = _streaks(counts)
    details["streaks"] = rows
    value = rows[-1]["share_pct"]
    warnings = [] if value is not None else undefined(
        "Multi-year loyalty", "La fidélité pluriannuelle", "no customers in the first year",
        "aucun client la première année")
    k = len(counts)
    return KpiResult(
        tool="multi_year_loyalty", value=value, unit="%",
        formula=f"Loyal {k} years in a row = {num(counts[-1])} / {num(counts[0])} × 100 = {pct_text(value)}",
        inputs=inp.model_dump(), warnings=warnings, details=details,
        convention=[Text(en="Cohort view: of the customers of the first (oldest) year, the share who bought in every "
                            "year up to year N. With id lists, also: of the latest year's customers, the share who "
                            "bought N years in a row up to now.",
                         fr="Vue cohorte : parmi les clients de la première année (la plus ancienne), la part qui a "
                            "acheté chaque année jusqu'à l'année N. Avec des listes d'identifiants, aussi : parmi "
                            "les clients de la dernière année, la part qui a acheté N ans de suite jusqu'à "
                            "aujourd'hui.")])


SPECS.append(ToolSpec(
    id="multi_year_loyalty", family="retention",
    title_en="Multi-year loyalty", title_fr="Fidélité sur plusieurs années",
    description_en="Share of customers who bought 2, 3, 4… years in a row, from customer ids per year or from "
                   "yearly counts of customers loyal so far.",
    description_fr="Part des clients ayant acheté 2, 3, 4… ans de suite, à partir des identifiants clients par "
                   "année ou des effectifs annuels de clients restés fidèles.",
    input_model=LoyaltyInput, func=multi_year_loyalty,
    field_titles=titles(LoyaltyInput, customer_ids_by_year=("Customer ids per year", "Identifiants clients par année"),
                        loyal_counts=("Customers loyal so far, per year", "Clients fidèles jusque-là, par année")),
))
