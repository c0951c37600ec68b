"""Plotly figures of the KPI table: funnel, trends over time, channel comparison.

Every label and hover text is the table's own formatted value (`display.format_value`), so a chart never shows
a rounding the table does not.
"""

from __future__ import annotations

import plotly.graph_objects as go

from assistant.dataset.display import format_value
from assistant.dataset.kpis import KpiTable, column_label

FUNNEL_STAGES = ("impressions", "clicks", "visitors", "leads", "mql", "sql", "opportunities", "customers")
_TITLES = {
    "funnel": ("Funnel", "Entonnoir"), "trend": ("{kpi} over time", "{kpi} dans le temps"),
    "channels": ("{kpi} by channel", "{kpi} par canal"), "all": ("all channels", "tous canaux"),
}


def _title(key: str, lang: str, **kw) -> str:
    en, fr = _TITLES[key]
    return (fr if lang == "fr" else en).format(**kw)


def _texts(values, kpi: str, lang: str, currency: str | None) -> list[str]:
    return [format_value(v, kpi, lang, currency) for v in values]


def funnel_figure(table: KpiTable, lang: str = "en", channel: str | None = None) -> go.Figure:
    """Impressions → … → customers, for the stages the file has (totals, or one channel)."""
    row = table.total.iloc[0] if channel is None else table.by_channel.set_index("channel").loc[channel]
    stages = [s for s in FUNNEL_STAGES if s in table.columns]
    values = [float(row[s]) for s in stages]
    fig = go.Figure(go.Funnel(y=[column_label(s, lang) for s in stages], x=values,
                              text=_texts(values, "customers", lang, None), textinfo="text+percent previous",
                              hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_layout(title=f"{_title('funnel', lang)} — {channel or _title('all', lang)}",
                      margin={"l": 10, "r": 10, "t": 50, "b": 10}, separators=",\u202f" if lang == "fr" else ".,")
    return fig


def trend_figure(table: KpiTable, kpi: str, lang: str = "en") -> go.Figure:
    """One line per channel plus the all-channel line (computed from sums), period by period."""
    label = column_label(kpi, lang)
    fig = go.Figure()
    hover = "%{fullData.name}, %{x}: %{text}<extra></extra>"
    for ch, rows in table.detail.groupby("channel", sort=True):
        fig.add_trace(go.Scatter(x=rows["period_label"], y=rows[kpi], mode="lines+markers", name=str(ch),
                                 text=_texts(rows[kpi], kpi, lang, table.currency), hovertemplate=hover))
    fig.add_trace(go.Scatter(x=table.by_period["period_label"], y=table.by_period[kpi], mode="lines+markers",
                             name=_title("all", lang), line={"dash": "dash", "color": "black"},
                             text=_texts(table.by_period[kpi], kpi, lang, table.currency), hovertemplate=hover))
    fig.update_layout(title=_title("trend", lang, kpi=label), xaxis_title=column_label("period_label", lang),
                      yaxis_title=label, xaxis={"type": "category"}, separators=",\u202f" if lang == "fr" else ".,")
    return fig


def channel_figure(table: KpiTable, kpi: str, lang: str = "en") -> go.Figure:
    """The KPI of each channel over the whole file, each bar labelled with the table's value."""
    label = column_label(kpi, lang)
    texts = _texts(table.by_channel[kpi], kpi, lang, table.currency)
    fig = go.Figure(go.Bar(x=table.by_channel["channel"], y=table.by_channel[kpi], text=texts, textposition="auto",
                           hovertemplate="%{x}: %{text}<extra></extra>"))
    fig.update_layout(title=_title("channels", lang, kpi=label), yaxis_title=label,
                      separators=",\u202f" if lang == "fr" else ".,")
    return fig
