"""Sessions in the app's database, so any replica continues a conversation and nothing per session stays in a
process: the engine memory and chat history as JSON, at most one upload per session (its bytes), an idle expiry
after which both are deleted. Parsed uploads are cached per process (bounded), rebuilt from the bytes on a miss."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from assistant.db import DatabaseError, explain
from assistant.db.schema import page_browsers, session_uploads, sessions
from assistant.session import Session

log = logging.getLogger(__name__)
ParseUpload = Callable[[bytes, str], Any]
PAGE_KEEP_SECONDS = 7 * 24 * 3600
SWEEP_EVERY = 60.0  # seconds between two deletions of expired sessions by one process


class SessionStore:
    """Open, save and end sessions; keep one upload per session."""

    def __init__(self, engine: Engine, ttl_hours: float = 24.0, parse_upload: ParseUpload | None = None,
                 cache_size: int = 16, clock: Callable[[], float] = time.time,
                 on_expired: Callable[[list[str]], None] | None = None):
        self.engine, self.ttl, self.parse_upload = engine, ttl_hours * 3600, parse_upload
        self.on_expired = on_expired  # told the ids of the sessions a sweep deleted (the LLM's memory goes too)
        self.clock, self.cache_size = clock, cache_size
        self._tables: OrderedDict[str, Any] = OrderedDict()  # sha256 of an upload -> its parsed table
        self._lock = threading.Lock()
        self._last_sweep = 0.0

    def _upsert(self, con, table, values: dict, key: str) -> None:
        insert = postgresql.insert if con.dialect.name == "postgresql" else sqlite.insert
        stmt = insert(table).values(**values)
        con.execute(stmt.on_conflict_do_update(index_elements=[key],
                                               set_={k: stmt.excluded[k] for k in values if k != key}))

    def open(self, session_id: str, owner: str) -> Session:
        """The stored session, or a new one when it never existed, expired, or belongs to someone else."""
        q = (sa.select(sessions.c.owner, sessions.c.body, sessions.c.expires_at, session_uploads.c.sha256,
                       session_uploads.c.name)
             .select_from(sessions.outerjoin(session_uploads, session_uploads.c.session_id == sessions.c.id))
             .where(sessions.c.id == session_id))
        try:
            with self.engine.connect() as con:
                row = con.execute(q).first()
        except sa.exc.DBAPIError as err:
            raise DatabaseError(explain(err)) from err
        if row is None or row.expires_at < self.clock():
            return Session(id=session_id, owner=owner)
        if row.owner != owner:  # an id is never shared between owners: start a private session instead
            return Session(owner=owner)
        session = Session.model_validate_json(row.body)
        if row.sha256:
            session.dataset = self._table(session_id, row.sha256, row.name)
        return session

    def save(self, session: Session) -> None:
        """Store the session (its idle expiry starts again); now and then, delete the expired ones."""
        now = self.clock()
        body = session.trimmed().model_dump_json()
        try:
            with self.engine.connect().execution_options(write=True, durable=False) as con, con.begin():
                self._upsert(con, sessions, {"id": session.id, "owner": session.owner, "body": body,
                                             "updated_at": now, "expires_at": now + self.ttl}, "id")
        except sa.exc.DBAPIError as err:
            raise DatabaseError(explain(err)) from err
        if now - self._last_sweep > SWEEP_EVERY:
            self._last_sweep = now
            self.sweep()

    def keep_upload(self, session: Session, path: str | Path, table: Any) -> None:
        """Keep this file as the session's one upload (replacing the previous one) and its parsed table."""
        raw = Path(path).read_bytes()
        sha = hashlib.sha256(raw).hexdigest()
        self.save(session)  # the upload hangs off the session's row
        try:
            with self.engine.connect().execution_options(write=True, durable=False) as con, con.begin():
                self._upsert(con, session_uploads, {"session_id": session.id, "name": Path(path).name, "sha256": sha,
                                                    "body": raw, "created_at": self.clock()}, "session_id")
        except sa.exc.DBAPIError as err:
            raise DatabaseError(explain(err)) from err
        session.dataset = table
        self._remember(sha, table)

    def record_page(self, page: str, browser: str) -> str:
        """Remember which browser a page (a Gradio session hash) belongs to; the first record stays (a later one for
        the same page cannot redirect it). Returns the recorded browser id."""
        page = page[:128]
        insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        try:
            with self.engine.connect().execution_options(write=True, durable=False) as con, con.begin():
                # A page may stay open for days: its record outlives the session's idle time by a week.
                expires = self.clock() + self.ttl + PAGE_KEEP_SECONDS
                con.execute(insert(page_browsers).values(page=page, browser=browser,
                                                         expires_at=expires).on_conflict_do_nothing())
                return con.execute(sa.select(page_browsers.c.browser).where(page_browsers.c.page == page)).scalar()
        except sa.exc.DBAPIError as err:
            raise DatabaseError(explain(err)) from err

    def browser_of_page(self, page: str) -> str | None:
        """The browser a page belongs to, if its page-load event recorded one."""
        with self.engine.connect() as con:
            return con.execute(sa.select(page_browsers.c.browser).where(page_browsers.c.page == page[:128])).scalar()

    def end(self, session_id: str) -> None:
        """Delete a session and its upload now."""
        with self.engine.connect().execution_options(write=True, durable=False) as con, con.begin():
            con.execute(sessions.delete().where(sessions.c.id == session_id))

    def sweep(self) -> int:
        """Delete every expired session (their uploads go with them); returns how many."""
        try:
            with self.engine.connect().execution_options(write=True, durable=False) as con, con.begin():
                expired = [r[0] for r in con.execute(sa.select(sessions.c.id)
                                                     .where(sessions.c.expires_at < self.clock()))]
                if expired:  # uploads first: a database without foreign-key cascades keeps no orphan bytes either
                    con.execute(session_uploads.delete().where(session_uploads.c.session_id.in_(expired)))
                    con.execute(sessions.delete().where(sessions.c.id.in_(expired)))
                con.execute(page_browsers.delete().where(page_browsers.c.expires_at < self.clock()))
        except sa.exc.DBAPIError:
            return 0  # a busy database: the next sweep will do it
        if expired and self.on_expired is not None:
            try:
                self.on_expired(expired)
            except Exception:  # the sessions are gone; what is left of their memory goes at the next clear
                log.exception("could not forget the conversations of %d expired sessions", len(expired))
        return len(expired)

    def _remember(self, sha: str, table: Any) -> None:
        with self._lock:
            self._tables[sha] = table
            self._tables.move_to_end(sha)
            while len(self._tables) > self.cache_size:
                self._tables.popitem(last=False)

    def _table(self, session_id: str, sha: str, name: str) -> Any:
        with self._lock:
            if sha in self._tables:
                self._tables.move_to_end(sha)
                return self._tables[sha]
        if self.parse_upload is None:
            return None
        with self.engine.connect() as con:
            raw = con.execute(sa.select(session_uploads.c.body)
                              .where(session_uploads.c.session_id == session_id)).scalar()
        if raw is None:
            return None
        try:
            table = self.parse_upload(bytes(raw), name)
        except Exception:  # a file accepted once but refused by a newer parser: the session simply has no data
            return None
        self._remember(sha, table)
        return table
