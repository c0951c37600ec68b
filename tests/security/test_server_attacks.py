"""Issue 11 against the running app: the API (gradio_client and raw HTTP) and MCP, as an attacker reaches them.

Each case is one of the attack run's breaks; each must end in a message naming the field (or the body's
problem), fast, with the server still up. The last test measures the server's resident memory.
"""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from gradio_client import Client

from tests.security.conftest import rss_mb

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

MEGABYTE = "I spent 1200 EUR and won 15 customers, what is my CAC? " * 18_500
DEEP = "[" * 50_000 + "]" * 50_000
CAC = {"marketing_spend": 1200, "new_customers": 15}


@pytest.fixture(scope="module")
def client(attacked_app):
    return Client(attacked_app.url, verbose=False, download_files=False)


def _texts(history) -> str:
    parts = []
    for message in history:
        content = message["content"]
        parts += [p.get("text", "") for p in (content if isinstance(content, list) else [{"text": content}])]
    return "\n".join(parts)


# --- resource abuse: a 1 MB question on every entry point ---

def test_ask_endpoint_refuses_a_megabyte_question_in_under_five_seconds(client):
    start = time.perf_counter()
    out = json.loads(client.predict(MEGABYTE, api_name="/ask_kpi_assistant"))
    assert time.perf_counter() - start < 5
    assert out["field"] == "question" and out["error"].startswith("question: at most 4,000 characters")


def test_chat_endpoint_refuses_a_megabyte_question_and_keeps_it_in_the_box(client):
    start = time.perf_counter()
    box, history, *_ = client.predict(MEGABYTE, [], "en", api_name="/chat")
    assert time.perf_counter() - start < 10
    assert box == MEGABYTE
    assert _texts(history).startswith("⚠️ question: at most 4,000 characters (got 1,0")


def test_search_endpoint_refuses_a_megabyte_query(client):
    out = json.loads(client.predict(MEGABYTE, "fr", 5, api_name="/search_knowledge"))
    assert out["field"] == "query" and "4\u202f000 caractères au plus" in out["error"]


# --- wrong types through gradio_client: a message naming the field, never "upstream app has raised" ---

@pytest.mark.parametrize("tool", [123, None, ["customer_acquisition_cost"]])
def test_calculate_kpi_with_a_tool_that_is_not_an_id(client, tool):
    out = json.loads(client.predict(tool, CAC, api_name="/calculate_kpi"))
    assert out["field"] == "tool" and out["error"].startswith("tool: must be a calculator id")


@pytest.mark.parametrize("query, k, field", [(123, 5, "query"), ("ratio CLV CAC", None, "k")])
def test_search_knowledge_with_a_wrong_type(client, query, k, field):
    out = json.loads(client.predict(query, "en", k, api_name="/search_knowledge"))
    assert out["field"] == field


@pytest.mark.parametrize("question", [42, {"question": "CAC?"}])
def test_ask_with_a_number_or_a_dict(client, question):
    out = json.loads(client.predict(question, api_name="/ask_kpi_assistant"))
    assert out["field"] == "question" and out["error"].startswith("question: must be text")


@pytest.mark.parametrize("history, why", [("not a list", "must be a list of messages (got text)"),
                                          ({"role": "user"}, "must be a list of messages (got an object)"),
                                          ([1, 2], "each message must be an object with a role")])
def test_chat_with_a_history_that_is_not_a_list_of_messages(client, history, why):
    box, shown, *_ = client.predict("CAC for 1200 EUR and 15 customers?", history, "en", api_name="/chat")
    assert _texts(shown) == f"⚠️ history: {why}" or _texts(shown).startswith(f"⚠️ history: {why}")


def test_chat_accepts_a_history_with_plain_text_contents(client):
    history = [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi, ask me about KPIs."}]
    _, shown, *_ = client.predict("CAC for 1200 EUR and 15 customers?", history, "en", api_name="/chat")
    assert "Hello" in _texts(shown) and "80" in _texts(shown)


def test_a_boolean_figure_is_refused_by_the_api(client):
    out = json.loads(client.predict("customer_acquisition_cost", {"marketing_spend": True, "new_customers": 15},
                                    api_name="/calculate_kpi"))
    assert out["field"] == "marketing_spend" and "not true/false" in out["error"]


def test_terminal_escapes_are_not_read_as_figures_through_the_api(client):
    out = json.loads(client.predict("CAC \x1b[31m 1200 \x07 15", api_name="/ask_kpi_assistant"))
    assert "31" not in json.dumps(out["tool_calls"]) and "31" not in out["answer"]


# --- huge numbers and deep JSON: as a JSON text argument, and as the raw request body ---

def test_a_five_thousand_digit_integer_as_inputs_text_is_refused(client):
    text = '{"marketing_spend": ' + "9" * 5000 + ', "new_customers": 15}'
    out = json.loads(client.predict("customer_acquisition_cost", text, api_name="/calculate_kpi"))
    assert out["error"].startswith("inputs: a number of 5000 digits is out of range")


def test_fifty_thousand_deep_inputs_text_is_refused(client):
    out = json.loads(client.predict("customer_acquisition_cost", DEEP, api_name="/calculate_kpi"))
    assert out["field"] == "inputs" and "nested more than 32 levels deep" in out["error"]


@pytest.mark.parametrize("payload, why", [('{"data": ["customer_acquisition_cost", ' + DEEP + "]}",
                                           "nested more than 64 levels deep"),
                                          ('{"data": ["customer_acquisition_cost", {"marketing_spend": '
                                           + "9" * 5000 + "}]}", "a number of 5000 digits is out of range")])
def test_a_raw_http_body_too_deep_or_with_a_huge_number_gets_a_400_that_says_why(attacked_app, payload, why):
    resp = httpx.post(f"{attacked_app.url}/gradio_api/call/calculate_kpi", content=payload,
                      headers={"Content-Type": "application/json"}, timeout=30)
    assert resp.status_code == 400
    assert resp.json()["detail"].startswith(f"request body: {why}")


# --- MCP: typed inputs, resources, and the same refusals ---

async def _mcp(url: str, work):
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async with streamable_http_client(f"{url}/gradio_api/mcp/") as (read, write, _):
        async with ClientSession(read, write) as session:
            await session.initialize()
            return await work(session)


def mcp(app, work):
    # In a thread of its own: the browser tests' Playwright may hold an event loop in the main thread.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _mcp(app.url, work)).result()


def test_mcp_tools_take_an_object_and_an_enum_of_calculator_ids(attacked_app):
    from tools.registry import all_tools

    tools = {t.name: t.inputSchema for t in mcp(attacked_app, lambda s: s.list_tools()).tools}
    calc = tools["calculate_kpi"]["properties"]
    assert sorted(calc["tool"]["enum"]) == sorted(s.id for s in all_tools())
    assert calc["inputs"]["type"] == "object"
    assert tools["search_knowledge"]["properties"]["lang"]["enum"] == ["en", "fr"]


def test_mcp_calls_with_an_object_and_refuses_an_unknown_id_or_a_long_question(attacked_app):
    async def work(session):
        ok = await session.call_tool("calculate_kpi", {"tool": "customer_acquisition_cost", "inputs": CAC})
        unknown = await session.call_tool("calculate_kpi", {"tool": "linkedin-ads", "inputs": {"cost": 1}})
        long = await session.call_tool("ask_kpi_assistant", {"question": MEGABYTE})
        flag = await session.call_tool("calculate_kpi", {"tool": "customer_acquisition_cost",
                                                         "inputs": {"marketing_spend": True, "new_customers": 15}})
        return ok, unknown, long, flag

    ok, unknown, long, flag = mcp(attacked_app, work)
    assert json.loads(ok.content[0].text)["value"] == 80.0
    assert unknown.isError and "'linkedin-ads' is not one of" in unknown.content[0].text
    assert json.loads(long.content[0].text)["field"] == "question"
    assert json.loads(flag.content[0].text)["field"] == "marketing_spend"


def test_mcp_lists_the_knowledge_entries_as_resources_and_reads_one(attacked_app):
    async def work(session):
        listed = await session.list_resources()
        templates = await session.list_resource_templates()
        index = await session.read_resource("kpi://knowledge")
        entry = await session.read_resource("kpi://knowledge/fr/kpi-cac_payback")
        missing = await session.read_resource("kpi://knowledge/en/no-such-entry")
        return listed, templates, index, entry, missing

    listed, templates, index, entry, missing = mcp(attacked_app, work)
    assert [str(r.uri) for r in listed.resources] == ["kpi://knowledge"]
    assert [t.uriTemplate for t in templates.resourceTemplates] == ["kpi://knowledge/{lang}/{entry_id}"]
    assert "- `kpi-cac_payback` — " in index.contents[0].text
    text = entry.contents[0].text
    assert text.startswith("# Délai de récupération du CAC") and "*Source: " in text
    assert missing.contents[0].text.startswith("No knowledge entry 'no-such-entry' in 'en'")


def test_a_fifty_thousand_deep_mcp_request_gets_a_json_rpc_error_that_says_why(attacked_app):
    url = f"{attacked_app.url}/gradio_api/mcp/"
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    body = ('{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "calculate_kpi", '
            '"arguments": {"tool": "customer_acquisition_cost", "inputs": {"x": ' + DEEP + "}}}}")
    resp = httpx.post(url, content=body, headers=headers, timeout=30)
    assert resp.status_code == 400
    assert resp.json()["error"]["message"] == ("request body: nested more than 64 levels deep / corps de la "
                                               "requête : imbriqué sur plus de 64 niveaux")


# --- after all of it ---

def test_the_server_is_still_up_and_its_memory_stays_bounded(attacked_app, client):
    result = json.loads(client.predict("customer_acquisition_cost", CAC, api_name="/calculate_kpi"))
    assert result["value"] == 80.0
    rss = rss_mb(attacked_app.pid)
    print(f"\n[security] app server RSS: {rss:.0f} MB")
    assert rss < 1500
