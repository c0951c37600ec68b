"""Figures the user gave that no calculation used: said, so a forgotten '500 € of tools' is not silently dropped."""

from __future__ import annotations

import math

from assistant.offline import transitions, unit_sales
from assistant.offline.context import META_TOOLS, Ctx

NOTE = ("_Not used in this calculation: {items}. Tell me how it should count here, or ask for a KPI that uses it._",
        "_Non utilisé dans ce calcul : {items}. Dites-moi comment le compter ici, ou demandez un KPI qui s'en "
        "sert._")


def _arguments(ctx: Ctx) -> list[float]:
    values: list[float] = []
    for call in ctx.turn.tool_calls:
        if call.name in META_TOOLS:
            continue
        values += [float(v) for v in call.arguments.values() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return values


def say_unused(ctx: Ctx, counted: set[int]) -> None:
    """One line naming the user's figures that no tool of this turn took, as they wrote them (none if all used)."""
    used_values = _arguments(ctx)
    if not used_values:
        return
    words, nums = ctx.a.tokens.words, ctx.a.nums
    derived = set(transitions.decline(words, nums) or ()) | set(unit_sales.units_times_price(words, nums) or ())
    left = [n for i, n in enumerate(nums) if i not in counted and i not in derived and i not in ctx.stated.values()
            and not any(math.isclose(n.value, v, rel_tol=1e-9, abs_tol=1e-9) for v in used_values)]
    if left:
        items = ", ".join(f"« {n.text.strip()} »" if ctx.lang == "fr" else f"“{n.text.strip()}”" for n in left)
        ctx.turn.say(NOTE[1 if ctx.lang == "fr" else 0].format(items=items))
