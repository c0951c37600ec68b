"""Chat answers about objectives and targets, as pure functions the offline engine calls:

- `smart_objective(kpi, baseline, target, deadline, lang)`: "how do I write a SMART objective for my conversion
  rate?" — the user's objective written and checked (the plan tab's SMART helper), or a worked example from the
  articles and what to give when figures are missing;
- `target_guidance(kpi, lang, search)`: "what target for MQL→SQL?" — the sourced reference, or the plain statement
  that none is sourced and how to set one from a baseline;
- `read_deadline(text, lang, today)`: "by the end of June", "d'ici fin T3", "in 6 months" -> a date.

Each returns an `Answer` (markdown blocks + cited entries); render it with the turn's `cite`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from babel.dates import get_month_names

from assistant.plan.smart import ACHIEVABLE_FACTOR, SmartCheck, SmartInput, check_smart, smart_sentence
from assistant.plan.targets import BASELINE, suggested_target
from assistant.selection.answer import Answer, entry_hit
from assistant.selection.kpis import get as get_kpi
from knowledge.language import normalize
from knowledge.types import Hit
from tools.base import KpiResult, Text, fmt
from tools.health import RULES, rules_for
from tools.sources import source_text

_ICONS = {"ok": "✅", "warn": "⚠️", "fail": "❌"}
_CRITERIA = {"specific": ("Specific", "Spécifique"), "measurable": ("Measurable", "Mesurable"),
             "achievable": ("Achievable", "Atteignable"), "relevant": ("Relevant", "Pertinent"),
             "time_bound": ("Time-bound", "Temporel")}
_UNITS = {"%": "%", "money": "€", "ratio": "", "points": "points"}
# The articles' worked objectives, by KPI: baseline (None: a target only), target, unit, scope, and the entry that
# tells the case.
_EXAMPLES = {
    "conversion_rate": (2.1, 3.4, "%", Text(en="the demo form (cut from 12 to 4 fields)",
                                            fr="le formulaire de démo (passé de 12 à 4 champs)"),
                        "case-form-simplification-results"),
    "mql_to_sql_rate": (25, 40, "%", Text(en="leads scored with the reworked lead scoring",
                                          fr="les leads notés par le lead scoring refondu"),
                        "kpi-mql_to_sql_rate-benchmark"),
    "email_open_rate": (None, 25, "%", Text(en="the re-activation email to contacts inactive for 90 days",
                                            fr="l'e-mail de réactivation des inactifs depuis 90 jours"),
                        "method-action-table"),
}


# With a baseline but no target, a first draft takes the step of the articles' example objective, "increase qualified
# prospects by 15 % over the next quarter" (entry select-smart-objectives), and says so: the user sets the real one.
EXAMPLE_STEP_PCT = 15
EXAMPLE_STEP_ENTRY = "select-smart-objectives"


def default_deadline(today: dt.date) -> dt.date:
    """The end of the next quarter (the articles' example objective's horizon)."""
    end = _month_end(today.year, (today.month - 1) // 3 * 3 + 3)
    return _month_end(end.year + (end.month == 12), end.month % 12 + 3)


def _fr(lang: str) -> bool:
    return lang == "fr"


def _unit(kpi: str, lang: str) -> str:
    """The unit a KPI's value is written in, from its declaration (`result`); none for a count."""
    result = get_kpi(kpi).decl.result
    if result == "months":
        return "mois" if _fr(lang) else "months"
    return _UNITS.get(result or "", "")


def _title(kpi: str, lang: str) -> str:
    return get_kpi(kpi).title.get(lang)


def _lower_first(s: str) -> str:
    """'Conversion rate' reads 'conversion rate' mid-sentence; 'MQL to SQL rate' and 'CAC' stay as they are."""
    return s[0].lower() + s[1:] if len(s) > 1 and s[1].islower() else s


def _num(x: float, unit: str, lang: str) -> str:
    n = fmt(x).replace(".", ",") if _fr(lang) else fmt(x)
    return f"{n} {unit}".strip()


def smart_objective(kpi: str, baseline: float | None, target: float | None, deadline: dt.date | None, lang: str,
                    *, change_pct: float | None = None, unit: str | None = None, channel: str = "", owner: str = "",
                    segment: str | None = None, today: dt.date | None = None, drafted: bool = False,
                    objective: str | None = None) -> Answer:
    """A SMART objective for `kpi` from the user's figures, checked letter by letter; with no target (nor change),
    the SMART frame with the articles' worked example for this KPI, and what to give to get one's own. `drafted`:
    the change is the articles' example step (EXAMPLE_STEP_PCT), not the user's, and the answer says so first.
    `objective`: the business objective the user gave ('' when none; None checks relevance against a plan holding
    this KPI, as the plan tab does)."""
    a = Answer()
    u = _unit(kpi, lang) if unit is None else unit
    if drafted:
        a.say(_draft_text(kpi, lang, change_pct or 0) + a.cite(EXAMPLE_STEP_ENTRY, lang))
    frame = a.cite("select-smart-objectives", lang)
    if target is None and change_pct is None:
        a.say(_frame_text(kpi, lang) + frame)
        _worked_example(a, kpi, lang)
        a.say(("Donnez-moi votre valeur actuelle, la cible et l'échéance (par ex. « de 2 % à 3 % d'ici fin juin »), et "
               "j'écris et vérifie votre objectif.") if _fr(lang) else
              ("Give me today's value, the target and the deadline (e.g. 'from 2 % to 3 % by the end of June') and I "
               "will write and check your objective."))
        return a
    i = SmartInput(metric=kpi, baseline=baseline, target=target, change_pct=change_pct, unit=u, deadline=deadline,
                   channel=channel, owner=owner, objective=objective or "")
    check = check_smart(i, today=today, plan_kpis=[kpi] if objective is None else None)
    a.record = _smart_record(i, check, today or dt.date.today())
    head = "Votre objectif SMART" if _fr(lang) else "Your SMART objective"
    a.say(f"**{head}** : {check.sentence.get(lang)}{frame}" if _fr(lang) else
          f"**{head}**: {check.sentence.get(lang)}{frame}")
    lines = []
    for c in check.criteria:
        en, fr = _CRITERIA[c.name]
        lines.append(f"- {_ICONS[c.status]} **{fr if _fr(lang) else en}** — {c.feedback.get(lang)}")
    a.say("\n".join(lines))
    reference = _reference(kpi, lang, segment)
    if reference:
        a.say(reference[0] + a.cite_hit(reference[1]) if reference[1] else reference[0])
    a.say("L'onglet **Plan KPI** (3. Objectif SMART) l'ajoute à votre plan." if _fr(lang) else
          "The **KPI plan** tab (3. SMART objective) adds it to your plan.")
    return a


def _draft_text(kpi: str, lang: str, change_pct: float) -> str:
    t = _lower_first(_title(kpi, lang))
    step = _num(abs(change_pct), "%", lang)
    way_en, way_fr = ("lower", "baisser") if change_pct < 0 else ("higher", "monter")
    if _fr(lang):
        return ("Vous ne m'avez pas donné de cible : voici un premier jet à partir de votre valeur actuelle, avec le "
                f"pas de l'exemple des articles (faire {way_fr} l'indicateur de {step} au cours du trimestre suivant). "
                f"Remplacez la cible par ce que votre levier peut réellement apporter à {t}.")
    return (f"You gave no target, so here is a first draft from your current value, using the step of the articles' "
            f"example objective (move the KPI {step} {way_en} over the next quarter). Replace the target with what "
            f"your lever can really bring to {t}.")


def smart_without_kpi(lang: str) -> Answer:
    """'How do I write a SMART objective?' with no KPI named: the frame, the articles' examples, what to give."""
    a = Answer()
    hit = entry_hit("select-smart-objectives", lang)
    mark = a.cite("select-smart-objectives", lang)
    if hit is not None:
        a.say(f"**{hit.title}** — {hit.text.strip()}{mark}")
    a.say("Dites-moi pour quel KPI (par ex. « mon taux de conversion »), sa valeur actuelle, la cible et l'échéance, "
          "et j'écris et vérifie votre objectif." if _fr(lang) else
          "Tell me which KPI (e.g. 'my conversion rate'), today's value, the target and the deadline, and I will "
          "write and check your objective.")
    return a


def _smart_record(i: SmartInput, check: SmartCheck, today: dt.date) -> KpiResult:
    """The SMART check as a tool run: what it computed (the target from a relative change, days to the deadline,
    the achievable factor it compares with), so every figure of the answer is traceable."""
    days = (i.deadline - today).days if i.deadline else None
    factor = i.target / i.baseline if i.baseline and i.target is not None else None
    return KpiResult(
        tool="smart_objective", value=i.target, unit=i.unit or "count",
        formula=(f"{fmt(i.baseline)} × (1 + {fmt(i.change_pct)} / 100) = {fmt(i.target)}"
                 if i.change_pct is not None and i.baseline is not None else check.sentence.en),
        inputs={"metric": i.metric, "baseline": i.baseline, "target": i.target, "change_pct": i.change_pct,
                "deadline": i.deadline.isoformat() if i.deadline else None},
        details={"days_to_deadline": days, "target_over_baseline": factor, "achievable_factor": ACHIEVABLE_FACTOR,
                 "criteria": {c.name: c.status for c in check.criteria}})


def _frame_text(kpi: str, lang: str) -> str:
    t = _title(kpi, lang)
    if _fr(lang):
        return (f"Un objectif SMART pour **{t}** tient en une phrase : **S**pécifique (ce KPI, sur un canal ou un "
                "périmètre nommé), **M**esurable (une valeur de départ et une cible chiffrée), **A**tteignable (au vu "
                "de vos moyens), **R**éaliste et relié à votre objectif business, **T**emporellement défini (une "
                f"échéance). Modèle : « Augmenter {_lower_first(t)} de [valeur actuelle] à [cible] sur [canal] "
                "d'ici le [date] (responsable : [nom]) ».")
    return (f"A SMART objective for **{t}** fits in one sentence: **S**pecific (this KPI, on a named channel or "
            "scope), **M**easurable (a baseline and a numeric target), **A**chievable (given your means), "
            "**R**elevant to your business objective, **T**ime-bound (a deadline). Template: 'Increase "
            f"{_lower_first(t)} from [today's value] to [target] on [channel] by [date] (owner: [name])'.")


def _worked_example(a: Answer, kpi: str, lang: str) -> None:
    """The articles' case for this KPI written as a SMART sentence (its deadline left for the user to set)."""
    example = _EXAMPLES.get(kpi)
    if example is None:
        return
    base, target, unit, scope, entry = example
    sentence = smart_sentence(SmartInput(metric=kpi, baseline=base, target=target, unit=unit,
                                         channel=scope.get(lang))).get(lang).rstrip(".")
    head = "Exemple tiré des articles" if _fr(lang) else "Worked example from the articles"
    tail = ", d'ici [votre échéance]." if _fr(lang) else ", by [your deadline]."
    a.say(f"{head} : {sentence}{tail}{a.cite(entry, lang)}" if _fr(lang) else
          f"{head}: {sentence}{tail}{a.cite(entry, lang)}")


def _benchmark_hit(kpi: str, lang: str, search: Callable[..., list[Hit]] | None) -> Hit | None:
    """The curated benchmark entry of the KPI (it holds the reference's figures), else the best benchmark hit of
    the search (a user's own document), else the KPI's definition entry."""
    curated = entry_hit(f"kpi-{kpi}-benchmark", lang)
    if curated is not None:
        return curated
    if search is not None:
        found = search(f"{_title(kpi, lang)} benchmark target", k=1, kpi=kpi, kind="benchmark")
        if found and (not found[0].kpis or kpi in found[0].kpis):  # a retriever that ignores the filter
            return found[0]
    return entry_hit(f"kpi-{kpi}", lang)


def _reference(kpi: str, lang: str, segment: str | None) -> tuple[str, Hit | None] | None:
    """The sourced reference for a KPI as one sentence, and the entry to cite; None when nothing is sourced."""
    target = suggested_target(kpi, segment or "", "")
    if target == BASELINE or target.source is None:
        return None
    label = "Repère sourcé" if _fr(lang) else "Sourced reference"
    text = _lower_first(target.text.get(lang))
    return f"{label} : {text} — {source_text(target.source, lang)}." if _fr(lang) else \
        f"{label}: {text} — {source_text(target.source, lang)}.", entry_hit(f"kpi-{kpi}-benchmark", lang)


def target_guidance(kpi: str, lang: str, search: Callable[..., list[Hit]] | None = None, *,
                    segment: str | None = None, baseline: float | None = None) -> Answer:
    """What target to aim at for `kpi`: the sourced range (a health rule's reference) or example, with its source;
    when none is sourced, says so and how to set one from a baseline (the user's own value when given)."""
    a = Answer()
    title = _title(kpi, lang)
    unit = _unit(kpi, lang)
    target = suggested_target(kpi, segment or "", "")
    hit = _benchmark_hit(kpi, lang, search)
    mark = a.cite_hit(hit) if hit else ""
    ruled = bool(rules_for(kpi, segment))
    source = source_text(target.source, lang) if target.source else ""
    if target != BASELINE and target.source and ruled:
        text = _lower_first(target.text.get(lang))
        a.say((f"**Cible pour {title}** — repère sourcé : {text} ({source}).{mark}") if _fr(lang) else
              f"**Target for {title}** — sourced reference: {text} ({source}).{mark}")
        a.say("Ce repère sert de garde-fou ; la cible de votre plan part de votre propre valeur actuelle." if _fr(lang)
              else "Use it as a guard-rail; your plan's target starts from your own current value.")
    elif target != BASELINE and target.source:
        a.say((f"**Cible pour {title}** : aucune fourchette de référence n'est sourcée. Les articles donnent un "
               f"exemple, pas une norme : {_lower_first(target.text.get(lang))} ({source}).{mark}")
              if _fr(lang) else
              (f"**Target for {title}**: no benchmark range is sourced. The articles give an example, not a norm: "
               f"{_lower_first(target.text.get(lang))} ({source}).{mark}"))
    else:
        other = [r for r in RULES if r.kpi == kpi and r.segment not in ("all", segment)]
        extra = ""
        if other:
            extra = (f" (le repère sourcé vaut pour le segment {other[0].segment})" if _fr(lang) else
                     f" (the sourced reference applies to the {other[0].segment} segment)")
        a.say((f"**Cible pour {title}** : aucune fourchette n'est sourcée pour votre cas{extra}.{mark}") if _fr(lang)
              else f"**Target for {title}**: no range is sourced for your case{extra}.{mark}")
    a.say(_from_baseline(title, unit, baseline, lang, lower=get_kpi(kpi).decl.better == "lower"))
    return a


def _from_baseline(title: str, unit: str, baseline: float | None, lang: str, lower: bool = False) -> str:
    verb_fr, verb_en = ("Réduire", "Reduce") if lower else ("Augmenter", "Increase")
    now_fr = f"{_num(baseline, unit, 'fr')} aujourd'hui" if baseline is not None else "[valeur actuelle]"
    now_en = f"{_num(baseline, unit, 'en')} today" if baseline is not None else "[today's value]"
    if _fr(lang):
        return ("Fixer la cible à partir de votre point de départ :\n"
                f"- mesurez {_lower_first(title)} sur vos derniers mois complets : c'est votre valeur de départ"
                f"{' (' + now_fr + ')' if baseline is not None else ''} ;\n"
                "- choisissez le levier que vous allez actionner et visez le gain qu'il peut raisonnablement "
                "apporter à une date donnée ;\n"
                f"- écrivez-la SMART : « {verb_fr} {_lower_first(title)} de {now_fr} à [cible] d'ici le [date] » "
                "— la vérification SMART signale une cible très éloignée de la valeur de départ comme très "
                "ambitieuse ;\n"
                "- suivez-le chaque mois et ajustez.")
    return ("Set the target from your baseline:\n"
            f"- measure your {_lower_first(title)} over your last full months: that is your baseline"
            f"{' (' + now_en + ')' if baseline is not None else ''};\n"
            "- pick the lever you will pull and aim for the gain it can reasonably bring by a given date;\n"
            f"- write it SMART: '{verb_en} {_lower_first(title)} from {now_en} to [target] by [date]' — a "
            "target far from the baseline is flagged by the SMART check as a stretch;\n"
            "- review it monthly and adjust.")


# ---- deadlines in words ------------------------------------------------------------------------------------------

def _months() -> dict[str, int]:
    out = {}
    for locale in ("en", "fr"):
        for n, name in get_month_names("wide", locale=locale).items():
            out[normalize(name)] = n
        for n, name in get_month_names("abbreviated", locale=locale).items():
            out[normalize(name).rstrip(".")] = n
    return out


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _next_month_end(today: dt.date, month: int) -> dt.date:
    year = today.year if month >= today.month else today.year + 1
    return _month_end(year, month)


def read_deadline(text: str, lang: str, today: dt.date) -> dt.date | None:
    """A deadline said in words: ISO or day/month/year dates, 'end of June' / 'fin juin' (the next one), 'Q3' /
    'T3', 'end of the quarter' / 'fin du trimestre', 'next quarter', 'in 6 months' / 'dans 6 mois', 'end of the
    year' / 'fin d'année'. None when no deadline is said. `lang` is accepted for symmetry; both languages are read."""
    del lang
    t = normalize(text)
    if m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t):
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", t):
        return _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := re.search(r"\b(?:in|within|dans|d'ici|sous) (\d{1,2}) (months?|mois|weeks?|semaines?)\b", t):
        n = int(m.group(1))
        if m.group(2).startswith(("week", "semaine")):
            return today + dt.timedelta(weeks=n)
        month = today.month - 1 + n
        return _month_end(today.year + month // 12, month % 12 + 1)
    if m := re.search(r"\b(?:q|t)([1-4])\b(?:\s*(\d{4}))?", t):
        q, year = int(m.group(1)), int(m.group(2)) if m.group(2) else None
        end = _month_end(year or today.year, q * 3)
        return end if year or end >= today else _month_end(today.year + 1, q * 3)
    quarter_end = _month_end(today.year, (today.month - 1) // 3 * 3 + 3)
    if re.search(r"next quarter|trimestre prochain|prochain trimestre", t):
        return _month_end(quarter_end.year + (quarter_end.month == 12), quarter_end.month % 12 + 3)
    if re.search(r"(?:end of|by the end of) (?:the|this) quarter|fin (?:du|de ce) trimestre", t):
        return quarter_end
    if re.search(r"(?:end of|by the end of) (?:the|this) year|fin (?:d'annee|de l'annee|de cette annee)", t):
        return dt.date(today.year, 12, 31)
    months = _months()
    names = "|".join(sorted((re.escape(n) for n in months if len(n) >= 3), key=len, reverse=True))
    m = re.search(rf"(?:\b(\d{{1,2}})\s+)?\b({names})\b\.?(?:\s+(\d{{4}}))?", t)
    cue = re.search(r"\b(by|end|before|until|d'ici|fin|avant|au|le|jusqu|pour)\b\W*(?:of\s+)?(?:the\s+|de\s+|d')?"
                    r"(?:\d{1,2}\s+)?$",
                    t[:m.start(2)] if m else "")
    if m and cue:
        month = months[m.group(2)]
        after = re.match(r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?", t[m.end():])
        if after and not m.group(1):  # 'by March 15(, 2026)'
            year = int(after.group(2)) if after.group(2) else _year_for(today, month)
            return _safe_date(year, month, int(after.group(1)))
        if m.group(1):
            return _safe_date(int(m.group(3)) if m.group(3) else _year_for(today, month), month, int(m.group(1)))
        end = _month_end(int(m.group(3)), month) if m.group(3) else _next_month_end(today, month)
        if cue.group(1) in ("before", "avant"):  # 'before December' ends with November
            return end.replace(day=1) - dt.timedelta(days=1)
        return end
    return None


def _year_for(today: dt.date, month: int) -> int:
    return today.year if month >= today.month else today.year + 1


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None
