"""`kpi calc`: run any calculator from the registry, as JSON for scripts or as readable text in French or English."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from tools.base import KpiResult
from tools.common import UNIT_WORDS, num
from tools.registry import ToolInputError, ToolSpec, all_tools, get_tool, run_tool
from tools.sources import source_text

BAD_INPUT = 2

WORDS = {
    "en": {"formula": "Formula", "convention": "Conventions", "warnings": "Warnings", "verdict": "Verdict",
           "source": "source", "segment": "segment", "details": "Details", "undefined": "undefined",
           "good": "good", "watch": "watch", "alert": "alert", "inputs": "inputs", "required": "required",
           "all_segments": "all"},
    "fr": {"formula": "Formule", "convention": "Conventions", "warnings": "Avertissements", "verdict": "Verdict",
           "source": "source", "segment": "segment", "details": "Détails", "undefined": "non défini",
           "good": "bon", "watch": "à surveiller", "alert": "alerte", "inputs": "entrées", "required": "obligatoire",
           "all_segments": "tous"},
}


class BadInput(Exception):
    """A command-line input problem, reported as one line and exit code 2."""


def parse_assignments(pairs: list[str]) -> dict[str, Any]:
    """`field=value` pairs → dict; values are read as JSON when they parse (numbers, lists, booleans), else text."""
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise BadInput(f"'{pair}': expected field=value (e.g. marketing_spend=1200)")
        if name in out:
            raise BadInput(f"{name}: given twice")
        try:
            out[name] = json.loads(raw)
        except ValueError:
            out[name] = raw
    return out


def parse_input_json(text: str, lang: str = "en") -> dict[str, Any]:
    """The --input object, or BadInput saying where the JSON breaks (bounded in size, depth and digits)."""
    from assistant.inputs import InputRefused, parse_json_object

    try:
        return parse_json_object(text, "--input")
    except InputRefused as err:
        raise BadInput(err.message(lang)) from None


def format_value(result: KpiResult, lang: str) -> str:
    """The value with its unit, in words of `lang`."""
    if result.value is None:
        return WORDS[lang]["undefined"]
    v = num(result.value)
    if result.unit == "ratio":
        return f"{v}:1"
    if result.unit == "per_day":
        return f"{v} {result.details.get('currency', '')} {UNIT_WORDS['per_day'][lang == 'fr']}".replace("  ", " ")
    if result.unit in UNIT_WORDS:
        word = UNIT_WORDS[result.unit][lang == "fr"]
        return f"{v} {word}".rstrip()
    return f"{v} {result.unit}"


def render(spec: ToolSpec, result: KpiResult, lang: str) -> str:
    """Readable output: value, formula, conventions, warnings, verdict with its source, details."""
    w = WORDS[lang]
    lines = [f"{spec.title(lang)}: {format_value(result, lang)}", f"  {w['formula']}: {result.formula}"]
    for key, items in (("convention", result.convention), ("warnings", result.warnings)):
        if items:
            lines.append(f"  {w[key]}:")
            lines += [f"    - {t.get(lang)}" for t in items]
    if result.verdict:
        v = result.verdict
        lines.append(f"  {w['verdict']}: {w[v.level]} — {v.why.get(lang)}")
        segment = w["all_segments"] if v.segment == "all" else v.segment
        lines.append(f"    ({w['segment']}: {segment}; {w['source']}: {source_text(v.source, lang)})")
    if result.details:
        lines.append(f"  {w['details']}:")
        lines += [f"    {k}: {json.dumps(val, ensure_ascii=False)}" for k, val in result.details.items()]
    return "\n".join(lines)


def list_text(lang: str) -> str:
    """Every tool with its fields, their labels and descriptions."""
    w = WORDS[lang]
    lines = []
    for spec in all_tools():
        lines.append(f"{spec.id} — {spec.title(lang)} [{spec.family}]")
        lines.append(f"    {spec.description(lang)}")
        schema = spec.schema()
        required = set(schema.get("required", []))
        for name, prop in schema["properties"].items():
            req = f" ({w['required']})" if name in required else ""
            lines.append(f"      {name}{req}: {spec.field_title(name, lang)} — {prop.get('description', '')}")
    return "\n".join(lines)


def list_json() -> list[dict[str, Any]]:
    """Every tool as data: id, family, bilingual titles and descriptions, field labels and input schema."""
    return [{"id": s.id, "family": s.family, "title": {"en": s.title_en, "fr": s.title_fr},
             "description": {"en": s.description_en, "fr": s.description_fr},
             "field_titles": {k: {"en": en, "fr": fr} for k, (en, fr) in s.field_titles.items()},
             "input_schema": s.schema()} for s in all_tools()]


def calc(
    tool: Annotated[str | None, typer.Argument(help="Tool id, e.g. customer_acquisition_cost (see --list)")] = None,
    assignments: Annotated[list[str] | None, typer.Argument(
        help="Inputs as field=value, e.g. marketing_spend=1200 new_customers=15", metavar="[FIELD=VALUE]...")] = None,
    input_json: Annotated[str | None, typer.Option("--input", "-i", help="Inputs as one JSON object")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (the public contract)")] = False,
    list_tools: Annotated[bool, typer.Option("--list", help="List every tool with its inputs")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of the readable output: en or fr")] = "en",
) -> None:
    """Run a KPI calculator: `kpi calc customer_acquisition_cost marketing_spend=1200 new_customers=15`."""
    if lang not in WORDS:
        typer.echo(f"Error: --lang: must be en or fr (got {lang!r})", err=True)
        raise typer.Exit(BAD_INPUT)
    if list_tools:
        typer.echo(json.dumps(list_json(), ensure_ascii=False, indent=2) if as_json else list_text(lang))
        return
    try:
        if not tool:
            raise BadInput("name a tool (kpi calc --list shows them all)")
        raw = parse_input_json(input_json, lang) if input_json is not None else {}
        raw.update(parse_assignments(assignments or []))
        spec = get_tool(tool)
        result = run_tool(tool, raw)
    except (BadInput, ToolInputError) as err:
        prefix = "Erreur" if lang == "fr" else "Error"
        typer.echo(f"{prefix}: {err.message(lang) if isinstance(err, ToolInputError) else err}", err=True)
        raise typer.Exit(BAD_INPUT) from None
    if as_json:
        typer.echo(json.dumps(result.contract(), ensure_ascii=False))
    else:
        typer.echo(render(spec, result, lang))


def register(app: typer.Typer) -> None:
    """Add `kpi calc` to the root app."""
    app.command("calc", help="Run a KPI calculator (kpi calc --list to see them).")(calc)
