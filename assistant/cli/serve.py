"""`kpi serve [--host H] [--port P] [--data-dir DIR]`: the web app from an installed package (or a checkout)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def _stderr(message: str) -> None:
    typer.echo(message, err=True)


def _settings(host: str | None, port: int | None, data_dir: Path | None) -> Any:
    """Settings from env / .env with the command-line options on top; a bad value exits 2 naming the setting."""
    from pydantic import ValidationError

    from assistant.config import load_settings

    overrides = {k: v for k, v in {"host": host, "port": port, "data_dir": data_dir}.items() if v is not None}
    try:
        return load_settings(**overrides)
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"]) or "settings"
            _stderr(f"error: setting {field}: {error['msg']} (got {error.get('input')!r})")
        raise typer.Exit(2) from None


def serve(
    host: Annotated[str | None, typer.Option("--host", help="Address to listen on (default: KPI_HOST, 127.0.0.1; "
                                             "0.0.0.0 accepts other machines)")] = None,
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535,
                                             help="Port to listen on (default: KPI_PORT, 7860)")] = None,
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", help="Knowledge store, plans, uploads and exports (default: KPI_DATA_DIR; ./data in a "
        "checkout, the per-user data folder for an installed package)")] = None,
) -> None:
    """Start the web app (chat, calculators, KPI plan, data; the API and MCP server) until Ctrl+C."""
    from knowledge.errors import IndexBusyError, KnowledgeInputError, StoreUnavailableError

    settings = _settings(host, port, data_dir)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _stderr(f"error: cannot use the data folder {settings.data_dir}: {exc.strerror or exc}")
        raise typer.Exit(1) from None
    typer.echo(f"data folder: {settings.data_dir}")
    typer.echo(f"knowledge store: {settings.chroma_url or settings.chroma_path}")
    from assistant.ui.server import serve as serve_app

    try:
        serve_app(settings)
    except (KnowledgeInputError, IndexBusyError, StoreUnavailableError) as exc:
        _stderr(f"error: {exc}")
        raise typer.Exit(1) from None
    except OSError as exc:  # the port is taken, the address is not this machine's
        _stderr(f"error: cannot listen on {settings.host}:{settings.port}: {exc}")
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    """Add `kpi serve` to the root command."""
    app.command("serve")(serve)
