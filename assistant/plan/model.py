"""The plan a user builds and saves: wizard settings, KPIs, SMART objectives and the action table."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.plan.catalog import Stage
from assistant.plan.targets import Target
from tools.base import Text

Objective = Literal["growth", "profitability", "retention", "awareness"]
Segment = Literal["B2B", "B2C"]
Offer = Literal["product", "service", "subscription"]
Maturity = Literal["starting", "established", "advanced"]
Channel = Literal["seo", "sea", "emailing", "social", "influence", "crm", "content"]
CHANNELS: tuple[str, ...] = ("seo", "sea", "emailing", "social", "influence", "crm", "content")


class WizardSettings(BaseModel):
    """The wizard's answers."""

    model_config = ConfigDict(extra="forbid")

    objective: Objective = Field(description="Main business objective")
    segment: Segment = Field(description="B2B or B2C")
    offer: Offer = Field(description="What you sell")
    maturity: Maturity = Field(description="Marketing maturity")
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

    metric: str
    baseline: float | None = None
    target: float
    unit: str = ""
    deadline: str = Field(description="ISO date YYYY-MM-DD")
    owner: str = ""
    channel: str = ""
    sentence: Text


class ActionRow(BaseModel):
    """One row of the action table (article 004): every field is free text the user edits."""

    model_config = ConfigDict(str_strip_whitespace=True)

    activity: str = ""
    objective: str = ""
    kpi: str = ""
    target: str | float | int = ""
    status: str = ""
    owner: str = ""
    deadline: str = ""
    review_cadence: str = ""

    def is_empty(self) -> bool:
        """True when the user left every cell blank."""
        return all(v in ("", None) for v in self.model_dump().values())


ACTION_COLUMNS: tuple[str, ...] = tuple(ActionRow.model_fields)


class Plan(BaseModel):
    """A named plan: what the store saves (as JSON) and the exports write."""

    name: str = Field(min_length=1, max_length=120, description="Plan name, unique per owner")
    settings: WizardSettings | None = None
    kpis: list[PlanKpi] = Field(default_factory=list)
    objectives: list[SmartObjective] = Field(default_factory=list)
    actions: list[ActionRow] = Field(default_factory=list)
    warnings: list[Text] = Field(default_factory=list, description="Coverage and data warnings")

    @field_validator("name")
    @classmethod
    def _strip_name(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("the plan name may not be blank")
        return v
