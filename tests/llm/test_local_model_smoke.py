"""A real local model (make llm-local) answers a CAC question through the agent; skipped when no server is up.

Not part of what `make test` needs: on a CPU one turn takes from 20 s to several minutes.
"""

from __future__ import annotations

import os

import httpx
import pytest

from assistant.config import Settings
from assistant.router import build_engine
from assistant.session import Session

from .fakes import ListRetriever

LOCAL = os.environ.get("KPI_LOCAL_LLM_URL", "http://127.0.0.1:8080/v1")


def _up() -> bool:
    """Our server is up: it lists the model under the alias `make llm-local` gives it ('local'), so another server
    that happens to listen on the port is not sent a test."""
    try:
        response = httpx.get(f"{LOCAL}/models", timeout=10)
        return response.status_code == 200 and any(m.get("id") == "local" for m in response.json().get("data", []))
    except (httpx.HTTPError, ValueError, AttributeError):
        return False


_WHY = f"no local model server of `make llm-local` at {LOCAL} (a model listed as 'local'): start one with it"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not _up(), reason=_WHY)]


@pytest.mark.timeout(1000)
def test_a_real_local_model_answers_with_the_calculators_number(tmp_path):
    settings = Settings(_env_file=None, engine="llm", llm_base_url=LOCAL, llm_model="local", llm_timeout=400,
                        llm_turn_deadline=900, llm_max_retries=0, data_dir=tmp_path)
    reply = build_engine(settings, ListRetriever()).answer(
        "I spent 1200 EUR and got 15 new customers. What is my CAC?", Session())
    assert reply.engine == "llm", reply.notices
    assert [(c.name, c.result["value"]) for c in reply.tool_calls][:1] == [("customer_acquisition_cost", 80.0)]
    assert "80" in reply.answer
