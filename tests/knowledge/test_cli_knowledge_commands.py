"""`kpi index ...` and `kpi search`: the public JSON shape, progress output, exit code 2 on bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from knowledge.build import read_entries

HIT_KEYS = {"id", "title", "text", "source", "score", "kind", "kpis"}


@pytest.fixture(scope="module")
def shared_data(tmp_path_factory):
    """One data dir for the module: the real entries are embedded once, not once per test."""
    return tmp_path_factory.mktemp("cli") / "data"


@pytest.fixture
def kpi(monkeypatch, shared_data):
    monkeypatch.setenv("KPI_DATA_DIR", str(shared_data))
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args))

    return run


@pytest.mark.slow
def test_index_build_reports_entries_seen_reembedded_and_deleted(kpi):
    total = len(read_entries())
    first = kpi("index", "build")
    assert first.exit_code == 0, first.output
    assert f"{total} entries seen" in first.output
    second = kpi("index", "build")
    assert second.exit_code == 0
    assert f"{total} entries seen, 0 re-embedded, 0 deleted in " in second.output


@pytest.mark.slow
def test_search_json_is_a_list_of_hits_in_the_asked_language(kpi):
    result = kpi("search", "coût d'acquisition client", "--k", "3", "--lang", "fr", "--json")
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    assert all(set(hit) == HIT_KEYS for hit in hits)
    assert all(isinstance(hit["score"], float) and hit["source"] for hit in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert any(h["id"] == "kpi-customer_acquisition_cost" for h in hits)
    assert next(h for h in hits if h["id"] == "kpi-customer_acquisition_cost")["title"] == (
        "CAC : définition et formule")


@pytest.mark.slow
def test_search_filters_by_kpi_and_stage(kpi):
    result = kpi("search", "what should I measure", "--kpi", "churn_rate", "--stage", "loyalty", "--json")
    assert result.exit_code == 0, result.stderr
    ids = [h["id"] for h in json.loads(result.stdout)]
    kept = {e.id for e in read_entries() if "churn_rate" in e.kpis and "loyalty" in e.funnel_stage}
    assert ids and set(ids) <= kept


@pytest.mark.slow
def test_search_text_output_numbers_hits_with_their_source(kpi):
    result = kpi("search", "vanity metrics", "--k", "2")
    assert result.exit_code == 0
    assert result.stdout.startswith("1. ")
    assert "   source: " in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("search", "   "), "error: query must not be empty"),
    (("search", "x" * 10_000), "error: query must be shorter than 10000 characters; got 10000"),
    (("search", "churn", "--lang", "de"), "error: lang must be 'fr' or 'en'; got 'de'"),
    (("search", "churn", "--k", "0"), "error: k must be between 1 and 50; got 0"),
])
def test_bad_queries_exit_2_with_one_line_before_opening_the_index(kpi, shared_data, args, message):
    result = kpi(*args)
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert result.stdout == ""


@pytest.mark.slow
def test_bad_filter_value_exits_2(kpi):
    result = kpi("search", "churn", "--stage", "middle")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        "error: funnel_stage must be one of awareness, consideration, conversion, loyalty; got 'middle'")


@pytest.mark.slow
def test_user_document_add_list_remove(kpi, tmp_path):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    refused = kpi("index", "add", str(bad))
    assert refused.exit_code == 2
    assert refused.stderr.strip().endswith("error: photo.txt: this looks like a binary file, not text")

    note = tmp_path / "budget.md"
    note.write_text("Budget 2025\n\nSalon de Lyon : 8 000 euros pour le stand.", encoding="utf-8")
    added = kpi("index", "add", str(note))
    assert added.exit_code == 0, added.stderr
    assert added.stdout.startswith("added budget.md as budget-") and added.stdout.strip().endswith("(1 chunks)")
    listed = kpi("index", "list")
    assert "budget.md\t1 chunks\t" in listed.stdout
    found = json.loads(kpi("search", "what did the Lyon trade show booth cost?", "--k", "1", "--json").stdout)
    assert found[0]["source"] == "budget.md, chunk 1/1"

    removed = kpi("index", "remove", "budget.md")
    assert removed.exit_code == 0
    assert removed.stdout.startswith("removed budget.md (budget-")
    assert "no user documents indexed" in kpi("index", "list").stdout
    missing = kpi("index", "remove", "budget.md")
    assert missing.exit_code == 2
    assert missing.stderr.strip().endswith("error: no indexed document matches 'budget.md'; see `kpi index list`")
