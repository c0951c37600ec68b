"""The cells of a CSV or of an XLSX's first sheet as rows numbered the way the user sees them.

Row numbers are the file's own: the line of a CSV record, the row of the sheet. Every message and every excluded
row names that number, so the user finds it in their spreadsheet.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from assistant.dataset.errors import DatasetError
from assistant.dataset.limits import Limits, too_many_columns, too_many_rows
from tools.base import Text


@dataclass
class RawRow:
    """One non-blank row of the file: its number and its cells (text for a CSV, typed values for an XLSX)."""

    number: int
    cells: list[object]


def is_blank(value: object) -> bool:
    """An empty cell: None, NaN or blank text."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def _keep(rows: list[RawRow], number: int, cells: list[object], limits: Limits) -> None:
    while cells and is_blank(cells[-1]):
        cells.pop()
    if not cells:
        return
    if len(cells) > limits.max_columns:
        raise too_many_columns(len(cells), number, limits.max_columns)
    rows.append(RawRow(number, cells))
    # the header and title rows come on top of the data rows
    if len(rows) > limits.max_rows + 31:
        raise too_many_rows(limits.max_rows)


def csv_rows(text: str, sep: str, limits: Limits) -> list[RawRow]:
    """The records of a CSV text (already checked by `limits.check_csv`)."""
    rows: list[RawRow] = []
    reader = csv.reader(io.StringIO(text), delimiter=sep, skipinitialspace=True)
    start = 1
    try:
        for record in reader:
            _keep(rows, start, [c.strip() for c in record], limits)
            start = reader.line_num + 1
    except csv.Error as err:
        raise DatasetError(Text(en=f"The CSV could not be read at line {reader.line_num}: {err}.",
                                fr=f"Le CSV n'a pas pu être lu à la ligne {reader.line_num} : {err}.")) from None
    return rows


def xlsx_rows(raw: bytes, limits: Limits) -> list[RawRow]:
    """The rows of the workbook's first sheet, values as the spreadsheet saved them (formulas never evaluated)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 — openpyxl raises many types on a damaged file; the user gets one message
        raise DatasetError(Text(en=f"The XLSX file could not be read ({err}).",
                                fr=f"Le fichier XLSX n'a pas pu être lu ({err}).")) from None
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # a wrong <dimension> must not shift the row numbers
        rows: list[RawRow] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            _keep(rows, number, [v.strip() if isinstance(v, str) else v for v in values], limits)
        return rows
    except DatasetError:
        raise
    except Exception as err:  # noqa: BLE001
        raise DatasetError(Text(en=f"The XLSX file could not be read ({err}).",
                                fr=f"Le fichier XLSX n'a pas pu être lu ({err}).")) from None
    finally:
        wb.close()
