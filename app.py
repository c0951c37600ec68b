"""Starts the KPI assistant web app (wiring only: every part is built and tested in its package)."""

from __future__ import annotations

import os

from assistant.config import load_settings
from assistant.dataset.llm_tool import dataset_tools
from assistant.router import build_engine
from assistant.ui.app_factory import build_app, export_dir
from knowledge.build import open_knowledge_base

# Workers per event. LLM turns wait seconds on the network, so several must run at once; offline answers take a few
# milliseconds of CPU, and 16 threads measured as fast as 1-8 on the load benchmark. The bounded queue refuses work
# it could not serve in reasonable time rather than growing without limit.
CONCURRENCY_LIMIT = int(os.getenv("KPI_CONCURRENCY_LIMIT", "16"))
QUEUE_MAX_SIZE = int(os.getenv("KPI_QUEUE_MAX_SIZE", "256"))
MAX_FILE_SIZE = "5mb"
# Seconds between queue-position updates. Gradio's "auto" re-broadcasts every waiting client's position each time a
# job starts: with 50 users waiting that is quadratic work that slows every answer.
STATUS_UPDATE_SECONDS = 2.0


# Gradio rebuilds its monitoring summary (a pandas DataFrame of the last 10 000 events) after every event by default:
# ~2 ms per answer after 1 000 events, ~9 ms after 10 000, all of it holding the server's one GIL. The app shows no
# monitoring page, so the summary is refreshed every 1 000 events instead (an operator may still set the variable).
ANALYTICS_REFRESH_EVENTS = "1000"


def create_demo():
    """Settings → knowledge base → engine → app, with the queue limits set."""
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", ANALYTICS_REFRESH_EVENTS)  # read when the queue is made
    settings = load_settings()
    retriever = open_knowledge_base(settings)
    engine = build_engine(settings, retriever, extra_tools=dataset_tools)
    demo = build_app(settings, engine, retriever)
    demo.queue(status_update_rate=STATUS_UPDATE_SECONDS, default_concurrency_limit=CONCURRENCY_LIMIT,
               max_size=QUEUE_MAX_SIZE)
    exports = export_dir(settings)
    exports.mkdir(parents=True, exist_ok=True)
    return demo, exports


def main() -> None:
    """`python app.py`: serves on GRADIO_SERVER_NAME:GRADIO_SERVER_PORT (default 127.0.0.1:7860)."""
    demo, exports = create_demo()
    demo.launch(
        server_name=os.getenv("GRADIO_SERVER_NAME", "127.0.0.1"),
        server_port=int(os.getenv("GRADIO_SERVER_PORT", "7860")),
        max_file_size=MAX_FILE_SIZE,
        allowed_paths=[str(exports)],
        mcp_server=True,
        footer_links=["api"],
    )


if __name__ == "__main__":
    main()
