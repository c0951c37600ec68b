"""Which calculator a question is about, and its inputs: named KPIs, stated values, memory, cue-word guesses."""

from __future__ import annotations

from typing import Any

from assistant.offline.context import FIELD_OF_KPI, KPI_OF_FIELD, META_TOOLS, Ctx
from assistant.offline.slots import compatible, cue_score, map_numbers, missing_required, numeric_tools, tool_fields

# A KPI name can mean several calculators; the numbers given decide which (the first is the default).
ALTERNATIVES = {
    "clv_simple": ("clv_simple", "clv_margin_churn", "clv_b2b"),
    "clv_b2b": ("clv_b2b", "clv_simple", "clv_margin_churn"),
    "retention_rate": ("retention_rate", "retention_over_period"),
    "conversion_rate": ("conversion_rate", "funnel_conversion"),
    "email_click_rate": ("email_click_rate", "click_to_open_rate"),
    "click_through_rate": ("click_through_rate", "email_click_rate", "click_to_open_rate"),
}
_EXCLUDED_FROM_GUESS = META_TOOLS | {"lead_score", "funnel_conversion", "multi_year_loyalty"}


def choose_tool(ctx: Ctx, skip: set[int]) -> tuple[str | None, dict[str, float]]:
    """The calculator the question is about and the inputs its numbers give (possibly incomplete)."""
    a = ctx.a
    if "funnel_conversion" in a.kpis and len(a.nums) >= 2:
        return "funnel_conversion", {"stages": funnel_stages(ctx)}
    named = [best_variant(ctx, kpi, skip) for kpi in a.kpis if kpi not in ctx.stated and kpi != "funnel_conversion"]
    if named:  # '3 % monthly churn. What's my LTV?': the KPI the figures complete, not the first one named
        return next((c for c in named if not missing_required(*c)), named[0])
    if len(ctx.stated) >= 2 and len(ctx.stated) == len(a.nums):
        for tool_id in numeric_tools():  # 'CLV is 1200 and CAC is 500, what's the ratio?'
            inputs: dict[str, Any] = {}
            add_stated_fields(ctx, tool_id, inputs)
            if inputs and not missing_required(tool_id, inputs) and tool_id not in _EXCLUDED_FROM_GUESS:
                return tool_id, inputs
    return _guess(ctx, skip)


def best_variant(ctx: Ctx, kpi: str, skip: set[int]) -> tuple[str, dict[str, float]]:
    """Among a KPI's calculators, the one the numbers fit best."""
    a = ctx.a
    best: tuple[tuple, str, dict] | None = None
    for alt in ALTERNATIVES.get(kpi, (kpi,)):
        if alt == "funnel_conversion":
            continue
        inputs, score, used = map_numbers(alt, a.nums, a.tokens, skip)
        add_stated_fields(ctx, alt, inputs)
        complete = not missing_required(alt, inputs)
        # a complete reading first; then the one that explains more of the numbers; then the cue score
        key = (1 if complete else 0, len(used) if complete else 0, score if complete or alt == kpi else -1)
        if best is None or key > best[0]:
            best = (key, alt, inputs)
    return best[1], best[2]


def _guess(ctx: Ctx, skip: set[int]) -> tuple[str | None, dict[str, float]]:
    """No KPI named: the calculator whose fields the cue words fill (missing ones may come from memory)."""
    a = ctx.a
    guesses, partial = [], []
    remembered = ctx.mem.fields
    for order, tool_id in enumerate(numeric_tools()):
        if tool_id in _EXCLUDED_FROM_GUESS:
            continue
        inputs, score, used = map_numbers(tool_id, a.nums, a.tokens, skip, positional=False)
        if score <= 0:
            continue
        required = sum(1 for f in tool_fields(tool_id) if f.required)
        missing = missing_required(tool_id, inputs)
        key = (score / max(required, 1) + 0.5 * len(used), -order, tool_id, inputs)
        if not missing:
            guesses.append(key)
        elif all(m in remembered for m in missing):  # '800 € spent' earlier, '16 new customers' now
            partial.append(key)
    for found in (guesses, partial):
        if found:
            found.sort(reverse=True)
            return found[0][2], found[0][3]
    return None, {}


# Figures worth remembering before any KPI is named: their cue words are unambiguous across tools.
_LOOSE_FIELDS = ("marketing_spend", "new_customers", "visitors", "leads", "revenue", "clicks", "impressions",
                 "average_price", "orders")


def loose_figures(ctx: Ctx) -> dict[str, float]:
    """Numbers no calculator could use yet, kept under the field their cue words clearly name ('800 € spent')."""
    a = ctx.a
    out: dict[str, float] = {}
    for i, n in enumerate(a.nums):
        if i in ctx.stated.values():
            continue
        scores: dict[str, float] = {}
        for tool_id in numeric_tools():
            for f in tool_fields(tool_id):
                if f.name not in scores and compatible(n, f) is not None:
                    scores[f.name] = cue_score(a.tokens, i, f.name, tool_id)
        loose = sorted(((k, v) for k, v in scores.items() if k in _LOOSE_FIELDS), key=lambda kv: -kv[1])
        other = max((v for k, v in scores.items() if k not in _LOOSE_FIELDS), default=0.0)
        # only an unambiguous reading: "30 customers left" is not 30 new customers
        if loose and loose[0][1] >= 1.5 and loose[0][1] >= other and (len(loose) == 1 or loose[1][1] < loose[0][1]):
            out.setdefault(loose[0][0], n.value)
    return out


def funnel_stages(ctx: Ctx) -> list[dict[str, Any]]:
    """'10 000 visitors, 400 leads, 10 customers' -> named stages, each named by the word after its number."""
    words, stages = ctx.a.tokens.words, []
    for i, n in enumerate(ctx.a.nums):
        pos = ctx.a.tokens.positions.get(i)
        name = next((w for w in words[pos + 1:pos + 3] if w.isalpha() and len(w) > 2), None) if pos is not None \
            else None
        stages.append({"name": name or f"#{len(stages) + 1}", "count": int(n.value)})
    return stages


# A stated average basket is also the average revenue per purchase (CLV B2B) and the price (CAC health).
ALSO_FILLS = {"average_order_value": ("average_revenue", "average_price")}


def add_stated_fields(ctx: Ctx, tool_id: str, inputs: dict[str, Any]) -> None:
    """KPI values stated in the question fill the same-named inputs of another tool ('a CAC of 1 000' -> cac)."""
    names = {f.name for f in tool_fields(tool_id)}
    for kpi, idx in ctx.stated.items():
        for name in (FIELD_OF_KPI.get(kpi), *ALSO_FILLS.get(kpi, ())):
            if kpi != tool_id and name in names and name not in inputs:
                inputs[name] = ctx.a.nums[idx].value
                break


def fill_from_memory(ctx: Ctx, tool_id: str, inputs: dict[str, Any]) -> list[str]:
    """Missing required inputs taken from figures given earlier in the session; the names used."""
    used = []
    for name in missing_required(tool_id, inputs):
        value = ctx.mem.field(name)
        if value is None and name in KPI_OF_FIELD:
            value = next((ctx.mem.kpi(k) for k, f in FIELD_OF_KPI.items() if f == name and ctx.mem.kpi(k)), None)
        if value is not None:
            inputs[name] = value
            used.append(name)
    return used
