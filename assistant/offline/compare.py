"""Comparisons: one KPI computed for two options ('Google: 500 € for 10 leads vs LinkedIn: 800 € for 10')."""

from __future__ import annotations

import re

from assistant.offline.actions import finish
from assistant.offline.compose import result_text, t
from assistant.offline.context import Ctx
from assistant.offline.slots import TOKEN, map_numbers, missing_required, tool_fields
from assistant.offline.tool_choice import choose_tool
from tools.registry import get_tool


def compare(ctx: Ctx) -> None:
    """Two scenarios of one KPI ('Google: 500 € for 10 leads vs LinkedIn: 800 € for 10 leads')."""
    a = ctx.a
    split = re.search(r"\b(?:vs\.?|versus|contre|compared to|compare[ds]? (?:a|to|with|avec)|par rapport a|or|ou"
                      r"|plutot que|;)\s", a.norm)
    tool_id, _ = choose_tool(ctx, skip=set(ctx.stated.values()))
    required = [f for f in tool_fields(tool_id) if f.required] if tool_id else []
    if split is None and required and len(a.nums) == 2 * len(required):
        # "Facebook: 20 customers for 1 000 €, Instagram: 25 for 1 500 €": one half of the figures per option
        first_right = a.tokens.positions.get(len(required))
        cut = first_right
    elif split is not None:
        cut = len(TOKEN.findall(a.norm[:split.start()]))
    else:
        cut = None
    if cut is None or tool_id is None:
        if tool_id:
            finish(ctx, "compute", tool_id, choose_tool(ctx, set(ctx.stated.values()))[1])
        else:
            ctx.turn.say(t("compare_incomplete", ctx.lang, tool="KPI"))
        return
    left = {i for i, p in a.tokens.positions.items() if p < cut}
    right = {i for i in a.tokens.positions if i not in left}
    results = []
    for side_skip in (right, left):
        inputs, _, _ = map_numbers(tool_id, a.nums, a.tokens, side_skip | set(ctx.stated.values()))
        if missing_required(tool_id, inputs):
            ctx.turn.say(t("compare_incomplete", ctx.lang, tool=get_tool(tool_id).title(ctx.lang)))
            return
        r = ctx.run(tool_id, inputs)
        if r is None:
            return
        results.append(r)
    labels = _option_labels(ctx, min(left), min(right))
    for label, r in zip(labels, results, strict=True):
        ctx.turn.say(f"**{label}** — " + result_text(r, ctx.lang))
    va, vb = results[0].value, results[1].value
    if va is not None and vb is not None and va != vb:
        lower_is_better = tool_id in LOWER_IS_BETTER
        best = labels[0] if (va < vb) == lower_is_better else labels[1]
        ctx.turn.say(t("compare_best", ctx.lang, best=best, tool=get_tool(tool_id).title(ctx.lang),
                       how=t("lower" if lower_is_better else "higher", ctx.lang)))


def _option_labels(ctx: Ctx, first_left: int, first_right: int) -> tuple[str, str]:
    """The names the user gave the two options ('Facebook', 'Google Ads'), else A and B."""
    text = ctx.a.converted
    names = []
    for idx, start in ((first_left, 0), (first_right, ctx.a.nums[first_right - 1].end if first_right else 0)):
        chunk = text[start:ctx.a.nums[idx].start]
        words = re.findall(r"\b[A-Z][\w-]*(?: [A-Z][\w-]*)?", chunk)
        names.append(words[0] if words else None)
    if names[0] and names[1] and names[0] != names[1]:
        return names[0], names[1]
    return "A", "B"


LOWER_IS_BETTER = frozenset({"customer_acquisition_cost", "cost_per_lead", "cost_per_click", "cost_per_mille",
                             "churn_rate", "cac_payback"})
