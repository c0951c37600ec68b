"""Plans in the app's database (SQLite or Postgres): named per owner, every save a new version, one transaction
per save, writers of the same plan serialized (SQLite: BEGIN IMMEDIATE; Postgres: the plan's row is locked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from assistant.db import DatabaseError, create_db_engine, explain, open_engine, upgrade
from assistant.db.schema import plan_versions, plans
from assistant.plan.model import Plan
from assistant.plan.quota import Quota
from tools.base import Text

PlanStoreError = DatabaseError  # the store's errors: bilingual text, nothing saved before is lost


@dataclass(frozen=True)
class PlanSummary:
    """One line of the plan list."""

    name: str
    versions: int
    last_saved: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _not_found(name: str) -> PlanStoreError:
    return PlanStoreError(Text(en=f"No plan named '{name}'.", fr=f"Aucun plan nommé « {name} »."))


class PlanStore:
    """Versioned plans of each owner. Thread-safe: every operation takes its own connection."""

    def __init__(self, target: str | Path | Engine, busy_timeout: float = 5.0):
        """`target`: an engine (already migrated), a database URL, or the path of a SQLite file."""
        self.engine = target if isinstance(target, Engine) else create_db_engine(target, busy_timeout)
        upgrade(self.engine)
        # Test hook: runs inside the save transaction, after the insert and before the commit.
        self.before_commit: Callable[[], None] | None = None
        # Per-owner quotas (assistant/plan/quota.py), checked inside the transaction of a save or a copy.
        self.quota: Quota | None = None

    @classmethod
    def from_settings(cls, settings) -> PlanStore:
        """The store in the settings' database (KPI_DATABASE_URL, or SQLite under the data folder)."""
        store = cls(open_engine(settings))
        store.quota = Quota.from_settings(settings)
        return store

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a database server."""
        db = self.engine.url.database
        return Path(db) if self.engine.dialect.name == "sqlite" and db else None

    @property
    def pragmas(self) -> list[str]:
        """Extra PRAGMAs for every new SQLite connection (tests cap the file's size)."""
        return self.engine.pragmas

    @pragmas.setter
    def pragmas(self, value: list[str]) -> None:
        self.engine.pragmas = value
        self.engine.dispose()  # pooled connections close; the next ones run the new PRAGMAs

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as con:
                yield con
        except sa.exc.DBAPIError as err:
            raise PlanStoreError(explain(err)) from err

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction, rolled back on any error; database errors become PlanStoreError."""
        try:
            with self.engine.connect().execution_options(write=True) as con, con.begin():
                yield con
                if self.before_commit:
                    self.before_commit()
        except sa.exc.DBAPIError as err:
            raise PlanStoreError(explain(err)) from err

    @staticmethod
    def _plan_id(con: Connection, owner: str, name: str, lock: bool = False) -> int | None:
        q = sa.select(plans.c.id).where(plans.c.owner == owner, plans.c.name == name)
        return con.execute(q.with_for_update() if lock else q).scalar()

    def _create(self, con: Connection, owner: str, name: str) -> None:
        """Insert the plan's row unless a concurrent writer just did (then wait for it and use theirs)."""
        insert = postgresql.insert if con.dialect.name == "postgresql" else sqlite.insert
        con.execute(insert(plans).values(owner=owner, name=name, created_at=_now()).on_conflict_do_nothing())

    @staticmethod
    def _add_version(con: Connection, pid: int, body: str, version: int | None = None) -> int:
        if version is None:
            last = sa.select(sa.func.coalesce(sa.func.max(plan_versions.c.version), 0))
            version = con.execute(last.where(plan_versions.c.plan_id == pid)).scalar() + 1
        con.execute(plan_versions.insert().values(plan_id=pid, version=version, saved_at=_now(), body=body))
        return version

    def save(self, owner: str, plan: Plan) -> int:
        """Add a version of the plan (created on first save); returns the version number."""
        body = plan.model_dump_json()
        with self._transaction() as con:
            if self.quota:
                self.quota.check(con, owner, plan.name, len(body))
            self._create(con, owner, plan.name)
            pid = self._plan_id(con, owner, plan.name, lock=True)  # held until commit: one writer per plan
            return self._add_version(con, pid, body)

    def list_plans(self, owner: str) -> list[PlanSummary]:
        """The owner's plans, most recently saved first."""
        last = sa.func.max(plan_versions.c.saved_at)
        q = (sa.select(plans.c.name, sa.func.count(plan_versions.c.id), last)
             .join(plan_versions, plan_versions.c.plan_id == plans.c.id).where(plans.c.owner == owner)
             .group_by(plans.c.id, plans.c.name).order_by(last.desc(), plans.c.name))
        with self._read() as con:
            return [PlanSummary(*r) for r in con.execute(q)]

    def _versions_of(self, owner: str, name: str):
        return (plan_versions.join(plans, plans.c.id == plan_versions.c.plan_id),
                sa.and_(plans.c.owner == owner, plans.c.name == name))

    def versions(self, owner: str, name: str) -> list[tuple[int, str]]:
        """(version, saved_at) of one plan, oldest first."""
        joined, where = self._versions_of(owner, name)
        q = sa.select(plan_versions.c.version, plan_versions.c.saved_at).select_from(joined).where(where)
        with self._read() as con:
            rows = [tuple(r) for r in con.execute(q.order_by(plan_versions.c.version))]
        if not rows:
            raise _not_found(name)
        return rows

    def load(self, owner: str, name: str, version: int | None = None) -> Plan:
        """The latest version of a plan, or the version asked for."""
        joined, where = self._versions_of(owner, name)
        q = sa.select(plan_versions.c.body).select_from(joined).where(where)
        if version is None:
            q = q.order_by(plan_versions.c.version.desc()).limit(1)
        else:
            q = q.where(plan_versions.c.version == version)
        with self._read() as con:
            body = con.execute(q).scalar()
        if body is None:
            if version is not None and self.list_versions_count(owner, name):
                raise PlanStoreError(Text(en=f"Plan '{name}' has no version {version}.",
                                          fr=f"Le plan « {name} » n'a pas de version {version}."))
            raise _not_found(name)
        return Plan.model_validate_json(body)

    def list_versions_count(self, owner: str, name: str) -> int:
        """How many versions a plan has (0 when it does not exist)."""
        joined, where = self._versions_of(owner, name)
        with self._read() as con:
            return con.execute(sa.select(sa.func.count()).select_from(joined).where(where)).scalar()

    def _check_free(self, con: Connection, owner: str, name: str) -> None:
        if self._plan_id(con, owner, name) is not None:
            raise PlanStoreError(Text(en=f"A plan named '{name}' already exists.",
                                      fr=f"Un plan nommé « {name} » existe déjà."))

    def duplicate(self, owner: str, name: str, new_name: str) -> None:
        """Copy the latest version of a plan under a new name (version 1 of the copy)."""
        plan = self.load(owner, name).model_copy(update={"name": new_name.strip()})
        Plan.model_validate(plan.model_dump())  # the new name obeys the same rules
        with self._transaction() as con:
            self._check_free(con, owner, plan.name)
            if self.quota:
                self.quota.check(con, owner, plan.name, len(plan.model_dump_json()))
            pid = con.execute(plans.insert().values(owner=owner, name=plan.name, created_at=_now())
                              .returning(plans.c.id)).scalar()
            self._add_version(con, pid, plan.model_dump_json(), version=1)

    def rename(self, owner: str, name: str, new_name: str) -> None:
        """Rename a plan; its versions follow (and their stored names are updated)."""
        new_name = new_name.strip()
        if not new_name:
            raise PlanStoreError(Text(en="The new name may not be blank.", fr="Le nouveau nom ne peut pas être vide."))
        with self._transaction() as con:
            pid = self._plan_id(con, owner, name, lock=True)
            if pid is None:
                raise _not_found(name)
            self._check_free(con, owner, new_name)
            con.execute(plans.update().where(plans.c.id == pid).values(name=new_name))
            rows = con.execute(sa.select(plan_versions.c.id, plan_versions.c.body)
                               .where(plan_versions.c.plan_id == pid)).all()
            for vid, body in rows:
                renamed = Plan.model_validate_json(body).model_copy(update={"name": new_name})
                con.execute(plan_versions.update().where(plan_versions.c.id == vid)
                            .values(body=renamed.model_dump_json()))

    def delete(self, owner: str, name: str) -> None:
        """Delete a plan and all its versions."""
        with self._transaction() as con:
            pid = self._plan_id(con, owner, name, lock=True)
            if pid is None:
                raise _not_found(name)
            con.execute(plans.delete().where(plans.c.id == pid))
