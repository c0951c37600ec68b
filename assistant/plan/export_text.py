"""The plan as text files: one importable CSV table and Markdown that shows the user's words as words.

CSV: one header row, then one row per KPI, SMART objective and action, each carrying the plan's own fields (name
and wizard context) so several plans' files can be stacked. Every field is quoted, and every place where a reader
could start a cell — whatever separator it picks — is neutralized (`safe_cells.csv_safe_text`).

Markdown: the user's text is escaped so it renders as typed — no emphasis, link, image, HTML or heading made from
it, web addresses and e-mails shown as code (GitHub would otherwise turn them into links) — and no "'" prefix,
which only spreadsheets need.
"""

from __future__ import annotations

import csv
import io
import re

from assistant.plan.catalog import CATALOG, STAGE_TITLES
from assistant.plan.context import FIELDS, context_headers, context_line, context_values
from assistant.plan.model import Plan
from assistant.plan.safe_cells import csv_safe_text, is_number

COLUMNS = ("plan", *FIELDS, "row_type", "stage", "kpi", "why", "formula", "data_source", "target", "target_source",
           "calculator", "smart_objective", "baseline", "unit", "activity", "action_objective", "status", "owner",
           "deadline", "review_cadence", "warnings")
_HEADERS = {
    "plan": ("Plan", "Plan"), "row_type": ("Row type", "Type de ligne"), "stage": ("Stage", "Étape"),
    "kpi": ("KPI", "KPI"), "why": ("Why", "Pourquoi"), "formula": ("Formula", "Formule"),
    "data_source": ("Data source", "Source des données"), "target": ("Target", "Cible"),
    "target_source": ("Target source", "Source de la cible"), "calculator": ("Calculator", "Calculateur"),
    "smart_objective": ("SMART objective", "Objectif SMART"), "baseline": ("Baseline", "Valeur de départ"),
    "unit": ("Unit", "Unité"), "activity": ("Activity", "Activité"),
    "action_objective": ("Action objective", "Objectif de l'action"), "status": ("Status", "Statut"),
    "owner": ("Owner", "Responsable"), "deadline": ("Deadline", "Échéance"),
    "review_cadence": ("Review cadence", "Fréquence de revue"), "warnings": ("To fix", "À corriger"),
}
ROW_TYPES = {"kpi": ("KPI", "KPI"), "objective": ("SMART objective", "Objectif SMART"),
             "action": ("Action", "Action")}


def _t(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "fr" else pair[0]


def csv_headers(lang: str) -> list[str]:
    """The table's header row in `lang`."""
    ctx = context_headers(lang)
    return [ctx[c] if c in ctx else _t(_HEADERS[c], lang) for c in COLUMNS]


def table_rows(plan: Plan, lang: str) -> list[dict[str, object]]:
    """One dict per KPI, SMART objective and non-blank action, keyed by COLUMNS (missing keys are empty)."""
    base = {"plan": plan.name, **context_values(plan.settings, lang)}
    rows: list[dict[str, object]] = []
    for k in plan.kpis:
        rows.append({**base, "row_type": _t(ROW_TYPES["kpi"], lang), "stage": STAGE_TITLES[k.stage].get(lang),
                     "kpi": k.title.get(lang), "why": " ".join(w.get(lang) for w in k.why),
                     "formula": k.formula.get(lang), "data_source": k.data_source.get(lang),
                     "target": k.target.text.get(lang), "target_source": k.target.source or "",
                     "calculator": k.tool or ""})
    for o in plan.objectives:
        kpi = CATALOG[o.metric].title.get(lang) if o.metric in CATALOG else o.metric
        rows.append({**base, "row_type": _t(ROW_TYPES["objective"], lang), "kpi": kpi,
                     "smart_objective": o.sentence.get(lang), "baseline": o.baseline, "target": o.target,
                     "unit": o.unit, "owner": o.owner, "deadline": o.deadline,
                     "warnings": " ".join(i.get(lang) for i in o.issues)})
    for a in plan.actions:
        if a.is_empty():
            continue
        rows.append({**base, "row_type": _t(ROW_TYPES["action"], lang), "kpi": a.kpi, "target": a.target,
                     "activity": a.activity, "action_objective": a.objective, "status": a.status, "owner": a.owner,
                     "deadline": a.deadline, "review_cadence": a.review_cadence})
    return rows


def _csv_cell(value: object, decimal_comma: bool) -> str:
    if is_number(value):
        text = repr(float(value)) if not float(value).is_integer() else str(int(value))
        return text.replace(".", ",") if decimal_comma else text
    return csv_safe_text("" if value is None else str(value))


def to_csv_text(plan: Plan, lang: str = "en", sep: str | None = None) -> str:
    """The plan as one table, every field quoted; ';' (the French default) writes decimal commas for French Excel."""
    sep = sep or (";" if lang == "fr" else ",")
    if sep not in (",", ";", "\t"):
        raise ValueError("sep must be ',', ';' or a tab")
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow([csv_safe_text(h) for h in csv_headers(lang)])
    comma = sep == ";"
    for row in table_rows(plan, lang):
        w.writerow([_csv_cell(row.get(c, ""), comma) for c in COLUMNS])
    return buf.getvalue()


# --- Markdown ---------------------------------------------------------------------------------------------------

_LINKISH = re.compile(r"(?i)\b(?:(?:https?|ftp)://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Characters that make Markdown out of text: always escaped ('\\ ` * [ ] < | ~'), or where they would act — an
# underscore at a word's edge (intraword '_' is plain text), '&' opening an entity, '#' or '>' opening a line.
_SPECIAL = re.compile(r"([\\`*\[\]<|~])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;)|^[#>]|#+$")


def _code(text: str) -> str:
    """`text` as a code span, fenced with one more backtick than it holds in a row."""
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def md_text(value: object) -> str:
    """User text for a Markdown table cell or list item: shown exactly as typed, never interpreted."""
    text = "" if value is None else str(value)
    if is_number(value):
        return text
    text = re.sub(r"[\r\n\t]+", " ", text)
    out, last = [], 0
    for m in _LINKISH.finditer(text):
        out.append(_escape(text[last:m.start()]))
        out.append(_code(m.group(0)).replace("|", "\\|"))
        last = m.end()
    out.append(_escape(text[last:]))
    escaped = "".join(out)
    # a line that starts like a list, quote or thematic break stays text ("- x", "+33 6…" is kept as typed)
    return re.sub(r"^([-+*]\s|\d+[.)]\s|=+$|-+$)", r"\\\1", escaped)


def _md_table(headers: list[str], rows: list[list[object]]) -> list[str]:
    out = ["| " + " | ".join(md_text(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    return out + ["| " + " | ".join(md_text(v) for v in r) + " |" for r in rows]


def to_markdown(plan: Plan, lang: str = "en") -> str:
    """The plan as Markdown: its context, then KPIs, SMART objectives and actions as tables, then the warnings."""
    from assistant.plan.export import HEADERS, SECTION_TITLES, action_rows, kpi_rows, smart_rows

    fr = lang == "fr"
    lines = [f"# {md_text(plan.name)}", ""]
    if plan.settings is not None:
        lines += [context_line(plan.settings, lang), ""]
    lines += [f"## {_t(SECTION_TITLES['kpis'], lang)}", ""] + _md_table(HEADERS["kpis"][lang], kpi_rows(plan, lang))
    if plan.objectives:
        lines += ["", f"## {_t(SECTION_TITLES['smart'], lang)}", ""]
        lines += _md_table(HEADERS["smart"][lang], smart_rows(plan, lang))
    lines += ["", f"## {_t(SECTION_TITLES['actions'], lang)}", ""]
    lines += _md_table(HEADERS["actions"][lang], action_rows(plan))
    if plan.warnings:
        lines += ["", "## " + ("Points d'attention" if fr else "Warnings"), ""]
        lines += [f"- {md_text(w.get(lang))}" for w in plan.warnings]
    return "\n".join(lines) + "\n"
