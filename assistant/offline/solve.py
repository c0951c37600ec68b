"""Reverse solve: the input value that makes a KPI reach a target, via the solve_for tool."""

from __future__ import annotations

import re
from typing import Any

from assistant.offline import breakeven
from assistant.offline.actions import ask_missing, finish, memory_note
from assistant.offline.compose import t, value_text
from assistant.offline.context import FIELD_OF_KPI, Ctx
from assistant.offline.lexicon import cues_for
from assistant.offline.slots import TOKEN, cue_at, map_numbers, missing_required, tool_fields
from assistant.offline.tool_choice import choose_tool, fill_from_memory
from assistant.offline.wording import readable
from tools.registry import get_tool

_QUESTION_WORD = re.compile(r"\b(?:what|which|quel|quelle|quels|quelles|combien|how many|how much|max\w*|min\w*"
                            r"|highest|lowest|plafond)\b")


def _target(ctx: Ctx) -> tuple[str | None, int | None, str | None]:
    """The KPI given a target value ('CLV:CAC at 3', 'un CAC de 50 €') and the input asked for, if any."""
    # a ratio or rate target first ('for a 3:1 ratio'), then amounts ('a CAC of 50 €')
    stated = sorted(ctx.stated.items(), key=lambda kv: ctx.a.nums[kv[1]].unit not in ("ratio", "%")
                    and kv[0] != "clv_cac_ratio")
    for kpi, idx in stated:
        field = _asked(ctx, kpi)
        if field:
            return kpi, idx, field
    if stated:
        return stated[-1][0], stated[-1][1], None
    kpis = ctx.a.kpis
    for i, n in enumerate(ctx.a.nums):
        if n.unit in ("%", "ratio") and kpis:
            return kpis[-1], i, _asked(ctx, kpis[-1])
    return None, None, None


def _asked(ctx: Ctx, tool_id: str) -> str | None:
    """The input the user asks for: a KPI named after the question word, or a field cue after it."""
    m = _QUESTION_WORD.search(ctx.a.norm)
    start = m.start() if m else 0
    for kpi, s, _ in ctx.a.mentions:
        if s >= start and kpi != tool_id and FIELD_OF_KPI.get(kpi) in {f.name for f in tool_fields(tool_id)
                                                                        if f.required}:
            return FIELD_OF_KPI[kpi]
    words = ctx.a.tokens.words
    prefix_words = len(TOKEN.findall(ctx.a.norm[:start]))
    # a cue shared by two fields ('leads': visitors or conversions) means the one no figure already fills
    filled = set(map_numbers(tool_id, ctx.a.nums, ctx.a.tokens, set(ctx.stated.values()), positional=False)[0])
    for i in range(max(0, prefix_words - 1), min(len(words), prefix_words + 6)):
        hits = [f.name for f in tool_fields(tool_id)
                if f.required and any(cue_at(words, i, c) for c in cues_for(tool_id, f.name))]
        if hits:
            return next((h for h in hits if h not in filled), hits[0])
    return None


def solve(ctx: Ctx) -> None:
    """Reverse solve: the input value that makes a KPI reach a target, via the solve_for tool."""
    if _break_even(ctx):
        return
    tool_id, idx, field = _target(ctx)
    if tool_id is None:
        tool_id, inputs = choose_tool(ctx, skip=set(ctx.stated.values()))
        if tool_id:
            finish(ctx, "compute", tool_id, inputs)  # "what conversion rate for 50 sales from 2 000 visitors"
        else:
            ctx.turn.say(t("solve_which", ctx.lang))
        return
    if tool_id in _CLV_TOOLS and idx in ctx.stated.values() and _SPEND.search(ctx.a.norm):
        _max_cac_from_clv(ctx, ctx.a.nums[idx].value)  # 'how much can I spend per customer with a CLV of 600 €?'
        return
    target = ctx.a.nums[idx].value
    skip = set(ctx.stated.values()) | {idx}
    inputs, _, _ = map_numbers(tool_id, ctx.a.nums, ctx.a.tokens, skip, positional=False)
    names = {f.name for f in tool_fields(tool_id)}
    for kpi, i in ctx.stated.items():  # 'with a CLV of 800 €' fills clv_cac_ratio.clv
        if kpi != tool_id and FIELD_OF_KPI.get(kpi) in names:
            inputs[FIELD_OF_KPI[kpi]] = ctx.a.nums[i].value
    if field is None:
        if not missing_required(tool_id, inputs):
            finish(ctx, "compute", tool_id, inputs)
            return
        ctx.turn.say(t("solve_which", ctx.lang))
        return
    inputs.pop(field, None)
    remembered = [n for n in fill_from_memory(ctx, tool_id, inputs) if n != field]
    inputs.pop(field, None)
    missing = [f for f in missing_required(tool_id, inputs) if f != field]
    if missing:
        ask_missing(ctx, "solve", tool_id, inputs, missing, {"field": field, "target": target})
        return
    run_solve(ctx, tool_id, inputs, field, target, remembered)


def _break_even(ctx: Ctx) -> bool:
    """'How many customers to break even on 5 000 € if each brings 250 €': CAC target = value per customer."""
    if not breakeven.BREAK_EVEN.search(ctx.a.norm):
        return False
    value_idx = breakeven.per_customer_value(ctx)
    spend_idx = breakeven.spend_figure(ctx, value_idx) if value_idx is not None else None
    if value_idx is None:
        return False
    target = ctx.a.nums[value_idx].value
    inputs: dict[str, Any] = {}
    if spend_idx is not None:
        inputs["marketing_spend"] = ctx.a.nums[spend_idx].value
    field = "new_customers" if breakeven.asks_for_customers(ctx) or spend_idx is not None else "marketing_spend"
    if field == "marketing_spend":
        inputs.update(map_numbers("customer_acquisition_cost", ctx.a.nums, ctx.a.tokens, {value_idx},
                                  only={"new_customers"}, positional=False)[0])
    unit = ctx.a.nums[value_idx].currency
    ctx.turn.say(breakeven.NOTE[1 if ctx.lang == "fr" else 0].format(value=value_text(target, unit, ctx.lang)))
    missing = [f for f in missing_required("customer_acquisition_cost", inputs) if f != field]
    if missing:
        ask_missing(ctx, "solve", "customer_acquisition_cost", inputs, missing, {"field": field, "target": target})
        return True
    run_solve(ctx, "customer_acquisition_cost", inputs, field, target)
    return True


def run_solve(ctx: Ctx, tool_id: str, inputs: dict[str, Any], field: str, target: float,
              remembered: list[str] | None = None) -> None:
    """Call solve_for and present the answer."""
    target_unit = next((n.currency if n.unit == "currency" else n.unit for n in ctx.a.nums
                        if n.value == target and n.unit in ("%", "currency")), None)
    memory_note(ctx, tool_id, inputs, remembered or [])
    result = ctx.run("solve_for", {"tool": tool_id, "inputs": inputs, "field": field, "target": target})
    if result is None:
        return
    ctx.mem.clear_pending()
    spec = get_tool(tool_id)
    ctx.turn.say(t("solve_result", ctx.lang, field=spec.field_title(field, ctx.lang), tool=spec.title(ctx.lang),
                   target=value_text(target, target_unit, ctx.lang),
                   value=value_text(result.value, result.unit, ctx.lang)))
    ctx.turn.say(f"`{result.formula}`")
    for line in [*result.convention, *result.warnings]:
        ctx.turn.say(f"_{readable(line.get(ctx.lang), tool_id, ctx.lang)}_")
    if result.value is not None:
        ctx.mem.set_last(tool_id, {**inputs, field: result.value})



_CLV_TOOLS = ("clv_simple", "clv_b2b", "clv_margin_churn")
_SPEND = re.compile(r"depens|\bspend|afford|\bpay\b|\bcac\b|invest|acquisition|acquire")
_MAX_CAC = ("_With the usual target of a CLV three times the CAC (rule of thumb); at most a CAC equal to the CLV, "
            "{clv}, just breaks even._",
            "_Avec la cible usuelle d'une CLV égale à trois fois le CAC (règle empirique) ; au plus, un CAC égal à la "
            "CLV, {clv}, ne fait qu'équilibrer._")


def _max_cac_from_clv(ctx: Ctx, clv: float) -> None:
    """The CAC a CLV can afford: solved on the CLV:CAC ratio at its usual target, the break-even bound said too."""
    unit = next((n.currency for n in ctx.a.nums if n.value == clv and n.unit == "currency"), None)
    ctx.turn.say(_MAX_CAC[1 if ctx.lang == "fr" else 0].format(clv=value_text(clv, unit, ctx.lang)))
    run_solve(ctx, "clv_cac_ratio", {"clv": clv}, "cac", 3)
