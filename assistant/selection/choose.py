"""The one KPI selection of the product (chat and plan wizard): 5 to 7 KPIs covering the funnel, ranked from the
business model, objective, maturity, data and channels, each with why it matters for this business.

Deterministic: the same profile always gives the same list. Every weight comes from data — the KPI declarations
(`fit`, `channels`, `needs`, `segments`, `vanity`) and `rules.yaml` (objectives, maturity, channels, points).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.selection.kpis import STAGES, Kpi, universe
from assistant.selection.profile import Profile, implied, rules

MAX_KPIS = 7


@dataclass(frozen=True)
class Pick:
    """One proposed KPI, with its score and what put it there."""

    kpi: Kpi
    score: float
    because: tuple[str, ...]  # "model", "objective", "maturity", "channel:<id>", "asked", "coverage"

    @property
    def id(self) -> str:
        """The KPI id."""
        return self.kpi.id

    @property
    def stage(self) -> str:
        """The KPI's funnel stage."""
        return self.kpi.stage


@dataclass(frozen=True)
class LeftOut:
    """A KPI that fits the business but needs data the user said they do not have."""

    kpi: Kpi
    missing: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class Selection:
    """The chosen KPIs in funnel order, what was left out for missing data, and the profile they answer."""

    profile: Profile
    picks: tuple[Pick, ...]
    left_out: tuple[LeftOut, ...] = ()
    ranked: tuple[Pick, ...] = field(default=(), repr=False)  # every eligible KPI, best first

    @property
    def ids(self) -> list[str]:
        """Chosen KPI ids in funnel order."""
        return [p.id for p in self.picks]


def _variant_groups() -> list[set[str]]:
    return [set(g) for g in rules()["variants"]]


def _conflicts(kpi: str, chosen: list[Pick]) -> bool:
    """True when the KPI is already chosen, or another way of measuring the same thing is."""
    ids = {c.id for c in chosen}
    if kpi in ids:
        return True
    return any(kpi in g and ids & (g - {kpi}) for g in _variant_groups())


def _missing(k: Kpi, p: Profile) -> tuple[str, ...]:
    """Hard data needs the user said they lack."""
    needs = rules()["needs"]
    return tuple(n for n in k.decl.needs if needs[n]["hard"] and p.data.get(n) is False)


def _eligible(k: Kpi, p: Profile) -> bool:
    """Proposable for this profile, data aside: not a variant held back, a vanity metric not asked for, nor a
    KPI of the other segment or (for the churn-based CLV) of a subscription when the offer is something else."""
    if k.id in p.asked:
        return True
    if k.id in rules()["not_proposed"] or k.decl.vanity:
        return False
    if p.segment is not None and p.segment not in k.decl.segments:
        return False
    return not (k.id == "clv_margin_churn" and p.offer not in (None, "subscription"))


def score(k: Kpi, p: Profile) -> tuple[float, tuple[str, ...]]:
    """Points for one KPI in this situation, and the signals that gave them."""
    r, pts = rules(), rules()["points"]
    total, because = 0.0, []
    fit = k.fit(p.business)
    if fit is not None:
        total += pts["fit"] * fit.weight
        because.append("model")
    # the objective's, the market's and the offer's priority KPIs, each with its weight
    for section, said, signal in (("objectives", p.objective, "objective"), ("segments", p.segment, "segment"),
                                  ("offers", p.offer, "offer")):
        w = r[section][said]["kpis"].get(k.id, 0) if said else 0
        if w:
            total += pts[signal] * w
            because.append(signal)
    if p.maturity:
        m = r["maturity"][p.maturity]
        if k.id in m["prefer"]:
            total += pts["maturity"] * m["prefer"][k.id]
            because.append("maturity")
        if k.id in m["hold_back"]:
            total -= pts["hold_back"]
    for ch in p.channels:
        if ch in k.decl.channels:
            total += pts["channel"]
            because.append(f"channel:{ch}")
    if p.channels:  # soft needs (ads, email, social) count once the active channels are known
        given = {g for ch in p.channels for g in r["channels"][ch]["gives"]}
        given |= {"email"} if p.data.get("automation") else set()
        if any(not r["needs"][n]["hard"] and n not in given for n in k.decl.needs):
            total -= pts["soft_need"]
    if k.id in p.asked:
        because.append("asked")
    return total, tuple(because)


def _size(p: Profile, asked_size: int | None) -> int:
    if asked_size:
        return asked_size
    if p.maturity:
        return rules()["maturity"][p.maturity]["size"]
    return rules()["default_size"]


def _required(ranked: list[Pick], p: Profile) -> list[Pick]:
    """What must be in, by priority: what the user asked for, one KPI per funnel stage, the objective's first KPI,
    the market's (a pipeline KPI in B2B), the offer's (churn for a subscription), then the business model's core
    KPIs, best first."""
    required = [pk for pk in ranked if "asked" in pk.because]
    for stage in STAGES:
        if any(pk.stage == stage for pk in required):
            continue
        best = next((pk for pk in ranked if pk.stage == stage and not _conflicts(pk.id, required)), None)
        if best is not None:
            required.append(Pick(best.kpi, best.score, (*best.because, "coverage")))
    wanted: list[Pick] = []
    if p.objective:
        weights = rules()["objectives"][p.objective]["kpis"]
        wanted += [pk for pk in ranked if weights.get(pk.id, 0) == max(weights.values())][:1]
    for section, said, signal in (("segments", p.segment, "segment"), ("offers", p.offer, "offer")):
        if said and rules()[section][said]["require_one"]:
            wanted += [pk for pk in ranked if signal in pk.because][:1]
    if p.model is not None:  # a known business model brings its core KPIs (weight 3); unknown, the ranking decides
        wanted += [pk for pk in ranked if (f := pk.kpi.fit(p.model)) is not None and f.weight == 3]
    for pk in wanted:
        if not _conflicts(pk.id, required):
            required.append(pk)
    return required


def choose(profile: Profile, size: int | None = None) -> Selection:
    """5–7 KPIs (or `size`) for this business: what the user asked for, one per funnel stage, the objective's
    first KPI, a pipeline KPI in B2B, churn for a subscription and the business model's core KPIs, then the best
    of the rest."""
    p = implied(profile)
    ranked: list[Pick] = []
    left_out: list[LeftOut] = []
    for k in universe().values():
        if not _eligible(k, p):
            continue
        points, because = score(k, p)
        missing = _missing(k, p)
        if missing:
            left_out.append(LeftOut(k, missing, points))
        else:
            ranked.append(Pick(k, points, because))
    order = {kid: i for i, kid in enumerate(universe())}
    ranked.sort(key=lambda pk: (-pk.score, order[pk.id]))
    required = _required(ranked, p)
    limit = min(MAX_KPIS, size) if size else MAX_KPIS
    cap = min(limit, max(_size(p, size), len(required)))
    if size and size < len(required):  # a short list asked for: what was asked, then the best of the required
        asked = [pk for pk in required if "asked" in pk.because]
        chosen = (asked + sorted((pk for pk in required if pk not in asked), key=lambda pk: -pk.score))[:cap]
    else:
        chosen = required[:cap]
    for pk in ranked:
        if len(chosen) >= cap:
            break
        if not _conflicts(pk.id, chosen):
            chosen.append(pk)
    chosen.sort(key=lambda pk: (STAGES.index(pk.stage), -pk.score, order[pk.id]))
    left_out.sort(key=lambda lo: (-lo.score, order[lo.kpi.id]))
    return Selection(profile=p, picks=tuple(chosen), left_out=tuple(left_out), ranked=tuple(ranked))
