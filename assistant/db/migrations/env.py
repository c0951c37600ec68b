"""Alembic environment: migrations run on the connection the app hands over (see assistant.db.engine.upgrade),
inside its transaction, so concurrent starters apply them once."""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the app always passes its connection
    raise RuntimeError("run migrations through assistant.db.upgrade (or `kpi db upgrade`)")
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
