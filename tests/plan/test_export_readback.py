"""Exports read back the way people open them: the CSV with ',', ';' or a tab as separator (no cell may start a
formula in any of them), the Markdown through a GFM renderer that links bare addresses (user text stays text)."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from assistant.plan.export_text import COLUMNS, md_text, to_csv_text, to_markdown
from assistant.plan.model import ActionRow, Plan, SmartObjective, WizardSettings
from assistant.plan.safe_cells import csv_safe_text
from assistant.plan.wizard import propose_plan
from tools.base import Text

TRIGGERS = ("=", "+", "-", "@")
NUMBER = re.compile(r"-?\d+([.,]\d+)?")
HOSTILE = ["x;=1+1", "a,=b", "c\t=d", "e|@SUM(A1)", 'f";=g', "h\n-2+3", "+33 6 12 34 56 78", "=HYPERLINK(\"x\")",
           " @x", '"=1+1"', "Remise -10 %", "a , -b", "[clic](http://evil.example)", "<b>gras</b>", "**fort**",
           "_souligné_", "www.evil.example", "contact@exemple.fr", "# titre", "`code`", "~~barré~~", "&lt;b&gt;",
           "a | b", "- puce"]


def hostile_plan() -> Plan:
    s = WizardSettings(objective="retention", segment="B2B", offer="service", maturity="established",
                       channels=["emailing", "crm"], crm=True)
    plan = propose_plan(s, name="Client ; =Démo")
    actions = [ActionRow(activity=h, objective=h, kpi="CPL", target=h, status="En cours", owner=h, deadline=h,
                         review_cadence=h) for h in HOSTILE]
    actions.append(ActionRow(activity="Budget", target=-5))
    smart = SmartObjective(metric="cost_per_lead", baseline=4.5, target=3, unit="EUR", deadline="2026-06-30",
                           owner="x;=1+1", sentence=Text(en="Reduce CPL.", fr="Réduire le CPL."))
    return plan.model_copy(update={"actions": actions, "objectives": [smart]})


def _starts_a_formula(cell: str) -> bool:
    """What a spreadsheet would run: a trigger first once spaces and stray quotes are dropped (numbers aside)."""
    head = cell.lstrip(" \t\r\n\"")
    return head[:1] in TRIGGERS and not NUMBER.fullmatch(head.strip(" \""))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("reader_sep", [",", ";", "\t"])
@pytest.mark.parametrize("honours_quotes", [True, False])
def test_no_cell_starts_a_formula_whatever_separator_the_reader_picks(lang, reader_sep, honours_quotes):
    text = to_csv_text(hostile_plan(), lang)
    quoting = csv.QUOTE_MINIMAL if honours_quotes else csv.QUOTE_NONE
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=reader_sep, quoting=quoting) for c in row]
    assert len(cells) >= 30  # one per line at least, many more when the separator matches
    assert [c for c in cells if _starts_a_formula(c)] == []


def test_x_semicolon_formula_opened_with_semicolons_is_text():
    text = to_csv_text(hostile_plan(), "en")  # written with ','
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
    assert any(c.startswith("'=1+1") for c in cells)  # the piece after ';' is the text '=1+1
    assert not any(c.startswith("=1+1") for c in cells)


@pytest.mark.parametrize(("lang", "sep", "decimal"), [("fr", ";", ","), ("en", ",", "."), ("en", "\t", ".")])
def test_the_csv_imports_as_one_table_with_the_plans_fields_on_every_row(lang, sep, decimal):
    plan = hostile_plan()
    frame = pd.read_csv(io.StringIO(to_csv_text(plan, lang, sep)), sep=sep, decimal=decimal, dtype=str,
                        keep_default_na=False)
    assert frame.shape == (len(plan.kpis) + 1 + len(HOSTILE) + 1, len(COLUMNS))
    assert set(frame.iloc[:, 0]) == {"Client ; '=Démo"}
    market = "Marché" if lang == "fr" else "Market"
    channels = "Canaux actifs" if lang == "fr" else "Active channels"
    assert set(frame[market]) == {"B2B"} and set(frame[channels]) == {"Emailing, CRM"}
    target = "Cible" if lang == "fr" else "Target"
    assert frame[target].iloc[-1] == "-5"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("=+-@;,|\t\r\n \"'ab1")), max_size=14))
def test_after_neutralizing_no_piece_of_any_split_starts_a_formula(text):
    safe = csv_safe_text(text)
    pieces = re.split(r"[;,|\t\r\n\"]", safe)
    assert not any(p.lstrip(" \t\r\n\"")[:1] in TRIGGERS for p in pieces)
    assert safe.replace("'", "") == text.replace("'", "")  # only quotes are added: the text is otherwise kept


def _render(md: str) -> str:
    return MarkdownIt("gfm-like").render(md)  # tables, strikethrough, bare links turned into links (linkify)


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_shows_user_text_as_text(value):
    html = _render("| a |\n|---|\n| " + md_text(value) + " |\n")
    cell = re.search(r"<td>(.*?)</td>", html, re.S).group(1)
    for tag in ("<a ", "<em>", "<strong>", "<s>", "<del>", "<b>", "<img", "<h1"):
        assert tag not in cell, (value, cell)
    shown = re.sub(r"</?code>", "", cell)
    expected = value.replace("\n", " ").replace("\t", " ").strip()  # a table cell's edge spaces are not shown
    import html as html_lib

    assert html_lib.unescape(shown) == expected, (value, cell)


def test_a_phone_number_stays_readable_in_markdown_and_has_no_quote_prefix():
    plan = Plan(name="Démo", actions=[ActionRow(activity="Rappeler", owner="+33 6 12 34 56 78")])
    md = to_markdown(plan, "fr")
    assert "| Rappeler |  |  |  |  | +33 6 12 34 56 78 |" in md
    assert "'" not in md.split("## Plan d'action")[1].replace("Plan d'action", "")


def test_the_whole_markdown_export_renders_without_links_or_html_from_user_text():
    html = _render(to_markdown(hostile_plan(), "fr"))
    assert "<a " not in html and "<strong>" not in html and "<b>" not in html and "<h1>Client ; =Démo</h1>" in html
