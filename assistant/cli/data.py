"""`kpi data FILE [--json] [--lang fr|en]`: the report the Data tab shows, for a CSV or XLSX on disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

BAD_INPUT = 2


def text_report(table, anomalies, lang: str) -> str:
    """The summary, the KPIs over the file and by channel, and the anomalies, as plain text."""
    from assistant.dataset.display import format_value, header
    from assistant.dataset.report import summary_markdown

    lines = [summary_markdown(table, lang).replace("**", "").replace("✅ ", ""), ""]
    total = table.total.iloc[0]
    lines.append("Total :" if lang == "fr" else "Total:")
    lines += [f"  {header(k, lang)}: {format_value(total[k], k, lang, table.currency)}"
              for k in table.columns + table.ratios]
    lines += ["", "Par canal :" if lang == "fr" else "By channel:"]
    shown = table.by_channel.copy()
    for k in table.columns + table.ratios:
        shown[k] = [format_value(v, k, lang, table.currency) for v in shown[k]]
    shown.columns = [header(c, lang) for c in shown.columns]
    lines.append(shown.to_string(index=False))
    lines += ["", "Anomalies :" if lang == "fr" else "Anomalies:"]
    lines += [f"  - {a.message.get(lang)}" for a in anomalies] or \
        ["  aucune" if lang == "fr" else "  none"]
    return "\n".join(lines)


def data(
    file: Annotated[Path, typer.Argument(help="A CSV or XLSX: one row per period and channel")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON (public contract)")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of the texts: en or fr")] = "en",
) -> None:
    """Read a marketing data file: KPIs from sums by channel and period, rows set aside, anomalies."""
    from assistant.config import load_settings
    from assistant.dataset.anomalies import find_anomalies
    from assistant.dataset.contract import report_dict
    from assistant.dataset.kpis import build_kpi_table
    from assistant.dataset.load import DatasetError, Limits, load_path

    if lang not in ("en", "fr"):
        typer.echo(f"Error: --lang: must be en or fr (got {lang!r})", err=True)
        raise typer.Exit(BAD_INPUT)
    try:
        table = build_kpi_table(load_path(file, Limits.from_settings(load_settings())))
    except DatasetError as err:
        typer.echo(f"Error: {err.text.get(lang)}", err=True)
        raise typer.Exit(BAD_INPUT) from None
    except OSError as err:
        typer.echo(f"Error: {file}: {err.strerror}", err=True)
        raise typer.Exit(BAD_INPUT) from None
    anomalies = find_anomalies(table)
    if as_json:
        typer.echo(json.dumps(report_dict(table, anomalies, lang), ensure_ascii=False, indent=2))
    else:
        typer.echo(text_report(table, anomalies, lang))


def register(app: typer.Typer) -> None:
    """Add `kpi data` to the CLI."""
    app.command("data")(data)
