"""Lead scoring: the two-axis model (fit + behaviour) of article 003's second case, with configurable points."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from tools.base import KpiInput, KpiResult, Text
from tools.common import num, titles
from tools.registry import ToolSpec

# This family's calculators; tools/families.py registers them explicitly (nothing registers on import).
SPECS: list[ToolSpec] = []

FIT = {"company_size_fit": 25, "target_sector": 20, "contact_role_fit": 15}
BEHAVIOUR = {"visited_pricing": 30, "downloaded_roi_calculator": 25, "attended_webinar": 20, "opened_3plus_emails": 10}
Criterion = Literal["company_size_fit", "target_sector", "contact_role_fit", "visited_pricing",
                    "downloaded_roi_calculator", "attended_webinar", "opened_3plus_emails"]
Points = Annotated[int, Field(ge=0, le=1000)]

LABELS = {
    "company_size_fit": ("Company size fits", "Taille d'entreprise cible"),
    "target_sector": ("Target sector", "Secteur cible"),
    "contact_role_fit": ("Contact's role fits", "Poste du contact cible"),
    "visited_pricing": ("Visited the pricing page", "Visite de la page tarifs"),
    "downloaded_roi_calculator": ("Downloaded the ROI calculator", "Téléchargement du calculateur ROI"),
    "attended_webinar": ("Attended a webinar", "Participation à un webinar"),
    "opened_3plus_emails": ("Opened 3+ emails", "Ouverture de 3 emails ou plus"),
}


class LeadScoreInput(KpiInput):
    """What is known about one lead, and optionally the points of each criterion."""

    company_size_fit: bool = Field(False, description="The company's size matches your target (fit, +25 by default)")
    target_sector: bool = Field(False, description="The company is in a target sector (fit, +20 by default)")
    contact_role_fit: bool = Field(False, description="The contact's role matches the buyer (fit, +15 by default)")
    visited_pricing: bool = Field(False, description="The lead visited the pricing page (behaviour, +30 by default)")
    downloaded_roi_calculator: bool = Field(False, description="The lead downloaded the ROI calculator "
                                                               "(behaviour, +25 by default)")
    attended_webinar: bool = Field(False, description="The lead attended a webinar (behaviour, +20 by default)")
    opened_3plus_emails: bool = Field(False, description="The lead opened 3 emails or more (behaviour, +10 by "
                                                         "default)")
    points: dict[Criterion, Points] | None = Field(
        None, description="Points to use instead of the defaults, per criterion, e.g. {\"visited_pricing\": 40}")
    hot_threshold: int = Field(70, ge=0, le=10000, description="Score from which a lead is hot and goes to sales")
    urgent_threshold: int = Field(80, ge=0, le=10000,
                                  description="Score from which sales must call within 30 minutes")

    @field_validator("urgent_threshold")
    @classmethod
    def _above_hot(cls, urgent: int, info: ValidationInfo) -> int:
        hot = info.data.get("hot_threshold")
        if hot is not None and urgent < hot:
            raise PydanticCustomError("urgent_below_hot", "must be at least hot_threshold ({hot})", {"hot": hot})
        return urgent


def lead_score(inp: LeadScoreInput) -> KpiResult:
    """Lead score: fit points + behaviour points; hot from 70, call within 30 minutes from 80 (article 003)."""
    points = {**FIT, **BEHAVIOUR, **(inp.points or {})}
    fit = [c for c in FIT if getattr(inp, c)]
    behaviour = [c for c in BEHAVIOUR if getattr(inp, c)]
    fit_score = sum(points[c] for c in fit)
    behaviour_score = sum(points[c] for c in behaviour)
    total = fit_score + behaviour_score
    hot, urgent = total >= inp.hot_threshold, total >= inp.urgent_threshold
    if urgent:
        action = Text(en=f"Hot lead ({total} ≥ {inp.urgent_threshold}): sales call within 30 minutes.",
                      fr=f"Lead chaud ({total} ≥ {inp.urgent_threshold}) : appel commercial sous 30 minutes.")
    elif hot:
        action = Text(en=f"Hot lead ({total} ≥ {inp.hot_threshold}): hand over to sales now.",
                      fr=f"Lead chaud ({total} ≥ {inp.hot_threshold}) : à transmettre aux ventes tout de suite.")
    else:
        action = Text(en=f"Not hot yet ({total} < {inp.hot_threshold}): keep nurturing.",
                      fr=f"Pas encore chaud ({total} < {inp.hot_threshold}) : continuer le nurturing.")

    def shown(criteria: list[str]) -> str:
        return " + ".join(num(points[c]) for c in criteria) or "0"

    return KpiResult(
        tool="lead_score", value=total, unit="points",
        formula=f"Score = fit ({shown(fit)}) + behaviour ({shown(behaviour)}) = {total}",
        inputs=inp.model_dump(), convention=[action, Text(
            en="Two-axis model of article 003 (case 2): fit = who the lead is, behaviour = what they did.",
            fr="Modèle à deux axes de l'article 003 (cas 2) : fit = qui est le lead, comportement = ce qu'il a fait.")],
        details={"fit_score": fit_score, "behaviour_score": behaviour_score, "is_hot": hot,
                 "contact_within_30_minutes": urgent, "max_score": sum(points.values()),
                 "criteria_met": {c: points[c] for c in fit + behaviour}, "points_used": points,
                 "action": action.model_dump()})


SPECS.append(ToolSpec(
    id="lead_score", family="scoring", title_en="Lead score (fit + behaviour)",
    title_fr="Score de lead (fit + comportement)",
    description_en="Scores a lead on fit (size +25, sector +20, role +15) and behaviour (pricing page +30, ROI "
                   "calculator +25, webinar +20, 3+ emails +10): hot from 70, call within 30 minutes from 80.",
    description_fr="Note un lead sur le fit (taille +25, secteur +20, poste +15) et le comportement (page tarifs "
                   "+30, calculateur ROI +25, webinar +20, 3+ emails +10) : chaud dès 70, appel sous 30 minutes "
                   "dès 80.",
    input_model=LeadScoreInput, func=lead_score,
    field_titles=titles(LeadScoreInput, **LABELS, points=("Points per criterion", "Points par critère"),
                        hot_threshold=("Hot from (points)", "Chaud à partir de (points)"),
                        urgent_threshold=("Call within 30 min from (points)", "Appel sous 30 min à partir de")),
))
