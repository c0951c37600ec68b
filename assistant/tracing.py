"""LangSmith tracing when its variables are set (in the environment or `.env`): run names, tags and the session id.

LangChain traces by itself when `LANGSMITH_TRACING=true` is in the process environment; a `.env` file is read by the
settings only, so then the agent passes a tracer explicitly. Either way every turn carries the same run name, tags
and metadata (the session id as `session_id` and `thread_id`, which LangSmith groups into threads).
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from assistant.config import Settings
from assistant.secrets import register_secret

RUN_NAME = "kpi-assistant turn"


def turn_config(settings: Settings, session_id: str, lang: str) -> dict[str, Any]:
    """The run name, tags and metadata of one turn (and the tracer when tracing comes from the settings)."""
    config: dict[str, Any] = {
        "run_name": RUN_NAME,
        "tags": ["kpi-assistant", f"lang:{lang}", f"provider:{settings.llm_provider}"],
        "metadata": {"session_id": session_id, "thread_id": session_id, "model": settings.llm_model},
    }
    tracer = settings_tracer(settings)
    if tracer is not None:
        config["callbacks"] = [tracer]
    return config


def _env_tracing() -> bool:
    return any(os.environ.get(v, "").lower() == "true" for v in ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"))


def settings_tracer(settings: Settings) -> Any | None:
    """A LangSmith tracer when the settings (e.g. `.env`) turn tracing on and the environment does not already."""
    if not settings.langsmith_tracing or _env_tracing():
        return None
    key = settings.langsmith_api_key.get_secret_value() if settings.langsmith_api_key else None
    register_secret(key)
    return _tracer(settings.langsmith_endpoint, key, settings.langsmith_project)


@cache
def _tracer(endpoint: str | None, key: str | None, project: str | None) -> Any:
    from langchain_core.tracers.langchain import LangChainTracer
    from langsmith import Client

    return LangChainTracer(project_name=project, client=Client(api_url=endpoint, api_key=key))
