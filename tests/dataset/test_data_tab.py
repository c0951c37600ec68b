"""The data tab: an upload stores the KPI table on the Session so the chat can query it."""

from __future__ import annotations

import gradio as gr

from assistant.dataset.kpis import KpiTable
from assistant.dataset.report import EXAMPLES
from assistant.session import Session
from assistant.ui.app_factory import make_scope
from assistant.ui.data_tab import build_data_tab, redraw, restored_views, show_file


def test_tab_builds_inside_blocks(settings):
    with gr.Blocks() as demo:
        build_data_tab(settings, make_scope(settings), None, "en")
    assert len(demo.fns) >= 4


def test_upload_stores_the_table_on_the_session_and_draws_everything():
    session = Session()
    out = show_file(str(EXAMPLES / "marketing_sample.csv"), session, "channel", "fr")
    stored, message, frame, kpi_update, flags, funnel, channels, trend = out
    assert stored is session and isinstance(session.dataset, KpiTable)
    assert message.splitlines()[0] == "✅ **marketing_sample.csv** : 12 lignes utilisées, 4 canaux, 3 périodes."
    # Emailing has no impressions: the rows are named where they leave CPM and CTR, with what those ratios use
    assert message.splitlines()[1] == (
        "- Lignes 4 (Emailing, 2025-01), 8 (Emailing, 2025-02) et 12 (Emailing, 2025-03) sans impressions : CPM et "
        "CTR les laissent de côté et portent sur 14\u202f850,00\xa0€ des 15\u202f300,00\xa0€ de dépenses et "
        "26\u202f050 des 28\u202f450 de clics ; les totaux des colonnes comptent toutes les lignes.")
    assert list(frame.data["Canal"]) == ["Emailing", "Réseaux sociaux", "SEA", "SEO"]
    shown = frame.to_html()
    assert "7\u202f800,00\xa0€" in shown and "123,81\xa0€" in shown  # SEA spend and CAC (7 800 / 63), French
    assert kpi_update["value"] == "cac" and ("CPL", "cpl") in kpi_update["choices"]
    assert flags.startswith("### Anomalies\n- ⚠️ Réseaux sociaux, 2025-03 : CAC de 900")
    assert funnel.data[0].type == "funnel" and channels.data[0].type == "bar" and trend.data[0].type == "scatter"


def test_a_refused_file_keeps_the_previous_data_and_says_why(tmp_path):
    session = Session()
    show_file(str(EXAMPLES / "marketing_sample_en.csv"), session, "total", "en")
    bad = tmp_path / "bad.csv"
    bad.write_text("foo;bar\n1;2\n")
    out = show_file(str(bad), session, "total", "en")
    assert out[1].startswith("❌ No column was recognised (found: foo, bar).")
    assert session.dataset.source_name == "marketing_sample_en.csv"
    assert out[2].data["Spend"].iloc[0] == 21050.0


def test_redraw_follows_the_selected_view_and_kpi():
    session = Session()
    show_file(str(EXAMPLES / "marketing_sample_en.csv"), session, "channel", "en")
    frame, _, channels, trend = redraw(session, "period", "roas", "en")
    assert list(frame.data["Period"]) == ["2025-01", "2025-02", "2025-03"]
    assert channels.layout.title.text == "ROAS by channel" and trend.layout.title.text == "ROAS over time"
    empty = redraw(Session(), "channel", None, "en")
    assert empty[0].empty and empty[1] is None


def test_a_long_anomaly_list_is_cut_with_a_count(fr_table):
    from assistant.dataset.anomalies import find_anomalies
    from assistant.dataset.report import anomalies_markdown

    flags = find_anomalies(fr_table)
    assert anomalies_markdown(flags, "en", limit=1).splitlines()[-1] == "- … and 1 more."
    assert anomalies_markdown([], "fr") == "Aucune anomalie détectée."


def test_after_a_reload_the_tab_shows_the_sessions_stored_data_again():
    session = Session()
    assert restored_views(session, "channel", "en") == (gr.skip(),) * 7  # no upload: every view left as it is
    show_file(str(EXAMPLES / "marketing_sample_en.csv"), session, "channel", "en")
    message, frame, kpi_update, flags, funnel, channels, trend = restored_views(session, "channel", "fr")
    assert message == "✅ **marketing_sample_en.csv** : fichier de cette session, toujours chargé."
    shown = getattr(frame, "data", frame)  # a pandas Styler (formatted cells) or a DataFrame
    assert list(shown["Canal"]) == ["Google Ads", "LinkedIn Ads", "Newsletter", "Organic search"]
    assert kpi_update["value"] == "cac"
    assert flags.startswith("### Anomalies") and funnel.data[0].type == "funnel"
