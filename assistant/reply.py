"""The one reply shape both engines return (the `kpi ask --json` contract)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class ToolCall(BaseModel):
    """One tool run during a turn."""

    name: str = Field(description="Registry id of the tool")
    arguments: dict[str, Any] = Field(description="Validated arguments")
    result: dict[str, Any] = Field(description="The result in the `kpi calc --json` shape")


class SourceRef(BaseModel):
    """A knowledge entry the answer used."""

    id: str
    title: str
    source: str


class ReadInput(BaseModel):
    """One input of a calculation as the engine read it from the question (or the conversation)."""

    field: str = Field(description="Input id of the calculator")
    title: str = Field(description="The input's title in the user's language")
    value: float = Field(description="The value used")
    unit: str | None = Field(None, description="Currency code, '%', 'days'... or None")
    source: Literal["question", "earlier", "computed", "derived", "position", "edited"] = Field(
        description="Where the value came from: this question, an earlier message, an earlier result, a derivation "
                    "(delivered = sent − bounced), its place among the figures, or the user's correction")
    parts: list[float] = Field(default_factory=list, description="The figures a derived value was computed from")


class ReadBack(BaseModel):
    """How a calculation read the question: what the user can check, correct and recompute."""

    tool: str = Field(description="Calculator id")
    title: str = Field(description="Calculator title in the user's language")
    inputs: list[ReadInput] = Field(default_factory=list)
    unused: list[str] = Field(default_factory=list, description="Figures of the question no calculation used")


class Reply(BaseModel):
    """What an engine answers for one turn."""

    answer: str = Field(description="Markdown answer")
    language: Literal["fr", "en"]
    engine: Literal["offline", "llm"]
    tool_calls: list[ToolCall] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list, description="e.g. 'answered offline because the LLM timed out'")
    reading: ReadBack | None = Field(None, description="How the figures were read (offline engine calculations)")
