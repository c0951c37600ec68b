"""Plans in SQLite: named per owner, every save a new version, one transaction per save (WAL journal)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant.plan.model import Plan
from tools.base import Text

_SCHEMA = """
CREATE TABLE IF NOT EXISTS plans (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (owner, name)
);
CREATE TABLE IF NOT EXISTS plan_versions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (plan_id, version)
);
"""


class PlanStoreError(RuntimeError):
    """A store operation failed; the message says why in both languages and nothing saved before is lost."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


@dataclass(frozen=True)
class PlanSummary:
    """One line of the plan list."""

    name: str
    versions: int
    last_saved: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _explain(err: sqlite3.Error) -> Text:
    msg = str(err).lower()
    if "full" in msg:
        return Text(en="Save failed: the disk is full. Your previous versions are intact; free some space and retry.",
                    fr="Échec de l'enregistrement : le disque est plein. Vos versions précédentes sont intactes ; "
                       "libérez de la place et réessayez.")
    if "locked" in msg or "busy" in msg:
        return Text(en="Save failed: the plan store is busy (another save holds it). Nothing was lost; retry in a "
                       "moment.",
                    fr="Échec de l'enregistrement : la base des plans est occupée (un autre enregistrement la "
                       "bloque). Rien n'est perdu ; réessayez dans un instant.")
    if "readonly" in msg or "read-only" in msg:
        return Text(en="Save failed: the plan store is read-only.",
                    fr="Échec : la base des plans est en lecture seule.")
    return Text(en=f"The plan store failed ({err}). Nothing saved before is lost.",
                fr=f"La base des plans a échoué ({err}). Rien de ce qui était enregistré n'est perdu.")


def _not_found(name: str) -> PlanStoreError:
    return PlanStoreError(Text(en=f"No plan named '{name}'.", fr=f"Aucun plan nommé « {name} »."))


class PlanStore:
    """Versioned plans of each owner. One connection per operation, so Gradio's worker threads can share it."""

    def __init__(self, path: Path, busy_timeout: float = 5.0):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.busy_timeout = busy_timeout
        # Test hook: runs inside the save transaction, after the insert and before the commit.
        self.before_commit: Callable[[], None] | None = None
        # Extra PRAGMAs run on every connection (tests cap max_page_count to get a real "disk full").
        self.pragmas: list[str] = []
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(_SCHEMA)

    @classmethod
    def from_settings(cls, settings) -> PlanStore:
        """The store under settings.data_dir."""
        return cls(Path(settings.data_dir) / "plans.sqlite3")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        try:
            con.execute("PRAGMA foreign_keys=ON")
            for pragma in self.pragmas:
                con.execute(pragma)
            yield con
        finally:
            con.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error; sqlite errors become PlanStoreError."""
        try:
            with self._connect() as con:
                con.execute("BEGIN IMMEDIATE")
                try:
                    yield con
                    if self.before_commit:
                        self.before_commit()
                    con.execute("COMMIT")
                except BaseException:
                    if con.in_transaction:
                        con.execute("ROLLBACK")
                    raise
        except sqlite3.Error as err:
            raise PlanStoreError(_explain(err)) from err

    def _plan_id(self, con: sqlite3.Connection, owner: str, name: str) -> int | None:
        row = con.execute("SELECT id FROM plans WHERE owner=? AND name=?", (owner, name)).fetchone()
        return row[0] if row else None

    def save(self, owner: str, plan: Plan) -> int:
        """Add a version of the plan (created on first save); returns the version number."""
        with self._transaction() as con:
            pid = self._plan_id(con, owner, plan.name)
            if pid is None:
                pid = con.execute("INSERT INTO plans (owner, name, created_at) VALUES (?, ?, ?)",
                                  (owner, plan.name, _now())).lastrowid
            version = con.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM plan_versions WHERE plan_id=?",
                                  (pid,)).fetchone()[0]
            con.execute("INSERT INTO plan_versions (plan_id, version, saved_at, body) VALUES (?, ?, ?, ?)",
                        (pid, version, _now(), plan.model_dump_json()))
        return version

    def list_plans(self, owner: str) -> list[PlanSummary]:
        """The owner's plans, most recently saved first."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT p.name, COUNT(v.id), MAX(v.saved_at) FROM plans p JOIN plan_versions v ON v.plan_id = p.id "
                "WHERE p.owner=? GROUP BY p.id ORDER BY MAX(v.saved_at) DESC, p.name", (owner,)).fetchall()
        return [PlanSummary(*r) for r in rows]

    def versions(self, owner: str, name: str) -> list[tuple[int, str]]:
        """(version, saved_at) of one plan, oldest first."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT v.version, v.saved_at FROM plan_versions v JOIN plans p ON p.id = v.plan_id "
                "WHERE p.owner=? AND p.name=? ORDER BY v.version", (owner, name)).fetchall()
        if not rows:
            raise _not_found(name)
        return rows

    def load(self, owner: str, name: str, version: int | None = None) -> Plan:
        """The latest version of a plan, or the version asked for."""
        q = ("SELECT v.body FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE p.owner=? AND p.name=? ")
        args: tuple = (owner, name)
        if version is None:
            q += "ORDER BY v.version DESC LIMIT 1"
        else:
            q += "AND v.version=?"
            args += (version,)
        with self._connect() as con:
            row = con.execute(q, args).fetchone()
        if row is None:
            if version is not None and self.list_versions_count(owner, name):
                raise PlanStoreError(Text(en=f"Plan '{name}' has no version {version}.",
                                          fr=f"Le plan « {name} » n'a pas de version {version}."))
            raise _not_found(name)
        return Plan.model_validate_json(row[0])

    def list_versions_count(self, owner: str, name: str) -> int:
        """How many versions a plan has (0 when it does not exist)."""
        with self._connect() as con:
            return con.execute("SELECT COUNT(*) FROM plan_versions v JOIN plans p ON p.id = v.plan_id "
                               "WHERE p.owner=? AND p.name=?", (owner, name)).fetchone()[0]

    def _check_free(self, con: sqlite3.Connection, owner: str, name: str) -> None:
        if self._plan_id(con, owner, name) is not None:
            raise PlanStoreError(Text(en=f"A plan named '{name}' already exists.",
                                      fr=f"Un plan nommé « {name} » existe déjà."))

    def duplicate(self, owner: str, name: str, new_name: str) -> None:
        """Copy the latest version of a plan under a new name (version 1 of the copy)."""
        plan = self.load(owner, name).model_copy(update={"name": new_name.strip()})
        Plan.model_validate(plan.model_dump())  # the new name obeys the same rules
        with self._transaction() as con:
            self._check_free(con, owner, plan.name)
            pid = con.execute("INSERT INTO plans (owner, name, created_at) VALUES (?, ?, ?)",
                              (owner, plan.name, _now())).lastrowid
            con.execute("INSERT INTO plan_versions (plan_id, version, saved_at, body) VALUES (?, 1, ?, ?)",
                        (pid, _now(), plan.model_dump_json()))

    def rename(self, owner: str, name: str, new_name: str) -> None:
        """Rename a plan; its versions follow (and their stored names are updated)."""
        new_name = new_name.strip()
        if not new_name:
            raise PlanStoreError(Text(en="The new name may not be blank.", fr="Le nouveau nom ne peut pas être vide."))
        with self._transaction() as con:
            pid = self._plan_id(con, owner, name)
            if pid is None:
                raise _not_found(name)
            self._check_free(con, owner, new_name)
            con.execute("UPDATE plans SET name=? WHERE id=?", (new_name, pid))
            for vid, body in con.execute("SELECT id, body FROM plan_versions WHERE plan_id=?", (pid,)).fetchall():
                renamed = Plan.model_validate_json(body).model_copy(update={"name": new_name})
                con.execute("UPDATE plan_versions SET body=? WHERE id=?", (renamed.model_dump_json(), vid))

    def delete(self, owner: str, name: str) -> None:
        """Delete a plan and all its versions."""
        with self._transaction() as con:
            pid = self._plan_id(con, owner, name)
            if pid is None:
                raise _not_found(name)
            con.execute("DELETE FROM plans WHERE id=?", (pid,))
