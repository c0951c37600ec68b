"""The plan a user builds and saves: wizard settings, KPIs, SMART objectives and the action table."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from assistant.plan.catalog import Stage
from assistant.plan.targets import Target
from tools.base import Text
from tools.declaration import BusinessModel

Objective = Literal["growth", "profitability", "retention", "awareness"]
Segment = Literal["B2B", "B2C"]
Offer = Literal["product", "service", "subscription"]
Maturity = Literal["starting", "established", "advanced"]
Channel = Literal["seo", "sea", "emailing", "social", "influence", "crm", "content", "events"]
CHANNELS: tuple[str, ...] = ("seo", "sea", "emailing", "social", "influence", "crm", "content", "events")

# Size limits of what a user types into a plan, checked on every path (the grid, the SMART helper, a rename, a
# copy): an attack run saved a 200 × 8 grid of 40 kB cells. At most 200 rows × 8 cells × 1 000 characters.
MAX_CELL_CHARS = 1000
MAX_ACTION_ROWS = 200
MAX_OBJECTIVES = 50
MAX_PLAN_KPIS = 30
MAX_FIGURE = 1e15  # the calculators' own bound on money; a figure past it is a typo (or 400 digits of attack)
MAX_FIGURE_DIGITS = 15
Cell = Annotated[str, Field(max_length=MAX_CELL_CHARS)]
Short = Annotated[str, Field(max_length=200)]


def _bounded_figure(value: Any) -> Any:
    """A number a spreadsheet can hold: finite and at most 10^15 (a digit string of more than 15 digits too);
    a text target at most a cell long."""
    digits = value.strip().lstrip("+-") if isinstance(value, str) else ""
    too_long = digits.isdigit() and len(digits) > MAX_FIGURE_DIGITS
    if isinstance(value, int) and not isinstance(value, bool):
        too_long = value.bit_length() > 50  # ≈ 10^15, checked without printing it (str() fails past 4 300 digits)
    elif isinstance(value, float):
        too_long = not math.isfinite(value) or abs(value) > MAX_FIGURE
    if not too_long and isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise PydanticCustomError("cell_too_long", "at most {max_length} characters",
                                  {"max_length": MAX_CELL_CHARS, "length": len(value)})
    if too_long:
        raise PydanticCustomError("figure_out_of_range", "a number of more than {digits} digits is out of range; "
                                  "write a smaller figure", {"digits": MAX_FIGURE_DIGITS})
    return value


class WizardSettings(BaseModel):
    """The wizard's answers."""

    model_config = ConfigDict(extra="forbid")

    objective: Objective = Field(description="Main business objective")
    segment: Segment = Field(description="B2B or B2C")
    offer: Offer = Field(description="What you sell")
    maturity: Maturity = Field(description="Marketing maturity")
    business_model: BusinessModel = Field("general", description="Online shop, SaaS, services, local shop or "
                                          "restaurant, B2B industry; 'general' when none of these")
    web_analytics: bool = Field(True, description="A web analytics tool is installed (GA4, Matomo)")
    crm: bool = Field(False, description="A CRM is set up and filled")
    automation: bool = Field(False, description="A marketing automation tool is in use")
    channels: list[Channel] = Field(default_factory=list, description="Active channels")


class PlanKpi(BaseModel):
    """One KPI of the plan, with why it was picked, how it is computed, where the data comes from, its target."""

    id: str
    title: Text
    stage: Stage
    formula: Text
    data_source: Text
    target: Target
    why: list[Text] = Field(default_factory=list)
    tool: str | None = Field(None, description="Registry calculator id, when one exists")


class SmartObjective(BaseModel):
    """A SMART objective as written by the helper."""

    model_config = ConfigDict(allow_inf_nan=False)

    metric: Short
    baseline: float | None = Field(None, ge=-MAX_FIGURE, le=MAX_FIGURE)
    target: float = Field(ge=-MAX_FIGURE, le=MAX_FIGURE)
    unit: Short = ""
    deadline: str = Field(max_length=40, description="ISO date YYYY-MM-DD")
    owner: Short = ""
    channel: Short = ""
    sentence: Text
    issues: list[Text] = Field(default_factory=list, max_length=10,
                               description="The SMART criteria it fails, as the check worded them (empty when SMART)")


class ActionRow(BaseModel):
    """One row of the action table (article 004): every field is free text the user edits."""

    model_config = ConfigDict(str_strip_whitespace=True)

    activity: Cell = ""
    objective: Cell = ""
    kpi: Cell = ""
    target: str | float | int = ""
    status: Cell = ""
    owner: Cell = ""
    deadline: Cell = ""
    review_cadence: Cell = ""

    @field_validator("target", mode="before")
    @classmethod
    def _figure(cls, value: Any) -> Any:
        return _bounded_figure(value)

    def is_empty(self) -> bool:
        """True when the user left every cell blank."""
        return all(v in ("", None) for v in self.model_dump().values())


ACTION_COLUMNS: tuple[str, ...] = tuple(ActionRow.model_fields)


class Plan(BaseModel):
    """A named plan: what the store saves (as JSON) and the exports write."""

    name: str = Field(min_length=1, max_length=120, description="Plan name, unique per owner")
    settings: WizardSettings | None = None
    kpis: list[PlanKpi] = Field(default_factory=list, max_length=MAX_PLAN_KPIS)
    objectives: list[SmartObjective] = Field(default_factory=list, max_length=MAX_OBJECTIVES)
    actions: list[ActionRow] = Field(default_factory=list, max_length=MAX_ACTION_ROWS)
    warnings: list[Text] = Field(default_factory=list, description="Coverage and data warnings")

    @field_validator("name")
    @classmethod
    def _strip_name(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("the plan name may not be blank")
        return v

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Plan:
        """A copy, validated again when fields are replaced: pydantic's model_copy skips validation, which let a
        rename or the grid's rows bypass the name and size limits."""
        copy = super().model_copy(update=update, deep=deep)
        return type(self).model_validate(copy.model_dump()) if update else copy
