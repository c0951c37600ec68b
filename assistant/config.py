"""All settings in one pydantic-settings model, read from the environment and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "kpi-assistant"
# Providers that run on the user's machine with a default URL and no key.
LOCAL_PROVIDERS = frozenset({"ollama"})


def is_checkout(root: Path = ROOT) -> bool:
    """True when the code runs from a source checkout (a clone, an editable install), not from an installed wheel."""
    return (root / "pyproject.toml").is_file() and (root / "app.py").is_file()


def default_data_dir() -> Path:
    """./data in a checkout; the per-user data folder for an installed package (never site-packages)."""
    if is_checkout():
        return ROOT / "data"
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


class Settings(BaseSettings):
    """Everything configurable. Prefix KPI_ (e.g. KPI_ENGINE=offline); the OpenAI SDK's own variables work too."""

    model_config = SettingsConfigDict(env_prefix="KPI_", env_file=".env", extra="ignore", populate_by_name=True)

    engine: Literal["auto", "offline", "llm"] = Field(
        "auto", description="auto = the LLM when an API key or base URL is set, else the offline engine")
    llm_base_url: str | None = Field(
        None, validation_alias=AliasChoices("KPI_LLM_BASE_URL", "OPENAI_BASE_URL"),
        description="OpenAI-compatible base URL (OpenAI, Ollama, vLLM, llama.cpp server)")
    llm_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("KPI_LLM_API_KEY", "OPENAI_API_KEY"), description="API key; never logged")
    llm_model: str = Field("gpt-4o-mini", description="Model name as the server knows it")
    llm_timeout: float = Field(30.0, gt=0, description="Seconds before one LLM request times out")
    llm_max_retries: int = Field(2, ge=0, le=10, description="Retries on 429 / 5xx / connection errors")
    llm_max_steps: int = Field(8, ge=1, le=50, description="Most tool-calling steps in one turn")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature")
    llm_provider: str = Field(
        "openai", description="LangChain provider for init_chat_model: openai (any OpenAI-compatible server), "
                              "ollama, anthropic, ... (install the matching extra, e.g. kpi-assistant[ollama])")
    llm_max_tokens: int = Field(700, ge=16, le=32_000, description="Most tokens the model may write in one call")
    llm_turn_deadline: float = Field(
        90.0, gt=0, description="Seconds one LLM turn may take, retries and tool steps included; past it the "
                                "offline engine answers with a notice")
    llm_tools_per_turn: int = Field(
        4, ge=1, le=40, description="Calculators offered to the model in one turn (picked from the question)")
    llm_prompt_tokens: int = Field(
        2500, ge=500, le=200_000, description="Most prompt tokens in one LLM call (tiktoken count): past it, the "
                                              "least likely calculators, then the oldest turns, are left out")
    langsmith_tracing: bool = Field(
        False, validation_alias=AliasChoices("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"),
        description="Send LLM traces to LangSmith (run names, tags, session id)")
    langsmith_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("LANGSMITH_API_KEY", "LANGCHAIN_API_KEY"),
        description="LangSmith API key; never logged")
    langsmith_project: str | None = Field(
        None, validation_alias=AliasChoices("LANGSMITH_PROJECT", "LANGCHAIN_PROJECT"),
        description="LangSmith project the traces go to")
    langsmith_endpoint: str | None = Field(
        None, validation_alias=AliasChoices("LANGSMITH_ENDPOINT", "LANGCHAIN_ENDPOINT"),
        description="LangSmith API URL (self-hosted); the public service otherwise")

    embedder: Literal["use-multilingual", "openai"] = Field(
        "use-multilingual", description="Embedding model: the offline USE multilingual v3, or OpenAI embeddings")
    openai_embedding_model: str = Field("text-embedding-3-small",
                                        description="Embedding model name when KPI_EMBEDDER=openai")
    embedding_cache: str = Field(
        "", description="Folder of the vector cache shared by every index on the machine; 'off' disables it; "
        "empty = the per-user cache folder (~/.cache/kpi-assistant on Linux)")
    chroma_url: str | None = Field(None, description="Chroma server URL (server mode); embedded store otherwise")
    chroma_token: SecretStr | None = Field(
        None, description="Token sent to the Chroma server (or the proxy in front of it) on every request")
    chroma_token_header: Literal["Authorization", "X-Chroma-Token"] = Field(
        "Authorization", description="Header carrying the token: 'Authorization: Bearer <token>' or 'X-Chroma-Token'")
    chroma_tenant: str = Field("default_tenant", min_length=1,
                               description="Chroma tenant (server mode; created by the first build if missing)")
    chroma_database: str = Field("default_database", min_length=1,
                                 description="Chroma database (server mode; created by the first build if missing)")
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where the Chroma store, plans, uploads and exports live: ./data in a checkout, the per-user "
        "data folder (~/.local/share/kpi-assistant on Linux) for an installed package")

    host: str = Field("127.0.0.1", validation_alias=AliasChoices("KPI_HOST", "GRADIO_SERVER_NAME"),
                      description="Address the web app listens on (0.0.0.0 to accept other machines)")
    port: int = Field(7860, ge=1, le=65535, validation_alias=AliasChoices("KPI_PORT", "GRADIO_SERVER_PORT"),
                      description="Port the web app listens on")
    concurrency_limit: int = Field(
        16, ge=1, le=512, description="Requests one event (a chat turn, a calculation) serves at once; LLM turns "
        "wait on the network, so several must run together")
    queue_max_size: int = Field(
        256, ge=1, description="Requests that may wait in the queue; beyond it new ones are refused at once")
    question_max_chars: int = Field(
        4000, ge=200, le=100_000,
        description="Longest question accepted by every entry point (CLI, chat, API, MCP); longer ones are refused")
    plans_max_per_owner: int = Field(
        100, ge=1, le=100_000, description="Most plans one owner (a browser, a user) may keep; a save that would "
        "create one more is refused with a message")
    plans_max_mb_per_owner: float = Field(
        20.0, gt=0, le=10_000, description="Most megabytes of saved plans (every version counted) one owner may "
        "keep; a save past it is refused with a message")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the database for plans, sessions and the chat checkpointer: the SQLite "
                          "file kpi.sqlite3 in the data folder when unset; postgresql://user:password@host/db for a "
                          "team (several app processes share it)")
    users_file: Path | None = Field(
        None, description="File of users who may log in (name:argon2 hash lines, written by `kpi user add`); "
                          "users.txt in the data folder when unset. Login is on while it has a user")
    trusted_user_header: str | None = Field(
        None, description="Behind a company proxy that authenticates people: the request header naming the user "
                          "(e.g. X-Forwarded-User). Off by default; replaces the users file when set")
    trusted_proxies: list[str] = Field(
        ["127.0.0.1", "::1"], description="Addresses allowed to send trusted_user_header (the proxy's); a request "
                                          "from any other address is refused")
    page_state_capacity: int = Field(
        1000, ge=10, description="Open pages whose UI state (e.g. a plan being edited, not yet saved) each app process "
                                 "keeps in memory, about 0.2 MB each, least recent dropped first; conversations and "
                                 "saved plans live in the database and are not affected")
    session_ttl_hours: float = Field(
        24.0, gt=0, description="A chat session (its memory, history and uploaded file) is deleted after this many "
                                "hours without a turn; saved plans are kept")

    @property
    def users_path(self) -> Path:
        """The users file in use."""
        return self.users_file or self.data_dir / "users.txt"

    data_max_rows: int = Field(50_000, ge=1, description="Most data rows an uploaded CSV/XLSX may hold")
    data_max_columns: int = Field(200, ge=2, description="Most columns in any row of an uploaded file")
    data_max_unzipped_mb: int = Field(64, ge=1, description="Most MB an uploaded XLSX may expand to once unzipped")
    data_max_shared_strings: int = Field(200_000, ge=1, description="Most distinct texts in an uploaded XLSX")
    data_max_cells: int = Field(1_000_000, ge=1, description="Most cells in the first sheet of an uploaded XLSX")

    @property
    def chroma_path(self) -> Path:
        """Embedded Chroma store location."""
        return self.data_dir / "chroma"

    @property
    def llm_configured(self) -> bool:
        """True when a key or a base URL is set, or the provider is a local one (Ollama needs neither)."""
        if self.llm_provider.lower() in LOCAL_PROVIDERS:
            return True
        return bool(self.llm_base_url or (self.llm_api_key and self.llm_api_key.get_secret_value()))

    @property
    def active_engine(self) -> Literal["offline", "llm"]:
        """The engine `auto` resolves to."""
        if self.engine == "auto":
            return "llm" if self.llm_configured else "offline"
        return self.engine


def load_settings(**overrides) -> Settings:
    """Settings from env / .env, with explicit overrides (tests pass data_dir=tmp_path)."""
    return Settings(**overrides)
