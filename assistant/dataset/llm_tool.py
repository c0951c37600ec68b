"""The user's uploaded data as a LangChain tool for the LLM agent (the router's `extra_tools` hook).

One tool for every session: it reads the turn's session from the agent's runtime context, so no tool (and no agent)
is built per user, and one session's data never reaches another.
"""

from __future__ import annotations

from langchain_core.tools import BaseTool

from assistant.adapter import data_tool
from assistant.dataset.kpis import KpiTable
from assistant.dataset.qa import data_tool as table_answerer
from assistant.session import Session
from assistant.tool_schemas import DATA_TOOL_NAME

TOOL_NAME = DATA_TOOL_NAME


def answer_about_data(session: Session, query: str) -> str:
    """The answer to `query` over this session's KPI table (a message when it has none)."""
    table = session.dataset
    if not isinstance(table, KpiTable):
        return "Error: no data uploaded in this session. Ask the user to upload a CSV or XLSX in the Data tab."
    return table_answerer(table)(query)


def dataset_tool() -> BaseTool:
    """The data tool, shared by every session (it answers from the turn's session)."""
    return data_tool(answer_about_data)
