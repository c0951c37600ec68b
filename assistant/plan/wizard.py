"""Propose 5–7 KPIs from the wizard's answers, following the articles' rules, and let the user swap them."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.plan.catalog import CATALOG, NEED_TITLES, STAGE_TITLES, STAGES, KpiDef, get_kpi
from assistant.plan.model import Plan, PlanKpi, WizardSettings
from assistant.plan.targets import suggested_target
from tools.base import Text

MIN_KPIS, MAX_KPIS = 5, 7
CORE = 6  # score from which a KPI is pushed by the objective or the maturity, not only by a channel

CHANNEL_TITLES = {
    "seo": Text(en="SEO", fr="SEO"), "sea": Text(en="SEA", fr="SEA"), "emailing": Text(en="Emailing", fr="Emailing"),
    "social": Text(en="Social media", fr="Réseaux sociaux"), "influence": Text(en="Influence", fr="Influence"),
    "crm": Text(en="CRM", fr="CRM"), "content": Text(en="Content marketing", fr="Content marketing"),
}
# Article 004's channel → KPI table; "clv" and "engagement" are resolved from the context below.
CHANNEL_KPIS = {
    "seo": ("organic_traffic", "average_position"), "sea": ("cost_per_click", "conversion_rate"),
    "emailing": ("email_open_rate", "email_click_rate"), "social": ("social_reach", "social_engagement_rate"),
    "influence": ("social_engagement_rate",), "crm": ("clv", "repeat_purchase_rate"),
    "content": ("time_on_page", "content_downloads"),
}
OBJECTIVE_KPIS = {
    "growth": ("customer_acquisition_cost", "cost_per_lead", "pipeline_contribution"),
    "profitability": ("marketing_roi", "clv", "clv_cac_ratio"),
    "retention": ("retention_rate", "engagement"),
    "awareness": ("social_reach", "organic_traffic", "click_through_rate"),
}
OBJECTIVE_REASONS = {
    "growth": Text(en="Growth objective: CAC, CPL and marketing's contribution to the pipeline come first "
                      "(article 003).",
                   fr="Objectif de croissance : CAC, CPL et contribution marketing au pipeline sont prioritaires "
                      "(article 003)."),
    "profitability": Text(en="Profitability objective: focus on ROI, CLV and the CLV:CAC ratio (article 003).",
                          fr="Objectif de rentabilité : concentrez-vous sur le ROI, la CLV et le ratio CLV/CAC "
                             "(article 003)."),
    "retention": Text(en="Retention objective: retention rate and customer engagement go to the centre of the "
                         "dashboard (article 003).",
                      fr="Objectif de fidélisation : taux de rétention et engagement client au centre du tableau de "
                         "bord (article 003)."),
    "awareness": Text(en="Awareness objective: measure your audience — reach, traffic, clicks (article 002).",
                      fr="Objectif de notoriété : mesurez votre audience — portée, trafic, clics (article 002)."),
}
MATURITY_KPIS = {"starting": ("lead_volume", "cost_per_lead", "funnel_conversion"), "established": (),
                 "advanced": ("sales_velocity",)}
MATURITY_REASONS = {
    "starting": Text(en="Starting out: begin with lead volume, CPL and conversion rates per stage (article 003).",
                     fr="Démarrage : commencez par le volume de leads, le CPL et les taux de conversion par étape "
                        "(article 003)."),
    "advanced": Text(en="Advanced maturity: refine the steering with sales velocity (article 003).",
                     fr="Maturité avancée : affinez le pilotage avec la vélocité des ventes (article 003)."),
}
STAGE_FALLBACKS = {"awareness": ("organic_traffic", "social_reach"), "consideration": ("click_through_rate",),
                   "conversion": ("conversion_rate", "cost_per_lead"), "loyalty": ("retention_rate",)}


@dataclass
class _Candidates:
    score: dict[str, float] = field(default_factory=dict)
    why: dict[str, list[Text]] = field(default_factory=dict)

    def add(self, kpi_id: str, points: float, reason: Text) -> None:
        self.score[kpi_id] = self.score.get(kpi_id, 0) + points
        reasons = self.why.setdefault(kpi_id, [])
        if reason not in reasons:
            reasons.append(reason)


def _resolve(kpi_id: str, s: WizardSettings) -> str:
    """Abstract ids: the CLV variant that fits the offer, the engagement KPI that fits the channels."""
    if kpi_id == "clv":
        return "clv_margin_churn" if s.offer == "subscription" else "clv_b2b" if s.segment == "B2B" else "clv_simple"
    if kpi_id == "engagement":
        return "social_engagement_rate" if "social" in s.channels and "emailing" not in s.channels else \
            "email_open_rate"
    return kpi_id


def missing_needs(kpi: KpiDef, s: WizardSettings) -> list[str]:
    """The data sources a KPI needs that the user said they do not have."""
    have = {"analytics": s.web_analytics, "crm": s.crm, "automation": s.automation}
    return [n for n in kpi.needs if not have[n]]


def _exclusion(kpi: KpiDef, missing: list[str]) -> Text:
    en = " and ".join(NEED_TITLES[n].en for n in missing)
    fr = " et ".join(NEED_TITLES[n].fr for n in missing)
    return Text(en=f"{kpi.title.en} left out: it needs {en}, which you do not have yet; add it once the data exists.",
                fr=f"{kpi.title.fr} écarté : il faut {fr}, que vous n'avez pas encore ; ajoutez-le quand la donnée "
                   "existera.")


def _gather(s: WizardSettings) -> _Candidates:
    c = _Candidates()
    for k in OBJECTIVE_KPIS[s.objective]:
        c.add(_resolve(k, s), 10, OBJECTIVE_REASONS[s.objective])
    for k in MATURITY_KPIS[s.maturity]:
        if k != "sales_velocity" or s.segment == "B2B":  # velocity measures a B2B sales pipeline
            c.add(k, CORE, MATURITY_REASONS[s.maturity])
    for ch in s.channels:
        names = [CATALOG[_resolve(k, s)].title for k in CHANNEL_KPIS[ch]]
        reason = Text(en=f"Channel {CHANNEL_TITLES[ch].en}: article 004 tracks it with "
                         f"{' and '.join(n.en for n in names)}.",
                      fr=f"Canal {CHANNEL_TITLES[ch].fr} : l'article 004 le suit avec "
                         f"{' et '.join(n.fr for n in names)}.")
        for rank, k in enumerate(CHANNEL_KPIS[ch]):
            c.add(_resolve(k, s), 4 - rank * 1.5, reason)
    if s.segment == "B2B":
        c.add("mql_to_sql_rate", 3, Text(en="B2B: the MQL → SQL rate measures lead quality and marketing/sales "
                                            "alignment (article 003).",
                                         fr="B2B : le taux MQL → SQL mesure la qualité des leads et l'alignement "
                                            "marketing/ventes (article 003)."))
    if s.offer == "subscription":
        c.add("churn_rate", 3, Text(en="Subscription: churn tells how fast you lose subscribers.",
                                    fr="Abonnement : le churn dit à quelle vitesse vous perdez des abonnés."))
    elif s.segment == "B2C" and s.offer == "product":
        c.add("repeat_purchase_rate", 3, Text(en="B2C products: check that customers come back for a second "
                                                 "purchase (article 000).",
                                              fr="Produits B2C : vérifiez que les clients reviennent pour un second "
                                                 "achat (article 000)."))
    return c


def _coverage_reason(stage: str) -> Text:
    return Text(en=f"Covers the {STAGE_TITLES[stage].en.lower()} stage: 5–7 KPIs should span the customer journey "
                   "(article 002).",
                fr=f"Couvre l'étape {STAGE_TITLES[stage].fr.lower()} : 5 à 7 KPI doivent couvrir tout le parcours "
                   "client (article 002).")


def _build_kpi(kpi_id: str, s: WizardSettings | None, why: list[Text]) -> PlanKpi:
    d = get_kpi(kpi_id)
    target = suggested_target(kpi_id, s.segment if s else "", s.offer if s else "")
    return PlanKpi(id=d.id, title=d.title, stage=d.stage, formula=d.formula, data_source=d.source, target=target,
                   why=why, tool=d.tool)


def propose_plan(s: WizardSettings, name: str = "KPI plan") -> Plan:
    """A plan of 5–7 KPIs covering the four funnel stages, each with why, formula, data source and target."""
    c = _gather(s)
    warnings: list[Text] = []
    if s.maturity == "advanced" and s.segment == "B2C":
        warnings.append(Text(
            en="Sales velocity (advanced maturity, article 003) left out: it measures a B2B sales pipeline "
               "(opportunities, win rate, sales cycle).",
            fr="Vélocité des ventes (maturité avancée, article 003) écartée : elle mesure un pipeline commercial "
               "B2B (opportunités, taux de conversion, cycle de vente)."))
    eligible: list[str] = []
    for kid in c.score:  # dict order = order of first mention, the tie-breaker
        missing = missing_needs(CATALOG[kid], s)
        if missing:
            warnings.append(_exclusion(CATALOG[kid], missing))
        else:
            eligible.append(kid)
    ranked = sorted(eligible, key=lambda k: -c.score[k])
    chosen: list[str] = []
    for stage in STAGES:
        best = next((k for k in ranked if CATALOG[k].stage == stage), None)
        if best is None:
            best = next((k for k in STAGE_FALLBACKS[stage] if not missing_needs(CATALOG[k], s)), None)
            if best is None:
                continue
            c.add(best, 0, _coverage_reason(stage))
        chosen.append(best)
    for k in ranked:
        if len(chosen) >= MAX_KPIS or (c.score[k] < CORE and len(chosen) >= MIN_KPIS):
            break
        if k not in chosen:
            chosen.append(k)
    chosen.sort(key=lambda k: (STAGES.index(CATALOG[k].stage), -c.score.get(k, 0)))
    kpis = [_build_kpi(k, s, c.why[k]) for k in chosen]
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
    """A copy of the plan with KPI `old` replaced by `new`, coverage and data warnings recomputed."""
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
        for k in kpis:
            missing = missing_needs(CATALOG[k.id], plan.settings)
            if missing:
                warnings.append(Text(
                    en=f"{k.title.en} needs {' and '.join(NEED_TITLES[n].en for n in missing)}, "
                       "which you said you do not have: it cannot be measured yet.",
                    fr=f"{k.title.fr} nécessite {' et '.join(NEED_TITLES[n].fr for n in missing)}, "
                       "que vous n'avez pas : il ne pourra pas encore être mesuré."))
    return plan.model_copy(update={"kpis": kpis, "warnings": warnings})
