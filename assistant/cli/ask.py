"""`kpi ask "QUESTION" [--engine offline|llm] [--json]` and `kpi chat`: questions from the command line."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

EngineOpt = Annotated[str | None, typer.Option("--engine", help="offline or llm (default: KPI_ENGINE, auto)")]


def _stderr(message: str) -> None:
    typer.echo(message, err=True)


def _retriever(settings: Any) -> Any:
    """The knowledge base (built or refreshed if needed); None with a warning when it cannot be opened."""
    try:
        from knowledge.build import open_knowledge_base

        return open_knowledge_base(settings, progress=None)
    except Exception as exc:  # noqa: BLE001 - calculations still work without guidance; say so once
        _stderr(f"warning: knowledge base unavailable ({type(exc).__name__}: {exc}); answering without guidance")
        return None


def build(engine: str | None) -> Any:
    """The engine the settings (and --engine) choose, over the real knowledge base."""
    from assistant.config import load_settings
    from assistant.router import build_engine

    if engine not in (None, "offline", "llm", "auto"):
        _stderr(f"error: --engine: must be 'offline' or 'llm' (got {engine!r})")
        raise typer.Exit(2)
    settings = load_settings(**({"engine": engine} if engine else {}))
    if settings.active_engine == "llm" and not settings.llm_configured:
        _stderr("error: --engine llm: no LLM configured. Set KPI_LLM_BASE_URL (any OpenAI-compatible server, e.g. "
                "Ollama) or OPENAI_API_KEY, or use --engine offline.")
        raise typer.Exit(2)
    return build_engine(settings, _retriever(settings))


def _print(reply: Any, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(reply.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    typer.echo(reply.answer)
    for n in reply.notices:
        typer.echo(f"\nnotice: {n}")
    typer.echo(f"\n[{reply.engine}]")


def ask(question: Annotated[str, typer.Argument(help="Your question, in French or English")],
        engine: EngineOpt = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the reply as JSON (public contract)")] = False,
        ) -> None:
    """Ask one question; prints the answer (or the reply as JSON)."""
    from assistant.inputs import InputRefused, clean_question
    from assistant.session import Session

    try:
        question = clean_question(question, field="QUESTION")
    except InputRefused as err:
        _stderr(f"error: {err.message()}")
        raise typer.Exit(2) from None
    _print(build(engine).answer(question, Session()), as_json)


def chat(engine: EngineOpt = None) -> None:
    """An interactive session with memory; an empty line, 'exit' or Ctrl-D ends it."""
    from assistant.inputs import InputRefused, clean_question
    from assistant.session import Session

    eng = build(engine)
    session = Session()
    typer.echo("KPI assistant — type your question (empty line or 'exit' to quit).")
    while True:
        try:
            question = input("> ")
        except (EOFError, KeyboardInterrupt):
            break
        if question.strip().lower() in ("", "exit", "quit", "q"):
            break
        try:
            question = clean_question(question)
        except InputRefused as err:  # said, and the conversation goes on
            _stderr(f"error: {err.message()}")
            continue
        _print(eng.answer(question, session), as_json=False)


def register(app: typer.Typer) -> None:
    """Add `ask` and `chat` to the `kpi` command."""
    app.command("ask")(ask)
    app.command("chat")(chat)
