"""Comparisons: one KPI computed for two options ('Google: 500 € for 10 leads vs LinkedIn: 800 € for 10')."""

from __future__ import annotations

import re

from assistant.offline.actions import finish
from assistant.offline.compose import result_text, t
from assistant.offline.context import Ctx
from assistant.offline.slots import TOKEN, map_numbers, missing_required, tool_fields
from assistant.offline.tool_choice import choose_tool
from tools.registry import get_tool

_WHICH_KPI = ("Which KPI should I compare them on (CAC, cost per lead, conversion rate, ROI…)? Name it with the "
              "figures of both options, e.g. “compare the CAC: Facebook 1 000 € for 20 customers vs Instagram "
              "1 500 € for 25”.",
              "Sur quel KPI dois-je les comparer (CAC, coût par lead, taux de conversion, ROI…) ? Nommez-le avec "
              "les chiffres des deux options, p. ex. « compare le CAC : Facebook 1 000 € pour 20 clients contre "
              "Instagram 1 500 € pour 25 ».")


def compare(ctx: Ctx) -> None:
    """Two scenarios of one KPI ('Google: 500 € for 10 leads vs LinkedIn: 800 € for 10 leads')."""
    a = ctx.a
    split = re.search(r"\b(?:vs\.?|versus|contre|compared to|compare[ds]? (?:a|to|with|avec)|par rapport a|or|ou"
                      r"|plutot que|;)\s", a.norm)
    tool_id, _ = choose_tool(ctx, skip=set(ctx.stated.values()))
    required = [f for f in tool_fields(tool_id) if f.required] if tool_id else []
    if split is None and required and len(a.nums) == 2 * len(required) and _respectively(a):
        # "1200 last month and 1500 this month, 15 and 20 customers": consecutive figures are one field's two values
        _run_both(ctx, tool_id, set(range(1, len(a.nums), 2)), set(range(0, len(a.nums), 2)))
        return
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
            ctx.turn.say(_WHICH_KPI[1 if ctx.lang == "fr" else 0])
        return
    left = {i for i, p in a.tokens.positions.items() if p < cut}
    right = {i for i in a.tokens.positions if i not in left}
    _run_both(ctx, tool_id, right, left)


def _respectively(a) -> bool:
    """'15 and 20 customers': two figures joined under one noun are the same field, one per option."""
    w = a.tokens.words
    return any(w[i].startswith("#") and w[i + 1] in ("and", "et", "&") and w[i + 2].startswith("#")
               for i in range(len(w) - 2))


def _run_both(ctx: Ctx, tool_id: str, right: set[int], left: set[int]) -> None:
    """Each option's figures through the calculator, then which one does better."""
    a = ctx.a
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
        lower_is_better = get_tool(tool_id).kpi.better == "lower"
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



