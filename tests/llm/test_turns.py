"""One LLM turn end to end with a scripted model: tools first, a calculation required, bounded time, memory."""

from __future__ import annotations

import time

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from assistant.agent import LlmEngine
from assistant.config import Settings
from assistant.offline.engine import OfflineEngine
from assistant.router import build_engine
from assistant.session import Session

from .fakes import ListRetriever, ScriptedChatModel, tool_turn

CAC = "customer_acquisition_cost"
SURE = "I spent 4000 € and won 50 new customers. What is my CAC?"
# Two KPIs asked, and the reader's one calculation leaves the 9 000 visitors out: the model must calculate.
UNSURE = "I spent 4000 € and won 50 new customers from 9000 visitors. What are my CAC and my conversion rate?"
LEFT_OUT = "I spent 4000 € and won 50 new customers from 9000 visitors. What is my CAC?"


@pytest.fixture
def llm_settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path, engine="llm", llm_base_url="http://127.0.0.1:9/v1", llm_max_steps=4,
                    _env_file=None)


def _engine(settings, *responses):
    model = ScriptedChatModel(responses=list(responses))
    return build_engine(settings, ListRetriever(), chat_model=model), model


def test_a_sure_calculation_is_in_the_conversation_before_the_model_speaks(llm_settings):
    engine, model = _engine(llm_settings, AIMessage("Your CAC is 80 € (4 000 € / 50 customers)."))
    reply = engine.answer(SURE, Session())
    assert len(model.calls) == 1  # one model call writes the answer
    sent = model.calls[0]
    call, result = sent[-2], sent[-1]
    assert isinstance(call, AIMessage) and call.tool_calls[0]["name"] == CAC
    assert call.tool_calls[0]["args"]["marketing_spend"] == 4000.0 and call.tool_calls[0]["args"]["new_customers"] == 50
    assert isinstance(result, ToolMessage) and '"value":80.0' in result.content
    assert reply.engine == "llm" and reply.notices == []
    assert [(c.name, c.result["value"]) for c in reply.tool_calls] == [(CAC, 80.0)]


def test_figures_left_out_while_another_kpi_is_named_leave_the_calculations_to_the_model(llm_settings):
    engine, model = _engine(llm_settings, tool_turn(CAC, {"marketing_spend": 4000, "new_customers": 50}),
                            AIMessage("Your CAC is 80 €."))
    reply = engine.answer(UNSURE, Session())
    assert not any(isinstance(m, ToolMessage) for m in model.calls[0])
    assert [c.result["value"] for c in reply.tool_calls] == [80.0]


def test_a_figure_the_reader_left_out_is_named_to_the_model_beside_the_result(llm_settings):
    engine, model = _engine(llm_settings, AIMessage("Your CAC is 80 € (4 000 € / 50 customers)."))
    reply = engine.answer(LEFT_OUT, Session())
    assert len(model.calls) == 1
    result = model.calls[0][-1]
    assert isinstance(result, ToolMessage) and '"value":80.0' in result.content
    assert result.content.endswith(',"not_used":["9000 visitors"]}')
    assert [(c.name, c.result["value"]) for c in reply.tool_calls] == [(CAC, 80.0)]


def test_the_model_may_calculate_again_with_a_figure_left_out(llm_settings):
    engine, model = _engine(llm_settings, tool_turn("conversion_rate", {"conversions": 50, "visitors": 9000}),
                            AIMessage("Your CAC is 80 € and your conversion rate 0.56 %."))
    reply = engine.answer(LEFT_OUT, Session())
    assert [(c.name, c.result["value"]) for c in reply.tool_calls] == [(CAC, 80.0), ("conversion_rate", 0.555556)]
    assert reply.notices == []


def test_the_parts_of_a_derived_input_count_as_used(llm_settings):
    engine, model = _engine(llm_settings, AIMessage("Your open rate is 23 %."))
    reply = engine.answer("Newsletter sent to 8,200 contacts, 200 bounced, 1,840 opens. Open rate?", Session())
    assert len(model.calls) == 1 and isinstance(model.calls[0][-1], ToolMessage)
    assert [(c.name, c.arguments["delivered"], c.result["value"]) for c in reply.tool_calls] == [
        ("email_open_rate", 8000, 23.0)]


@pytest.mark.parametrize(("q", "tool", "value"), [
    # amounts added up into one input are its parts (blind LLM case l002)
    ("Industrial valve maker. Q3: we closed 12 new accounts, marketing budget was $18,000 and the sales team cost "
     "$30,000. Revenue for the quarter was $410k. What's our fully loaded CAC, sales included?", CAC, 4000),
    # a judged calculation names what it left out ('6 ans'), so it is sure too (blind LLM cases k023, l022)
    ("Campagne Google pour notre traiteur (on existe depuis 6 ans) : 2 400 € dépensés pour 1 800 € de commandes. "
     "C'est grave docteur ?", "marketing_roi", -25),
    # a stated value judged names the other figures too (blind LLM case m022)
    ("Mon agence tourne depuis 8 ans, et nos campagnes Google Ads affichent un ROI de -35 % sur le semestre. "
     "C'est grave ou pas ?", "kpi_health", -35),
    # 'taux de clic' names the ad CTR and the email click rate at once: one KPI said (m004)
    ("Ma pub Facebook : 38 400 impressions, 614 clics, et 2 300 € de CA sur les brunchs ce mois-là. Quel est mon "
     "taux de clic sur la pub ?", "click_through_rate", 1.59896),
])
def test_added_up_amounts_and_figures_named_as_left_out_keep_a_calculation_sure(llm_settings, q, tool, value):
    engine, model = _engine(llm_settings, AIMessage("See the result above."))
    reply = engine.answer(q, Session())
    assert len(model.calls) == 1 and isinstance(model.calls[0][-1], ToolMessage)
    assert [(c.name, c.result["value"]) for c in reply.tool_calls] == [(tool, value)]


def test_a_figure_no_word_ties_to_the_calculator_leaves_the_question_for_the_missing_input(llm_settings):
    engine, model = _engine(llm_settings, AIMessage("unused"))
    reply = engine.answer("Dropped 3,200€ on Google Ads last quarter for my clinic, site got 14,000 visits. "
                          "What's my CAC?", Session())  # blind LLM case m029: the model divided 3 200 by 14 000
    assert model.calls == [] and reply.tool_calls == [] and "?" in reply.answer


def test_a_stated_value_to_judge_is_in_the_conversation_as_a_health_check(llm_settings):
    engine, model = _engine(llm_settings, AIMessage("A 2.8 % monthly churn: see the health check above."))
    reply = engine.answer("Is a 2.8% monthly churn rate healthy for a B2B SaaS?", Session())
    assert len(model.calls) == 1
    call = model.calls[0][-2].tool_calls[0]
    assert call["name"] == "kpi_health" and call["args"]["kpi"] == "churn_rate" and call["args"]["value"] == 2.8
    assert [c.name for c in reply.tool_calls] == ["kpi_health"]


def test_an_answer_without_a_tool_result_is_asked_again_with_a_tool_call_required(llm_settings):
    engine, model = _engine(llm_settings, AIMessage("Your CAC is 80 €."),
                            tool_turn(CAC, {"marketing_spend": 4000, "new_customers": 50}),
                            AIMessage("Your CAC is 80 € (4 000 / 50)."))
    reply = engine.answer(UNSURE, Session())
    assert model.tool_choices[:2] == [None, CAC]  # the required call names the tool (servers refuse "required")
    assert reply.engine == "llm" and reply.answer == "Your CAC is 80 € (4 000 / 50)."
    assert [c.result["value"] for c in reply.tool_calls] == [80.0]


def test_no_tool_call_even_when_required_is_answered_offline_with_a_notice(llm_settings):
    engine, model = _engine(llm_settings, AIMessage("Your CAC is 80 €."), AIMessage("I said 80 €."))
    reply = engine.answer(UNSURE, Session())
    assert len(model.calls) == 2
    assert reply.engine == "offline"
    assert reply.notices[0] == ("Answered offline because the LLM gave a result without running a calculator, "
                                "even when asked to.")


def test_a_verdict_no_tool_gave_and_a_claimed_action_are_flagged(llm_settings):
    engine, _ = _engine(llm_settings, AIMessage("Your CAC of 80 € is healthy. I saved the file with your plans."))
    reply = engine.answer(SURE, Session())
    assert reply.engine == "llm"
    assert reply.notices == [
        "Check these judgements: no calculator or health rule gave them in this answer: "
        "“Your CAC of 80 € is healthy.”.",
        "The assistant cannot do this; it only calculates, searches its knowledge base and reads your uploaded data, "
        "and nothing was changed: “I saved the file”.",
    ]


def test_a_verdict_from_kpi_health_is_not_flagged(llm_settings):
    health = {"kpi": "customer_acquisition_cost", "value": 80, "context": {"average_price": 300}}
    engine, _ = _engine(llm_settings, tool_turn("kpi_health", health),
                        AIMessage("Your CAC of 80 € is healthy against a 300 € price."))
    reply = engine.answer("My CAC is 80 € for a 300 € price: is that healthy?", Session())
    assert reply.tool_calls[-1].result["verdict"]["level"] == "good"
    assert reply.notices == []


def test_a_judged_value_and_its_verdict_the_model_left_out_are_put_before_its_answer(llm_settings):
    # the local 1.5B, given the health check of 2,8 %, wrote only 'Je suis content que vous ayez trouvé ce KPI.'
    engine, _ = _engine(llm_settings, AIMessage("Je suis content que vous ayez trouvé ce KPI."))
    reply = engine.answer("J'ai une boutique en ligne de thés (vente aux particuliers), mon taux de conversion est "
                          "de 2,8 %. C'est correct ou pas ?", Session())
    assert [c.name for c in reply.tool_calls] == ["kpi_health"]
    top, written = reply.answer.rsplit("\n\n", 1)
    assert written == "Je suis content que vous ayez trouvé ce KPI."
    assert top.startswith("**Taux de conversion : 2,8 %**")
    assert "**Verdict : bon** — 2,8 % est dans la fourchette" in top


def test_a_judged_value_and_verdict_the_model_wrote_get_no_line_before_its_answer(llm_settings):
    engine, _ = _engine(llm_settings, AIMessage("Votre taux de conversion de 2,8 % est bon pour une boutique B2C."))
    reply = engine.answer("J'ai une boutique en ligne de thés (vente aux particuliers), mon taux de conversion est "
                          "de 2,8 %. C'est correct ou pas ?", Session())
    assert reply.answer == "Votre taux de conversion de 2,8 % est bon pour une boutique B2C." and reply.notices == []


def test_a_model_that_hangs_ends_the_turn_at_its_deadline(llm_settings):
    class Hanging(ScriptedChatModel):
        def _generate(self, messages, stop=None, run_manager=None, **kwargs):
            time.sleep(30)
            return super()._generate(messages, stop, run_manager, **kwargs)

    settings = llm_settings.model_copy(update={"llm_turn_deadline": 2.0})
    engine = build_engine(settings, ListRetriever(), chat_model=Hanging(responses=[AIMessage("late")]))
    start = time.monotonic()
    reply = engine.answer(SURE, Session())
    assert time.monotonic() - start < 2.0 + 5
    assert reply.engine == "offline"
    assert reply.notices[0] == "Answered offline because the LLM did not finish within 2 s."


def test_memory_survives_a_restart_and_keeps_only_questions_and_answers(llm_settings):
    session = Session()
    first, _ = _engine(llm_settings, AIMessage("Your CAC is 80 €."))
    first.answer(SURE, session)
    # A new process: a new engine on the same data folder, and a session object with the same id.
    restarted, model = _engine(llm_settings, AIMessage("It was 80 € per customer."))
    reply = restarted.answer("Remind me of my CAC?", Session(id=session.id))
    sent = [(type(m).__name__, m.text) for m in model.calls[0][1:]]
    assert sent == [("HumanMessage", SURE), ("AIMessage", "Your CAC is 80 €."),
                    ("HumanMessage", "Remind me of my CAC?")]
    assert reply.notices == []  # 80 comes from the earlier turn's tool result, read back from the memory


def test_a_turn_answered_offline_is_what_the_memory_keeps(llm_settings):
    import openai

    session = Session()
    failing = openai.APIConnectionError(request=__import__("httpx").Request("POST", "http://127.0.0.1/v1"))
    engine, model = _engine(llm_settings, failing, AIMessage("Noted."))
    offline_reply = engine.answer(SURE, session)
    assert offline_reply.engine == "offline"
    engine.answer("thanks", session)
    sent = [m for m in model.calls[-1] if isinstance(m, HumanMessage | AIMessage)]
    assert [m.text for m in sent] == [SURE, offline_reply.answer, "thanks"]


def test_one_agent_serves_every_turn_and_language(llm_settings):
    model = ScriptedChatModel(responses=[AIMessage("Bonjour."), AIMessage("Hello.")])
    engine = LlmEngine(llm_settings, ListRetriever(), model, reader=OfflineEngine(ListRetriever()))
    engine.answer("Bonjour, que sais-tu faire ?", Session())
    agent = engine.agent
    engine.answer("Hello, what can you do?", Session())
    assert engine.agent is agent
    assert model.calls[0][0].content.startswith("Vous êtes") and model.calls[1][0].content.startswith("You are")


def test_a_response_that_only_repeats_the_answered_call_ends_the_turn_with_its_result(llm_settings):
    # The 1.5B model copied the prefilled call (defaults included) instead of answering from its result.
    engine, model = _engine(llm_settings,
                            tool_turn(CAC, {"marketing_spend": 4000, "new_customers": 50, "sales_spend": 0,
                                            "currency": "EUR"}),
                            AIMessage("never asked"))
    reply = engine.answer(SURE, Session())
    assert len(model.calls) == 1
    assert [(c.name, c.result["value"]) for c in reply.tool_calls] == [(CAC, 80.0)]  # ran once, the reader's
    assert reply.answer == "**Customer acquisition cost (CAC): €80**\n`CAC = 4 000 / 50 = 80`"
    assert reply.engine == "llm" and reply.notices == []


def test_a_repeated_call_beside_a_new_one_is_not_run_again_and_the_model_is_told_to_answer(llm_settings):
    repeat = {"name": CAC, "args": {"marketing_spend": 4000, "new_customers": 50}, "id": "c1", "type": "tool_call"}
    new = {"name": "conversion_rate", "args": {"conversions": 50, "visitors": 9000}, "id": "c2", "type": "tool_call"}
    engine, model = _engine(llm_settings, AIMessage(content="", tool_calls=[repeat, new]),
                            AIMessage("Your CAC is 80 € and your conversion rate 0.56 %."))
    reply = engine.answer(SURE, Session())
    told = [m for m in model.calls[1] if isinstance(m, ToolMessage) and m.tool_call_id == "c1"]
    assert told[0].content.startswith("Already calculated in this conversation: CAC = 4 000 / 50 = 80. Do not call")
    assert [(c.name, c.result["value"]) for c in reply.tool_calls] == [(CAC, 80.0), ("conversion_rate", 0.555556)]


def test_the_same_tool_with_other_arguments_runs(llm_settings):
    engine, model = _engine(llm_settings, tool_turn(CAC, {"marketing_spend": 5000, "new_customers": 50}),
                            AIMessage("With 5 000 € your CAC would be 100 €; with 4 000 €, 80 €."))
    reply = engine.answer(SURE, Session())
    assert [(c.name, c.result["value"]) for c in reply.tool_calls] == [(CAC, 80.0), (CAC, 100.0)]


def test_a_repeated_health_check_ends_the_turn_with_its_verdict_and_source(llm_settings):
    engine, model = _engine(llm_settings, tool_turn("clv_cac_ratio", {"clv": 1200, "cac": 300}),
                            AIMessage("never asked"))
    reply = engine.answer("CLV 1 200 €, CAC 300 €: is my CLV:CAC ratio healthy?", Session())
    assert len(model.calls) == 1
    assert reply.answer.startswith("**CLV:CAC ratio: 4**\n`CLV:CAC = 1 200 / 300 = 4 (4:1)`\n\n**Verdict: good**")
    assert "CLV:CAC 4:1 meets the 3:1 rule of thumb." in reply.answer and "_Rule source: " in reply.answer
    assert reply.notices == []


@pytest.mark.parametrize(("q", "tool", "value"), [
    # a KPI name that is one of the calculator's inputs ('churn mensuel'), the CLV family's own name, and a word of
    # the solver ('notre cible') are no other KPI asked: the calculation stays sure
    ("Notre appli de réservation pour restaurants : ARPU de 49 € par mois, marge brute 80 %, churn mensuel 2,5 %. On "
     "a 1 300 restos clients. Quelle est la CLV si on tient compte de la marge et du churn ?", "clv_margin_churn",
     1568),
    ("On édite un logiciel de devis pour le BTP. Ce trimestre on a reçu 260 leads (site + webinaires), mais seulement "
     "91 correspondent vraiment à notre cible (entreprises de plus de 20 salariés). Ça fait quel taux de leads "
     "qualifiés ?", "qualified_lead_rate", 35),
])
def test_input_words_that_name_a_kpi_keep_a_calculation_sure(llm_settings, q, tool, value):
    engine, model = _engine(llm_settings, AIMessage("Voilà."))
    engine.answer(q, Session())
    call, result = model.calls[0][-2], model.calls[0][-1]
    assert call.tool_calls[0]["name"] == tool and f'"value":{float(value)}' in result.content


def test_a_funnels_weakest_step_the_model_left_out_is_put_before_its_answer():
    from assistant.headline import headline
    from assistant.reply import ToolCall
    from tools.registry import run_tool

    result = run_tool("funnel_conversion", {"stages": [{"name": "visits", "count": 10000},
                                                       {"name": "carts", "count": 500},
                                                       {"name": "orders", "count": 100}]})
    call = ToolCall(name="funnel_conversion", arguments=result.inputs, result=result.model_dump())
    top = headline("Overall, 1 % of visitors order.", [call], "en")
    assert top == "**Weakest step: visits → carts (5 %)** — the stage to work on first."
    assert headline("1 % overall; the weakest step is visits → carts at 5 %.", [call], "en") == ""
