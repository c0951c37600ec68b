"""The chat model for the settings: any OpenAI-compatible server, or another LangChain provider via `init_chat_model`.

`KPI_LLM_PROVIDER=openai` (the default) covers OpenAI and every OpenAI-compatible server (llama.cpp, vLLM, Ollama's
`/v1`, LM Studio...). Other providers (`ollama`, `anthropic`, `mistralai`, `groq`...) go through LangChain's
`init_chat_model` and need their integration package (`pip install 'kpi-assistant[ollama]'` or `[anthropic]`).
"""

from __future__ import annotations

import importlib
from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from assistant.config import Settings
from assistant.secrets import register_secret

# A local server ignores the key, but the OpenAI client refuses to start without one.
DUMMY_KEY = "not-needed"
# Each provider's names for the common settings (init_chat_model passes keyword arguments to the model class).
_PARAMETERS: dict[str, dict[str, str]] = {
    "ollama": {"max_tokens": "num_predict", "timeout": "", "max_retries": ""},
    "anthropic": {"timeout": "default_request_timeout"},
}
# The package each provider needs, for a clear message when it is missing.
EXTRAS = {"ollama": "langchain-ollama", "anthropic": "langchain-anthropic"}


class LlmNotConfigured(RuntimeError):
    """No API key and no base URL: there is no LLM to call."""


def _openai_compatible_class() -> type[BaseChatModel]:
    from langchain_openai import ChatOpenAI  # imported here: the offline path never loads the OpenAI client

    class CompatibleChatOpenAI(ChatOpenAI):
        """ChatOpenAI with the request shapes every OpenAI-compatible server accepts.

        - An assistant message that only calls tools is sent with `"content": ""`, not `null` (llama.cpp's Python
          server answers HTTP 500 to null content).
        - The answer's length cap is sent as `max_tokens` to servers other than OpenAI's own: LangChain renames it
          `max_completion_tokens`, which some servers ignore, and a model then writes until its context is full.
        """

        def _get_request_payload(self, input_: Any, *, stop: list[str] | None = None, **kwargs: Any) -> dict:
            payload = super()._get_request_payload(input_, stop=stop, **kwargs)
            for message in payload.get("messages", []):
                if message.get("role") == "assistant" and message.get("content") is None:
                    message["content"] = ""
            if self.openai_api_base and "max_completion_tokens" in payload:
                payload["max_tokens"] = payload.pop("max_completion_tokens")
            return payload

    return CompatibleChatOpenAI


def build_chat_model(settings: Settings, **client: Any) -> BaseChatModel:
    """The chat model for these settings. `client` goes to the model class (tests pass an `http_client`).

    Retries are made by the agent (so that they count against the turn's deadline): the OpenAI client gets none.
    """
    if not settings.llm_configured:
        raise LlmNotConfigured("set OPENAI_API_KEY or OPENAI_BASE_URL")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
    register_secret(key)
    provider = settings.llm_provider.lower().strip() or "openai"
    if provider == "openai":
        return _openai_compatible_class()(
            model=settings.llm_model, base_url=settings.llm_base_url or None,
            api_key=SecretStr(key or DUMMY_KEY), timeout=settings.llm_timeout, max_retries=0,
            temperature=settings.llm_temperature, max_tokens=settings.llm_max_tokens, **client,
        )
    return _init_other(provider, settings, key, client)


def _init_other(provider: str, settings: Settings, key: str, client: dict[str, Any]) -> BaseChatModel:
    from langchain.chat_models import init_chat_model

    names = _PARAMETERS.get(provider, {})
    values: dict[str, Any] = {"temperature": settings.llm_temperature, "max_tokens": settings.llm_max_tokens,
                              "timeout": settings.llm_timeout, "max_retries": settings.llm_max_retries}
    kwargs = {names.get(k, k): v for k, v in values.items() if names.get(k, k)}
    if settings.llm_base_url:
        kwargs["base_url"] = settings.llm_base_url
    if key:
        kwargs["api_key"] = key
    try:
        if provider in EXTRAS:  # a clear message before init_chat_model's own
            importlib.import_module(EXTRAS[provider].replace("-", "_"))
        return init_chat_model(settings.llm_model, model_provider=provider, **kwargs, **client)
    except ImportError as exc:
        package = EXTRAS.get(provider, f"the LangChain integration for {provider}")
        raise LlmNotConfigured(f"KPI_LLM_PROVIDER={provider} needs {package} (pip install {package})") from exc
