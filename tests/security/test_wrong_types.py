"""Issue 11, wrong types and odd values: each refused with a message naming the field, on every path.

The attack: /calculate_kpi with tool = 123, None or a list, /search_knowledge with query = 123 or k = None,
/ask_kpi_assistant with a number or a dict gave Gradio's generic "upstream app has raised an exception";
marketing_spend=true was read as 1 (CAC 0.07) in the CLI and the API; a 5 000-digit integer failed the API
generically; 50 000-deep JSON gave a RecursionError traceback in `kpi calc --input`.
"""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from assistant.cli import app as cli
from assistant.ui import api
from tests.security.fakes import RecordingEngine, RecordingRetriever
from tools.registry import ToolInputError, run_tool

pytestmark = pytest.mark.timeout(30)
runner = CliRunner()
calculate_kpi = api.make_calculate_kpi()
CAC = {"marketing_spend": 1200, "new_customers": 15}
DEEP = "[" * 50_000 + "]" * 50_000


@pytest.mark.parametrize("tool, got", [(123, "int"), (None, "null"), (["customer_acquisition_cost"], "list"),
                                       ({"id": "x"}, "dict")])
def test_calculate_kpi_with_a_tool_that_is_not_text_names_the_tool_field(tool, got):
    out = json.loads(calculate_kpi(tool, CAC))
    assert out["field"] == "tool"
    assert out["error"].startswith(f'tool: must be a calculator id such as "customer_acquisition_cost" (got {got})')


def test_calculate_kpi_with_an_unknown_tool_suggests_close_ids():
    out = json.loads(calculate_kpi("customer_acquisition", CAC))
    assert out == {"error": "Unknown tool 'customer_acquisition'. Did you mean: customer_acquisition_cost?",
                   "field": "tool"}


@pytest.mark.parametrize("inputs, why", [(123, "must be a JSON object (got a number)"),
                                         ([1, 2], "must be a JSON object (got a list)"),
                                         ("[1, 2]", "must be a JSON object of field: value pairs (got a list)"),
                                         ("{", "not valid JSON (Expecting property name enclosed in double quotes"),
                                         (DEEP, "nested more than 32 levels deep")])
def test_calculate_kpi_with_inputs_that_are_not_an_object_names_the_inputs_field(inputs, why):
    out = json.loads(calculate_kpi("customer_acquisition_cost", inputs))
    assert out["field"] == "inputs" and out["error"].startswith(f"inputs: {why}")


def test_calculate_kpi_takes_an_object_and_still_reads_a_json_text():
    as_object = json.loads(calculate_kpi("customer_acquisition_cost", CAC))
    as_text = json.loads(calculate_kpi("customer_acquisition_cost", json.dumps(CAC)))
    assert as_object["value"] == as_text["value"] == 80.0


@pytest.mark.parametrize("query, lang, k, field", [(123, "en", 5, "query"), (None, "en", 5, "query"),
                                                   ("cac", "en", None, "k"), ("cac", "en", True, "k"),
                                                   ("cac", "en", 0, "k"), ("cac", "en", 10**9, "k"),
                                                   ("cac", "de", 5, "lang"), ("cac", 7, 5, "lang")])
def test_search_knowledge_with_a_wrong_argument_names_it_and_searches_nothing(query, lang, k, field):
    retriever = RecordingRetriever()
    out = json.loads(api.make_search_knowledge(retriever)(query, lang, k))
    assert out["field"] == field and out["error"].startswith(f"{field}: ")
    assert retriever.queries == []


@pytest.mark.parametrize("question, got", [(42, "a number"), ({"q": "CAC?"}, "an object"), (None, "null"),
                                           (["CAC?"], "a list")])
def test_ask_with_a_question_that_is_not_text_names_the_field(question, got):
    engine = RecordingEngine()
    out = json.loads(api.make_ask(engine)(question))
    assert out["field"] == "question"
    assert out["error"].startswith(f"question: must be text (got {got}) / doit être du texte (reçu : ")
    assert engine.questions == []


def test_list_kpi_tools_with_a_wrong_language_names_the_field():
    assert json.loads(api.list_kpi_tools(3))["field"] == "lang"


def test_an_unexpected_failure_in_an_endpoint_is_one_sentence_not_a_traceback():
    class Broken:
        def answer(self, question, session):
            raise RuntimeError("boom")

    out = json.loads(api.make_ask(Broken())("CAC?"))
    assert out["error"].startswith("internal error: the request could not be completed")


# --- booleans are not numbers: refused by the tools' input models, so every path gets it ---

def test_a_boolean_is_not_a_number_for_any_calculator():
    with pytest.raises(ToolInputError) as err:
        run_tool("customer_acquisition_cost", {"marketing_spend": True, "new_customers": 15})
    assert err.value.field == "marketing_spend"
    assert str(err.value) == ("customer_acquisition_cost: marketing_spend: must be a number, not true/false "
                              "(got True)")
    assert "doit être un nombre, pas vrai/faux" in err.value.message("fr")


@pytest.mark.parametrize("tool, raw, field", [
    ("multi_year_loyalty", {"loyal_counts": [100, True]}, "loyal_counts"),
    ("funnel_conversion", {"stages": [{"name": "visits", "count": 100}, {"name": "sales", "count": False}]},
     "stages.1.count"),
    ("multi_year_loyalty", {"customer_ids_by_year": [["a", True], ["a"]]}, "customer_ids_by_year"),
])
def test_booleans_are_refused_inside_lists_and_nested_inputs(tool, raw, field):
    with pytest.raises(ToolInputError) as err:
        run_tool(tool, raw)
    assert err.value.field == field


def test_true_false_fields_still_take_booleans():
    assert run_tool("lead_score", {"visited_pricing": True, "attended_webinar": True}).value == 50.0


def test_the_api_and_the_cli_refuse_marketing_spend_true():
    out = json.loads(calculate_kpi("customer_acquisition_cost", {"marketing_spend": True, "new_customers": 15}))
    assert out["field"] == "marketing_spend" and "not true/false" in out["error"]
    result = runner.invoke(cli, ["calc", "customer_acquisition_cost", "marketing_spend=true", "new_customers=15"])
    assert result.exit_code == 2
    assert "marketing_spend: must be a number, not true/false" in result.output


# --- huge integers ---

@pytest.mark.parametrize("digits", [400, 5000])
def test_a_huge_integer_is_refused_with_a_message_by_the_api(digits):
    as_text = '{"marketing_spend": %s, "new_customers": 15}' % ("9" * digits)
    out = json.loads(calculate_kpi("customer_acquisition_cost", as_text))
    assert out["error"].startswith(f"inputs: a number of {digits} digits is out of range (at most 30)")
    parsed = json.loads(calculate_kpi("customer_acquisition_cost", {"marketing_spend": 10**digits,
                                                                     "new_customers": 15}))
    assert parsed["field"] == "inputs.marketing_spend" and "out of range" in parsed["error"]


def test_a_huge_integer_reaching_a_calculator_is_refused_without_printing_it():
    with pytest.raises(ToolInputError) as err:
        run_tool("conversion_rate", {"conversions": 10**5000, "visitors": 10})
    assert str(err.value) == "conversion_rate: conversions: a number of about 5001 digits is out of range"


def test_the_cli_refuses_a_five_thousand_digit_figure_with_exit_code_2():
    result = runner.invoke(cli, ["calc", "customer_acquisition_cost", "marketing_spend=" + "9" * 5000,
                                 "new_customers=15"])
    assert result.exit_code == 2 and "marketing_spend" in result.output
    result = runner.invoke(cli, ["calc", "customer_acquisition_cost", "--input",
                                 '{"marketing_spend": %s, "new_customers": 15}' % ("9" * 5000)])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: --input: a number of 5000 digits is out of range (at most 30)"


# --- 50 000-deep JSON ---

def test_fifty_thousand_deep_json_in_kpi_calc_input_is_one_line_and_exit_code_2():
    start = time.perf_counter()
    result = runner.invoke(cli, ["calc", "customer_acquisition_cost", "--input", DEEP, "--lang", "fr"])
    assert time.perf_counter() - start < 5
    assert result.exit_code == 2
    assert result.output.strip() == "Erreur: --input : imbriqué sur plus de 32 niveaux"
    assert "RecursionError" not in result.output


def test_fifty_thousand_deep_json_in_a_calculator_form_field_names_the_field():
    from assistant.ui.render import collect_inputs, form_spec
    from tools.registry import get_tool

    spec_fields = form_spec(get_tool("what_if"), "en")
    values = [DEEP if f.name == "inputs" else None for f in spec_fields]
    with pytest.raises(ToolInputError) as err:
        collect_inputs(spec_fields, values)
    assert err.value.field == "inputs" and "nested more than 32 levels deep" in str(err.value)


@pytest.mark.parametrize("key", ["\n", "x" * 5000, "\x1b[31m"])
def test_an_odd_unknown_field_name_is_quoted_short_on_one_line(key):
    with pytest.raises(ToolInputError) as err:
        run_tool("customer_acquisition_cost", {key: 1, "marketing_spend": 1, "new_customers": 1})
    message = str(err.value)
    assert message.endswith(": unknown field") and "\n" not in message and "\x1b" not in message
    assert len(message) < 120
