"""The web app as a server: settings → knowledge base → engine → Gradio app, served with its queue limits.

`kpi serve` and `python app.py` both land here, so a checkout and an installed package run the same app.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from assistant.config import Settings, load_settings

MAX_FILE_SIZE = "5mb"
# Seconds between queue-position updates. Gradio's "auto" re-broadcasts every waiting client's position each time a
# job starts: with 50 users waiting that is quadratic work that slows every answer.
STATUS_UPDATE_SECONDS = 2.0
# Gradio rebuilds its monitoring summary (a pandas DataFrame of the last 10 000 events) after every event by default:
# ~2 ms per answer after 1 000 events, ~9 ms after 10 000, all of it holding the server's one GIL. The app shows no
# monitoring page, so the summary is refreshed every 1 000 events instead (an operator may still set the variable).
ANALYTICS_REFRESH_EVENTS = "1000"


def create_demo(settings: Settings | None = None) -> tuple[Any, Path]:
    """Settings → knowledge base → engine → app, with the queue limits set; returns the app and its export folder.

    Workers per event (`concurrency_limit`): LLM turns wait seconds on the network, so several must run at once;
    offline answers take a few milliseconds of CPU, and 16 threads measured as fast as 1-8 on the load benchmark.
    The bounded queue (`queue_max_size`) refuses work it could not serve in reasonable time rather than growing.
    """
    from assistant.dataset.llm_tool import dataset_tool
    from assistant.router import build_engine
    from assistant.ui.app_factory import build_app, export_dir
    from knowledge.build import open_knowledge_base

    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", ANALYTICS_REFRESH_EVENTS)  # read when the queue is made
    settings = settings or load_settings()
    retriever = open_knowledge_base(settings)
    engine = build_engine(settings, retriever, extra_tools=[dataset_tool()])
    demo = build_app(settings, engine, retriever)
    demo.queue(status_update_rate=STATUS_UPDATE_SECONDS, default_concurrency_limit=settings.concurrency_limit,
               max_size=settings.queue_max_size)
    exports = export_dir(settings)
    exports.mkdir(parents=True, exist_ok=True)
    return demo, exports


def serve(settings: Settings | None = None) -> None:
    """Serve the app on the settings' host and port until interrupted (the MCP server and API included), with the
    login the settings ask for (assistant.ui.login: users file or trusted proxy header)."""
    from assistant.ui.app_factory import app_css, app_kwargs
    from assistant.ui.login import launch_with_login

    settings = settings or load_settings()
    demo, exports = create_demo(settings)
    launch_with_login(
        demo, settings,
        server_name=settings.host,
        server_port=settings.port,
        max_file_size=MAX_FILE_SIZE,
        allowed_paths=[str(exports)],
        mcp_server=True,
        footer_links=["api"],
        app_kwargs=app_kwargs(),  # the JSON body guard in front of every route, the API and MCP included
        css=app_css(),
    )
