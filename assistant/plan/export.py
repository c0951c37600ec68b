"""Plan exports: a formatted XLSX workbook, CSV (UTF-8 with BOM for Excel) and Markdown, all injection-safe."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import xlsxwriter

from assistant.plan.catalog import STAGE_TITLES
from assistant.plan.context import FIELDS, context_headers, context_values
from assistant.plan.export_text import to_csv_text, to_markdown
from assistant.plan.model import ACTION_COLUMNS, Plan
from assistant.plan.safe_cells import is_dangerous, is_number

HEADERS = {
    "kpis": {"en": ["Stage", "KPI", "Why", "Formula", "Data source", "Suggested target", "Target source",
                    "Calculator"],
             "fr": ["Étape", "KPI", "Pourquoi", "Formule", "Source des données", "Cible suggérée", "Source de la cible",
                    "Calculateur"]},
    "actions": {"en": ["Activity", "Objective", "KPI", "Target", "Status", "Owner", "Deadline", "Review cadence"],
                "fr": ["Activité", "Objectif", "KPI", "Cible", "Statut", "Responsable", "Échéance",
                       "Fréquence de revue"]},
    "smart": {"en": ["SMART objective", "Metric", "Baseline", "Target", "Unit", "Deadline", "Owner", "To fix"],
              "fr": ["Objectif SMART", "Mesure", "Valeur de départ", "Cible", "Unité", "Échéance", "Responsable",
                     "À corriger"]},
    "defs": {"en": ["KPI id", "Title (EN)", "Title (FR)", "Formula (EN)", "Formule (FR)", "Data source", "Stage",
                    "Calculator"],
             "fr": ["Id du KPI", "Titre (EN)", "Titre (FR)", "Formula (EN)", "Formule (FR)", "Source des données",
                    "Étape", "Calculateur"]},
}
SECTION_TITLES = {"kpis": ("KPIs", "KPI"), "actions": ("Action plan", "Plan d'action"),
                  "smart": ("SMART objectives", "Objectifs SMART"), "context": ("Context", "Contexte")}
__all__ = ["HEADERS", "export_plan", "safe_filename", "to_csv", "to_csv_text", "to_markdown", "to_xlsx"]


def _section(key: str, lang: str) -> str:
    en, fr = SECTION_TITLES[key]
    return fr if lang == "fr" else en


def kpi_rows(plan: Plan, lang: str) -> list[list[object]]:
    """One row per KPI, in the column order of HEADERS['kpis']."""
    return [[STAGE_TITLES[k.stage].get(lang), k.title.get(lang), " ".join(w.get(lang) for w in k.why),
             k.formula.get(lang), k.data_source.get(lang), k.target.text.get(lang), k.target.source or "",
             k.tool or ""] for k in plan.kpis]


def action_rows(plan: Plan) -> list[list[object]]:
    """The action table without the rows the user left blank."""
    return [[getattr(a, c) for c in ACTION_COLUMNS] for a in plan.actions if not a.is_empty()]


def smart_rows(plan: Plan, lang: str) -> list[list[object]]:
    """One row per SMART objective."""
    return [[o.sentence.get(lang), o.metric, o.baseline, o.target, o.unit, o.deadline, o.owner,
             " ".join(i.get(lang) for i in o.issues)] for o in plan.objectives]


def definition_rows(plan: Plan) -> list[list[object]]:
    """The 'KPI definitions' sheet: both languages side by side."""
    return [[k.id, k.title.en, k.title.fr, k.formula.en, k.formula.fr, k.data_source.get("en"),
             STAGE_TITLES[k.stage].en, k.tool or ""] for k in plan.kpis]


def safe_filename(name: str, suffix: str) -> str:
    """A file name made only of safe characters from the plan name (never a path)."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:60] or "plan"
    return f"{stem}{suffix}"


# --- XLSX -----------------------------------------------------------------------------------------------------


def _iso_date(value: object) -> dt.date | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


class _Sheet:
    """Writes typed cells: numbers as numbers, ISO dates as dates, text as text (quote-prefixed when dangerous)."""

    def __init__(self, wb: xlsxwriter.Workbook, ws, widths: list[int]):
        self.ws, self.widths = ws, widths
        self.fmt_text = wb.add_format({"text_wrap": True, "valign": "top"})
        self.fmt_quoted = wb.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})
        self.fmt_int = wb.add_format({"num_format": "#,##0", "valign": "top"})
        self.fmt_num = wb.add_format({"num_format": "#,##0.00", "valign": "top"})
        self.fmt_date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        self.fmt_head = wb.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "border": 1,
                                       "text_wrap": True, "valign": "vcenter"})
        self.fmt_title = wb.add_format({"bold": True, "font_size": 14})

    def cell(self, row: int, col: int, value: object) -> None:
        if is_number(value):
            fmt = self.fmt_int if float(value).is_integer() else self.fmt_num
            self.ws.write_number(row, col, float(value), fmt)
            return
        date = _iso_date(value)
        if date is not None:
            self.ws.write_datetime(row, col, dt.datetime.combine(date, dt.time()), self.fmt_date)
            return
        text = "" if value is None else str(value)
        if not text:
            return  # an empty cell stays blank rather than an empty string
        # write_string never makes a formula; quote_prefix keeps it text even when the user edits the cell.
        self.ws.write_string(row, col, text, self.fmt_quoted if is_dangerous(text) else self.fmt_text)
        self.widths[col] = max(self.widths[col], min(len(text), 60))

    def table(self, row: int, headers: list[str], rows: list[list[object]]) -> int:
        for c, h in enumerate(headers):
            self.ws.write_string(row, c, h, self.fmt_head)
            self.widths[c] = max(self.widths[c], len(h))
        for r, values in enumerate(rows, start=row + 1):
            for c, v in enumerate(values):
                self.cell(r, c, v)
        return row + len(rows) + 1

    def finish(self) -> None:
        for c, w in enumerate(self.widths):
            self.ws.set_column(c, c, max(10, w + 2))


def to_xlsx(plan: Plan, path: Path, lang: str = "en") -> Path:
    """Write the workbook: 'Plan' (KPIs, SMART objectives, action table), 'KPI definitions' and 'Context' (the
    wizard's answers the plan was built from)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    ws = wb.add_worksheet("Plan")
    sheet = _Sheet(wb, ws, [0] * 8)
    ws.write_string(0, 0, plan.name, sheet.fmt_quoted if is_dangerous(plan.name) else sheet.fmt_title)
    ws.freeze_panes(2, 0)  # the KPI header stays visible
    row = sheet.table(1, HEADERS["kpis"][lang], kpi_rows(plan, lang)) + 1
    ws.write_string(row, 0, _section("smart", lang), sheet.fmt_title)
    row = sheet.table(row + 1, HEADERS["smart"][lang], smart_rows(plan, lang)) + 1
    ws.write_string(row, 0, _section("actions", lang), sheet.fmt_title)
    sheet.table(row + 1, HEADERS["actions"][lang], action_rows(plan))
    sheet.finish()
    defs = wb.add_worksheet("KPI definitions")
    dsheet = _Sheet(wb, defs, [0] * 8)
    defs.freeze_panes(1, 0)
    dsheet.table(0, HEADERS["defs"][lang], definition_rows(plan))
    dsheet.finish()
    ctx = wb.add_worksheet("Context")
    csheet = _Sheet(wb, ctx, [0, 0])
    values, heads = context_values(plan.settings, lang), context_headers(lang)
    csheet.table(0, [_section("context", lang), ""], [[heads[f], values[f]] for f in FIELDS])
    csheet.finish()
    wb.close()
    return path


# --- CSV and Markdown: assistant.plan.export_text ----------------------------------------------------------------


def to_csv(plan: Plan, path: Path, lang: str = "en", sep: str | None = None) -> Path:
    """Write the CSV table in UTF-8 with a BOM, so Excel reads the accents."""
    path.write_text(to_csv_text(plan, lang, sep), encoding="utf-8-sig", newline="")
    return path


def export_plan(plan: Plan, kind: str, out_dir: Path, lang: str = "en") -> Path:
    """Write one export ('xlsx', 'csv' or 'md') inside out_dir and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if kind == "xlsx":
        return to_xlsx(plan, out_dir / safe_filename(plan.name, ".xlsx"), lang)
    if kind == "csv":
        return to_csv(plan, out_dir / safe_filename(plan.name, ".csv"), lang)
    if kind == "md":
        path = out_dir / safe_filename(plan.name, ".md")
        path.write_text(to_markdown(plan, lang), encoding="utf-8")
        return path
    raise ValueError(f"unknown export format '{kind}' (xlsx, csv or md)")
