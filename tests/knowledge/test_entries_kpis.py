"""The per-KPI knowledge entries: coverage of the registry, bilingual text, citations, and no copied sentences."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from knowledge.entries import ENTRIES_DIR, load_entries
from tools import sources
from tools.registry import all_tools, run_tool
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


# Worked examples of the kpi-* entries, recomputed by the tools: (entry id, tool, inputs, tool value, text in English).
WORKED_EXAMPLES = [
    ("kpi-customer_acquisition_cost", "customer_acquisition_cost", {"marketing_spend": 1200, "new_customers": 15},
     80, "€80 per customer"),
    ("kpi-customer_acquisition_cost-variants", "customer_acquisition_cost",
     {"marketing_spend": 1200, "new_customers": 15, "sales_spend": 600, "founder_hours": 10, "hourly_rate": 40},
     146.6667, "€146.67"),
    ("kpi-cost_per_lead", "cost_per_lead", {"marketing_spend": 720000, "leads": 3375}, 213.3333, "€213.33"),
    ("kpi-cost_per_click", "cost_per_click", {"ad_spend": 600, "clicks": 1500}, 0.4, "CPC of €0.40"),
    ("kpi-click_through_rate", "click_through_rate", {"clicks": 45, "impressions": 3000}, 1.5, "CTR of 1.5 %"),
    ("kpi-cost_per_mille", "cost_per_mille", {"ad_spend": 300, "impressions": 120000}, 2.5, "CPM of €2.50"),
    ("kpi-conversion_rate", "conversion_rate", {"conversions": 30, "visitors": 1000}, 3, "**3 %**"),
    ("kpi-funnel_conversion", "funnel_conversion",
     {"stages": [{"name": "visitors", "count": 1000}, {"name": "leads", "count": 400},
                 {"name": "customers", "count": 20}]}, 2, "0.40 × 0.05 = **2 %**"),
    ("kpi-qualified_lead_rate", "qualified_lead_rate", {"qualified_leads": 120, "leads": 400}, 30, "30 %"),
    ("kpi-mql_to_sql_rate", "mql_to_sql_rate", {"sql": 400, "mql": 1000}, 40, "**400 SQLs**"),
    ("kpi-clv_simple", "clv_simple", {"average_basket": 400, "purchases_per_customer": 2}, 800, "**€800**"),
    ("kpi-clv_b2b", "clv_b2b", {"average_revenue": 400, "purchase_frequency": 3, "customer_lifetime": 4, "cac": 500},
     4300, "**€4,300**"),
    ("kpi-clv_margin_churn", "clv_margin_churn", {"arpu": 50, "gross_margin_pct": 80, "churn_rate_pct": 4},
     1000, "**€1,000**"),
    ("kpi-clv_margin_churn", "clv_margin_churn",
     {"arpu": 50, "gross_margin_pct": 80, "churn_rate_pct": 4, "discount_rate_pct": 1}, 808, "= €808"),
    ("kpi-average_order_value", "average_order_value", {"revenue": 18000, "orders": 450}, 40, "AOV of **€40**"),
    ("kpi-clv_cac_ratio", "clv_cac_ratio", {"clv": 1200, "cac": 500}, 2.4, "**2.4:1**"),
    ("kpi-cac_payback", "cac_payback", {"cac": 480, "monthly_arpu": 60, "gross_margin_pct": 80}, 10, "**10 months**"),
    ("kpi-retention_rate", "retention_rate", {"returning_customers": 35, "total_customers": 100}, 35, "**35 %**"),
    ("kpi-retention_over_period", "retention_over_period",
     {"customers_start": 200, "customers_end": 230, "new_customers": 60}, 85, "170 ÷ 200 = **85 %**"),
    ("kpi-churn_rate", "churn_rate", {"customers_lost": 8, "customers_start": 200}, 4, "monthly churn is **4 %**"),
    ("kpi-repeat_purchase_rate", "repeat_purchase_rate", {"repeat_customers": 35, "total_customers": 100},
     35, "**35 %**"),
    ("kpi-multi_year_loyalty", "multi_year_loyalty", {"loyal_counts": [1000, 420, 250]}, 25, "(25 %)"),
    ("kpi-marketing_roi", "marketing_roi", {"revenue": 1500, "cost": 500}, 200, "**200 %**"),
    ("kpi-marketing_roi", "marketing_roi", {"revenue": 25000, "cost": 5000}, 400, "**400 %**"),
    ("kpi-roas", "roas", {"revenue": 1500, "ad_spend": 500}, 3, "ROAS of **3**"),
    ("kpi-sales_velocity", "sales_velocity",
     {"opportunities": 50, "win_rate_pct": 20, "average_deal_value": 24000, "sales_cycle_days": 120},
     2000, "**€2,000 per day**"),
    ("kpi-sales_velocity", "sales_velocity",
     {"opportunities": 50, "win_rate_pct": 20, "average_deal_value": 24000, "sales_cycle_days": 85},
     2823.5294, "€2,823.53 per day"),
    ("kpi-pipeline_contribution", "pipeline_contribution", {"influenced": 65, "total_pipeline": 100}, 65, "**65 %**"),
    ("kpi-social_engagement_rate", "social_engagement_rate",
     {"likes": 120, "comments": 30, "shares": 50, "reach": 8000}, 2.5, "= **2.5 %**"),
    ("kpi-email_open_rate", "email_open_rate", {"opens": 1250, "delivered": 5000}, 25, "is **25 %**"),
    ("kpi-email_click_rate", "email_click_rate", {"clicks": 150, "delivered": 5000}, 3, "which is **3 %**"),
    ("kpi-click_to_open_rate", "click_to_open_rate", {"clicks": 150, "opens": 1250}, 12, "is **12 %**"),
    ("kpi-lead_score", "lead_score",
     {"target_sector": True, "contact_role_fit": True, "visited_pricing": True, "attended_webinar": True},
     85, "scores 85 points"),
]


@pytest.mark.parametrize(("entry_id", "tool", "inputs", "value", "text"), WORKED_EXAMPLES,
                         ids=[f"{w[0]}:{w[4]}" for w in WORKED_EXAMPLES])
def test_worked_example_of_the_entry_matches_the_tool(entry_id, tool, inputs, value, text):
    entry = {e.id: e for e in KPI_ENTRIES}[entry_id]
    assert run_tool(tool, inputs).value == pytest.approx(value, abs=1e-4)
    assert text in entry.text.en
