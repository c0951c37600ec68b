"""Exports read back: formatted XLSX (openpyxl), CSV with BOM, Markdown; injection payloads neutralized."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from assistant.plan.export import export_plan, safe_filename, to_csv_text, to_markdown
from assistant.plan.model import ActionRow, Plan, SmartObjective, WizardSettings
from assistant.plan.safe_cells import is_dangerous, safe_value
from assistant.plan.wizard import propose_plan
from tools.base import Text

PAYLOADS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=x", "\r=x", "a;=b"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_dangerous_and_get_a_quote(payload):
    assert is_dangerous(payload)
    assert safe_value(payload) == "'" + payload


@pytest.mark.parametrize("value", [-5, 0, 3.25, 1200])
def test_numbers_stay_numbers(value):
    assert safe_value(value) == value and not isinstance(safe_value(value), str)


@pytest.mark.parametrize("text", ["SEA campaign", "CPL < 3 €", "a, b", "2026-03-31", "Taux > 25%"])
def test_ordinary_text_is_untouched(text):
    assert safe_value(text) == text


def make_plan():
    s = WizardSettings(objective="growth", segment="B2C", offer="product", maturity="starting", channels=["sea"])
    base = propose_plan(s, name="=Plan Q1")
    actions = [ActionRow(activity=p, objective="Réactivation", kpi="CPL", target=p, status="En cours", owner=p,
                         deadline="2026-03-31", review_cadence="weekly") for p in PAYLOADS]
    actions += [ActionRow(activity="Reels TikTok", kpi="Partages", target=1000, deadline="end of Q2"),
                ActionRow(activity="Budget cut", kpi="CPL", target=-5),
                ActionRow()]  # blank row: dropped
    smart = SmartObjective(metric="cost_per_lead", baseline=4.5, target=3, unit="EUR", deadline="2026-06-30",
                           owner="Léa", sentence=Text(en="Reduce CPL from 4.5 EUR to 3 EUR.",
                                                      fr="Réduire le CPL de 4,5 EUR à 3 EUR."))
    return base.model_copy(update={"actions": actions, "objectives": [smart]})


def test_xlsx_reads_back_with_values_types_and_no_formula(tmp_path):
    plan = make_plan()
    path = export_plan(plan, "xlsx", tmp_path, lang="fr")
    assert path.parent == tmp_path and path.name == "Plan-Q1.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Plan", "KPI definitions", "Context"]
    assert [tuple(c.value for c in r) for r in wb["Context"].iter_rows(min_row=2)][:2] == [
        ("Objectif", "Croissance"), ("Marché", "B2C")]  # the wizard's answers the plan was built from
    ws = wb["Plan"]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert ws["A1"].value == "=Plan Q1" and ws["A1"].quotePrefix
    assert ws.freeze_panes == "A3"
    assert [c.value for c in ws[2]] == ["Étape", "KPI", "Pourquoi", "Formule", "Source des données",
                                        "Cible suggérée", "Source de la cible", "Calculateur"]
    assert ws["A2"].font.b
    assert ws.column_dimensions["C"].width > 20
    rows = list(ws.iter_rows(values_only=True))
    header = rows.index(("Activité", "Objectif", "KPI", "Cible", "Statut", "Responsable", "Échéance",
                         "Fréquence de revue"))
    actions = rows[header + 1:]
    stored = [a.activity for a in plan.actions[:len(PAYLOADS)]]  # the model strips edge whitespace: "\t=x" → "=x"
    assert [r[0] for r in actions] == stored + ["Reels TikTok", "Budget cut"]
    for i, payload in enumerate(stored):
        cell = ws.cell(row=header + 2 + i, column=1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (payload, "s", True)
        assert ws.cell(row=header + 2 + i, column=7).value == dt.datetime(2026, 3, 31)
    tiktok, cut = ws.cell(row=header + 2 + 7, column=4), ws.cell(row=header + 2 + 8, column=4)
    assert (tiktok.value, tiktok.data_type) == (1000, "n")
    assert (cut.value, cut.data_type, cut.number_format) == (-5, "n", "#,##0")
    assert ws.cell(row=header + 2 + 7, column=7).value == "end of Q2"
    smart_row = next(r for r in rows if r[0] == "Réduire le CPL de 4,5 EUR à 3 EUR.")
    assert smart_row[1:6] == ("cost_per_lead", 4.5, 3, "EUR", dt.datetime(2026, 6, 30))
    baseline = next(c for row in ws.iter_rows() for c in row if c.value == 4.5)
    assert baseline.number_format == "#,##0.00"
    defs = wb["KPI definitions"]
    assert defs.freeze_panes == "A2"
    first = [c.value for c in defs[2]]
    assert first[0] == plan.kpis[0].id and first[1] == plan.kpis[0].title.en and first[2] == plan.kpis[0].title.fr
    assert first[3] == plan.kpis[0].formula.en and first[4] == plan.kpis[0].formula.fr


def test_csv_is_one_table_with_a_bom_every_field_quoted_and_numbers_kept(tmp_path):
    plan = make_plan()
    path = export_plan(plan, "csv", tmp_path, lang="fr")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert all(line.startswith('"') and line.endswith('"') for line in text.split("\r\n") if line)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:10] == ["Plan", "Objectif", "Marché", "Offre", "Maturité", "Activité", "Données disponibles",
                            "Canaux actifs", "Type de ligne", "Étape"]
    assert len({len(r) for r in rows}) == 1  # one rectangular table
    kinds = [r[8] for r in rows[1:]]
    assert kinds == ["KPI"] * len(plan.kpis) + ["Objectif SMART"] + ["Action"] * 9  # the blank action is dropped
    assert {r[0] for r in rows[1:]} == {"'=Plan Q1"} and {r[1] for r in rows[1:]} == {"Croissance"}
    head = rows[0]
    actions = [dict(zip(head, r, strict=True)) for r in rows[1:] if r[8] == "Action"]
    assert actions[0]["Activité"] == "'=1+1" and actions[2]["Responsable"] == "'-2+3"
    assert actions[6]["Activité"] == "a;'=b"  # the piece after ';' is neutralized, not only the first
    assert actions[-1]["Cible"] == "-5" and actions[-2]["Cible"] == "1000"
    smart = dict(zip(head, rows[len(plan.kpis) + 1], strict=True))
    assert (smart["Valeur de départ"], smart["Cible"]) == ("4,5", "3")  # decimal comma with ';' for French Excel


@pytest.mark.parametrize("payload", ["\t=x", "\r=x"])
def test_raw_tab_and_cr_payloads_are_neutralized_in_every_format(tmp_path, payload):
    smart = SmartObjective(metric="roas", target=3, deadline="2026-06-30", owner=payload,
                           sentence=Text(en=payload, fr=payload))
    plan = Plan(name="p", objectives=[smart])
    rows = list(csv.reader(io.StringIO(to_csv_text(plan, "en")), delimiter=","))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["SMART objective"] == payload[0] + "'=x" and row["Owner"] == payload[0] + "'=x"
    ws = openpyxl.load_workbook(export_plan(plan, "xlsx", tmp_path))["Plan"]
    # xlsxwriter stores a CR as the OOXML escape _x000D_, which openpyxl does not unescape
    cell = next(c for row in ws.iter_rows() for c in row if str(c.value).replace("_x000D_", "\r") == payload)
    assert cell.data_type == "s" and cell.quotePrefix


def test_english_csv_uses_commas_and_decimal_points():
    text = to_csv_text(make_plan(), "en")
    rows = list(csv.reader(io.StringIO(text)))
    smart = dict(zip(rows[0], next(r for r in rows if r[8] == "SMART objective"), strict=True))
    assert (smart["SMART objective"], smart["Baseline"], smart["Target"], smart["Unit"], smart["Owner"]) == (
        "Reduce CPL from 4.5 EUR to 3 EUR.", "4.5", "3", "EUR", "Léa")


def test_markdown_escapes_pipes_and_shows_payloads_as_typed():
    plan = make_plan().model_copy(update={"actions": [ActionRow(activity="A | B", target="=1+1")]})
    md = to_markdown(plan, "en")
    assert md.startswith("# =Plan Q1\n")  # no spreadsheet quote in Markdown
    assert "| A \\| B |  |  | =1+1 |" in md
    assert "## KPIs" in md and "## Action plan" in md


def test_file_names_never_escape_the_export_folder():
    assert safe_filename("../../etc/passwd", ".csv") == "etc-passwd.csv"
    assert safe_filename("///", ".md") == "plan.md"
    with pytest.raises(ValueError, match="unknown export format"):
        export_plan(Plan(name="x"), "exe", __import__("pathlib").Path("/tmp"))
