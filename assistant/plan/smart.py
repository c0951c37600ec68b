"""SMART objective helper: write the objective as one sentence (FR/EN) and check each criterion with feedback."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from babel.dates import format_date
from pydantic import BaseModel, Field, model_validator

from assistant.plan.catalog import CATALOG
from tools.base import Text, fmt

ACHIEVABLE_FACTOR = 3  # a target beyond 3× (or under 1/3 of) the baseline is flagged as a stretch
Status = Literal["ok", "warn", "fail"]


class SmartInput(BaseModel):
    """What the user types in the SMART helper."""

    metric: str = Field(min_length=1, description="KPI id of the catalog or a free-text metric")
    target: float | None = Field(None, description="Target value (or give change_pct with a baseline)")
    change_pct: float | None = Field(None, description="Relative change wanted, e.g. 15 for +15 %")
    baseline: float | None = Field(None, description="Current value")
    unit: str = Field("", description="Unit: %, EUR, leads…")
    deadline: dt.date | None = Field(None, description="Date the target must be reached")
    owner: str = Field("", description="Who is accountable")
    channel: str = Field("", description="Channel or scope (SEA campaign, newsletter…)")
    objective: str = Field("", description="The business objective this serves")

    @model_validator(mode="after")
    def _target_or_change(self) -> SmartInput:
        if self.target is None and self.change_pct is None:
            raise ValueError("give a target value or a relative change (change_pct)")
        if self.target is None and self.baseline is not None:
            self.target = round(self.baseline * (1 + self.change_pct / 100), 4)
        return self


class Criterion(BaseModel):
    """One SMART letter checked."""

    name: Literal["specific", "measurable", "achievable", "relevant", "time_bound"]
    status: Status
    feedback: Text


class SmartCheck(BaseModel):
    """The sentence and the five checks."""

    sentence: Text
    criteria: list[Criterion]

    @property
    def is_smart(self) -> bool:
        """True when no criterion fails (warnings allowed)."""
        return all(c.status != "fail" for c in self.criteria)


def _lower_first(s: str) -> str:
    # "Conversion rate" reads "conversion rate" mid-sentence; acronyms such as "CAC" stay as they are.
    return s[0].lower() + s[1:] if len(s) > 1 and s[1].islower() else s


def _metric_title(metric: str) -> Text:
    d = CATALOG.get(metric)
    return Text(en=_lower_first(d.title.en), fr=_lower_first(d.title.fr)) if d else Text(en=metric, fr=metric)


def _fr(x: float | None) -> str:
    """A number written the French way (decimal comma)."""
    return fmt(x).replace(".", ",")


def _num(x: float, unit: str, lang: str = "en") -> str:
    n = fmt(x).replace(".", ",") if lang == "fr" else fmt(x)
    return f"{n} {unit}".strip()


def smart_sentence(i: SmartInput) -> Text:
    """'Increase X from a to b on channel by date (owner: …)' in both languages."""
    m = _metric_title(i.metric)
    up = i.baseline is None or i.target is None or i.target >= i.baseline
    verb_en, verb_fr = ("Increase", "Augmenter") if up else ("Reduce", "Réduire")
    if i.target is None:  # relative change without a baseline
        en, fr = f"{verb_en} {m.en} by {fmt(abs(i.change_pct))} %", f"{verb_fr} {m.fr} de {_fr(abs(i.change_pct))} %"
    elif i.baseline is None:
        en, fr = f"Reach {_num(i.target, i.unit)} of {m.en}", f"Atteindre {_num(i.target, i.unit, 'fr')} pour {m.fr}"
    else:
        en = f"{verb_en} {m.en} from {_num(i.baseline, i.unit)} to {_num(i.target, i.unit)}"
        fr = f"{verb_fr} {m.fr} de {_num(i.baseline, i.unit, 'fr')} à {_num(i.target, i.unit, 'fr')}"
    if i.channel:
        en, fr = f"{en} on {i.channel}", f"{fr} via {i.channel}"
    if i.deadline:
        en += f" by {format_date(i.deadline, 'long', locale='en')}"
        fr += f" d'ici le {format_date(i.deadline, 'long', locale='fr')}"
    if i.owner:
        en, fr = f"{en} (owner: {i.owner})", f"{fr} (responsable : {i.owner})"
    return Text(en=en + ".", fr=fr + ".")


def _specific(i: SmartInput) -> Criterion:
    known = i.metric in CATALOG
    if known and i.channel:
        return Criterion(name="specific", status="ok", feedback=Text(
            en="Specific: one named KPI on a named channel or scope.", fr="Spécifique : un KPI nommé sur un canal ou "
                                                                          "un périmètre nommé."))
    return Criterion(name="specific", status="warn", feedback=Text(
        en="Be more specific: name a KPI of the list and the channel or scope (e.g. 'SEA campaign').",
        fr="Soyez plus précis : nommez un KPI de la liste et le canal ou le périmètre (ex. « campagne SEA »)."))


def _measurable(i: SmartInput) -> Criterion:
    if i.target is None:
        return Criterion(name="measurable", status="warn", feedback=Text(
            en=f"A change of {fmt(i.change_pct)} % needs a baseline to become a number: measure it first.",
            fr=f"Une variation de {_fr(i.change_pct)} % a besoin d'une valeur de départ pour devenir un chiffre : "
               "mesurez-la d'abord."))
    if i.baseline is None:
        return Criterion(name="measurable", status="warn", feedback=Text(
            en="The target is a number, but without a baseline you cannot measure progress: note today's value.",
            fr="La cible est chiffrée, mais sans valeur de départ vous ne mesurerez pas la progression : notez la "
               "valeur actuelle."))
    if i.unit == "%" and i.target > 100:
        return Criterion(name="measurable", status="fail", feedback=Text(
            en=f"A rate cannot exceed 100 % (target {fmt(i.target)} %).",
            fr=f"Un taux ne peut pas dépasser 100 % (cible {_fr(i.target)} %)."))
    return Criterion(name="measurable", status="ok", feedback=Text(
        en=f"Measurable: from {fmt(i.baseline)} to {fmt(i.target)}.", fr=f"Mesurable : de {_fr(i.baseline)} à "
                                                                         f"{_fr(i.target)}."))


def _achievable(i: SmartInput) -> Criterion:
    if i.baseline is None or i.target is None:
        return Criterion(name="achievable", status="warn", feedback=Text(
            en="Cannot judge achievability without a baseline.", fr="Impossible de juger le réalisme sans valeur de "
                                                                     "départ."))
    b, t = i.baseline, i.target
    if b > 0 and (t > ACHIEVABLE_FACTOR * b or t < b / ACHIEVABLE_FACTOR):
        factor = t / b
        return Criterion(name="achievable", status="warn", feedback=Text(
            en=f"The target is {fmt(factor)}× the baseline ({fmt(b)} → {fmt(t)}): beyond 3× it is a stretch; split "
               "it into steps or check the resources.",
            fr=f"La cible vaut {_fr(factor)}× la valeur de départ ({_fr(b)} → {_fr(t)}) : au-delà de 3×, c'est très "
               "ambitieux ; découpez-la en étapes ou vérifiez les moyens."))
    return Criterion(name="achievable", status="ok", feedback=Text(
        en=f"Achievable: {fmt(b)} → {fmt(t)} stays within 3× the baseline.",
        fr=f"Atteignable : {_fr(b)} → {_fr(t)} reste dans un facteur 3 de la valeur de départ."))


def _relevant(i: SmartInput, plan_kpis: list[str] | None) -> Criterion:
    if plan_kpis is not None and i.metric not in plan_kpis:
        return Criterion(name="relevant", status="warn", feedback=Text(
            en="This metric is not one of the plan's KPIs: check it serves the plan's objective.",
            fr="Cette mesure ne fait pas partie des KPI du plan : vérifiez qu'elle sert l'objectif du plan."))
    if not i.objective and plan_kpis is None:
        return Criterion(name="relevant", status="warn", feedback=Text(
            en="Say which business objective this serves (growth, profitability…).",
            fr="Indiquez l'objectif business servi (croissance, rentabilité…)."))
    return Criterion(name="relevant", status="ok", feedback=Text(
        en="Relevant: tied to the plan's objective.", fr="Pertinent : relié à l'objectif du plan."))


def _time_bound(i: SmartInput, today: dt.date) -> Criterion:
    if i.deadline is None:
        return Criterion(name="time_bound", status="fail", feedback=Text(
            en="Give a deadline.", fr="Donnez une échéance."))
    if i.deadline <= today:
        return Criterion(name="time_bound", status="fail", feedback=Text(
            en=f"The deadline {i.deadline.isoformat()} is not in the future.",
            fr=f"L'échéance {i.deadline.isoformat()} n'est pas dans le futur."))
    days = (i.deadline - today).days
    if days > 730:
        return Criterion(name="time_bound", status="warn", feedback=Text(
            en=f"{days} days is far away: add intermediate milestones.",
            fr=f"{days} jours, c'est loin : ajoutez des jalons intermédiaires."))
    return Criterion(name="time_bound", status="ok", feedback=Text(
        en=f"Time-bound: {days} days to go.", fr=f"Temporel : {days} jours restants."))


def check_smart(i: SmartInput, today: dt.date | None = None, plan_kpis: list[str] | None = None) -> SmartCheck:
    """The SMART sentence and a verdict per criterion."""
    today = today or dt.date.today()
    return SmartCheck(sentence=smart_sentence(i), criteria=[
        _specific(i), _measurable(i), _achievable(i), _relevant(i, plan_kpis), _time_bound(i, today)])


def _quarter_end(d: dt.date) -> dt.date:
    q_last_month = (d.month - 1) // 3 * 3 + 3
    nxt = dt.date(d.year + (q_last_month == 12), q_last_month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def presets(today: dt.date) -> dict[str, SmartInput]:
    """The articles' examples, ready to load (deadlines relative to today)."""
    in_a_year = today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) else \
        today + dt.timedelta(days=365)
    return {
        "004 — 5 000 qualified leads via SEA by quarter end": SmartInput(
            metric="lead_volume", target=5000, unit="leads", channel="SEA", deadline=_quarter_end(today),
            objective="growth"),
        "002 — +15 % qualified leads next quarter": SmartInput(
            metric="lead_volume", change_pct=15, channel="qualified leads, inbound", objective="growth",
            deadline=_quarter_end(_quarter_end(today) + dt.timedelta(days=1))),
        "003 — web → lead conversion 2.1 % → 3.4 %": SmartInput(
            metric="conversion_rate", baseline=2.1, target=3.4, unit="%", channel="demo form",
            deadline=in_a_year, objective="growth"),
        "004 — email open rate > 25 % (inactive 90 days)": SmartInput(
            metric="email_open_rate", target=25, unit="%", channel="emailing 'inactive 90 days'",
            deadline=_quarter_end(today), objective="retention"),
    }
