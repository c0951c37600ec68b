"""embedder=openai: the real OpenAI client against a small OpenAI-compatible server on 127.0.0.1, own collection."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
import yaml

from assistant.config import Settings
from knowledge.build import open_knowledge_base
from knowledge.store import open_client

DIM = 64
SOURCE = [{"title": "Les 5 KPI marketing essentiels", "file": "001_216a460caf1b5b12.txt"}]


def bag_of_words(text: str) -> list[float]:
    """A deterministic stand-in for a real embedding: hashed word counts, normalised."""
    vector = np.zeros(DIM)
    for word in text.lower().split():
        vector[int(hashlib.md5(word.strip(".,:?").encode()).hexdigest(), 16) % DIM] += 1
    return (vector / (np.linalg.norm(vector) or 1)).tolist()


class EmbeddingsServer(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        EmbeddingsServer.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        payload = {"object": "list", "model": body["model"], "usage": {"prompt_tokens": 1, "total_tokens": 1},
                   "data": [{"object": "embedding", "index": i, "embedding": bag_of_words(t)}
                            for i, t in enumerate(inputs)]}
        raw = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), EmbeddingsServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    EmbeddingsServer.requests = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def test_openai_embeddings_fill_their_own_collection_and_search_works(tmp_path, server, monkeypatch):
    monkeypatch.setenv("KPI_EMBEDDING_CACHE", "off")  # every vector must come from the server
    entries = tmp_path / "entries"
    entries.mkdir()
    for entry_id, fr, en in (("churn", "Taux d'attrition : clients perdus", "Churn rate: customers lost"),
                             ("roi", "Retour sur investissement marketing", "Marketing return on investment")):
        data = {"id": entry_id, "kind": "definition", "title": {"fr": fr, "en": en},
                "text": {"fr": fr, "en": en}, "sources": SOURCE}
        (entries / f"{entry_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", embedder="openai", openai_embedding_model="test-embed-64",
                        llm_base_url=server, llm_api_key="sk-test", _env_file=None)

    kb = open_knowledge_base(settings, entries)
    assert EmbeddingsServer.requests[0]["path"] == "/v1/embeddings"
    assert EmbeddingsServer.requests[0]["model"] == "test-embed-64"
    assert EmbeddingsServer.requests[0]["auth"] == "Bearer sk-test"
    collections = [c.name for c in open_client(settings).list_collections()]
    assert collections == ["kb_openai_test-embed-64"]  # never mixed with the 512-dim USE collection
    stored = kb.store.collection.get(ids=["roi::en"], include=["embeddings"])["embeddings"][0]
    assert len(stored) == DIM
    assert [h.id for h in kb.search("customers lost", k=1, mode="dense")] == ["churn"]


def test_an_unreachable_embeddings_api_gives_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("KPI_EMBEDDING_CACHE", "off")
    import socket

    from knowledge.store import StoreUnavailableError

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    entries = tmp_path / "entries"
    entries.mkdir()
    data = {"id": "roi", "kind": "definition", "title": {"fr": "ROI", "en": "ROI"},
            "text": {"fr": "Retour.", "en": "Return."}, "sources": SOURCE}
    (entries / "roi.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", embedder="openai", llm_base_url=f"http://127.0.0.1:{port}/v1",
                        llm_max_retries=0, _env_file=None)
    with pytest.raises(StoreUnavailableError, match="the embedder kpi_openai failed: Connection error"):
        open_knowledge_base(settings, entries)
