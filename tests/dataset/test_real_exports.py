"""Files as people really export them: Windows-1252, title rows, TOTAL rows, holes, absurd cells, hostile sizes."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from assistant.dataset import grid
from assistant.dataset.decode import decode_text
from assistant.dataset.gaps import gap_notes
from assistant.dataset.kpis import build_kpi_table
from assistant.dataset.load import DatasetError, Limits, load_bytes
from benchmarks.hostile_files import wide_csv, xlsx_bomb, xlsx_many_cells, xlsx_many_strings
from tests.dataset.samples import EXCEL_FR


def test_a_french_excel_export_in_windows_1252_with_a_title_and_a_total_row():
    data = load_bytes(EXCEL_FR.encode("cp1252"), "export.csv")
    assert data.encoding == "cp1252"
    assert data.columns == ["spend", "clicks", "leads", "customers", "revenue"]  # "Dépenses" recognised
    assert sorted(set(data.frame["channel"])) == ["Référencement payant", "Réseaux sociaux"]
    assert data.frame["row"].tolist() == [3, 4, 5, 6]  # the file's own line numbers
    assert [(e.row, e.kind) for e in data.excluded] == [(7, "total")]
    assert data.excluded[0].reason.en == "TOTAL row ('TOTAL'): left out, the totals are recomputed from the data rows."
    assert data.notes[0].fr.startswith("1 ligne(s) au-dessus de l'en-tête ignorée(s) (ligne 1 : « Export Google Ads")
    assert data.currency == "EUR"
    table = build_kpi_table(data)
    total = table.total.iloc[0]
    assert total["spend"] == 4400.5 and total["customers"] == 47  # not doubled by the TOTAL row
    assert table.channels == ["Référencement payant", "Réseaux sociaux"] and table.periods == ["2026-01", "2026-02"]
    assert table.rows_used == 4


# Short headers where charset-normalizer 3.x alone guessed cp1250 ('Coűt'), Big5 ('R嶨廨encement') or a Cyrillic page.
@pytest.mark.parametrize("header", ["Dépenses", "Coût", "Référencement", "Prospects générés", "Total général",
                                    "Période", "Chiffre d'affaires (€)", "Août", "Leads qualifiés"])
def test_short_french_exports_in_windows_1252_are_read_as_french(header):
    raw = f"Mois;Canal;{header}\n2026-01;SEA;1200\n".encode("cp1252")
    text, encoding = decode_text(raw)
    assert encoding == "cp1252" and header in text


def test_other_encodings_are_still_recognised():
    assert decode_text("Période;Clics\n".encode("utf-8-sig")) == ("Période;Clics\n", "utf-8-sig")
    assert decode_text("Période\tClics\n".encode("utf-16")) == ("Période\tClics\n", "utf-16")
    cyrillic = ("Период;Канал;Расходы;Клиенты\nянварь;Поиск;1200;15\nфевраль;Поиск;900;9\n" * 3).encode("cp1251")
    text, encoding = decode_text(cyrillic)
    assert "Расходы" in text and encoding != "cp1252"  # not every 8-bit file is French
    with pytest.raises(DatasetError, match="not text"):
        decode_text(b"\x00\x01\x02\x03PNG\x00\x00" * 20)


def test_an_excel_unicode_text_export_utf16_tabs_loads():
    raw = "Mois\tCanal\tDépenses\tClients\n2026-01\tSEA\t1200,5\t15\n".encode("utf-16")
    data = load_bytes(raw, "export.txt")
    assert data.frame["spend"].tolist() == [1200.5] and data.encoding == "utf-16"


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_an_xlsx_with_title_rows_subtotals_an_unlabelled_sum_and_a_footer_note():
    raw = _xlsx([
        ["Rapport mensuel"], ["Généré le 2026-03-01"], [],
        ["Période", "Canal", "Dépenses", "Clients"],
        [dt.datetime(2026, 1, 1), "SEA", 1000, 10],
        [dt.datetime(2026, 1, 1), "SEO", 500, 5],
        [None, "Sous-total janvier", 1500, 15],
        [dt.datetime(2026, 2, 1), "SEA", 1200, 8],
        [dt.datetime(2026, 2, 1), "SEO", 600, 6],
        [None, None, 1800, 14],
        ["Total général", None, 3300, 29],
        ["Source : Google Ads et CRM"],
    ])
    data = load_bytes(raw, "rapport.xlsx")
    assert data.frame["row"].tolist() == [5, 6, 8, 9]
    assert [(e.row, e.kind) for e in data.excluded] == [(7, "subtotal"), (10, "sum"), (11, "total"),
                                                         (12, "no_figures")]
    assert data.excluded[1].reason.en == ("Unlabelled sum row: its figures equal the sum of rows 8–9; left out so "
                                          "nothing counts twice.")
    assert data.excluded[3].reason.fr == "Aucun chiffre sur cette ligne (« Source : Google Ads et CRM ») : écartée."
    assert data.notes[0].en == ("2 row(s) above the header skipped (row 1: 'Rapport mensuel'; row 2: 'Généré le "
                                "2026-03-01').")
    assert build_kpi_table(data).total.iloc[0]["spend"] == 3300


def test_a_channel_merely_containing_the_word_total_is_data_but_a_total_label_is_not():
    data = load_bytes("Canal;Dépenses\nTotalEnergies;100\nSEA;50\nTotal SEA;50\n".encode(), "f.csv")
    assert data.frame["channel"].tolist() == ["TotalEnergies", "SEA"]
    assert [e.row for e in data.excluded] == [4]


def test_rows_missing_a_value_are_named_where_they_leave_a_ratio():
    t = build_kpi_table(load_bytes("Mois;Canal;Dépenses;Clients\n2026-01;SEA;300;3\n2026-01;SEO;200;\n".encode(),
                                   "f.csv"))
    assert t.total.iloc[0]["spend"] == 500 and t.total.iloc[0]["cac"] == 100  # 300 / 3, not 500 / 3
    (note,) = gap_notes(t)
    assert note.en == ("Row 3 (SEO, 2026-01) has no customers: CAC leaves it out and uses €300.00 of the €500.00 "
                       "spend; the column totals count every row.")
    assert note.fr == ("Ligne 3 (SEO, 2026-01) sans clients : CAC la laisse de côté et porte sur 300,00\xa0€ des "
                       "500,00\xa0€ de dépenses ; les totaux des colonnes comptent toutes les lignes.")


@pytest.mark.parametrize(("cell", "why"), [
    ("inf", "is not a plausible figure"), ("1e308", "is not a plausible figure"),
    ("9" * 400, "is not a plausible figure"), ("-12", "is negative"), ("douze", "is not a number"),
])
def test_absurd_cells_are_refused_with_their_row(cell, why):
    with pytest.raises(DatasetError) as err:
        load_bytes(f"Canal;Dépenses;Clients\nSEA;100;2\nSEO;{cell};3\n".encode(), "f.csv")
    assert err.value.text.en.startswith("Some cells cannot be used: row 3, column 'Dépenses': ")
    assert why in err.value.text.en
    assert len(err.value.text.en) < 300  # a 400-digit number is cut, not printed whole
    assert err.value.text.fr.startswith("Certaines cellules sont inutilisables : ligne 3, colonne « Dépenses »")


def test_periods_in_2263_are_refused_in_a_csv_and_in_an_xlsx():
    with pytest.raises(DatasetError) as err:
        load_bytes(b"Mois;Clics\n2026-01;5\n2263-01;7\n", "f.csv")
    assert err.value.text.en == ("Some cells cannot be used: row 3, column 'Mois': '2263-01' is a date outside "
                                 "1900–2100. Fix them and upload again.")
    with pytest.raises(DatasetError) as err:
        load_bytes(_xlsx([["Mois", "Clics"], [dt.datetime(2263, 1, 1), 5]]), "f.xlsx")
    assert "row 2, column 'Mois': '2263-01-01' is a date outside 1900–2100" in err.value.text.en


def _never(*args, **kwargs):
    raise AssertionError("the file was parsed before its limits were checked")


def test_an_xlsx_zip_bomb_is_refused_from_its_sizes_without_parsing(monkeypatch):
    bomb = xlsx_bomb(100)  # ~330 KB that unzip to 100 MB
    assert len(bomb) < 400_000
    monkeypatch.setattr(grid, "xlsx_rows", _never)
    monkeypatch.setattr("assistant.dataset.load.xlsx_rows", _never)
    with pytest.raises(DatasetError) as err:
        load_bytes(bomb, "bomb.xlsx")
    assert err.value.text.en.startswith("The XLSX expands to more than 100 MB once unzipped; the limit is 64 MB.")
    assert err.value.text.fr.startswith("Le XLSX occupe plus de 100 Mo une fois décompressé")


def test_too_many_cells_or_shared_strings_are_refused_before_parsing(monkeypatch):
    monkeypatch.setattr("assistant.dataset.load.xlsx_rows", _never)
    with pytest.raises(DatasetError, match="The first sheet holds 200,002 cells; the limit is 100,000."):
        load_bytes(xlsx_many_cells(200_000), "f.xlsx", Limits(max_cells=100_000))
    with pytest.raises(DatasetError, match="The XLSX holds 30,000 distinct texts; the limit is 20,000."):
        load_bytes(xlsx_many_strings(30_000), "f.xlsx", Limits(max_shared_strings=20_000))


def test_a_100000_column_csv_is_refused_before_parsing_without_listing_the_columns(monkeypatch):
    monkeypatch.setattr("assistant.dataset.load.csv_rows", _never)
    with pytest.raises(DatasetError) as err:
        load_bytes(wide_csv(100_000), "wide.csv")
    assert err.value.text.en == ("Row 1 has 100,000 columns; the limit is 200. Keep the period, channel and figure "
                                 "columns.")
    assert err.value.text.fr == ("La ligne 1 compte 100\u202f000 colonnes ; la limite est de 200. Gardez les colonnes "
                                 "période, canal et chiffres.")


def test_a_csv_with_too_many_lines_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr("assistant.dataset.load.csv_rows", _never)
    with pytest.raises(DatasetError, match="more than 100 rows; the limit is 100"):
        load_bytes(b"Canal;Clics\n" + b"SEA;1\n" * 200, "f.csv", Limits(max_rows=100))


def test_an_xlsx_row_wider_than_the_limit_is_refused_with_its_row():
    wide = [["Canal", "Clics"], ["SEA", 1] + [0] * 300]
    with pytest.raises(DatasetError, match="Row 2 has 302 columns; the limit is 200."):
        load_bytes(_xlsx(wide), "f.xlsx")
