"""What-if, reverse solve and comparisons, all run through the registry's what_if / solve_for tools."""

from __future__ import annotations

import re
from typing import Any

from assistant.offline.actions import ask_missing, choose_tool, fill_from_memory, finish, memory_note
from assistant.offline.compose import result_text, t, value_text
from assistant.offline.context import FIELD_OF_KPI, Ctx
from assistant.offline.lexicon import cues_for
from assistant.offline.slots import _TOKEN, _cue_at, compatible, map_numbers, missing_required, tool_fields
from tools.registry import get_tool

_DOWN = re.compile(r"(?:cut|reduc|lower|drop|decreas|less|fewer|baiss|redui|coup|diminu|moins|perd|lose|lost|-$)")
_UP = re.compile(r"(?:increas|rais|boost|bump|more|augment|hauss|plus|mont|ajout|add|gagn|\+$|extra|supplementaire)")
_TO = re.compile(r"^(?:to|a|=|at|passe|passait|become|devient)$")
_QUESTION_WORD = re.compile(r"\b(?:what|which|quel|quelle|quels|quelles|combien|how many|how much|max\w*|min\w*"
                            r"|highest|lowest|plafond)\b")


def _change_field(ctx: Ctx, tool_id: str, change_pos: int | None) -> str | None:
    """The input the user wants to change, from the cue words of the question (nearest the changed number)."""
    words = ctx.a.tokens.words
    best: tuple[int, str] | None = None
    for f in tool_fields(tool_id):
        if f.kind in ("text", "list", "dict", "bool"):
            continue
        for i in range(len(words)):
            if any(_cue_at(words, i, c) for c in cues_for(tool_id, f.name)):
                dist = abs(i - change_pos) if change_pos is not None else i
                if best is None or dist < best[0]:
                    best = (dist, f.name)
    return best[1] if best else None


def _new_value(ctx: Ctx, old: float, idx: int | None) -> float | None:
    """The changed input: '-20 %' / 'cut by 20%' -> old × 0.8; 'to 1 000' -> 1 000; 'double' -> × 2."""
    norm = ctx.a.norm
    if idx is None:
        if re.search(r"\bdoubl", norm):
            return old * 2
        if re.search(r"\b(?:halve|moitie|divis\w* par #?2|half)", norm):
            return old / 2
        if re.search(r"\btripl", norm):
            return old * 3
        return None
    n = ctx.a.nums[idx]
    words = ctx.a.tokens.words
    pos = ctx.a.tokens.positions[idx]
    window = " ".join(words[max(0, pos - 4):pos])
    before = words[pos - 1] if pos else ""
    down = bool(_DOWN.search(window)) or n.value < 0
    up = bool(_UP.search(window)) or ctx.a.converted[max(0, n.start - 1):n.start] == "+"
    size = abs(n.value)
    if n.unit == "%":
        if down:
            return old * (1 - size / 100)
        if up:
            return old * (1 + size / 100)
        return None
    if _TO.match(before) or not (down or up):
        return n.value
    return old - size if down else old + size


def what_if(ctx: Ctx) -> None:
    """Change one input of the last calculation (or of the one this question describes) and show the effect."""
    a = ctx.a
    base = ctx.mem.last
    change_idx = None
    if len(a.nums) >= 2 or (base is None and a.nums):
        tool_id, inputs = choose_tool(ctx, skip=set(ctx.stated.values()))
        if tool_id and not missing_required(tool_id, inputs):
            # the numbers describe a base case; the one left over (or the % one) is the change
            _, _, used = map_numbers(tool_id, a.nums, a.tokens, set(ctx.stated.values()))
            pct = [i for i, n in enumerate(a.nums) if n.unit == "%" and i not in used]
            left = pct or [i for i in range(len(a.nums)) if i not in used]
            base = {"tool": tool_id, "inputs": inputs}
            change_idx = left[0] if left else None  # none left: "double the budget"
    if base is None:
        ctx.turn.say(t("whatif_no_base", ctx.lang))
        return
    if change_idx is None and a.nums and base is ctx.mem.last:
        change_idx = len(a.nums) - 1
    tool_id, inputs = base["tool"], dict(base["inputs"])
    pos = a.tokens.positions.get(change_idx) if change_idx is not None else None
    field = _change_field(ctx, tool_id, pos)
    if field is None and change_idx is not None:  # "et si j'en avais 20 ?": the only input this number fits
        n = a.nums[change_idx]
        fits = [f for f in tool_fields(tool_id) if f.required and f.name in inputs and compatible(n, f) is not None
                and (f.kind != "count" or n.is_integer)]
        if len(fits) > 1 and n.unit is None:  # a bare whole number is a count before it is an amount
            fits = [f for f in fits if f.kind == "count"] or fits
        field = fits[0].name if len(fits) == 1 else None
    if field is None or field not in inputs:
        ctx.turn.say(t("whatif_which", ctx.lang, tool=get_tool(tool_id).title(ctx.lang)))
        return
    new = _new_value(ctx, float(inputs[field]), change_idx)
    if new is None:
        ctx.turn.say(t("whatif_which", ctx.lang, tool=get_tool(tool_id).title(ctx.lang)))
        return
    kind = next(f.kind for f in tool_fields(tool_id) if f.name == field)
    new = round(new) if kind == "count" else round(new, 6)
    clean = {k: v for k, v in inputs.items() if v is not None}
    result = ctx.run("what_if", {"tool": tool_id, "inputs": clean, "field": field, "new_value": new})
    if result is None:
        return
    d = result.details
    spec = get_tool(tool_id)
    unit = d.get("kpi_unit")
    ctx.turn.say(t("whatif_result", ctx.lang, field=spec.field_title(field, ctx.lang),
                   old_in=value_text(d.get("old_input"), None, ctx.lang),
                   new_in=value_text(d.get("new_input"), None, ctx.lang), tool=spec.title(ctx.lang),
                   old=value_text(d.get("old_value"), unit, ctx.lang), new=value_text(d.get("new_value"), unit,
                                                                                      ctx.lang),
                   change=value_text(result.value, "%", ctx.lang)))
    ctx.turn.say(f"`{d.get('old_formula')}`\n`{d.get('new_formula')}`")
    for w in result.warnings:
        ctx.turn.say(f"⚠️ {w.get(ctx.lang)}")
    ctx.mem.set_last(tool_id, {**clean, field: new})
    ctx.mem.remember_kpi(tool_id, d.get("new_value"), unit)


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
    prefix_words = len(_TOKEN.findall(ctx.a.norm[:start]))
    for i in range(max(0, prefix_words - 1), min(len(words), prefix_words + 6)):
        for f in tool_fields(tool_id):
            if f.required and any(_cue_at(words, i, c) for c in cues_for(tool_id, f.name)):
                return f.name
    return None


def solve(ctx: Ctx) -> None:
    """Reverse solve: the input value that makes a KPI reach a target, via the solve_for tool."""
    tool_id, idx, field = _target(ctx)
    if tool_id is None:
        tool_id, inputs = choose_tool(ctx, skip=set(ctx.stated.values()))
        if tool_id:
            finish(ctx, "compute", tool_id, inputs)  # "what conversion rate for 50 sales from 2 000 visitors"
        else:
            ctx.turn.say(t("solve_which", ctx.lang))
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
        ctx.turn.say(f"_{line.get(ctx.lang)}_")
    if result.value is not None:
        ctx.mem.set_last(tool_id, {**inputs, field: result.value})


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
        cut = len(_TOKEN.findall(a.norm[:split.start()]))
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
    ctx.mem.set_last(tool_id, results[-1].inputs)


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
