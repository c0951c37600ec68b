"""Every calculator is declared once, completely, in both languages; the rest of the product reads that."""

from __future__ import annotations

from typing import get_args

import pytest
import yaml
from pydantic import BaseModel

from tools.declaration import DECLARATIONS, Declaration, Kind, completeness_problems, field_kinds, glossary, load
from tools.registry import DeclarationError, all_tools, declared, get_tool


def test_every_tool_has_a_declaration_file_and_every_file_a_tool():
    ids = {t.id for t in all_tools()}
    files = {p.stem for p in DECLARATIONS.glob("*.yaml") if not p.stem.startswith("_")}
    assert files == ids


@pytest.mark.parametrize("tool", [t.id for t in all_tools()])
def test_each_declaration_is_complete(tool):
    spec = get_tool(tool)
    assert completeness_problems(spec.kpi, spec.input_model, spec.is_calculator) == []
    assert spec.kpi.names.en and spec.kpi.names.fr


@pytest.mark.parametrize("tool", [t.id for t in all_tools() if t.is_calculator])
def test_every_numeric_input_has_words_in_both_languages_and_a_kind_from_its_schema(tool):
    spec = get_tool(tool)
    for name, kind in spec.kinds().items():
        assert kind in get_args(Kind)
        words = spec.words(name)
        assert words.en and words.fr, f"{tool}.{name}"


def test_a_kind_is_read_from_the_schema_not_guessed_from_the_name():
    class Odd(BaseModel):
        spend_but_a_count: int = 0

    assert field_kinds(Odd) == {}  # no declared unit: not a numeric input the reader may fill
    assert get_tool("customer_acquisition_cost").kinds()["founder_hours"] == "hours"
    assert get_tool("customer_acquisition_cost").kinds()["average_price"] == "money"  # optional money field


def test_registration_refuses_a_declaration_missing_a_language(tmp_path, monkeypatch):
    spec = get_tool("cost_per_click")
    broken = spec.kpi.model_copy(update={"names": spec.kpi.names.model_copy(update={"fr": ()})})
    monkeypatch.setattr("tools.registry.load_declaration", lambda _id: broken)
    with pytest.raises(DeclarationError, match="names needed in English and French"):
        declared(spec)


def test_registration_refuses_words_for_a_field_the_calculator_does_not_have(monkeypatch):
    spec = get_tool("cost_per_click")
    data = yaml.safe_load((DECLARATIONS / "cost_per_click.yaml").read_text(encoding="utf-8"))
    data["fields"]["budgett"] = {"words": {"en": ["x"], "fr": ["y"]}}
    monkeypatch.setattr("tools.registry.load_declaration", lambda _id: Declaration.model_validate(
        {"id": "cost_per_click", **data}))
    with pytest.raises(DeclarationError, match="'budgett' is not an input"):
        declared(spec)


def test_an_auxiliary_figure_must_say_its_kind():
    with pytest.raises(ValueError, match="needs a kind"):
        Declaration.model_validate({"id": "x", "names": {"en": ["x"], "fr": ["x"]},
                                    "aux": {"sent": {"words": {"en": ["sent"], "fr": ["envoyés"]}}}})


def test_glossary_entries_name_real_inputs():
    inputs = {n for t in all_tools() for n in t.input_model.model_fields}
    assert set(glossary()) <= inputs


def test_derivations_compute_a_real_input_from_declared_figures():
    decl = load("email_open_rate")
    (d,) = decl.derive
    assert (d.field, d.op, d.args) == ("delivered", "minus", ("sent", "bounced"))
    assert "{a}" in d.explain.fr and "{result}" in d.explain.en


def test_directions_are_declared_where_the_data_tab_and_compare_need_them():
    assert get_tool("customer_acquisition_cost").kpi.better == "lower"
    assert get_tool("conversion_rate").kpi.better == "higher"
    assert get_tool("churn_rate").kpi.better == "lower"
