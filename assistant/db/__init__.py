"""The database behind plans, sessions and the chat checkpointer: one SQLAlchemy URL (`KPI_DATABASE_URL`),
SQLite in the data folder by default, Postgres for a team, its schema kept by Alembic migrations."""

from assistant.db.engine import DatabaseError, create_db_engine, database_url, explain, open_engine, upgrade

__all__ = ["DatabaseError", "create_db_engine", "database_url", "explain", "open_engine", "upgrade"]
