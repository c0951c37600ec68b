"""Engines for SQLite and Postgres with the same guarantees (one transaction per write, writers serialized per
row or per file, clear bilingual errors), and the Alembic upgrade that every process runs before using one."""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from tools.base import Text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant: processes starting at once take this Postgres advisory lock in turn to run the migrations.
_MIGRATION_LOCK = 0x4B5049  # "KPI"
_upgraded: set[str] = set()
_upgrade_lock = threading.Lock()


class DatabaseError(RuntimeError):
    """A database operation failed; the message says why in both languages and nothing committed is lost."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


def database_url(settings) -> str:
    """The URL in use: KPI_DATABASE_URL, or the SQLite file `kpi.sqlite3` in the data folder.

    `postgresql://` and `postgres://` mean psycopg 3 (the driver this project installs)."""
    url = settings.database_url or f"sqlite:///{Path(settings.data_dir).resolve() / 'kpi.sqlite3'}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def create_db_engine(url: str | Path | sa.URL, busy_timeout: float = 5.0) -> Engine:
    """An engine whose writes (connections opened with `write=True`) serialize correctly on either database.

    SQLite: a small pool of connections (threads share it), WAL journal, foreign keys on, and a write transaction
    starts with BEGIN IMMEDIATE so two writers never both read then both insert. Postgres: a pool,
    and lock waits bounded by `busy_timeout` (the store locks the plan's row while it adds a version).
    """
    if isinstance(url, sa.URL):
        url = url.render_as_string(hide_password=False)
    if isinstance(url, Path) or "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, pool_size=5, max_overflow=10, connect_args={"timeout": busy_timeout})
        engine.wal = False
        engine.pragmas = []  # extra PRAGMAs run on every connection (tests cap max_page_count for a real "disk full")

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_con, _record):
            dbapi_con.isolation_level = None  # the driver's own implicit BEGIN is replaced by ours below
            dbapi_con.execute("PRAGMA foreign_keys=ON")
            if not engine.wal:  # persistent in the file: once per engine is enough
                dbapi_con.execute("PRAGMA journal_mode=WAL")
                engine.wal = True
            for pragma in engine.pragmas:
                dbapi_con.execute(pragma)

        @event.listens_for(engine, "begin")
        def _sqlite_begin(con):
            options = con.get_execution_options()
            if options.get("write"):
                # Chat memory is not a saved plan: in WAL mode NORMAL survives an app crash (not a power cut) and
                # spares an fsync per chat turn; everything else commits with FULL (the connection may be reused).
                con.exec_driver_sql(f"PRAGMA synchronous={'NORMAL' if options.get('durable') is False else 'FULL'}")
                con.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                con.exec_driver_sql("BEGIN")

        return engine
    ms = max(1, int(busy_timeout * 1000))
    return sa.create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10,
                            connect_args={"options": f"-c lock_timeout={ms}", "connect_timeout": 10})


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest migration's revision id."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None before the first migration)."""
    with engine.connect() as con:
        return MigrationContext.configure(con).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (once per process and URL). Concurrent starters wait in turn."""
    key = engine.url.render_as_string(hide_password=False)
    with _upgrade_lock:
        if key in _upgraded:
            return
        cfg = _config()
        try:
            with engine.connect().execution_options(write=True) as con, con.begin():
                if con.dialect.name == "postgresql":
                    con.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
                cfg.attributes["connection"] = con
                command.upgrade(cfg, "head")
        except sa.exc.DBAPIError as err:
            raise DatabaseError(explain(err)) from err
        _upgraded.add(key)


def _adopt_legacy_file(settings) -> None:
    """Before KPI_DATABASE_URL, plans lived in `plans.sqlite3`: the default database takes that file over once."""
    data = Path(settings.data_dir)
    old, new = data / "plans.sqlite3", data / "kpi.sqlite3"
    if settings.database_url or not old.exists() or new.exists():
        return
    with FileLock(data / ".kpi.sqlite3.lock"):
        if new.exists() or not old.exists():
            return
        # The journal files travel with the database (SQLite finds them by name), so nothing committed is left behind.
        for suffix in ("-wal", "-shm"):
            if Path(f"{old}{suffix}").exists():
                Path(f"{old}{suffix}").rename(f"{new}{suffix}")
        old.rename(new)


_engines: dict[str, Engine] = {}


def open_engine(settings, busy_timeout: float = 5.0) -> Engine:
    """The settings' database, created and migrated to the newest schema if needed; one engine (one connection
    pool) per database per process."""
    _adopt_legacy_file(settings)
    url = database_url(settings)
    with _upgrade_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = create_db_engine(url, busy_timeout)
    upgrade(engine)
    return engine


_PG_CODES = {"53100": "full", "53200": "full", "55P03": "busy", "40P01": "busy", "40001": "busy", "57014": "busy",
             "25006": "readonly"}


def _kind(err: sa.exc.DBAPIError) -> str:
    code = getattr(err.orig, "sqlstate", None) or ""
    if code in _PG_CODES:
        return _PG_CODES[code]
    if code.startswith("08") or isinstance(err, sa.exc.OperationalError) and "connect" in str(err.orig).lower():
        return "unreachable"
    msg = str(err.orig).lower()
    if "full" in msg:
        return "full"
    if "locked" in msg or "busy" in msg:
        return "busy"
    if "readonly" in msg or "read-only" in msg:
        return "readonly"
    return "other"


def explain(err: sa.exc.DBAPIError) -> Text:
    """The user's message for a database failure, in French and English."""
    kind = _kind(err)
    if kind == "full":
        return Text(en="Save failed: the disk is full. Your previous versions are intact; free some space and retry.",
                    fr="Échec de l'enregistrement : le disque est plein. Vos versions précédentes sont intactes ; "
                       "libérez de la place et réessayez.")
    if kind == "busy":
        return Text(en="Save failed: the plan store is busy (another save holds it). Nothing was lost; retry in a "
                       "moment.",
                    fr="Échec de l'enregistrement : la base des plans est occupée (un autre enregistrement la "
                       "bloque). Rien n'est perdu ; réessayez dans un instant.")
    if kind == "readonly":
        return Text(en="Save failed: the plan store is read-only.",
                    fr="Échec : la base des plans est en lecture seule.")
    if kind == "unreachable":
        return Text(en="The database cannot be reached right now. Nothing saved before is lost; retry in a moment.",
                    fr="La base de données est injoignable pour le moment. Rien de ce qui était enregistré n'est "
                       "perdu ; réessayez dans un instant.")
    detail = str(err.orig).splitlines()[0] if err.orig is not None else type(err).__name__
    return Text(en=f"The plan store failed ({detail}). Nothing saved before is lost.",
                fr=f"La base des plans a échoué ({detail}). Rien de ce qui était enregistré n'est perdu.")
