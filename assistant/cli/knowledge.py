"""`kpi index build|add|remove|list` and `kpi search`: the knowledge base from the command line."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from knowledge.errors import IndexBusyError, KnowledgeInputError, StoreUnavailableError

index_app = typer.Typer(help="Build the knowledge index; add, list and remove your own documents.",
                        no_args_is_help=True)


def _stderr(message: str) -> None:
    typer.echo(message, err=True)


def _run(action: Callable[[], Any]) -> Any:
    """Run `action`; bad input exits 2 and an unavailable store exits 1, each with one line on stderr."""
    try:
        return action()
    except KnowledgeInputError as exc:
        _stderr(f"error: {exc}")
        raise typer.Exit(2) from None
    except (IndexBusyError, StoreUnavailableError) as exc:
        _stderr(f"error: {exc}")
        raise typer.Exit(1) from None


def _settings() -> Any:
    from assistant.config import load_settings

    return load_settings()


def _open_kb(progress: Callable[[str], None] | None = _stderr) -> Any:
    from knowledge.build import open_knowledge_base

    return open_knowledge_base(_settings(), progress=progress)


@index_app.command("build")
def build() -> None:
    """Embed new and changed entries, delete vanished ones (unchanged entries are skipped)."""
    from knowledge.build import build_index

    settings = _settings()
    target = settings.chroma_url or settings.chroma_path
    typer.echo(f"indexing knowledge entries into {target} ...")
    _, report = _run(lambda: build_index(settings, progress=lambda msg: typer.echo(f"  {msg}")))
    typer.echo(report.summary())


@index_app.command("add")
def add(paths: Annotated[list[Path], typer.Argument(help="Files to index: .md, .txt or .pdf")]) -> None:
    """Index your own documents as extra sources (the same file added again replaces its old version)."""
    from knowledge.userdocs import add_documents

    kb = _run(_open_kb)
    docs = _run(lambda: add_documents(kb, list(paths)))
    for doc in docs:
        typer.echo(f"added {doc.file} as {doc.doc_id} ({len(doc.chunks)} chunks)")


@index_app.command("remove")
def remove(ref: Annotated[str, typer.Argument(help="Document id, path or file name (see `kpi index list`)")]) -> None:
    """Remove one of your documents from the index."""
    from knowledge.userdocs import remove_document

    kb = _run(_open_kb)
    doc = _run(lambda: remove_document(kb, ref))
    typer.echo(f"removed {doc.file} ({doc.doc_id}, {doc.chunks} chunks)")


@index_app.command("list")
def list_docs() -> None:
    """List your indexed documents."""
    from knowledge.userdocs import list_documents

    kb = _run(_open_kb)
    docs = list_documents(kb)
    if not docs:
        typer.echo("no user documents indexed (add some with `kpi index add FILE`)")
    for doc in docs:
        typer.echo(f"{doc.doc_id}\t{doc.file}\t{doc.chunks} chunks\t{doc.path}")


def search(
    query: Annotated[str, typer.Argument(help="What to look for, in French or English")],
    k: Annotated[int, typer.Option("--k", help="Number of results")] = 5,
    lang: Annotated[str, typer.Option("--lang", help="Language of the returned text: fr or en")] = "en",
    kpi: Annotated[str | None, typer.Option("--kpi", help="Only entries about this KPI tool id")] = None,
    stage: Annotated[str | None, typer.Option(
        "--stage", help="Funnel stage: awareness, consideration, conversion, loyalty")] = None,
    objective: Annotated[str | None, typer.Option(
        "--objective", help="growth, profitability, retention, awareness")] = None,
    maturity: Annotated[str | None, typer.Option("--maturity", help="starting, established, advanced")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="definition, benchmark, pitfall, case, ...")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of {id, title, text, source, score}")
                       ] = False,
) -> None:
    """Search the knowledge base (hybrid: multilingual vectors + BM25)."""
    from knowledge.query import validate_query

    _run(lambda: validate_query(query, k, lang))  # refuse bad input before the slow index opening
    kb = _run(_open_kb)
    hits = _run(lambda: kb.search(query, k, lang, kpi=kpi, funnel_stage=stage, objective=objective,
                                  maturity=maturity, kind=kind))
    if as_json:
        json.dump([hit.model_dump(mode="json") for hit in hits], sys.stdout, ensure_ascii=False, indent=2)
        typer.echo()
        return
    if not hits:
        typer.echo("no result" if lang == "en" else "aucun résultat")
    for n, hit in enumerate(hits, start=1):
        typer.echo(f"{n}. {hit.title}  [{hit.id}, score {hit.score:.4f}]")
        typer.echo(textwrap.indent(textwrap.shorten(hit.text, 300, placeholder=" ..."), "   "))
        typer.echo(f"   source: {hit.source}")


def register(app: typer.Typer) -> None:
    """Add `kpi index ...` and `kpi search` to the root command."""
    app.add_typer(index_app, name="index")
    app.command("search")(search)
