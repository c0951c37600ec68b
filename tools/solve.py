"""Reverse solve over any registry tool: the value of one input that makes the KPI reach a target."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from tools.base import KpiInput, KpiResult, Text
from tools.common import num, tidy, titles
from tools.registry import ToolInputError, ToolSpec, run_tool
from tools.solver import find_root
from tools.whatif import run_nested, target_tool

# This family's calculators; tools/families.py registers them explicitly (nothing registers on import).
SPECS: list[ToolSpec] = []


class SolveForInput(KpiInput):
    """Inputs of a reverse solve: a tool, its other inputs, the input to find and the target value."""

    tool: str = Field(min_length=1, description="Id of the KPI tool, e.g. 'clv_cac_ratio'")
    inputs: dict[str, Any] = Field(default_factory=dict, description="The tool's other inputs, e.g. {\"clv\": 800}")
    field: str = Field(min_length=1, description="Name of the numeric input to find, e.g. 'cac'")
    target: float = Field(description="The KPI value to reach, in the tool's unit (e.g. 3 for CLV:CAC = 3:1)")


def _field_bounds(spec: ToolSpec, field: str) -> tuple[float, float, bool, str]:
    """(low, high, integer, unit) from the field's JSON schema; refuses non-numeric fields."""
    prop = spec.schema()["properties"][field]
    options = prop.get("anyOf", [prop])
    numeric = next((o for o in options if o.get("type") in ("number", "integer")), None)
    if numeric is None:
        raise ToolInputError(f"solve_for: field: '{field}' of {spec.id} is not a number, it cannot be solved for",
                             tool="solve_for", field="field")
    lo = numeric.get("minimum", numeric.get("exclusiveMinimum", 0))
    hi = numeric.get("maximum", 1e15)
    return float(lo), float(hi), numeric["type"] == "integer", numeric.get("unit", prop.get("unit", ""))


def solve_for(inp: SolveForInput) -> KpiResult:
    """The value of one input that makes the KPI equal the target, found numerically over the field's range."""
    spec = target_tool("solve_for", inp.tool, inp.field)
    lo, hi, integer, unit = _field_bounds(spec, inp.field)
    others = {k: v for k, v in inp.inputs.items() if k != inp.field}

    def kpi(x: float) -> float | None:
        try:
            return run_tool(inp.tool, {**others, inp.field: int(x) if integer else x}).value
        except ToolInputError:
            return None  # this x breaks a cross-field rule (e.g. clicks > impressions): no value there

    root = find_root(lambda x: None if (v := kpi(x)) is None else v - inp.target, lo, hi, integer,
                     _as_float(inp.inputs.get(inp.field)))
    if root.seen_min is None:  # nothing evaluates: the other inputs are wrong; show the tool's own message
        run_nested("solve_for", inp.tool, {**others, inp.field: int(lo) if integer else lo}, "inputs")
    if unit == "money":
        unit = str(others.get("currency", "EUR"))
    name, t = inp.field, num(inp.target)
    if root.x is None:
        low, high = num(root.seen_min + inp.target), num(root.seen_max + inp.target)
        return KpiResult(
            tool="solve_for", value=None, unit=unit, formula=f"{inp.tool}({name} = ?) = {t}: no solution",
            inputs=inp.model_dump(), details={"kpi": inp.tool, "field": name, "searched": [lo, hi]},
            warnings=[Text(en=f"No value of {name} between {num(lo)} and {num(hi)} gives {t}: with the other inputs "
                              f"fixed, {inp.tool} only ranges from {low} to {high}.",
                           fr=f"Aucune valeur de {name} entre {num(lo)} et {num(hi)} ne donne {t} : les autres "
                              f"entrées fixées, {inp.tool} ne va que de {low} à {high}.")])
    x = int(root.x) if integer else tidy(root.x)
    reached = kpi(x)
    warnings, convention = [], []
    if root.neighbours:
        (na, nb) = root.neighbours
        warnings.append(Text(en=f"{name} counts whole units and no whole number gives exactly {t}: {na} gives "
                                f"{num(kpi(na))}, {nb} gives {num(kpi(nb))}.",
                             fr=f"{name} compte des unités entières et aucun entier ne donne exactement {t} : {na} "
                                f"donne {num(kpi(na))}, {nb} donne {num(kpi(nb))}."))
    if root.several:
        warnings.append(Text(en="Several values reach the target; this is the smallest.",
                             fr="Plusieurs valeurs atteignent la cible ; voici la plus petite."))
    step = max(abs(x) * 1e-3, 1 if integer else 1e-9)
    above = kpi(x + step)
    if above is not None and reached is not None and above != reached:
        rises = above > reached
        convention.append(Text(
            en=f"{inp.tool} {'rises' if rises else 'falls'} as {name} grows: {name} {'above' if rises else 'below'} "
               f"{num(x)} gives more than {t}.",
            fr=f"{inp.tool} {'augmente' if rises else 'baisse'} quand {name} augmente : {name} "
               f"{'au-dessus' if rises else 'en dessous'} de {num(x)} donne plus de {t}."))
    return KpiResult(
        tool="solve_for", value=x, unit=unit, formula=f"{inp.tool}({name} = {num(x)}) = {num(reached)} (target {t})",
        inputs=inp.model_dump(), warnings=warnings, convention=convention,
        details={"kpi": inp.tool, "field": name, "kpi_value_reached": reached, "searched": [lo, hi]})


def _as_float(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


SPECS.append(ToolSpec(
    id="solve_for", family="meta", title_en="Solve for a target", title_fr="Trouver la valeur cible",
    description_en="Find the value of one input that makes a KPI reach a target (e.g. the highest CAC keeping "
                   "CLV:CAC at 3).",
    description_fr="Trouvez la valeur d'une entrée qui amène un KPI à une cible (ex. le CAC maximal gardant un "
                   "ratio CLV:CAC de 3).",
    input_model=SolveForInput, func=solve_for,
    field_titles=titles(SolveForInput, tool=("Tool", "Outil"), inputs=("Other inputs", "Autres entrées"),
                        field=("Input to find", "Entrée à trouver"), target=("Target value", "Valeur cible")),
))
