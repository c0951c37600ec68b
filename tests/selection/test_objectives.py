"""Chat answers for 'how do I write a SMART objective for X?' and 'what target for X?', and deadlines in words."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.selection.answer import Answer
from assistant.selection.objectives import read_deadline, smart_objective, target_guidance
from knowledge.types import Hit

TODAY = dt.date(2026, 1, 15)


def test_a_smart_objective_is_written_and_checked_from_the_users_figures():
    a = smart_objective("conversion_rate", 2.1, 3.0, dt.date(2026, 6, 30), "en", channel="the demo form",
                        today=TODAY)
    blocks = a.render()
    assert blocks[0] == ("**Your SMART objective**: Increase conversion rate from 2.1 % to 3 % on the demo form by "
                         "June 30, 2026. [1]")
    assert blocks[1].splitlines() == [
        "- ✅ **Specific** — Specific: one named KPI on a named channel or scope.",
        "- ✅ **Measurable** — Measurable: from 2.1 to 3.",
        "- ✅ **Achievable** — Achievable: 2.1 → 3 stays within 3× the baseline.",
        "- ✅ **Relevant** — Relevant: tied to the plan's objective.",
        "- ✅ **Time-bound** — Time-bound: 166 days to go."]
    assert [h.id for h in a.hits] == ["select-smart-objectives"]


def test_a_smart_objective_in_french_with_a_missing_deadline_says_what_fails():
    a = smart_objective("customer_acquisition_cost", 80, 60, None, "fr", today=TODAY)
    text = a.text()
    assert "**Votre objectif SMART** : Réduire coût d'acquisition client (CAC) de 80 € à 60 €. [1]" in text
    assert "- ❌ **Temporel** — Donnez une échéance." in text


def test_a_relative_change_becomes_a_number_with_the_baseline():
    a = smart_objective("email_open_rate", 18, None, dt.date(2026, 3, 31), "en", change_pct=25, today=TODAY)
    assert a.render()[0].startswith("**Your SMART objective**: Increase email open rate from 18 % to 22.5 %")


def test_without_figures_the_frame_a_worked_example_from_the_articles_and_what_to_give():
    a = smart_objective("conversion_rate", None, None, None, "en", today=TODAY)
    blocks = a.render()
    assert blocks[0].startswith("A SMART objective for **Conversion rate** fits in one sentence")
    assert blocks[1] == ("Worked example from the articles: Increase conversion rate from 2.1 % to 3.4 % on the demo "
                         "form (cut from 12 to 4 fields), by [your deadline]. [2]")
    assert blocks[2].startswith("Give me today's value, the target and the deadline")
    assert [h.id for h in a.hits] == ["select-smart-objectives", "case-form-simplification-results"]
    fr = smart_objective("conversion_rate", None, None, None, "fr", today=TODAY).render()
    assert fr[1].startswith("Exemple tiré des articles : Augmenter taux de conversion de 2,1 % à 3,4 % via le "
                            "formulaire de démo")


def test_mql_to_sql_target_says_no_range_is_sourced_gives_the_articles_example_and_the_baseline_method():
    a = target_guidance("mql_to_sql_rate", "en")
    blocks = a.render()
    assert blocks[0] == ("**Target for MQL to SQL rate**: no benchmark range is sourced. The articles give an "
                         "example, not a norm: from 25 % towards 40 % (example after lead-scoring work) (KPI "
                         "marketing B2B : Les 10 indicateurs essentiels). [1]")
    # no figure of its own in the method (every number shown comes from the user, a tool or a cited entry)
    assert blocks[1].startswith("Set the target from your baseline:\n- measure your MQL to SQL rate over your last "
                                "full months")
    assert not any(ch.isdigit() for ch in blocks[1])
    assert [h.id for h in a.hits] == ["kpi-mql_to_sql_rate-benchmark"]
    fr = target_guidance("mql_to_sql_rate", "fr", baseline=18).render()
    assert fr[0].startswith("**Cible pour Taux MQL→SQL** : aucune fourchette de référence n'est sourcée.")
    assert "« Augmenter taux MQL→SQL de 18 % aujourd'hui à [cible] d'ici le [date] »" in fr[1]


def test_a_sourced_range_is_given_with_its_source_and_only_for_its_segment():
    b2c = target_guidance("conversion_rate", "en", segment="B2C").render()
    assert b2c[0].startswith("**Target for Conversion rate** — sourced reference: between 1 % and 5 % (B2C) (5 KPI "
                             "Marketing indispensables")
    b2b = target_guidance("conversion_rate", "en", segment="B2B").render()
    assert b2b[0] == ("**Target for Conversion rate**: no range is sourced for your case (the sourced reference "
                      "applies to the B2C segment). [1]")


def test_churn_and_payback_targets_come_from_their_named_rules_of_thumb():
    churn = target_guidance("churn_rate", "en").render()[0]
    assert "under 2 % a month is good; above 5 % a month is alarming (Rule of thumb: monthly churn under 2 %" in churn
    assert "within 12 months; beyond 18 months is alarming" in target_guidance("cac_payback", "en").render()[0]


def test_target_guidance_cites_the_curated_benchmark_entry_else_what_the_search_finds():
    calls = []

    def search(query, k=2, **filters):
        calls.append(filters)
        return [Hit(id="my-notes", title="Our ROAS targets", text="…", source="notes.md", score=1.0)]

    a = target_guidance("roas", "en", search)  # no curated benchmark entry for ROAS: the user's own document
    assert calls == [{"kpi": "roas", "kind": "benchmark"}]
    assert [h.id for h in a.hits] == ["my-notes"]
    # the curated entry holds the reference's figures: it is cited even when the search ranks another entry first
    assert [h.id for h in target_guidance("churn_rate", "en", search).hits] == ["kpi-churn_rate-benchmark"]


def test_render_follows_the_callers_citation_numbering():
    a = target_guidance("mql_to_sql_rate", "en")
    numbered = {"kpi-mql_to_sql_rate-benchmark": 4}
    assert a.render(lambda hit: numbered[hit.id])[0].endswith("[4]")
    assert Answer().render() == []


@pytest.mark.parametrize(("text", "expected"), [
    ("by the end of June", dt.date(2026, 6, 30)),
    ("d'ici fin juin", dt.date(2026, 6, 30)),
    ("d'ici le 30 juin 2026", dt.date(2026, 6, 30)),
    ("by March 15", dt.date(2026, 3, 15)),
    ("avant décembre", dt.date(2026, 11, 30)),
    ("by the end of the quarter", dt.date(2026, 3, 31)),
    ("d'ici fin T3", dt.date(2026, 9, 30)),
    ("next quarter", dt.date(2026, 6, 30)),
    ("in 6 months", dt.date(2026, 7, 31)),
    ("dans 3 mois", dt.date(2026, 4, 30)),
    ("2026-09-30", dt.date(2026, 9, 30)),
    ("fin de l'année", dt.date(2026, 12, 31)),
    ("by January", dt.date(2026, 1, 31)),
    ("by December 2025", dt.date(2025, 12, 31)),
    ("in June we had 3 %", None),
    ("I want 3 %", None),
    ("by 31/02/2026", None),
])
def test_deadlines_said_in_words(text, expected):
    assert read_deadline(text, "en", TODAY) == expected
