"""Health verdicts: a value judged against rules, each rule carrying its source and segment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tools.base import Level, Text, Verdict, fmt
from tools.sources import cite

Judge = Callable[[float, dict], "tuple[Level, Text] | None"]


@dataclass(frozen=True)
class Rule:
    """One health rule for one KPI, with where it comes from and who it applies to."""

    id: str
    kpi: str
    segment: str
    source: str
    judge: Judge

    def apply(self, value: float, context: dict | None = None) -> Verdict | None:
        """The verdict for `value`, or None when the rule needs context it was not given."""
        out = self.judge(value, context or {})
        if out is None:
            return None
        level, why = out
        return Verdict(level=level, why=why, rule=self.id, source=self.source, segment=self.segment)


def _cac_vs_price(cac: float, ctx: dict) -> tuple[Level, Text] | None:
    price = ctx.get("average_price")
    if not price:
        return None
    share = cac / price * 100
    if cac >= price:
        return "alert", Text(
            en=f"CAC {fmt(cac)} is at or above the price {fmt(price)}: every sale loses money before any other cost.",
            fr=f"Le CAC {fmt(cac)} atteint ou dépasse le prix {fmt(price)} : chaque vente perd de l'argent.",
        )
    if share >= 50:
        return "watch", Text(
            en=f"CAC is {fmt(share, 0)} % of the price {fmt(price)}: at the limit once your margin is counted.",
            fr=f"Le CAC représente {fmt(share, 0)} % du prix {fmt(price)} : à la limite une fois la marge comptée.",
        )
    return "good", Text(
        en=f"CAC is {fmt(share, 0)} % of the price {fmt(price)}: the sale covers acquisition with room to spare.",
        fr=f"Le CAC représente {fmt(share, 0)} % du prix {fmt(price)} : la vente couvre largement l'acquisition.",
    )


RULES: list[Rule] = [
    Rule("cac_vs_price", "customer_acquisition_cost", "all", cite("000"), _cac_vs_price),
]


def rules_for(kpi: str, segment: str | None = None) -> list[Rule]:
    """Rules for a KPI; with a segment, the rules of that segment and those for all."""
    return [r for r in RULES if r.kpi == kpi and (segment is None or r.segment in ("all", segment))]


def judge(kpi: str, value: float | None, context: dict | None = None, segment: str | None = None) -> Verdict | None:
    """The first verdict a rule gives for this KPI value, or None (no rule, or value undefined)."""
    if value is None:
        return None
    for rule in rules_for(kpi, segment):
        v = rule.apply(value, context)
        if v is not None:
            return v
    return None
