"""The inputs of the calculators that take no plain figures: a cohort's yearly counts, the criteria a lead meets.

- Multi-year loyalty: '500 customers in 2021, 300 bought again in 2022, 210 in all three years' — the counts in the
  order given, never increasing, are the customers of the first year then those loyal 2, 3… years in a row.
- Lead score: each criterion is named by its declared words (tools/kpis/lead_score.yaml); a criterion followed by
  '+25' gives its points. When some criteria come with points and others without, the ones with points describe
  the scoring model and the others the lead; when all come with points, they are what the lead did. A negation in
  the criterion's clause ('wrong industry', 'pas le bon poste', 'no webinar') is a no; the emails criterion needs
  a count of 3 or more in its clause ('opened 5 of our emails'), or no count at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.reader.reading import Reading

POINTS_REACH = 4  # tokens between a criterion's words and its '+25'
_BREAKS = {",", ";", ".", ":", "(", ")", "!", "?", "but", "mais", "however", "cependant", "par contre"}
EMAILS = "opened_3plus_emails"


def cohort_counts(r: Reading) -> list[int]:
    """The yearly counts of a cohort, oldest first, when the question names multi-year loyalty (else [])."""
    named = "multi_year_loyalty" in r.kpis
    if not named and not r.has("cohort"):
        return []
    # a calendar year left in the text ('ma clientèle 2022') is not a count
    counts = [int(f.num.value) for f in r.figures if f.num.unit is None and not f.num.implicit and f.num.is_integer
              and not (1900 <= f.num.value <= 2100 and f.num.text.isdigit())]
    # a cohort merely named ('our January cohort: 500 customers, 40 left') is a churn: three years or more make it
    # a loyalty over the years
    if len(counts) < (2 if named else 3) or any(b > a for a, b in zip(counts, counts[1:], strict=False)):
        return []
    return counts


@dataclass
class LeadCriteria:
    """What a question says of a lead: criteria met, and points given for criteria (the model's or the lead's)."""

    met: dict[str, bool] = field(default_factory=dict)
    points: dict[str, int] = field(default_factory=dict)

    def inputs(self) -> dict[str, object]:
        """The lead_score calculator's inputs."""
        out: dict[str, object] = dict(self.met)
        if self.points:
            out["points"] = dict(self.points)
        return out


def _clauses(r: Reading) -> list[int]:
    """The clause number of each token: a new clause after punctuation and after 'but' / 'mais'."""
    out, n = [], 0
    for t in r.toks.items:
        if t.text in _BREAKS:
            n += 1
        out.append(n)
    return out


def _plus(r: Reading, f) -> bool:
    """Points given to a criterion: '+25', '= 25', '25 pts'."""
    before = r.converted[:f.num.start].rstrip()[-1:]
    return before in ("+", "=") or f.num.text.startswith("+") or f.num.unit == "points"


def lead_criteria(r: Reading) -> LeadCriteria | None:
    """The criteria the lead meets and the points given, when the question names the lead score (else None)."""
    if "lead_score" not in r.kpis:
        return None
    spans = sorted((m for m in r.mentions if m.target[:2] == ("field", "lead_score")), key=lambda m: m.start)
    if not spans:
        return None
    clause = _clauses(r)
    # 'wrong industry', 'pas le bon poste'; 'no webinar' is read as a zero said in words
    negations = {clause[m.start] for m in r.cues("negated")} | {
        clause[r.toks.positions[i]] for i, n in enumerate(r.nums) if n.implicit and i in r.toks.positions}
    points_figs = [f for f in r.figures if _plus(r, f)]
    counts = [f for f in r.figures if not _plus(r, f) and f.num.unit is None
              and not f.num.implicit]
    found = LeadCriteria()
    described: dict[str, bool] = {}
    modelled: dict[str, bool] = {}
    for m in spans:
        name = m.target[2]
        given = next((f for f in points_figs if m.end <= f.token <= m.end + POINTS_REACH), None)
        yes = clause[m.start] not in negations
        if name == EMAILS:
            mine = [f for f in counts if clause[f.token] == clause[m.start]]
            yes = yes and (not mine or mine[-1].num.value >= 3)
        if given is not None:
            found.points[name] = int(given.num.value)
            modelled[name] = yes
        else:
            described[name] = yes
    found.met = described or modelled
    return found


def structured_inputs(r: Reading) -> tuple[str, dict[str, object]] | None:
    """(calculator, inputs) when the question gives a cohort's counts or a lead's criteria, else None."""
    counts = cohort_counts(r)
    if counts:
        return "multi_year_loyalty", {"loyal_counts": counts}
    lead = lead_criteria(r)
    if lead is not None and lead.met:
        return "lead_score", lead.inputs()
    return None
