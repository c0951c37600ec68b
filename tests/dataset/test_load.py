"""Loading CSV/XLSX in both locales and encodings, limits and clear messages."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
import xlsxwriter

from assistant.dataset.columns import map_columns, normalize, recognise
from assistant.dataset.load import DatasetError, Limits, load_bytes, load_path
from assistant.dataset.periods import parse_one

FR_CSV = ("Mois;Canal;Dépenses (EUR);Clics;Leads;Nouveaux clients;Chiffre d'affaires;Commentaire\n"
          "janv. 2025;Réseaux sociaux;1 200,50;900;40;8;2 400,00;ok\n"
          "févr. 2025;SEA;1.300,25;950;42;7;2100;à revoir\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252"])
def test_french_csv_with_semicolons_decimal_commas_in_any_encoding(encoding):
    data = load_bytes(FR_CSV.encode(encoding), "export.csv")
    f = data.frame
    assert list(f["spend"]) == [1200.5, 1300.25]
    assert list(f["revenue"]) == [2400.0, 2100.0]
    assert list(f["channel"]) == ["Réseaux sociaux", "SEA"]
    assert list(f["period_label"]) == ["2025-01", "2025-02"]
    assert data.columns == ["spend", "clicks", "leads", "customers", "revenue"]
    assert data.unknown_columns == ["Commentaire"]
    assert data.notes[-1].fr == "Colonnes ignorées (non reconnues) : Commentaire."


def test_english_csv_with_commas_quoted_thousands_and_iso_months(en_table):
    data = load_bytes(b'Month,Channel,Spend,Clicks,New customers\n2025-01,Google Ads,"3,000.50",2700,5\n'
                      b"2025-02,Google Ads,3200,2850,5\n", "data.csv")
    assert list(data.frame["spend"]) == [3000.5, 3200.0]
    assert list(data.frame["customers"]) == [5.0, 5.0]
    assert en_table.total["spend"].iloc[0] == 21050.0


def test_quoted_decimal_commas_in_a_comma_separated_file():
    data = load_bytes(b'Channel,Spend,Revenue\nSEA,"1,5","1,234"\nSEO,"2,25","10,500"\n', "f.csv")
    assert data.frame["spend"].tolist() == [1.5, 2.25]
    assert data.frame["revenue"].tolist() == [1234.0, 10500.0]


def test_tab_separated_and_missing_markers():
    data = load_bytes(b"Period\tSource\tCost\tClicks\n2025-03\tSEO\t-\t120\n2025-03\tSEA\t50\tn/a\n", "x.tsv")
    f = data.frame
    assert f["spend"].isna().tolist() == [True, False] and f["clicks"].isna().tolist() == [False, True]


def test_xlsx_formulas_are_read_as_saved_values_never_evaluated(tmp_path):
    path = tmp_path / "data.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    for c, h in enumerate(["Mois", "Canal", "Dépenses", "Clients"]):
        ws.write_string(0, c, h)
    ws.write_datetime(1, 0, dt.datetime(2025, 3, 1), wb.add_format({"num_format": "yyyy-mm"}))
    ws.write_string(1, 1, "=HYPERLINK(\"http://x\")")  # text that looks like a formula stays text
    ws.write_formula(1, 2, "=1+1", None, 99)  # a deliberately "wrong" saved value: we must read 99, not compute 2
    ws.write_number(1, 3, 3)
    wb.close()
    data = load_path(path)
    assert data.frame["spend"].tolist() == [99.0]
    assert data.frame["channel"].tolist() == ['=HYPERLINK("http://x")']
    assert data.frame["period_label"].tolist() == ["2025-03"]
    assert data.notes[0].en.startswith("1 cell(s) hold formulas")


def test_xlsx_written_by_openpyxl_loads_with_english_headers(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Channel", "Budget", "Visitors", "Customers", "Revenue"])
    ws.append([dt.datetime(2025, 1, 31), "Email", 150.0, 750, 9, 4410])
    ws.append([dt.datetime(2025, 2, 28), "Email", 150.0, 770, 10, 4900])
    wb.save(tmp_path / "d.xlsx")
    f = load_path(tmp_path / "d.xlsx").frame
    assert f["period_label"].tolist() == ["2025-01-31", "2025-02-28"]
    assert f["visitors"].tolist() == [750.0, 770.0]


def test_limits_give_clear_bilingual_messages(tmp_path):
    with pytest.raises(DatasetError) as err:
        load_bytes(b"x" * 2048, "big.csv", Limits(max_bytes=1024))
    assert err.value.text.en == "The file is 2 KB; the limit is 1 KB."
    big = tmp_path / "big.csv"
    big.write_bytes(b"Canal;Clics\n" + b"SEA;1\n" * 400_000)
    with pytest.raises(DatasetError) as err:
        load_path(big, Limits(max_bytes=1024 * 1024))
    assert err.value.text.en == "The file is 2.3 MB; the limit is 1 MB."
    assert err.value.text.fr == "Le fichier fait 2,3 Mo ; la limite est de 1 Mo."
    with pytest.raises(DatasetError, match="more than 3 rows; the limit is 3"):
        load_bytes(b"Canal;Clics\n" + b"SEA;1\n" * 4, "rows.csv", Limits(max_rows=3))


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "The file is empty."),
    (b"   \n  ", "The file is empty."),
    (b"Canal;Clics\n", "The file has a header but no data rows."),
    (b"foo;bar\n1;2\n", "No column was recognised (found: foo, bar)."),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "This spreadsheet format is not supported: save it as XLSX or CSV."),
])
def test_unusable_files_get_one_clear_message(raw, message):
    with pytest.raises(DatasetError) as err:
        load_bytes(raw, "f.csv")
    assert err.value.text.en.startswith(message)
    assert err.value.text.fr


def test_non_numeric_and_negative_values_are_reported_with_their_rows():
    raw = "Canal;Dépenses;Clics\nSEA;100;abc\nSEO;-5;10\nSEA;20;30\nSEO;douze;1\n".encode()
    with pytest.raises(DatasetError) as err:
        load_bytes(raw, "f.csv")
    assert err.value.text.en == ("Some cells cannot be used: row 2, column 'Clics': 'abc' is not a number; "
                                 "row 3, column 'Dépenses': '-5' is negative; row 5, column 'Dépenses': 'douze' is "
                                 "not a number. Fix them and upload again.")
    assert err.value.text.fr.startswith("Certaines cellules sont inutilisables : ligne 2, colonne « Clics » : 'abc' "
                                        "n'est pas un nombre")


def test_rows_of_empty_cells_are_skipped_and_row_numbers_stay_those_of_the_file():
    data = load_bytes("Canal;Dépenses;Clics\nSEA;100;10\n;;\nSEO;50;5\n".encode(), "f.csv")
    assert data.frame["channel"].tolist() == ["SEA", "SEO"]
    with pytest.raises(DatasetError) as err:
        load_bytes("Canal;Dépenses;Clics\nSEA;100;10\n;;\nSEO;cinquante;5\n".encode(), "f.csv")
    assert err.value.text.en == ("Some cells cannot be used: row 4, column 'Dépenses': 'cinquante' is not a number. "
                                 "Fix them and upload again.")


def test_a_bad_xlsx_is_a_message_not_a_traceback():
    with pytest.raises(DatasetError, match="The XLSX file could not be read"):
        load_bytes(b"PK\x03\x04 not really a zip", "f.xlsx")


@pytest.mark.parametrize(("header", "canon"), [
    ("Période", "period"), ("MOIS", "period"), ("canal", "channel"), ("Source", "channel"),
    ("Dépenses (€)", "spend"), ("Coût", "spend"), ("Budget", "spend"), ("Ad spend", "spend"),
    ("Clics", "clicks"), ("Visiteurs", "visitors"), ("sessions", "visitors"), ("Prospects", "leads"),
    ("MQL", "mql"), ("SQLs", "sql"), ("Opportunités", "opportunities"), ("Nouveaux clients", "customers"),
    ("new_customers", "customers"), ("CA (€)", "revenue"), ("Chiffre d'affaires", "revenue"), ("Ventes", "revenue"),
    ("Revenue [EUR]", "revenue"),
])
def test_headers_are_recognised_in_french_and_english(header, canon):
    assert recognise(header) == canon


def test_duplicate_and_unknown_headers_are_reported():
    mapping, unknown = map_columns(["Visiteurs", "Sessions", "Remarques"])
    assert mapping == {"Visiteurs": "visitors"} and unknown == ["Sessions", "Remarques"]
    assert normalize(" Dépenses  Marketing (€) ") == "depensesmarketing"


@pytest.mark.parametrize(("cell", "expected"), [
    ("2025-03", "2025-03-01"), ("01/2025", "2025-01-01"), ("mars 2025", "2025-03-01"), ("févr. 2025", "2025-02-01"),
    ("March 2025", "2025-03-01"), ("31/01/2025", "2025-01-31"), ("2025-01-02", "2025-01-02"),
])
def test_period_cells_parse_in_both_languages(cell, expected):
    assert parse_one(cell).strftime("%Y-%m-%d") == expected


def test_unparseable_periods_are_kept_as_labels_in_file_order():
    data = load_bytes("Période;Clics\nSemaine A;1\nSemaine B;2\nSemaine A;3\n".encode(), "f.csv")
    assert data.frame["period_label"].tolist() == ["Semaine A", "Semaine B", "Semaine A"]
    assert data.frame["period"].tolist() == [0, 1, 0]
    assert any(n.en.startswith("Periods kept as written, in file order (not dates: Semaine A, Semaine B)")
               for n in data.notes)
