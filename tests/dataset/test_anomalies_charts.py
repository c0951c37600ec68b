"""Anomaly flags with their numbers, and the figures built from the table."""

from __future__ import annotations

from assistant.dataset.anomalies import find_anomalies
from assistant.dataset.charts import channel_figure, funnel_figure, trend_figure
from assistant.dataset.kpis import build_kpi_table
from assistant.dataset.load import load_bytes


def test_french_sample_flags_social_cac_rise_and_conversion_collapse_in_march(fr_table):
    flags = find_anomalies(fr_table)
    assert [(a.kind, a.channel, a.period) for a in flags] == [
        ("cac_rise", "Réseaux sociaux", "2025-03"), ("conversion_collapse", "Réseaux sociaux", "2025-03")]
    cac = flags[0]
    assert (cac.value, cac.reference) == (900.0, 230.0)  # 1800/2 vs mean(1200/6, 1300/5) = mean(200, 260)
    assert cac.message.en.startswith("Réseaux sociaux, 2025-03: CAC 900 is 3.91× its mean of the previous "
                                     "periods (230).")
    assert cac.message.fr.startswith("Réseaux sociaux, 2025-03 : CAC de 900, soit 3,91× sa moyenne")
    conv = flags[1]
    assert conv.value == round(2 / 55 * 100, 4)  # lead → customer 3.64 % vs mean(10 %, 8.06 %)
    assert conv.reference == (10.0 + round(5 / 62 * 100, 4)) / 2


def test_spend_without_customers_is_flagged():
    t = build_kpi_table(load_bytes("Mois;Canal;Dépenses;Clients\n2025-01;SEA;500;5\n2025-02;SEA;450;0\n".encode(),
                                   "f.csv"))
    flags = find_anomalies(t)
    assert [(a.kind, a.period) for a in flags] == [("spend_without_customers", "2025-02")]
    assert flags[0].message.en == "SEA, 2025-02: 450 spent and no new customer, so CAC is undefined."


def test_steady_channels_raise_no_flag():
    t = build_kpi_table(load_bytes("Mois;Canal;Dépenses;Leads;Clients\n2025-01;SEA;500;50;5\n2025-02;SEA;700;50;5\n"
                                   "2025-03;SEA;890;50;5\n".encode(), "f.csv"))
    assert find_anomalies(t) == []  # 178 < 1.5 × mean(100, 140) = 180


def test_funnel_uses_the_stages_present_with_totals(fr_table):
    fig = funnel_figure(fr_table, "fr")
    trace = fig.data[0]
    assert list(trace.y) == ["Impressions", "Clics", "Visiteurs", "Leads", "MQL", "SQL", "Clients"]
    assert list(trace.x)[0] == 120000 + 125000 + 130000 + 60000 + 64000 + 70000 + 200000 + 210000 + 260000
    assert list(trace.x)[-1] == 137
    sea = funnel_figure(fr_table, "en", channel="SEA")
    assert list(sea.data[0].x)[-1] == 63


def test_trend_has_one_line_per_channel_plus_all_channels(fr_table):
    fig = trend_figure(fr_table, "cac", "en")
    assert [t.name for t in fig.data] == ["Emailing", "Réseaux sociaux", "SEA", "SEO", "all channels"]
    assert list(fig.data[1].y) == [200.0, 260.0, 900.0]
    assert fig.layout.title.text == "CAC over time"


def test_channel_comparison(en_table):
    fig = channel_figure(en_table, "cpl", "fr")
    assert list(fig.data[0].x) == ["Google Ads", "LinkedIn Ads", "Newsletter", "Organic search"]
    assert fig.data[0].y[1] == round(8400 / 98, 4)
    assert fig.layout.title.text == "CPL par canal"


def test_trailing_mean_skips_undefined_periods_and_uses_at_most_three():
    import pandas as pd

    from assistant.dataset.anomalies import _trailing_means

    values = pd.Series([100.0, float("nan"), 120.0, 400.0, 50.0, 60.0])
    assert _trailing_means(values) == [None, None, 100.0, 110.0, 620 / 3, 190.0]
