"""Server mode for a team: running apps follow the shared Chroma collection (no restart after `kpi index add`), and
the token, tenant and database settings reach a real `chroma run` server."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from assistant.config import Settings
from assistant.ui.process import app_process
from knowledge.build import build_index, open_knowledge_base
from knowledge.store import StoreUnavailableError, open_client
from knowledge.userdocs import add_documents, remove_document

pytestmark = pytest.mark.slow
SOURCE = [{"title": "Plan d'action marketing KPI-driven", "file": "004_ff5f870c957fbca4.txt"}]
KPI = Path(sys.executable).parent / "kpi"
NOTE = "Notre budget salon professionnel est de 12 000 euros par an, stand compris."


def write_entry(directory: Path, entry_id: str, fr: str, en: str) -> None:
    data = {"id": entry_id, "kind": "method", "title": {"fr": fr, "en": en}, "text": {"fr": f"{fr}.", "en": f"{en}."},
            "sources": SOURCE}
    (directory / f"{entry_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def entries(tmp_path) -> Path:
    directory = tmp_path / "entries"
    directory.mkdir()
    write_entry(directory, "weekly-review", "Arbitrage hebdomadaire des actions", "Weekly review of actions")
    write_entry(directory, "smart", "Objectifs SMART", "SMART objectives")
    return directory


def server_settings(tmp_path: Path, url: str, name: str, **extra) -> Settings:
    return Settings(data_dir=tmp_path / name, chroma_url=url, _env_file=None, **extra)


def sources(hits) -> list[str]:
    return [hit.source for hit in hits]


def test_a_document_added_by_another_client_is_found_by_a_running_one_without_a_restart(tmp_path, chroma_server,
                                                                                         entries):
    running = open_knowledge_base(server_settings(tmp_path, chroma_server, "app"), entries)
    other = open_knowledge_base(server_settings(tmp_path, chroma_server, "cli"), entries)
    assert "notes.txt, chunk 1/1" not in sources(running.search("budget salon professionnel", k=3, mode="lexical"))

    note = tmp_path / "notes.txt"
    note.write_text(NOTE, encoding="utf-8")
    add_documents(other, [note])
    # The BM25 half lives in the running process's memory: it must have followed the collection.
    assert sources(running.search("budget salon professionnel", k=1, mode="lexical")) == ["notes.txt, chunk 1/1"]
    assert sources(running.search("trade show budget", k=1)) == ["notes.txt, chunk 1/1"]

    remove_document(other, str(note))
    assert "notes.txt, chunk 1/1" not in sources(running.search("budget salon professionnel", k=3))


def test_an_edited_entry_rebuilt_elsewhere_is_searched_in_its_new_words(tmp_path, chroma_server, entries):
    running = open_knowledge_base(server_settings(tmp_path, chroma_server, "app"), entries)
    assert running.search("tableau de bord trimestriel", k=2, mode="lexical") == []
    write_entry(entries, "smart", "Objectifs SMART et tableau de bord trimestriel", "SMART goals, quarterly dashboard")
    build_index(server_settings(tmp_path, chroma_server, "builder"), entries)
    top = running.search("tableau de bord trimestriel", k=1, lang="fr", mode="lexical")
    assert [(h.id, h.title) for h in top] == [("smart", "Objectifs SMART et tableau de bord trimestriel")]


def test_a_search_with_nothing_changed_does_not_reload(tmp_path, chroma_server, entries, monkeypatch):
    kb = open_knowledge_base(server_settings(tmp_path, chroma_server, "app"), entries)
    snapshot = kb.current()
    kb.search("SMART objectives", k=1)
    assert kb.current() is snapshot


def test_kpi_index_add_in_a_terminal_is_found_by_the_running_web_app(tmp_path, chroma_server):
    """Two real processes: the web app (all curated entries, over HTTP) and the `kpi` command."""
    from gradio_client import Client

    env = {"KPI_CHROMA_URL": chroma_server}
    note = tmp_path / "salon.txt"
    note.write_text(NOTE, encoding="utf-8")
    with app_process(tmp_path / "app-data", tmp_path / "app.log", extra_env=env) as app:
        client = Client(app.url, verbose=False)

        def top_source(query: str) -> str:
            return json.loads(client.predict(query, "fr", 1, api_name="/search_knowledge"))[0]["source"]

        assert top_source("budget salon professionnel stand") != "salon.txt, extrait 1/1"
        cli_env = {**os.environ, **env, "KPI_DATA_DIR": str(tmp_path / "cli-data")}
        done = subprocess.run([str(KPI), "index", "add", str(note)], env=cli_env, capture_output=True, text=True,
                              timeout=180)
        assert done.returncode == 0, done.stderr
        assert top_source("budget salon professionnel stand") == "salon.txt, extrait 1/1"

        done = subprocess.run([str(KPI), "index", "remove", "salon.txt"], env=cli_env, capture_output=True,
                              text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        assert top_source("budget salon professionnel stand") != "salon.txt, extrait 1/1"


def test_the_index_lives_in_the_configured_tenant_and_database_created_on_first_build(tmp_path, chroma_server,
                                                                                         entries):
    team = server_settings(tmp_path, chroma_server, "team", chroma_tenant="acme", chroma_database="kpi")
    kb = open_knowledge_base(team, entries)
    assert kb.store.count() == 4
    assert [c.name for c in open_client(team).list_collections()] == ["kb_use_m3"]
    assert open_client(server_settings(tmp_path, chroma_server, "default")).list_collections() == []
    _, again = build_index(team, entries)  # a second process finds the tenant, the database and the entries
    assert (again.embedded, again.deleted) == (0, 0)


class TokenProxy(BaseHTTPRequestHandler):
    """A reverse proxy in front of Chroma that refuses requests without the token (as the README's nginx does)."""

    protocol_version = "HTTP/1.1"
    target: tuple[str, int]
    header: str
    expected: str

    def log_message(self, *args) -> None:  # quiet
        pass

    def _reply(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for key, value in headers:
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if self.headers.get(self.header) != self.expected:
            self._reply(401, [("Content-Type", "application/json")], b'{"error": "Unauthorized"}')
            return
        upstream = http.client.HTTPConnection(*self.target, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        self._reply(response.status, response.getheaders(), response.read())
        upstream.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = forward


@pytest.fixture
def token_proxy(chroma_server):
    def start(header: str, expected: str) -> str:
        url = urlparse(chroma_server)
        handler = type("Proxy", (TokenProxy,), {"target": (url.hostname, url.port), "header": header,
                                                "expected": expected})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    servers: list[ThreadingHTTPServer] = []
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("header", "expected"), [("Authorization", "Bearer s3cret"), ("X-Chroma-Token", "s3cret")])
def test_the_chroma_token_is_sent_in_the_configured_header(tmp_path, token_proxy, entries, header, expected):
    url = token_proxy(header, expected)
    kb = open_knowledge_base(server_settings(tmp_path, url, "app", chroma_token="s3cret", chroma_token_header=header),
                             entries)
    assert [h.id for h in kb.search("SMART objectives", k=1)] == ["smart"]


def test_a_missing_or_wrong_token_is_one_clear_error(tmp_path, token_proxy, entries):
    url = token_proxy("Authorization", "Bearer s3cret")
    for token in (None, "wrong"):
        with pytest.raises(StoreUnavailableError, match="refused the request.*KPI_CHROMA_TOKEN"):
            open_knowledge_base(server_settings(tmp_path, url, "app", chroma_token=token), entries)
