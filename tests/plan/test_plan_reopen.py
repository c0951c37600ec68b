"""Plans reopen whole (the wizard's context too), the tab's own words follow the UI language, a failing SMART
objective stays visibly flagged, version labels are dates in the UI's language."""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import gradio as gr
import pytest

from assistant.plan import fixed_values as fixed
from assistant.plan import views
from assistant.plan.export_text import to_csv_text, to_markdown
from assistant.plan.model import Plan
from assistant.plan.smart import presets
from assistant.ui.plan_handlers import PlanHandlers
from assistant.ui.plan_tab import build_plan_tab

CLIENT_A = ("retention", "B2B", "subscription", "advanced", ["web_analytics", "crm"], ["emailing", "crm"], "saas")
PAGE = SimpleNamespace(username=None, session_hash="page-a")


@pytest.fixture
def handlers(settings):
    with gr.Blocks():
        store = build_plan_tab(settings, None, None, "fr")
    return PlanHandlers(settings, store, presets(dt.date(2026, 11, 25)))


def _propose(h, context, lang="fr", plan=None, grid=None, name="Client A"):
    return h.propose(*context[:6], name, plan, grid, lang, *context[6:])  # the business model comes last


def test_reopening_a_plan_restores_the_wizard_so_propose_rebuilds_it_for_the_same_client(handlers):
    plan, *_, grid, _, _ = _propose(handlers, CLIENT_A)
    handlers.save(plan, "Client A", grid, "fr", PAGE)
    opened = handlers.open("Client A", None, "fr", PAGE)
    wizard = opened[8:]
    assert wizard == CLIENT_A  # objective, market, offer, maturity, data, channels, business: not the defaults
    assert opened[7] == ("✅ « Client A » ouvert — Objectif : Fidélisation · Marché : B2B · Offre : Abonnement · "
                         "Maturité : Avancée · Activité : SaaS · Données disponibles : Analytics web (GA4, Matomo), "
                         "CRM · Canaux actifs : Emailing, CRM")
    again = _propose(handlers, wizard, plan=opened[0], grid=opened[5])[0]
    assert [k.id for k in again.kpis] == [k.id for k in plan.kpis]


def test_a_plan_saved_without_a_context_says_so_on_reopening(handlers):
    handlers.save(None, "Ancien plan", None, "fr", PAGE)
    opened = handlers.open("Ancien plan", None, "en", PAGE)
    assert opened[7] == ("✅ 'Ancien plan' opened. This plan has no saved context: 'Propose KPIs' would use the "
                         "answers shown above.")
    assert all(isinstance(x, dict) and x.get("__type__") == "update" and len(x) == 1 for x in opened[8:])  # skips


def test_proposing_again_keeps_the_objectives_and_the_rows_the_user_filled_in(handlers):
    plan, *_, grid, _, _ = _propose(handlers, CLIENT_A)
    plan, _, _ = handlers.add_objective(plan, "churn_rate", 5, 4, "%", "2027-06-30", "Léa", "abonnés", "fr")
    grid.iloc[0, 0] = "Relance des inactifs"
    grid.iloc[0, 5] = "Léa"
    out = _propose(handlers, CLIENT_A, plan=plan, grid=grid)
    assert out[5] == ("ℹ️ KPI proposés pour ce contexte ; conservés : 1 objectif(s) SMART et 1 ligne(s) d'action que "
                      "vous aviez remplies.")
    assert [o.metric for o in out[0].objectives] == ["churn_rate"]
    rows = out[4]
    assert rows.iloc[0]["Activité"] == "Relance des inactifs"
    assert len(rows) == len(out[0].kpis)  # the filled row covers its KPI; one starter row for each other KPI


def test_switching_the_language_translates_the_words_the_tab_wrote_and_keeps_the_users():
    plan = Plan.model_validate(_plan_fr().model_dump())
    rows = views.actions_from_kpis(plan, "fr")
    rows[0] = rows[0].model_copy(update={"activity": "Refonte de la page démo", "owner": "Léa"})
    en = fixed.translate_actions(rows, "en", plan)
    assert (en[0].status, en[0].review_cadence) == ("To start", "monthly")
    assert en[0].kpi == plan.kpis[0].title.en and en[0].target == plan.kpis[0].target.text.en
    assert (en[0].activity, en[0].owner) == ("Refonte de la page démo", "Léa")  # typed by the user: kept
    back = fixed.translate_actions(en, "fr", plan)
    assert [r.model_dump() for r in back] == [r.model_dump() for r in rows]


def _plan_fr() -> Plan:
    from assistant.plan.model import WizardSettings
    from assistant.plan.wizard import propose_plan

    return propose_plan(WizardSettings(objective="growth", segment="B2C", offer="product", maturity="starting",
                                       channels=["sea"]), name="p")


def test_the_language_toggle_handler_translates_the_grid_and_the_version_labels(settings):
    with gr.Blocks() as demo:
        lang = gr.Radio([("Français", "fr"), ("English", "en")], value="fr")
        build_plan_tab(settings, None, lang, "fr")
    relabel = next(fn for fn in demo.fns.values() if getattr(fn.fn, "__name__", "") == "relabel").fn
    plan = _plan_fr()
    grid = views.actions_frame(plan.model_copy(update={"actions": views.actions_from_kpis(plan, "fr")}), "fr")
    out = relabel("en", plan, grid, None, None, None)
    shown = out[-3]  # the action grid, relabelled
    assert list(shown.columns)[4] == "Status" and set(shown["Status"]) == {"To start"}
    assert set(shown["Review cadence"]) == {"monthly"}


def test_an_objective_failing_the_smart_check_is_added_with_a_visible_warning(handlers):
    plan = _propose(handlers, CLIENT_A)[0]
    updated, shown, listed = handlers.add_objective(plan, "churn_rate", 5, 4, "%", "2020-01-31", "", "", "en")
    assert shown.startswith("⚠️ Added to the plan, but **Not SMART yet**: The deadline 2020-01-31 is not in the "
                            "future.")
    assert listed.splitlines()[1] == "   ⚠️ **Not SMART yet**: The deadline 2020-01-31 is not in the future."
    issue = updated.objectives[-1].issues
    assert [i.fr for i in issue] == ["L'échéance 2020-01-31 n'est pas dans le futur."]
    rows = list(csv.DictReader(io.StringIO(to_csv_text(updated, "fr")), delimiter=";"))
    assert [r["À corriger"] for r in rows if r["Type de ligne"] == "Objectif SMART"] == [
        "L'échéance 2020-01-31 n'est pas dans le futur."]
    assert "| L'échéance 2020-01-31 n'est pas dans le futur. |" in to_markdown(updated, "fr")
    ok, shown_ok, _ = handlers.add_objective(plan, "churn_rate", 5, 4, "%", "2027-01-31", "Léa", "abonnés", "en")
    assert not shown_ok.startswith("⚠️") and ok.objectives[-1].issues == []


def test_version_labels_are_dates_in_the_ui_language():
    assert fixed.version_label(3, "2026-03-03T14:05:09+00:00", "fr") == "v3 — 3 mars 2026, 14:05 UTC"
    assert fixed.version_label(3, "2026-03-03T14:05:09+00:00", "en").startswith("v3 — March 3, 2026, 2:05")
    assert fixed.version_label(1, dt.datetime(2026, 12, 1, 23, 0), "fr") == "v1 — 1 décembre 2026, 23:00 UTC"


def test_the_version_list_follows_the_language_and_keeps_the_chosen_version(handlers):
    plan, *_, grid, _, _ = _propose(handlers, CLIENT_A)
    for _ in range(2):
        handlers.save(plan, "Client A", grid, "fr", PAGE)
    fr = handlers.version_list("Client A", "fr", PAGE)
    en = handlers.version_list("Client A", "en", PAGE, selected=1)
    assert fr["value"] == 2 and en["value"] == 1
    assert " UTC" in fr["choices"][0][0] and fr["choices"][0][0] != en["choices"][0][0]
    month_fr = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                "novembre", "décembre"}
    assert fr["choices"][0][0].split()[3] in month_fr


def test_smart_baseline_and_target_are_read_in_the_ui_language(handlers):
    plan = _propose(handlers, CLIENT_A)[0]
    fr, _, _ = handlers.add_objective(plan, "churn_rate", "5,5", "4,25", "%", "2027-06-30", "Léa", "abonnés", "fr")
    assert (fr.objectives[-1].baseline, fr.objectives[-1].target) == (5.5, 4.25)
    big, _, _ = handlers.add_objective(plan, "lead_volume", "1 200", "1 500,5", "leads", "2027-06-30", "", "", "fr")
    assert (big.objectives[-1].baseline, big.objectives[-1].target) == (1200, 1500.5)
    kept, message, _ = handlers.add_objective(plan, "lead_volume", "1 200,50", "2,000", "", "2027-06-30", "", "",
                                              "en")
    assert kept is plan and message == "❌ Baseline: '1 200,50' reads two ways in English: write 1200.50 for a decimal"
