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


class Reply(BaseModel):
    """What an engine answers for one turn."""

    answer: str = Field(description="Markdown answer")
    language: Literal["fr", "en"]
    engine: Literal["offline", "llm"]
    tool_calls: list[ToolCall] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list, description="e.g. 'answered offline because the LLM timed out'")
