"""KPIs per period and channel, per channel, per period and in total — every ratio recomputed from summed
numerators and denominators (averaging ratios would weigh a tiny channel like a big one)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from assistant.dataset.columns import LABELS, NUMERIC
from assistant.dataset.layout import Excluded
from assistant.dataset.load import LoadedData
from tools.base import Text
from tools.registry import get_tool


@dataclass(frozen=True)
class RatioSpec:
    """One ratio: numerator / denominator × scale, and the registry tool computing the same thing."""

    key: str
    numerator: str
    denominator: str
    scale: float
    label: Text
    tool: str
    fields: tuple[str, str]  # the tool's input names for (numerator, denominator)

    @property
    def lower_is_better(self) -> bool:
        """Read from the calculator's declaration (tools/kpis/<tool>.yaml), like everywhere else."""
        return get_tool(self.tool).kpi.better == "lower"


RATIOS: tuple[RatioSpec, ...] = (
    RatioSpec("cac", "spend", "customers", 1, Text(en="CAC", fr="CAC"), "customer_acquisition_cost",
              ("marketing_spend", "new_customers")),
    RatioSpec("cpl", "spend", "leads", 1, Text(en="CPL", fr="CPL"), "cost_per_lead", ("marketing_spend", "leads")),
    RatioSpec("cpc", "spend", "clicks", 1, Text(en="CPC", fr="CPC"), "cost_per_click", ("ad_spend", "clicks")),
    RatioSpec("cpm", "spend", "impressions", 1000, Text(en="CPM", fr="CPM"), "cost_per_mille",
              ("ad_spend", "impressions")),
    RatioSpec("ctr", "clicks", "impressions", 100, Text(en="CTR (%)", fr="CTR (%)"), "click_through_rate",
              ("clicks", "impressions")),
    RatioSpec("visit_to_lead", "leads", "visitors", 100, Text(en="Visitor → lead (%)", fr="Visiteur → lead (%)"),
              "conversion_rate", ("conversions", "visitors")),
    RatioSpec("lead_to_customer", "customers", "leads", 100, Text(en="Lead → customer (%)", fr="Lead → client (%)"),
              "conversion_rate", ("conversions", "visitors")),
    RatioSpec("conversion_rate", "customers", "visitors", 100,
              Text(en="Conversion rate (%)", fr="Taux de conversion (%)"), "conversion_rate",
              ("conversions", "visitors")),
    RatioSpec("mql_to_sql", "sql", "mql", 100, Text(en="MQL → SQL (%)", fr="MQL → SQL (%)"), "mql_to_sql_rate",
              ("sql", "mql")),
    RatioSpec("roas", "revenue", "spend", 1, Text(en="ROAS", fr="ROAS"), "roas", ("revenue", "ad_spend")),
    # ROI's numerator is revenue − spend, summed over the same rows as its denominator (spend).
    RatioSpec("roi", "revenue", "spend", 100, Text(en="ROI (%)", fr="ROI (%)"), "marketing_roi", ("revenue", "cost")),
)
RATIO_BY_KEY = {r.key: r for r in RATIOS}
LEVELS = ("detail", "channel", "period", "total")


@dataclass
class KpiTable:
    """The four views of the uploaded data, and what it holds. Stored on the user's Session as `dataset`."""

    detail: pd.DataFrame
    by_channel: pd.DataFrame
    by_period: pd.DataFrame
    total: pd.DataFrame
    columns: list[str]
    ratios: list[str]
    source_name: str = ""
    notes: list[Text] = field(default_factory=list)
    rows: pd.DataFrame | None = None  # the data rows used, with their file row numbers (`row`)
    excluded: list[Excluded] = field(default_factory=list)
    currency: str | None = None
    encoding: str = ""
    _figures: list[float] | None = field(default=None, repr=False, compare=False)

    def figures(self) -> list[float]:
        """Every figure an answer about this data may state (for the LLM answer's number check), computed once."""
        if self._figures is None:
            from assistant.dataset.figures import known_figures  # figures needs the anomaly and gap modules

            self._figures = known_figures(self)
        return self._figures

    @property
    def rows_used(self) -> int:
        """Data rows counted in the figures."""
        return 0 if self.rows is None else len(self.rows)

    def view(self, level: str) -> pd.DataFrame:
        """One of 'detail', 'channel', 'period', 'total'."""
        return {"detail": self.detail, "channel": self.by_channel, "period": self.by_period, "total": self.total}[level]

    @property
    def channels(self) -> list[str]:
        """Channels in the data."""
        return list(self.by_channel["channel"])

    @property
    def periods(self) -> list[str]:
        """Period labels in time order."""
        return list(self.by_period["period_label"])


def _masked_parts(frame: pd.DataFrame, specs: list[RatioSpec]) -> pd.DataFrame:
    """Per row, each ratio's numerator and denominator, kept only where both are known."""
    parts = {}
    for r in specs:
        both = frame[r.numerator].notna() & frame[r.denominator].notna()
        num = frame["revenue"] - frame["spend"] if r.key == "roi" else frame[r.numerator]
        parts[f"_n_{r.key}"] = num.where(both)
        parts[f"_d_{r.key}"] = frame[r.denominator].where(both)
    return pd.DataFrame(parts, index=frame.index)


def aggregate(frame: pd.DataFrame, keys: list[str], columns: list[str], specs: list[RatioSpec],
              parts: bool = False) -> pd.DataFrame:
    """Sum `columns` by `keys` (all rows when keys is empty), then each ratio of `specs` from those sums.

    With `parts`, each ratio's summed numerator and denominator (`_n_<key>`, `_d_<key>`: only rows where both
    are known) are kept too.
    """
    work = pd.concat([frame[keys + columns], _masked_parts(frame, specs)], axis=1)
    if keys:
        out = work.groupby(keys, sort=True, dropna=False).sum(min_count=1).reset_index()
    else:
        out = work.sum(min_count=1).to_frame().T
    ratios = {}
    for r in specs:
        num, den = out[f"_n_{r.key}"].astype(float), out[f"_d_{r.key}"].astype(float)
        ratios[r.key] = (num / den.where(den > 0) * r.scale).round(4)
    kept = [c for c in out.columns if c.startswith("_")] if parts else []
    return pd.concat([out[keys + columns], pd.DataFrame(ratios, index=out.index), out[kept]], axis=1)


def build_kpi_table(data: LoadedData) -> KpiTable:
    """Aggregate the loaded rows and compute every ratio its columns allow."""
    f = data.frame
    cols = [c for c in NUMERIC if c in data.columns]
    specs = [r for r in RATIOS if r.numerator in cols and r.denominator in cols]
    labels = f.drop_duplicates("period")[["period", "period_label"]]
    detail = aggregate(f, ["period", "channel"], cols, specs).merge(labels, on="period")
    by_period = aggregate(f, ["period"], cols, specs).merge(labels, on="period")
    by_channel = aggregate(f, ["channel"], cols, specs)
    total = aggregate(f, [], cols, specs)
    total.insert(0, "channel", "total")
    order = ["period_label", "channel"]
    detail = detail[order + cols + [r.key for r in specs] + ["period"]].sort_values(["period", "channel"])
    by_period = by_period[["period_label"] + cols + [r.key for r in specs] + ["period"]].sort_values("period")
    return KpiTable(detail=detail.reset_index(drop=True), by_channel=by_channel, by_period=by_period.reset_index(
        drop=True), total=total, columns=cols, ratios=[r.key for r in specs], source_name=data.source_name,
        notes=list(data.notes), rows=f, excluded=list(data.excluded), currency=data.currency,
        encoding=data.encoding)


def column_label(key: str, lang: str) -> str:
    """Header of a column of the KPI table in `lang`."""
    if key in RATIO_BY_KEY:
        return RATIO_BY_KEY[key].label.get(lang)
    if key == "period_label":
        return LABELS["period"].get(lang)
    return LABELS[key].get(lang) if key in LABELS else key


def display_frame(table: KpiTable, level: str, lang: str) -> pd.DataFrame:
    """A view ready to show: localized headers, 2 decimals, no internal sort key."""
    df = table.view(level).drop(columns=["period"], errors="ignore").copy()
    for c in df.columns:
        if pd.api.types.is_float_dtype(df[c]):
            df[c] = df[c].round(2)
    df.columns = [column_label(c, lang) for c in df.columns]
    return df
