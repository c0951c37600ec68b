"""Registry calculators and the knowledge search as LangChain tools, and the typed schemas the model is shown."""

from __future__ import annotations

import json

import pytest
from langchain_core.tools import StructuredTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from assistant.adapter import build_tools, knowledge_tool, kpi_tools, run_kpi
from assistant.tool_schemas import calculator_schema, kpi_health_schema, solve_for_schema, turn_schemas, what_if_schema
from assistant.tool_selection import calculators
from tools.registry import all_tools, get_tool, run_tool

from .fakes import ListRetriever


def test_every_registry_tool_becomes_a_tool_with_its_own_input_model():
    specs = all_tools()
    tools = kpi_tools()
    assert [t.name for t in tools] == [s.id for s in specs]
    for spec, tool in zip(specs, tools, strict=True):
        assert tool.args_schema is spec.input_model
        assert tool.description == spec.description_en


def test_field_descriptions_reach_the_model_in_the_per_tool_layout():
    for tool in kpi_tools():
        params = convert_to_openai_tool(tool)["function"]["parameters"]
        missing = [name for name, prop in params["properties"].items() if not prop.get("description")]
        assert missing == [], f"{tool.name}: fields without a description: {missing}"


def test_every_schema_the_model_sees_is_typed_and_described():
    schemas = [calculator_schema(spec.id) for spec in calculators()]
    schemas += turn_schemas(["roas", "funnel_conversion"], search=True, data=True)
    for schema in schemas:
        params = schema["function"]["parameters"]
        name = schema["function"]["name"]
        assert params["type"] == "object" and set(params.get("required", [])) <= set(params["properties"])
        for field, prop in params["properties"].items():
            assert prop.get("description") or "enum" in prop, f"{name}.{field} has no description"
            assert "type" in prop or "enum" in prop, f"{name}.{field} has no type"
            assert "$ref" not in json.dumps(prop) and "title" not in prop


def test_the_cac_schema_keeps_types_bounds_and_required_fields_but_not_noise():
    params = calculator_schema("customer_acquisition_cost")["function"]["parameters"]
    assert params["required"] == ["marketing_spend", "new_customers"]
    assert params["properties"]["new_customers"]["type"] == "integer"
    assert params["properties"]["marketing_spend"] == {
        "description": "Marketing spend over the period (ads, tools, freelancers, content)", "minimum": 0,
        "type": "number"}
    rate = calculator_schema("conversion_rate")["function"]["parameters"]["properties"]
    assert all("maximum" not in p or p["maximum"] < 1e6 for p in rate.values())


def test_tools_that_take_a_calculator_id_list_the_offered_ids_and_fields_as_enums():
    offered = ["customer_acquisition_cost", "clv_cac_ratio"]
    what_if = what_if_schema(offered)["function"]["parameters"]["properties"]
    assert what_if["tool"]["enum"] == offered
    assert what_if["field"]["enum"] == ["marketing_spend", "new_customers", "sales_spend", "founder_hours",
                                        "hourly_rate", "average_price", "clv", "cac"]
    solve = solve_for_schema(offered)["function"]["parameters"]["properties"]
    assert solve["tool"]["enum"] == offered and "currency" not in solve["field"]["enum"]
    health = kpi_health_schema()["function"]["parameters"]["properties"]
    assert "customer_acquisition_cost" in health["kpi"]["enum"] and health["segment"]["enum"][0] == "B2B"
    search = turn_schemas(offered, search=True, data=False)[1]["function"]
    assert search["name"] == "search_knowledge" and search["parameters"]["required"] == ["query"]


def test_a_turn_offers_the_same_tools_first_then_its_calculators_then_the_tools_over_them():
    names = [t["function"]["name"] for t in turn_schemas(["roas"], search=True, data=True)]
    assert names == ["kpi_health", "search_knowledge", "query_user_data", "roas", "what_if", "solve_for"]
    assert [t["function"]["name"] for t in turn_schemas(["roas"], search=True, data=False, changes=False)] == [
        "kpi_health", "search_knowledge", "roas"]
    # Identical from one turn to the next: a server that keeps the last prompt's state reuses them.
    assert turn_schemas(["roas"], search=True, data=False)[:2] == turn_schemas(["cost_per_lead"], search=True,
                                                                                data=False)[:2]


def test_a_kpi_run_returns_the_public_contract_to_the_model():
    content, artifact = run_kpi("customer_acquisition_cost", {"marketing_spend": 4000, "new_customers": 50})
    expected = run_tool("customer_acquisition_cost", {"marketing_spend": 4000, "new_customers": 50}).contract()
    assert json.loads(content) == expected
    assert artifact["result"] == expected and artifact["tool"] == "customer_acquisition_cost"
    assert artifact["arguments"]["marketing_spend"] == 4000.0 and artifact["arguments"]["currency"] == "EUR"


@pytest.mark.parametrize(("tool_id", "raw", "message"), [
    ("customer_acquisition_cost", {"marketing_spend": 100},
     "Error: customer_acquisition_cost: new_customers: required. Fix the arguments or ask the user for the missing "
     "figure."),
    ("customer_acquisition_cost", {"marketing_spend": 100, "new_customers": 2, "budget": 3},
     "Error: customer_acquisition_cost: budget: unknown field. Fix the arguments or ask the user for the missing "
     "figure."),
    ("customer_acquisition_cost", [100, 2],
     "Error: customer_acquisition_cost: the input must be an object of field: value pairs. Fix the arguments or ask "
     "the user for the missing figure."),
    ("no_such_kpi", {}, "Error: unknown KPI tool 'no_such_kpi'. Use an id from the tools' lists."),
])
def test_bad_kpi_calls_come_back_as_one_clear_message(tool_id, raw, message):
    assert run_kpi(tool_id, raw) == (message, None)


def test_a_calculator_crash_is_a_message_not_an_exception(monkeypatch):
    from dataclasses import replace

    from tools import registry

    def broken(_inp):
        raise ZeroDivisionError("division by zero")

    spec = get_tool("customer_acquisition_cost")
    monkeypatch.setitem(registry._REGISTRY, spec.id, replace(spec, func=broken))
    content, artifact = run_kpi("customer_acquisition_cost", {"marketing_spend": 1, "new_customers": 1})
    assert content == "Error: customer_acquisition_cost failed (ZeroDivisionError: division by zero)."
    assert artifact is None


def test_knowledge_search_returns_ids_titles_and_sources():
    retriever = ListRetriever()
    tool = knowledge_tool(retriever)
    content, hits = tool.func(query="CLV CAC ratio", lang="en")
    shown = json.loads(content)
    assert [h["id"] for h in shown] == ["clv-cac-ratio", "cac-definition"]
    assert shown[0] == {"id": "clv-cac-ratio", "title": "CLV to CAC ratio",
                        "source": "Les 5 KPI marketing essentiels (001)",
                        "text": "A CLV at least 3 times the CAC is the usual target for a healthy acquisition."}
    assert [h["id"] for h in hits] == ["clv-cac-ratio", "cac-definition"]


def test_a_failing_knowledge_search_is_a_message():
    class Broken(ListRetriever):
        def search(self, *args, **kwargs):
            raise OSError("index missing")

    assert knowledge_tool(Broken()).func(query="cac") == ("Error: knowledge search failed (OSError).", None)


def test_extra_tools_are_appended_and_names_must_be_unique():
    extra = StructuredTool.from_function(lambda q: q, name="query_dataset", description="Ask the uploaded data")
    names = [t.name for t in build_tools(ListRetriever(), [extra])]
    assert names == [s.id for s in all_tools()] + ["search_knowledge", "query_dataset"]
    clash = StructuredTool.from_function(lambda q: q, name="roas", description="x")
    with pytest.raises(ValueError, match="duplicate tool names"):
        build_tools(None, [clash])


def test_the_model_reads_the_result_in_the_users_language_and_the_reply_keeps_both():
    content, artifact = run_kpi("customer_acquisition_cost", {"marketing_spend": 4000, "new_customers": 50}, "fr")
    shown = json.loads(content)
    assert shown["convention"] == ["Le CAC ne compte que les dépenses marketing (aucune dépense commerciale donnée)."]
    assert artifact["result"]["convention"][0]["en"] == "CAC counts marketing spend only (no sales spend given)."


def test_the_search_runs_in_the_turns_language_from_the_runtime_context():
    from types import SimpleNamespace

    retriever = ListRetriever()
    knowledge_tool(retriever).func(query="ratio CLV CAC", runtime=SimpleNamespace(context=SimpleNamespace(lang="fr")))
    knowledge_tool(retriever).func(query="CLV ratio")
    assert retriever.queries == [("ratio CLV CAC", "fr", None), ("CLV ratio", "en", None)]


def test_long_entry_texts_are_cut_at_a_sentence_end_never_inside_a_figure():
    from assistant.adapter import _shorten

    text = "First sentence about CAC. " * 10 + "The CAC went from 1 200 € to 1 450 € last year."
    short = _shorten(text, limit=280)
    assert short == "First sentence about CAC. " * 10 + "…"
    assert _shorten("Short text.", limit=280) == "Short text."
