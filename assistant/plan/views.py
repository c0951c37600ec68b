"""What the plan tab shows and reads back, as pure functions (the Gradio handlers only call these)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from assistant.plan import fixed_values as fixed
from assistant.plan.catalog import CATALOG, STAGE_TITLES
from assistant.plan.export import HEADERS
from assistant.plan.model import ACTION_COLUMNS, ActionRow, Plan, SmartObjective
from assistant.plan.smart import SmartCheck, SmartInput
from assistant.plan.wizard import PlanError
from tools.base import Text

_ICONS = {"ok": "✅", "warn": "⚠️", "fail": "❌"}
_CRITERIA = {"specific": ("Specific", "Spécifique"), "measurable": ("Measurable", "Mesurable"),
             "achievable": ("Achievable", "Atteignable"), "relevant": ("Relevant", "Pertinent"),
             "time_bound": ("Time-bound", "Temporel")}


def catalog_choices(lang: str) -> list[tuple[str, str]]:
    """(label, id) of every KPI a plan can hold, grouped by funnel stage."""
    order = list(STAGE_TITLES)
    items = sorted(CATALOG.values(), key=lambda d: order.index(d.stage))
    return [(f"{STAGE_TITLES[d.stage].get(lang)} — {d.title.get(lang)}", d.id) for d in items]


def plan_kpi_choices(plan: Plan | None, lang: str) -> list[tuple[str, str]]:
    """(label, id) of the KPIs in the plan."""
    return [(k.title.get(lang), k.id) for k in plan.kpis] if plan else []


def kpi_frame(plan: Plan | None, lang: str) -> pd.DataFrame:
    """The proposed KPIs as a table (stage, KPI, why, formula, source, target, target source)."""
    headers = HEADERS["kpis"][lang][:7]
    if plan is None:
        return pd.DataFrame(columns=headers)
    rows = [[STAGE_TITLES[k.stage].get(lang), k.title.get(lang), " ".join(w.get(lang) for w in k.why),
             k.formula.get(lang), k.data_source.get(lang), k.target.text.get(lang), k.target.source or "—"]
            for k in plan.kpis]
    return pd.DataFrame(rows, columns=headers)


def warnings_markdown(plan: Plan | None, lang: str) -> str:
    """Coverage and data warnings as a list."""
    if plan is None or not plan.warnings:
        return ""
    return "\n".join(f"- ⚠️ {w.get(lang)}" for w in plan.warnings)


def actions_frame(plan: Plan | None, lang: str) -> pd.DataFrame:
    """The action table for the editable grid (at least one empty row to type into)."""
    headers = HEADERS["actions"][lang]
    rows = [[str(getattr(a, c)) for c in ACTION_COLUMNS] for a in (plan.actions if plan else [])]
    return pd.DataFrame(rows or [[""] * len(headers)], columns=headers)


def actions_from_frame(frame: pd.DataFrame | list | None) -> list[ActionRow]:
    """Rows typed in the grid → ActionRow list (blank rows dropped; cells read as text)."""
    if frame is None:
        return []
    values = frame.values.tolist() if isinstance(frame, pd.DataFrame) else list(frame)
    out = []
    for row in values:
        cells = ["" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in row]
        cells = (cells + [""] * len(ACTION_COLUMNS))[:len(ACTION_COLUMNS)]
        values = dict(zip(ACTION_COLUMNS, cells, strict=True))
        values["target"] = _number_or_text(values["target"])
        action = ActionRow(**values)
        if not action.is_empty():
            out.append(action)
    return out


def _number_or_text(cell: str) -> str | int | float:
    """A target typed as a plain number ("1000", "-5", "2.5") becomes a number; anything else stays text."""
    if re.fullmatch(r"-?\d{1,15}", cell.strip()):  # longer: kept as text, and refused by the plan model
        return int(cell)
    if re.fullmatch(r"-?\d+\.\d+", cell.strip()):
        return float(cell)
    return cell


def actions_from_kpis(plan: Plan, lang: str, cadence: str | None = None) -> list[ActionRow]:
    """One starter row per KPI (KPI, target, review cadence), for the user to fill the activity and owner."""
    cadence = cadence or fixed.cadence("monthly", lang)
    return [ActionRow(kpi=k.title.get(lang), target=k.target.text.get(lang), status=fixed.status("to_start", lang),
                      review_cadence=cadence) for k in plan.kpis]


def is_starter(row: ActionRow) -> bool:
    """A row the tab wrote and the user has not filled in (no activity, objective, owner or deadline)."""
    return not (row.activity or row.objective or row.owner or row.deadline)


def merge_actions(typed: list[ActionRow], plan: Plan, lang: str) -> list[ActionRow]:
    """The rows the user filled in, kept, then a starter row for each of the plan's KPIs none of them is about."""
    kept = [a for a in typed if not is_starter(a)]
    covered = {a.kpi.strip().casefold() for a in kept}
    return kept + [a for a in actions_from_kpis(plan, lang) if a.kpi.strip().casefold() not in covered]


def wizard_values(plan: Plan | None) -> tuple | None:
    """(objective, market, offer, maturity, data ticked, channels, business model) of a saved plan, for the wizard
    to show again."""
    s = plan.settings if plan is not None else None
    if s is None:
        return None
    data = [key for key in ("web_analytics", "crm", "automation") if getattr(s, key)]
    return s.objective, s.segment, s.offer, s.maturity, data, list(s.channels), s.business_model


def smart_markdown(check: SmartCheck, lang: str) -> str:
    """The SMART sentence and one line per criterion."""
    lines = [f"**{check.sentence.get(lang)}**", ""]
    for c in check.criteria:
        en, fr = _CRITERIA[c.name]
        lines.append(f"- {_ICONS[c.status]} **{fr if lang == 'fr' else en}** — {c.feedback.get(lang)}")
    return "\n".join(lines)


def smart_input(metric: str, baseline, target, unit: str, deadline: str, owner: str, channel: str,
                objective: str) -> SmartInput:
    """Form values → SmartInput (PlanError / ValidationError naming the field when a value is wrong)."""
    date = None
    if deadline and str(deadline).strip():
        try:
            date = dt.date.fromisoformat(str(deadline).strip()[:10])
        except ValueError:
            raise PlanError(Text(en=f"Deadline: use the form YYYY-MM-DD (got '{deadline}').",
                                 fr=f"Échéance : utilisez la forme AAAA-MM-JJ (reçu « {deadline} »).")) from None
    if target is None:
        raise PlanError(Text(en="Target: give the number to reach.", fr="Cible : indiquez le chiffre à atteindre."))
    if not metric:
        raise PlanError(Text(en="KPI: pick the KPI the objective is about.",
                             fr="KPI : choisissez le KPI visé par l'objectif."))
    return SmartInput(metric=metric or "", baseline=baseline, target=target, unit=unit or "", deadline=date,
                      owner=owner or "", channel=channel or "", objective=objective or "")


def smart_objective(i: SmartInput, check: SmartCheck) -> SmartObjective:
    """The checked objective as stored in the plan, with the criteria it fails (kept visible until fixed)."""
    return SmartObjective(metric=i.metric, baseline=i.baseline, target=i.target if i.target is not None else 0,
                          unit=i.unit, deadline=i.deadline.isoformat() if i.deadline else "", owner=i.owner,
                          channel=i.channel, sentence=check.sentence,
                          issues=[c.feedback for c in check.criteria if c.status == "fail"])


def not_smart_warning(objective: SmartObjective, lang: str) -> str:
    """'⚠️ Not SMART yet: Give a deadline.' (empty when the objective passes)."""
    if not objective.issues:
        return ""
    head = "⚠️ **Pas encore SMART** :" if lang == "fr" else "⚠️ **Not SMART yet**:"
    return f"{head} {' '.join(x.get(lang) for x in objective.issues)}"


def objectives_markdown(plan: Plan | None, lang: str) -> str:
    """The plan's SMART objectives, each failing one with what to fix."""
    if plan is None or not plan.objectives:
        return ""
    lines = []
    for i, o in enumerate(plan.objectives, 1):
        lines.append(f"{i}. {o.sentence.get(lang)}")
        if o.issues:
            lines.append(f"   {not_smart_warning(o, lang)}")
    return "\n".join(lines)


def error_text(text: Text | str, lang: str) -> str:
    """A refused action as one line."""
    return f"❌ {text.get(lang) if isinstance(text, Text) else text}"
