"""Health verdicts: a value judged against rules, each rule carrying its source and segment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tools import rules_money as money
from tools import rules_rates as rates
from tools import rules_retention as retention
from tools import rules_roi as roi
from tools.base import Level, Text, Verdict
from tools.rules_retention import B2C_RETENTION_NOTE
from tools.sources import (
    RULE_OF_THUMB_3_TO_1,
    RULE_OF_THUMB_CHURN,
    RULE_OF_THUMB_PAYBACK,
    RULE_OF_THUMB_REPEAT_B2C,
    cite,
)

Judge = Callable[[float, dict], "tuple[Level, Text] | None"]


@dataclass(frozen=True)
class Rule:
    """One health rule for one KPI, with where it comes from and who it applies to."""

    id: str
    kpi: str
    segment: str
    source: str
    judge: Judge
    # Context keys the rule cannot work without (e.g. the price to judge a CAC), to say what is missing.
    needs: tuple[str, ...] = ()

    def apply(self, value: float, context: dict | None = None, segment: str | None = None) -> Verdict | None:
        """The verdict for `value`, or None when the rule needs context it was not given or does not cover it."""
        out = self.judge(value, {**(context or {}), "segment": segment})
        if out is None:
            return None
        level, why = out
        return Verdict(level=level, why=why, rule=self.id, source=self.source, segment=self.segment)


# A KPI's rules are tried in this order; the first that gives a verdict wins (the specific case before the general).
RULES: list[Rule] = [
    Rule("cac_vs_price", "customer_acquisition_cost", "all", cite("000"), money.cac_vs_price, ("average_price",)),
    Rule("conversion_b2c_1_to_5", "conversion_rate", "B2C", cite("000"), rates.conversion_b2c),
    Rule("clv_cac_3_to_1", "clv_cac_ratio", "all", RULE_OF_THUMB_3_TO_1, money.clv_vs_cac),
    Rule("roi_negative_launch", "marketing_roi", "all", cite("000", "003"), roi.roi_negative_in_launch),
    Rule("roi_negative_awareness", "marketing_roi", "all", cite("000", "001", "004"), roi.roi_negative_for_awareness),
    Rule("roi_break_even_0_target_200", "marketing_roi", "all", cite("000", "001"), roi.roi_levels),
    Rule("retention_b2b_85_95", "retention_over_period", "B2B", cite("003"), retention.retention_b2b_over_period),
    Rule("retention_b2b_85_95", "retention_rate", "B2B", cite("003"), retention.retention_b2b_returning),
    Rule("retention_b2c_repeat_28", "retention_rate", "B2C", f"{RULE_OF_THUMB_REPEAT_B2C}; {cite('000')}",
         retention.retention_b2c_repeat),
    Rule("email_open_over_25", "email_open_rate", "all", cite("004"), rates.email_open),
    Rule("cpl_under_3_eur", "cost_per_lead", "B2C", cite("004"), money.cpl_target, ("currency",)),
    Rule("churn_2_5_monthly", "churn_rate", "all", RULE_OF_THUMB_CHURN, rates.churn_rule, ("period",)),
    Rule("cac_payback_12_months", "cac_payback", "all", RULE_OF_THUMB_PAYBACK, money.payback_months),
]
__all__ = ["B2C_RETENTION_NOTE", "RULES", "Rule", "judge", "judged_kpis", "rules_for", "segment_matches"]


def segment_matches(rule_segment: str, segment: str | None) -> bool:
    """'all' rules always apply; a segment rule applies to its segment and sub-segments ('B2C' → 'B2C service')."""
    if rule_segment == "all":
        return True
    return segment is not None and (segment == rule_segment or segment.startswith(rule_segment + " "))


def rules_for(kpi: str, segment: str | None = None) -> list[Rule]:
    """Rules for a KPI that apply to `segment`; without a segment, only the rules for all segments."""
    return [r for r in RULES if r.kpi == kpi and segment_matches(r.segment, segment)]


def judged_kpis() -> list[str]:
    """Every KPI (tool id) that has at least one rule, in rule order."""
    return list(dict.fromkeys(r.kpi for r in RULES))


def judge(kpi: str, value: float | None, context: dict | None = None, segment: str | None = None) -> Verdict | None:
    """The first verdict a rule gives for this KPI value, or None (no rule, or value undefined)."""
    if value is None:
        return None
    for rule in rules_for(kpi, segment):
        v = rule.apply(value, context, segment)
        if v is not None:
            return v
    return None
