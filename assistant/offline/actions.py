"""Handlers that run calculators: compute, note a figure, health, follow-up answers to a question back."""

from __future__ import annotations

import re
from typing import Any

from assistant.offline import transitions, unit_sales
from assistant.offline.compose import field_list, pitfall_lines, result_text, t, value_text, verdict_text
from assistant.offline.context import FIELD_OF_KPI, META_TOOLS, Ctx
from assistant.offline.cues import GUIDANCE
from assistant.offline.slots import map_numbers, missing_required, numeric_tools, tool_fields
from assistant.offline.tool_choice import best_variant, choose_tool, fill_from_memory, loose_figures
from tools.base import KpiResult
from tools.health_tool import UNITS as HEALTH_UNITS
from tools.registry import get_tool

_WIN_RATE = re.compile(r"\bwin rate|\bclose rate|closing rate|taux de (?:closing|signature|gain)|deals? won"
                       r"|\bopportunit")
_WIN_RATE_NOTE = ("_Win rate = deals won ÷ opportunities: the conversion rate of the opportunity stage._",
                  "_Taux de closing = affaires signées ÷ opportunités : le taux de conversion de l'étape "
                  "opportunité._")


def memory_note(ctx: Ctx, tool_id: str, inputs: dict[str, Any], names: list[str]) -> None:
    """Say which remembered figures a calculation used."""
    if names:
        spec = get_tool(tool_id)
        kinds = {f.name: f.kind for f in tool_fields(tool_id)}
        money = inputs.get("currency") or "EUR"
        items = ", ".join(f"{spec.field_title(n, ctx.lang)} = "
                          f"{value_text(inputs[n], money if kinds.get(n) == 'money' else None, ctx.lang)}"
                          for n in names)
        ctx.turn.say(t("from_memory", ctx.lang, items=items))


def ask_missing(ctx: Ctx, intent: str, tool_id: str, inputs: dict[str, Any], missing: list[str],
                extra: dict | None = None) -> None:
    """Ask for the missing inputs by their titles, and remember the calculation until they come."""
    plural = len(missing) > 1
    ctx.turn.say(t("ask", ctx.lang, tool=get_tool(tool_id).title(ctx.lang), fields=field_list(tool_id, missing,
                                                                                               ctx.lang),
                   are="are" if plural else "is", s="s" if plural else ""))
    ctx.mem.set_pending(intent, tool_id, inputs, missing, extra)


def present(ctx: Ctx, result: KpiResult, pitfalls: bool = True) -> None:
    """Value, formula, verdict and one or two pitfalls from the knowledge base."""
    judged = result.inputs.get("kpi") if result.tool == "kpi_health" else None
    ctx.turn.say(result_text(result, ctx.lang, title=get_tool(judged).title(ctx.lang) if judged else None))
    ctx.turn.say(verdict_text(result, ctx.lang))
    kpi = result.tool
    if judged or kpi not in META_TOOLS:  # a health check is about its KPI; a solve's value is an input, not a KPI
        ctx.mem.remember_kpi(judged or kpi, result.value, result.unit)
    if kpi in FIELD_OF_KPI and result.value is not None:
        ctx.mem.remember_fields({FIELD_OF_KPI[kpi]: result.value})
    if pitfalls and kpi not in META_TOOLS:
        hits = ctx.search(f"{get_tool(kpi).title(ctx.lang)} pitfalls", k=2, kpi=kpi, kind="pitfall")
        ctx.turn.say(pitfall_lines(ctx.turn, hits))


def compute(ctx: Ctx) -> None:
    """Run the calculator the question names (or implies) with the numbers given."""
    tool_id, inputs = choose_tool(ctx, skip=set(ctx.stated.values()))
    if tool_id is None:
        if ctx.stated:
            note(ctx)
            return
        if not ctx.a.nums and ctx.mem.last:  # 'and for last month?': the same calculation, new figures asked for
            last = ctx.mem.last["tool"]
            ask_missing(ctx, "compute", last, {}, missing_required(last, {}))
            return
        loose = loose_figures(ctx)
        if loose:
            ctx.mem.remember_fields(loose)
            units = {n.value: (n.currency if n.unit == "currency" else n.unit) for n in ctx.a.nums}
            items = ", ".join(f"{_field_title(n, ctx.lang)} = {value_text(v, units.get(v), ctx.lang)}"
                              for n, v in loose.items())
            ctx.turn.say(t("loose", ctx.lang, items=items))
            return
        if all(w.startswith("#") or not w.isalnum() for w in ctx.a.tokens.words):
            ctx.turn.say(t("which_kpi", ctx.lang))
            return
        from assistant.offline.guidance import guidance
        guidance(ctx)
        return
    if not ctx.a.nums:
        _reread_previous_figures(ctx, tool_id, inputs)
    finish(ctx, "compute", tool_id, inputs)
    if ctx.mem.pending is None:  # a question back already names what it still needs
        from assistant.offline.intents import counted_numbers  # intents imports this module's neighbours
        from assistant.offline.unused import say_unused

        say_unused(ctx, counted_numbers(ctx.a))
    for other in ctx.a.kpis[1:3]:  # "what's our CPL and CAC?": each named KPI the numbers complete
        if other in (tool_id, "funnel_conversion") or other in ctx.stated:
            continue
        alt, more = best_variant(ctx, other, set(ctx.stated.values()))
        if alt != tool_id and not missing_required(alt, more):
            result = ctx.run(alt, more)
            if result is not None:
                present(ctx, result, pitfalls=False)


def _reread_previous_figures(ctx: Ctx, tool_id: str, inputs: dict[str, Any]) -> None:
    """'and my CPL?' with no figures: the earlier message's figures, read again for this KPI's fields."""
    from assistant.offline.intents import analyse  # the analysis module imports this one's neighbours

    remembered = fill_from_memory(ctx, tool_id, inputs)  # figures already read for a KPI come first
    previous = ctx.mem.figures_question
    reused: list[str] = []
    if previous and missing_required(tool_id, inputs):
        a = analyse(previous, ctx.lang)
        found, _, _ = map_numbers(tool_id, a.nums, a.tokens, positional=False)
        reused = [k for k in found if k not in inputs]
        inputs.update({k: found[k] for k in reused})
    memory_note(ctx, tool_id, inputs, remembered + reused)


def _field_title(name: str, lang: str) -> str:
    """A field's label from the first tool that has it (fields share their meaning across tools)."""
    for tool_id in numeric_tools():
        if name in {f.name for f in tool_fields(tool_id)}:
            return get_tool(tool_id).field_title(name, lang)
    return name


def finish(ctx: Ctx, intent: str, tool_id: str, inputs: dict[str, Any]) -> None:
    """Complete inputs from memory, ask for what is still missing, or run and present the calculator."""
    remembered = fill_from_memory(ctx, tool_id, inputs)
    missing = missing_required(tool_id, inputs)
    if missing:
        ctx.mem.remember_fields(inputs)
        ask_missing(ctx, intent, tool_id, inputs, missing)
        return
    memory_note(ctx, tool_id, inputs, remembered)
    ctx.turn.say(transitions.note(tool_id, inputs, ctx.a.tokens.words, ctx.a.nums, ctx.lang) or "")
    pair = unit_sales.units_times_price(ctx.a.tokens.words, ctx.a.nums) if tool_id in unit_sales.FIELDS else None
    if pair and inputs.get(unit_sales.FIELDS[tool_id]) == ctx.a.nums[pair[0]].value * ctx.a.nums[pair[1]].value:
        count, price = (ctx.a.nums[i] for i in pair)
        ctx.turn.say(unit_sales.NOTE[1 if ctx.lang == "fr" else 0].format(
            count=value_text(count.value, None, ctx.lang), price=value_text(price.value, price.currency, ctx.lang),
            revenue=value_text(count.value * price.value, price.currency, ctx.lang)))
    if tool_id == "conversion_rate" and _WIN_RATE.search(ctx.a.norm):
        ctx.turn.say(_WIN_RATE_NOTE[1 if ctx.lang == "fr" else 0])
    result = ctx.run(tool_id, inputs)
    if result is None:
        return
    ctx.mem.remember_fields(inputs)
    ctx.mem.clear_pending()
    present(ctx, result)


def note(ctx: Ctx) -> None:
    """'My CAC is 80 €': remember it, and judge it when a rule can."""
    for kpi, idx in ctx.stated.items():
        n = ctx.a.nums[idx]
        unit = n.currency if n.unit == "currency" else n.unit
        if HEALTH_UNITS.get(kpi) == "%" and kpi != "marketing_roi" and not 0 <= n.value <= 100:
            ctx.turn.say(t("rate_range", ctx.lang, tool=get_tool(kpi).title(ctx.lang)))
            return
        ctx.mem.remember_kpi(kpi, n.value, unit)
        if kpi in FIELD_OF_KPI:
            ctx.mem.remember_fields({FIELD_OF_KPI[kpi]: n.value})
        ctx.turn.say(t("noted", ctx.lang, tool=get_tool(kpi).title(ctx.lang), value=value_text(n.value, unit,
                                                                                              ctx.lang)))
    from assistant.offline.guidance import guidance
    from assistant.offline.health import health
    health(ctx, quiet_if_unjudged=True)
    if ctx.a.has(GUIDANCE):  # 'my conversion is 0.5 %, what should I fix first?': the figure, then the advice
        guidance(ctx)
