"""`kpi plan list|show|export`: an owner's saved plans from the command line, each export read back."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import load_settings
from assistant.plan.model import ActionRow, WizardSettings
from assistant.plan.store import PlanStore
from assistant.plan.wizard import propose_plan

runner = CliRunner()


@pytest.fixture
def saved():
    """Two versions of 'Client A' for the login alice, one plan of another owner."""
    store = PlanStore.from_settings(load_settings())
    plan = propose_plan(WizardSettings(objective="growth", segment="B2B", offer="service", maturity="starting",
                                       channels=["seo"]), name="Client A")
    plan = plan.model_copy(update={"actions": [ActionRow(activity="x;=1+1", owner="+33 6 12 34 56 78")]})
    store.save("user:alice", plan)
    store.save("user:alice", plan)
    store.save("user:bob", plan.model_copy(update={"name": "Client B"}))
    return plan


def kpi(*args):
    return runner.invoke(app, ["plan", *args])


def test_list_shows_only_the_owners_plans_with_their_versions(saved):
    r = kpi("list", "--user", "alice", "--json")
    assert r.exit_code == 0, r.output
    listed = json.loads(r.stdout)
    assert [p["name"] for p in listed] == ["Client A"] and [v["version"] for v in listed[0]["versions"]] == [1, 2]
    text = kpi("list", "--user", "alice", "--lang", "fr").stdout
    assert text.startswith("Client A\t2 version(s)\tv2 — ") and text.rstrip().endswith(" UTC")
    assert kpi("list", "--owner", "user:bob").stdout.startswith("Client B")


def test_show_prints_markdown_or_json(saved):
    md = kpi("show", "Client A", "--user", "alice", "--lang", "fr").stdout
    assert md.startswith("# Client A\n\nObjectif : Croissance · Marché : B2B")
    assert "| x;=1+1 |" in md and "+33 6 12 34 56 78" in md  # text as typed, no spreadsheet quote
    plan = json.loads(kpi("show", "Client A", "--user", "alice", "--json", "--version", "1").stdout)
    assert plan["name"] == "Client A" and plan["settings"]["segment"] == "B2B"


@pytest.mark.parametrize(("sep", "char"), [(",", ","), (";", ";"), ("tab", "\t")])
def test_export_csv_with_each_separator_reads_back_as_one_table(saved, tmp_path, sep, char):
    r = kpi("export", "Client A", "--user", "alice", "--format", "csv", "--sep", sep, "--out", str(tmp_path))
    assert r.exit_code == 0, r.output
    path = tmp_path / "Client-A.csv"
    assert r.stdout.strip() == str(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=char))
    assert len(rows) == 1 + len(saved.kpis) + 1 and {len(r) for r in rows} == {len(rows[0])}
    action = dict(zip(rows[0], rows[-1], strict=True))
    assert action["Activity"] == "x;'=1+1" and action["Owner"] == "'+33 6 12 34 56 78"


def test_export_xlsx_and_md_to_a_named_file(saved, tmp_path):
    xlsx = tmp_path / "out.xlsx"
    assert kpi("export", "Client A", "--user", "alice", "-f", "xlsx", "-o", str(xlsx), "--lang", "fr").exit_code == 0
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Plan", "KPI definitions", "Context"] and book["Plan"]["A1"].value == "Client A"
    md = tmp_path / "plan.md"
    assert kpi("export", "Client A", "--user", "alice", "-f", "md", "-o", str(md)).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# Client A\n")


@pytest.mark.parametrize(("args", "message"), [
    (["list"], "give the plans' owner: --user NAME (a login) or --owner ID (not both)"),
    (["show", "Client A", "--user", "bob"], "No plan named 'Client A'."),
    (["show", "Client A", "--user", "alice", "--version", "9"], "Plan 'Client A' has no version 9."),
    (["export", "Client A", "--user", "alice", "-f", "pdf"], "--format: must be xlsx, csv or md (got 'pdf')"),
    (["export", "Client A", "--user", "alice", "-f", "csv", "--sep", "|"], "--sep: must be ',', ';' or 'tab'"),
])
def test_bad_requests_exit_2_with_one_message(saved, args, message):
    r = kpi(*args)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"Error: {message}")
    assert "Traceback" not in r.output
