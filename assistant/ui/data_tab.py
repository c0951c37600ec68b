"""The Data tab: upload a CSV/XLSX, see the KPI table, charts and anomalies; the chat can then query the data."""

from __future__ import annotations

import gradio as gr

from assistant.config import Settings
from assistant.dataset.anomalies import find_anomalies
from assistant.dataset.load import MAX_BYTES, Limits
from assistant.dataset.report import (
    EXAMPLES,
    anomalies_markdown,
    figures,
    help_markdown,
    kpi_choices,
    level_choices,
    process_file,
    summary_markdown,
    table_frame,
)
from assistant.session import Session
from assistant.ui.scope import Scope

_LABELS = {
    "upload": ("Your file (CSV or XLSX)", "Votre fichier (CSV ou XLSX)"),
    "example": ("Load the example file", "Charger le fichier d'exemple"),
    "level": ("Table", "Tableau"), "kpi": ("KPI to chart", "KPI à tracer"),
    "table": ("KPIs (ratios recomputed from sums)", "KPI (ratios recalculés sur les sommes)"),
}


def _l(key: str, lang: str) -> str:
    en, fr = _LABELS[key]
    return fr if lang == "fr" else en


def _session(session: Session | None) -> Session:
    return session if isinstance(session, Session) else Session()


def show_file(path, session, level_value: str, lang_value: str, limits: Limits | None = None):
    """Load the file, store its KPI table on the session, and refresh every view (a refused file keeps the last)."""
    session = _session(session)
    view = process_file(path, lang_value, limits)
    if view.table is not None:
        session.dataset = view.table
    shown = view.table if view.table is not None else session.dataset
    choices = kpi_choices(shown, lang_value)
    first = choices[0][1] if choices else None
    funnel, trend, channels = figures(shown, first, lang_value)
    flags = anomalies_markdown(view.anomalies, lang_value) if view.table is not None else gr.skip()
    return (session, view.message, table_frame(shown, level_value, lang_value),
            gr.update(choices=choices, value=first), flags, funnel, channels, trend)


def redraw(session, level_value: str, kpi_value: str | None, lang_value: str):
    """Table view or charted KPI changed: redraw from the session's data."""
    data = _session(session).dataset
    funnel, trend, channels = figures(data, kpi_value, lang_value)
    return table_frame(data, level_value, lang_value), funnel, channels, trend


def restored_views(session: Session, level_value: str, lang_value: str):
    """The tab as it was before a page reload, from the session's stored upload (skips every view without one)."""
    data = session.dataset
    if data is None:
        return (gr.skip(),) * 7
    choices = kpi_choices(data, lang_value)
    first = choices[0][1] if choices else None
    funnel, trend, channels = figures(data, first, lang_value)
    name = getattr(data, "source_name", "")
    message = (f"✅ **{name}** : fichier de cette session, toujours chargé." if lang_value == "fr" else
               f"✅ **{name}**: this session's file, still loaded.")
    return (message, table_frame(data, level_value, lang_value), gr.update(choices=choices, value=first),
            anomalies_markdown(find_anomalies(data), lang_value), funnel, channels, trend)


def build_data_tab(settings: Settings, scope: Scope, lang_radio: gr.components.Component | None = None,
                   lang: str = "fr"):
    """Build the tab inside the current Blocks; the KPI table is the user's Session's `dataset`, and the file its
    one stored upload (any replica rebuilds the table from it). Returns (restore, inputs, outputs): the event the
    page load chains to show the session's data again after a reload."""
    lang_in = lang_radio if lang_radio is not None else gr.State(lang)
    limits = Limits.from_settings(settings)
    help_md = gr.Markdown(help_markdown(lang, limits), elem_id="data-help")
    with gr.Row():
        upload = gr.File(label=_l("upload", lang), file_types=[".csv", ".xlsx", ".tsv", ".txt"], type="filepath",
                         elem_id="data-upload", scale=3)
        example = gr.Button(_l("example", lang), elem_id="data-example", scale=1)
    message = gr.Markdown(elem_id="data-message")
    with gr.Row():
        level = gr.Radio(level_choices(lang), value="channel", label=_l("level", lang), elem_id="data-level")
        kpi = gr.Dropdown(choices=[], label=_l("kpi", lang), elem_id="data-kpi", allow_custom_value=False)
    table = gr.Dataframe(label=_l("table", lang), interactive=False, elem_id="data-table", max_height=420)
    anomalies = gr.Markdown(elem_id="data-anomalies")
    with gr.Row():
        funnel_plot = gr.Plot(elem_id="data-funnel")
        channel_plot = gr.Plot(elem_id="data-channels")
    trend_plot = gr.Plot(elem_id="data-trend")

    outputs = [message, table, kpi, anomalies, funnel_plot, channel_plot, trend_plot]

    def load_file(path, level_value, lang_value, request: gr.Request):
        session = scope.open(request)
        before = session.dataset
        out = show_file(path, session, level_value, lang_value, limits)
        if session.dataset is not None and session.dataset is not before:
            scope.sessions.keep_upload(session, path, session.dataset)
        return out[1:]

    upload.upload(load_file, [upload, level, lang_in], outputs, api_visibility="private")

    def load_example(level_value, lang_value, request: gr.Request):
        name = "marketing_sample.csv" if lang_value == "fr" else "marketing_sample_en.csv"
        return load_file(str(EXAMPLES / name), level_value, lang_value, request)

    example.click(load_example, [level, lang_in], outputs, api_visibility="private")

    def stored_redraw(level_value, kpi_value, lang_value, request: gr.Request):
        return redraw(scope.open(request), level_value, kpi_value, lang_value)

    def relabel(lg, level_value, kpi_value, request: gr.Request):
        """The language changed: labels, choices, table headers, anomaly texts and charts follow."""
        session = scope.open(request)
        data = session.dataset
        flags = anomalies_markdown(find_anomalies(data), lg) if data is not None else ""
        summary = summary_markdown(data, lg) if data is not None else gr.skip()
        frame, funnel, channels, trend = redraw(session, level_value, kpi_value, lg)
        return (help_markdown(lg, limits), summary, gr.update(label=_l("upload", lg)),
                gr.update(value=_l("example", lg)),
                gr.update(label=_l("level", lg), choices=level_choices(lg)),
                gr.update(label=_l("kpi", lg), choices=kpi_choices(data, lg)),
                gr.update(label=_l("table", lg), value=frame), flags, funnel, channels, trend)

    if lang_radio is not None:
        lang_radio.change(relabel, [lang_radio, level, kpi],
                          [help_md, message, upload, example, level, kpi, table, anomalies, funnel_plot,
                           channel_plot, trend_plot], api_visibility="private")

    for control in (level, kpi):
        control.change(stored_redraw, [level, kpi, lang_in],
                       [table, funnel_plot, channel_plot, trend_plot], api_visibility="private")

    def restore(level_value, lang_value, request: gr.Request):
        return restored_views(scope.open(request), level_value, lang_value)

    return restore, [level, lang_in], outputs


MAX_UPLOAD_BYTES = MAX_BYTES  # the app passes the same cap to launch(max_file_size=...)
