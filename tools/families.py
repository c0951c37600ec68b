"""Every family of calculators, in the order they are listed; registering them is one explicit call."""

from __future__ import annotations

from collections.abc import Callable

from tools import (
    acquisition,
    conversion,
    engagement,
    health_tool,
    loyalty,
    pipeline,
    retention,
    roi,
    scoring,
    solve,
    unit_economics,
    value,
    whatif,
)

# Reading order of `kpi calc --list`, the calculators tab and the LLM's tool list.
FAMILIES = (acquisition, conversion, value, unit_economics, retention, loyalty, roi, pipeline, engagement, scoring,
            whatif, solve, health_tool)


def register_all(register: Callable) -> None:
    """Register every family's calculators (their SPECS) with `register`."""
    for family in FAMILIES:
        for spec in family.SPECS:
            register(spec)
