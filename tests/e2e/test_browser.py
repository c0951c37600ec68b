"""What a user does in the browser: chat, calculators, a KPI plan kept across a reload, their own data."""

from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CSV = """period,channel,spend,clicks,leads,customers,revenue
2026-01,Google Ads,1200,800,60,15,4500
2026-01,Facebook,900,1200,45,9,2700
2026-02,Google Ads,1300,850,70,13,3900
2026-02,Facebook,1000,1100,40,10,3000
2026-03,Google Ads,1250,820,66,12,3600
2026-03,Facebook,950,1000,50,5,1500
"""


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=re.compile(name)).click()


def test_a_question_shows_the_answer_with_its_number_tool_step_and_sources(page, shot):
    page.fill("#chat-input textarea", "J'ai dépensé 1200 € en marketing et gagné 15 clients : quel est mon CAC ?")
    page.keyboard.press("Enter")
    chat = page.locator("#chatbot")
    expect(chat).to_contain_text("Réponse du moteur hors ligne", timeout=60_000)
    expect(chat).to_contain_text("Coût d'acquisition client (CAC) → 80 €")  # the collapsed tool step
    expect(chat).to_contain_text("80 €")
    expect(chat).to_contain_text("5 KPI Marketing indispensables")  # the article cited, by its title
    shot(page, "answer")
    step = chat.get_by_text("Coût d'acquisition client (CAC) → 80 €")
    step.click()
    # the step opened: its inputs by their titles, values in French notation, no internal id
    expect(chat.get_by_text("Données : Dépenses marketing 1 200 €, Nouveaux clients 15")).to_be_visible()
    step.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    shot(page, "tool-step-open")


def test_the_chat_and_its_memory_survive_a_page_reload(page, shot):
    page.fill("#chat-input textarea", "J'ai dépensé 1200 € en marketing et gagné 15 clients : quel est mon CAC ?")
    page.keyboard.press("Enter")
    chat = page.locator("#chatbot")
    expect(chat).to_contain_text("80 €", timeout=60_000)
    page.reload()
    page.wait_for_selector("#chat-input textarea")
    expect(chat).to_contain_text("quel est mon CAC ?")  # the history is shown again (kept with the session)
    expect(chat).to_contain_text("80 €")
    page.fill("#chat-input textarea", "et avec 20 clients ?")
    page.keyboard.press("Enter")
    expect(chat).to_contain_text("1 200 / 20 = 60", timeout=60_000)  # and the engine still knows the spend
    shot(page, "after-reload")


def test_the_uploaded_data_shows_again_after_a_page_reload(page, shot):
    _tab(page, "Données")
    page.click("#data-example")
    table = page.locator("#data-table")
    expect(table).to_contain_text("Emailing", timeout=60_000)
    page.reload()
    page.wait_for_selector("#chat-input textarea")
    _tab(page, "Données")
    expect(page.locator("#data-message")).to_contain_text("marketing_sample.csv", timeout=60_000)
    expect(table).to_contain_text("Emailing")
    shot(page, "data-after-reload")


def test_the_calculator_gives_the_value_formula_and_a_clear_message_for_bad_input(page, shot):
    _tab(page, "Calculateurs")
    page.fill("#calc-marketing_spend input", "1200")
    page.fill("#calc-new_customers input", "15")
    page.fill("#calc-average_price input", "100")
    page.click("#calc-run")
    result = page.locator("#calc-result")
    expect(result).to_contain_text("80 €")
    expect(result).to_contain_text("CAC = 1 200 / 15 = 80")
    expect(result).to_contain_text("à surveiller")
    expect(result).to_contain_text("Source")
    shot(page, "cac")
    page.fill("#calc-new_customers input", "1.5")
    page.click("#calc-run")
    expect(result).to_contain_text("Saisie invalide")
    expect(result).to_contain_text("new_customers")
    expect(page.locator("#calc-marketing_spend input")).to_have_value("1200")  # nothing lost
    shot(page, "bad-input")
    page.fill("#calc-new_customers input", "15")
    page.locator("#calc-what-if").get_by_text("Et si").click()
    page.fill("#calc-what-if-value input", "1500")  # what if marketing spend were 1 500?
    page.click("#calc-what-if-run")
    expect(page.locator("#calc-what-if-result")).to_contain_text("25 %")  # 100 -> 125 EUR
    shot(page, "what-if")


def test_a_saved_plan_reopens_after_a_reload_and_exports_to_xlsx(page, shot, tmp_path):
    _tab(page, "Plan de KPI")
    page.fill("#plan-name textarea, #plan-name input", "Plan e2e")
    page.click("#plan-propose")
    kpis = page.locator("#plan-kpis")
    expect(kpis).to_contain_text("CAC", timeout=30_000)
    shot(page, "proposed")
    page.click("#plan-save")
    expect(page.locator("#plan-message")).not_to_be_empty()
    shot(page, "saved")

    page.reload()
    page.wait_for_selector("#chat-input textarea")
    _tab(page, "Plan de KPI")
    page.click("#plan-refresh")
    expect(page.locator("#plan-list input")).to_have_value("Plan e2e")
    page.click("#plan-open")
    expect(kpis).to_contain_text("CAC")
    shot(page, "reopened")

    page.click("#plan-export-xlsx")
    link = page.locator("#plan-export-file a").first
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "plan.xlsx"
    info.value.save_as(path)
    shot(page, "exported")
    book = openpyxl.load_workbook(path)
    assert len(book.sheetnames) >= 2
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("Plan e2e" in c for c in cells)
    assert any("CAC" in c for c in cells)


def test_another_browser_does_not_see_my_plans(browser, e2e_app, shot):
    mine = browser.new_context()
    theirs = browser.new_context()
    try:
        page = mine.new_page()
        page.goto(e2e_app)
        page.wait_for_selector("#chat-input textarea")
        _tab(page, "Plan de KPI")
        page.fill("#plan-name textarea, #plan-name input", "Plan privé")
        page.click("#plan-propose")
        expect(page.locator("#plan-kpis")).to_contain_text("CAC", timeout=30_000)
        page.click("#plan-save")
        expect(page.locator("#plan-list input")).to_have_value("Plan privé")
        other = theirs.new_page()
        other.goto(e2e_app)
        other.wait_for_selector("#chat-input textarea")
        _tab(other, "Plan de KPI")
        other.click("#plan-refresh")
        other.wait_for_timeout(1500)
        expect(other.locator("#plan-list input")).not_to_have_value("Plan privé")
        other.locator("#plan-list").click()
        expect(other.get_by_role("option", name="Plan privé")).to_have_count(0)
        shot(other, "other-browser-plans")
    finally:
        mine.close()
        theirs.close()


def test_an_uploaded_csv_shows_the_kpi_table_a_chart_and_answers_in_the_chat(page, shot, tmp_path):
    data = tmp_path / "marketing.csv"
    data.write_text(CSV)
    _tab(page, "Données")
    page.set_input_files("#data-upload input[type=file]", str(data))
    table = page.locator("#data-table")
    expect(table).to_contain_text("Google Ads", timeout=30_000)
    expect(table).to_contain_text("Facebook")
    # Plotly's bundle loads on the first chart: allow it the table's time
    expect(page.locator("#data-funnel .js-plotly-plot, #data-channels .js-plotly-plot").first).to_be_visible(
        timeout=30_000)
    shot(page, "table-and-charts")
    _tab(page, "Discussion")
    page.fill("#chat-input textarea", "Quel canal a le meilleur CAC en mars ?")
    page.keyboard.press("Enter")
    chat = page.locator("#chatbot")
    expect(chat).to_contain_text("marketing.csv", timeout=60_000)
    # March: Google Ads 1 250 / 12 = 104.17, Facebook 950 / 5 = 190.
    expect(chat).to_contain_text("Google Ads")
    expect(chat).to_contain_text("104,17")
    shot(page, "data-question")


def test_the_language_toggle_switches_the_calculators_and_the_about_page_never_shows_a_key(page, shot):
    _tab(page, "Calculateurs")
    expect(page.locator("#calc-tool")).to_contain_text("Calculateur")
    page.locator("#lang").get_by_text("English").click()
    expect(page.locator("#calc-tool")).to_contain_text("Calculator")
    expect(page.get_by_text("Marketing spend (required)")).to_be_visible()
    expect(page.locator("#calc-run")).to_have_text("Calculate")
    page.fill("#calc-marketing_spend input", "1200")
    page.fill("#calc-new_customers input", "0")
    page.click("#calc-run")
    expect(page.locator("#calc-result")).to_contain_text("CAC is undefined: no new customers in the period.")
    shot(page, "english-calculator")
    _tab(page, "About")
    about = page.locator("#about")
    expect(about).to_contain_text("offline")
    expect(about).to_contain_text("API key set / Clé API définie")
    expect(about).to_contain_text("no")
    shot(page, "about")


def test_the_funnel_calculator_takes_its_stages_in_an_editable_table(page, shot):
    _tab(page, "Calculateurs")
    page.click("#calc-tool input")
    page.keyboard.press("Control+a")
    page.keyboard.type("tunnel")
    page.get_by_role("option", name=re.compile("tunnel")).click()
    cells = page.locator("#calc-stages [role=gridcell]")
    expect(cells).to_have_count(8)  # four blank rows of (name, count)
    for i, value in enumerate(["visiteurs", "1000", "leads", "120", "clients", "30"]):
        cells.nth(i).dblclick()
        page.wait_for_timeout(250)
        page.keyboard.press("Control+a")
        page.keyboard.type(value, delay=30)
        page.keyboard.press("Enter")
        page.wait_for_timeout(250)
    page.click("#calc-run")
    result = page.locator("#calc-result")
    expect(result).to_contain_text("3 %")  # 30 / 1 000
    expect(result).to_contain_text("Tunnel de conversion = 30 / 1 000 × 100 = 3 %")  # the formula in French
    expect(result).to_contain_text("visiteurs")  # the per-stage table: 12 %, then 25 %
    shot(page, "funnel")
