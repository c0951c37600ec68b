"""The typed result every calculator returns, and the small helpers they share."""

from __future__ import annotations

import math
import typing
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

Level = Literal["good", "watch", "alert"]


class Text(BaseModel):
    """A user-facing sentence in both languages."""

    model_config = ConfigDict(frozen=True)

    en: str = Field(description="English text")
    fr: str = Field(description="French text")

    def get(self, lang: str) -> str:
        """The text in `lang` ('fr' or 'en'), English otherwise."""
        return self.fr if lang == "fr" else self.en


class Verdict(BaseModel):
    """A health verdict for a value, never without the rule's source."""

    level: Level = Field(description="good / watch / alert")
    why: Text = Field(description="Why this level, with the numbers")
    rule: str = Field(description="Id of the rule that produced the verdict")
    source: str = Field(description="Where the rule comes from: an article (title and file) or a named rule of thumb")
    segment: str = Field(description="Segment the rule applies to, e.g. 'B2C', 'B2B', 'all'")


class KpiResult(BaseModel):
    """What every tool returns: the value and its working. Serialised, it is the `kpi calc --json` contract."""

    tool: str = Field(description="Registry id of the tool")
    value: float | None = Field(description="The KPI value, null when undefined (see warnings)")
    unit: str = Field(description="ISO currency code, '%', 'ratio', 'months', 'days', 'per_day', 'points', 'count'")
    formula: str = Field(description="The formula with the numbers put in")
    inputs: dict[str, Any] = Field(description="The validated inputs, echoed back")
    convention: list[Text] = Field(default_factory=list, description="Conventions used (e.g. CAC includes sales)")
    warnings: list[Text] = Field(default_factory=list, description="Why a value is undefined or doubtful")
    verdict: Verdict | None = Field(default=None, description="Health verdict, when a rule applies")
    details: dict[str, Any] = Field(default_factory=dict, description="Extra outputs (per-stage rates, per month...)")

    def contract(self) -> dict[str, Any]:
        """The public JSON shape (`kpi calc --json`)."""
        return self.model_dump(mode="json")


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is zero (never inf, never an exception)."""
    if denominator == 0:
        return None
    out = numerator / denominator
    return out if math.isfinite(out) else None


def pct(numerator: float, denominator: float) -> float | None:
    """numerator / denominator as a percentage, or None when undefined."""
    r = ratio(numerator, denominator)
    return None if r is None else r * 100


def fmt(x: float | None, digits: int = 2) -> str:
    """A number for a formula string: grouped thousands, at most `digits` decimals, no trailing zeros."""
    if x is None:
        return "undefined"
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}".replace(",", " ")
    s = f"{x:,.{digits}f}".replace(",", " ")
    return s.rstrip("0").rstrip(".") if "." in s else s


def undefined_warning(what_en: str, what_fr: str, because_en: str, because_fr: str) -> Text:
    """The standard warning when a denominator is zero."""
    return Text(en=f"{what_en} is undefined: {because_en}.", fr=f"{what_fr} n'est pas défini : {because_fr}.")


def round_value(x: float | None, digits: int = 4) -> float | None:
    """Round for display without losing meaningful precision (None stays None)."""
    return None if x is None else round(x, digits)


# Past this many digits an integer is no business figure (the largest limit is 10^15); Python cannot even print
# one of more than 4 300 digits, so it is refused before anything tries.
MAX_INT_DIGITS = 30


def _accepts_bool(annotation: Any) -> bool:
    """True when the type allows true/false (a bool field, Any, or a union or container holding one)."""
    if annotation is bool or annotation is Any:
        return True
    return any(_accepts_bool(arg) for arg in typing.get_args(annotation) if not isinstance(arg, str | int))


def _refuse_bools_and_huge_ints(value: Any, bools_ok: bool, depth: int = 0) -> None:
    if isinstance(value, bool):
        if not bools_ok:
            raise PydanticCustomError("bool_not_number", "must be a number, not true/false")
    elif isinstance(value, int) and value.bit_length() > MAX_INT_DIGITS * 3.33:
        raise PydanticCustomError("number_too_long", "a number of about {digits} digits is out of range",
                                  {"digits": int(value.bit_length() * 0.30103) + 1})
    elif isinstance(value, list | tuple) and depth < 3:
        for item in value:
            _refuse_bools_and_huge_ints(item, bools_ok, depth + 1)


class KpiInput(BaseModel):
    """Base of every tool's input: unknown fields, NaN and infinities are refused; so are true/false where a
    number is expected (pydantic would read true as 1) and integers too long to be a figure."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        _refuse_bools_and_huge_ints(value, field is None or _accepts_bool(field.annotation))
        return value


Currency = Field(default="EUR", pattern=r"^[A-Z]{3}$", description="ISO 4217 currency code of the amounts, e.g. EUR")
