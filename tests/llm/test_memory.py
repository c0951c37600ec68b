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
    try:
        assert type(saver).__name__ == "PostgresSaver"
        assert is_postgres("postgresql+psycopg://u@h/db") and not is_postgres("sqlite:///x")
    finally:
        saver.conn.close()  # its connection pool: left to the garbage collector it warns from its own thread


def test_the_sqlite_memory_keeps_one_checkpoint_per_conversation_and_the_whole_history(tmp_path):
    import sqlite3

    settings = _settings(tmp_path, "sqlite")
    session = Session()
    model = ScriptedChatModel(responses=[AIMessage("CAC: 80 €."), AIMessage("Noted."), AIMessage("It was 80 €.")])
    engine = build_engine(settings, ListRetriever(), chat_model=model)
    for question in (SURE, "We sell at 200 €.", "And my CAC again?"):
        engine.answer(question, Session(id=session.id))
    with sqlite3.connect(settings.data_dir / SQLITE_FILE) as con:
        rows = con.execute("SELECT COUNT(*) FROM checkpoints WHERE thread_id = ?", (session.id,)).fetchone()[0]
        orphans = con.execute("SELECT COUNT(*) FROM writes WHERE checkpoint_id NOT IN "
                              "(SELECT checkpoint_id FROM checkpoints)").fetchone()[0]
    assert rows == 1 and orphans == 0
    # the one checkpoint left holds every turn: the third call saw the first two
    assert [m.text for m in model.calls[2][1:]] == [SURE, "CAC: 80 €.", "We sell at 200 €.", "Noted.",
                                                    "And my CAC again?"]


def test_expired_sessions_take_their_conversation_memory_with_them(tmp_path):
    from assistant.db.engine import open_engine
    from assistant.session_store import SessionStore

    settings = _settings(tmp_path, "sqlite")
    engine = build_engine(settings, ListRetriever(), chat_model=ScriptedChatModel(responses=[AIMessage("80 €.")]))
    now = [1000.0]
    store = SessionStore(open_engine(settings), ttl_hours=1, clock=lambda: now[0], on_expired=engine.forget_expired)
    session = store.open("s1", owner="me")
    engine.answer(SURE, session)
    store.save(session)
    config = {"configurable": {"thread_id": session.id}}
    assert engine.llm.agent.get_state(config).values.get("messages")
    now[0] += 2 * 3600
    assert store.sweep() == 1
    assert not engine.llm.agent.get_state(config).values.get("messages")
