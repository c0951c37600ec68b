"""Rows with a missing value, named where they leave a ratio, and why a ratio's totals differ from the column sums.

A row with spend but no customer count cannot take part in the CAC: its spend is left out of the CAC's numerator
(otherwise the CAC would charge that spend to other rows' customers) while the spend column still sums every row.
The user sees both numbers and the rows that make the difference.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from assistant.dataset.columns import LABELS
from assistant.dataset.display import format_value
from assistant.dataset.kpis import RATIO_BY_KEY, RATIOS, KpiTable
from tools.base import Text


@dataclass(frozen=True)
class Gap:
    """One ratio and the rows left out of it because one of its two columns is empty there."""

    ratio: str
    rows: list[int]
    missing: dict[int, str]  # row → the column that is empty
    left_out: dict[str, float]  # column → amount of it left out of the ratio (from those rows)
    used: dict[str, float]  # column → amount the ratio uses


def ratio_gaps(table: KpiTable) -> list[Gap]:
    """For every ratio of the table, the rows that have one of its two columns and not the other."""
    f = table.rows
    if f is None or f.empty:
        return []
    out = []
    for r in (x for x in RATIOS if x.key in table.ratios):
        num, den = f[r.numerator].notna(), f[r.denominator].notna()
        partial = (num ^ den) & ~(f[r.numerator].isna() & f[r.denominator].isna())
        if not partial.any():
            continue
        rows = f.loc[partial, "row"].astype(int).tolist()
        missing = {int(row): (r.denominator if pd.isna(d) else r.numerator)
                   for row, d in zip(f.loc[partial, "row"], f.loc[partial, r.denominator], strict=True)}
        both = num & den
        cols = dict.fromkeys((r.numerator, r.denominator))
        out.append(Gap(r.key, rows, missing,
                       left_out={c: float(f.loc[partial, c].sum()) for c in cols},
                       used={c: float(f.loc[both, c].sum()) for c in cols}))
    return out


def _where(table: KpiTable, row: int) -> str:
    f = table.rows
    hit = f[f["row"] == row].iloc[0]
    return ", ".join(p for p in (str(hit["channel"]), str(hit["period_label"])) if p != "all")


def _col(key: str, lang: str) -> str:
    return LABELS[key].get(lang).lower()


def _n(x: float, key: str, lang: str, currency: str | None) -> str:
    return format_value(x, key, lang, currency)


def _and(items: list[str], lang: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + (" et " if lang == "fr" else " and ") + items[-1]


def gap_notes(table: KpiTable) -> list[Text]:
    """One note per set of rows missing the same column: which rows, which ratios leave them out, what those use.

    'Rows 4 (Emailing, 2025-01), 8 (Emailing, 2025-02) and 12 (Emailing, 2025-03) have no impressions: CPM and
    CTR leave them out and use 14 850 of the 15 300 spend and 26 050 of the 28 450 clicks; the column totals count
    every row.'
    """
    groups: dict[tuple[tuple[int, ...], str], list[Gap]] = {}
    for g in ratio_gaps(table):
        for col in dict.fromkeys(g.missing.values()):
            rows = tuple(r for r in g.rows if g.missing[r] == col)
            groups.setdefault((rows, col), []).append(g)
    notes = []
    for (rows, col), gaps in groups.items():
        shown = rows[:6]
        more = len(rows) - len(shown)
        where = [f"{r} ({_where(table, r)})" for r in shown]
        labels = [RATIO_BY_KEY[g.ratio].label for g in gaps]

        def uses(lang: str, gaps=gaps, col=col) -> str:
            parts = []
            for g in gaps:
                for c, amount in g.left_out.items():
                    if amount and c != col:
                        total = _n(g.used[c] + amount, c, lang, table.currency)
                        used = _n(g.used[c], c, lang, table.currency)
                        parts.append(f"{used} des {total} de {_col(c, lang)}" if lang == "fr"
                                     else f"{used} of the {total} {_col(c, lang)}")
            return _and(list(dict.fromkeys(parts)), lang)

        names_en = _and([x.en.removesuffix(" (%)") for x in labels], "en")
        names_fr = _and([x.fr.removesuffix(" (%)") for x in labels], "fr")
        many = len(rows) > 1
        where_en = _and(where + ([f"{more} more"] if more else []), "en")
        where_fr = _and(where + ([f"{more} autres"] if more else []), "fr")
        notes.append(Text(
            en=f"{'Rows' if many else 'Row'} {where_en} {'have' if many else 'has'} no {_col(col, 'en')}: "
               f"{names_en} {'leave' if len(labels) > 1 else 'leaves'} {'them' if many else 'it'} out and "
               f"{'use' if len(labels) > 1 else 'uses'} {uses('en')}; the column totals count every row.",
            fr=f"{'Lignes' if many else 'Ligne'} {where_fr} sans {_col(col, 'fr')} : {names_fr} "
               f"{'les' if many else 'la'} {'laissent' if len(labels) > 1 else 'laisse'} de côté et "
               f"{'portent' if len(labels) > 1 else 'porte'} sur {uses('fr')} ; les totaux des colonnes comptent "
               "toutes les lignes."))
    return notes
