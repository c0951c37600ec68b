"""What-if over any registry tool: change one input, see old vs new value and the relative change."""

from __future__ import annotations

import math
from typing import Any

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from tools.base import KpiInput, KpiResult, Text
from tools.common import num, pct_text, tidy, titles
from tools.registry import ToolInputError, ToolSpec, get_tool, run_tool

# This family's calculators; tools/families.py registers them explicitly (nothing registers on import).
SPECS: list[ToolSpec] = []

META = {"what_if", "solve_for", "kpi_health"}


def target_tool(meta: str, tool: str, field: str) -> ToolSpec:
    """The KPI tool a meta tool works on, refusing meta tools and fields the tool does not have."""
    if tool in META:
        raise ToolInputError(f"{meta}: tool: '{tool}' is itself a meta tool; name a KPI tool", tool=meta, field="tool")
    spec = get_tool(tool)
    if field not in spec.input_model.model_fields:
        names = ", ".join(spec.input_model.model_fields)
        raise ToolInputError(f"{meta}: field: '{field}' is not an input of {tool} (its inputs: {names})",
                             tool=meta, field="field")
    return spec


def run_nested(meta: str, tool: str, raw: dict[str, Any], what: str) -> KpiResult:
    """Run the KPI tool; its input errors are re-raised under the meta tool's name and field."""
    try:
        return run_tool(tool, raw)
    except ToolInputError as err:
        raise ToolInputError(f"{meta}: {what}: {err}", tool=meta, field=what) from None


class WhatIfInput(KpiInput):
    """Inputs of a what-if: a tool, its current inputs, and one input to change."""

    tool: str = Field(min_length=1, description="Id of the KPI tool to re-run, e.g. 'clv_cac_ratio'")
    inputs: dict[str, Any] = Field(description="That tool's inputs as they are today, e.g. {\"clv\": 800}")
    field: str = Field(min_length=1, description="Name of the input to change, e.g. 'cac'")
    new_value: Any = Field(description="The new value of that input (a number, text or true/false)")

    @field_validator("new_value")
    @classmethod
    def _scalar(cls, value: Any) -> Any:
        # One clear message here; the target tool then checks the value against that input's own rules.
        if isinstance(value, float) and not math.isfinite(value):
            raise PydanticCustomError("finite_number", "must be a finite number")
        if not isinstance(value, int | float | str | bool):
            raise PydanticCustomError("scalar", "must be a number, a text or true/false")
        return value


def what_if(inp: WhatIfInput) -> KpiResult:
    """Old value, new value and relative change of a KPI when one input changes; the verdict is the new value's."""
    target_tool("what_if", inp.tool, inp.field)
    old = run_nested("what_if", inp.tool, inp.inputs, "inputs")
    new = run_nested("what_if", inp.tool, {**inp.inputs, inp.field: inp.new_value}, "new_value")
    a, b = old.value, new.value
    change = tidy(None if a is None or b is None or a == 0 else (b - a) / abs(a) * 100)
    warnings = [*old.warnings, *new.warnings] if a is None or b is None else []
    if change is None and a == 0 and b is not None:
        warnings.append(Text(en="The relative change is undefined: the current value is 0.",
                             fr="La variation relative n'est pas définie : la valeur actuelle est 0."))
    elif change is None:
        warnings.insert(0, Text(en="The relative change is undefined: the KPI is undefined before or after.",
                                fr="La variation relative n'est pas définie : le KPI n'est pas défini avant ou après."))
    return KpiResult(
        tool="what_if", value=change, unit="%",
        formula=f"{inp.tool}: {num(a)} → {num(b)} ({inp.field} {_shown(old.inputs.get(inp.field))} → "
                f"{_shown(new.inputs.get(inp.field))}); change = ({num(b)} − {num(a)}) / |{num(a)}| × 100 = "
                f"{pct_text(change)}",
        inputs=inp.model_dump(), warnings=warnings, verdict=new.verdict,
        details={"kpi": inp.tool, "field": inp.field, "old_input": old.inputs.get(inp.field),
                 "new_input": new.inputs.get(inp.field), "old_value": a, "new_value": b,
                 "absolute_change": tidy(None if a is None or b is None else b - a), "kpi_unit": old.unit,
                 "old_formula": old.formula, "new_formula": new.formula,
                 "old_verdict": old.verdict.level if old.verdict else None,
                 "new_verdict": new.verdict.level if new.verdict else None})


def _shown(v: Any) -> str:
    return num(v) if isinstance(v, int | float) and not isinstance(v, bool) else str(v)


_FIELDS = {"tool": ("Tool", "Outil"), "inputs": ("Current inputs", "Entrées actuelles"),
           "field": ("Input to change", "Entrée à modifier")}
SPECS.append(ToolSpec(
    id="what_if", family="meta", title_en="What if…", title_fr="Et si…",
    description_en="Change one input of any tool: old value, new value and relative change.",
    description_fr="Changez une entrée de n'importe quel outil : ancienne valeur, nouvelle valeur, variation.",
    input_model=WhatIfInput, func=what_if,
    field_titles=titles(WhatIfInput, **_FIELDS, new_value=("New value", "Nouvelle valeur")),
))
