"""Starts the KPI assistant web app from a checkout: `python app.py` (an installed package: `kpi serve`).

Wiring only: the app is built in `assistant.ui.server` from parts built and tested in their packages.
"""

from __future__ import annotations

from assistant.ui.server import create_demo, serve

__all__ = ["create_demo", "main"]


def main() -> None:
    """Serve on KPI_HOST:KPI_PORT (or GRADIO_SERVER_NAME:GRADIO_SERVER_PORT), by default 127.0.0.1:7860."""
    serve()


if __name__ == "__main__":
    main()
