"""The plan tab builds in Gradio 6 and its handlers drive the real store and exports (no mocks)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import openpyxl
import pandas as pd
import pytest

from assistant.plan import views
from assistant.plan.model import ActionRow, Plan
from assistant.plan.smart import presets
from assistant.ui.plan_handlers import PlanHandlers
from assistant.ui.plan_tab import build_plan_tab


@pytest.fixture
def handlers(settings):
    with gr.Blocks():
        store = build_plan_tab(settings, None, None, "fr")
    return PlanHandlers(settings, store, presets(dt.date(2026, 11, 25)))


def propose(h, lang="fr", plan=None, grid=None, business="services"):
    return h.propose("growth", "B2B", "service", "starting", ["web_analytics"], ["seo", "emailing"], "Mon plan", plan,
                     grid, lang, business)


def test_propose_fills_the_kpi_table_swap_choices_and_starter_actions(handlers):
    plan, kpis, warnings, swap_choices, actions, message, objectives = propose(handlers)
    assert message == "" and objectives == ""  # nothing of the user's to keep on a first proposal
    assert [k.id for k in plan.kpis] == ["organic_traffic", "email_click_rate", "customer_acquisition_cost",
                                         "cost_per_lead", "retention_rate"]  # starting out: 5
    assert kpis.shape == (5, 7) and kpis.iloc[3, 1] == "Coût par lead (CPL)"
    assert warnings.startswith("- ⚠️ Sans CRM, cette liste s'en tient à ce que vous pouvez mesurer aujourd'hui")
    assert swap_choices["choices"][0] == ("Trafic organique", "organic_traffic")
    assert list(actions.columns)[0] == "Activité" and len(actions) == 5
    assert actions.iloc[3]["KPI"] == "Coût par lead (CPL)" and actions.iloc[3]["Fréquence de revue"] == "mensuelle"


def test_the_business_model_chosen_in_the_wizard_drives_the_proposal(handlers):
    restaurant = handlers.propose("growth", "B2C", "product", "starting", [], ["social"], "Resto", None, None, "fr",
                                  "local")[0]
    assert restaurant.settings.business_model == "local"
    assert "average_order_value" in [k.id for k in restaurant.kpis]
    assert restaurant.kpis[0].why[0].fr.startswith("Les gens du coin qui ont vu vos publications")
    other = handlers.propose("growth", "B2C", "product", "starting", [], ["social"], "Resto", None, None, "fr")[0]
    assert other.settings.business_model == "general"


def test_save_reopen_and_versions_are_scoped_to_the_browser_session(handlers):
    plan, *_, actions, _, _ = propose(handlers)
    # two browser pages (their Gradio sessions), no login: each sees only its own plans
    alice, bob = SimpleNamespace(username=None, session_hash="page-a"), SimpleNamespace(username=None,
                                                                                        session_hash="page-b")
    actions.iloc[0, 0] = "Refonte page démo"
    _, msg, plans, versions = handlers.save(plan, "Mon plan", actions, "fr", alice)
    assert msg == "✅ « Mon plan » enregistré (version 1)."
    assert plans["choices"] == ["Mon plan"] and versions["value"] == 1
    _, msg2, _, versions2 = handlers.save(plan, "Mon plan", actions, "en", alice)
    assert msg2 == "✅ 'Mon plan' saved (version 2)." and [c[1] for c in versions2["choices"]] == [1, 2]
    assert re.fullmatch(r"v2 — \w+ \d{1,2}, 20\d\d, \d{1,2}:\d\d\W[AP]M UTC", versions2["choices"][1][0])
    opened = handlers.open("Mon plan", 1, "fr", alice)
    assert opened[7].startswith("✅ « Mon plan » ouvert — Objectif : Croissance · Marché : B2B")
    assert opened[5].iloc[0, 0] == "Refonte page démo"
    assert opened[8:] == ("growth", "B2B", "service", "starting", ["web_analytics"], ["seo", "emailing"], "services")
    assert handlers.plan_list(request=bob)["choices"] == []
    assert handlers.open("Mon plan", None, "en", bob)[7] == "❌ No plan named 'Mon plan'."
    assert handlers.store_op("delete")("Mon plan", "", "en", bob)[0] == "❌ No plan named 'Mon plan'."
    assert handlers.store_op("duplicate")("Mon plan", "Copie", "fr", alice)[0] == "✅ « Mon plan » dupliqué."
    assert handlers.plan_list(request=alice)["choices"] == ["Copie", "Mon plan"]


def test_each_export_lands_in_its_own_unguessable_folder_under_data_dir(handlers, settings):
    plan, *_, actions, _, _ = propose(handlers, "en")
    actions.iloc[0, 0] = "=1+1"
    path, msg = handlers.exporter("xlsx")(plan, "../../etc/passwd", actions, "en")
    assert msg == ""
    folder = Path(path).parent
    assert folder.parent == settings.data_dir / "exports" and Path(path).name == "etc-passwd.xlsx"
    assert re.fullmatch(r"[0-9a-f]{32}", folder.name)  # 128 random bits: nobody else can name this file
    ws = openpyxl.load_workbook(path)["Plan"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s" and cell.quotePrefix
    md, _ = handlers.exporter("md")(plan, "Plan", actions, "en")
    assert open(md, encoding="utf-8").read().startswith("# Plan\n")
    assert Path(md).parent != folder


def test_smart_check_and_bad_deadline_messages(handlers):
    plan = propose(handlers)[0]
    out = handlers.check(plan, "cost_per_lead", 5, 3, "EUR", "2027-01-31", "Léa", "SEA", "fr")
    assert out.startswith("**Réduire coût par lead (CPL) de 5 EUR à 3 EUR via SEA d'ici le 31 janvier 2027")
    assert "- ✅ **Pertinent**" in out
    assert handlers.check(plan, "cost_per_lead", 5, 3, "EUR", "31/01/2027", "", "SEA", "fr") == (
        "❌ Échéance : utilisez la forme AAAA-MM-JJ (reçu « 31/01/2027 »).")
    assert handlers.check(plan, "cost_per_lead", 5, None, "EUR", "2027-01-31", "", "SEA", "en") == (
        "❌ Target: give the number to reach.")
    updated, _, objectives = handlers.add_objective(plan, "cost_per_lead", 5, 3, "EUR", "2027-01-31", "Léa", "SEA",
                                                    "en")
    assert objectives == "1. Reduce cost per lead (CPL) from 5 EUR to 3 EUR on SEA by January 31, 2027 (owner: Léa)."
    assert updated.objectives[0].deadline == "2027-01-31"


def test_swap_handler_and_its_refusals(handlers):
    plan = propose(handlers, "en")[0]
    swapped = handlers.swap(plan, "organic_traffic", "roas", "en")
    assert swapped[0].kpis[0].id == "roas"
    assert swapped[2].splitlines()[0] == "- ⚠️ No KPI covers the awareness stage."
    assert "- ⚠️ Channel SEO: no KPI of its own in this list" in swapped[2]
    assert handlers.swap(plan, "organic_traffic", "cost_per_lead", "en")[-1] == (
        "❌ 'cost_per_lead' is already in the plan.")
    assert handlers.swap(None, "a", "b", "fr")[-1] == "❌ Proposez d'abord des KPI, puis choisissez-en deux."


def test_action_grid_round_trip_drops_blank_rows():
    grid = pd.DataFrame([["SEA", "Leads", "CPL", "< 3 €", "À lancer", "Léa", "2026-03-31", "hebdo"],
                         [None, "", float("nan"), "", "", "", "", ""]])
    assert views.actions_from_frame(grid) == [ActionRow(activity="SEA", objective="Leads", kpi="CPL",
                                                        target="< 3 €", status="À lancer", owner="Léa",
                                                        deadline="2026-03-31", review_cadence="hebdo")]
    assert views.actions_frame(Plan(name="x"), "en").shape == (1, 8)  # one empty row to type into
    typed = views.actions_from_frame(pd.DataFrame([["a", "", "", "1000", "", "", "", ""],
                                                   ["b", "", "", "-5", "", "", "", ""],
                                                   ["c", "", "", "-5+3", "", "", "", ""],
                                                   ["d", "", "", "2.5", "", "", "", ""]]))
    assert [a.target for a in typed] == [1000, -5, "-5+3", 2.5]


def test_both_tabs_build_with_the_language_control_and_serialise_their_config(settings):
    from assistant.ui.app_factory import make_scope
    from assistant.ui.data_tab import build_data_tab

    with gr.Blocks() as demo:
        scope = make_scope(settings)
        lang = gr.Radio([("Français", "fr"), ("English", "en")], value="fr")
        build_plan_tab(settings, scope.owner, lang, "fr")
        build_data_tab(settings, scope, lang, "fr")
    config = demo.get_config_file()
    ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    assert {"plan-propose", "plan-actions", "plan-save", "plan-export-xlsx", "data-upload", "data-table"} <= ids
    # UI handlers are not API / MCP endpoints: only the app's typed endpoints are public
    assert {d["api_visibility"] for d in config["dependencies"]} == {"private"}
    assert len(config["dependencies"]) == 22
