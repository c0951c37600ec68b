"""What the product knows about one KPI, declared once in `tools/kpis/<tool id>.yaml` and read by everything else.

A declaration says, in French and English, how people name the KPI and each of its inputs, plus the facts the
rest of the product needs: funnel stage, which direction is better, numerator and denominator, segments, the data
it needs, related KPIs. The offline reader, the plan catalog, the data tab and the LLM tool descriptions all read
it; a new phrasing is a change here (an alias, a field word), reviewed like code.

Words are written naturally ("dépensé", "new customers"); the reader normalises them. A field's kind (money,
count, %, months...) is never declared: it is read from the calculator's input schema (`field_kinds`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from tools.base import Text

DECLARATIONS = Path(__file__).with_name("kpis")
Stage = Literal["awareness", "consideration", "conversion", "loyalty"]
Need = Literal["analytics", "crm", "automation", "ads", "email", "social", "sales_records"]
Kind = Literal["money", "count", "%", "months", "days", "hours", "times", "periods", "number", "amount"]
# Business models the KPI selection knows; "general" is the line used when the business model is not known.
BusinessModel = Literal["online_shop", "saas", "services", "local", "industry", "general"]
# Marketing channels (article 004's channel table, plus trade shows and events).
Channel = Literal["seo", "sea", "emailing", "social", "influence", "crm", "content", "events"]


class Words(BaseModel):
    """Phrases in each language (either may be empty in a glossary entry extended elsewhere)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: tuple[str, ...] = ()
    fr: tuple[str, ...] = ()

    def get(self, lang: str) -> tuple[str, ...]:
        """The phrases of one language."""
        return self.fr if lang == "fr" else self.en

    def both(self) -> tuple[str, ...]:
        """Every phrase, English first."""
        return self.en + self.fr

    def __add__(self, other: Words) -> Words:
        return Words(en=tuple(dict.fromkeys(self.en + other.en)), fr=tuple(dict.fromkeys(self.fr + other.fr)))


class FieldWords(BaseModel):
    """How users name one input (or auxiliary figure) of this KPI."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: Words = Field(default_factory=Words, description="Nouns and verbs that name the figure")
    # Words that say the figure is NOT this field even though a field word is near ("30 commerciaux").
    not_words: Words = Field(default_factory=Words)
    glossary: str | None = Field(None, description="Shared glossary entry whose words this field also uses")
    kind: Kind | None = Field(None, description="Only for auxiliary figures (inputs read it from their schema)")


class Derivation(BaseModel):
    """An input computed from figures users give instead: delivered = sent − bounced."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str
    op: Literal["minus", "plus", "times", "sum", "percent_of", "balance"]
    args: tuple[str, ...] = Field(min_length=2)
    explain: Text = Field(description="One sentence shown to the user, with {a}, {b}, {c}, {result} placeholders")
    optional: tuple[str, ...] = Field((), description="Figures counted as 0 when not given (no bounces said)")


class Sequence(BaseModel):
    """Two counts of the same thing at two moments ('500 customers in January, 460 in June')."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    first: str
    then: str


class Note(BaseModel):
    """A sentence said with the KPI's result when the question uses certain words ('win rate')."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    when: Words
    text: Text


class Fit(BaseModel):
    """Why a KPI matters for one business model, in one line per language, and how central it is there."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weight: int = Field(2, ge=1, le=3, description="3: one of the model's core KPIs; 2: useful; 1: possible")
    why: Text = Field(description="One line on why it matters for this kind of business")


class Declaration(BaseModel):
    """One KPI (or one meta tool) as the whole product knows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    names: Words = Field(description="Names, acronyms and paraphrases of the KPI")
    stage: Stage | None = None
    result: Literal["money", "%", "ratio", "months", "points"] | None = Field(None, description="Unit of the value")
    better: Literal["higher", "lower"] | None = None
    ratio: tuple[str, str] | None = Field(None, description="Numerator and denominator fields")
    segments: tuple[str, ...] = ("B2B", "B2C")
    needs: tuple[Need, ...] = ()
    related: tuple[str, ...] = ()
    variants: tuple[str, ...] = Field((), description="Other calculators the same name may mean, by the figures given")
    unnamed_is: str | None = Field(None, description=(
        "The calculator the same figures mean when this KPI is not named ('spent $1,500, brought in $6,000': an ROI,"
        " the ROAS only when named)"))
    notations: tuple[str, ...] = Field((), description="How a value of this KPI is written ('3:1' -> ':1')")
    vanity: bool = False
    # The KPI's own value is this input of other calculators ("a CAC of 80 €" fills clv_cac_ratio.cac).
    value_is: tuple[str, ...] = ()
    money_basis: dict[str, str] = Field(default_factory=dict, description=(
        "Inputs set when the figures are amounts of money, not counts (pipeline contribution by value)"))
    fields: dict[str, FieldWords] = Field(default_factory=dict)
    aux: dict[str, FieldWords] = Field(default_factory=dict, description="Figures that are not inputs but derive one")
    derive: tuple[Derivation, ...] = ()
    sequence: Sequence | None = None
    notes: tuple[Note, ...] = ()
    formula: Text | None = Field(None, description="The formula in words, for plans and definitions")
    data_source: Text | None = Field(None, description="Where the figures come from")
    # What the KPI selection (chat and plan wizard) reads: how much, and why, the KPI matters per business model,
    # the channels whose main KPI it is, and the knowledge entry cited when it is proposed (default kpi-<id>).
    fit: dict[BusinessModel, Fit] = Field(default_factory=dict, description="Priority and why, per business model")
    channels: tuple[Channel, ...] = Field((), description="Channels this KPI is a main measure of")
    entry: str | None = Field(None, description="Knowledge entry cited when the KPI is proposed")

    @model_validator(mode="after")
    def _aux_have_kinds(self) -> Declaration:
        for name, f in self.aux.items():
            if f.kind is None:
                raise ValueError(f"{self.id}: auxiliary figure '{name}' needs a kind")
        for d in self.derive:
            unknown = [a for a in d.args if a not in self.aux and a not in self.fields]
            if unknown:
                raise ValueError(f"{self.id}: derivation of {d.field} uses undeclared figures {unknown}")
        return self


@functools.cache
def glossary() -> dict[str, Words]:
    """Words shared by fields of the same meaning across calculators (`kpis/_glossary.yaml`)."""
    raw = yaml.safe_load((DECLARATIONS / "_glossary.yaml").read_text(encoding="utf-8"))
    return {name: Words.model_validate(words) for name, words in raw.items()}


@functools.cache
def load(tool_id: str) -> Declaration:
    """The declaration of one tool (`kpis/<tool_id>.yaml`)."""
    path = DECLARATIONS / f"{tool_id}.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Declaration.model_validate({"id": tool_id, **data})


@functools.cache
def metrics() -> dict[str, Declaration]:
    """Metrics a plan may hold that have no calculator (`kpis/_metrics.yaml`): read in the analytics or ad tools."""
    raw = yaml.safe_load((DECLARATIONS / "_metrics.yaml").read_text(encoding="utf-8"))
    return {mid: Declaration.model_validate({"id": mid, **data}) for mid, data in raw.items()}


def field_words(decl: Declaration, name: str) -> Words:
    """All the words of one input or auxiliary figure: its own, then its glossary entry's."""
    own = decl.fields.get(name) or decl.aux.get(name) or FieldWords()
    # an input shares its glossary entry by name; an auxiliary figure only when it says so
    entry = own.glossary or (name if name not in decl.aux else None)
    shared = glossary().get(entry, Words()) if entry else Words()
    return own.words + shared


def _unit(prop: dict[str, Any]) -> str | None:
    if "unit" in prop:
        return prop["unit"]
    for option in prop.get("anyOf", ()):
        if "unit" in option:
            return option["unit"]
    return None


@functools.cache
def field_kinds(input_model: type[BaseModel]) -> dict[str, str]:
    """Kind of every numeric input, read from the schema's `unit` (fields without one are not numeric)."""
    props = input_model.model_json_schema().get("properties", {})
    out = {}
    for name, prop in props.items():
        unit = _unit(prop)
        if unit is not None:
            out[name] = unit
    return out


def completeness_problems(decl: Declaration, input_model: type[BaseModel], is_calculator: bool) -> list[str]:
    """What a declaration lacks: names in both languages, and words in both languages for every numeric input."""
    problems = []
    if not decl.names.en or not decl.names.fr:
        problems.append(f"{decl.id}: names needed in English and French")
    if decl.stage is not None and "general" not in decl.fit:
        problems.append(f"{decl.id}: a KPI with a funnel stage says why it matters in general (fit.general)")
    if not is_calculator:
        return problems
    for name in field_kinds(input_model):
        words = field_words(decl, name)
        if not words.en or not words.fr:
            problems.append(f"{decl.id}.{name}: words needed in English and French")
    for name in decl.fields:
        if name not in input_model.model_fields:
            problems.append(f"{decl.id}: '{name}' is not an input of the calculator")
    for fld in (*(decl.ratio or ()), *(d.field for d in decl.derive)):
        if fld not in input_model.model_fields:
            problems.append(f"{decl.id}: '{fld}' is not an input of the calculator")
    if decl.stage is None or decl.better is None or decl.result is None:
        problems.append(f"{decl.id}: a calculator declares its funnel stage, result unit and better direction")
    return problems
