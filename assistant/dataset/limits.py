"""Limits checked BEFORE a file is parsed: bytes, rows, columns, and for an XLSX what its zip really expands to.

A 418 KB XLSX can hold a gigabyte of XML (a zip bomb) and a 2 MB CSV a 100 000-column header: parsing either
first costs minutes of CPU. The checks below read only counts — declared and real decompressed sizes, shared
strings, cells — and refuse with one short message that never lists what it refused.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from assistant.dataset.errors import DatasetError
from tools.base import Text

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_UNZIPPED = 64 * 1024 * 1024
MAX_SHARED_STRINGS = 200_000
MAX_CELLS = 1_000_000
HEAD_ROWS = 30  # rows above the data where a header (and title rows) may stand
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What an uploaded file may hold (the app's settings fill it; the defaults are the documented ones)."""

    max_bytes: int = MAX_BYTES
    max_rows: int = MAX_ROWS
    max_columns: int = MAX_COLUMNS
    max_unzipped: int = MAX_UNZIPPED
    max_shared_strings: int = MAX_SHARED_STRINGS
    max_cells: int = MAX_CELLS

    @classmethod
    def from_settings(cls, settings) -> Limits:
        """The limits configured in `Settings` (data_max_*)."""
        return cls(max_rows=settings.data_max_rows,
                   max_columns=settings.data_max_columns, max_unzipped=settings.data_max_unzipped_mb * 1024 * 1024,
                   max_shared_strings=settings.data_max_shared_strings, max_cells=settings.data_max_cells)


def grouped(n: int, lang: str) -> str:
    """12 345 in French, 12,345 in English."""
    return f"{n:,}".replace(",", "\u202f" if lang == "fr" else ",")


def size_text(n: int, lang: str) -> str:
    """'2.3 MB' / '2,3 Mo', or kilobytes under one megabyte."""
    if n >= 1024 * 1024:
        num, unit = f"{n / 1024 / 1024:.1f}".removesuffix(".0"), ("MB", "Mo")
    else:
        num, unit = str(-(-n // 1024)), ("KB", "Ko")
    return f"{num.replace('.', ',')} {unit[1]}" if lang == "fr" else f"{num} {unit[0]}"


def too_big(size: int, limit: int) -> DatasetError:
    """The file itself is over the byte limit."""
    return DatasetError(Text(
        en=f"The file is {size_text(size, 'en')}; the limit is {size_text(limit, 'en')}.",
        fr=f"Le fichier fait {size_text(size, 'fr')} ; la limite est de {size_text(limit, 'fr')}."))


def too_many_rows(limit: int) -> DatasetError:
    """More data rows than allowed."""
    return DatasetError(Text(
        en=f"The file has more than {grouped(limit, 'en')} rows; the limit is {grouped(limit, 'en')}.",
        fr=f"Le fichier dépasse {grouped(limit, 'fr')} lignes ; la limite est de {grouped(limit, 'fr')}."))


def too_many_columns(found: int, row: int, limit: int) -> DatasetError:
    """More columns than allowed (their names are not listed: there may be 100 000 of them)."""
    return DatasetError(Text(
        en=f"Row {row} has {grouped(found, 'en')} columns; the limit is {grouped(limit, 'en')}. Keep the period, "
           "channel and figure columns.",
        fr=f"La ligne {row} compte {grouped(found, 'fr')} colonnes ; la limite est de {grouped(limit, 'fr')}. "
           "Gardez les colonnes période, canal et chiffres."))


# --- CSV --------------------------------------------------------------------------------------------------------


def sniff_delimiter(lines: list[str]) -> str:
    """The separator of the first lines (';', ',', tab or '|'), read on at most 64 KB of them."""
    sample = "\n".join(line[:4096] for line in lines[:HEAD_ROWS])[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        counts = {d: max((line.count(d) for line in lines[:HEAD_ROWS]), default=0) for d in ";,\t|"}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def check_csv(text: str, limits: Limits) -> str:
    """The delimiter, after refusing a text with too many lines or a line with too many columns."""
    lines = text.count("\n") + 1
    if lines > limits.max_rows + HEAD_ROWS + 1:
        raise too_many_rows(limits.max_rows)
    head: list[str] = []
    for line in io.StringIO(text):
        if line.strip():
            head.append(line.rstrip("\r\n"))
        if len(head) >= HEAD_ROWS:
            break
    sep = sniff_delimiter(head)
    for n, line in enumerate(head, start=1):
        if line.count(sep) < limits.max_columns:
            continue
        fields = len(next(csv.reader([line], delimiter=sep)))
        if fields > limits.max_columns:
            raise too_many_columns(fields, n, limits.max_columns)
    return sep


# --- XLSX -------------------------------------------------------------------------------------------------------

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class XlsxFacts:
    """What the zip holds, measured without parsing the cells."""

    sheet: str  # path of the first worksheet inside the zip
    cells: int
    formulas: int
    shared_strings: int
    unzipped: int


def _bad_zip(err: Exception) -> DatasetError:
    return DatasetError(Text(en=f"The XLSX file could not be read ({err}).",
                             fr=f"Le fichier XLSX n'a pas pu être lu ({err})."))


def _unzipped_too_big(size: int, limit: int) -> DatasetError:
    return DatasetError(Text(
        en=f"The XLSX expands to more than {size_text(size, 'en')} once unzipped; the limit is "
           f"{size_text(limit, 'en')}. Save only the sheet with your data, or export it as CSV.",
        fr=f"Le XLSX occupe plus de {size_text(size, 'fr')} une fois décompressé ; la limite est de "
           f"{size_text(limit, 'fr')}. Enregistrez seulement la feuille de données, ou exportez-la en CSV."))


def _small_xml(zf: zipfile.ZipFile, name: str) -> ElementTree.Element:
    info = zf.getinfo(name)
    if info.file_size > 4 * 1024 * 1024:
        raise _bad_zip(f"{name} is {size_text(info.file_size, 'en')}")
    return ElementTree.fromstring(zf.read(name))


def _first_sheet(zf: zipfile.ZipFile) -> str:
    """Path of the workbook's first sheet (the one the loader reads)."""
    book = _small_xml(zf, "xl/workbook.xml")
    sheet = next((e for e in book.iter() if e.tag.endswith("}sheet")), None)
    rels = _small_xml(zf, "xl/_rels/workbook.xml.rels")
    target = next((r.get("Target", "") for r in rels if sheet is not None and r.get("Id") == sheet.get(_REL_NS)), "")
    target = target.lstrip("/")
    return target if target.startswith("xl/") else f"xl/{target}"


class _Counter:
    """Streams one zip member, counting bytes (refusing past the limit) and occurrences of a few tags."""

    def __init__(self, limit: int, tags: tuple[bytes, ...]):
        self.limit, self.tags = limit, tags
        self.total = 0
        self.counts = dict.fromkeys(tags, 0)

    def read(self, zf: zipfile.ZipFile, name: str) -> None:
        tail = b""
        with zf.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                self.total += len(chunk)
                if self.total > self.limit:
                    raise _unzipped_too_big(self.total, self.limit)
                window = tail + chunk
                for tag in self.tags:  # a tag cut in two by the chunk boundary is counted once, in the window
                    self.counts[tag] += window.count(tag) - tail.count(tag)
                tail = window[-16:]


def check_xlsx(raw: bytes, limits: Limits) -> XlsxFacts:
    """Refuse a workbook whose zip expands too far or holds too many strings or cells, before any parsing."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
        if len(infos) > 1000:
            raise _bad_zip(f"{len(infos)} parts in the zip")
        declared = sum(i.file_size for i in infos)
        if declared > limits.max_unzipped:
            raise _unzipped_too_big(declared, limits.max_unzipped)
        names = {i.filename for i in infos}
        sheet = _first_sheet(zf)
        if sheet not in names:
            raise _bad_zip("no worksheet")
        used = 0
        strings = 0
        if "xl/sharedStrings.xml" in names:
            counter = _Counter(limits.max_unzipped, (b"<si>", b"<si "))
            counter.read(zf, "xl/sharedStrings.xml")
            used, strings = counter.total, sum(counter.counts.values())
            if strings > limits.max_shared_strings:
                raise DatasetError(Text(
                    en=f"The XLSX holds {grouped(strings, 'en')} distinct texts; the limit is "
                       f"{grouped(limits.max_shared_strings, 'en')}.",
                    fr=f"Le XLSX contient {grouped(strings, 'fr')} textes distincts ; la limite est de "
                       f"{grouped(limits.max_shared_strings, 'fr')}."))
        cells = _Counter(limits.max_unzipped - used, (b"<c ", b"<c>", b"<f>", b"<f "))
        cells.read(zf, sheet)
        n_cells = cells.counts[b"<c "] + cells.counts[b"<c>"]
        if n_cells > limits.max_cells:
            raise DatasetError(Text(
                en=f"The first sheet holds {grouped(n_cells, 'en')} cells; the limit is "
                   f"{grouped(limits.max_cells, 'en')}.",
                fr=f"La première feuille contient {grouped(n_cells, 'fr')} cellules ; la limite est de "
                   f"{grouped(limits.max_cells, 'fr')}."))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, EOFError, NotImplementedError, RuntimeError,
            ValueError) as err:
        if isinstance(err, DatasetError):
            raise
        raise _bad_zip(err) from None
    return XlsxFacts(sheet=sheet, cells=n_cells, formulas=cells.counts[b"<f>"] + cells.counts[b"<f "],
                     shared_strings=strings, unzipped=used + cells.total)

