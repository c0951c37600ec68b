"""`kpi calc`: the JSON contract, readable output in both languages, and one clear message on bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()
KPI = Path(sys.executable).parent / "kpi"
CONTRACT_KEYS = {"tool", "value", "unit", "formula", "inputs", "convention", "warnings", "verdict"}


def calc(*args):
    return runner.invoke(app, ["calc", *args])


def test_json_output_is_one_object_with_the_contract_keys():
    r = calc("customer_acquisition_cost", "--input", '{"marketing_spend": 1200, "new_customers": 15}', "--json")
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert CONTRACT_KEYS <= set(out)
    assert (out["tool"], out["value"], out["unit"], out["verdict"]) == ("customer_acquisition_cost", 80, "EUR", None)
    assert out["formula"] == "CAC = 1 200 / 15 = 80"


def test_field_value_pairs_are_parsed_as_json_numbers_lists_and_booleans():
    r = calc("funnel_conversion", 'stages=[{"name": "visitors", "count": 1000}, {"name": "leads", "count": 400}]',
             "--json")
    assert json.loads(r.stdout)["value"] == 40
    r = calc("lead_score", "visited_pricing=true", "attended_webinar=true", "target_sector=true", "--json")
    assert json.loads(r.stdout)["value"] == 70


def test_text_values_stay_text_and_pairs_override_input_json():
    r = calc("cost_per_lead", "--input", '{"marketing_spend": 1, "leads": 1}', "marketing_spend=250", "leads=100",
             "segment=B2C", "currency=EUR", "--json")
    out = json.loads(r.stdout)
    assert out["value"] == 2.5 and out["inputs"]["segment"] == "B2C"
    assert out["verdict"]["level"] == "good" and out["verdict"]["source"]


def test_zero_cost_roi_prints_null_value_and_the_warning():
    out = json.loads(calc("marketing_roi", "revenue=2000", "cost=0", "--json").stdout)
    assert out["value"] is None and "infinite" in out["warnings"][0]["en"]


def test_readable_output_in_english_shows_value_formula_conventions_warnings_and_verdict_source():
    r = calc("customer_acquisition_cost", "marketing_spend=1200", "new_customers=15", "average_price=100")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "Customer acquisition cost (CAC): 80 EUR"
    assert "  Formula: CAC = 1 200 / 15 = 80" in lines
    assert "Conventions:" in r.stdout and "Warnings:" in r.stdout
    assert "Verdict: watch — CAC is 80 % of the price 100" in r.stdout
    assert "source: 5 KPI Marketing indispensables" in r.stdout


def test_readable_output_in_french():
    r = calc("marketing_roi", "revenue=1500", "cost=500", "--lang", "fr")
    assert r.stdout.startswith("ROI marketing: 200 %")
    assert "Formule: ROI = (1 500 − 500) / 500 × 100 = 200 %" in r.stdout
    assert "Verdict: bon — Le ROI de 200 %" in r.stdout


def test_undefined_value_reads_as_undefined_in_both_languages():
    assert "Marketing ROI: undefined" in calc("marketing_roi", "revenue=2000", "cost=0").stdout
    assert "ROI marketing: non défini" in calc("marketing_roi", "revenue=2000", "cost=0", "--lang", "fr").stdout


def test_list_shows_every_tool_with_its_fields():
    r = calc("--list")
    assert "customer_acquisition_cost — Customer acquisition cost (CAC) [acquisition]" in r.stdout
    assert "      marketing_spend (required): Marketing spend — " in r.stdout
    assert "lead_score" in r.stdout and "kpi_health" in r.stdout


def test_list_json_is_the_registry_with_schemas():
    tools = json.loads(calc("--list", "--json").stdout)
    cac = next(t for t in tools if t["id"] == "customer_acquisition_cost")
    assert cac["title"]["fr"] == "Coût d'acquisition client (CAC)"
    assert cac["input_schema"]["properties"]["marketing_spend"]["minimum"] == 0
    assert cac["field_titles"]["new_customers"] == {"en": "New customers", "fr": "Nouveaux clients"}


@pytest.mark.parametrize(("args", "expected"), [
    (["customer_acquisition_cost", "marketing_spend=-5", "new_customers=2"],
     "marketing_spend: Input should be greater than or equal to 0"),
    (["customer_acquisition_cost", "marketing_spend=abc", "new_customers=2"],
     "marketing_spend: Input should be a valid number"),
    (["customer_acquisition_cost", "marketing_spend=5", "new_customers=2", "colour=red"], "colour: unknown field"),
    (["customer_acquisiton_cost", "marketing_spend=5"], "Did you mean: customer_acquisition_cost"),
    (["sales_velocity", "opportunities=5", "win_rate_pct=150", "average_deal_value=1", "sales_cycle_days=3"],
     "win_rate_pct: Input should be less than or equal to 100"),
    (["cost_per_lead", "--input", '{"marketing_spend": 5,'], "--input: not valid JSON"),
    (["cost_per_lead", "--input", "[1, 2]"], "--input: must be a JSON object"),
    (["cost_per_lead", "marketing_spend=NaN", "leads=2"], "marketing_spend: Input should be a finite number"),
    (["cost_per_lead", "marketing_spend=Infinity", "leads=2"], "marketing_spend: Input should be a finite number"),
    (["cost_per_lead", "marketing_spend"], "expected field=value"),
    (["cost_per_lead", "leads=1", "leads=2"], "leads: given twice"),
    (["cost_per_lead", "leads=1"], "marketing_spend: required"),
    ([], "name a tool"),
    (["marketing_roi", "revenue=1", "cost=1", "--lang", "de"], "--lang: must be en or fr"),
])
def test_bad_input_exits_2_with_one_message_naming_the_field(args, expected):
    r = calc(*args)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert expected in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_real_kpi_command_prints_the_contract_and_fails_cleanly():
    ok = subprocess.run([str(KPI), "calc", "conversion_rate", "conversions=30", "visitors=1000", "segment=B2C",
                         "--json"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    out = json.loads(ok.stdout)
    assert out["value"] == 3 and out["verdict"]["level"] == "good"
    bad = subprocess.run([str(KPI), "calc", "conversion_rate", "conversions=30", "visitors=-1"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip().startswith("Error: conversion_rate: visitors: Input should be greater than or equal")
    assert "Traceback" not in bad.stderr
