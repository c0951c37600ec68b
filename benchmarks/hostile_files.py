"""Files a data upload must refuse quickly: an XLSX zip bomb, a sheet of a million cells, 100 000 columns.

Built in memory (the tests and `make bench` share them), each a valid file of its kind.
"""

from __future__ import annotations

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>")
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Canal</t></is></c>'
               '<c r="B1" t="inlineStr"><is><t>Clics</t></is></c></row>')


def _xlsx(rows, strings: int = 0) -> bytes:
    """A workbook whose first sheet is the header row then `rows` (an iterable of XML row strings)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                      b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for i in range(0, strings, 10_000):
                out.write(b"".join(b"<si><t>s%d</t></si>" % j for j in range(i, min(i + 10_000, strings))))
            out.write(b"</sst>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(_SHEET_HEAD.encode() + _HEADER_ROW.encode())
            batch: list[str] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 10_000:
                    out.write("".join(batch).encode())
                    batch = []
            out.write(("".join(batch) + "</sheetData></worksheet>").encode())
    return buf.getvalue()


def xlsx_bomb(unzipped_mb: int = 400) -> bytes:
    """A valid XLSX of a few hundred KB whose sheet XML expands to `unzipped_mb` MB (the same cell repeated)."""
    cell = '<c t="inlineStr"><is><t>SEA</t></is></c><c><v>1</v></c>'
    row = "<row>" + cell * 50 + "</row>"
    count = unzipped_mb * 1024 * 1024 // len(row)
    return _xlsx(row for _ in range(count))


def xlsx_many_cells(cells: int = 1_500_000) -> bytes:
    """A sheet with `cells` small cells (two per row), under the unzipped-size limit."""
    return _xlsx("<row><c><v>1</v></c><c><v>2</v></c></row>" for _ in range(cells // 2))


def xlsx_many_strings(strings: int = 300_000) -> bytes:
    """A workbook whose shared-strings table holds `strings` distinct texts."""
    return _xlsx(["<row><c><v>1</v></c><c><v>2</v></c></row>"], strings=strings)


def wide_csv(columns: int = 100_000) -> bytes:
    """A CSV whose header has `columns` columns (and one data row)."""
    header = ";".join(["Canal", "Clics"] + [f"colonne_{i}" for i in range(columns - 2)])
    return (header + "\n" + ";".join(["SEA", "1"] + ["0"] * (columns - 2)) + "\n").encode()
