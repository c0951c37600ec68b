"""What the data tab shows, as pure functions: load + KPI table + charts + anomalies, or one clear message."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from assistant.dataset.anomalies import Anomaly, find_anomalies
from assistant.dataset.charts import channel_figure, funnel_figure, trend_figure
from assistant.dataset.display import styled_frame
from assistant.dataset.gaps import gap_notes
from assistant.dataset.kpis import KpiTable, build_kpi_table, column_label
from assistant.dataset.load import MAX_BYTES, DatasetError, Limits, load_path

EXAMPLES = Path(__file__).resolve().parents[2] / "knowledge" / "examples"
LEVEL_LABELS = {"detail": ("Period × channel", "Période × canal"), "channel": ("By channel", "Par canal"),
                "period": ("By period", "Par période"), "total": ("Total", "Total")}


@dataclass
class DataView:
    """Everything the tab displays after an upload (table None when the file was refused)."""

    table: KpiTable | None
    message: str
    anomalies: list[Anomaly] = field(default_factory=list)


def level_choices(lang: str) -> list[tuple[str, str]]:
    """(label, level) pairs for the table view selector."""
    return [(fr if lang == "fr" else en, key) for key, (en, fr) in LEVEL_LABELS.items()]


def kpi_choices(table: KpiTable | None, lang: str) -> list[tuple[str, str]]:
    """(label, key) of the ratios the table holds, for the chart selector."""
    return [(column_label(k, lang), k) for k in (table.ratios if table else [])]


def help_markdown(lang: str, limits: Limits | None = None) -> str:
    """The upload instructions with the limits."""
    limits = limits or Limits()
    if lang == "fr":
        rows = f"{limits.max_rows:,}".replace(",", "\u202f")
        return (f"Importez un **CSV** ou **XLSX** (max {MAX_BYTES // 1024 // 1024} Mo, {rows} lignes, "
                f"{limits.max_columns} colonnes) : une ligne par période et par canal. Colonnes reconnues : "
                "période/mois, canal, dépenses, impressions, clics, visiteurs, leads, MQL, SQL, opportunités, "
                "clients, CA. Les lignes de titre et de TOTAL sont écartées. Le fichier est lu, jamais exécuté.")
    return (f"Upload a **CSV** or **XLSX** (max {MAX_BYTES // 1024 // 1024} MB, {limits.max_rows:,} rows, "
            f"{limits.max_columns} columns): one row per period and channel. Recognised columns: period/month, "
            "channel, spend, impressions, clicks, visitors, leads, MQL, SQL, opportunities, customers, revenue. "
            "Title and TOTAL rows are set aside. The file is parsed, never executed.")


def anomalies_markdown(anomalies: list[Anomaly], lang: str, limit: int = 30) -> str:
    """The flags as a bullet list (the first `limit`, then how many more), or a line saying there are none."""
    if not anomalies:
        return "Aucune anomalie détectée." if lang == "fr" else "No anomaly found."
    lines = ["### Anomalies", *[f"- ⚠️ {a.message.get(lang)}" for a in anomalies[:limit]]]
    more = len(anomalies) - limit
    if more > 0:
        lines.append(f"- … et {more} autres." if lang == "fr" else f"- … and {more} more.")
    return "\n".join(lines)


def summary_markdown(table: KpiTable, lang: str) -> str:
    """What was read: rows used, rows set aside (with their number and why), ratios' left-out rows, notes."""
    fr = lang == "fr"
    head = (f"✅ **{table.source_name}** : {table.rows_used} lignes utilisées, {len(table.channels)} canaux, "
            f"{len(table.periods)} périodes." if fr else
            f"✅ **{table.source_name}**: {table.rows_used} rows used, {len(table.channels)} channels, "
            f"{len(table.periods)} periods.")
    lines = [head, *[f"- {n.get(lang)}" for n in table.notes]]
    if table.excluded:
        lines.append(f"- Lignes écartées ({len(table.excluded)}) :" if fr else
                     f"- Rows set aside ({len(table.excluded)}):")
        word = "ligne" if fr else "row"
        lines += [f"  - {word} {e.row} — {e.reason.get(lang)}" for e in table.excluded[:20]]
        if len(table.excluded) > 20:
            lines.append(f"  - … {'et' if fr else 'and'} {len(table.excluded) - 20} {'autres' if fr else 'more'}.")
    lines += [f"- {n.get(lang)}" for n in gap_notes(table)]
    return "\n".join(lines)


def process_file(path: str | Path | None, lang: str, limits: Limits | None = None) -> DataView:
    """Load, aggregate and check a file; a refused file gives its one message and no table."""
    if not path:
        return DataView(None, "")
    try:
        data = load_path(path, limits)
    except DatasetError as err:
        return DataView(None, f"❌ {err.text.get(lang)}")
    except OSError as err:
        msg = f"Le fichier n'a pas pu être lu ({err.strerror})." if lang == "fr" else \
            f"The file could not be read ({err.strerror})."
        return DataView(None, f"❌ {msg}")
    table = build_kpi_table(data)
    return DataView(table, summary_markdown(table, lang), find_anomalies(table))


def table_frame(table: KpiTable | None, level: str, lang: str):
    """The view to display, figures written in `lang` with the currency (an empty frame without data)."""
    return styled_frame(table, level, lang) if table is not None else pd.DataFrame()


def figures(table: KpiTable | None, kpi: str | None, lang: str) -> tuple[go.Figure | None, ...]:
    """Funnel, trend and channel comparison for one KPI (None when there is nothing to draw)."""
    if table is None:
        return None, None, None
    kpi = kpi if kpi in table.ratios else (table.ratios[0] if table.ratios else None)
    funnel = funnel_figure(table, lang)
    if kpi is None:
        return funnel, None, None
    return funnel, trend_figure(table, kpi, lang), channel_figure(table, kpi, lang)
