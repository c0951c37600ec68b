"""The in-memory side of search (records, BM25) follows the collection's revision token (embedded store)."""

from __future__ import annotations

import yaml

from knowledge.build import open_knowledge_base
from knowledge.userdocs import add_documents, remove_document

SOURCE = [{"title": "Plan d'action marketing KPI-driven", "file": "004_ff5f870c957fbca4.txt"}]


def test_writes_change_the_revision_and_another_reader_reloads_only_then(settings, tmp_path):
    entries = tmp_path / "entries"
    entries.mkdir()
    data = {"id": "smart", "kind": "method", "title": {"fr": "Objectifs SMART", "en": "SMART objectives"},
            "text": {"fr": "Objectifs SMART.", "en": "SMART objectives."}, "sources": SOURCE}
    (entries / "smart.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    writer = open_knowledge_base(settings, entries)
    reader = open_knowledge_base(settings, entries)
    loaded = reader.current()
    revision = writer.store.revision()
    assert reader.current() is loaded  # nothing changed: no reload

    note = tmp_path / "salon.txt"
    note.write_text("Budget salon professionnel : 12 000 euros par an.", encoding="utf-8")
    add_documents(writer, [note])
    assert writer.store.revision() != revision
    found = reader.search("budget salon professionnel", k=1, mode="lexical")
    assert [h.source for h in found] == ["salon.txt, chunk 1/1"]

    remove_document(writer, "salon.txt")
    assert reader.search("budget salon professionnel", k=1, mode="lexical") == []
