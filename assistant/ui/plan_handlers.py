"""Event handlers of the KPI plan tab: each calls the pure functions of assistant.plan and formats the outcome."""

from __future__ import annotations

import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr
from pydantic import ValidationError

from assistant.config import Settings
from assistant.identity import owner_of
from assistant.plan import fixed_values as fixed
from assistant.plan import views
from assistant.plan.context import context_line
from assistant.plan.export import export_plan
from assistant.plan.model import Plan, WizardSettings
from assistant.plan.smart import check_smart
from assistant.plan.store import PlanStore, PlanStoreError
from assistant.plan.wizard import PlanError, propose_plan, swap_kpi
from assistant.ui.typed_numbers import format_number, parse_number
from tools.base import Text
from tools.registry import ToolInputError, describe_validation_error

EXPORT_KEEP_SECONDS = 24 * 3600  # an export's download link works this long


def _no_browser_owner(request: Any) -> str:
    return owner_of(None, request)


def _export_folder(settings: Settings) -> Path:
    """A new folder with an unguessable name (128 random bits) under the app's exports folder, for one export.

    The web server serves that folder's file to whoever has its link, i.e. only to the one who exported it: no
    name derives from an owner, and older exports are removed after EXPORT_KEEP_SECONDS."""
    root = Path(settings.data_dir) / "exports"
    if root.is_dir():
        for old in root.iterdir():
            try:
                if old.is_dir() and time.time() - old.stat().st_mtime > EXPORT_KEEP_SECONDS:
                    shutil.rmtree(old, ignore_errors=True)
            except OSError:
                continue  # another replica removed it first
    return root / secrets.token_hex(16)


def _current(plan: Plan | None, name: str, actions) -> Plan:
    """The plan as shown: the proposal (or an empty plan) with the name and action grid typed by the user."""
    base = plan if isinstance(plan, Plan) else Plan(name=name.strip() or "KPI plan")
    return base.model_copy(update={"name": (name or base.name).strip() or base.name,
                                   "actions": views.actions_from_frame(actions)})



class PlanHandlers:
    """The tab's event handlers: each calls the pure functions of assistant.plan and formats the outcome."""

    def __init__(self, settings: Settings, store: PlanStore, preset_map: dict,
                 owner: Callable[[Any], str] = _no_browser_owner):
        """`owner(request)`: whose plans an event touches (the login, else the browser; see assistant.ui.scope)."""
        self.settings, self.store, self.preset_map, self.owner = settings, store, preset_map, owner

    @staticmethod
    def shown(plan: Plan, lang_value: str):
        return (plan, views.kpi_frame(plan, lang_value), views.warnings_markdown(plan, lang_value),
                gr.update(choices=views.plan_kpi_choices(plan, lang_value), value=None))

    def propose(self, obj, seg, off, mat, data_values, chans, plan_name, plan, grid, lang_value,
                business="general"):
        """KPIs for the wizard's context; the SMART objectives and the action rows the user filled in are kept."""
        data_values = data_values or []
        try:  # the wizard's choices come from fixed lists; the name is typed, and may break the plan's limits
            s = WizardSettings(objective=obj, segment=seg, offer=off, maturity=mat, channels=chans or [],
                               business_model=business or "general",
                               web_analytics="web_analytics" in data_values, crm="crm" in data_values,
                               automation="automation" in data_values)
            fresh = propose_plan(s, name=(plan_name or "").strip() or "KPI plan")
            typed = views.actions_from_frame(grid)
            kept_objectives = list(plan.objectives) if isinstance(plan, Plan) else []
            actions = views.merge_actions(typed, fresh, lang_value)
            proposed = fresh.model_copy(update={"objectives": kept_objectives})
            grid_plan = proposed.model_copy(update={"actions": actions})
        except ValidationError as err:
            return (gr.skip(),) * 5 + (views.error_text(_one_line(err), lang_value), gr.skip())
        kept_rows = sum(1 for a in typed if not views.is_starter(a))
        msg = ""
        if kept_objectives or kept_rows:
            msg = (f"ℹ️ KPI proposés pour ce contexte ; conservés : {len(kept_objectives)} objectif(s) SMART et "
                   f"{kept_rows} ligne(s) d'action que vous aviez remplies." if lang_value == "fr" else
                   f"ℹ️ KPIs proposed for this context; kept: {len(kept_objectives)} SMART objective(s) and "
                   f"{kept_rows} action row(s) you had filled in.")
        return (*self.shown(proposed, lang_value), views.actions_frame(grid_plan, lang_value), msg,
                views.objectives_markdown(proposed, lang_value))

    def swap(self, plan, old, new, lang_value):
        if not isinstance(plan, Plan) or not old or not new:
            msg = "Proposez d'abord des KPI, puis choisissez-en deux." if lang_value == "fr" else \
                "Propose KPIs first, then pick the two KPIs."
            return (plan, gr.skip(), gr.skip(), gr.skip(), views.error_text(msg, lang_value))
        try:
            return (*self.shown(swap_kpi(plan, old, new), lang_value), "")
        except PlanError as err:
            return (plan, gr.skip(), gr.skip(), gr.skip(), views.error_text(err.text, lang_value))

    def preset(self, key, lang_value="en"):
        p = self.preset_map.get(key)
        if p is None:
            return (gr.skip(),) * 6
        return (p.metric, format_number(p.baseline, lang_value), format_number(p.target, lang_value), p.unit,
                p.deadline.isoformat() if p.deadline else "", p.channel)

    @staticmethod
    def _checked(plan, m, b, t, u, d, o, ch, lang_value="en"):
        has_plan = isinstance(plan, Plan)
        objective = plan.settings.objective if has_plan and plan.settings else ""
        # baseline and target are typed as text and read in the UI's language ("1 200,50" in French)
        labels = ("Valeur de départ", "Cible") if lang_value == "fr" else ("Baseline", "Target")
        b, t = (parse_number(v, lang_value, name) if isinstance(v, str) and v.strip() else
                (None if isinstance(v, str) else v) for v, name in zip((b, t), labels, strict=True))
        i = views.smart_input(m, b, t, u, d, o, ch, objective)
        kpis = [k.id for k in plan.kpis] if has_plan and plan.kpis else None
        return i, check_smart(i, plan_kpis=kpis)

    def check(self, plan, m, b, t, u, d, o, ch, lang_value):
        try:
            _, c = self._checked(plan, m, b, t, u, d, o, ch, lang_value)
        except (ValueError, ValidationError) as err:
            return views.error_text(_one_line(err), lang_value)
        return views.smart_markdown(c, lang_value)

    def add_objective(self, plan, m, b, t, u, d, o, ch, lang_value):
        try:
            i, c = self._checked(plan, m, b, t, u, d, o, ch, lang_value)
            base = plan if isinstance(plan, Plan) else Plan(name="KPI plan")
            # The plan's limits (figures, text lengths, 50 objectives) are checked here too.
            updated = base.model_copy(update={"objectives": [*base.objectives, views.smart_objective(i, c)]})
        except (ValueError, ValidationError) as err:
            return plan, views.error_text(_one_line(err), lang_value), gr.skip()
        objective = updated.objectives[-1]
        shown = views.smart_markdown(c, lang_value)
        if objective.issues:  # added as asked, with what to fix in plain sight
            added = ("Ajouté au plan, mais" if lang_value == "fr" else "Added to the plan, but")
            shown = f"{views.not_smart_warning(objective, lang_value).replace('⚠️', '⚠️ ' + added, 1)}\n\n{shown}"
        return updated, shown, views.objectives_markdown(updated, lang_value)

    @staticmethod
    def fill(plan, lang_value):
        if not isinstance(plan, Plan):
            return gr.skip()
        return views.actions_frame(plan.model_copy(update={"actions": views.actions_from_kpis(plan, lang_value)}),
                                   lang_value)

    def plan_list(self, selected=None, request: gr.Request = None):
        names = [p.name for p in self.store.list_plans(self.owner(request))]
        return gr.update(choices=names, value=selected if selected in names else (names[0] if names else None))

    def version_list(self, plan_name, lang_value="en", request: gr.Request = None, selected=None):
        """The plan's versions, labelled with their date in the UI's language; the last one (or `selected`) chosen."""
        try:
            versions = self.store.versions(self.owner(request), plan_name) if plan_name else []
        except PlanStoreError:
            versions = []
        if not versions:
            return gr.update(choices=[], value=None)
        numbers = [v for v, _ in versions]
        return gr.update(choices=[(fixed.version_label(v, when, lang_value), v) for v, when in versions],
                         value=selected if selected in numbers else numbers[-1])

    def save(self, plan, plan_name, grid, lang_value, request: gr.Request = None):
        try:
            current = _current(plan, plan_name or "", grid)
            n = self.store.save(self.owner(request), current)
        except PlanStoreError as err:
            return plan, views.error_text(err.text, lang_value), gr.skip(), gr.skip()
        except ValidationError as err:
            return plan, views.error_text(_one_line(err), lang_value), gr.skip(), gr.skip()
        msg = f"✅ « {current.name} » enregistré (version {n})." if lang_value == "fr" else \
            f"✅ '{current.name}' saved (version {n})."
        return (current, msg, self.plan_list(current.name, request),
                self.version_list(current.name, lang_value, request))

    def open(self, plan_name, v, lang_value, request: gr.Request = None):
        """The saved plan with its whole context: the wizard shows the answers it was built from again, so
        'Propose KPIs' rebuilds it for the same client."""
        try:
            plan = self.store.load(self.owner(request), plan_name or "", int(v) if v else None)
        except PlanStoreError as err:
            return (gr.skip(),) * 7 + (views.error_text(err.text, lang_value),) + (gr.skip(),) * 7
        context = views.wizard_values(plan)
        if context is None:
            msg = (f"✅ « {plan.name} » ouvert. Ce plan n'a pas de contexte enregistré : « Proposer des KPI » "
                   "utiliserait les réponses affichées ci-dessus." if lang_value == "fr" else
                   f"✅ '{plan.name}' opened. This plan has no saved context: 'Propose KPIs' would use the answers "
                   "shown above.")
            wizard = (gr.skip(),) * 7
        else:
            line = context_line(plan.settings, lang_value)
            msg = f"✅ « {plan.name} » ouvert — {line}" if lang_value == "fr" else f"✅ '{plan.name}' opened — {line}"
            wizard = context
        return (*self.shown(plan, lang_value), plan.name, views.actions_frame(plan, lang_value),
                views.objectives_markdown(plan, lang_value), msg, *wizard)

    def store_op(self, op: str):
        def run(plan_name, other, lang_value, request: gr.Request = None):
            owner, plan_name, other = self.owner(request), plan_name or "", (other or "").strip()
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
            return msg, self.plan_list(None if op == "delete" else other, request)
        return run

    def exporter(self, kind: str):
        def run(plan, plan_name, grid, lang_value):
            try:
                current = _current(plan, plan_name or "", grid)
            except ValidationError as err:
                return None, views.error_text(_one_line(err), lang_value)
            return str(export_plan(current, kind, _export_folder(self.settings), lang_value)), ""
        return run


def _one_line(err: Exception) -> Text | str:
    """A refused input as one line naming the field (bilingual when the error carries both languages)."""
    if isinstance(err, PlanError):
        return err.text
    if isinstance(err, ValidationError):
        return Text(en=describe_validation_error(err, "en")[0], fr=describe_validation_error(err, "fr")[0])
    if isinstance(err, ToolInputError):
        return Text(en=str(err), fr=err.message("fr"))
    return str(err)
