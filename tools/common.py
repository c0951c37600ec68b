"""Field types, validators and result builders shared by the family modules (kept out of base.py, a contract)."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from tools.base import KpiInput, KpiResult, Text, Verdict, fmt, ratio, undefined_warning

# Upper limits keep every sum and product finite (no overflow to inf) while allowing any real business figure.
MAX_MONEY = 1e15
MAX_COUNT = 10**12

SMALLEST = 1e-6


def _not_tiny(x: float | None) -> float | None:
    # A denominator like 1e-300 would overflow every ratio to infinity: refuse it rather than answer nonsense.
    if x is not None and 0 < abs(x) < SMALLEST:
        raise PydanticCustomError("too_small", "must be 0 or at least 0.000001")
    return x


NotTiny = AfterValidator(_not_tiny)

# The `unit` key lets what_if / solve_for say what a field is measured in ("money" means the input's currency).
Money = Annotated[float, Field(ge=0, le=MAX_MONEY, json_schema_extra={"unit": "money"}), NotTiny]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT, json_schema_extra={"unit": "count"})]
Pct = Annotated[float, Field(ge=0, le=100, json_schema_extra={"unit": "%"}), NotTiny]
Quantity = Annotated[float, NotTiny]  # other non-negative real inputs (days, purchase frequency, lifetime, hours)
Segment = Literal["B2B", "B2C", "B2C product", "B2C service", "B2C subscription"]
SEGMENT_HELP = "Business segment, to pick the health rules that apply: B2B, B2C, or B2C product/service/subscription"

UNIT_WORDS = {
    "%": ("%", "%"), "ratio": (":1", ":1"), "months": ("months", "mois"), "days": ("days", "jours"),
    "per_day": ("per day", "par jour"), "points": ("points", "points"), "count": ("", ""),
}


def tidy(x: float | None) -> float | None:
    """Round for display, keeping at least 6 significant digits for tiny values (1e-9 must not become 0)."""
    if x is None or x == 0:
        return x
    digits = max(4, 5 - math.floor(math.log10(abs(x))))
    return round(x, digits)


def num(x: float | None) -> str:
    """A number for a formula: like base.fmt, but tiny values keep 3 significant digits instead of showing 0."""
    if x is not None and x != 0 and abs(x) < 0.01:
        return f"{x:.3g}"
    return fmt(x)


def pct_text(x: float | None) -> str:
    """A percentage for a formula: '3 %', or 'undefined' without a stray % sign."""
    return "undefined" if x is None else f"{num(x)} %"


def at_least(part: str, whole: str, why_en: str):
    """Field validator on `whole`: it may not be smaller than `part` (e.g. impressions ≥ clicks)."""

    def check(cls, value: Any, info: ValidationInfo) -> Any:
        got = info.data.get(part)
        if got is not None and value is not None and got > value:
            raise PydanticCustomError(
                "part_exceeds_whole", "must be at least {part} ({got}) because {why}",
                {"part": part, "got": num(got), "why": why_en})
        return value

    return field_validator(whole)(check)


def undefined(what_en: str, what_fr: str, because_en: str, because_fr: str) -> list[Text]:
    """The one warning for a zero denominator."""
    return [undefined_warning(what_en, what_fr, because_en, because_fr)]


def rate_result(tool: str, label: str, part: float, whole: float, inp: KpiInput, *, undefined_because: Text,
                what: Text, convention: list[Text] | None = None, verdict: Verdict | None = None,
                warnings: list[Text] | None = None) -> KpiResult:
    """A `part / whole × 100` percentage, with the standard formula and zero-denominator warning."""
    r = ratio(part, whole)
    value = tidy(None if r is None else r * 100)
    warns = list(warnings or [])
    if value is None:
        warns = undefined(what.en, what.fr, undefined_because.en, undefined_because.fr) + warns
    return KpiResult(
        tool=tool, value=value, unit="%", formula=f"{label} = {num(part)} / {num(whole)} × 100 = {pct_text(value)}",
        inputs=inp.model_dump(), convention=convention or [], warnings=warns, verdict=verdict)


def quotient_result(tool: str, label: str, top: float, bottom: float, inp: KpiInput, unit: str, *,
                    undefined_because: Text, what: Text, scale: float = 1, convention: list[Text] | None = None,
                    verdict: Verdict | None = None, details: dict | None = None) -> KpiResult:
    """A `top / bottom (× scale)` amount, with the standard formula and zero-denominator warning."""
    r = ratio(top * scale, bottom)
    value = tidy(r)
    shown = f"{num(top)} × {num(scale)}" if scale != 1 else num(top)
    warns = [] if value is not None else undefined(what.en, what.fr, undefined_because.en, undefined_because.fr)
    return KpiResult(
        tool=tool, value=value, unit=unit, formula=f"{label} = {shown} / {num(bottom)} = {num(value)}",
        inputs=inp.model_dump(), convention=convention or [], warnings=warns, verdict=verdict,
        details=details or {})


def titles(model: type[KpiInput], **pairs: tuple[str, str]) -> dict[str, tuple[str, str]]:
    """Bilingual field labels of `model`, adding the shared ones (currency, segment) when the model has them."""
    shared = {"currency": ("Currency", "Devise"), "segment": ("Segment", "Segment")}
    merged = {**shared, **pairs}
    return {name: merged[name] for name in model.model_fields if name in merged}
