"""KPI selection in the browser: a restaurant owner picks their business in the plan wizard and asks the chat;
both propose the restaurant's KPIs (average ticket, regulars, ROI of each action), each with why and its source."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_restaurant_gets_its_own_kpis_in_the_wizard_and_in_the_chat(page, shot):
    page.get_by_role("tab", name=re.compile("Plan de KPI")).click()
    page.locator("#plan-business").get_by_text("Commerce de proximité ou restaurant", exact=True).click()
    channels = page.locator("#plan-channels")
    channels.get_by_text("SEA (publicité sur les moteurs)", exact=True).click()  # untick the default SEA…
    channels.get_by_text("Emailing", exact=True).click()  # …and emailing
    channels.get_by_text("Réseaux sociaux", exact=True).click()  # tick social media
    page.fill("#plan-name textarea, #plan-name input", "Restaurant")
    page.click("#plan-propose")
    kpis = page.locator("#plan-kpis")
    expect(kpis).to_contain_text("Panier moyen", timeout=30_000)
    expect(kpis).to_contain_text("Taux de réachat")
    expect(kpis).to_contain_text("ROI marketing")
    expect(kpis).to_contain_text("un commerce de proximité vit de ses habitués")
    expect(kpis).to_contain_text("(source : Taux de réachat : définition)")
    expect(kpis).not_to_contain_text("Coût pour mille impressions")
    shot(page, "wizard-restaurant")
    page.click("#plan-save")
    expect(page.locator("#plan-list input")).to_have_value("Restaurant")
    business = page.locator("#plan-business")
    business.get_by_text("Boutique en ligne", exact=True).click()  # another client's answer, then reopen
    page.click("#plan-open")
    expect(business.get_by_label("Commerce de proximité ou restaurant", exact=True)).to_be_checked()
    expect(page.locator("#plan-message")).to_contain_text("Activité : Commerce de proximité ou restaurant")

    page.get_by_role("tab", name=re.compile("Chat|Assistant")).first.click()
    page.fill("#chat-input textarea", "Quels KPI suivre pour mon restaurant ?")
    page.keyboard.press("Enter")
    chat = page.locator("#chatbot")
    expect(chat).to_contain_text("Panier moyen", timeout=60_000)
    expect(chat).to_contain_text("Ticket moyen par passage ou par table")
    expect(chat).to_contain_text("Restaurant, commerce de proximité : les KPI à suivre")  # the cited entry
    # let the chat box grow to its content, so that the full-page screenshot shows the whole answer
    chat.evaluate("""el => [el, ...el.querySelectorAll('*')].forEach(n => {
        if (['auto', 'scroll'].includes(getComputedStyle(n).overflowY) || n === el) {
            n.style.height = 'auto'; n.style.maxHeight = 'none'; n.style.overflow = 'visible'; } })""")
    page.wait_for_timeout(300)
    shot(page, "chat-restaurant")
