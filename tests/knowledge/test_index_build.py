"""The index: built on tmp_path with the real USE embedder; only what changed is re-embedded."""

from __future__ import annotations

import pytest
import yaml
from filelock import FileLock

from assistant.config import Settings
from knowledge.build import build_index, read_entries
from knowledge.embedder import UseEmbeddingFunction, collection_name
from knowledge.errors import IndexBusyError, KnowledgeInputError
from knowledge.locking import index_write_lock, lock_path
from knowledge.store import open_client

SOURCE = [{"title": "Les 5 KPI marketing essentiels", "file": "001_216a460caf1b5b12.txt"}]
ENTRIES = {
    "cac": ("Coût d'acquisition client", "Customer acquisition cost",
            "Dépenses marketing divisées par les nouveaux clients.", "Marketing spend divided by new customers.",
            {"kpis": ["customer_acquisition_cost"], "funnel_stage": ["conversion"]}),
    "churn": ("Taux d'attrition", "Churn rate", "Clients perdus sur clients du début.",
              "Customers lost out of customers at the start.", {"kpis": ["churn_rate"], "segment": "B2C"}),
    "vanity": ("Métriques de vanité", "Vanity metrics", "Des chiffres flatteurs qui ne disent rien du chiffre "
               "d'affaires.", "Flattering numbers that say nothing about revenue.", {"kind": "pitfall"}),
}


def write_entry(directory, entry_id, fr_title, en_title, fr_text, en_text, extra):
    data = {"id": entry_id, "kind": "definition", "title": {"fr": fr_title, "en": en_title},
            "text": {"fr": fr_text, "en": en_text}, "sources": SOURCE, **extra}
    (directory / f"{entry_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def entries_dir(tmp_path):
    directory = tmp_path / "entries"
    directory.mkdir()
    for entry_id, fields in ENTRIES.items():
        write_entry(directory, entry_id, *fields)
    return directory


def test_first_build_embeds_every_entry_in_both_languages(settings, entries_dir):
    store, report = build_index(settings, entries_dir)
    assert (report.seen, report.embedded, report.deleted) == (3, 3, 0)
    assert sorted(store.collection.get(include=[])["ids"]) == [
        "cac::en", "cac::fr", "churn::en", "churn::fr", "vanity::en", "vanity::fr"]
    meta = store.collection.get(ids=["churn::fr"], include=["metadatas", "documents"])
    assert meta["documents"][0] == "Taux d'attrition\n\nClients perdus sur clients du début."
    stored = meta["metadatas"][0]
    assert (stored["entry_id"], stored["lang"], stored["kind"], stored["segment"], stored["origin"]) == (
        "churn", "fr", "definition", "B2C", "curated")
    assert stored["kpis"] == ["churn_rate"]
    assert stored["source"] == "Les 5 KPI marketing essentiels (001_216a460caf1b5b12.txt)"
    assert (settings.data_dir / "chroma").is_dir()


def test_rebuild_skips_unchanged_entries_and_reembeds_only_the_edited_one(settings, entries_dir):
    build_index(settings, entries_dir)
    _, unchanged = build_index(settings, entries_dir)
    assert (unchanged.embedded, unchanged.deleted) == (0, 0)

    write_entry(entries_dir, "churn", "Taux d'attrition", "Churn rate", "Clients perdus sur la période.",
                "Customers lost over the period.", {"kpis": ["churn_rate"], "segment": "B2C"})
    store, edited = build_index(settings, entries_dir)
    assert (edited.seen, edited.embedded, edited.deleted) == (3, 1, 0)
    assert store.collection.get(ids=["churn::en"], include=["documents"])["documents"] == [
        "Churn rate\n\nCustomers lost over the period."]


def test_rebuild_deletes_entries_whose_file_vanished(settings, entries_dir):
    build_index(settings, entries_dir)
    (entries_dir / "vanity.yaml").unlink()
    store, report = build_index(settings, entries_dir)
    assert (report.seen, report.embedded, report.deleted) == (2, 0, 1)
    assert store.count() == 4


def test_collection_stores_our_embedding_function_so_chroma_never_falls_back_to_its_default(settings, entries_dir):
    build_index(settings, entries_dir)
    client = open_client(settings)
    reopened = client.get_collection("kb_use_m3")  # no embedding function given: rebuilt from the stored config
    assert isinstance(reopened.configuration["embedding_function"], UseEmbeddingFunction)
    assert reopened.configuration_json["embedding_function"]["name"] == "kpi_use_multilingual_v3"
    # a text query embeds with the stored function (Chroma's default would try to download a model and fail)
    found = reopened.query(query_texts=["customers lost"], n_results=1, where={"lang": "en"})
    assert found["ids"] == [["churn::en"]]
    vector = UseEmbeddingFunction()(["bonjour"])[0]
    assert vector.shape == (512,)
    assert abs(float((vector ** 2).sum()) - 1.0) < 1e-4


def test_each_embedder_has_its_own_collection(tmp_path):
    use = Settings(data_dir=tmp_path, _env_file=None)
    openai = Settings(data_dir=tmp_path, embedder="openai", openai_embedding_model="text-embedding-3-small",
                      _env_file=None)
    assert collection_name(use) == "kb_use_m3"
    assert collection_name(openai) == "kb_openai_text-embedding-3-small"


def test_an_invalid_entry_file_is_named_in_the_error(entries_dir):
    (entries_dir / "broken.yaml").write_text("id: broken\nkind: definition\n", encoding="utf-8")
    with pytest.raises(KnowledgeInputError, match="broken.yaml is invalid"):
        read_entries(entries_dir)


def test_a_held_write_lock_gives_a_clear_error_instead_of_hanging(settings):
    settings.data_dir.mkdir(parents=True)
    with FileLock(str(lock_path(settings.data_dir))):
        with pytest.raises(IndexBusyError, match="being written by another process"):
            with index_write_lock(settings.data_dir, timeout=0.2):
                pass


def test_records_embedded_by_another_embedder_version_are_reembedded(settings, entries_dir):
    store, _ = build_index(settings, entries_dir)
    meta = store.collection.get(ids=["cac::fr"], include=["metadatas"])["metadatas"][0]
    store.collection.update(ids=["cac::fr"], metadatas=[{**meta, "embedder": "an-older-version"}])
    _, report = build_index(settings, entries_dir)
    assert (report.embedded, report.deleted) == (1, 0)
