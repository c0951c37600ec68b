"""Property: whatever the rows, a total ratio is the ratio of the summed columns (never a mean of ratios)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.dataset.kpis import build_kpi_table
from assistant.dataset.load import load_bytes

row = st.tuples(st.sampled_from(["2025-01", "2025-02", "2025-03"]), st.sampled_from(["SEA", "SEO", "Email"]),
                st.integers(0, 5000), st.integers(0, 40), st.integers(1, 900))


@settings(max_examples=40, deadline=None)
@given(st.lists(row, min_size=1, max_size=12))
def test_totals_and_channel_ratios_come_from_sums(rows):
    text = "Mois;Canal;Dépenses;Clients;Leads\n" + "".join(f"{m};{c};{s};{n};{lead}\n" for m, c, s, n, lead in rows)
    table = build_kpi_table(load_bytes(text.encode(), "f.csv"))
    spend, customers, leads = (sum(r[i] for r in rows) for i in (2, 3, 4))
    total = table.total.iloc[0]
    # the table rounds to 4 decimals with numpy (half to even on the binary value): compare within that rounding
    assert total["cpl"] == pytest.approx(spend / leads, abs=1e-4)
    if customers:
        assert total["cac"] == pytest.approx(spend / customers, abs=1e-4)
    else:
        assert total["cac"] != total["cac"]  # NaN: undefined, never infinity
    for ch in {r[1] for r in rows}:
        mine = [r for r in rows if r[1] == ch]
        got = table.by_channel.set_index("channel").loc[ch, "cpl"]
        assert got == pytest.approx(sum(r[2] for r in mine) / sum(r[4] for r in mine), abs=1e-4)
