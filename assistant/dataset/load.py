"""Read a CSV or XLSX of marketing data into a clean frame: recognised columns, numbers, periods, channels.

Order matters: limits first (bytes, rows, columns, what an XLSX unzips to), then the text encoding, then the header
(title rows above it skipped), then TOTAL / subtotal / note rows set aside with their reason, then every cell.
The file is parsed, never executed: XLSX formulas are read as the values the spreadsheet saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from assistant.dataset.cells import date_out_of_range, describe, to_numbers
from assistant.dataset.columns import NUMERIC, map_columns
from assistant.dataset.decode import decode_text
from assistant.dataset.errors import DatasetError
from assistant.dataset.grid import RawRow, csv_rows, is_blank, xlsx_rows
from assistant.dataset.layout import (
    Excluded,
    find_header,
    no_figures_row,
    sum_row,
    title_note,
    total_label,
    total_row,
)
from assistant.dataset.limits import MAX_BYTES, MAX_ROWS, Limits, check_csv, check_xlsx, too_big, too_many_rows
from assistant.dataset.periods import parse_one, parse_periods
from tools.base import Text

__all__ = ["MAX_BYTES", "MAX_ROWS", "DatasetError", "LoadedData", "Limits", "load_bytes", "load_path"]
_CURRENCIES = (("€", "EUR"), ("eur", "EUR"), ("$", "USD"), ("usd", "USD"), ("£", "GBP"), ("gbp", "GBP"),
               ("chf", "CHF"))


@dataclass
class LoadedData:
    """A clean frame with canonical columns (and `row`, the file's row number), and what the loader noticed."""

    frame: pd.DataFrame
    columns: list[str]
    unknown_columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    notes: list[Text] = field(default_factory=list)
    source_name: str = ""
    excluded: list[Excluded] = field(default_factory=list)
    encoding: str = ""
    currency: str | None = None


def load_path(path: str | Path, limits: Limits | None = None) -> LoadedData:
    """Load a file from disk (its size is checked before it is read)."""
    limits = limits or Limits()
    path = Path(path)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise too_big(size, limits.max_bytes)
    return load_bytes(path.read_bytes(), path.name, limits)


def _rows(raw: bytes, filename: str, limits: Limits) -> tuple[list[RawRow], bool, str, int]:
    """(rows, decimal comma expected, encoding, formula count)."""
    suffix = Path(filename).suffix.lower()
    if raw[:4] == b"PK\x03\x04":
        facts = check_xlsx(raw, limits)
        return xlsx_rows(raw, limits), False, "xlsx", facts.formulas
    if raw[:4] == b"\xd0\xcf\x11\xe0" or suffix in (".xls", ".xlsx", ".xlsm", ".ods"):
        raise DatasetError(Text(en="This spreadsheet format is not supported: save it as XLSX or CSV.",
                                fr="Ce format de tableur n'est pas pris en charge : enregistrez-le en XLSX ou CSV."))
    text, encoding = decode_text(raw)
    sep = check_csv(text, limits)
    return csv_rows(text, sep, limits), sep != ",", encoding, 0


def _currency(headers: list[str], frame: pd.DataFrame) -> str | None:
    """The currency the file writes its amounts in, when a header or an amount says it."""
    sample = " ".join(headers).lower() + " " + " ".join(str(v) for v in frame.head(50).to_numpy().ravel()).lower()
    return next((code for sign, code in _CURRENCIES if sign in sample), None)


def _set_aside_totals(body: pd.DataFrame, text_cols: list[str]) -> tuple[pd.DataFrame, list[Excluded]]:
    excluded = []
    keep = []
    for number, cells in zip(body.index, body[text_cols].to_numpy().tolist() if text_cols else [[]] * len(body),
                             strict=True):
        hit = total_label(cells)
        if hit:
            excluded.append(total_row(int(number), *hit))
        keep.append(hit is None)
    return body[keep], excluded


def _numbers(body: pd.DataFrame, mapping: dict[str, str], decimal_comma: bool) -> pd.DataFrame:
    values = pd.DataFrame(index=body.index)
    problems: list[tuple[str, int, object, str]] = []
    for original, canon in mapping.items():
        if canon not in NUMERIC:
            continue
        parsed, bad = to_numbers(body[original], decimal_comma)
        values[canon] = parsed.to_numpy()
        problems += [(original, int(body.index[i]), body[original].iloc[i], kind) for i, kind in bad]
    if problems:
        raise DatasetError(describe(sorted(problems, key=lambda p: p[1])))
    return values


def _equals_sum(row, block) -> bool:
    """Every figure of `row` equals the column sum of `block` (rounding of an export allowed)."""
    if len(block) < 2:
        return False
    sums = pd.DataFrame(block).sum(min_count=1).to_numpy()
    present = ~pd.isna(row)
    if not present.any() or pd.isna(sums[present]).any():
        return False
    return all(abs(row[j] - sums[j]) <= max(0.01 * len(block), 1e-9 * abs(sums[j])) for j in range(len(row))
               if present[j])


def _sum_rows(values: pd.DataFrame, labels: pd.DataFrame, breaks: set[int]) -> list[tuple[int, int]]:
    """(position, first position summed) of rows with no period and no channel whose figures are the sum of the
    data rows above them: since the last TOTAL/subtotal/sum row, or since the top."""
    out: list[tuple[int, int]] = []
    if labels.shape[1] == 0:  # no period nor channel column: nothing tells a sum row from a data row
        return out
    numbers = values.to_numpy()
    unlabelled = labels.map(is_blank).all(axis=1).to_numpy()
    numbers_at = list(values.index)
    start, data = 0, []
    for i in range(len(values)):
        if i and any(numbers_at[i - 1] < b < numbers_at[i] for b in breaks):
            start = len(data)
        if unlabelled[i]:
            since = [numbers[j] for j in data[start:]]
            if _equals_sum(numbers[i], since):
                out.append((i, data[start]))
                start = len(data)
                continue
            if _equals_sum(numbers[i], [numbers[j] for j in data]):
                out.append((i, data[0]))
                start = len(data)
                continue
        data.append(i)
    return out


def _periods(col: pd.Series) -> tuple[pd.Series, pd.Series, Text | None]:
    problems = []
    wrong = {v for v in dict.fromkeys(col.tolist()) if date_out_of_range(parse_one(v))}
    for number, value in col.items():
        if value in wrong:
            problems.append((str(col.name), int(number), value, "date"))
    if problems:
        raise DatasetError(describe(problems))
    return parse_periods(col.reset_index(drop=True))


def _set_aside(body: pd.DataFrame, headers: list[str], mapping: dict[str, str],
               decimal_comma: bool) -> tuple[pd.DataFrame, pd.DataFrame, list[Excluded]]:
    """(data rows, their figures, rows set aside): TOTAL/subtotal labels, unlabelled sums, rows with no figure."""
    inverse = {v: k for k, v in mapping.items()}
    body, excluded = _set_aside_totals(body, [c for c in headers if mapping.get(c) not in NUMERIC])
    values = _numbers(body, mapping, decimal_comma)
    labels = body[[inverse[k] for k in ("period", "channel") if k in inverse]]
    for i, first in _sum_rows(values, labels, {e.row for e in excluded}):
        excluded.append(sum_row(int(values.index[i]), int(values.index[first]), int(values.index[i - 1])))
    gone = {e.row for e in excluded}
    for number in values.index[values.isna().all(axis=1)]:
        if number not in gone:
            excluded.append(no_figures_row(int(number), " ".join(str(c) for c in body.loc[number] if not is_blank(c))))
    gone = {e.row for e in excluded}
    keep = [n not in gone for n in values.index]
    if not any(keep):
        raise DatasetError(Text(en="No data row is left once TOTAL and empty rows are set aside.",
                                fr="Il ne reste aucune ligne de données une fois les lignes TOTAL et vides écartées."))
    return body[keep], values[keep], sorted(excluded, key=lambda e: e.row)


def _labelled(body: pd.DataFrame, values: pd.DataFrame, inverse: dict[str, str], notes: list[Text]) -> pd.DataFrame:
    """The figures with the file's row number, the channel and the period (sort key and label)."""
    frame = values.copy()
    frame.insert(0, "row", values.index.astype(int))
    if "channel" in inverse:
        frame.insert(1, "channel", body[inverse["channel"]].map(lambda v: "?" if is_blank(v) else str(v).strip()))
    else:
        frame.insert(1, "channel", "all")
        notes.append(Text(en="No channel column: every row counts as one channel 'all'.",
                          fr="Pas de colonne canal : toutes les lignes comptent comme un seul canal « all »."))
    if "period" in inverse:
        period, label, note = _periods(body[inverse["period"]])
        frame.insert(1, "period", period.to_numpy())
        frame.insert(2, "period_label", label.to_numpy())
        if note:
            notes.append(note)
    else:
        frame.insert(1, "period", 0)
        frame.insert(2, "period_label", "all")
        notes.append(Text(en="No period column: all rows are one period.",
                          fr="Pas de colonne période : toutes les lignes forment une seule période."))
    return frame


def load_bytes(raw: bytes, filename: str, limits: Limits | None = None) -> LoadedData:
    """Load an uploaded file's bytes; every problem is a DatasetError with a bilingual message."""
    limits = limits or Limits()
    if len(raw) > limits.max_bytes:
        raise too_big(len(raw), limits.max_bytes)
    if not raw.strip():
        raise DatasetError(Text(en="The file is empty.", fr="Le fichier est vide."))
    rows, decimal_comma, encoding, formulas = _rows(raw, filename, limits)
    if not rows:
        raise DatasetError(Text(en="The file is empty.", fr="Le fichier est vide."))
    h = find_header(rows)
    headers = [str(c).strip() if not is_blank(c) else f"({i + 1})" for i, c in enumerate(rows[h].cells)]
    data_rows = rows[h + 1:]
    if len(data_rows) > limits.max_rows:
        raise too_many_rows(limits.max_rows)
    if not data_rows:
        raise DatasetError(Text(en="The file has a header but no data rows.",
                                fr="Le fichier a une ligne d'en-tête mais aucune ligne de données."))
    width = len(headers)
    body = pd.DataFrame([(r.cells + [None] * width)[:width] for r in data_rows], columns=headers,
                        index=[r.number for r in data_rows], dtype=object)
    mapping, unknown = map_columns(headers)
    numeric = [c for c in NUMERIC if c in mapping.values()]
    body, values, excluded = _set_aside(body, headers, mapping, decimal_comma)
    notes = [n for n in (title_note(rows[:h]),) if n is not None]
    frame = _labelled(body, values, {v: k for k, v in mapping.items()}, notes)
    if formulas:
        notes.append(Text(en=f"{formulas} cell(s) hold formulas: their values as saved by the spreadsheet were read, "
                             "never recomputed (a formula never calculated reads as empty).",
                          fr=f"{formulas} cellule(s) contiennent des formules : leurs valeurs enregistrées par le "
                             "tableur ont été lues, jamais recalculées (une formule jamais calculée est lue vide)."))
    if unknown:
        notes.append(Text(en=f"Columns not used (not recognised): {', '.join(unknown)}.",
                          fr=f"Colonnes ignorées (non reconnues) : {', '.join(unknown)}."))
    frame = frame[["row", "period", "period_label", "channel", *numeric]].reset_index(drop=True)
    return LoadedData(frame=frame, columns=numeric, unknown_columns=unknown, mapping=mapping, notes=notes,
                      source_name=Path(filename).name, excluded=excluded, encoding=encoding,
                      currency=_currency(headers, body))
