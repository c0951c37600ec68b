"""The read-back panel in a real browser: a calculated answer shows the figures it read, the user corrects one in
place and gets the recalculated answer; bad values are refused with a message; the calculator opens pre-filled;
the chat's own trash icon clears the conversation and its memory."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _ask(page, question: str) -> None:
    page.fill("#chat-input textarea", question)
    page.keyboard.press("Enter")


def _value(page, row: int):
    return page.locator(f"#readback-value-{row} input, #readback-value-{row} textarea").first


def _field(page, row: int):
    return page.locator(f"#readback-field-{row} input").first


def _recompute_with(page, row: int, typed: str) -> None:
    _value(page, row).fill(typed)
    page.click("#readback-recompute")


def test_a_french_cac_is_read_back_corrected_in_place_and_recalculated(page, shot):
    _ask(page, "J'ai dépensé 1 200 € pour 15 clients, mon CAC ?")
    chat, panel, message = page.locator("#chatbot"), page.locator("#readback"), page.locator("#readback-message")
    expect(chat).to_contain_text("Coût d'acquisition client (CAC) : 80 €", timeout=60_000)
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Chiffres lus pour Coût d'acquisition client (CAC)")
    expect(_field(page, 0)).to_have_value("Dépenses marketing")
    expect(_value(page, 0)).to_have_value(re.compile(r"^1\s200$"))  # French notation (a narrow no-break space)
    expect(page.locator("#readback-note-0")).to_contain_text("€ · de votre question")
    expect(_field(page, 1)).to_have_value("Nouveaux clients")
    expect(_value(page, 1)).to_have_value("15")
    shot(page, "read-back")

    for typed, refusal in (("abc", "« Nouveaux clients » : « abc » n'est pas un nombre"),
                           ("-5", "Nouveaux clients : ne peut pas être négatif (vous avez donné -5)")):
        _recompute_with(page, 1, typed)
        expect(message).to_contain_text(refusal)
        expect(chat).not_to_contain_text("Recalculer avec")  # refused: no turn added, the figures stay to fix
        expect(_value(page, 1)).to_have_value(typed)
    shot(page, "refused")

    _recompute_with(page, 1, "20")
    expect(chat).to_contain_text("Recalculer avec : Dépenses marketing 1 200 €, Nouveaux clients 20")
    expect(chat).to_contain_text("Coût d'acquisition client (CAC) : 60 €")
    expect(chat).to_contain_text("CAC = 1 200 / 20 = 60")
    expect(message).to_have_text("")
    expect(page.locator("#readback-note-1")).to_contain_text("votre correction")
    shot(page, "recomputed")

    page.reload()  # the panel is kept with the session: it shows the corrected figures again
    page.wait_for_selector("#chat-input textarea")
    expect(_value(page, 1)).to_have_value("20")
    expect(page.locator("#readback-note-1")).to_contain_text("votre correction")
    _ask(page, "et avec 1 500 € de dépenses ?")  # the memory follows the corrected figures
    expect(chat).to_contain_text("1 500 / 20 = 75", timeout=60_000)


def test_an_english_cac_is_corrected_and_decimal_commas_are_refused_as_ambiguous(page, shot):
    page.locator("#lang").get_by_text("English").click()
    _ask(page, "I spent €1,200 for 15 customers, what's my CAC?")
    chat, message = page.locator("#chatbot"), page.locator("#readback-message")
    expect(chat).to_contain_text("Customer acquisition cost (CAC): €80", timeout=60_000)
    expect(page.locator("#readback")).to_contain_text("Figures read for Customer acquisition cost (CAC)")
    expect(_field(page, 0)).to_have_value("Marketing spend")
    expect(_field(page, 1)).to_have_value("New customers")
    expect(_value(page, 1)).to_have_value("15")
    expect(page.locator("#readback-note-0")).to_contain_text("€ · from your question")
    shot(page, "read-back")

    _recompute_with(page, 1, "abc")
    expect(message).to_contain_text("“New customers”: 'abc' is not a number")
    _recompute_with(page, 1, "1,5")  # a decimal comma reads two ways in English: refused, never guessed
    expect(message).to_contain_text("“New customers”: '1,5' reads two ways in English: write 1.5 for a decimal")
    _recompute_with(page, 1, "-5")
    expect(message).to_contain_text("New customers: cannot be negative (you gave -5)")
    expect(chat).not_to_contain_text("Recompute with")

    _value(page, 0).fill("1,500.50")  # English thousands and decimals
    _recompute_with(page, 1, "20")
    expect(chat).to_contain_text("Recompute with: Marketing spend €1 500.5, New customers 20")
    expect(chat).to_contain_text("Customer acquisition cost (CAC): €75.03")  # 1 500.5 / 20 = 75.025
    shot(page, "recomputed")


def test_open_in_the_calculator_fills_the_calculators_tab_with_the_corrected_figures(page, shot):
    _ask(page, "J'ai dépensé 1 200 € pour 15 clients, mon CAC ?")
    expect(page.locator("#chatbot")).to_contain_text("80 €", timeout=60_000)
    _value(page, 1).fill("20")
    page.click("#readback-open")
    expect(page.get_by_role("tab", name=re.compile("Calculateurs"))).to_have_attribute("aria-selected", "true")
    expect(page.locator("#calc-tool input")).to_have_value(re.compile("Coût d'acquisition client"))
    result = page.locator("#calc-result")
    expect(result).to_contain_text("60 €")
    expect(result).to_contain_text("CAC = 1 200 / 20 = 60")
    shot(page, "calculator")


def test_the_chats_trash_icon_clears_the_conversation_its_memory_and_the_panel(page, shot):
    _ask(page, "J'ai dépensé 1 200 € pour 15 clients, mon CAC ?")
    chat = page.locator("#chatbot")
    expect(chat).to_contain_text("80 €", timeout=60_000)
    expect(page.locator("#readback")).to_be_visible()
    chat.get_by_role("button", name=re.compile("clear", re.IGNORECASE)).click()
    expect(chat).not_to_contain_text("80 €")
    expect(page.locator("#readback")).to_be_hidden()
    _ask(page, "et avec 20 clients ?")
    expect(chat).to_contain_text("point de départ", timeout=60_000)  # the figures are asked for, not reused
    expect(chat).not_to_contain_text("1 200")
    shot(page, "cleared")
