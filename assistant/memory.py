"""The LLM's conversation memory: a LangGraph checkpointer keyed by the session id (it survives a restart).

SQLite in the data folder by default (`llm_memory.sqlite`, langgraph-checkpoint-sqlite); Postgres when
`KPI_DATABASE_URL` is a postgresql:// URL (langgraph-checkpoint-postgres, with a small connection pool).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver

from assistant.config import Settings

SQLITE_FILE = "llm_memory.sqlite"
_POSTGRES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_postgres(url: str | None) -> bool:
    """Whether `url` names a Postgres database."""
    return bool(url) and url.lower().startswith(_POSTGRES)


def open_checkpointer(settings: Settings) -> BaseCheckpointSaver:
    """The checkpointer for these settings, its tables created if needed."""
    if is_postgres(settings.database_url):
        return _postgres(settings.database_url or "")
    from langgraph.checkpoint.sqlite import SqliteSaver

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # One connection shared by the app's worker threads: the saver serialises its own use of it with a lock.
    conn = sqlite3.connect(settings.data_dir / SQLITE_FILE, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    saver = SqliteSaver(conn)
    saver.setup()
    return saver


def keep_latest(saver: BaseCheckpointSaver, thread_id: str) -> None:
    """Delete a conversation's checkpoints but the latest, which holds every message so far: the memory then grows
    with the conversation, not with each of its turns (each checkpoint repeats the whole history).

    The saver's own `prune` when it has one; SQLite by statement (langgraph-checkpoint-sqlite has none); other
    savers keep their history (Postgres stores each message once, in versioned blobs)."""
    try:
        saver.prune([thread_id], strategy="keep_latest")
        return
    except NotImplementedError:
        pass
    from langgraph.checkpoint.sqlite import SqliteSaver

    if not isinstance(saver, SqliteSaver):
        return
    with saver.cursor() as cur:  # the saver's lock, and a commit at the end
        cur.execute("DELETE FROM checkpoints WHERE thread_id = ? AND checkpoint_id < (SELECT MAX(checkpoint_id) "
                    "FROM checkpoints AS last WHERE last.thread_id = checkpoints.thread_id "
                    "AND last.checkpoint_ns = checkpoints.checkpoint_ns)", (thread_id,))
        cur.execute("DELETE FROM writes WHERE thread_id = ? AND checkpoint_id NOT IN "
                    "(SELECT checkpoint_id FROM checkpoints WHERE thread_id = ?)", (thread_id, thread_id))


def _postgres(url: str) -> BaseCheckpointSaver:
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg.rows import dict_row
    from psycopg_pool import ConnectionPool

    conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
    kwargs: dict[str, Any] = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}
    pool = ConnectionPool(conninfo=conninfo, min_size=1, max_size=4, kwargs=kwargs, open=True)
    saver = PostgresSaver(pool)  # type: ignore[arg-type]
    saver.setup()
    return saver
