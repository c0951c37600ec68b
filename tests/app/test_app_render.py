"""The calculators page's pure functions: schema → form, form values → tool input, result → Markdown."""

from __future__ import annotations

import json
import re
from typing import Literal

import pandas as pd
import pytest
from pydantic import Field

from assistant.ui.render import (
    FAMILY_TITLES,
    collect_inputs,
    error_markdown,
    form_spec,
    format_value,
    result_markdown,
    tool_choices,
)
from assistant.values import value_text
from tools.base import KpiInput, KpiResult
from tools.registry import ToolInputError, ToolSpec, all_tools, get_tool, run_tool


class _Row(KpiInput):
    name: str = Field(description="Stage name")
    count: int = Field(ge=0, description="People at this stage")


class _Sample(KpiInput):
    spend: float = Field(ge=0, description="Spend")
    orders: int = Field(ge=0, description="Orders")
    share_pct: float | None = Field(None, ge=0, le=100, description="Share")
    b2b: bool = Field(False, description="B2B?")
    basis: Literal["count", "value"] = Field("count", description="Basis")
    stages: list[_Row] = Field(description="Stages")
    yearly: list[int] = Field(default_factory=list, description="Yearly counts")
    inputs: dict = Field(default_factory=dict, description="Inputs of another tool")


def _sample_func(inp: _Sample) -> KpiResult:
    return KpiResult(tool="sample", value=inp.spend / max(inp.orders, 1), unit="EUR", formula="x", inputs={})


SAMPLE = ToolSpec(id="sample", family="acquisition", title_en="Sample", title_fr="Exemple", description_en="d",
                  description_fr="d", input_model=_Sample, func=_sample_func,
                  field_titles={"spend": ("Spend", "Dépenses")})


def _by_name(fields):
    return {f.name: f for f in fields}


def test_cac_form_has_its_required_and_optional_fields_with_french_labels():
    fields = _by_name(form_spec(get_tool("customer_acquisition_cost"), "fr"))
    assert fields["marketing_spend"].label == "Dépenses marketing"
    assert (fields["marketing_spend"].kind, fields["marketing_spend"].required) == ("number", True)
    assert (fields["new_customers"].kind, fields["new_customers"].required) == ("integer", True)
    assert (fields["sales_spend"].required, fields["sales_spend"].default) == (False, 0)
    # `float | None` is an optional number, not a JSON field.
    assert (fields["average_price"].kind, fields["average_price"].required) == ("number", False)
    assert (fields["currency"].kind, fields["currency"].default) == ("text", "EUR")


def test_form_kinds_cover_booleans_choices_tables_number_lists_and_json():
    fields = _by_name(form_spec(SAMPLE, "en"))
    assert fields["b2b"].kind == "boolean"
    assert (fields["basis"].kind, fields["basis"].choices) == ("choice", ("count", "value"))
    assert (fields["stages"].kind, fields["stages"].columns, fields["stages"].column_kinds) == (
        "table", ("name", "count"), ("text", "integer"))
    assert fields["yearly"].kind == "numbers"
    assert fields["inputs"].kind == "json"
    assert (fields["share_pct"].minimum, fields["share_pct"].maximum) == (0, 100)


def test_every_registered_tool_gets_a_form_with_a_label_for_every_field():
    for spec in all_tools():
        for field in form_spec(spec, "fr"):
            assert field.label, f"{spec.id}.{field.name} has no label"


def test_blank_optional_fields_are_left_out_and_whole_floats_become_ints():
    fields = form_spec(get_tool("customer_acquisition_cost"), "en")
    values = {"marketing_spend": 1200.0, "new_customers": 15.0, "sales_spend": None, "founder_hours": 0,
              "hourly_rate": 0, "average_price": None, "currency": "  "}
    raw = collect_inputs(fields, [values[f.name] for f in fields])
    assert raw == {"marketing_spend": 1200.0, "new_customers": 15, "founder_hours": 0, "hourly_rate": 0}
    assert isinstance(raw["new_customers"], int)
    assert run_tool("customer_acquisition_cost", raw).value == 80


def test_table_rows_become_objects_and_empty_rows_are_ignored():
    fields = _by_name(form_spec(SAMPLE, "en"))
    table = pd.DataFrame([["visitors", 1000], ["leads", "120"], ["", None], ["customers", 30.0]],
                         columns=["name", "count"])
    raw = collect_inputs([fields["stages"]], [table])
    assert raw == {"stages": [{"name": "visitors", "count": 1000}, {"name": "leads", "count": 120},
                              {"name": "customers", "count": 30}]}
    assert collect_inputs([fields["stages"]], [[["a", 5], [None, None]]]) == {"stages": [{"name": "a", "count": 5}]}


def test_number_lists_accept_commas_semicolons_and_spaces():
    fields = _by_name(form_spec(SAMPLE, "en"))
    assert collect_inputs([fields["yearly"]], ["120, 95;80 61.5"]) == {"yearly": [120, 95, 80, 61.5]}


def test_a_word_in_a_number_list_names_the_field():
    fields = _by_name(form_spec(SAMPLE, "en"))
    with pytest.raises(ToolInputError, match=r"yearly: 'abc' is not a number") as err:
        collect_inputs([fields["yearly"]], ["120, abc"])
    assert err.value.field == "yearly"


def test_bad_json_names_the_field_and_where_it_breaks():
    fields = _by_name(form_spec(SAMPLE, "en"))
    # Python words its own JSON errors (3.13: "Illegal trailing comma before end of object, line 1 column 13").
    try:
        json.loads('{"spend": 10, }')
    except json.JSONDecodeError as err:
        python_says = f"{err.msg}, line {err.lineno} column {err.colno}"
    expected = re.escape(f"inputs: not valid JSON ({python_says})")
    with pytest.raises(ToolInputError, match=expected):
        collect_inputs([fields["inputs"]], ['{"spend": 10, }'])
    assert collect_inputs([fields["inputs"]], ['{"spend": 10}']) == {"inputs": {"spend": 10}}


def test_text_in_a_number_field_is_refused_naming_the_field_in_both_languages():
    fields = form_spec(get_tool("customer_acquisition_cost"), "en")
    values = {"marketing_spend": "douze", "new_customers": 15}
    with pytest.raises(ToolInputError, match="marketing_spend: 'douze' is not a number") as err:
        collect_inputs(fields, [values.get(f.name) for f in fields], "en")
    assert err.value.message("fr") == "marketing_spend: « douze » n'est pas un nombre (écrivez-le comme 1 200,50)"


@pytest.mark.parametrize(("typed", "lang", "expected"), [
    ("1 200,50", "fr", 1200.5), ("1.200,50", "fr", 1200.5), ("1\u202f200,5", "fr", 1200.5), ("0,5", "fr", 0.5),
    ("1,200.50", "en", 1200.5), ("1,200", "en", 1200), ("1200.5", "en", 1200.5), ("1200.5", "fr", 1200.5),
])
def test_numbers_are_read_the_way_the_ui_language_writes_them(typed, lang, expected):
    fields = form_spec(get_tool("customer_acquisition_cost"), lang)
    values = {"marketing_spend": typed, "new_customers": "15"}
    raw = collect_inputs(fields, [values.get(f.name) for f in fields], lang)
    assert raw["marketing_spend"] == expected and raw["new_customers"] == 15


@pytest.mark.parametrize(("typed", "lang", "message"), [
    ("1 200,50", "en", "marketing_spend: '1 200,50' reads two ways in English: write 1200.50 for a decimal"),
    ("1,5", "en", "marketing_spend: '1,5' reads two ways in English: write 1.5 for a decimal"),
    ("1,200", "fr", "marketing_spend: '1,200' reads two ways: write 1 200 for thousands, 1,2 for a decimal"),
])
def test_a_number_that_reads_two_ways_in_the_ui_language_is_refused_not_guessed(typed, lang, message):
    fields = form_spec(get_tool("customer_acquisition_cost"), lang)
    values = {"marketing_spend": typed, "new_customers": "15"}
    with pytest.raises(ToolInputError) as err:
        collect_inputs(fields, [values.get(f.name) for f in fields], lang)
    assert str(err.value) == message


@pytest.mark.parametrize(("value", "unit", "lang", "expected"), [
    (80.0, "EUR", "fr", "80 €"),
    (80.0, "EUR", "en", "€80"),
    (3.0, "%", "en", "3 %"),
    (14.2857, "months", "fr", "14,29 mois"),
    (14.2857, "months", "en", "14.29 months"),
    (1234567.891, "USD", "en", "$1 234 567.89"),
    (1234567.891, "USD", "fr", "1\u202f234\u202f567,89 $"),
    (1200.0, "CHF", "fr", "1\u202f200 CHF"),
    (12.0, "count", "en", "12"),
    (None, "%", "fr", "non défini"),
])
def test_values_are_shown_with_their_unit(value, unit, lang, expected):
    assert format_value(value, unit, lang) == expected  # through value_text, the one formatter
    assert format_value(value, unit, lang) == value_text(value, None if unit == "count" else unit, lang)


def test_result_markdown_shows_value_formula_conventions_warnings_and_verdict_with_source():
    result = run_tool("customer_acquisition_cost",
                      {"marketing_spend": 1200, "new_customers": 15, "average_price": 100}).contract()
    md = result_markdown(result, "fr", "CAC")
    assert md.startswith("### CAC\n## 80 €\n**Formule** : `CAC = 1 200 / 15 = 80`")
    assert "- Le CAC ne compte que les dépenses marketing (aucune dépense commerciale donnée)." in md
    assert "**⚠️ Avertissements**" in md
    assert "**Verdict : 🟠 à surveiller** — Le CAC représente 80 % du prix de 100 EUR" in md
    # the article's title, not its file name; the segment in French
    assert "*Source : 5 KPI Marketing indispensables pour savoir si tu es dans la bonne direction (segment : tous)*" \
        in md
    assert ".txt" not in md
    assert "- **Coût d'acquisition total** : 1\u202f200 €" in md  # a detail by its title, money with its currency


def test_result_markdown_shows_undefined_and_the_reason():
    result = run_tool("customer_acquisition_cost", {"marketing_spend": 500, "new_customers": 0}).contract()
    md = result_markdown(result, "en")
    assert md.startswith("## undefined\n")
    assert "- CAC is undefined: no new customers in the period." in md


def test_list_details_render_as_a_table():
    result = {"value": 3.0, "unit": "%", "formula": "f", "details": {
        "steps": [{"from": "visitors", "to": "leads", "rate": 12.0}, {"from": "leads", "to": "buyers", "rate": 25.0}]}}
    md = result_markdown(result, "en")
    assert "**Steps**\n\n| From | To | Rate |\n|---|---|---|\n| visitors | leads | 12 |\n| leads | buyers | 25 |" in md


def test_nested_details_read_as_key_value_pairs():
    result = {"value": 3.0, "unit": "%", "formula": "f",
              "details": {"weakest_step": {"from": "visitors", "to": "leads", "rate_pct": 12.0}}}
    assert "- **Weakest step**: visitors → leads: 12 %" in result_markdown(result, "en")
    assert "- **Étape la plus faible** : visitors → leads : 12 %" in result_markdown(result, "fr")


def test_tool_choices_are_grouped_by_family_with_bilingual_titles():
    choices = tool_choices("fr", [SAMPLE, get_tool("customer_acquisition_cost")])
    assert choices == [("Acquisition · Exemple", "sample"),
                       ("Acquisition · Coût d'acquisition client (CAC)", "customer_acquisition_cost")]
    ids = [value for _, value in tool_choices("en")]
    assert sorted(ids) == sorted(s.id for s in all_tools())
    families = [get_tool(i).family for i in ids]
    assert families == sorted(families, key=list(FAMILY_TITLES).index)  # the funnel's order, meta last
    assert ids[0] == "customer_acquisition_cost"


def test_error_markdown_is_one_clear_line():
    assert error_markdown("cac: marketing_spend: required", "fr") == (
        "❌ **Saisie invalide**: cac: marketing_spend: required")


def test_what_if_result_reads_as_old_to_new_in_the_users_language_not_raw_keys():
    from tools.registry import run_tool

    result = run_tool("what_if", {"tool": "customer_acquisition_cost", "field": "marketing_spend", "new_value": 1500,
                                  "inputs": {"marketing_spend": 1200, "new_customers": 15, "average_price": 100}})
    md = result_markdown(result.contract(), "fr", "Et si")
    assert "- **Dépenses marketing** : 1\u202f200 € → 1\u202f500 €" in md
    assert "- **Coût d'acquisition client (CAC)** : 80 € → **100 €** (+25 %)" in md
    assert "- `CAC = 1 200 / 15 = 80`\n- `CAC = 1 500 / 15 = 100`" in md
    assert "- **Verdict** : à surveiller → alerte" in md
    assert "old_input" not in md and "new_formula" not in md


def test_solve_result_names_the_field_and_the_kpi_reached():
    from tools.registry import run_tool

    result = run_tool("solve_for", {"tool": "clv_cac_ratio", "inputs": {"clv": 800, "cac": 80}, "field": "cac",
                                    "target": 3})
    md = result_markdown(result.contract(), "en")
    assert "- **CAC** = **€266.67** brings **CLV:CAC ratio** to 3" in md
    fr = result_markdown(result.contract(), "fr")
    assert "- **CAC** = **266,67 €** amène **Ratio CLV:CAC** à 3" in fr
