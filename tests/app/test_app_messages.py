"""Engine reply → chat messages: tool steps collapsible, sources under the answer, notices and engine visible."""

from __future__ import annotations

import pytest

from assistant.reply import Reply, SourceRef, ToolCall
from assistant.session import Session
from assistant.ui.chat import final_frame, respond, stream_messages
from assistant.ui.messages import reply_to_messages, sources_markdown
from tools.registry import run_tool
from tools.sources import cite

CAC_ARGS = {"marketing_spend": 1200, "new_customers": 15}


def _cac_reply(**kw) -> Reply:
    result = run_tool("customer_acquisition_cost", CAC_ARGS).contract()
    base = {"answer": "Votre CAC est de **80 EUR**.", "language": "fr", "engine": "offline",
            "tool_calls": [ToolCall(name="customer_acquisition_cost", arguments=CAC_ARGS, result=result)],
            "sources": [SourceRef(id="cac-definition", title="Le CAC", source=cite("000"))]}
    return Reply(**{**base, **kw})


def test_each_tool_call_is_a_collapsed_step_with_inputs_formula_and_result():
    step, answer = reply_to_messages(_cac_reply(), "fr")
    assert step["role"] == "assistant"
    assert step["metadata"] == {"title": "🧮 Coût d'acquisition client (CAC) → 80 €", "status": "done",
                                "id": "tool-0"}
    # field titles and values in the user's notation (babel's narrow no-break space), never an internal id
    assert step["content"].split("\n\n")[:3] == [
        "**Données** : Dépenses marketing 1\u202f200 €, Nouveaux clients 15",
        "**Formule** : `CAC = 1 200 / 15 = 80`",
        "**Résultat** : 80 €",
    ]
    assert "marketing_spend" not in step["content"]
    assert "metadata" not in answer


def test_the_answer_lists_its_sources_under_it_and_names_the_engine():
    _, answer = reply_to_messages(_cac_reply(), "fr")
    assert answer["content"] == (
        "Votre CAC est de **80 EUR**.\n\n"
        "**Sources**\n\n1. **Le CAC** — 5 KPI Marketing indispensables pour savoir si tu es dans la bonne "
        "direction\n\n"  # the article's title, not its file name
        "<sub>Réponse du moteur hors ligne (règles)</sub>"
    )


def test_notices_are_shown_above_the_answer_and_the_llm_engine_is_named():
    reply = _cac_reply(engine="offline", notices=["answered offline because the LLM timed out"], language="en",
                       answer="Your CAC is 80 EUR.", sources=[], tool_calls=[])
    (answer,) = reply_to_messages(reply)
    assert answer["content"] == ("> ℹ️ **Notice**: answered offline because the LLM timed out\n\n"
                                 "Your CAC is 80 EUR.\n\n<sub>Answered by offline engine (rules)</sub>")
    (llm,) = reply_to_messages(reply.model_copy(update={"engine": "llm", "notices": []}))
    assert llm["content"].endswith("<sub>Answered by LLM agent</sub>")


def test_labels_follow_the_reply_language_when_none_is_given():
    step, _ = reply_to_messages(_cac_reply(language="en", answer="80"))
    assert step["metadata"]["title"] == "🧮 Customer acquisition cost (CAC) → €80"


def test_an_undefined_tool_result_says_so_with_its_warning():
    result = run_tool("customer_acquisition_cost", {"marketing_spend": 500, "new_customers": 0}).contract()
    reply = _cac_reply(tool_calls=[ToolCall(name="customer_acquisition_cost", arguments={}, result=result)])
    step, _ = reply_to_messages(reply, "en")
    assert step["metadata"]["title"].endswith("→ undefined")
    assert "⚠️ CAC is undefined: no new customers in the period." in step["content"]


def test_no_sources_gives_no_sources_heading():
    assert sources_markdown([], "en") == ""


class _ScriptedStreamingEngine:
    """Streams a scripted turn the way the router's engines do (tokens, tool, final reply)."""

    def __init__(self, reply: Reply):
        self.reply = reply

    def stream(self, question, session):
        yield {"type": "token", "text": "Votre "}
        yield {"type": "tool", "call": self.reply.tool_calls[0]}
        yield {"type": "token", "text": "CAC"}
        yield {"type": "reply", "reply": self.reply}


def test_streaming_grows_the_answer_then_ends_with_the_full_reply():
    reply = _cac_reply()
    frames = list(stream_messages(_ScriptedStreamingEngine(reply), "cac ?", Session(), "fr"))
    assert frames[0] == [{"role": "assistant", "content": "Votre "}]
    assert [m.get("metadata", {}).get("title") for m in frames[1]] == [
        "🧮 Coût d'acquisition client (CAC) → 80 €", None]
    assert frames[2][-1] == {"role": "assistant", "content": "Votre CAC"}
    assert frames[-1] == reply_to_messages(reply)


class _FailingEngine:
    def answer(self, question, session):
        raise RuntimeError("boom")


def test_a_failing_engine_gives_a_message_and_keeps_the_conversation():
    history = [{"role": "user", "content": "avant"}, {"role": "assistant", "content": "réponse"}]
    frames = list(respond(_FailingEngine(), None, "et mon CAC ?", history, None, "fr"))
    box, shown, session = frames[-1]
    assert box == ""
    assert shown[:3] == [*history, {"role": "user", "content": "et mon CAC ?"}]
    assert shown[3]["content"].startswith("Désolé, l'assistant n'a pas pu répondre.")
    assert "boom" not in shown[3]["content"]
    assert [m.role for m in session.messages] == ["user", "assistant"]


def test_questions_about_uploaded_data_go_to_the_data_answerer_first():
    data_reply = _cac_reply(answer="Google Ads a le meilleur CAC en mars.", tool_calls=[], sources=[])
    asked = []

    def data_answerer(question, session):
        asked.append(question)
        return data_reply

    session = Session(dataset=object())
    frames = list(stream_messages(_FailingEngine(), "meilleur canal ?", session, "fr", data_answerer))
    assert asked == ["meilleur canal ?"]
    assert frames == [reply_to_messages(data_reply)]


class _FastOfflineEngine(_ScriptedStreamingEngine):
    name = "offline"


def test_a_fast_engine_sends_one_frame_per_answer_with_the_question_and_full_reply():
    reply = _cac_reply()
    frames = list(respond(_FastOfflineEngine(reply), None, "cac ?", [], None, "fr"))
    assert len(frames) == 1
    _, shown, session = frames[0]
    assert shown == [{"role": "user", "content": "cac ?"}, *reply_to_messages(reply)]
    assert [m.content for m in session.messages] == ["cac ?", reply_to_messages(reply)[-1]["content"]]


def test_the_non_streaming_handler_returns_the_last_frame_of_the_turn():
    reply = _cac_reply()
    history = [{"role": "user", "content": "avant"}, {"role": "assistant", "content": "réponse"}]
    box, shown, _ = final_frame(respond(_ScriptedStreamingEngine(reply), None, "cac ?", history, None, "fr"))
    assert box == ""
    assert shown == [*history, {"role": "user", "content": "cac ?"}, *reply_to_messages(reply)]


def test_a_turn_without_any_frame_is_an_error_not_an_empty_chat():
    with pytest.raises(ValueError, match="no frame"):
        final_frame(iter([]))


def test_sources_already_listed_in_the_answer_are_not_repeated():
    reply = _cac_reply(answer="80 EUR.\n\n_Sources_\n- [1] Le CAC — Article 000", language="fr")
    _, answer = reply_to_messages(reply)
    assert answer["content"].count("Le CAC") == 1
    assert "**Sources**" not in answer["content"]


def test_a_rule_of_thumb_source_is_named_in_the_users_language():
    from tools.sources import RULE_OF_THUMB_3_TO_1

    md = sources_markdown([SourceRef(id="clv-cac", title="Le ratio CLV:CAC", source=RULE_OF_THUMB_3_TO_1)], "fr")
    assert md == ("**Sources**\n\n1. **Le ratio CLV:CAC** — Règle empirique : CLV:CAC d'au moins 3:1, CLV comptée "
                  "sur la marge brute (David Skok, « SaaS Metrics 2.0 » ; une référence SaaS, absente des articles "
                  "sources)")


def test_an_empty_chat_starts_a_new_conversation_without_the_old_figures():
    from assistant.offline.engine import OfflineEngine
    from tests.offline.fakes import KeywordRetriever

    engine = OfflineEngine(KeywordRetriever())
    *_, (_, shown, session) = respond(engine, None, "1 800 € de pub, 24 nouveaux patients. CAC ?", [], None, "fr")
    *_, (_, _, session) = respond(engine, None, "We spent $1,500 on ads. CAC?", [], session, "en")
    assert "24" not in session.messages[-1].content  # the old conversation's customers are gone: asked for
    *_, (_, _, session) = respond(engine, None, "and 30 new customers", shown + [{"role": "user", "content": "x"}],
                                  session, "en")
    assert "$50" in session.messages[-1].content  # a chat that goes on keeps its figures
