"""`kpi plan list|show|export`: one owner's saved plans from the command line, so a consultant can script exports.

The owner is `--user NAME` (the login, when the app has users) or `--owner ID` (the id the app stores plans
under, e.g. a browser's id). The plans come from the app's database (KPI_DATABASE_URL, or the SQLite file in
KPI_DATA_DIR).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

BAD_INPUT = 2
plan_app = typer.Typer(help="Saved KPI plans: list, show, export (xlsx, csv, md).", no_args_is_help=True)

UserOpt = Annotated[str | None, typer.Option("--user", help="Login name whose plans to use")]
OwnerOpt = Annotated[str | None, typer.Option("--owner", help="Owner id as stored (instead of --user)")]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of the output: en or fr")]
VersionOpt = Annotated[int | None, typer.Option("--version", "-v", min=1, help="Version (default: the latest)")]


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


def _owner(user: str | None, owner: str | None) -> str:
    from assistant.identity import USER_PREFIX

    if bool(user) == bool(owner):
        _fail("give the plans' owner: --user NAME (a login) or --owner ID (not both)")
    return f"{USER_PREFIX}{user.strip()}" if user else owner.strip()


def _lang(lang: str) -> str:
    if lang not in ("en", "fr"):
        _fail(f"--lang: must be en or fr (got {lang!r})")
    return lang


def _store():
    from assistant.config import load_settings
    from assistant.plan.store import PlanStore

    return PlanStore.from_settings(load_settings())


def _load(name: str, owner: str, version: int | None, lang: str):
    from assistant.plan.store import PlanStoreError

    try:
        return _store().load(owner, name, version)
    except PlanStoreError as err:
        _fail(err.text.get(lang))


@plan_app.command("list")
def list_plans(user: UserOpt = None, owner: OwnerOpt = None, lang: LangOpt = "en",
               as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False) -> None:
    """The owner's plans, most recently saved first, with their versions' dates."""
    from assistant.plan.fixed_values import version_label

    who, lang = _owner(user, owner), _lang(lang)
    store = _store()
    plans = store.list_plans(who)
    if as_json:
        typer.echo(json.dumps([{"name": p.name, "versions": [{"version": v, "saved_at": when}
                                                            for v, when in store.versions(who, p.name)]}
                               for p in plans], ensure_ascii=False, indent=2))
        return
    if not plans:
        typer.echo("Aucun plan." if lang == "fr" else "No plan.")
    for p in plans:
        last = version_label(p.versions, p.last_saved, lang)
        typer.echo(f"{p.name}\t{p.versions} version(s)\t{last}")


@plan_app.command("show")
def show(name: Annotated[str, typer.Argument(help="Plan name")], user: UserOpt = None, owner: OwnerOpt = None,
         version: VersionOpt = None, lang: LangOpt = "en",
         as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON")] = False) -> None:
    """One plan: as Markdown (its context, KPIs, SMART objectives, actions), or as JSON."""
    from assistant.plan.export import to_markdown

    who, lang = _owner(user, owner), _lang(lang)
    plan = _load(name, who, version, lang)
    typer.echo(plan.model_dump_json(indent=2) if as_json else to_markdown(plan, lang).rstrip("\n"))


@plan_app.command("export")
def export(name: Annotated[str, typer.Argument(help="Plan name")],
           fmt: Annotated[str, typer.Option("--format", "-f", help="xlsx, csv or md")],
           user: UserOpt = None, owner: OwnerOpt = None, version: VersionOpt = None, lang: LangOpt = "en",
           out: Annotated[Path | None, typer.Option("--out", "-o", help="File or folder (default: here)")] = None,
           sep: Annotated[str | None, typer.Option("--sep", help="CSV separator: ',', ';' or 'tab' (default: ';' "
                                                               "in French, ',' in English)")] = None) -> None:
    """Write one plan as XLSX, CSV (one table) or Markdown; prints the file's path."""
    from assistant.plan.export import safe_filename, to_csv, to_markdown, to_xlsx

    who, lang = _owner(user, owner), _lang(lang)
    if fmt not in ("xlsx", "csv", "md"):
        _fail(f"--format: must be xlsx, csv or md (got {fmt!r})")
    separator = {"tab": "\t", "\\t": "\t", ",": ",", ";": ";", None: None}.get(sep, "?")
    if separator == "?":
        _fail(f"--sep: must be ',', ';' or 'tab' (got {sep!r})")
    plan = _load(name, who, version, lang)
    target = out or Path.cwd()
    path = target / safe_filename(plan.name, f".{fmt}") if target.is_dir() else target
    try:
        if fmt == "xlsx":
            to_xlsx(plan, path, lang)
        elif fmt == "csv":
            to_csv(plan, path, lang, separator)
        else:
            path.write_text(to_markdown(plan, lang), encoding="utf-8")
    except OSError as err:
        _fail(f"{path}: {err.strerror}")
    typer.echo(str(path))


def register(app: typer.Typer) -> None:
    """Add `kpi plan` to the CLI."""
    app.add_typer(plan_app, name="plan")
