"""The selection's data: every KPI says why it matters in both languages, every business model has its KPIs,
every cited entry exists, the situation words are unambiguous, and a declaration without a `fit` is refused."""

from __future__ import annotations

import re
import typing

import pytest
import yaml

from assistant.selection.answer import entry_hit
from assistant.selection.kpis import STAGES, universe
from assistant.selection.profile import HERE, _phrases, read_profile, rules
from knowledge.language import normalize
from tools.declaration import BusinessModel, Channel, Declaration, completeness_problems
from tools.registry import get_tool

MODELS = [m for m in typing.get_args(BusinessModel) if m != "general"]


@pytest.mark.parametrize("kpi", list(universe()))
def test_every_proposable_kpi_says_why_it_matters_in_french_and_english(kpi):
    k = universe()[kpi]
    assert "general" in k.decl.fit
    for model, fit in k.decl.fit.items():
        assert fit.why.en and fit.why.fr and fit.why.en != fit.why.fr, (kpi, model)
        for text in (fit.why.en, fit.why.fr):  # figures only where an article or a named rule gives them
            assert not re.search(r"\d", SOURCED_FIGURES.sub("", text)), (kpi, model, text)


SOURCED_FIGURES = re.compile(r"B2[BC]|1[, ]000|5 (?:to|à) 7|3 (?:to|pour) 1|2, 3, 4 (?:or|ou) 5")


@pytest.mark.parametrize("model", MODELS)
def test_every_business_model_has_core_kpis_and_a_kpi_at_each_stage(model):
    fits = {k.id: k.fit(model) for k in universe().values() if k.fit(model) is not None}
    core = [kid for kid, f in fits.items() if f.weight == 3]
    assert 3 <= len(core) <= 5, (model, core)
    assert {universe()[kid].stage for kid in fits} == set(STAGES), model
    assert entry_hit(rules()["models"][model]["entry"], "fr") is not None


def test_every_cited_entry_exists():
    entries = [k.entry for k in universe().values()]
    entries += [m["entry"] for m in rules()["models"].values()]
    entries += [o["entry"] for o in rules()["objectives"].values()]
    entries += [m["entry"] for m in rules()["maturity"].values() if m["entry"]]
    entries += [s["entry"] for s in rules()["segments"].values()]
    missing = [e for e in entries if entry_hit(e, "en") is None]
    assert missing == []


def test_rules_name_only_known_kpis_channels_and_needs():
    known = set(universe())
    for section in ("objectives", "segments", "offers"):
        for spec in rules()[section].values():
            assert set(spec["kpis"]) <= known
    for m in rules()["maturity"].values():
        assert set(m["prefer"]) | set(m["hold_back"]) <= known
    assert set(rules()["channels"]) == set(typing.get_args(Channel))
    for k in universe().values():
        assert set(k.decl.needs) <= set(rules()["needs"]), k.id
    for group in rules()["variants"]:
        assert set(group) <= known | {"retention_over_period", "click_to_open_rate"}


@pytest.mark.parametrize("channel", typing.get_args(Channel))
def test_every_channel_has_a_kpi_that_measures_it(channel):
    assert any(channel in k.decl.channels and not k.decl.vanity for k in universe().values())


def test_no_phrase_means_two_things_in_the_same_dimension():
    raw = yaml.safe_load((HERE / "words.yaml").read_text(encoding="utf-8"))
    for dimension in ("model", "segment", "offer", "objective", "maturity", "channel"):
        seen: dict[str, str] = {}
        for value, spec in raw[dimension].items():
            for phrase in (*spec.get("en", ()), *spec.get("fr", ())):
                key = normalize(str(phrase))
                assert seen.get(key, value) == value, (dimension, phrase, seen[key], value)
                seen[key] = value
    assert _phrases()[0]  # every phrase compiles


@pytest.mark.parametrize(("text", "field", "value"), [
    ("salon de coiffure depuis #0 ans", "model", "local"),
    ("salon de coiffure depuis #0 ans", "channels", ()),
    ("on expose sur un salon professionnel", "channels", ("events",)),
    ("boutique en ligne", "model", "online_shop"),
    ("petite boutique de quartier", "model", "local"),
    ("j'utilise un logiciel de caisse", "model", None),
    ("what is a good CAC in my industry", "model", None),
    ("sans CRM", "data", {"crm": False}),
    ("we use HubSpot", "data", {"crm": True}),
    ("we don't have a CRM yet", "data", {"crm": False}),
    ("B2B services SME", "segment", "B2B"),
    ("our customers leave after 3 months", "objective", "retention"),
    ("je veux plus de clients et fidéliser", "objective", "retention"),
    ("I want to track my followers", "asked", ("followers",)),
    ("nos abonnés partent", "asked", ()),
])
def test_situation_words(text, field, value):
    assert getattr(read_profile(normalize(text)), field) == value


def test_a_declaration_with_a_stage_but_no_general_why_is_refused():
    spec = get_tool("cost_per_click")
    broken = Declaration.model_validate({**spec.kpi.model_dump(), "fit": {}})
    assert "cost_per_click: a KPI with a funnel stage says why it matters in general (fit.general)" in \
        completeness_problems(broken, spec.input_model, spec.is_calculator)
