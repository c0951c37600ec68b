"""The KPI plan tab: wizard → KPIs (swappable), SMART helper, editable action table, saved versions, exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import gradio as gr

from assistant.config import Settings
from assistant.plan import fixed_values as fixed
from assistant.plan import texts as txt
from assistant.plan import views
from assistant.plan.model import CHANNELS, Plan
from assistant.plan.smart import presets
from assistant.plan.store import PlanStore
from assistant.plan.wizard import CHANNEL_TITLES
from assistant.ui.plan_handlers import PlanHandlers


def build_plan_tab(settings: Settings, plan_owner: Callable[[Any], str] | None = None,
                   lang_radio: gr.components.Component | None = None, lang: str = "fr") -> PlanStore:
    """Build the tab inside the current Blocks; returns the plan store it uses. `owner(request)` says whose plans
    an event touches (assistant.ui.scope.Scope.owner: the login, else the browser)."""
    owner_kwargs = {"owner": plan_owner} if plan_owner else {}
    store = PlanStore.from_settings(settings)
    lang_in = lang_radio if lang_radio is not None else gr.State(lang)
    plan_state = gr.State(None)
    heads: dict[str, gr.Markdown] = {}

    heads["wizard"] = gr.Markdown(f"### {txt.label('wizard', lang)}")
    with gr.Row():
        objective = gr.Radio(txt.choices("objective", lang), value="growth", label=txt.label("objective", lang),
                             elem_id="plan-objective")
        segment = gr.Radio(txt.choices("segment", lang), value="B2C", label=txt.label("segment", lang),
                           elem_id="plan-segment")
        offer = gr.Radio(txt.choices("offer", lang), value="product", label=txt.label("offer", lang),
                         elem_id="plan-offer")
        maturity = gr.Radio(txt.choices("maturity", lang), value="starting", label=txt.label("maturity", lang),
                            elem_id="plan-maturity")
    business = gr.Radio(txt.choices("business_model", lang), value="general", label=txt.label("business_model", lang),
                        elem_id="plan-business")
    with gr.Row():
        data = gr.CheckboxGroup(txt.choices("data", lang), value=["web_analytics"], label=txt.label("data", lang),
                                elem_id="plan-data")
        channels = gr.CheckboxGroup([(CHANNEL_TITLES[c].get(lang), c) for c in CHANNELS], value=["sea", "emailing"],
                                    label=txt.label("channels", lang), elem_id="plan-channels")
    with gr.Row():
        name = gr.Textbox(value="Plan KPI" if lang == "fr" else "KPI plan", label=txt.label("name", lang),
                          elem_id="plan-name", max_length=120)
        propose = gr.Button(txt.label("propose", lang), variant="primary", elem_id="plan-propose")
    message = gr.Markdown(elem_id="plan-message")

    heads["kpis"] = gr.Markdown(f"### {txt.label('kpis', lang)}")
    kpi_table = gr.Dataframe(value=views.kpi_frame(None, lang), interactive=False, wrap=True, elem_id="plan-kpis",
                             column_widths=["9%", "13%", "26%", "16%", "13%", "13%", "10%"])
    warnings = gr.Markdown(elem_id="plan-warnings")
    with gr.Row():
        swap_old = gr.Dropdown(choices=[], label=txt.label("swap_old", lang), elem_id="plan-swap-old")
        swap_new = gr.Dropdown(choices=views.catalog_choices(lang), label=txt.label("swap_new", lang),
                               elem_id="plan-swap-new")
        swap_btn = gr.Button(txt.label("swap", lang), elem_id="plan-swap")

    heads["smart"] = gr.Markdown(f"### {txt.label('smart', lang)}")
    preset_map = presets(dt.date.today())
    with gr.Row():
        preset = gr.Dropdown(choices=list(preset_map), value=None, label=txt.label("preset", lang),
                             elem_id="plan-preset")
        metric = gr.Dropdown(choices=views.catalog_choices(lang), label=txt.label("metric", lang),
                             elem_id="plan-metric")
        # text, read in the UI's language: a browser number field turned "1 200,50" into 120050
        baseline = gr.Textbox(label=txt.label("baseline", lang), elem_id="plan-baseline", lines=1, max_lines=1,
                              max_length=40)
        target = gr.Textbox(label=txt.label("target", lang), elem_id="plan-target", lines=1, max_lines=1,
                            max_length=40)
        unit = gr.Textbox(label=txt.label("unit", lang), elem_id="plan-unit", max_length=20)
    with gr.Row():
        deadline = gr.Textbox(label=txt.label("deadline", lang), elem_id="plan-deadline", max_length=10)
        owner = gr.Textbox(label=txt.label("owner", lang), elem_id="plan-owner", max_length=80)
        scope = gr.Textbox(label=txt.label("channel", lang), elem_id="plan-scope", max_length=120)
        check_btn = gr.Button(txt.label("check", lang), elem_id="plan-check")
        add_obj = gr.Button(txt.label("add_objective", lang), elem_id="plan-add-objective")
    smart_out = gr.Markdown(elem_id="plan-smart")
    objectives = gr.Markdown(elem_id="plan-objectives")

    heads["actions"] = gr.Markdown(f"### {txt.label('actions', lang)}")
    actions = gr.Dataframe(value=views.actions_frame(None, lang), interactive=True, wrap=True, row_count=1,
                           elem_id="plan-actions",
                           column_widths=["18%", "14%", "14%", "18%", "8%", "10%", "9%", "9%"])
    fill_btn = gr.Button(txt.label("fill", lang), size="sm", elem_id="plan-fill")

    heads["store"] = gr.Markdown(f"### {txt.label('store', lang)}")
    with gr.Row():
        save_btn = gr.Button(txt.label("save", lang), variant="primary", elem_id="plan-save")
        my_plans = gr.Dropdown(choices=[], label=txt.label("my_plans", lang), elem_id="plan-list")
        version = gr.Dropdown(choices=[], label=txt.label("version", lang), elem_id="plan-version")
        refresh_btn = gr.Button(txt.label("refresh", lang), size="sm", elem_id="plan-refresh")
        open_btn = gr.Button(txt.label("open", lang), elem_id="plan-open")
    with gr.Row():
        new_name = gr.Textbox(label=txt.label("new_name", lang), elem_id="plan-new-name", max_length=120)
        dup_btn = gr.Button(txt.label("duplicate", lang), elem_id="plan-duplicate")
        ren_btn = gr.Button(txt.label("rename", lang), elem_id="plan-rename")
        del_btn = gr.Button(txt.label("delete", lang), variant="stop", elem_id="plan-delete")

    heads["export"] = gr.Markdown(f"### {txt.label('export', lang)}")
    with gr.Row():
        xlsx_btn = gr.Button("XLSX", elem_id="plan-export-xlsx")
        csv_btn = gr.Button("CSV", elem_id="plan-export-csv")
        md_btn = gr.Button("Markdown", elem_id="plan-export-md")
    export_file = gr.File(label=txt.label("file", lang), interactive=False, elem_id="plan-export-file")

    h = PlanHandlers(settings, store, preset_map, **owner_kwargs)
    labelled = {objective: "objective", segment: "segment", offer: "offer", maturity: "maturity",
                business: "business_model", data: "data",
                channels: "channels", name: "name", swap_old: "swap_old", swap_new: "swap_new", preset: "preset",
                metric: "metric", baseline: "baseline", target: "target", unit: "unit", deadline: "deadline",
                owner: "owner", scope: "channel", my_plans: "my_plans", version: "version", new_name: "new_name",
                export_file: "file"}
    buttons = {propose: "propose", swap_btn: "swap", check_btn: "check", add_obj: "add_objective", fill_btn: "fill",
               save_btn: "save", refresh_btn: "refresh", open_btn: "open", dup_btn: "duplicate", ren_btn: "rename",
               del_btn: "delete"}

    def relabel(lg, plan, grid, plan_name, chosen, request: gr.Request = None):
        """The language changed: every label, choice list and table header follows."""
        updates = [gr.update(value=f"### {txt.label(k, lg)}") for k in heads]
        for comp, key in labelled.items():
            extra = {"choices": txt.choices(key, lg)} if key in txt.CHOICES else {}
            if comp is channels:
                extra = {"choices": [(CHANNEL_TITLES[c].get(lg), c) for c in CHANNELS]}
            elif comp in (swap_new, metric):
                extra = {"choices": views.catalog_choices(lg)}
            elif comp is swap_old:
                extra = {"choices": views.plan_kpi_choices(plan if isinstance(plan, Plan) else None, lg)}
            updates.append(gr.update(label=txt.label(key, lg), **extra))
        updates += [gr.update(value=txt.label(key, lg)) for key in buttons.values()]
        current = plan if isinstance(plan, Plan) else None
        # the words the tab wrote itself (status, cadence, KPI, suggested target) follow the language
        rows = fixed.translate_actions(views.actions_from_frame(grid), lg, current)
        grid_plan = Plan(name="grid", actions=rows)
        updates += [views.kpi_frame(current, lg), views.warnings_markdown(current, lg),
                    views.actions_frame(grid_plan, lg), views.objectives_markdown(current, lg),
                    h.version_list(plan_name, lg, request, chosen)]
        return updates

    if lang_radio is not None:
        lang_radio.change(relabel, [lang_radio, plan_state, actions, my_plans, version],
                          [*heads.values(), *labelled, *buttons, kpi_table, warnings, actions, objectives, version],
                          api_visibility="private")
    private = {"api_visibility": "private"}
    propose.click(h.propose, [objective, segment, offer, maturity, data, channels, name, plan_state, actions, lang_in,
                            business],
                  [plan_state, kpi_table, warnings, swap_old, actions, message, objectives], **private)
    swap_btn.click(h.swap, [plan_state, swap_old, swap_new, lang_in],
                   [plan_state, kpi_table, warnings, swap_old, message], **private)
    preset.change(h.preset, [preset, lang_in], [metric, baseline, target, unit, deadline, scope], **private)
    smart_inputs = [plan_state, metric, baseline, target, unit, deadline, owner, scope, lang_in]
    check_btn.click(h.check, smart_inputs, smart_out, **private)
    add_obj.click(h.add_objective, smart_inputs, [plan_state, smart_out, objectives], **private)
    fill_btn.click(h.fill, [plan_state, lang_in], actions, **private)
    save_btn.click(h.save, [plan_state, name, actions, lang_in],
                   [plan_state, message, my_plans, version], **private)
    refresh_btn.click(h.plan_list, my_plans, my_plans, **private)
    my_plans.change(h.version_list, [my_plans, lang_in], version, **private)
    open_btn.click(h.open, [my_plans, version, lang_in],
                   [plan_state, kpi_table, warnings, swap_old, name, actions, objectives, message,
                    objective, segment, offer, maturity, data, channels, business], **private)
    for btn, op in ((del_btn, "delete"), (dup_btn, "duplicate"), (ren_btn, "rename")):
        btn.click(h.store_op(op), [my_plans, new_name, lang_in], [message, my_plans], **private)
    for btn, kind in ((xlsx_btn, "xlsx"), (csv_btn, "csv"), (md_btn, "md")):
        btn.click(h.exporter(kind), [plan_state, name, actions, lang_in], [export_file, message],
                  **private)
    return store
