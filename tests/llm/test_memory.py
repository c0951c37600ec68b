"""The LLM's conversation memory is a LangGraph checkpointer keyed by the session: SQLite by default, real Postgres
when KPI_DATABASE_URL names one; a conversation survives a restart of the app on either."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage

from assistant.config import Settings
from assistant.memory import SQLITE_FILE, is_postgres, open_checkpointer
from assistant.router import build_engine
from assistant.session import Session

from .fakes import ListRetriever, ScriptedChatModel

pytestmark = pytest.mark.slow
SURE = "I spent 4000 € and won 50 new customers. What is my CAC?"


def _settings(tmp_path, database_url: str) -> Settings:
    url = None if database_url.startswith("sqlite") else database_url
    return Settings(_env_file=None, engine="llm", llm_base_url="http://127.0.0.1:9/v1", data_dir=tmp_path / "data",
                    database_url=url)


def test_the_conversation_survives_a_restart_on_either_database(tmp_path, database_url):
    settings = _settings(tmp_path, database_url)
    session = Session()
    first = build_engine(settings, ListRetriever(), chat_model=ScriptedChatModel(responses=[AIMessage("CAC: 80 €.")]))
    first.answer(SURE, session)
    model = ScriptedChatModel(responses=[AIMessage("It was 80 €.")])
    restarted = build_engine(settings, ListRetriever(), chat_model=model)  # a new process, the same database
    restarted.answer("And my CAC again?", Session(id=session.id))
    assert [m.text for m in model.calls[0][1:]] == [SURE, "CAC: 80 €.", "And my CAC again?"]
    # Another session's memory is its own.
    other = ScriptedChatModel(responses=[AIMessage("Which figures?")])
    build_engine(settings, ListRetriever(), chat_model=other).answer("And my CAC again?", Session())
    assert [m.text for m in other.calls[0][1:]] == ["And my CAC again?"]
    if not is_postgres(settings.database_url):
        assert (settings.data_dir / SQLITE_FILE).is_file()


def test_a_postgres_url_opens_the_postgres_checkpointer(postgres_server, tmp_path):
    url = postgres_server.new_database("llm_memory_kind")
    saver = open_checkpointer(_settings(tmp_path, url))
    assert type(saver).__name__ == "PostgresSaver"
    assert is_postgres("postgresql+psycopg://u@h/db") and not is_postgres("sqlite:///x")
