"""A calculator's inputs from this message first, then from the conversation — and how they were read, said back.

A figure in this message always wins over an earlier one ('and with 0 customers?' never reuses the 40 given
before). Figures taken from earlier messages or results are named in the read-back, never reused silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from assistant.offline.compose import pick, value_text
from assistant.offline.context import Ctx
from assistant.reader.fill import Filling, kinds_of, missing_required
from assistant.reader.reading import read
from assistant.reply import ReadBack, ReadInput
from tools.registry import get_tool

TEXTS = {
    "understood": ("I read: {items}.", "J'ai compris : {items}."),
    "corrected": ("Recalculated with your values: {items}.", "Recalculé avec vos valeurs : {items}."),
    "earlier": ("given earlier", "donné plus tôt"),
    "computed": ("computed earlier", "calculé plus tôt"),
    "unused": ("Not used in this calculation: {items}.", "Non utilisé dans ce calcul : {items}."),
}


tx = partial(pick, TEXTS)  # a template of this module's table in the user's language, filled in


@dataclass
class Gathered:
    """A calculator's inputs and where each came from."""

    tool: str
    here: Filling
    inputs: dict[str, Any] = field(default_factory=dict)
    earlier: dict[str, str] = field(default_factory=dict)  # input -> 'earlier' or 'computed'

    @property
    def missing(self) -> list[str]:
        """Required inputs still missing."""
        return missing_required(self.tool, self.inputs)


def gather(ctx: Ctx, tool: str, skip: set[int] | None = None, memory: bool = True,
           without: frozenset[str] = frozenset()) -> Gathered:
    """The calculator's inputs: this message's figures, then KPI values known, then earlier messages' figures
    (none for the inputs `without`)."""
    here = ctx.a.fill(tool, skip, without=without)
    g = Gathered(tool=tool, here=here, inputs=dict(here.inputs))
    if not memory or not g.missing:
        return g
    fields = get_tool(tool).kinds()
    for kpi, record in ctx.mem.kpi_values().items():  # 'CAC 80 €' computed before fills clv_cac_ratio.cac
        for name in get_tool(kpi).kpi.value_is if kpi in _calculators() else ():
            if name in fields and name not in g.inputs and kpi != tool:
                g.inputs[name] = record
                g.earlier[name] = "earlier" if ctx.mem.was_stated(kpi) else "computed"
    for message in reversed(ctx.mem.messages):  # the most recent message first
        if not g.missing:
            break
        earlier = read(message, ctx.lang).fill(tool, positional=False)
        for name in g.missing:
            if name in earlier.inputs:
                g.inputs[name] = earlier.inputs[name]
                g.earlier[name] = "earlier"
    last = ctx.mem.last
    if g.earlier and last and last["tool"] == tool:
        # a follow-up of the same calculation keeps its optional inputs too ('and on our 100 €/month plan?' keeps
        # the gross margin of the payback before)
        defaults = get_tool(tool).input_model.model_fields
        for name, value in last["inputs"].items():
            if name not in g.inputs and name in fields and isinstance(value, (int, float)) \
                    and not isinstance(value, bool) and value != defaults[name].default:
                g.inputs[name] = value
                g.earlier[name] = "earlier"
    if g.missing and last and last["tool"] != tool:
        for name in g.missing:
            value = last["inputs"].get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                g.inputs[name] = value
                g.earlier[name] = "earlier"
    return g


def _calculators() -> set[str]:
    from assistant.reader.reading import plain_calculators

    return set(plain_calculators())


def input_text(tool: str, name: str, value: Any, lang: str, currency: str | None, money: bool = False) -> str:
    """'dépenses marketing 2 400 €' — one input as the user reads it (`money`: an amount given in a currency)."""
    kind = kinds_of(tool).get(name)
    unit = currency or "EUR" if kind == "money" or money else ("%" if kind == "%" else None)
    if kind in ("days", "months", "hours"):
        unit = kind
    title = get_tool(tool).field_title(name, lang)
    return f"{title[:1].lower() + title[1:] if not title[:3].isupper() else title} {value_text(value, unit, lang)}"


def _source(g: Gathered, name: str, notes: dict) -> str:
    if name in g.earlier:
        return g.earlier[name]
    if name in notes:
        return "derived"
    return "position" if name in g.here.by_position else "question"


def readback(ctx: Ctx, g: Gathered) -> str:
    """'J'ai compris : dépenses marketing 2 400 €, nouveaux clients 32 (…)' — how the question was read; the same
    reading goes into the reply as data, for the app to show it editable."""
    items = []
    notes = {name: explain for name, explain in g.here.derived}
    currency = ctx.currency
    spec = get_tool(g.tool)
    kinds = kinds_of(g.tool)
    read_inputs = []
    for name in spec.input_model.model_fields:
        if name not in g.inputs or name == "currency" or not isinstance(g.inputs[name], (int, float)):
            continue
        fig = g.here.figure_of.get(name)
        money = kinds.get(name) == "amount" and fig is not None and ctx.a.nums[fig].unit == "currency"
        item = input_text(g.tool, name, g.inputs[name], ctx.lang, currency, money)
        if name in g.earlier and g.earlier[name] != "edited":
            item += f" ({tx(g.earlier[name], ctx.lang)})"
        items.append(item)
        unit = (currency or "EUR") if kinds.get(name) == "money" or money else (
            kinds.get(name) if kinds.get(name) in ("%", "days", "months", "hours") else None)
        parts = _parts(ctx, g, name) if name in notes else [  # derived, or amounts added up ('450 € + 150 €')
            float(ctx.a.nums[i].value) for i in g.here.sums.get(name, [])]
        read_inputs.append(ReadInput(field=name, title=spec.field_title(name, ctx.lang), value=float(g.inputs[name]),
                                     unit=unit, source=_source(g, name, notes), parts=parts))
    ctx.turn.reading = ReadBack(tool=g.tool, title=spec.title(ctx.lang), inputs=read_inputs)
    corrected = bool(g.earlier) and set(g.earlier.values()) == {"edited"}
    line = tx("corrected" if corrected else "understood", ctx.lang, items=", ".join(items)) if items else ""
    for name, text in notes.items():
        if name in g.inputs:
            line += "\n_" + _derivation_sentence(ctx, g, name, text) + "_"
    for name, parts in g.here.sums.items():  # '450 € + 150 € = 600 €': the amounts added up
        if name in g.inputs and name not in g.earlier:
            money = currency or "EUR"
            shown = " + ".join(value_text(ctx.a.nums[i].value, money, ctx.lang) for i in parts)
            line += (f"\n_{spec.field_title(name, ctx.lang)} = {shown} = "
                     f"{value_text(g.inputs[name], money, ctx.lang)}_")
    return line


def _parts(ctx: Ctx, g: Gathered, name: str) -> list[float]:
    d = next(d for d in get_tool(g.tool).kpi.derive if d.field == name)
    return [float(ctx.a.nums[g.here.figure_of[a]].value) for a in d.args if a in g.here.figure_of]


def _derivation_sentence(ctx: Ctx, g: Gathered, name: str, text: Any) -> str:
    decl = get_tool(g.tool).kpi
    d = next(d for d in decl.derive if d.field == name)
    values = [ctx.a.nums[g.here.figure_of[a]].value if a in g.here.figure_of and a != name or (
        a == name and a in g.here.figure_of) else g.here.inputs.get(a, 0) for a in d.args]
    kinds = kinds_of(g.tool)
    currency = ctx.currency

    def show(arg: str, v: Any) -> str:
        return value_text(v, (currency or "EUR") if kinds.get(arg) == "money" else None, ctx.lang)

    parts = {key: show(arg, v) for key, arg, v in zip("abc", d.args, values, strict=False)}
    sentence = text.get(ctx.lang).format(result=show(name, g.inputs[name]), **{"c": "", **parts})
    for arg, v in zip(d.args, values, strict=False):  # an optional figure not given is left out, not shown as 0
        if arg in d.optional and arg not in g.here.figure_of:
            sentence = re.sub(rf"\s*[+−-]\s*{re.escape(show(arg, v))}\s+[^\s=−+]+", "", sentence, count=1)
    return sentence


def unused_figures(ctx: Ctx, used: set[int]) -> str:
    """The figures of the message no calculation used, named as written (so nothing is silently dropped)."""
    shown = []
    written = []
    used = used | ctx.used  # and those of every calculation this turn ran (a CLV behind a CAC's verdict)
    for f in ctx.a.figures:
        if f.index in used or f.num.implicit:
            continue
        other = f.best(("other",))
        if other is not None and other.target[1] == "kpis":
            continue  # '5 à 7 KPI' counts KPIs, it is not a figure
        written.append(_as_written(ctx, f.index))
        shown.append(f"« {written[-1]} »" if ctx.lang == "fr" else f"“{written[-1]}”")
    line = tx("unused", ctx.lang, items=", ".join(shown)) if shown else ""
    if ctx.turn.reading is not None:
        ctx.turn.reading.unused = written
    return "" if line in ctx.turn.blocks else line  # a judged calculation has already named them


def _as_written(ctx: Ctx, index: int) -> str:
    """The number as the user wrote it, with the word that follows it ('30 sales reps', '150 € d'outils')."""
    n = ctx.a.nums[index]
    tail = re.match(r"\s*(?:(?:de|d'|of|en|in)\s*)?[\w'’-]+(?:\s+[\w'’-]+)?", ctx.a.converted[n.end:])
    return (n.text + (tail.group(0).rstrip() if tail else "")).strip()
