"""Propose 5–7 KPIs from the wizard's answers with the product's one selection (`assistant.selection`, as the
chat), and let the user swap them."""

from __future__ import annotations

from assistant.plan.catalog import CATALOG, NEED_TITLES, STAGE_TITLES, STAGES, KpiDef, get_kpi
from assistant.plan.model import Plan, PlanKpi, WizardSettings
from assistant.plan.targets import suggested_target
from assistant.selection import Profile, Selection, choose
from assistant.selection.explain import channel_notes, cited_why, data_notes, reasons
from assistant.selection.profile import rules
from tools.base import Text

MIN_KPIS, MAX_KPIS = 5, 7

CHANNEL_TITLES = {ch: Text(**spec["title"]) for ch, spec in rules()["channels"].items()}


def profile_of(s: WizardSettings) -> Profile:
    """The wizard's answers as the selection reads them: every data source is known (ticked or not)."""
    return Profile(objective=s.objective, model=None if s.business_model == "general" else s.business_model,
                   segment=s.segment, offer=s.offer, maturity=s.maturity,
                   data={"analytics": s.web_analytics, "crm": s.crm, "automation": s.automation},
                   channels=tuple(s.channels))


def select_for(s: WizardSettings) -> Selection:
    """The selection behind a plan proposal (the same the chat makes for the same business)."""
    return choose(profile_of(s))


def missing_needs(kpi: KpiDef, s: WizardSettings) -> list[str]:
    """The data sources a KPI needs that the user said they do not have."""
    have = {"analytics": s.web_analytics, "crm": s.crm, "automation": s.automation}
    return [n for n in kpi.needs if not have[n]]


def _build_kpi(kpi_id: str, s: WizardSettings | None, why: list[Text]) -> PlanKpi:
    d = get_kpi(kpi_id)
    target = suggested_target(kpi_id, s.segment if s else "", s.offer if s else "")
    return PlanKpi(id=d.id, title=d.title, stage=d.stage, formula=d.formula, data_source=d.source, target=target,
                   why=why, tool=d.tool)


def propose_plan(s: WizardSettings, name: str = "KPI plan") -> Plan:
    """A plan of 5–7 KPIs covering the four funnel stages, each with why it matters for this business (and its
    source), formula, data source and target; warnings say what a CRM (or other missing data) would add and why a
    ticked channel has no KPI of its own."""
    sel = select_for(s)
    kpis = [_build_kpi(pk.id, s, [cited_why(pk, sel.profile), *reasons(pk, sel.profile)]) for pk in sel.picks]
    warnings = data_notes(sel) + channel_notes(sel)
    return Plan(name=name, settings=s, kpis=kpis, warnings=warnings + coverage_warnings(kpis))


def coverage(kpis: list[PlanKpi]) -> dict[str, list[str]]:
    """KPI ids per funnel stage."""
    return {stage: [k.id for k in kpis if k.stage == stage] for stage in STAGES}


def coverage_warnings(kpis: list[PlanKpi]) -> list[Text]:
    """One warning per funnel stage no KPI covers, and one if the plan is outside 5–7 KPIs."""
    out = [Text(en=f"No KPI covers the {STAGE_TITLES[st].en.lower()} stage.",
                fr=f"Aucun KPI ne couvre l'étape {STAGE_TITLES[st].fr.lower()}.")
           for st, ids in coverage(kpis).items() if not ids]
    if not MIN_KPIS <= len(kpis) <= MAX_KPIS:
        out.append(Text(en=f"The plan has {len(kpis)} KPIs; 5 to 7 keep it readable (article 002).",
                        fr=f"Le plan compte {len(kpis)} KPI ; 5 à 7 le gardent lisible (article 002)."))
    return out


class PlanError(ValueError):
    """A plan operation the user asked for cannot be done; the message exists in both languages."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


def swap_kpi(plan: Plan, old: str, new: str) -> Plan:
    """A copy of the plan with KPI `old` replaced by `new`, coverage, data and vanity warnings recomputed."""
    ids = [k.id for k in plan.kpis]
    if old not in ids:
        raise PlanError(Text(en=f"'{old}' is not in the plan.", fr=f"« {old} » n'est pas dans le plan."))
    if new not in CATALOG:
        raise PlanError(Text(en=f"Unknown KPI '{new}'.", fr=f"KPI inconnu « {new} »."))
    if new in ids:
        raise PlanError(Text(en=f"'{new}' is already in the plan.", fr=f"« {new} » est déjà dans le plan."))
    old_title = plan.kpis[ids.index(old)].title
    why = [Text(en=f"Chosen by you in place of {old_title.en}.", fr=f"Choisi par vous à la place de {old_title.fr}.")]
    kpis = list(plan.kpis)
    kpis[ids.index(old)] = _build_kpi(new, plan.settings, why)
    warnings = coverage_warnings(kpis)
    if plan.settings:
        sel = select_for(plan.settings)
        warnings += data_notes(sel) + channel_notes(sel, [k.id for k in kpis])
    for k in kpis:
        if CATALOG[k.id].vanity:
            warnings.append(Text(
                en=f"{k.title.en} is a vanity metric: it can climb while sales stay flat; keep it as context, not as "
                   "a priority.",
                fr=f"{k.title.fr} est une métrique de vanité : elle peut grimper pendant que les ventes stagnent ; "
                   "gardez-la comme contexte, pas comme priorité."))
    if plan.settings:
        for k in kpis:
            missing = missing_needs(CATALOG[k.id], plan.settings)
            if missing:
                warnings.append(Text(
                    en=f"{k.title.en} needs {' and '.join(NEED_TITLES[n].en for n in missing)}, "
                       "which you said you do not have: it cannot be measured yet.",
                    fr=f"{k.title.fr} nécessite {' et '.join(NEED_TITLES[n].fr for n in missing)}, "
                       "que vous n'avez pas : il ne pourra pas encore être mesuré."))
    return plan.model_copy(update={"kpis": kpis, "warnings": warnings})
