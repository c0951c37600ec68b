"""CAC: the first tool, the contract of every tool."""

import pytest

from tools.registry import ToolInputError, run_tool


def test_cac_article_example_is_80_per_customer():
    r = run_tool("customer_acquisition_cost", {"marketing_spend": 1200, "new_customers": 15})
    assert r.value == 80
    assert r.formula == "CAC = 1 200 / 15 = 80"


def test_cac_is_undefined_without_new_customers():
    r = run_tool("customer_acquisition_cost", {"marketing_spend": 1200, "new_customers": 0})
    assert r.value is None
    assert "undefined" in r.warnings[0].en


def test_cac_rejects_negative_spend_naming_the_field():
    with pytest.raises(ToolInputError, match="marketing_spend"):
        run_tool("customer_acquisition_cost", {"marketing_spend": -5, "new_customers": 2})
