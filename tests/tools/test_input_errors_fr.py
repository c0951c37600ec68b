"""Bad input is explained in the user's language: the field, the rule and the value, in French too."""

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tools.registry import ToolInputError, run_tool


def _error(tool, raw) -> ToolInputError:
    with pytest.raises(ToolInputError) as info:
        run_tool(tool, raw)
    return info.value


def test_negative_spend_is_explained_in_french_with_the_limit_as_written():
    err = _error("customer_acquisition_cost", {"marketing_spend": -5, "new_customers": 2})
    assert err.message("fr") == ("customer_acquisition_cost : marketing_spend : doit être supérieur ou égal à 0 "
                                 "(reçu -5)")
    assert "greater than or equal to 0" in err.message("en")


def test_fractional_count_and_unknown_field_each_get_their_french_rule():
    msg = _error("customer_acquisition_cost", {"marketing_spend": 10, "new_customers": 1.5, "foo": 1}).message("fr")
    assert "new_customers : doit être un nombre entier, sans décimales (reçu 1.5)" in msg
    assert "foo : champ inconnu" in msg


def test_the_tools_own_rules_are_translated_too():
    msg = _error("conversion_rate", {"conversions": 150, "visitors": 100}).message("fr")
    assert msg == "conversion_rate : visitors : doit être au moins égal à conversions (150) (reçu 100)"


def test_a_rule_without_a_french_wording_keeps_its_english_text_marked_as_refused():
    msg = _error("lead_score", {"hot_threshold": 90, "urgent_threshold": 80}).message("fr")
    assert msg == ("lead_score : urgent_threshold : valeur refusée : must be at least hot_threshold (90) "
                   "(reçu 80)")


def test_kpi_calc_in_french_prints_one_french_line_and_exits_2():
    res = CliRunner().invoke(app, ["calc", "customer_acquisition_cost", "marketing_spend=-5", "new_customers=2",
                                   "--lang", "fr"])
    assert res.exit_code == 2
    assert "Erreur: customer_acquisition_cost : marketing_spend : doit être supérieur ou égal à 0" in res.output
