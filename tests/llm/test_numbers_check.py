"""The number check: every figure of an answer must come from the user, a tool result or a cited entry."""

from __future__ import annotations

import pytest

from assistant.numbers_check import find_numbers, unverified_numbers

CAC_RESULT = {"tool": "customer_acquisition_cost", "value": 14.2857, "unit": "EUR",
              "formula": "CAC = (1 000 + 200,50) / 84 = 14.29",
              "inputs": {"marketing_spend": 1000.0, "sales_spend": 200.5, "new_customers": 84},
              "details": {"total_acquisition_cost": 1200.5}}


@pytest.mark.parametrize(("answer", "flagged"), [
    ("Your CAC is 14.29 €.", []),                       # the tool value at its formula precision
    ("Votre CAC est de 14,29 €.", []),                  # French decimal comma
    ("Your CAC is about 14.3 €.", []),                  # fewer decimals: rounding counts as matching
    ("Your CAC is about 14 €.", []),
    ("Your CAC is 14.28 €.", ["14.28"]),                # wrong rounding is not the tool's number
    ("Total spend: 1 200,50 €.", []),                   # spaces as thousands, comma decimals
    ("Total spend: 1,200.50 EUR.", []),                 # English grouping
    ("Total spend: 1.200,50 €.", []),                   # German/French grouping with dots
    ("Total spend: 1\u202f200,50 €.", []),             # narrow no-break space, as babel writes French
    ("You spent $1,000 on marketing.", []),
    ("A 3 % conversion rate.", ["3"]),                  # a figure with a unit is checked even when small
    ("Over 84 new customers.", []),
    ("Over 85 new customers.", ["85"]),
    ("Spend 1.2k€ per month.", []),                     # 1.2k = 1 200 ± 50 covers 1 200.5
    ("Spend 15k per month.", ["15k"]),
    ("Compare 2 options, then 3 steps.", []),           # counting words, not figures
    ("1. Measure\n2. Decide", []),                      # list markers
    ("B2B and the 2nd point [cac-2024] in 003-b2b.md.", []),  # codes, ordinals, citations and file names
    ("A 20 % drop.", ["20"]),
    ("Sales 200.5 plus marketing 1000, CAC 14.29; invented 42 and 42 again.", ["42"]),  # reported once
])
def test_numbers_are_accepted_only_from_a_source(answer, flagged):
    assert unverified_numbers(answer, texts=[], data=[CAC_RESULT]) == flagged


def test_user_figures_and_cited_entry_text_are_sources():
    user = ["J'ai dépensé 3 000 € pour 40 clients et mon panier moyen est de 2,5 k€"]
    entry = ["A CLV at least 3 times the CAC is the usual target; 5 to 7 KPIs are enough."]
    answer = "With 3000 € and 40 clients, a 2 500 € basket; aim for 3x the CAC with 5 to 7 KPIs, not 12 KPIs."
    assert unverified_numbers(answer, texts=user + entry) == ["12"]


def test_a_negative_what_if_delta_matches_a_stated_drop():
    assert unverified_numbers("CAC drops by 20 %.", data=[{"details": {"delta_pct": -20.0}}]) == []


def test_ambiguous_grouping_is_read_both_ways():
    readings = sorted(r.value for r in find_numbers("1,200")[0].readings)
    assert readings == [1.2, 1200.0]


def test_a_space_grouped_number_may_also_be_two_numbers():
    # "in 2 100-visitor tests" style collisions: accepted when both parts are known.
    assert unverified_numbers("Between 2 300 visits.", texts=["2 stages, 300 visits"]) == []



def test_a_figure_written_in_words_by_the_user_is_known():
    assert unverified_numbers("Avec 3 000 € de budget, il vous faut 60 clients.",
                              texts=["budget pub de trois mille euros, CAC 50 € ?"], data=[{"value": 60}]) == []
    assert unverified_numbers("With $2,000 you need 40 customers.", texts=["two thousand dollars, CAC 50?"],
                              data=[{"value": 40}]) == []
