"""The per-KPI knowledge entries: coverage of the registry, bilingual text, citations, and no copied sentences."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from knowledge.entries import ENTRIES_DIR, load_entries
from tools import sources
from tools.registry import all_tools
from tools.sources import ARTICLES

SEEDS_DIR = Path(__file__).parents[3] / "shared" / "seeds"
NO_SOURCE_TITLE = "Standard marketing definition (no source article)"
# Citations without a file that an entry may carry: a general definition, or a named rule of thumb (the Entry model's
# contract for file=None). The rules the health verdicts cite live in tools/sources.py; kpi-* entries quote those.
RULE_OF_THUMB_PREFIX = "Rule of thumb: "
VERDICT_RULES = {v for k, v in vars(sources).items() if k.startswith("RULE_OF_THUMB_")}
META_TOOLS = {"what_if", "solve_for", "kpi_health"}
# The registry of the common brief; used while the tools helper is still registering families, and kept as a floor.
BRIEF_KPI_IDS = {
    "customer_acquisition_cost", "cost_per_lead", "cost_per_click", "click_through_rate", "cost_per_mille",
    "conversion_rate", "funnel_conversion", "qualified_lead_rate", "mql_to_sql_rate",
    "clv_simple", "clv_b2b", "clv_margin_churn", "average_order_value", "clv_cac_ratio", "cac_payback",
    "retention_rate", "retention_over_period", "churn_rate", "repeat_purchase_rate", "multi_year_loyalty",
    "marketing_roi", "roas", "sales_velocity", "pipeline_contribution",
    "social_engagement_rate", "email_open_rate", "email_click_rate", "click_to_open_rate", "lead_score",
}
SHINGLE = 12  # a run of this many identical consecutive words counts as copied text
KPI_WORDS = (60, 180)  # words per language in one kpi-* entry: enough to stand alone, short enough to retrieve

ENTRIES = load_entries()
KPI_ENTRIES = [e for e in ENTRIES if e.id.startswith("kpi-")]


def _words(text: str) -> list[str]:
    # Lowercase, punctuation (including typographic apostrophes) stripped: the same words match however quoted.
    return re.findall(r"\w+", text.lower())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _registry_kpi_ids() -> set[str]:
    return {t.id for t in all_tools()} - META_TOOLS


def test_words_normalise_case_punctuation_and_apostrophes():
    assert _words("L’article dit : « CAC = 80 € » !") == ["l", "article", "dit", "cac", "80"]


def test_shingles_of_a_text_shorter_than_the_window_are_empty():
    assert _shingles(["a"] * (SHINGLE - 1)) == set()
    assert len(_shingles([str(i) for i in range(SHINGLE + 2)])) == 3


@pytest.mark.parametrize("kpi", sorted(BRIEF_KPI_IDS | _registry_kpi_ids()))
def test_every_registry_kpi_has_a_definition_entry(kpi):
    defs = [e.id for e in ENTRIES if e.kind == "definition" and kpi in e.kpis]
    assert f"kpi-{kpi}" in defs, f"no definition entry kpi-{kpi} listing {kpi}"


def test_kpi_entries_only_name_registry_kpis():
    known = BRIEF_KPI_IDS | _registry_kpi_ids()
    unknown = {(e.id, k) for e in KPI_ENTRIES for k in e.kpis if k not in known}
    assert not unknown


def test_every_entry_id_equals_its_file_name():
    for path in sorted(ENTRIES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["id"] == path.stem, path.name


def test_every_entry_has_french_and_english_title_and_text():
    for e in ENTRIES:
        for field in (e.title, e.text):
            assert field.fr.strip() and field.en.strip(), e.id
        assert e.text.fr.strip() != e.text.en.strip(), e.id


def test_every_source_is_a_seed_article_with_its_exact_title_or_a_named_fileless_citation():
    titles = {a["file"]: a["title"] for a in ARTICLES.values()}
    for e in ENTRIES:
        for s in e.sources:
            if s.file is None:
                assert s.title == NO_SOURCE_TITLE or s.title.startswith(RULE_OF_THUMB_PREFIX), (e.id, s.title)
            else:
                assert titles.get(s.file) == s.title, (e.id, s.file, s.title)


def test_kpi_entries_cite_rules_of_thumb_with_the_verdicts_wording():
    for e in KPI_ENTRIES:
        for s in e.sources:
            if s.file is None and s.title != NO_SOURCE_TITLE:
                assert s.title in VERDICT_RULES, (e.id, s.title)


def test_kpi_entries_are_self_contained_lengths_in_both_languages():
    for e in KPI_ENTRIES:
        for lang in ("fr", "en"):
            n = len(_words(getattr(e.text, lang)))
            assert KPI_WORDS[0] <= n <= KPI_WORDS[1], (e.id, lang, n)


def test_kpi_entry_metadata_names_at_least_one_kpi_and_one_stage():
    for e in KPI_ENTRIES:
        assert e.kpis and e.funnel_stage and e.objective and e.maturity, e.id


@lru_cache(maxsize=1)
def _seed_shingles() -> frozenset[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        out |= _shingles(_words(path.read_text(encoding="utf-8")))
    return frozenset(out)


def _copied_runs(entries) -> list[tuple[str, str, str]]:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed articles not present at {SEEDS_DIR}: the copy check needs them")
    seeds = _seed_shingles()
    copied = []
    for e in entries:
        for lang in ("fr", "en"):
            hits = _shingles(_words(getattr(e.text, lang))) & seeds
            if hits:
                copied.append((e.id, lang, " ".join(sorted(hits)[0])))
    return copied


def test_copy_check_catches_a_sentence_lifted_from_a_seed():
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed articles not present at {SEEDS_DIR}")
    lifted = "Tu as 1 000 visiteurs sur ta page de vente et 30 personnes achètent ton produit/service."
    assert _shingles(_words(lifted)) & _seed_shingles()


def test_no_kpi_entry_copies_a_run_of_twelve_words_from_a_seed_article():
    assert not _copied_runs(KPI_ENTRIES)


def test_no_entry_copies_a_run_of_twelve_words_from_a_seed_article():
    assert not _copied_runs(ENTRIES)
