"""The read-back panel under the chat: the figures the last calculation read, each with the input it went to, editable;
Recompute (one click) and Open in the calculator. Its rules are in readback.py and correction.py (pure)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.session import Session
from assistant.ui.correction import calculator_values, recompute_turn, revision, stored
from assistant.ui.history import RefusedHistory
from assistant.ui.readback import (
    MAX_ROWS,
    NOT_USED,
    CorrectionRefused,
    field_choices,
    panel_rows,
    reading_currency,
    row_note,
    swapped,
)
from assistant.ui.stored import keep_session, open_session
from assistant.ui.texts import t

CSS = """
#readback .column { gap: 6px; }
#readback .readback-row { gap: 10px; align-items: center; flex-wrap: nowrap; }
#readback [id^="readback-field-"] { flex: 0 1 300px !important; }
#readback [id^="readback-value-"] { flex: 0 1 160px !important; }
#readback .readback-row > .readback-note { flex: 1 1 200px; }
#readback .readback-note, #readback .readback-note p { margin: 0; font-size: var(--text-sm);
  color: var(--body-text-color-subdued); line-height: 1.3; }
#readback-help p { margin: 0; font-size: var(--text-sm); }
"""


@dataclass
class Panel:
    """The panel's components; `shown` keeps, per page, what the rows show (tool, language, each row's field)."""

    box: gr.Accordion
    help: gr.Markdown
    rows: list[gr.Row]
    fields: list[gr.Dropdown]
    values: list[gr.Textbox]
    notes: list[gr.Markdown]
    recompute: gr.Button
    open_calc: gr.Button
    message: gr.Markdown
    shown: gr.State

    def outputs(self) -> list[Any]:
        """Everything a redraw updates, in the order `frame` returns it."""
        return [self.box, self.help, *self.rows, *self.fields, *self.values, *self.notes, self.recompute,
                self.open_calc, self.message, self.shown]

    def edits(self) -> list[Any]:
        """What the user edits, for Recompute and Open in the calculator: `shown`, the fields, the values."""
        return [self.shown, *self.fields, *self.values]


def build_panel(lang: str) -> Panel:
    """The panel inside the current Blocks, hidden until a calculation is answered."""
    with gr.Accordion(t("rb_title", lang).format(title=""), open=True, visible=False, elem_id="readback") as box:
        help_text = gr.Markdown(t("rb_help", lang), elem_id="readback-help")
        rows, fields, values, notes = [], [], [], []
        for i in range(MAX_ROWS):
            with gr.Row(visible=False, equal_height=True, elem_classes=["readback-row"],
                        elem_id=f"readback-row-{i}") as row:
                # Hidden labels: what a screen reader (and a browser test) calls each row's two controls.
                fields.append(gr.Dropdown(choices=[], value=None, label=t("rb_row_input", lang).format(n=i + 1),
                                          show_label=False, container=False, scale=3, min_width=120,
                                          filterable=False, elem_id=f"readback-field-{i}"))
                values.append(gr.Textbox(label=t("rb_row_value", lang).format(n=i + 1), show_label=False,
                                         container=False, scale=2, min_width=90, max_lines=1,
                                         elem_id=f"readback-value-{i}"))
                notes.append(gr.Markdown(elem_classes=["readback-note"], elem_id=f"readback-note-{i}", scale=4))
            rows.append(row)
        with gr.Row():
            recompute = gr.Button(t("rb_recompute", lang), variant="primary", size="sm", scale=0, min_width=140,
                                  elem_id="readback-recompute")
            open_calc = gr.Button(t("rb_open", lang), size="sm", scale=0, min_width=200, elem_id="readback-open")
        message = gr.Markdown(elem_id="readback-message")
    return Panel(box, help_text, rows, fields, values, notes, recompute, open_calc, message, gr.State(None))


def frame(session: Session, shown: dict | None) -> list[Any]:
    """The panel's updates for this session's stored read-back; nothing is sent when it did not change."""
    shown = shown or {}
    skip = [gr.skip()] * (3 * MAX_ROWS + MAX_ROWS + 5)
    rev = revision(session)
    if rev == shown.get("revision"):
        return [*skip, gr.skip()]
    kept = stored(session)
    if kept is None:
        if not shown.get("count"):
            return [*skip, {"revision": rev}]
        return [gr.update(visible=False), *skip[1:], {"revision": rev}]
    reading, lang, _ = kept
    rows = panel_rows(reading, lang)
    currency = reading_currency(reading)
    choices = field_choices(reading.tool, lang)
    visible, fields, values, notes = [], [], [], []
    for i in range(MAX_ROWS):
        if i >= len(rows):
            visible.append(gr.update(visible=False))
            fields.append(gr.skip())
            values.append(gr.skip())
            notes.append(gr.skip())
            continue
        row = rows[i]
        visible.append(gr.update(visible=True))
        fields.append(gr.update(choices=choices, value=row.field, label=t("rb_row_input", lang).format(n=i + 1)))
        values.append(gr.update(value=row.value, placeholder=t("rb_add", lang) if row.origin == "spare" else None,
                                label=t("rb_row_value", lang).format(n=i + 1)))
        notes.append(row_note(reading.tool, row.field, row.origin, lang, currency, row.written, row.parts))
    state = {"revision": rev, "tool": reading.tool, "lang": lang, "currency": currency, "count": len(rows),
             "fields": [r.field for r in rows], "origins": [r.origin for r in rows],
             "written": [r.written for r in rows], "parts": [list(r.parts) for r in rows]}
    return [gr.update(visible=True, open=True, label=t("rb_title", lang).format(title=reading.title)),
            t("rb_help", lang), *visible, *fields, *values, *notes, gr.update(value=t("rb_recompute", lang)),
            gr.update(value=t("rb_open", lang)), "", state]


def edited_rows(shown: dict | None, values: list[Any]) -> list[tuple[str, str]]:
    """The shown rows as (field, typed value): `values` is the fields then the values of every row slot."""
    count = int((shown or {}).get("count") or 0)
    fields, typed = values[:MAX_ROWS], values[MAX_ROWS:]
    return [(fields[i] or NOT_USED, str(typed[i] or "")) for i in range(min(count, MAX_ROWS))]


def wire_swaps(panel: Panel) -> None:
    """Moving a figure to another input gives that input's figure the row's old input (a swap)."""
    for index, dropdown in enumerate(panel.fields):
        dropdown.input(lambda shown, new, i=index: _swap(shown, i, new), [panel.shown, dropdown],
                       [*panel.fields, *panel.notes, panel.shown], api_visibility="private", queue=False)


def _swap(shown: dict | None, index: int, new: str | None) -> list[Any]:
    shown = dict(shown or {})
    old_fields = list(shown.get("fields") or [])
    if index >= len(old_fields):
        return [gr.skip()] * (2 * MAX_ROWS) + [gr.skip()]
    fields = swapped(old_fields, index, new or NOT_USED, old_fields[index])
    shown["fields"] = fields
    dropdowns, notes = [gr.skip()] * MAX_ROWS, [gr.skip()] * MAX_ROWS
    for j, (before, after) in enumerate(zip(old_fields, fields, strict=True)):
        if before != after or j == index:
            if j != index:
                dropdowns[j] = gr.update(value=after)
            notes[j] = row_note(shown["tool"], after, shown["origins"][j], shown["lang"], shown.get("currency"),
                                shown["written"][j], tuple(shown["parts"][j]))
    return [*dropdowns, *notes, shown]


def connect_panel(panel: Panel, chatbot: gr.Chatbot, engine: Any, scope: Any, workers: int) -> Callable[..., list]:
    """Recompute (the corrected figures as a new chat turn) and the swaps; returns the panel's redraw, to chain
    after every event that changes the session (a chat turn, a clear, the page load)."""

    def refresh(shown: dict | None, request: gr.Request) -> list:
        return frame(open_session(scope, request), shown)

    def recompute(request: gr.Request, history: list, shown: dict | None, *values: Any):  # request first: *values
        if isinstance(history, RefusedHistory):
            return gr.skip(), f"⚠️ {history.reason.get('en')} / {history.reason.get('fr')}"
        session = open_session(scope, request)
        shown_history, message = recompute_turn(engine, session, list(history or []), edited_rows(shown, values))
        if message:  # nothing changed: the figures stay in the panel, to fix
            return gr.skip(), message
        keep_session(scope, session, shown_history)
        return shown_history, ""

    wire_swaps(panel)
    panel.recompute.click(recompute, [chatbot, *panel.edits()], [chatbot, panel.message], api_visibility="private",
                          concurrency_limit=workers).then(refresh, panel.shown, panel.outputs(),
                                                          api_visibility="private")
    return refresh


def connect_calculator(panel: Panel, scope: Any, prefill: gr.State, tool: gr.Dropdown, tabs: gr.Tabs,
                       tab_id: str = "calculators") -> None:
    """'Open in the calculator': the Calculators tab gets the panel's calculator and its figures as corrected,
    and is shown; a value that is not a number gives the panel's message instead."""

    def open_calculator(request: gr.Request, shown: dict | None, *values: Any):  # request first: *values
        try:
            tool_id, inputs = calculator_values(open_session(scope, request), edited_rows(shown, values))
        except CorrectionRefused as err:
            return f"⚠️ {err.message((shown or {}).get('lang') or 'en')}", gr.skip(), gr.skip(), gr.skip()
        return "", {"tool": tool_id, "values": inputs, "key": uuid.uuid4().hex[:8]}, tool_id, gr.Tabs(selected=tab_id)

    panel.open_calc.click(open_calculator, panel.edits(), [panel.message, prefill, tool, tabs],
                          api_visibility="private")
