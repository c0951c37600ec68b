"""The one list of tools. The CLI, the app, the LLM adapter, the offline engine and the MCP server all read it."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from tools.base import KpiResult
from tools.declaration import Declaration, completeness_problems, field_kinds, field_words
from tools.declaration import load as load_declaration
from tools.input_errors import describe


@dataclass(frozen=True)
class ToolSpec:
    """One calculator: its id, bilingual titles and descriptions, input model and function."""

    id: str
    family: str
    title_en: str
    title_fr: str
    description_en: str
    description_fr: str
    input_model: type[BaseModel]
    func: Callable[[Any], KpiResult]
    # Bilingual label of every input field: {"marketing_spend": ("Marketing spend", "Dépenses marketing")}.
    field_titles: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Everything else the product knows about the KPI (tools/kpis/<id>.yaml), attached at registration.
    declaration: Declaration | None = None

    @property
    def kpi(self) -> Declaration:
        """The KPI's declaration (names, field words, stage, direction...)."""
        if self.declaration is None:
            raise LookupError(f"{self.id} was not registered through the registry")
        return self.declaration

    @property
    def is_calculator(self) -> bool:
        """A KPI calculator (not what_if, solve_for or kpi_health, which run other tools)."""
        return self.family != "meta"

    def kinds(self) -> dict[str, str]:
        """Kind of every numeric input (money, count, %, days...), read from the input schema."""
        return field_kinds(self.input_model)

    def words(self, name: str):
        """The words that name one input or auxiliary figure of this KPI, in both languages."""
        return field_words(self.kpi, name)

    def title(self, lang: str) -> str:
        """Title in `lang`."""
        return self.title_fr if lang == "fr" else self.title_en

    def description(self, lang: str) -> str:
        """Description in `lang`."""
        return self.description_fr if lang == "fr" else self.description_en

    def field_title(self, name: str, lang: str) -> str:
        """Label of one input field in `lang`."""
        en, fr = self.field_titles.get(name, (name, name))
        return fr if lang == "fr" else en

    def schema(self) -> dict[str, Any]:
        """JSON schema of the input."""
        return self.input_model.model_json_schema()


class ToolInputError(ValueError):
    """Bad input for a tool: one clear message naming the field and the rule."""

    def __init__(self, message: str, tool: str | None = None, field: str | None = None,
                 message_fr: str | None = None):
        super().__init__(message)
        self.tool = tool
        self.field = field
        self.message_fr = message_fr

    def message(self, lang: str) -> str:
        """The message in `lang` (French when a French wording exists, English otherwise)."""
        return self.message_fr if lang == "fr" and self.message_fr else str(self)


_REGISTRY: dict[str, ToolSpec] = {}


class DeclarationError(ValueError):
    """A tool registered without a complete declaration (a language, a field's words, its stage...)."""


def declared(spec: ToolSpec) -> ToolSpec:
    """The spec with its declaration attached, or DeclarationError naming everything it lacks."""
    decl = load_declaration(spec.id)
    problems = completeness_problems(decl, spec.input_model, spec.family != "meta")
    if problems:
        raise DeclarationError("; ".join(problems))
    return dataclasses.replace(spec, declaration=decl)


_LOADING = threading.Lock()


def _load_families() -> None:
    # Explicit registration of every family's calculators, on first use (no import side effects, no cycle).
    if _REGISTRY:
        return
    with _LOADING:
        if not _REGISTRY:
            from tools.families import register_all

            staged: dict[str, ToolSpec] = {}

            def register(spec: ToolSpec) -> None:
                if spec.id in staged:
                    raise ValueError(f"duplicate tool id {spec.id}")
                staged[spec.id] = declared(spec)

            register_all(register)
            _REGISTRY.update(staged)  # all at once: another thread never sees half a registry


def all_tools() -> list[ToolSpec]:
    """Every registered tool, in registration order."""
    _load_families()
    return list(_REGISTRY.values())


def is_tool(tool_id: str) -> bool:
    """True when a tool with this id is registered."""
    _load_families()
    return tool_id in _REGISTRY


def get_tool(tool_id: str) -> ToolSpec:
    """The tool with this id, or ToolInputError listing close ids."""
    _load_families()
    try:
        return _REGISTRY[tool_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(tool_id, _REGISTRY, n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else " Run `kpi calc --list` to see them."
        raise ToolInputError(f"Unknown tool '{tool_id}'.{hint}", tool=tool_id) from None


def describe_validation_error(err: ValidationError, lang: str = "en") -> tuple[str, str | None]:
    """One readable line per problem, naming the field and the rule; and the first field named."""
    return describe(err, lang)


def validate_input(tool_id: str, raw: dict[str, Any]) -> BaseModel:
    """Validated input model for a tool, or ToolInputError."""
    spec = get_tool(tool_id)
    if not isinstance(raw, dict):
        raise ToolInputError(f"{tool_id}: the input must be an object of field: value pairs.", tool=tool_id)
    try:
        return spec.input_model.model_validate(raw)
    except ValidationError as err:
        msg, fld = describe(err, "en")
        raise ToolInputError(f"{tool_id}: {msg}", tool=tool_id, field=fld,
                             message_fr=f"{tool_id} : {describe(err, 'fr')[0]}") from None


def run_tool(tool_id: str, raw: dict[str, Any]) -> KpiResult:
    """Validate `raw` against the tool's input model and run it. Raises ToolInputError on bad input only."""
    spec = get_tool(tool_id)
    return spec.func(validate_input(tool_id, raw))
