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
    # baseline from sums, like every figure: (1 200 + 1 300) / (6 + 5) = 227.27; March 1 800 / 2 = 900
    assert (cac.value, cac.reference, cac.factor) == (900.0, 227.2727, 3.96)
    assert cac.drivers == {"spend": (1800.0, 1250.0), "customers": (2.0, 5.5)}
    assert cac.changed == "customers"  # ×0.36 customers weighs more than ×1.44 spend
    # amounts written like the table (the sample's headers say €), counts as plain numbers
    assert cac.message.en.startswith("Réseaux sociaux, 2025-03: CAC €900.00 is 3.96× its level of the previous "
                                     "periods (€227.27), mostly fewer customers (average per period before → this "
                                     "period: customers 5.5 → 2 (×0.36), spend €1,250.00 → €1,800.00 (×1.44)).")
    assert "leads 61 → 55 (×0.9)" in flags[1].message.en
    assert cac.message.fr.startswith("Réseaux sociaux, 2025-03 : CAC de 900,00\xa0€, soit 3,96× son niveau des "
                                     "périodes précédentes (227,27\xa0€), surtout moins de clients")
    conv = flags[1]
    assert conv.value == round(2 / 55 * 100, 4)  # lead → customer 3.64 % vs (6 + 5) / (60 + 62) = 9.02 %
    assert conv.reference == round(11 / 122 * 100, 4)
    assert conv.kpi == "lead_to_customer" and conv.changed == "customers"


def test_a_cac_rise_driven_by_spend_names_spend():
    t = build_kpi_table(load_bytes("Mois;Canal;Dépenses;Clients\n2025-01;SEA;1000;10\n2025-02;SEA;1000;10\n"
                                   "2025-03;SEA;3000;9\n".encode(), "f.csv"))
    (flag,) = find_anomalies(t)
    assert flag.changed == "spend" and flag.factor == round(333.3333 / 100, 4)
    assert "mostly more spend" in flag.message.en and "surtout plus de dépenses" in flag.message.fr


def test_spend_without_customers_is_flagged():
    t = build_kpi_table(load_bytes("Mois;Canal;Dépenses;Clients\n2025-01;SEA;500;5\n2025-02;SEA;450;0\n".encode(),
                                   "f.csv"))
    flags = find_anomalies(t)
    assert [(a.kind, a.period) for a in flags] == [("spend_without_customers", "2025-02")]
    assert flags[0].message.en == "SEA, 2025-02: €450.00 spent and no new customer, so CAC is undefined."


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


def test_baseline_skips_undefined_periods_and_uses_at_most_three():
    import pandas as pd

    from assistant.dataset.anomalies import baselines

    spend = [100.0, 50.0, 120.0, 400.0, 50.0, 60.0]
    customers = [1.0, 0.0, 1.0, 1.0, 1.0, 1.0]
    cac = [s / c if c else float("nan") for s, c in zip(spend, customers, strict=True)]
    rows = pd.DataFrame({"_n_cac": spend, "_d_cac": customers, "cac": cac})
    got = [None if b is None else round(b[0], 4) for b in baselines(rows, "cac")]
    # period 2 has no customer (undefined CAC): it is skipped, never counted as a zero
    assert got == [None, 100.0, 100.0, 110.0, round(620 / 3, 4), round(570 / 3, 4)]


def test_chart_labels_and_table_cells_agree_on_rounding_in_each_language(fr_table):
    from assistant.dataset.display import styled_frame

    for lang in ("fr", "en"):
        shown = styled_frame(fr_table, "channel", lang)
        cells = shown._translate(False, False)["body"]  # what the browser shows (pandas' display values)
        cac_col = list(shown.data.columns).index("CAC") + 1  # +1: the index column
        table_cac = [row[cac_col]["display_value"] for row in cells]
        assert list(channel_figure(fr_table, "cac", lang).data[0].text) == table_cac
        trend = trend_figure(fr_table, "cac", lang)
        sea_march = fr_table.detail[(fr_table.detail.channel == "SEA")]["cac"].iloc[-1]  # 2 800 / 22 = 127.2727
        assert trend.data[2].text[-1] == ("127,27\xa0€" if lang == "fr" else "€127.27") == \
            styled_value(sea_march, lang)


def styled_value(value, lang):
    from assistant.dataset.display import format_value

    return format_value(value, "cac", lang, "EUR")
