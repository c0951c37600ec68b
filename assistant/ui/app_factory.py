"""Assembles the app: tabs, the per-browser session, the language toggle, and the typed API / MCP endpoints."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.config import Settings
from assistant.db import open_engine
from assistant.db.secrets import shared_secret
from assistant.session_store import SessionStore
from assistant.ui import api
from assistant.ui.calculators import build_calculators_tab
from assistant.ui.chat import build_chat_tab, connect_calculator, default_data_answerer
from assistant.ui.mcp_resources import make_resources
from assistant.ui.scope import Scope
from assistant.ui.texts import t
from tools.registry import all_tools

log = logging.getLogger(__name__)

LANGS = [("Français", "fr"), ("English", "en")]


def export_dir(settings: Settings) -> Path:
    """The one folder of the app's own files that the web server may serve (plan exports)."""
    return settings.data_dir / "exports"


def app_kwargs() -> dict[str, Any]:
    """Arguments for the web server `launch()` builds (`app_kwargs=`): the JSON body guard in front of every
    route, the API and MCP included."""
    from starlette.middleware import Middleware

    from assistant.ui.body_guard import JsonBodyGuard

    return {"middleware": [Middleware(JsonBodyGuard)]}


def app_css() -> str:
    """The page's own styles (`launch(css=...)`): the chat's read-back panel."""
    from assistant.ui.readback_panel import CSS

    return CSS


def browser_secret(settings: Settings) -> str:
    """Key that encrypts the browser id in localStorage: in the database, so every replica and restart shares it
    (an install from before keeps the key of its `browser_secret` file, so its browsers keep their plans)."""
    return shared_secret(open_engine(settings), "browser_secret", settings.data_dir / "browser_secret")


def _parse_upload(raw: bytes, name: str) -> Any:
    """An upload's KPI table, rebuilt from its bytes (on a replica that did not receive the file)."""
    from assistant.dataset.kpis import build_kpi_table
    from assistant.dataset.load import load_bytes
    return build_kpi_table(load_bytes(raw, name))


def session_store(settings: Settings, engine: Any = None) -> SessionStore:
    """The sessions of this app, in the settings' database; when they expire, `engine` forgets their conversations."""
    return SessionStore(open_engine(settings), settings.session_ttl_hours, _parse_upload,
                        on_expired=getattr(engine, "forget_expired", None))


def about_markdown(settings: Settings, engine: Any, lang: str) -> str:
    """The configuration in use: engine, model, knowledge store. Never the API key, only whether one is set."""
    active = getattr(engine, "name", None) or settings.active_engine
    key_set = bool(settings.llm_api_key and settings.llm_api_key.get_secret_value())
    yes, no = ("oui", "non") if lang == "fr" else ("yes", "no")
    rows = [
        ("Engine in use / Moteur utilisé", f"`{active}` (KPI_ENGINE={settings.engine})"),
        ("LLM model / Modèle LLM", f"`{settings.llm_model}`" if settings.llm_configured else "—"),
        ("LLM base URL", f"`{_redact_url(settings.llm_base_url)}`" if settings.llm_base_url else "—"),
        ("API key set / Clé API définie", yes if key_set else no),
        ("Embedder", f"`{settings.embedder}`"),
        ("Knowledge store / Base de connaissances", f"`{settings.chroma_url or settings.chroma_path}`"),
        ("Calculators / Calculateurs", str(len(all_tools()))),
        ("MCP endpoint", "`/gradio_api/mcp/`"),
    ]
    table = "\n".join(f"| {k} | {v} |" for k, v in rows)
    head = "| Setting / Réglage | Value / Valeur |\n|---|---|"
    return f"### {t('tab_about', lang)}\n\n{t('app_intro', lang)}\n\n{head}\n{table}"


def make_scope(settings: Settings, engine: Any = None) -> Scope:
    """The browser-id component (inside the current Blocks) and the session store, for the tabs' events."""
    browser = gr.BrowserState(None, storage_key="kpi_assistant_owner", secret=browser_secret(settings))
    return Scope(browser, session_store(settings, engine))


def _redact_url(url: str) -> str:
    # A base URL may carry credentials (user:pass@host): never show them.
    return re.sub(r"//[^/@]+@", "//***@", url)


def _optional_tab(builder: str, *args: Any) -> Any:
    """Build a tab from another package; say so in the page when that package is not installed yet."""
    module_name, func_name = builder.rsplit(".", 1)
    try:
        module = __import__(module_name, fromlist=[func_name])
    except ImportError as err:
        log.warning("tab %s unavailable: %s", builder, err)
        gr.Markdown(f"*Unavailable / indisponible: {err}*")
        return None
    return getattr(module, func_name)(*args)


def _register_api(settings: Settings, engine: Any, retriever: Any) -> None:
    """Typed endpoints: each is also an MCP tool (its docstring is the tool description); the knowledge entries
    are MCP resources."""
    limit = settings.question_max_chars
    gr.api(api.list_kpi_tools, api_name="list_kpi_tools")
    gr.api(api.make_calculate_kpi(), api_name="calculate_kpi")
    gr.api(api.make_search_knowledge(retriever, limit), api_name="search_knowledge")
    gr.api(api.make_ask(engine, limit), api_name="ask_kpi_assistant")
    if retriever is not None:
        for resource in make_resources(retriever):
            gr.api(resource, api_name=resource.__name__)


def build_app(settings: Settings, engine: Any, retriever: Any, lang: str = "fr") -> gr.Blocks:
    """The whole app. Collaborators are passed in; nothing is created here but the UI."""
    with gr.Blocks(title=t("app_title", lang), delete_cache=(3600, 24 * 3600)) as demo:
        scope = make_scope(settings, engine)
        browser = scope.browser
        with gr.Row():
            gr.Markdown(f"# {t('app_title', 'fr')} · {t('app_title', 'en')}")
            lang_radio = gr.Radio(LANGS, value=lang, label=f"{t('language', 'fr')} / {t('language', 'en')}",
                                  elem_id="lang", scale=0)
        calculator_prefill = gr.State(None)  # the chat's "Open in the calculator" → the Calculators tab
        with gr.Tabs() as tabs:
            with gr.Tab(f"{t('tab_chat', 'fr')} / {t('tab_chat', 'en')}", id="chat"):
                chat = build_chat_tab(engine, scope, lang_radio, lang, default_data_answerer())
            with gr.Tab(f"{t('tab_calculators', 'fr')} / {t('tab_calculators', 'en')}", id="calculators"):
                calculator = build_calculators_tab(lang_radio, lang, calculator_prefill)
            with gr.Tab(f"{t('tab_plan', 'fr')} / {t('tab_plan', 'en')}", id="plan"):
                _optional_tab("assistant.ui.plan_tab.build_plan_tab", settings, scope.owner, lang_radio, lang)
            with gr.Tab(f"{t('tab_data', 'fr')} / {t('tab_data', 'en')}", id="data"):
                data_restore = _optional_tab("assistant.ui.data_tab.build_data_tab", settings, scope, lang_radio,
                                             lang)
            with gr.Tab(f"{t('tab_about', 'fr')} / {t('tab_about', 'en')}", id="about"):
                about = gr.Markdown(about_markdown(settings, engine, lang), elem_id="about")
        lang_radio.change(lambda lg: about_markdown(settings, engine, lg), lang_radio, about, api_visibility="private")
        connect_calculator(chat.panel, scope, calculator_prefill, calculator, tabs)
        loaded = demo.load(scope.page_load, browser, [browser, chat.chatbot], api_visibility="private")
        # After the page is recorded: the read-back panel of the session's last calculation shows again.
        loaded.then(chat.refresh, chat.panel.shown, chat.panel.outputs(), api_visibility="private")
        if data_restore:  # after the page is recorded: the session's uploaded data shows again in the Data tab
            restore, inputs, outputs = data_restore
            loaded.then(restore, inputs, outputs, api_visibility="private")
        _register_api(settings, engine, retriever)
    return demo
