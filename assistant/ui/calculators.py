"""The Calculators tab: one form per tool, generated from the registry, with what-if and reverse solve."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import gradio as gr

from assistant.ui.render import FieldSpec, collect_inputs, error_markdown, form_spec, result_markdown, tool_choices
from assistant.ui.texts import t
from assistant.ui.typed_numbers import format_number, parse_number
from tools.registry import ToolInputError, get_tool, run_tool

_NUMERIC = ("number", "integer")


def calculate(tool_id: str, fields: list[FieldSpec], values: list[Any], lang: str) -> str:
    """Run one tool from form values (numbers read in `lang`); the result or the tool's message as Markdown."""
    try:
        raw = collect_inputs(fields, values, lang)
        result = run_tool(tool_id, raw).contract()
    except ToolInputError as err:
        return error_markdown(err.message(lang), lang)
    return result_markdown(result, lang, get_tool(tool_id).title(lang))


def calculated(tool_id: str, inputs: dict[str, Any], lang: str) -> str:
    """The result of a tool for inputs already typed (the chat's figures opened here), or its message."""
    try:
        result = run_tool(tool_id, inputs).contract()
    except ToolInputError as err:
        return error_markdown(err.message(lang), lang)
    return result_markdown(result, lang, get_tool(tool_id).title(lang))


def _meta(meta_tool: str, tool_id: str, fields: list[FieldSpec], values: list[Any], extra: dict, lang: str) -> str:
    """Run what_if / solve_for on the inputs currently in the form."""
    if not extra.get("field"):
        return error_markdown(t("pick_field", lang), lang)
    try:
        inputs = collect_inputs(fields, values, lang)
        extra = {k: parse_number(v, lang, k) if k in ("new_value", "target") and isinstance(v, str) else v
                 for k, v in extra.items()}
        result = run_tool(meta_tool, {"tool": tool_id, "inputs": inputs, **extra}).contract()
    except ToolInputError as err:
        return error_markdown(err.message(lang), lang)
    return result_markdown(result, lang, get_tool(meta_tool).title(lang))


def what_if(tool_id: str, fields: list[FieldSpec], values: list[Any], field: str, new_value: Any, lang: str) -> str:
    """Old vs new value when one input changes."""
    return _meta("what_if", tool_id, fields, values, {"field": field, "new_value": new_value}, lang)


def solve_for(tool_id: str, fields: list[FieldSpec], values: list[Any], field: str, target: Any, lang: str) -> str:
    """The value of one input that reaches a target."""
    return _meta("solve_for", tool_id, fields, values, {"field": field, "target": target}, lang)


def _component(field: FieldSpec, tool_id: str, lang: str, filled: dict | None = None) -> gr.components.Component:
    """The Gradio input for one field. Limits are left to the tool, whose message names the field and the rule.

    `filled` ({"values", "key"}) comes from the chat's "Open in the calculator": its values replace the defaults,
    under keys of their own (Gradio keeps a keyed component's value across redraws, which would hide them)."""
    need = t("required", lang) if field.required else t("optional", lang)
    label = f"{field.label} ({need})"
    info = field.info if lang == "en" else ""  # the tools describe their fields in English only (for the LLM too)
    key = f"{tool_id}:{field.name}" + (f":{filled['key']}" if filled else "")
    if filled and field.name in filled["values"]:
        field = replace(field, default=filled["values"][field.name])
    if field.kind in _NUMERIC:
        # text, not a browser number field (which turned "1 200,50" into 120050): read in the UI's language
        default = field.default if isinstance(field.default, int | float) else None
        return gr.Textbox(value=format_number(default, lang), label=label, info=info, key=key, lines=1, max_lines=1,
                          elem_id=f"calc-{field.name}")
    if field.kind == "boolean":
        return gr.Checkbox(value=bool(field.default), label=field.label, info=info, key=key)
    if field.kind == "choice":
        return gr.Dropdown(choices=list(field.choices), value=field.default, label=label, info=info, key=key)
    if field.kind == "table":
        datatype = ["number" if k in _NUMERIC else "str" for k in field.column_kinds]
        # Blank rows to type into (a table with no rows shows only its header); blank rows are ignored.
        blank = [[None if k in _NUMERIC else "" for k in field.column_kinds] for _ in range(4)]
        return gr.Dataframe(value=blank, headers=list(field.columns), datatype=datatype, label=label,
                            interactive=True, type="array", key=key, elem_id=f"calc-{field.name}")
    hint = {"json": t("json_hint", lang), "numbers": t("list_hint", lang)}.get(field.kind, "")
    value = field.default if isinstance(field.default, str) else None
    return gr.Textbox(value=value, label=label, info=f"{info} {hint}".strip(), key=key, elem_id=f"calc-{field.name}",
                      lines=3 if field.kind == "json" else 1)


def _with_tool_choices(fields: list[FieldSpec], lang: str) -> list[FieldSpec]:
    """The meta tools' `tool` field (what_if, solve_for) as a list of the calculators rather than free text."""
    ids = tuple(value for _, value in tool_choices(lang) if get_tool(value).family != "meta")
    return [replace(f, kind="choice", choices=ids) if f.name == "tool" and f.kind == "text" else f for f in fields]


def _meta_sections(spec_id: str, fields: list[FieldSpec], comps: list, lang: str) -> None:
    """What-if and reverse-solve accordions for an ordinary tool (not for the meta tools themselves)."""
    numeric = [(f.label, f.name) for f in fields if f.kind in _NUMERIC]
    if not numeric:
        return
    # (run function, text key prefix, value label key, element id stem, value element id suffix)
    for run, key, value_key, stem, value_id in ((what_if, "what_if", "new_value", "calc-what-if", "value"),
                                                (solve_for, "solve", "target", "calc-solve", "target")):
        with gr.Accordion(t(key, lang), open=False, elem_id=stem):
            gr.Markdown(t(f"{key}_help", lang))
            with gr.Row():
                field = gr.Dropdown(choices=numeric, value=numeric[0][1], label=t(f"{key}_field", lang))
                value = gr.Textbox(label=t(value_key, lang), lines=1, max_lines=1, elem_id=f"{stem}-{value_id}")
            button = gr.Button(t(f"run_{key}", lang), elem_id=f"{stem}-run")
            out = gr.Markdown(elem_id=f"{stem}-result")
        button.click(lambda f, v, *vals, run=run: run(spec_id, fields, list(vals), f, v, lang),
                     [field, value, *comps], out, api_visibility="private")


def build_calculators_tab(lang: gr.components.Component, initial_lang: str = "en",
                          prefill: gr.State | None = None) -> gr.Dropdown:
    """The tab's content inside the current Blocks context; `lang` is the app's language control. `prefill` (a
    {"tool", "values", "key"} state set by the chat's "Open in the calculator") fills the form of its calculator
    and shows the result."""
    first = tool_choices(initial_lang)[0][1]
    tool_dd = gr.Dropdown(choices=tool_choices(initial_lang), value=first, label=t("tool", initial_lang),
                          elem_id="calc-tool", filterable=True)

    lang.change(lambda lg, current: gr.update(choices=tool_choices(lg), value=current, label=t("tool", lg)),
                [lang, tool_dd], tool_dd, api_visibility="private")

    @gr.render(inputs=[tool_dd, lang] + ([prefill] if prefill is not None else []))
    def _form(tool_id: str, lang_value: str, fill: dict | None = None) -> None:
        spec = get_tool(tool_id or first)
        filled = fill if isinstance(fill, dict) and fill.get("tool") == spec.id else None
        fields = _with_tool_choices(form_spec(spec, lang_value), lang_value)
        gr.Markdown(f"**{spec.title(lang_value)}** — {spec.description(lang_value)}", elem_id="calc-description")
        with gr.Group():
            comps = [_component(f, spec.id, lang_value, filled) for f in fields]
        button = gr.Button(t("calculate", lang_value), variant="primary", elem_id="calc-run")
        shown = calculated(spec.id, filled["values"], lang_value) if filled else None
        out = gr.Markdown(shown, elem_id="calc-result")
        button.click(lambda *vals: calculate(spec.id, fields, list(vals), lang_value), comps, out,
                     api_visibility="private")
        if spec.family != "meta":
            _meta_sections(spec.id, fields, comps, lang_value)

    return tool_dd
