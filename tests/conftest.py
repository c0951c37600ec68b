"""Shared fixtures: every data path under tmp_path, no real network, no LLM configured by accident."""

from __future__ import annotations

import os
import socket
import tempfile
import uuid

import pytest

from assistant.config import Settings
from assistant.db.local_postgres import LocalPostgres, bin_dir
from assistant.ui.process import chroma_server as running_chroma

_LOOPBACK = ("127.", "::1", "localhost")


def pytest_configure(config):
    """One embedding cache for the whole run, in a temp dir: tests never write under the user's home."""
    os.environ["KPI_EMBEDDING_CACHE"] = tempfile.mkdtemp(prefix="kpi-embedding-cache-")


@pytest.fixture(autouse=True)
def _isolate(monkeypatch, tmp_path):
    """Clear LLM variables, keep HF offline, and refuse any connection that is not to loopback."""
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "KPI_LLM_API_KEY", "KPI_LLM_BASE_URL", "KPI_ENGINE",
                "KPI_CHROMA_URL", "KPI_CHROMA_TOKEN", "KPI_CHROMA_TENANT", "KPI_CHROMA_DATABASE", "KPI_EMBEDDER",
                "KPI_HOST", "KPI_PORT", "GRADIO_SERVER_NAME", "GRADIO_SERVER_PORT", "KPI_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.setenv("KPI_DATA_DIR", str(tmp_path / "data"))

    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and (host.startswith(_LOOPBACK) or self.family == socket.AF_UNIX):
            return real_connect(self, address)
        raise ConnectionRefusedError(f"tests may not reach the network ({host})")

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings with every path under tmp_path and the offline engine."""
    return Settings(data_dir=tmp_path / "data", engine="offline", _env_file=None)


@pytest.fixture
def chroma_server(tmp_path):
    """URL of a real Chroma server (`chroma run`) on a free loopback port, stopped after the test."""
    with running_chroma(tmp_path / "chroma-server", tmp_path / "chroma.log") as url:
        yield url


@pytest.fixture(scope="session")
def postgres_server():
    """A real Postgres started for this test run (initdb + pg_ctl in a temp folder), stopped at the end."""
    if bin_dir() is None:
        message = ("Postgres binaries (initdb, pg_ctl) are absent: `make test` installs Debian's postgresql package "
                   "when run as root; otherwise `apt-get install postgresql`")
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the Postgres-backed tests for real
        pytest.skip(message)
    with LocalPostgres() as pg:
        yield pg


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> str:
    """The same test against a SQLite file and against a fresh database on the real Postgres."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'kpi.sqlite3'}"
    return request.getfixturevalue("postgres_server").new_database(f"t_{uuid.uuid4().hex[:12]}")
