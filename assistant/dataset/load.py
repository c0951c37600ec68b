"""Read a CSV or XLSX of marketing data into a clean frame: recognised columns, numbers, periods, channels.

The file is parsed, never executed: XLSX cells holding formulas are read as the values the spreadsheet saved
(openpyxl data_only, through pandas); we never evaluate a formula.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from assistant.dataset.columns import LABELS, NUMERIC, map_columns
from assistant.dataset.periods import parse_periods
from tools.base import Text

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
_MISSING = {"", "-", "—", "n/a", "na", "nd", "n.d.", "none", "null", "nan"}
_THOUSANDS_DOT = re.compile(r"-?\d{1,3}(\.\d{3})+")


class DatasetError(ValueError):
    """The file cannot be used; the message says why in both languages."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


@dataclass
class LoadedData:
    """A clean frame with canonical columns, and what the loader noticed."""

    frame: pd.DataFrame
    columns: list[str]
    unknown_columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    notes: list[Text] = field(default_factory=list)
    source_name: str = ""


def _size(n: int, lang: str) -> str:
    """'2.3 MB' / '2,3 Mo', or kilobytes under one megabyte."""
    if n >= 1024 * 1024:
        num, unit = f"{n / 1024 / 1024:.1f}".removesuffix(".0"), ("MB", "Mo")
    else:
        num, unit = str(-(-n // 1024)), ("KB", "Ko")
    return f"{num.replace('.', ',')} {unit[1]}" if lang == "fr" else f"{num} {unit[0]}"


def _too_big(size: int, limit: int) -> DatasetError:
    return DatasetError(Text(en=f"The file is {_size(size, 'en')}; the limit is {_size(limit, 'en')}.",
                             fr=f"Le fichier fait {_size(size, 'fr')} ; la limite est de {_size(limit, 'fr')}."))


def load_path(path: str | Path, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> LoadedData:
    """Load a file from disk (its size is checked before it is read)."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise _too_big(size, max_bytes)
    return load_bytes(path.read_bytes(), path.name, max_bytes, max_rows)


def _decode(raw: bytes) -> str:
    best = from_bytes(raw).best()
    if best is None:
        raise DatasetError(Text(en="The file is not text: save it as CSV (UTF-8) or XLSX.",
                                fr="Le fichier n'est pas du texte : enregistrez-le en CSV (UTF-8) ou en XLSX."))
    return str(best).lstrip("\ufeff")


def _sniff(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(";,\t|", key=first.count) if first else ","


def _read_csv(raw: bytes, max_rows: int) -> tuple[pd.DataFrame, str]:
    text = _decode(raw)
    sep = _sniff(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=True,
                            nrows=max_rows + 1, skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError) as err:
        raise DatasetError(Text(en=f"The CSV could not be read: {err}",
                                fr=f"Le CSV n'a pas pu être lu : {err}")) from None
    return frame, sep


def _read_xlsx(raw: bytes, max_rows: int) -> pd.DataFrame:
    try:
        return pd.read_excel(io.BytesIO(raw), engine="openpyxl", dtype=object, nrows=max_rows + 1)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise DatasetError(Text(en=f"The XLSX file could not be read ({err}).",
                                fr=f"Le fichier XLSX n'a pas pu être lu ({err}).")) from None


def count_formulas(raw: bytes) -> int:
    """Cells of the first sheet holding a formula (read as their saved value by the loader, never evaluated)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
        try:
            return sum(1 for row in wb.worksheets[0].iter_rows() for c in row if getattr(c, "data_type", "") == "f")
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 — counting is informative only; the real read reports errors
        return 0


def _read(raw: bytes, filename: str, max_rows: int) -> tuple[pd.DataFrame, bool]:
    """The raw frame and whether decimal commas are expected in its text cells."""
    suffix = Path(filename).suffix.lower()
    if raw[:4] == b"PK\x03\x04":
        return _read_xlsx(raw, max_rows), False
    if raw[:4] == b"\xd0\xcf\x11\xe0" or suffix in (".xls", ".xlsx", ".xlsm", ".ods"):
        raise DatasetError(Text(en="This spreadsheet format is not supported: save it as XLSX or CSV.",
                                fr="Ce format de tableur n'est pas pris en charge : enregistrez-le en XLSX ou CSV."))
    frame, sep = _read_csv(raw, max_rows)
    return frame, sep != ","


def _to_numbers(col: pd.Series, decimal_comma: bool) -> tuple[pd.Series, list[int]]:
    """Floats (NaN when missing) and the positions of cells that are not numbers."""
    if pd.api.types.is_string_dtype(col):  # CSV: every cell is text
        direct = pd.Series(float("nan"), index=col.index)
    else:  # XLSX: numbers arrive as numbers, text goes through the cleaning below
        is_num = col.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
        direct = pd.to_numeric(col.where(is_num), errors="coerce")
    text = col.astype("string").fillna("").str.replace(r"[\s\u00a0\u202f€$£%]", "", regex=True)
    missing = text.str.lower().isin(_MISSING)
    # A comma followed by one or two digits is a decimal comma even in a comma-separated file ("1,5" quoted);
    # followed by three digits it stays a thousands separator ("1,234").
    decimal_comma = decimal_comma or bool(text.str.fullmatch(r"-?\d+,\d{1,2}").fillna(False).any())
    if decimal_comma:
        has_comma = text.str.contains(",", regex=False)
        text = text.where(~has_comma, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
        thousands = text.str.fullmatch(_THOUSANDS_DOT.pattern) & ~has_comma
        text = text.where(~thousands, text.str.replace(".", "", regex=False))
    else:
        text = text.str.replace(",", "", regex=False)
    as_text = pd.Series(text.to_numpy(dtype=object), index=text.index)
    parsed = direct.fillna(pd.to_numeric(as_text, errors="coerce").astype(float).where(~missing))
    flags = (parsed.isna() & ~missing) | (parsed < 0)
    return parsed.astype(float), [int(i) for i in flags.to_numpy().nonzero()[0]]


def _check_numbers(frame: pd.DataFrame, raw: pd.DataFrame, mapping: dict[str, str], decimal_comma: bool) -> None:
    problems: list[tuple[str, int, object]] = []
    for original, canon in mapping.items():
        if canon not in NUMERIC:
            continue
        values, bad = _to_numbers(raw[original].reset_index(drop=True), decimal_comma)
        frame[canon] = values.to_numpy()
        # the row number the user sees in the file: header on line 1, blank lines skipped keep their number
        problems += [(original, int(raw.index[i]), raw[original].iloc[i]) for i in bad]
    if problems:
        shown = problems[:10]
        more = len(problems) - len(shown)
        en = "; ".join(f"column '{c}', row {i + 2}: {v!r}" for c, i, v in shown)
        fr = "; ".join(f"colonne « {c} », ligne {i + 2} : {v!r}" for c, i, v in shown)
        raise DatasetError(Text(
            en=f"Numbers expected (zero or more) but found: {en}" + (f" (and {more} more)" if more else "") + ".",
            fr=f"Nombres attendus (positifs ou nuls) mais trouvé : {fr}" + (f" (et {more} de plus)" if more else "")
            + "."))


def load_bytes(raw: bytes, filename: str, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> LoadedData:
    """Load an uploaded file's bytes; every problem is a DatasetError with a bilingual message."""
    if len(raw) > max_bytes:
        raise _too_big(len(raw), max_bytes)
    if not raw.strip():
        raise DatasetError(Text(en="The file is empty.", fr="Le fichier est vide."))
    rawframe, decimal_comma = _read(raw, filename, max_rows)
    if not rawframe.empty:
        blank = rawframe.astype("string").fillna("").apply(lambda c: c.str.strip().eq("").astype(bool))
        rawframe = rawframe[~blank.all(axis=1)]
    if len(rawframe) > max_rows:
        raise DatasetError(Text(en=f"The file has more than {max_rows:,} rows; the limit is {max_rows:,}.",
                                fr=f"Le fichier dépasse {max_rows:,} lignes ; la limite est de {max_rows:,}."
                                .replace(",", " ")))
    if rawframe.empty:
        raise DatasetError(Text(en="The file has a header but no data rows.",
                                fr="Le fichier a une ligne d'en-tête mais aucune ligne de données."))
    mapping, unknown = map_columns([str(c) for c in rawframe.columns])
    numeric = [c for c in mapping.values() if c in NUMERIC]
    if not numeric:
        expected_en = ", ".join(LABELS[c].en for c in NUMERIC)
        expected_fr = ", ".join(LABELS[c].fr for c in NUMERIC)
        raise DatasetError(Text(
            en=f"No column was recognised (found: {', '.join(map(str, rawframe.columns))}). Expected names such as "
               f"period, channel, {expected_en}.",
            fr=f"Aucune colonne reconnue (trouvé : {', '.join(map(str, rawframe.columns))}). Noms attendus : "
               f"période, canal, {expected_fr}."))
    rawframe.columns = [str(c) for c in rawframe.columns]
    frame = pd.DataFrame(index=rawframe.index)
    _check_numbers(frame, rawframe, mapping, decimal_comma)
    notes: list[Text] = []
    inverse = {v: k for k, v in mapping.items()}
    if "channel" in inverse:
        frame["channel"] = rawframe[inverse["channel"]].map(lambda v: str(v).strip() if pd.notna(v) else "")
        frame["channel"] = frame["channel"].replace("", "?")
    else:
        frame["channel"] = "all"
        notes.append(Text(en="No channel column: every row counts as one channel 'all'.",
                          fr="Pas de colonne canal : toutes les lignes comptent comme un seul canal « all »."))
    if "period" in inverse:
        frame["period"], frame["period_label"], note = parse_periods(rawframe[inverse["period"]])
        if note:
            notes.append(note)
    else:
        frame["period"], frame["period_label"] = 0, "all"
        notes.append(Text(en="No period column: all rows are one period.",
                          fr="Pas de colonne période : toutes les lignes forment une seule période."))
    formulas = count_formulas(raw) if raw[:4] == b"PK\x03\x04" else 0
    if formulas:
        notes.append(Text(en=f"{formulas} cell(s) hold formulas: their values as saved by the spreadsheet were read, "
                             "never recomputed (a formula never calculated reads as empty).",
                          fr=f"{formulas} cellule(s) contiennent des formules : leurs valeurs enregistrées par le "
                             "tableur ont été lues, jamais recalculées (une formule jamais calculée est lue vide)."))
    if unknown:
        notes.append(Text(en=f"Columns not used (not recognised): {', '.join(unknown)}.",
                          fr=f"Colonnes ignorées (non reconnues) : {', '.join(unknown)}."))
    ordered = ["period", "period_label", "channel", *[c for c in NUMERIC if c in numeric]]
    frame = frame[ordered].reset_index(drop=True)
    return LoadedData(frame=frame, columns=[c for c in NUMERIC if c in numeric], unknown_columns=unknown,
                      mapping=mapping, notes=notes, source_name=Path(filename).name)
