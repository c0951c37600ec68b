"""What-if: change one input of the last calculation (or of the one the question describes) via the what_if tool."""

from __future__ import annotations

import re

from assistant.offline.compose import t, value_text, verdict_text
from assistant.offline.context import Ctx
from assistant.offline.lexicon import cues_for
from assistant.offline.slots import compatible, cue_at, map_numbers, missing_required, tool_fields
from assistant.offline.tool_choice import choose_tool
from tools.registry import get_tool

_DOWN = re.compile(r"(?:cut|reduc|lower|drop|decreas|less|fewer|baiss|redui|coup|diminu|moins|perd|lose|lost|-$)")
_UP = re.compile(r"(?:increas|rais|boost|bump|more|augment|hauss|plus|mont(?!h)|ajout|add|gagn|\+$|extra"
                 r"|supplementaire)")
_TO = re.compile(r"^(?:to|a|=|at|passe|passait|become|devient)$")
def _change_field(ctx: Ctx, tool_id: str, change_pos: int | None) -> str | None:
    """The input the user wants to change, from the cue words of the question (nearest the changed number)."""
    words = ctx.a.tokens.words
    best: tuple[int, str] | None = None
    for f in tool_fields(tool_id):
        if f.kind in ("text", "list", "dict", "bool"):
            continue
        for i in range(len(words)):
            if any(cue_at(words, i, c) for c in cues_for(tool_id, f.name)):
                dist = abs(i - change_pos) if change_pos is not None else i
                if best is None or dist < best[0]:
                    best = (dist, f.name)
    return best[1] if best else None


def _new_value(ctx: Ctx, old: float, idx: int | None, tool_id: str = "", field: str | None = None) -> float | None:
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
    # 'we lost 20' names the field (customers lost), it is not a direction: the field's own cue words are skipped
    own = cues_for(tool_id, field) if field else ()
    window = " ".join(w for w in words[max(0, pos - 4):pos] if not any(cue_at([w], 0, c) for c in own))
    before = words[pos - 1] if pos else ""
    down = bool(_DOWN.search(window)) or n.value < 0
    up = bool(_UP.search(window)) or ctx.a.converted[max(0, n.start - 1):n.start] == "+"
    size = abs(n.value)
    if _TO.match(before):  # 'drops to 2 %', 'passe à 30 %': the new value itself, never a relative change
        return n.value
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
    new = _new_value(ctx, float(inputs[field]), change_idx, tool_id, field)
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
                   change=("+" if (result.value or 0) > 0 else "") + value_text(result.value, "%", ctx.lang)))
    ctx.turn.say(f"`{d.get('old_formula')}`\n`{d.get('new_formula')}`")
    for w in result.warnings:
        ctx.turn.say(f"⚠️ {w.get(ctx.lang)}")
    if result.verdict is not None:  # the new value's verdict: the point of most what-ifs
        ctx.turn.say(verdict_text(result, ctx.lang))
    ctx.mem.set_last(tool_id, {**clean, field: new})
    ctx.mem.remember_kpi(tool_id, d.get("new_value"), unit)
