"""A throw-away Postgres server in a temporary folder (initdb + pg_ctl), for the tests and the replica benchmark.

Runs as the current user, or as `postgres` when we are root (Postgres refuses to run as root). Listens on
127.0.0.1 and a free port only; `stop()` removes everything it created."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import sqlalchemy as sa


def bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: PATH, then Debian's /usr/lib/postgresql/<newest>/bin; None when absent."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalPostgres:
    """`with LocalPostgres() as pg: pg.new_database("x")` gives a SQLAlchemy URL of a fresh, empty database."""

    def __init__(self, user: str = "kpi"):
        self.bin = bin_dir()
        if self.bin is None:
            raise FileNotFoundError("Postgres binaries (initdb, pg_ctl) not found: install Debian's postgresql package")
        self.user, self.port = user, _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="kpi-pg-"))
        self.data = self.root / "data"
        self._run_as: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            self._run_as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, timeout: float = 120) -> None:
        done = subprocess.run([*self._run_as, *args], capture_output=True, text=True, timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> LocalPostgres:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8",
                  "--no-sync", "--locale=C")
        # fsync off: these tests kill clients, never this server, so its own durability is not what is tested.
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w",
                  "start")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as con:
                con.exec_driver_sql(f'CREATE DATABASE "{name}"')
        finally:
            engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> LocalPostgres:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
