"""Agent logic with a scripted tool-calling chat model: which tool ran, with what, and what the answer carries."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import AIMessage, ToolMessage

from assistant.agent import LlmEngine, MalformedAnswer
from assistant.config import Settings
from assistant.session import Session

from .fakes import ListRetriever, ScriptedChatModel, tool_turn

CAC = "customer_acquisition_cost"
CAC_ARGS = {"marketing_spend": "4000", "new_customers": 50}


@pytest.fixture
def llm_settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path, engine="llm", llm_base_url="http://127.0.0.1:9/v1", llm_max_steps=4,
                    _env_file=None)


def _engine(settings, *responses, **kwargs):
    model = ScriptedChatModel(responses=list(responses))
    return LlmEngine(settings, ListRetriever(), model, **kwargs), model


def _offered(model: ScriptedChatModel) -> list[str]:
    return [t["function"]["name"] for t in model.bound_tools]


def _tool_messages(model: ScriptedChatModel, call: int) -> list[ToolMessage]:
    return [m for m in model.calls[call] if isinstance(m, ToolMessage)]


def test_cac_question_runs_the_calculator_with_validated_arguments(llm_settings):
    engine, model = _engine(llm_settings, tool_turn(CAC, CAC_ARGS),
                            AIMessage("Your CAC is 80 € (4 000 € / 50 customers), marketing spend only."))
    reply = engine.answer("I spent 4000 € and won 50 customers. What is my CAC?", Session())

    assert reply.engine == "llm" and reply.language == "en"
    assert [c.name for c in reply.tool_calls] == ["customer_acquisition_cost"]
    call = reply.tool_calls[0]
    # "4000" arrived as a string: the registry's model validated it to a number.
    assert call.arguments["marketing_spend"] == 4000.0 and call.arguments["new_customers"] == 50
    assert call.result["value"] == 80.0 and call.result["formula"] == "CAC = 4 000 / 50 = 80"
    assert "80 €" in reply.answer
    assert reply.notices == []
    # The model saw the tool's JSON result before answering.
    seen = json.loads(_tool_messages(model, 1)[0].content)
    assert seen["value"] == 80.0 and seen["unit"] == "EUR"


def test_the_model_is_offered_a_few_typed_calculators_picked_from_the_question(llm_settings):
    engine, model = _engine(llm_settings, tool_turn(CAC, {"marketing_spend": 1000, "new_customers": 8}),
                            AIMessage("CAC = 125 EUR."))
    reply = engine.answer("spent 1000, 8 customers, CAC?", Session())
    assert reply.tool_calls[0].result["value"] == 125.0
    offered = _offered(model)
    assert offered[:3] == ["kpi_health", "search_knowledge", CAC]
    assert len(offered) == 2 + llm_settings.llm_tools_per_turn  # no what-if or solve: nothing changes here
    cac = model.bound_tools[2]["function"]["parameters"]
    assert cac["required"] == ["marketing_spend", "new_customers"]


def test_invalid_arguments_go_back_to_the_model_as_an_error(llm_settings):
    bad = {"marketing_spend": -5, "new_customers": 10}
    engine, model = _engine(llm_settings, tool_turn(CAC, bad),
                            tool_turn(CAC, CAC_ARGS, call_id="call_2"),
                            AIMessage("CAC: 80 €."))
    reply = engine.answer("CAC with 4000 spend and 50 customers?", Session())

    error = _tool_messages(model, 1)[0].content
    assert error.startswith("Error: invalid arguments: marketing_spend: Input should be greater than or equal to 0 "
                            "(got -5)")
    assert [c.result["value"] for c in reply.tool_calls] == [80.0]  # only the successful run is reported


def test_a_schema_violation_on_the_tool_itself_goes_back_to_the_model(llm_settings):
    engine, model = _engine(llm_settings, tool_turn("what_if", {"inputs": {}, "field": "cac", "new_value": 1}),
                            AIMessage("Which KPI?"))
    reply = engine.answer("compute something", Session())
    assert _tool_messages(model, 1)[0].content == (
        "Error: invalid arguments: tool: required. Fix them or ask the user for the missing figure.")
    assert reply.answer == "Which KPI?" and reply.tool_calls == []


def test_unknown_kpi_id_in_a_what_if_goes_back_to_the_model(llm_settings):
    args = {"tool": "customer_acquisition", "inputs": {"cac": 1}, "field": "cac", "new_value": 2}
    engine, model = _engine(llm_settings, tool_turn("what_if", args), AIMessage("Sorry."))
    engine.answer("cac?", Session())
    content = _tool_messages(model, 1)[0].content
    assert content.startswith("Error: ") and "customer_acquisition_cost" in content


def test_unknown_tool_name_goes_back_to_the_model(llm_settings):
    engine, model = _engine(llm_settings, tool_turn("compute_cac", {"spend": 1}), AIMessage("Let me ask instead."))
    reply = engine.answer("cac?", Session())
    message = _tool_messages(model, 1)[0]
    assert message.status == "error"
    assert message.content.startswith("Error: compute_cac is not a valid tool, try one of [")
    assert message.content.startswith("Error: compute_cac is not a valid tool, try one of [kpi_health, "
                                      "search_knowledge, ")
    assert reply.answer == "Let me ask instead."


def test_guidance_cites_the_entries_it_used_and_lists_them_as_sources(llm_settings):
    engine, _ = _engine(llm_settings, tool_turn("search_knowledge", {"query": "CLV CAC ratio healthy", "lang": "fr"}),
                        AIMessage("Visez une CLV d'au moins 3 fois le CAC [clv-cac-ratio]."))
    reply = engine.answer("Quel ratio CLV / CAC est sain ?", Session())
    assert reply.language == "fr"
    assert engine.chat_model.calls[0][0].content.startswith("Vous êtes un assistant KPI marketing")
    assert [(s.id, s.title) for s in reply.sources] == [("clv-cac-ratio", "Ratio CLV / CAC")]
    assert reply.notices == []
    assert engine.retriever.queries[-1] == ("CLV CAC ratio healthy", "fr", None)  # the model's search, in French


def test_a_definition_is_looked_up_before_the_model_speaks(llm_settings):
    """Tools first for definitions: the search is in the conversation as a call already made, so a model that does
    not search still answers from the entries and cites what was retrieved."""
    from assistant.offline.engine import OfflineEngine

    retriever = ListRetriever()
    engine, model = _engine(llm_settings, AIMessage("Le CAC est la dépense marketing divisée par les nouveaux "
                                                    "clients [cac-definition]."), reader=OfflineEngine(retriever))
    reply = engine.answer("C'est quoi le CAC ?", Session())
    first = model.calls[0]
    assert any(isinstance(m, ToolMessage) and m.name == "search_knowledge" and "cac-definition" in m.content
               for m in first)
    assert [s.id for s in reply.sources] == ["cac-definition"] and reply.notices == []
    assert len(model.calls) == 1


def test_an_answer_that_only_copies_the_call_and_result_as_json_is_replaced_by_the_results(llm_settings):
    """The local 0.5B model 'answers' with the JSON of the call and the result: the user gets the result lines."""
    echo = ('{"name": "customer_acquisition_cost", "arguments": {"marketing_spend": 4000, "new_customers": 50}}\n'
            '{"result": "Customer acquisition cost (CAC): 80 EUR", "tool": "customer_acquisition_cost"}')
    engine, _ = _engine(llm_settings, tool_turn(CAC, CAC_ARGS), AIMessage(echo))
    reply = engine.answer("I spent 4000 € and won 50 customers. What is my CAC?", Session())
    assert "{" not in reply.answer and "80" in reply.answer and "CAC = 4 000 / 50 = 80" in reply.answer
    assert reply.notices == []


def test_a_number_from_nowhere_is_flagged_in_the_answers_language(llm_settings):
    engine, _ = _engine(llm_settings, tool_turn(CAC, CAC_ARGS),
                        AIMessage("Votre CAC est de 80 € ; la moyenne du secteur est de 120 €."))
    reply = engine.answer("J'ai dépensé 4000 € pour 50 clients, quel est mon CAC ?", Session())
    assert reply.notices == ["Vérifiez ces chiffres : ils ne viennent ni d'un outil, ni de vos données, ni d'une "
                             "fiche citée : 120."]


def test_a_tool_input_the_user_never_gave_is_flagged(llm_settings):
    engine, _ = _engine(llm_settings, tool_turn(CAC, {"marketing_spend": 2000, "new_customers": 40}),
                        AIMessage("Your CAC is 50 €."))
    reply = engine.answer("I spent 2000 € on ads last month. What is my CAC?", Session())
    assert reply.tool_calls[0].result["value"] == 50
    assert reply.notices == ["Check these inputs: the calculation used figures you did not give: "
                             "new_customers = 40."]


def test_memory_sends_earlier_turns_and_accepts_their_tool_values(llm_settings):
    session = Session()
    engine, model = _engine(llm_settings, tool_turn(CAC, CAC_ARGS), AIMessage("Your CAC is 80 €."),
                            AIMessage("As computed, 80 € per customer."))
    engine.answer("I spent 4000 € for 50 customers: CAC?", session)
    reply = engine.answer("Remind me of my CAC?", session)

    sent = [m.content for m in model.calls[2] if m.type in ("human", "ai")]
    assert sent == ["I spent 4000 € for 50 customers: CAC?", "Your CAC is 80 €.", "Remind me of my CAC?"]
    assert reply.notices == []  # 80 comes from the earlier turn's tool result
    assert [m.role for m in session.messages] == ["user", "assistant", "user", "assistant"]


def test_streaming_yields_the_tool_step_then_tokens_then_the_reply(llm_settings):
    engine, _ = _engine(llm_settings, tool_turn(CAC, CAC_ARGS), AIMessage("CAC = 80 €."))
    events = list(engine.stream("CAC for 4000 € and 50 customers?", Session()))
    assert [e["type"] for e in events] == ["tool", "token", "reply"]
    assert events[0]["call"].result["value"] == 80.0
    assert events[1]["text"] == "CAC = 80 €."
    assert events[2]["reply"].answer == "CAC = 80 €."


@pytest.mark.parametrize("steps", [1, 4, 20])
def test_a_model_that_never_stops_calling_tools_is_stopped_at_the_step_limit(llm_settings, steps):
    from langchain.agents.middleware.model_call_limit import ModelCallLimitExceededError

    # Each call new (a call repeating one already answered ends the turn with its result, see test_turns).
    turns = [tool_turn(CAC, {**CAC_ARGS, "marketing_spend": 1000 + i}, call_id=f"call_{i}") for i in range(30)]
    engine, model = _engine(llm_settings.model_copy(update={"llm_max_steps": steps}), *turns)
    with pytest.raises(ModelCallLimitExceededError):  # the exact limit, before the graph's recursion backstop
        engine.answer("cac?", Session())
    assert len(model.calls) == steps


def test_malformed_tool_call_is_returned_to_the_model_which_then_answers(llm_settings):
    broken = AIMessage(content="", invalid_tool_calls=[{"name": CAC, "args": "{spend: 4", "id": "c1",
                                                         "error": "bad json", "type": "invalid_tool_call"}])
    engine, model = _engine(llm_settings, broken, AIMessage("Could you give me your spend and customers?"))
    reply = engine.answer("cac?", Session())
    assert reply.answer == "Could you give me your spend and customers?"
    assert "arguments were malformed or truncated" in _tool_messages(model, 1)[0].content


def test_an_empty_final_answer_is_a_failure_for_the_router(llm_settings):
    engine, _ = _engine(llm_settings, AIMessage(""))
    with pytest.raises(MalformedAnswer):
        engine.answer("cac?", Session())


def test_the_data_tool_is_offered_only_when_the_session_has_data(llm_settings):
    from assistant.dataset.llm_tool import dataset_tool

    model = ScriptedChatModel(responses=[AIMessage("a"), AIMessage("b")])
    engine = LlmEngine(llm_settings, ListRetriever(), model, extra_tools=[dataset_tool()])
    engine.answer("hello", Session())
    assert "query_user_data" not in _offered(model)
    engine.answer("hello", Session(dataset=object()))
    assert "query_user_data" in _offered(model)


def test_the_same_question_twice_is_two_turns_in_the_session(llm_settings):
    session = Session()
    engine, _ = _engine(llm_settings, AIMessage("Ask me about a KPI."), AIMessage("Ask me about a KPI."))
    engine.answer("hello", session)
    engine.answer("hello", session)
    assert [m.role for m in session.messages] == ["user", "assistant", "user", "assistant"]


def test_an_entry_cited_but_never_retrieved_is_not_a_source_and_its_figures_are_flagged(llm_settings):
    engine, _ = _engine(llm_settings, tool_turn("search_knowledge", {"query": "CLV ratio"}),
                        AIMessage("Aim for 3x [clv-cac-ratio]; churn should stay under 7 % [churn-benchmark]."))
    reply = engine.answer("What CLV to CAC ratio should I aim for?", Session())
    assert [s.id for s in reply.sources] == ["clv-cac-ratio"]
    assert reply.notices == ["Check these figures: they come from no tool result, no figure you gave and no cited "
                             "entry: 7.",
                             "These cited entries were not looked up in this answer and are not sources: "
                             "[churn-benchmark]."]


@pytest.mark.parametrize(("question", "lang"), [
    ("Quel est mon CAC ?", "fr"), ("Is my CAC healthy?", "en"), ("Coût par lead", "fr"), ("hello", "en"),
])
def test_the_system_prompt_follows_the_users_language(llm_settings, question, lang):
    engine, model = _engine(llm_settings, AIMessage("ok"))
    assert engine.answer(question, Session()).language == lang
    expected = "Vous êtes" if lang == "fr" else "You are"
    assert model.calls[0][0].content.startswith(expected)


def test_a_question_without_words_keeps_the_conversations_language(llm_settings):
    session = Session()
    engine, _ = _engine(llm_settings, AIMessage("Donnez-moi vos chiffres."),
                        tool_turn(CAC, {"marketing_spend": 4000, "new_customers": 50}), AIMessage("CAC : 80 €."))
    engine.answer("Je voudrais calculer mon coût d'acquisition", session)
    assert engine.answer("4000 50", session).language == "fr"
