"""The user's uploaded data as a LangChain tool for the LLM agent (the router's `extra_tools` hook)."""

from __future__ import annotations

from langchain_core.tools import BaseTool, StructuredTool

from assistant.dataset.kpis import KpiTable
from assistant.dataset.qa import data_tool
from assistant.session import Session

TOOL_NAME = "query_user_data"


def dataset_tools(session: Session) -> list[BaseTool]:
    """One tool over this session's KPI table; none when the session has no (valid) dataset."""
    table = session.dataset
    if not isinstance(table, KpiTable):
        return []
    return [StructuredTool.from_function(
        data_tool(table), name=TOOL_NAME,
        description="Answer a question about the user's uploaded marketing data (per period and channel): best or "
                    "worst channel on a KPI, totals, trends. Pass the question in the user's words.",
    )]
