"""Issue 10 as a new user lives it in Chromium: a French Excel export (Windows-1252, title row, TOTAL row) and a
clean XLSX in the Data tab, a question about the data in the chat, French numbers in a calculator, and a plan
built, saved, reloaded, reopened whole and exported in the three formats, each read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from assistant.plan.wizard import CHANNEL_TITLES
from tests.dataset.test_cli_data import THREE_MONTHS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TRIGGERS = ("=", "+", "-", "@")
SEA_FR = CHANNEL_TITLES["sea"].fr  # the wizard's label of the paid-search channel


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=re.compile(name)).click()


def _english(page) -> None:
    page.locator("#lang").get_by_text("English").click()


def test_a_french_excel_export_with_a_title_and_a_total_row_then_a_question_about_it(page, shot, tmp_path):
    export = tmp_path / "export_google_ads.csv"
    export.write_bytes(THREE_MONTHS.encode("cp1252"))
    _tab(page, "Données")
    page.set_input_files("#data-upload input[type=file]", str(export))
    table = page.locator("#data-table")
    expect(table).to_contain_text("Référencement payant", timeout=30_000)  # é read right: Windows-1252 detected
    expect(table).to_contain_text(re.compile(r"3\s750,50\s€"))  # French amounts with the currency
    message = page.locator("#data-message")
    expect(message).to_contain_text("6 lignes utilisées")
    expect(message).to_contain_text("ligne 9 — Ligne TOTAL")  # the TOTAL row is set aside and named
    expect(message).to_contain_text("Export Google Ads")  # the title row above the header, skipped and quoted
    expect(page.locator("#data-anomalies")).to_contain_text(re.compile(r"Réseaux sociaux, 2026-03 : CAC de 316,67"))
    expect(page.locator("#data-channels .js-plotly-plot")).to_be_visible(timeout=30_000)
    shot(page, "windows-1252-export")
    _tab(page, "Discussion")
    page.fill("#chat-input textarea", "Pourquoi mon CAC a explosé en mars ?")
    page.keyboard.press("Enter")
    chat = page.locator("#chatbot")
    expect(chat).to_contain_text("Ce que montre le panneau des anomalies", timeout=60_000)
    expect(chat).to_contain_text("Réseaux sociaux, 2026-03")
    expect(chat).to_contain_text("surtout moins de clients")
    expect(chat).to_contain_text("CAC de 316,67")
    expect(chat).to_contain_text("3,17× son niveau des périodes précédentes")
    shot(page, "why-question")


def test_a_clean_xlsx_in_english_then_in_french(page, shot, tmp_path):
    path = tmp_path / "monthly.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Month", "Channel", "Spend", "Clicks", "New customers", "Revenue"])
    for month, (g, f) in enumerate([((3000.5, 2700, 5, 24000), (900, 1200, 9, 2700)),
                                    ((3200, 2850, 5, 24500), (1000, 1100, 10, 3000))], start=1):
        ws.append([dt.datetime(2026, month, 1), "Google Ads", *g])
        ws.append([dt.datetime(2026, month, 1), "Facebook", *f])
    wb.save(path)
    _english(page)
    _tab(page, "Data")
    page.set_input_files("#data-upload input[type=file]", str(path))
    table = page.locator("#data-table")
    expect(table).to_contain_text("€6,200.50", timeout=30_000)  # Google Ads spend, English notation
    expect(page.locator("#data-message")).to_contain_text("4 rows used, 2 channels, 2 periods")
    shot(page, "clean-xlsx-english")
    page.locator("#lang").get_by_text("Français").click()
    expect(table).to_contain_text(re.compile(r"6\s200,50\s€"))
    expect(page.locator("#data-message")).to_contain_text("4 lignes utilisées")
    shot(page, "clean-xlsx-french")


def test_a_calculator_reads_1_200_50_the_french_way(page, shot):
    _tab(page, "Calculateurs")
    page.fill("#calc-marketing_spend input", "1 200,50")
    page.fill("#calc-new_customers input", "15")
    page.click("#calc-run")
    result = page.locator("#calc-result")
    expect(result).to_contain_text(re.compile(r"80[.,]03"))  # 1 200,50 / 15, not 120 050 / 15
    shot(page, "french-number")
    _english(page)
    expect(page.get_by_text("Marketing spend (required)")).to_be_visible()  # the form is drawn again in English
    page.fill("#calc-marketing_spend input", "1 200,50")
    page.fill("#calc-new_customers input", "15")
    page.click("#calc-run")
    expect(result).to_contain_text("reads two ways in English")
    shot(page, "ambiguous-in-english")


def _edit_cell(page, index: int, value: str) -> None:
    cell = page.locator("#plan-actions [role=gridcell]").nth(index)
    cell.dblclick()
    page.wait_for_timeout(250)
    page.keyboard.press("Control+a")
    page.keyboard.type(value, delay=20)
    page.keyboard.press("Enter")
    page.wait_for_timeout(250)


def _download(page, button: str, path):
    page.click(button)
    link = page.locator("#plan-export-file a").first
    expect(link).to_have_attribute("href", re.compile(rf"\.{path.suffix[1:]}$"), timeout=30_000)
    with page.expect_download() as info:
        link.click()
    info.value.save_as(path)
    return path


def test_a_plan_built_saved_reloaded_reopened_and_exported_in_three_formats(page, shot, tmp_path):
    _tab(page, "Plan de KPI")
    page.locator("#plan-objective").get_by_text("Fidélisation").click()
    page.locator("#plan-segment").get_by_text("B2B").click()
    page.locator("#plan-offer").get_by_text("Abonnement").click()
    page.locator("#plan-maturity").get_by_text("Avancée").click()
    page.locator("#plan-data").get_by_text("CRM", exact=True).click()
    page.locator("#plan-channels").get_by_text(SEA_FR, exact=True).click()  # unticked: the client has email and a CRM
    page.locator("#plan-channels").get_by_text("CRM", exact=True).click()
    page.fill("#plan-name input, #plan-name textarea", "Client A")
    page.click("#plan-propose")
    expect(page.locator("#plan-kpis")).to_contain_text("Taux de rétention", timeout=30_000)
    page.click("#plan-metric input")
    page.keyboard.press("Control+a")
    page.keyboard.type("Taux de rét", delay=30)
    page.wait_for_timeout(500)
    shot(page, "metric-list")
    page.get_by_role("option", name=re.compile("Taux de rétention")).first.click()
    page.fill("#plan-baseline input", "85,5")
    page.fill("#plan-target input", "90,25")
    page.fill("#plan-unit input, #plan-unit textarea", "%")
    page.fill("#plan-deadline input, #plan-deadline textarea", "2020-01-31")
    page.click("#plan-add-objective")
    expect(page.locator("#plan-smart")).to_contain_text("Ajouté au plan, mais Pas encore SMART")
    expect(page.locator("#plan-objectives")).to_contain_text("de 85,5 % à 90,25 %")  # read the French way
    _edit_cell(page, 0, "x;=1+1")
    _edit_cell(page, 5, "+33 6 12 34 56 78")
    shot(page, "built")
    for version in (1, 2):
        page.click("#plan-save")
        expect(page.locator("#plan-message")).to_contain_text(f"enregistré (version {version})")

    page.reload()
    page.wait_for_selector("#chat-input textarea")
    _tab(page, "Plan de KPI")
    expect(page.locator("#plan-segment input[value='B2C']")).to_be_checked()  # the defaults, before opening
    page.click("#plan-refresh")
    expect(page.locator("#plan-list input")).to_have_value("Client A")
    expect(page.locator("#plan-version input")).to_have_value(re.compile(r"v2 — \d+ [^\s,]+ 20\d\d, \d\d:\d\d UTC"))
    page.click("#plan-open")
    expect(page.locator("#plan-message")).to_contain_text("ouvert — Objectif : Fidélisation · Marché : B2B")
    for group, value in (("objective", "retention"), ("segment", "B2B"), ("offer", "subscription"),
                         ("maturity", "advanced")):
        expect(page.locator(f"#plan-{group} input[value='{value}']")).to_be_checked()
    expect(page.locator("#plan-data").get_by_role("checkbox", name="CRM", exact=True)).to_be_checked()
    expect(page.locator("#plan-channels").get_by_role("checkbox", name="CRM", exact=True)).to_be_checked()
    expect(page.locator("#plan-channels").get_by_role("checkbox", name=SEA_FR, exact=True)).not_to_be_checked()
    expect(page.locator("#plan-actions")).to_contain_text("x;=1+1")
    expect(page.locator("#plan-objectives")).to_contain_text("Pas encore SMART")
    shot(page, "reopened-whole")

    _english(page)
    expect(page.locator("#plan-actions")).to_contain_text("To start")  # the tab's own words follow the language
    expect(page.locator("#plan-actions")).not_to_contain_text("À lancer")
    expect(page.locator("#plan-actions")).to_contain_text("monthly")
    expect(page.locator("#plan-version input")).to_have_value(re.compile(r"v2 — [A-Z][a-z]+ \d+, 20\d\d, .* UTC"))
    expect(page.locator("#plan-objectives")).to_contain_text("Not SMART yet")
    shot(page, "english")

    book = openpyxl.load_workbook(_download(page, "#plan-export-xlsx", tmp_path / "plan.xlsx"))
    assert book.sheetnames == ["Plan", "KPI definitions", "Context"]
    assert ("Market", "B2B") in [tuple(c.value for c in r) for r in book["Context"].iter_rows()]
    assert all(c.data_type != "f" for s in book for r in s.iter_rows() for c in r)

    raw = _download(page, "#plan-export-csv", tmp_path / "plan.csv").read_text(encoding="utf-8-sig")
    for sep in (",", ";", "\t"):
        cells = [c for row in csv.reader(io.StringIO(raw), delimiter=sep) for c in row]
        starts = [c for c in cells if c.lstrip(" \"")[:1] in TRIGGERS and not re.fullmatch(r"-?\d+([.,]\d+)?", c)]
        assert starts == [], (sep, starts)
    rows = list(csv.DictReader(io.StringIO(raw)))  # English UI: ',' separated, one table
    assert {r["Plan"] for r in rows} == {"Client A"} and {r["Market"] for r in rows} == {"B2B"}
    action = next(r for r in rows if r["Activity"].startswith("x;"))
    assert action["Activity"] == "x;'=1+1" and action["Owner"] == "'+33 6 12 34 56 78"

    md = _download(page, "#plan-export-md", tmp_path / "plan.md").read_text(encoding="utf-8")
    assert md.startswith("# Client A\n")
    assert "| x;=1+1 |" in md and "+33 6 12 34 56 78" in md and "'+33" not in md
    shot(page, "exported")
