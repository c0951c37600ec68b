"""Reverse solve: the input value that makes a KPI reach a target ('how many customers for a CAC of 50 €?').

The target is a KPI value the question states ('un CAC de 50 €', 'a 3:1 ratio', 'at a 20 % close rate'); the
unknown is the input the question word asks for ('combien de clients'), or else the one input still missing once
the question's and the conversation's figures are in. Break-even is the CAC target equal to what one customer
brings.
"""

from __future__ import annotations

from typing import Any

from assistant.offline.calc import ask_missing, choose, run_and_present
from assistant.offline.compose import formula_text, t, value_text
from assistant.offline.context import Ctx
from assistant.offline.decide import asked_input, bare_value, solve_targets
from assistant.offline.figures import gather, readback
from assistant.offline.wording import readable
from assistant.reader.fill import kinds_of, missing_required
from tools.registry import get_tool

BREAK_EVEN = ("_Break-even: one customer brings {value}, so the CAC target is {value}._",
              "_Seuil de rentabilité : un client rapporte {value}, la cible de CAC est donc {value}._")
MAX_CAC = ("_With the usual target of a CLV three times the CAC (rule of thumb); at most a CAC equal to the CLV, "
           "{clv}, just breaks even._",
           "_Avec la cible usuelle d'une CLV égale à trois fois le CAC (règle empirique) ; au plus, un CAC égal à la "
           "CLV, {clv}, ne fait qu'équilibrer._")
CLV_TOOLS = ("clv_simple", "clv_b2b", "clv_margin_churn")
USUAL_CLV_CAC = 3  # the rule of thumb every verdict on CLV:CAC cites


def _target(ctx: Ctx) -> tuple[str, int | None, str | None, float] | None:
    """(KPI, index of its target value or None when it is the last result, input asked for, target): the KPI
    the question sets a target for."""
    last = ctx.mem.last["tool"] if ctx.mem.last else None
    targets = solve_targets(ctx.a, last)
    found = asked_input(ctx.a, targets)
    if found:
        tool, field = found
    elif targets:
        tool, field = targets[0], None
    else:
        return None
    if tool in ctx.stated:
        return tool, ctx.stated[tool], field, ctx.a.nums[ctx.stated[tool]].value
    kept = ctx.mem.kpi(tool) if ctx.a.has("that_value") else None  # 'at that rate': the value just computed
    if kept is not None:  # ('avec ce panier, 60 000 €': the amount is then an input, not the target)
        return tool, None, field, kept
    value = bare_value(ctx.a, tool)
    return (tool, value, field, ctx.a.nums[value].value) if value is not None else None


def solve(ctx: Ctx) -> None:
    """The input that reaches the target, via solve_for."""
    if _break_even(ctx):
        return
    found = _target(ctx)
    if found is None:
        g = choose(ctx)
        if g is not None:
            run_and_present(ctx, g)  # 'what conversion rate for 50 sales from 2 000 visitors': a plain calculation
        else:
            ctx.turn.say(t("solve_which", ctx.lang))
        return
    tool, idx, field, target = found
    if tool in CLV_TOOLS and field in (None, "cac"):  # 'how much can I spend per customer with a CLV of 600 €?'
        _max_cac_from_clv(ctx, target)
        return
    if tool == "clv_cac_ratio" and field is None:
        field = "cac"  # 'the max I can spend to acquire one and keep 3:1'
    g = gather(ctx, tool, {idx} if idx is not None else set(), without=frozenset({field} if field else ()))
    if field is None:
        missing = g.missing
        if len(missing) != 1:
            ctx.turn.say(t("solve_which", ctx.lang))
            return
        field = missing[0]
    inputs = {k: v for k, v in g.inputs.items() if k != field}
    g.inputs = inputs
    missing = [f for f in missing_required(tool, inputs) if f != field]
    ctx.turn.say(readback(ctx, g))
    if missing:
        ask_missing(ctx, "solve", tool, inputs, missing, {"field": field, "target": target})
        return
    run_solve(ctx, tool, inputs, field, target)


def _per_customer_value(ctx: Ctx) -> tuple[float, str | None] | None:
    """What one customer brings: a CLV stated, or a figure its words tie to a customer's value ('each brings')."""
    for kpi in CLV_TOOLS:
        if kpi in ctx.stated:
            n = ctx.a.nums[ctx.stated[kpi]]
            return n.value, n.currency
    for f in ctx.a.figures:
        if f.score_for(("field", "clv_cac_ratio", "clv")) > 0 and f.num.unit in ("currency", None):
            return f.num.value, f.num.currency
    return None


def _break_even(ctx: Ctx) -> bool:
    """'How many customers to break even on 5 000 € if each brings 250 €': CAC target = value per customer."""
    if not any(m for m in ctx.a.cues("need") if "break" in ctx.a.toks[m.start].text
               or ctx.a.toks[m.start].text.startswith(("rentabilis", "seuil", "rembours"))):
        return False
    per_customer = _per_customer_value(ctx)
    if per_customer is None:
        return False
    value, currency = per_customer
    ctx.turn.say(BREAK_EVEN[1 if ctx.lang == "fr" else 0].format(value=value_text(value, currency, ctx.lang)))
    skip = {f.index for f in ctx.a.figures if f.num.value == value}
    g = gather(ctx, "customer_acquisition_cost", skip)
    asked = asked_input(ctx.a, ["customer_acquisition_cost"])
    field = asked[1] if asked else None
    spend = [f for f in ctx.a.figures
             if f.index not in skip and f.index not in g.here.used and f.num.unit == "currency"]
    if "marketing_spend" not in g.inputs and field != "marketing_spend" and len(spend) == 1:
        g.inputs["marketing_spend"] = spend[0].num.value  # 'break even on 5 000 €': the amount to recover
    if field is None:
        field = "new_customers" if "marketing_spend" in g.inputs else "marketing_spend"
    inputs = {k: v for k, v in g.inputs.items() if k != field}
    missing = [f for f in missing_required("customer_acquisition_cost", inputs) if f != field]
    if missing:
        ask_missing(ctx, "solve", "customer_acquisition_cost", inputs, missing, {"field": field, "target": value})
        return True
    run_solve(ctx, "customer_acquisition_cost", inputs, field, value)
    return True


def _max_cac_from_clv(ctx: Ctx, clv: float) -> None:
    """The CAC a CLV can afford, at the target the question gives or the usual 3:1, the break-even bound said."""
    unit = next((n.currency for n in ctx.a.nums if n.value == clv and n.unit == "currency"), None)
    ratio = ctx.stated.get("clv_cac_ratio")
    target = ctx.a.nums[ratio].value if ratio is not None else USUAL_CLV_CAC
    if ratio is None:
        ctx.turn.say(MAX_CAC[1 if ctx.lang == "fr" else 0].format(clv=value_text(clv, unit, ctx.lang)))
    run_solve(ctx, "clv_cac_ratio", {"clv": clv}, "cac", target)


def _unit_of(ctx: Ctx, tool_id: str, field: str, unit: str | None) -> str | None:
    """An amount of money solved for is in the user's currency ('$1,200' of CLV affords a CAC in dollars)."""
    if kinds_of(tool_id).get(field) == "money":
        return ctx.currency or unit
    return unit


def run_solve(ctx: Ctx, tool_id: str, inputs: dict[str, Any], field: str, target: float) -> None:
    """Call solve_for and present the answer."""
    target_unit = next((n.currency if n.unit == "currency" else n.unit for n in ctx.a.nums
                        if n.value == target and n.unit in ("%", "currency")), None)
    if target_unit is None and ctx.mem.kpi(tool_id) == target:  # 'at that rate': the unit of the value kept
        target_unit = ctx.mem.kpi_unit(tool_id)
    result = ctx.run("solve_for", {"tool": tool_id, "inputs": inputs, "field": field, "target": target})
    if result is None:
        return
    ctx.mem.clear_pending()
    spec = get_tool(tool_id)
    if result.value is not None:  # no value reaching the target: the formula and the tool's reason say so
        ctx.turn.say(t("solve_result", ctx.lang, field=spec.field_title(field, ctx.lang), tool=spec.title(ctx.lang),
                       target=value_text(target, target_unit, ctx.lang),
                       value=value_text(result.value, _unit_of(ctx, tool_id, field, result.unit), ctx.lang)))
    ctx.turn.say(f"`{formula_text(result, ctx.lang)}`")
    for line in [*result.convention, *result.warnings]:
        ctx.turn.say(f"_{readable(line.get(ctx.lang), tool_id, ctx.lang)}_")
    if result.value is not None:
        ctx.mem.set_last(tool_id, {**inputs, field: result.value})
