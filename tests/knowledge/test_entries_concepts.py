"""The concept, selection, method, case, tool, correction, stage and channel entries of the knowledge base."""

from __future__ import annotations

import pytest

from knowledge.entries import ENTRIES_DIR, load_entries
from tools.registry import all_tools, run_tool
from tools.sources import ARTICLES

PREFIXES = ("concept-", "select-", "method-", "case-", "tool-", "correction-", "stage-", "channel-")
KIND_BY_PREFIX = {"case-": {"case"}, "correction-": {"correction"}, "tool-": {"tool"}}
ARTICLE_BY_FILE = {a["file"]: a["title"] for a in ARTICLES.values()}


def _ours():
    return [e for e in load_entries() if e.id.startswith(PREFIXES)]


def _entry(entry_id: str):
    return next(e for e in load_entries() if e.id == entry_id)


def test_concept_entries_cover_at_least_forty_ideas():
    assert len(_ours()) >= 40


@pytest.mark.parametrize("entry", _ours(), ids=lambda e: e.id)
def test_entry_file_name_is_its_id(entry):
    assert (ENTRIES_DIR / f"{entry.id}.yaml").is_file()


@pytest.mark.parametrize("entry", _ours(), ids=lambda e: e.id)
def test_entry_text_is_60_to_200_words_in_each_language(entry):
    for lang in ("fr", "en"):
        words = len(getattr(entry.text, lang).split())
        assert 60 <= words <= 200, f"{entry.id} {lang}: {words} words"


@pytest.mark.parametrize("entry", _ours(), ids=lambda e: e.id)
def test_entry_french_and_english_are_different_texts(entry):
    assert entry.text.fr.strip() != entry.text.en.strip()
    assert entry.title.fr.strip() != entry.title.en.strip()


@pytest.mark.parametrize("entry", _ours(), ids=lambda e: e.id)
def test_entry_kpis_are_registry_tool_ids(entry):
    known = {t.id for t in all_tools()}
    assert set(entry.kpis) <= known, set(entry.kpis) - known


@pytest.mark.parametrize("entry", _ours(), ids=lambda e: e.id)
def test_entry_cites_an_article_by_exact_title_and_file_or_a_named_rule_of_thumb(entry):
    for source in entry.sources:
        if source.file is None:
            assert source.title.startswith("Rule of thumb: ")
        else:
            assert ARTICLE_BY_FILE[source.file] == source.title
    assert any(s.file for s in entry.sources), "every entry rests on at least one article"


@pytest.mark.parametrize("entry", _ours(), ids=lambda e: e.id)
def test_entry_kind_matches_its_prefix(entry):
    for prefix, kinds in KIND_BY_PREFIX.items():
        if entry.id.startswith(prefix):
            assert entry.kind in kinds


@pytest.mark.parametrize("stage", ["awareness", "consideration", "conversion", "loyalty"])
def test_each_funnel_stage_has_its_entry_tagged_with_that_stage(stage):
    entry = _entry(f"stage-{stage}")
    assert entry.funnel_stage == [stage]
    assert entry.kpis, "a stage entry names the KPIs of its stage"


def test_stage_entries_map_loyalty_and_conversion_to_their_kpis():
    assert {"retention_rate", "churn_rate", "clv_simple"} <= set(_entry("stage-loyalty").kpis)
    assert {"conversion_rate", "cost_per_lead", "customer_acquisition_cost"} <= set(_entry("stage-conversion").kpis)


def test_clv_cac_correction_says_clv_must_exceed_cac():
    entry = _entry("correction-clv-must-exceed-cac")
    assert entry.kind == "correction"
    assert "CLV must be higher than CAC" in entry.text.en
    assert "CLV > CAC" in entry.text.fr
    assert "3:1" in entry.text.en and "3:1" in entry.text.fr
    # The wrong claim is quoted as the article's, never stated as ours.
    assert "*lower* than CAC" in entry.text.en


def test_roi_zero_cost_correction_calls_it_undefined_and_costs_the_tool():
    entry = _entry("correction-roi-zero-cost")
    assert "undefined" in entry.text.en and "indéfini" in entry.text.fr
    assert "953 %" in entry.text.en and "953 %" in entry.text.fr
    assert run_tool("marketing_roi", {"revenue": 2000, "cost": 0}).value is None
    assert round(run_tool("marketing_roi", {"revenue": 2000, "cost": 190}).value) == 953


def test_roi_percent_correction_pairs_200_percent_with_roas_3():
    entry = _entry("correction-roi-percent-vs-ratio")
    assert "ROI 200 %" in entry.text.en and "ROAS 3" in entry.text.en
    assert run_tool("marketing_roi", {"revenue": 1500, "cost": 500}).value == 200.0
    assert run_tool("roas", {"revenue": 1500, "ad_spend": 500}).value == 3.0


def test_roi_break_even_correction_puts_break_even_at_zero_percent():
    entry = _entry("correction-roi-break-even")
    assert "breaks even at **0 %**" in entry.text.en
    assert "**0 %**" in entry.text.fr


def test_cpl_percentage_correction_says_cpl_is_an_amount():
    entry = _entry("correction-cpl-percentage")
    assert "SEO 15 %" in entry.text.en
    assert "**amount**" in entry.text.en and "**montant**" in entry.text.fr


def test_net_clv_correction_shows_the_ratio_drops_by_exactly_one():
    entry = _entry("correction-clv-b2b-net-of-cac")
    assert "net CLV" in entry.text.en and "3.4:1" in entry.text.en and "3,4:1" in entry.text.fr
    gross = run_tool("clv_b2b", {"average_revenue": 850, "purchase_frequency": 1, "customer_lifetime": 2}).value
    net = run_tool("clv_b2b", {"average_revenue": 850, "purchase_frequency": 1, "customer_lifetime": 2,
                               "cac": 500}).value
    assert (gross, net) == (1700.0, 1200.0)
    assert run_tool("clv_cac_ratio", {"clv": gross, "cac": 500}).value == 3.4


def test_retention_formulas_correction_example_matches_the_calculator():
    entry = _entry("correction-retention-rate-two-formulas")
    assert "(230 − 60) ÷ 200 = 85 %" in entry.text.en
    assert run_tool("retention_over_period", {"customers_start": 200, "customers_end": 230,
                                              "new_customers": 60}).value == 85.0


def test_qualified_cpl_correction_example_matches_the_calculator():
    entry = _entry("correction-cpl-qualified-vs-all-leads")
    assert "**€25**" in entry.text.en and "**€100**" in entry.text.en
    assert run_tool("cost_per_lead", {"marketing_spend": 10000, "leads": 400}).value == 25.0
    assert run_tool("cost_per_lead", {"marketing_spend": 10000, "leads": 100}).value == 100.0


CASE_NUMBERS = {
    "case-form-simplification": (["2.1 %", "3.4 %", "78 %", "63 %", "12 to 4", "15,000", "Hotjar", "Clearbit"],
                                 ["2,1 %", "3,4 %", "78 %", "63 %", "12 à 4", "15 000", "Hotjar", "Clearbit"]),
    "case-form-simplification-results": (["315 to 510", "€285 to €177", "78 % to 41 %", "2,340", "18 %", "421",
                                          "€1.8M", "3 min 20 s to 45 s"],
                                         ["315 à 510", "285 € à 177 €", "78 % à 41 %", "2 340", "18 %", "421",
                                          "1,8 M€", "3 min 20 s à 45 s"]),
    "case-lead-scoring": (["120 days", "11 %", "8 SDRs", "40 %", "62 %", "47 hours"],
                          ["120 jours", "11 %", "8 SDR", "40 %", "62 %", "47 heures"]),
    "case-lead-scoring-model": (["+25", "+20", "+15", "+30", "+10", "70 points", "80 points", "30 minutes"],
                                ["+25", "+20", "+15", "+30", "+10", "70 points", "80 points", "30 minutes"]),
    "case-lead-scoring-results": (["120 to 85 days", "23 % to 41 %", "11 % to 19 %", "14 to 9 months", "+52 %",
                                   "40 % to 12 %", "€24,000", "€1.2M"],
                                  ["120 à 85 jours", "23 % à 41 %", "11 % à 19 %", "14 à 9 mois", "+52 %",
                                   "40 % à 12 %", "24 000 €", "1,2 M€"]),
    "case-content-pivot": (["€320", "€180", "3.8:1", "6.7:1", "€720,000", "2,250", "€485", "2.3 times"],
                           ["320 €", "180 €", "3,8:1", "6,7:1", "720 000 €", "2 250", "485 €", "2,3 fois"]),
    "case-content-pivot-strategy": (["30 %", "€60k to €42k", "€7k to €25k", "12 in-depth guides", "48", "200 to 400"],
                                    ["30 %", "60 k€ à 42 k€", "7 k€ à 25 k€", "12 guides", "48", "200 à 400"]),
    "case-content-pivot-results": (["3 at the start", "**127**", "**4,200** then **38,500**", "380 then 2,140",
                                    "32 then 51", "**92** then **1,155**", "**2.2 %** then **3.0 %**",
                                    "**2,700** then **3,375**", "68 % organic"],
                                   ["3 au départ", "**127**", "**4 200** puis **38 500**", "380 puis 2 140",
                                    "32 puis 51", "**92** puis **1 155**", "**2,2 %** puis **3,0 %**",
                                    "**2 700** puis **3 375**", "68 % organique"]),
    "case-content-pivot-economics": (["€320 to €180", "€65", "€485", "3.8:1 to 6.7:1", "2,250 to 4,000",
                                      "€8M to €13.8M"],
                                     ["320 € à 180 €", "65 €", "485 €", "3,8:1 à 6,7:1", "2 250 à 4 000",
                                      "8 M€ à 13,8 M€"]),
    "case-nutriboost-no-kpis": (["Vitalité Boost", "30 to 50", "Google Ads", "promo code", "tracked link"],
                                ["Vitalité Boost", "30 à 50", "Google Ads", "code promo", "lien tracké"]),
}


@pytest.mark.parametrize("entry_id", sorted(CASE_NUMBERS))
def test_case_entry_carries_its_key_numbers_in_both_languages(entry_id):
    entry = _entry(entry_id)
    assert entry.kind == "case" and entry.sources[0].file is not None
    en_numbers, fr_numbers = CASE_NUMBERS[entry_id]
    for number in en_numbers:
        assert number in entry.text.en, f"{entry_id} en lacks {number!r}"
    for number in fr_numbers:
        assert number in entry.text.fr, f"{entry_id} fr lacks {number!r}"


def test_every_case_entry_has_its_numbers_checked():
    cases = {e.id for e in _ours() if e.id.startswith("case-")}
    assert cases - set(CASE_NUMBERS) == {"case-nutriboost-lessons"}


def test_content_pivot_cac_figures_match_the_calculator():
    before = run_tool("customer_acquisition_cost", {"marketing_spend": 720000, "new_customers": 2250}).value
    after = run_tool("customer_acquisition_cost", {"marketing_spend": 720000, "new_customers": 4000}).value
    assert (before, after) == (320.0, 180.0)


def test_form_case_conversion_figures_match_the_calculator():
    assert run_tool("conversion_rate", {"conversions": 315, "visitors": 15000}).value == 2.1
    assert run_tool("conversion_rate", {"conversions": 510, "visitors": 15000}).value == 3.4


def test_action_table_entry_keeps_the_three_example_rows():
    text = _entry("method-action-table").text
    for cell in ("Inactive 90 days", "> 25 %", "< €3", "1,000"):
        assert cell in text.en
    for cell in ("Inactifs 90j", "> 25 %", "< 3 €", "1 000"):
        assert cell in text.fr


def test_channel_map_lists_all_seven_channels():
    text = _entry("channel-objective-kpi-map").text.en
    for channel in ("SEO", "Paid search (SEA)", "Email", "Social media", "Influencers", "CRM", "Content marketing"):
        assert f"| {channel}" in text


def test_selection_by_objective_uses_the_articles_kpis():
    assert {"customer_acquisition_cost", "cost_per_lead", "pipeline_contribution"} <= set(
        _entry("select-by-objective-growth").kpis)
    assert {"marketing_roi", "clv_cac_ratio"} <= set(_entry("select-by-objective-profitability").kpis)
    assert "retention_over_period" in _entry("select-by-objective-retention").kpis


def test_crm_gap_figures_are_kept():
    for entry_id in ("select-by-available-data", "tool-crm-marketing-sales-link"):
        text = _entry(entry_id).text
        assert "17.2 %" in text.en and "65 %" in text.en
        assert "17,2 %" in text.fr


def test_off_topic_passages_stay_out():
    for entry in _ours():
        blob = (entry.text.fr + entry.text.en).lower()
        for word in ("electe", "plannerist", "monde arabe", "baudelaire", "révolution française", "cookie"):
            assert word not in blob, f"{entry.id} mentions {word}"


def test_ten_b2b_kpis_entry_keeps_each_kpis_example_figure():
    text = _entry("select-ten-b2b-kpis").text
    for figure in ("€500", "400 %", "40 %", "€80", "€2,500", "25 % to 40 %", "6-minute", "60 to 45 days", "95 %",
                   "€5M"):
        assert figure in text.en, figure
    for figure in ("500 €", "400 %", "40 %", "80 €", "2 500 €", "25 % à 40 %", "6 minutes", "60 à 45 jours", "95 %",
                   "5 M€"):
        assert figure in text.fr, figure
