"""What the data tab shows, as pure functions: load + KPI table + charts + anomalies, or one clear message."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from assistant.dataset.anomalies import Anomaly, find_anomalies
from assistant.dataset.charts import channel_figure, funnel_figure, trend_figure
from assistant.dataset.kpis import KpiTable, build_kpi_table, column_label, display_frame
from assistant.dataset.load import MAX_BYTES, MAX_ROWS, DatasetError, load_path

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


def help_markdown(lang: str) -> str:
    """The upload instructions with the limits."""
    if lang == "fr":
        rows = f"{MAX_ROWS:,}".replace(",", " ")
        return (f"Importez un **CSV** ou **XLSX** (max {MAX_BYTES // 1024 // 1024} Mo, {rows} lignes) : une "
                "ligne par période et par canal. Colonnes reconnues : période/mois, canal, dépenses, impressions, "
                "clics, visiteurs, leads, MQL, SQL, opportunités, clients, CA. Le fichier est lu, jamais exécuté.")
    return (f"Upload a **CSV** or **XLSX** (max {MAX_BYTES // 1024 // 1024} MB, {MAX_ROWS:,} rows): one row per "
            "period and channel. Recognised columns: period/month, channel, spend, impressions, clicks, visitors, "
            "leads, MQL, SQL, opportunities, customers, revenue. The file is parsed, never executed.")


def anomalies_markdown(anomalies: list[Anomaly], lang: str, limit: int = 30) -> str:
    """The flags as a bullet list (the first `limit`, then how many more), or a line saying there are none."""
    if not anomalies:
        return "Aucune anomalie détectée." if lang == "fr" else "No anomaly found."
    lines = ["### Anomalies", *[f"- ⚠️ {a.message.get(lang)}" for a in anomalies[:limit]]]
    more = len(anomalies) - limit
    if more > 0:
        lines.append(f"- … et {more} autres." if lang == "fr" else f"- … and {more} more.")
    return "\n".join(lines)


def process_file(path: str | Path | None, lang: str) -> DataView:
    """Load, aggregate and check a file; a refused file gives its one message and no table."""
    if not path:
        return DataView(None, "")
    try:
        data = load_path(path)
    except DatasetError as err:
        return DataView(None, f"❌ {err.text.get(lang)}")
    except OSError as err:
        msg = f"Le fichier n'a pas pu être lu ({err.strerror})." if lang == "fr" else \
            f"The file could not be read ({err.strerror})."
        return DataView(None, f"❌ {msg}")
    table = build_kpi_table(data)
    rows = len(data.frame)
    head = (f"✅ **{table.source_name}** : {rows} lignes, {len(table.channels)} canaux, {len(table.periods)} "
            "périodes." if lang == "fr" else
            f"✅ **{table.source_name}**: {rows} rows, {len(table.channels)} channels, {len(table.periods)} periods.")
    notes = [f"- {n.get(lang)}" for n in data.notes]
    return DataView(table, "\n".join([head, *notes]), find_anomalies(table))


def table_frame(table: KpiTable | None, level: str, lang: str) -> pd.DataFrame:
    """The view to display (an empty frame without data)."""
    return display_frame(table, level, lang) if table is not None else pd.DataFrame()


def figures(table: KpiTable | None, kpi: str | None, lang: str) -> tuple[go.Figure | None, ...]:
    """Funnel, trend and channel comparison for one KPI (None when there is nothing to draw)."""
    if table is None:
        return None, None, None
    kpi = kpi if kpi in table.ratios else (table.ratios[0] if table.ratios else None)
    funnel = funnel_figure(table, lang)
    if kpi is None:
        return funnel, None, None
    return funnel, trend_figure(table, kpi, lang), channel_figure(table, kpi, lang)
