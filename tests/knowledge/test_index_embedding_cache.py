"""The shared vector cache: a second store with the same texts embeds nothing; it never serves a stale vector."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

import knowledge.embedder
from assistant.config import Settings
from knowledge.build import build_index
from knowledge.embedcache import EmbeddingCache, cache_dir

SOURCE = [{"title": "Plan d'action marketing KPI-driven", "file": "004_ff5f870c957fbca4.txt"}]


@pytest.fixture
def entries(tmp_path):
    directory = tmp_path / "entries"
    directory.mkdir()
    for entry_id, fr, en in (("smart", "Objectifs SMART", "SMART goals"), ("cadence", "Revue hebdomadaire",
                                                                            "Weekly review")):
        data = {"id": entry_id, "kind": "method", "title": {"fr": fr, "en": en},
                "text": {"fr": f"{fr}.\n\nDeuxième paragraphe.", "en": f"{en}.\n\nSecond paragraph."},
                "sources": SOURCE}
        (directory / f"{entry_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory


def refuse_to_embed(texts):
    raise AssertionError(f"embedded {len(texts)} texts although they were cached")


def test_a_second_store_reuses_cached_vectors(tmp_path, entries, monkeypatch):
    monkeypatch.setenv("KPI_EMBEDDING_CACHE", str(tmp_path / "cache"))
    first, _ = build_index(Settings(data_dir=tmp_path / "a", _env_file=None), entries)
    [cache_file] = (tmp_path / "cache").glob("vectors-*.npz")
    with np.load(cache_file) as stored:
        assert stored["vectors"].shape == (4, 512)  # two entries x two languages

    monkeypatch.setattr(knowledge.embedder, "encode_texts", refuse_to_embed)
    second, report = build_index(Settings(data_dir=tmp_path / "b", _env_file=None), entries)
    assert report.embedded == 2
    ids = ["smart::fr", "cadence::en"]
    a = first.collection.get(ids=ids, include=["embeddings"])["embeddings"]
    b = second.collection.get(ids=ids, include=["embeddings"])["embeddings"]
    assert np.allclose(a, b)


def test_an_edited_text_is_embedded_again(tmp_path, entries, monkeypatch):
    monkeypatch.setenv("KPI_EMBEDDING_CACHE", str(tmp_path / "cache"))
    build_index(Settings(data_dir=tmp_path / "a", _env_file=None), entries)
    data = yaml.safe_load((entries / "smart.yaml").read_text(encoding="utf-8"))
    data["text"]["en"] = "SMART goals.\n\nSpecific, measurable, achievable, realistic, time-bound."
    (entries / "smart.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(knowledge.embedder, "encode_texts", refuse_to_embed)
    with pytest.raises(Exception, match="although they were cached"):
        build_index(Settings(data_dir=tmp_path / "b", _env_file=None), entries)


def test_a_damaged_cache_file_is_ignored_and_rewritten(tmp_path):
    cache = EmbeddingCache(tmp_path, "sig")
    cache.path.write_bytes(b"not an npz file")
    vectors = cache.embed(["a", "b"], lambda docs: np.ones((len(docs), 3)))
    assert vectors.shape == (2, 3)
    assert EmbeddingCache(tmp_path, "sig").embed(["b"], refuse_to_embed).tolist() == [[1.0, 1.0, 1.0]]


def test_cache_location_follows_the_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("KPI_EMBEDDING_CACHE", "off")
    assert cache_dir(Settings(_env_file=None).embedding_cache) is None
    monkeypatch.setenv("KPI_EMBEDDING_CACHE", str(tmp_path))
    assert cache_dir(Settings(_env_file=None).embedding_cache) == tmp_path
    monkeypatch.delenv("KPI_EMBEDDING_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir(Settings(_env_file=None).embedding_cache) == tmp_path / "xdg" / "kpi-assistant"
