"""The running app through `gradio_client`, plain HTTP and MCP: what an outside program sees."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

import pytest
from gradio_client import Client

from tools.registry import all_tools

pytestmark = pytest.mark.slow

CAC_INPUT = json.dumps({"marketing_spend": 1200, "new_customers": 15})


@pytest.fixture(scope="module")
def client(app_server):
    return Client(app_server[0], verbose=False, download_files=False)


def _final_texts(chat_history) -> str:
    """All text of a chat history returned by the API (Gradio 6 gives content as a list of text parts)."""
    out = []
    for message in chat_history:
        content = message["content"]
        parts = content if isinstance(content, list) else [{"text": content}]
        out += [p.get("text", "") for p in parts if isinstance(p, dict)]
    return "\n".join(out)


def test_a_question_gets_the_answer_with_its_number_and_sources(client):
    box, history, *_ = client.predict("J'ai dépensé 1200 € en marketing et gagné 15 clients : quel est mon CAC ?",
                                      [], "fr", api_name="/chat")
    text = _final_texts(history)
    assert box == ""
    assert history[0]["role"] == "user"
    steps = [m["metadata"]["title"] for m in history if (m.get("metadata") or {}).get("title")]
    assert steps == ["🧮 Coût d'acquisition client (CAC) → 80 €"]  # the collapsible tool step
    assert "`CAC = 1 200 / 15 = 80`" in text
    assert "Sources" in text and "5 KPI Marketing indispensables" in text  # cites article 000 by its title
    assert text.endswith("<sub>Réponse du moteur hors ligne (règles)</sub>")


def test_the_offline_chat_answers_in_one_message_not_a_stream(app_server):
    with urllib.request.urlopen(f"{app_server[0]}/config", timeout=10) as resp:  # noqa: S310 (loopback)
        config = json.load(resp)
    chat = next(d for d in config["dependencies"] if d.get("api_name") == "chat")
    assert chat["types"]["generator"] is False


def test_each_api_client_has_its_own_conversation(app_server):
    first = Client(app_server[0], verbose=False, download_files=False)
    second = Client(app_server[0], verbose=False, download_files=False)
    _, history_1, *_ = first.predict("Quel est mon CAC pour 1200 € et 15 clients ?", [], "fr", api_name="/chat")
    _, history_2, *_ = second.predict("What is a good churn rate?", [], "en", api_name="/chat")
    assert "1200" not in _final_texts(history_2)
    assert len(history_1) >= 2


def test_a_calculator_runs_through_the_api(client):
    result = json.loads(client.predict("customer_acquisition_cost", CAC_INPUT, api_name="/calculate_kpi"))
    assert (result["value"], result["unit"], result["formula"]) == (80.0, "EUR", "CAC = 1 200 / 15 = 80")


def test_bad_calculator_input_through_the_api_names_the_field(client):
    result = json.loads(client.predict("customer_acquisition_cost", '{"marketing_spend": -5, "new_customers": 15}',
                                       api_name="/calculate_kpi"))
    assert result == {"error": "customer_acquisition_cost: marketing_spend: Input should be greater than or equal "
                               "to 0 (got -5)", "field": "marketing_spend"}
    broken = json.loads(client.predict("customer_acquisition_cost", "{", api_name="/calculate_kpi"))
    assert broken["field"] == "inputs"


def test_the_api_lists_every_registered_calculator(client):
    listed = json.loads(client.predict("fr", api_name="/list_kpi_tools"))
    assert sorted(t["id"] for t in listed) == sorted(s.id for s in all_tools())
    assert listed[0]["title"] == "Coût d'acquisition client (CAC)"
    assert listed[-1]["family"] == "meta"


def test_knowledge_search_through_the_api_cites_its_sources(client):
    hits = json.loads(client.predict("ratio CLV CAC", "fr", 3, api_name="/search_knowledge"))
    assert len(hits) == 3
    assert all(h["source"] for h in hits)
    refused = json.loads(client.predict("ratio CLV CAC", "de", 3, api_name="/search_knowledge"))
    assert refused == {"error": "lang: must be one of en, fr (got 'de') / doit être l'une des valeurs en, fr "
                                "(reçu : 'de')", "field": "lang"}


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 (loopback test server)
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def test_no_file_outside_the_export_folder_is_served(app_server):
    url, data_dir = app_server
    exported = data_dir / "exports" / "plan.csv"
    exported.write_text("kpi;target\nCAC;80\n")
    assert _status(f"{url}/gradio_api/file={exported}") == 200
    assert _status(f"{url}/gradio_api/file=/etc/passwd") == 403
    assert _status(f"{url}/gradio_api/file={data_dir / 'browser_secret'}") == 403
    assert _status(f"{url}/gradio_api/file={data_dir / 'exports'}/../browser_secret") == 403
    assert _status(f"{url}/gradio_api/file={__file__}") == 403


async def _mcp_round_trip(url: str) -> tuple[list[str], str]:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async with streamable_http_client(f"{url}/gradio_api/mcp/") as (read, write, _):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            result = await session.call_tool("calculate_kpi", {"tool": "customer_acquisition_cost",
                                                               "inputs": json.loads(CAC_INPUT)})
            return [t.name for t in tools.tools], result.content[0].text


def test_mcp_clients_list_and_call_the_calculators(app_server):
    names, text = asyncio.run(_mcp_round_trip(app_server[0]))
    assert sorted(names) == ["ask_kpi_assistant", "calculate_kpi", "list_kpi_tools", "search_knowledge"]
    result = json.loads(text)
    assert (result["tool"], result["value"], result["unit"]) == ("customer_acquisition_cost", 80.0, "EUR")


def test_uploads_over_5_mb_are_refused(app_server):
    import httpx

    url = app_server[0]
    small = httpx.post(f"{url}/gradio_api/upload", files={"files": ("small.csv", b"a,b\n1,2\n", "text/csv")})
    assert small.status_code == 200
    big = httpx.post(f"{url}/gradio_api/upload",
                     files={"files": ("big.csv", b"0," * (3 * 1024 * 1024), "text/csv")})  # 6 MB
    assert big.status_code == 413
