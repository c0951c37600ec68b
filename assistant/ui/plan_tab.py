"""The KPI plan tab: wizard → KPIs (swappable), SMART helper, editable action table, saved versions, exports."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import gradio as gr
from pydantic import ValidationError

from assistant.config import Settings
from assistant.plan import views
from assistant.plan.export import export_plan
from assistant.plan.model import CHANNELS, Plan, WizardSettings
from assistant.plan.smart import check_smart, presets
from assistant.plan.store import PlanStore, PlanStoreError
from assistant.plan.wizard import CHANNEL_TITLES, PlanError, propose_plan, swap_kpi
from assistant.session import Session
from tools.base import Text
from tools.registry import describe_validation_error

_L = {
    "wizard": ("1. Your context", "1. Votre contexte"), "objective": ("Objective", "Objectif"),
    "segment": ("Market", "Marché"), "offer": ("Offer", "Offre"), "maturity": ("Maturity", "Maturité"),
    "data": ("Data you have", "Données disponibles"), "channels": ("Active channels", "Canaux actifs"),
    "name": ("Plan name", "Nom du plan"), "propose": ("Propose KPIs", "Proposer des KPI"),
    "kpis": ("2. Proposed KPIs", "2. KPI proposés"), "swap_old": ("Replace", "Remplacer"),
    "swap_new": ("by", "par"), "swap": ("Swap", "Échanger"), "smart": ("3. SMART objective", "3. Objectif SMART"),
    "preset": ("Article example", "Exemple des articles"), "metric": ("KPI", "KPI"),
    "baseline": ("Baseline", "Valeur de départ"), "target": ("Target", "Cible"), "unit": ("Unit", "Unité"),
    "deadline": ("Deadline (YYYY-MM-DD)", "Échéance (AAAA-MM-JJ)"), "owner": ("Owner", "Responsable"),
    "channel": ("Channel / scope", "Canal / périmètre"), "check": ("Check", "Vérifier"),
    "add_objective": ("Add to plan", "Ajouter au plan"), "actions": ("4. Action table", "4. Tableau d'actions"),
    "fill": ("One row per KPI", "Une ligne par KPI"), "store": ("5. Save and reopen", "5. Enregistrer et rouvrir"),
    "save": ("Save (new version)", "Enregistrer (nouvelle version)"), "my_plans": ("My plans", "Mes plans"),
    "version": ("Version", "Version"), "open": ("Open", "Ouvrir"), "new_name": ("New name", "Nouveau nom"),
    "duplicate": ("Duplicate", "Dupliquer"), "rename": ("Rename", "Renommer"), "delete": ("Delete", "Supprimer"),
    "refresh": ("Refresh", "Actualiser"), "export": ("6. Export", "6. Export"), "file": ("File", "Fichier"),
}
_CHOICES = {
    "objective": [("growth", "Growth", "Croissance"), ("profitability", "Profitability", "Rentabilité"),
                  ("retention", "Retention", "Fidélisation"), ("awareness", "Awareness", "Notoriété")],
    "segment": [("B2B", "B2B", "B2B"), ("B2C", "B2C", "B2C")],
    "offer": [("product", "Product", "Produit"), ("service", "Service", "Service"),
              ("subscription", "Subscription", "Abonnement")],
    "maturity": [("starting", "Starting", "Démarrage"), ("established", "Established", "Établie"),
                 ("advanced", "Advanced", "Avancée")],
    "data": [("web_analytics", "Web analytics (GA4, Matomo)", "Analytics web (GA4, Matomo)"),
             ("crm", "CRM", "CRM"), ("automation", "Marketing automation", "Marketing automation")],
}


def _l(key: str, lang: str) -> str:
    en, fr = _L[key]
    return fr if lang == "fr" else en


def _choices(key: str, lang: str) -> list[tuple[str, str]]:
    return [(fr if lang == "fr" else en, value) for value, en, fr in _CHOICES[key]]


def _owner(session: Session | None) -> str:
    """The browser session's id: every stored plan is scoped to it."""
    return session.id if isinstance(session, Session) else "anonymous"


def _export_folder(settings: Settings, session: Session | None) -> Path:
    # Only the app's own exports folder, one sub-folder per session, named from a sanitized id (never a user path).
    safe = re.sub(r"[^0-9A-Za-z_-]", "", _owner(session))[:64] or "anonymous"
    return Path(settings.data_dir) / "exports" / safe


def _current(plan: Plan | None, name: str, actions) -> Plan:
    """The plan as shown: the proposal (or an empty plan) with the name and action grid typed by the user."""
    base = plan if isinstance(plan, Plan) else Plan(name=name.strip() or "KPI plan")
    return base.model_copy(update={"name": (name or base.name).strip() or base.name,
                                   "actions": views.actions_from_frame(actions)})


def build_plan_tab(settings: Settings, session_state: gr.State, lang_radio: gr.components.Component | None = None,
                   lang: str = "fr") -> PlanStore:
    """Build the tab inside the current Blocks; returns the plan store it uses."""
    store = PlanStore.from_settings(settings)
    lang_in = lang_radio if lang_radio is not None else gr.State(lang)
    plan_state = gr.State(None)
    heads: dict[str, gr.Markdown] = {}

    heads["wizard"] = gr.Markdown(f"### {_l('wizard', lang)}")
    with gr.Row():
        objective = gr.Radio(_choices("objective", lang), value="growth", label=_l("objective", lang),
                             elem_id="plan-objective")
        segment = gr.Radio(_choices("segment", lang), value="B2C", label=_l("segment", lang), elem_id="plan-segment")
        offer = gr.Radio(_choices("offer", lang), value="product", label=_l("offer", lang), elem_id="plan-offer")
        maturity = gr.Radio(_choices("maturity", lang), value="starting", label=_l("maturity", lang),
                            elem_id="plan-maturity")
    with gr.Row():
        data = gr.CheckboxGroup(_choices("data", lang), value=["web_analytics"], label=_l("data", lang),
                                elem_id="plan-data")
        channels = gr.CheckboxGroup([(CHANNEL_TITLES[c].get(lang), c) for c in CHANNELS], value=["sea", "emailing"],
                                    label=_l("channels", lang), elem_id="plan-channels")
    with gr.Row():
        name = gr.Textbox(value="Plan KPI" if lang == "fr" else "KPI plan", label=_l("name", lang),
                          elem_id="plan-name", max_length=120)
        propose = gr.Button(_l("propose", lang), variant="primary", elem_id="plan-propose")
    message = gr.Markdown(elem_id="plan-message")

    heads["kpis"] = gr.Markdown(f"### {_l('kpis', lang)}")
    kpi_table = gr.Dataframe(value=views.kpi_frame(None, lang), interactive=False, wrap=True, elem_id="plan-kpis",
                             column_widths=["9%", "13%", "26%", "16%", "13%", "13%", "10%"])
    warnings = gr.Markdown(elem_id="plan-warnings")
    with gr.Row():
        swap_old = gr.Dropdown(choices=[], label=_l("swap_old", lang), elem_id="plan-swap-old")
        swap_new = gr.Dropdown(choices=views.catalog_choices(lang), label=_l("swap_new", lang),
                               elem_id="plan-swap-new")
        swap_btn = gr.Button(_l("swap", lang), elem_id="plan-swap")

    heads["smart"] = gr.Markdown(f"### {_l('smart', lang)}")
    preset_map = presets(dt.date.today())
    with gr.Row():
        preset = gr.Dropdown(choices=list(preset_map), value=None, label=_l("preset", lang), elem_id="plan-preset")
        metric = gr.Dropdown(choices=views.catalog_choices(lang), label=_l("metric", lang), elem_id="plan-metric")
        baseline = gr.Number(label=_l("baseline", lang), elem_id="plan-baseline")
        target = gr.Number(label=_l("target", lang), elem_id="plan-target")
        unit = gr.Textbox(label=_l("unit", lang), elem_id="plan-unit", max_length=20)
    with gr.Row():
        deadline = gr.Textbox(label=_l("deadline", lang), elem_id="plan-deadline", max_length=10)
        owner = gr.Textbox(label=_l("owner", lang), elem_id="plan-owner", max_length=80)
        scope = gr.Textbox(label=_l("channel", lang), elem_id="plan-scope", max_length=120)
        check_btn = gr.Button(_l("check", lang), elem_id="plan-check")
        add_obj = gr.Button(_l("add_objective", lang), elem_id="plan-add-objective")
    smart_out = gr.Markdown(elem_id="plan-smart")
    objectives = gr.Markdown(elem_id="plan-objectives")

    heads["actions"] = gr.Markdown(f"### {_l('actions', lang)}")
    actions = gr.Dataframe(value=views.actions_frame(None, lang), interactive=True, wrap=True, row_count=1,
                           elem_id="plan-actions",
                           column_widths=["18%", "14%", "14%", "18%", "8%", "10%", "9%", "9%"])
    fill_btn = gr.Button(_l("fill", lang), size="sm", elem_id="plan-fill")

    heads["store"] = gr.Markdown(f"### {_l('store', lang)}")
    with gr.Row():
        save_btn = gr.Button(_l("save", lang), variant="primary", elem_id="plan-save")
        my_plans = gr.Dropdown(choices=[], label=_l("my_plans", lang), elem_id="plan-list")
        version = gr.Dropdown(choices=[], label=_l("version", lang), elem_id="plan-version")
        refresh_btn = gr.Button(_l("refresh", lang), size="sm", elem_id="plan-refresh")
        open_btn = gr.Button(_l("open", lang), elem_id="plan-open")
    with gr.Row():
        new_name = gr.Textbox(label=_l("new_name", lang), elem_id="plan-new-name", max_length=120)
        dup_btn = gr.Button(_l("duplicate", lang), elem_id="plan-duplicate")
        ren_btn = gr.Button(_l("rename", lang), elem_id="plan-rename")
        del_btn = gr.Button(_l("delete", lang), variant="stop", elem_id="plan-delete")

    heads["export"] = gr.Markdown(f"### {_l('export', lang)}")
    with gr.Row():
        xlsx_btn = gr.Button("XLSX", elem_id="plan-export-xlsx")
        csv_btn = gr.Button("CSV", elem_id="plan-export-csv")
        md_btn = gr.Button("Markdown", elem_id="plan-export-md")
    export_file = gr.File(label=_l("file", lang), interactive=False, elem_id="plan-export-file")

    h = _Handlers(settings, store, preset_map)
    labelled = {objective: "objective", segment: "segment", offer: "offer", maturity: "maturity", data: "data",
                channels: "channels", name: "name", swap_old: "swap_old", swap_new: "swap_new", preset: "preset",
                metric: "metric", baseline: "baseline", target: "target", unit: "unit", deadline: "deadline",
                owner: "owner", scope: "channel", my_plans: "my_plans", version: "version", new_name: "new_name",
                export_file: "file"}
    buttons = {propose: "propose", swap_btn: "swap", check_btn: "check", add_obj: "add_objective", fill_btn: "fill",
               save_btn: "save", refresh_btn: "refresh", open_btn: "open", dup_btn: "duplicate", ren_btn: "rename",
               del_btn: "delete"}

    def relabel(lg, plan, grid):
        """The language changed: every label, choice list and table header follows."""
        updates = [gr.update(value=f"### {_l(k, lg)}") for k in heads]
        for comp, key in labelled.items():
            extra = {"choices": _choices(key, lg)} if key in _CHOICES else {}
            if comp is channels:
                extra = {"choices": [(CHANNEL_TITLES[c].get(lg), c) for c in CHANNELS]}
            elif comp in (swap_new, metric):
                extra = {"choices": views.catalog_choices(lg)}
            elif comp is swap_old:
                extra = {"choices": views.plan_kpi_choices(plan if isinstance(plan, Plan) else None, lg)}
            updates.append(gr.update(label=_l(key, lg), **extra))
        updates += [gr.update(value=_l(key, lg)) for key in buttons.values()]
        current = plan if isinstance(plan, Plan) else None
        grid_plan = Plan(name="grid", actions=views.actions_from_frame(grid))
        updates += [views.kpi_frame(current, lg), views.warnings_markdown(current, lg),
                    views.actions_frame(grid_plan, lg), views.objectives_markdown(current, lg)]
        return updates

    if lang_radio is not None:
        lang_radio.change(relabel, [lang_radio, plan_state, actions],
                          [*heads.values(), *labelled, *buttons, kpi_table, warnings, actions, objectives],
                          api_visibility="private")
    private = {"api_visibility": "private"}
    propose.click(h.propose, [objective, segment, offer, maturity, data, channels, name, lang_in],
                  [plan_state, kpi_table, warnings, swap_old, actions, message], **private)
    swap_btn.click(h.swap, [plan_state, swap_old, swap_new, lang_in],
                   [plan_state, kpi_table, warnings, swap_old, message], **private)
    preset.change(h.preset, preset, [metric, baseline, target, unit, deadline, scope], **private)
    smart_inputs = [plan_state, metric, baseline, target, unit, deadline, owner, scope, lang_in]
    check_btn.click(h.check, smart_inputs, smart_out, **private)
    add_obj.click(h.add_objective, smart_inputs, [plan_state, smart_out, objectives], **private)
    fill_btn.click(h.fill, [plan_state, lang_in], actions, **private)
    save_btn.click(h.save, [plan_state, name, actions, session_state, lang_in],
                   [plan_state, message, my_plans, version], **private)
    refresh_btn.click(h.plan_list, [session_state, my_plans], my_plans, **private)
    my_plans.change(h.version_list, [session_state, my_plans], version, **private)
    open_btn.click(h.open, [session_state, my_plans, version, lang_in],
                   [plan_state, kpi_table, warnings, swap_old, name, actions, objectives, message], **private)
    for btn, op in ((del_btn, "delete"), (dup_btn, "duplicate"), (ren_btn, "rename")):
        btn.click(h.store_op(op), [session_state, my_plans, new_name, lang_in], [message, my_plans], **private)
    for btn, kind in ((xlsx_btn, "xlsx"), (csv_btn, "csv"), (md_btn, "md")):
        btn.click(h.exporter(kind), [plan_state, name, actions, session_state, lang_in], [export_file, message],
                  **private)
    return store


class _Handlers:
    """The tab's event handlers: each calls the pure functions of assistant.plan and formats the outcome."""

    def __init__(self, settings: Settings, store: PlanStore, preset_map: dict):
        self.settings, self.store, self.preset_map = settings, store, preset_map

    @staticmethod
    def shown(plan: Plan, lang_value: str):
        return (plan, views.kpi_frame(plan, lang_value), views.warnings_markdown(plan, lang_value),
                gr.update(choices=views.plan_kpi_choices(plan, lang_value), value=None))

    def propose(self, obj, seg, off, mat, data_values, chans, plan_name, lang_value):
        data_values = data_values or []
        s = WizardSettings(objective=obj, segment=seg, offer=off, maturity=mat, channels=chans or [],
                           web_analytics="web_analytics" in data_values, crm="crm" in data_values,
                           automation="automation" in data_values)
        plan = propose_plan(s, name=(plan_name or "").strip() or "KPI plan")
        starter = plan.model_copy(update={"actions": views.actions_from_kpis(plan, lang_value)})
        return (*self.shown(plan, lang_value), views.actions_frame(starter, lang_value), "")

    def swap(self, plan, old, new, lang_value):
        if not isinstance(plan, Plan) or not old or not new:
            msg = "Proposez d'abord des KPI, puis choisissez-en deux." if lang_value == "fr" else \
                "Propose KPIs first, then pick the two KPIs."
            return (plan, gr.skip(), gr.skip(), gr.skip(), views.error_text(msg, lang_value))
        try:
            return (*self.shown(swap_kpi(plan, old, new), lang_value), "")
        except PlanError as err:
            return (plan, gr.skip(), gr.skip(), gr.skip(), views.error_text(err.text, lang_value))

    def preset(self, key):
        p = self.preset_map.get(key)
        if p is None:
            return (gr.skip(),) * 6
        return (p.metric, p.baseline, p.target, p.unit, p.deadline.isoformat() if p.deadline else "", p.channel)

    @staticmethod
    def _checked(plan, m, b, t, u, d, o, ch):
        has_plan = isinstance(plan, Plan)
        objective = plan.settings.objective if has_plan and plan.settings else ""
        i = views.smart_input(m, b, t, u, d, o, ch, objective)
        kpis = [k.id for k in plan.kpis] if has_plan and plan.kpis else None
        return i, check_smart(i, plan_kpis=kpis)

    def check(self, plan, m, b, t, u, d, o, ch, lang_value):
        try:
            _, c = self._checked(plan, m, b, t, u, d, o, ch)
        except (ValueError, ValidationError) as err:
            return views.error_text(_one_line(err), lang_value)
        return views.smart_markdown(c, lang_value)

    def add_objective(self, plan, m, b, t, u, d, o, ch, lang_value):
        try:
            i, c = self._checked(plan, m, b, t, u, d, o, ch)
        except (ValueError, ValidationError) as err:
            return plan, views.error_text(_one_line(err), lang_value), gr.skip()
        base = plan if isinstance(plan, Plan) else Plan(name="KPI plan")
        updated = base.model_copy(update={"objectives": [*base.objectives, views.smart_objective(i, c)]})
        return updated, views.smart_markdown(c, lang_value), views.objectives_markdown(updated, lang_value)

    @staticmethod
    def fill(plan, lang_value):
        if not isinstance(plan, Plan):
            return gr.skip()
        return views.actions_frame(plan.model_copy(update={"actions": views.actions_from_kpis(plan, lang_value)}),
                                   lang_value)

    def plan_list(self, session, selected=None):
        names = [p.name for p in self.store.list_plans(_owner(session))]
        return gr.update(choices=names, value=selected if selected in names else (names[0] if names else None))

    def version_list(self, session, plan_name):
        try:
            versions = self.store.versions(_owner(session), plan_name) if plan_name else []
        except PlanStoreError:
            versions = []
        if not versions:
            return gr.update(choices=[], value=None)
        return gr.update(choices=[(f"v{v} — {when}", v) for v, when in versions], value=versions[-1][0])

    def save(self, plan, plan_name, grid, session, lang_value):
        try:
            current = _current(plan, plan_name or "", grid)
            n = self.store.save(_owner(session), current)
        except PlanStoreError as err:
            return plan, views.error_text(err.text, lang_value), gr.skip(), gr.skip()
        except ValidationError as err:
            return plan, views.error_text(_one_line(err), lang_value), gr.skip(), gr.skip()
        msg = f"✅ « {current.name} » enregistré (version {n})." if lang_value == "fr" else \
            f"✅ '{current.name}' saved (version {n})."
        return current, msg, self.plan_list(session, current.name), self.version_list(session, current.name)

    def open(self, session, plan_name, v, lang_value):
        try:
            plan = self.store.load(_owner(session), plan_name or "", int(v) if v else None)
        except PlanStoreError as err:
            return (gr.skip(),) * 7 + (views.error_text(err.text, lang_value),)
        msg = f"✅ « {plan.name} » ouvert." if lang_value == "fr" else f"✅ '{plan.name}' opened."
        return (*self.shown(plan, lang_value), plan.name, views.actions_frame(plan, lang_value),
                views.objectives_markdown(plan, lang_value), msg)

    def store_op(self, op: str):
        def run(session, plan_name, other, lang_value):
            owner, plan_name, other = _owner(session), plan_name or "", (other or "").strip()
            try:
                if op == "delete":
                    self.store.delete(owner, plan_name)
                elif op == "duplicate":
                    self.store.duplicate(owner, plan_name, other)
                else:
                    self.store.rename(owner, plan_name, other)
            except PlanStoreError as err:
                return views.error_text(err.text, lang_value), gr.skip()
            except ValidationError as err:
                return views.error_text(_one_line(err), lang_value), gr.skip()
            en, fr = {"delete": ("deleted", "supprimé"), "duplicate": ("duplicated", "dupliqué"),
                      "rename": ("renamed", "renommé")}[op]
            msg = f"✅ « {plan_name} » {fr}." if lang_value == "fr" else f"✅ '{plan_name}' {en}."
            return msg, self.plan_list(session, None if op == "delete" else other)
        return run

    def exporter(self, kind: str):
        def run(plan, plan_name, grid, session, lang_value):
            try:
                current = _current(plan, plan_name or "", grid)
            except ValidationError as err:
                return None, views.error_text(_one_line(err), lang_value)
            return str(export_plan(current, kind, _export_folder(self.settings, session), lang_value)), ""
        return run


def _one_line(err: Exception) -> Text | str:
    """A refused input as one line naming the field (bilingual when the error carries both languages)."""
    if isinstance(err, PlanError):
        return err.text
    if isinstance(err, ValidationError):
        return describe_validation_error(err)[0]
    return str(err)
