"""Server mode: a real `chroma run` on 127.0.0.1, started by the test; build, search, user documents over HTTP."""

from __future__ import annotations

import pytest
import yaml

from assistant.config import Settings
from assistant.ui.process import free_port
from knowledge.build import build_index, open_knowledge_base
from knowledge.store import StoreUnavailableError, open_client
from knowledge.userdocs import add_documents, list_documents, remove_document

SOURCE = [{"title": "Plan d'action marketing KPI-driven", "file": "004_ff5f870c957fbca4.txt"}]


@pytest.mark.slow
def test_server_mode_round_trip(tmp_path, chroma_server):
    entries = tmp_path / "entries"
    entries.mkdir()
    for entry_id, fr, en in (("weekly-review", "Arbitrage hebdomadaire des actions", "Weekly review of actions"),
                             ("smart", "Objectifs SMART", "SMART objectives")):
        data = {"id": entry_id, "kind": "method", "title": {"fr": fr, "en": en},
                "text": {"fr": f"{fr}.", "en": f"{en}."}, "sources": SOURCE}
        (entries / f"{entry_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", chroma_url=chroma_server, _env_file=None)

    kb = open_knowledge_base(settings, entries)
    assert not (tmp_path / "data" / "chroma").exists()  # nothing embedded locally: the server holds the vectors
    assert kb.store.count() == 4
    top = kb.search("revue des actions chaque semaine", k=1, lang="en")[0]
    assert (top.id, top.title) == ("weekly-review", "Weekly review of actions")

    note = tmp_path / "notes.txt"
    note.write_text("Notre budget salon professionnel est de 12 000 euros par an.", encoding="utf-8")
    add_documents(kb, [note])
    assert [d.file for d in list_documents(kb)] == ["notes.txt"]
    assert kb.search("trade show budget", k=1)[0].source == "notes.txt, chunk 1/1"
    remove_document(kb, str(note))

    _, again = build_index(settings, entries)  # a second client sees what the first wrote
    assert (again.embedded, again.deleted) == (0, 0)
    assert open_client(settings).get_collection("kb_use_m3").count() == 4


def test_an_unreachable_server_gives_a_clear_error(tmp_path):
    settings = Settings(data_dir=tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}", _env_file=None)
    with pytest.raises(StoreUnavailableError, match="cannot reach the Chroma server at http://127.0.0.1:"):
        open_client(settings)
