"""What-if: change one input of the last calculation (or of the one the question describes) via the what_if tool.

The input that changes is the one the figure's words name in that calculator ('20 customers', 'le stand 3 000 €
moins cher'); the change is read from the words around it: 'to 2 000' sets it, 'cut by 20 %' and '3 000 € moins
cher' move it, 'double' multiplies it. All these words are data (lexicon.yaml, the declarations).
"""

from __future__ import annotations

from typing import Any

from assistant.offline.calc import choose
from assistant.offline.compose import formula_text, t, value_text, verdict_text
from assistant.offline.context import Ctx
from assistant.reader.bind import Figure, compatible
from assistant.reader.fill import Filling, derive, kinds_of
from tools.registry import get_tool

_MULTIPLIERS = (("double", 2.0), ("triple", 3.0), ("halve", 0.5))
CLAUSE_REACH = 6  # tokens from a change verb to the figure it changes, in one clause
NEAR = 4  # tokens between a change word and its figure


def _base(ctx: Ctx) -> tuple[str, dict[str, Any], set[int]] | None:
    """The calculation to change: the one this message describes when its figures complete one (with a figure
    left over for the change), else the last one."""
    figs = [f for f in ctx.a.figures if not f.num.implicit]
    if len(figs) >= 2 or (figs and ctx.mem.last is None):
        g = choose(ctx)
        # complete with this message's own figures: one that borrows earlier figures is a change to the last one;
        # a figure is left over for the change unless a multiplier word is the change ('if I double the budget')
        spare = 0 if any(ctx.a.has(cue) for cue, _ in _MULTIPLIERS) else 1
        if g is not None and not g.missing and not g.earlier and len(g.here.used) + spare <= len(figs):
            return g.tool, g.inputs, set(g.here.used)
    last = ctx.mem.last
    if last is None:
        return None
    return last["tool"], dict(last["inputs"]), set()


def _through_derivation(tool: str, inputs: dict[str, Any], aux: dict[str, Any], name: str,
                        new: float) -> tuple[str, float] | None:
    """A change to a figure behind an input ('bounces drop to 200' behind delivered): the input's new value."""
    for d in get_tool(tool).kpi.derive:
        if name in d.args and d.field in inputs:
            values = {**aux, name: new}
            out = Filling(tool, inputs=values, figure_of=dict.fromkeys(values, 0))
            derive(out)
            if d.field in out.inputs:
                return d.field, out.inputs[d.field]
    return None


def _near(ctx: Ctx, cue: str, token: int) -> bool:
    """A change word next to the figure, or the verb of its clause before it ('je baisse le budget pub de 20 %')."""
    toks = ctx.a.toks
    return any(abs(m.start - token) <= NEAR or abs(m.end - 1 - token) <= NEAR or (
        m.end <= token <= m.end + CLAUSE_REACH
        and not any(toks[k].num is not None or toks[k].ends_clause for k in range(m.end, token)))
        for m in ctx.a.cues(cue))


def _sets(ctx: Ctx, token: int) -> bool:
    """'to 2 000', 'passe à 30 %': a set word right before the figure."""
    return any(m.end == token or (m.end < token and all(ctx.a.toks[k].is_function for k in range(m.end, token)))
               for m in ctx.a.cues("set"))


def _change_of(ctx: Ctx, tool: str, inputs: dict[str, Any], fig: Figure) -> tuple[str, float] | None:
    """(input, new value) for one figure of the question, or None when it changes nothing of this calculator (a
    figure repeated as it was, '(same 4,180 opens)', changes nothing)."""
    change = _raw_change(ctx, tool, inputs, fig)
    if change is None or change[1] == inputs.get(change[0]):
        return None
    return change


def _raw_change(ctx: Ctx, tool: str, inputs: dict[str, Any], fig: Figure) -> tuple[str, float] | None:
    kinds = kinds_of(tool)
    inputs = {n: v for n, v in inputs.items() if isinstance(v, int | float) and not isinstance(v, bool)}  # not None
    scored = [(fig.score_for(("field", tool, name)), name) for name in inputs if name in kinds]
    # a percentage may move any amount or count ('cut the budget by 20 %'); other notations must fit the input
    scored = [(s, n) for s, n in scored
              if s > 0 and (fig.num.unit == "%" or compatible(fig.num, kinds[n]) is not None)]
    if scored:
        name = max(scored)[1]
    else:  # 'et avec 30 ?': the one input this bare figure fits
        fits = [n for n in inputs if n in kinds and compatible(fig.num, kinds[n]) is not None
                and (f := get_tool(tool).input_model.model_fields.get(n)) is not None and f.is_required()]
        if len(fits) > 1 and fig.num.unit is None:
            fits = [n for n in fits if kinds[n] == "count"] or fits
        if len(fits) != 1:
            return None
        name = fits[0]
    old = float(inputs[name])
    size = abs(fig.num.value)
    down = _near(ctx, "down", fig.token) or fig.num.value < 0
    up = _near(ctx, "up", fig.token)
    sets = _sets(ctx, fig.token)
    relative = fig.num.unit == "%" and not sets and (down or up or kinds[name] != "%")
    if relative:  # 'cut by 20 %', '+10 %' of an amount
        return name, old * (1 - size / 100) if down else old * (1 + size / 100)
    if sets or not (down or up):
        return name, fig.num.value
    return name, old - size if down else old + size


def _added_aux(tool: str, aux: dict[str, Any], fig: Figure) -> tuple[str, float] | None:
    """A figure behind an input said now for the first time ('il y a eu 480 bounces' after sends and opens)."""
    declared = get_tool(tool).kpi.aux
    named = [(fig.score_for(("field", tool, n)), n) for n in declared if n not in aux
             and fig.score_for(("field", tool, n)) > 0 and compatible(fig.num, declared[n].kind) is not None]
    return (max(named)[1], fig.num.value) if named else None


def _multiplier_change(ctx: Ctx, tool: str, inputs: dict[str, Any]) -> tuple[str, float] | None:
    """'double the budget', 'divise par deux les dépenses': the input named, times the multiplier."""
    for cue, factor in _MULTIPLIERS:
        if ctx.a.has(cue):
            named = [m.target[2] for m in ctx.a.mentions if m.target[0] == "field" and m.target[1] == tool
                     and m.target[2] in inputs]
            # 'and if I halve it?': the input the last what-if changed
            changed = (ctx.mem.last or {}).get("changed")
            named = named or ([changed] if changed in inputs else [])
            if named:
                return named[0], float(inputs[named[0]]) * factor
    return None


def what_if(ctx: Ctx) -> None:
    """Change one input of a calculation and show the effect, with the new value's verdict."""
    base = _base(ctx)
    if base is None:
        ctx.turn.say(t("whatif_no_base", ctx.lang))
        return
    tool, inputs, used = base
    last = ctx.mem.last or {}
    aux = dict(last.get("aux") or {}) if last.get("tool") == tool else {}  # the figures behind its inputs
    change = None
    for fig in [f for f in ctx.a.figures if f.index not in used][::-1]:
        change = _change_of(ctx, tool, inputs, fig)
        behind = max((c for c in (_change_of(ctx, tool, aux, fig), _added_aux(tool, aux, fig)) if c),
                     key=lambda c: fig.score_for(("field", tool, c[0])), default=None) if aux else None
        if behind and (change is None or fig.score_for(("field", tool, behind[0])) >
                       fig.score_for(("field", tool, change[0]))):
            change = _through_derivation(tool, inputs, aux, *behind)
            if change:
                aux[behind[0]] = behind[1]  # kept for the next what-if
        if change:
            break
    change = change or _multiplier_change(ctx, tool, inputs)
    if change is None:
        ctx.turn.say(t("whatif_which", ctx.lang, tool=get_tool(tool).title(ctx.lang)))
        return
    field, new = change
    new = round(new) if kinds_of(tool).get(field) == "count" else round(new, 6)
    clean = {k: v for k, v in inputs.items() if v is not None}
    result = ctx.run("what_if", {"tool": tool, "inputs": clean, "field": field, "new_value": new})
    if result is None:
        return
    d = result.details
    spec = get_tool(tool)
    unit = d.get("kpi_unit")
    in_unit = (ctx.currency or "EUR") if kinds_of(tool).get(field) == "money" else (
        "%" if kinds_of(tool).get(field) == "%" else None)
    ctx.turn.say(t("whatif_result", ctx.lang, field=spec.field_title(field, ctx.lang),
                   old_in=value_text(d.get("old_input"), in_unit, ctx.lang),
                   new_in=value_text(d.get("new_input"), in_unit, ctx.lang), tool=spec.title(ctx.lang),
                   old=value_text(d.get("old_value"), unit, ctx.lang),
                   new=value_text(d.get("new_value"), unit, ctx.lang),
                   change=("+" if (result.value or 0) > 0 else "") + value_text(result.value, "%", ctx.lang)))
    old_f, new_f = (formula_text(result.model_copy(update={"tool": tool, "formula": d.get(k) or ""}), ctx.lang)
                    for k in ("old_formula", "new_formula"))
    ctx.turn.say(f"`{old_f}`\n`{new_f}`")
    for w in result.warnings:
        ctx.turn.say(f"⚠️ {w.get(ctx.lang)}")
    if result.verdict is not None:
        ctx.turn.say(verdict_text(result, ctx.lang))
    ctx.mem.set_last(tool, {**clean, field: new})
    ctx.mem.last["changed"] = field
    if aux:
        ctx.mem.last["aux"] = aux
    ctx.mem.remember_kpi(tool, d.get("new_value"), unit)
