"""KPI table: ratios from summed numerators and denominators, agreeing with the registry calculators."""

from __future__ import annotations

import pytest

from assistant.dataset.kpis import RATIOS, build_kpi_table, display_frame
from assistant.dataset.load import load_bytes
from tools.registry import run_tool


def table_of(csv_text: str):
    return build_kpi_table(load_bytes(csv_text.encode(), "f.csv"))


def test_ratio_of_sums_differs_from_the_average_of_ratios():
    t = table_of("Mois;Canal;Dépenses;Clients\n2025-01;SEA;100;10\n2025-02;SEA;900;30\n")
    per_period = t.detail["cac"].tolist()
    assert per_period == [10.0, 30.0]  # their average would be 20
    assert t.by_channel["cac"].iloc[0] == 25.0  # (100 + 900) / (10 + 30)
    assert t.total["cac"].iloc[0] == 25.0


def test_rows_missing_a_denominator_are_left_out_of_that_ratio_only():
    t = table_of("Mois;Canal;Dépenses;Clics;Clients\n2025-01;SEA;300;150;3\n2025-01;SEO;200;;2\n")
    total = t.total.iloc[0]
    assert total["cpc"] == 2.0  # 300 / 150: SEO has no clicks, so its spend is not in the CPC
    assert total["cac"] == 100.0  # 500 / 5: both channels have spend and customers
    assert total["spend"] == 500.0


def test_zero_denominator_gives_undefined_not_infinity():
    t = table_of("Canal;Dépenses;Clients\nSEA;300;0\n")
    assert t.total["cac"].isna().all()


def test_french_sample_totals_worked_by_hand(fr_table):
    total = fr_table.total.iloc[0]
    assert total["spend"] == 15300.0  # 7 800 + 2 750 + 450 + 4 300
    assert total["customers"] == 137.0  # 63 + 34 + 27 + 13
    assert total["cac"] == round(15300 / 137, 4) == 111.6788
    sea_jan = fr_table.detail[(fr_table.detail.period_label == "2025-01") & (fr_table.detail.channel == "SEA")].iloc[0]
    assert (sea_jan["cac"], sea_jan["ctr"], sea_jan["cpm"]) == (120.0, 3.0, 20.0)  # 2400/20, 3600/120000, ×1000
    assert sea_jan["mql_to_sql"] == round(26 / 66 * 100, 4)
    # CTR over the file ignores emailing, which has clicks but no impressions
    assert total["ctr"] == round((3600 + 3750 + 3900 + 2100 + 2300 + 2600 + 2400 + 2500 + 2900)
                                 / (120000 + 125000 + 130000 + 60000 + 64000 + 70000 + 200000 + 210000 + 260000)
                                 * 100, 4)
    assert fr_table.periods == ["2025-01", "2025-02", "2025-03"]
    assert fr_table.channels == ["Emailing", "Réseaux sociaux", "SEA", "SEO"]


def _tool_inputs(spec, num, den):
    ints = {"new_customers", "leads", "clicks", "impressions", "conversions", "visitors", "sql", "mql"}
    a, b = spec.fields
    return {a: int(num) if a in ints else float(num), b: int(den) if b in ints else float(den)}


@pytest.mark.parametrize("spec", RATIOS, ids=[r.key for r in RATIOS])
def test_every_ratio_agrees_with_the_registry_calculator(fr_table, spec):
    for row in fr_table.by_channel.itertuples():
        num, den = getattr(row, spec.numerator), getattr(row, spec.denominator)
        if den != den or num != num:  # NaN: the channel lacks this column
            continue
        result = run_tool(spec.tool, _tool_inputs(spec, num, den))
        assert result.value == pytest.approx(getattr(row, spec.key), abs=1e-4), (spec.key, row.channel)


def test_display_frame_is_localized_and_rounded(fr_table):
    df = display_frame(fr_table, "channel", "fr")
    assert list(df.columns[:3]) == ["Canal", "Dépenses", "Impressions"]
    assert "Taux de conversion (%)" in df.columns
    row = df[df["Canal"] == "SEA"].iloc[0]
    assert row["CAC"] == round(7800 / 63, 2) == 123.81
    assert "period" not in display_frame(fr_table, "detail", "en").columns
