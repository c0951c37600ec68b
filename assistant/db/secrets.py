"""Secrets every replica must share (e.g. the key that encrypts the browser id), created once in the database."""

from __future__ import annotations

import secrets
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from assistant.db.schema import app_secrets


def shared_secret(engine: Engine, name: str, legacy_file: Path | None = None) -> str:
    """The named secret; the first process to ask creates it (from `legacy_file` when an older install has one)."""
    with engine.connect() as con:
        value = con.execute(sa.select(app_secrets.c.value).where(app_secrets.c.name == name)).scalar()
    if value:
        return value
    candidate = secrets.token_hex(32)
    if legacy_file is not None and legacy_file.is_file():
        candidate = legacy_file.read_text().strip() or candidate
    with engine.connect().execution_options(write=True) as con, con.begin():
        insert = postgresql.insert if con.dialect.name == "postgresql" else sqlite.insert
        con.execute(insert(app_secrets).values(name=name, value=candidate).on_conflict_do_nothing())
        return con.execute(sa.select(app_secrets.c.value).where(app_secrets.c.name == name)).scalar()
