"""The per-turn context every handler receives, and the one place tools are run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.offline.compose import Turn, t
from assistant.offline.intents import Analysis
from assistant.offline.lexicon import FIELD_CUES
from assistant.offline.memory import Memory
from assistant.offline.numbers import Num
from assistant.offline.slots import cast_inputs
from knowledge.types import Hit, Retriever
from tools.base import KpiResult
from tools.registry import ToolInputError, get_tool, run_tool

META_TOOLS = frozenset({"what_if", "solve_for", "kpi_health"})
# A KPI's value is also an input of other tools under a field name ("CAC 80" fills clv_cac_ratio.cac).
FIELD_OF_KPI = {"customer_acquisition_cost": "cac", "clv_simple": "clv", "clv_b2b": "clv", "clv_margin_churn": "clv",
                "average_order_value": "average_basket", "churn_rate": "churn_rate_pct"}
KPI_OF_FIELD = {"cac": "customer_acquisition_cost", "clv": "clv_simple"}
_LINK = (r"(?:\s|=|:|is|est|de|d'|of|a|at|was|etait|about|around|environ|d'environ|actuellement|currently|se|situe"
         r"|s'eleve|vaut|equals|tourne|autour|du|stands|sits|now|maintenant|aujourd'hui|today|actuel|current|moyen"
         r"|average|approximately|roughly|~|only|seulement|que|mon|my|notre|our|le|la|un|une|ratio|rate|taux|est-il"
         r"|est-elle|it's|its|reached|atteint|keeps?|garder|rester|stay)*")


@dataclass
class Ctx:
    """What a handler works with: the analysed question, memory, the answer being built, the retriever."""

    a: Analysis
    mem: Memory
    turn: Turn
    retriever: Retriever | None
    stated: dict[str, int] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        """The user's language for this turn."""
        return self.turn.lang

    @property
    def segment(self) -> str | None:
        """'B2B' / 'B2C' when the user said so (or sells online to consumers), else None."""
        if re.search(r"\bb2b\b", self.a.norm):
            return "B2B"
        if re.search(r"\bb2c\b|e-?commerce|particuliers|consumers|online|en ligne|\bshop|boutique|store|retail"
                     r"|grand public", self.a.norm):
            return "B2C"
        return None

    @property
    def currency(self) -> str | None:
        """The currency the user wrote amounts in this turn (first one found), if any."""
        return next((n.currency for n in self.a.nums if n.unit == "currency" and n.currency), None)

    def run(self, tool_id: str, inputs: dict[str, Any]) -> KpiResult | None:
        """Run a registry tool and record the call; on bad input, say why (field and rule) and return None."""
        if tool_id not in META_TOOLS:
            fields = get_tool(tool_id).input_model.model_fields
            if "currency" in fields and "currency" not in inputs and self.currency:
                inputs = {**inputs, "currency": self.currency}  # "$1,200": the result is in USD, not EUR
            if "segment" in fields and inputs.get("segment") is None and self.segment:
                inputs = {**inputs, "segment": self.segment}  # lets the B2B / B2C health rules apply
        try:
            result = run_tool(tool_id, cast_inputs(tool_id, inputs) if tool_id not in META_TOOLS else inputs)
        except ToolInputError as err:
            from assistant.offline.wording import readable  # wording reads the slots, which read this module

            msg = err.message(self.lang)
            self.turn.say(t("tool_error", self.lang, msg=readable(msg, err.tool, self.lang) if err.tool else msg))
            return None
        self.turn.record(result)
        if tool_id not in META_TOOLS:  # every calculation, whichever handler ran it, is the base of a what-if
            self.mem.set_last(tool_id, result.inputs)
        return result

    def search(self, query: str, k: int = 2, **filters: Any) -> list[Hit]:
        """Knowledge hits in the user's language; an empty list if the search fails (the answer still stands)."""
        if self.retriever is None:
            return []
        try:
            return self.retriever.search(query, k=k, lang=self.lang, **filters)
        except Exception as err:  # noqa: BLE001 - guidance is optional; a broken index must not lose the number
            self.turn.notices.append(f"knowledge search failed: {err}")
            return []


_LINK_END = re.compile(r"(?:^|\s)(?:is|est|de|d'|of|=|:|a|at|was|etait|about|around|environ|vaut|equals|reached"
                       r"|atteint|~|que|du|se situe a|s'eleve a|tourne autour de|stands at|sits at)\s*$")


def stated_values(a: Analysis) -> dict[str, int]:
    """KPI values given directly: 'my CAC is 80 €', 'un CAC de 80 €', '80 € de CAC' -> {tool: number index}."""
    out: dict[str, int] = {}
    spans = [(s, e) for _, s, e in a.mentions]
    for tool, start, end in a.mentions:
        nxt = min([s for s, _ in spans if s >= end] + [len(a.norm)])
        moved = re.match(r"(?:\s*[a-z'-]+){0,4}?\s*(?:from|de|d')\s*#\d+\s*(?:to|a|->|→)\s*#(\d+)", a.norm[end:nxt])
        if moved and not _field_cue_follows(a, int(moved.group(1))) and _fits(tool, a.nums[int(moved.group(1))]):
            out.setdefault(tool, int(moved.group(1)))  # 'my churn went from 5 % to 3 %': it is 3 % now
            continue
        after = re.match(_LINK + r"\s*#(\d+)", a.norm[end:])
        loose = re.match(r"((?:\s*[a-z0-9'-]+){0,4}?(?:\s*:)?)\s*#(\d+)", a.norm[end:nxt])  # '... newsletter : 18 %'
        if after and len(after.group(0)) <= 40:
            idx = int(after.group(1))
        elif loose and _LINK_END.search(" " + loose.group(1)) and not _names_a_field(loose.group(1)):
            idx = int(loose.group(2))  # 'taux d'ouverture email est de 18 %'
        else:
            idx = None
        if idx is not None and _named_after(a, idx, tool):
            idx = None  # "pay back a 600 € CAC": 600 is the CAC, named right after it
        if idx is not None and idx not in out.values() and not _field_cue_follows(a, idx) and _fits(tool, a.nums[idx]):
            out.setdefault(tool, idx)
            continue
        before = re.search(r"#(\d+)\s*(?:(?:de |d'|of |as |comme )?(?:mon |ma |my |notre |our |le |la |un |une |a )?"
                           r"(?:good |bon |bonne |healthy |correct |reasonable )?)?$", a.norm[:start])
        if before and int(before.group(1)) not in out.values():
            n = a.nums[int(before.group(1))]
            linked = re.search(r"(?:de |d'|of |as |comme )(?:mon |ma |my |notre |our |le |la |un |une |a )?$",
                               a.norm[:start])
            if (linked or n.unit in ("%", "currency")) and _fits(tool, n):
                out.setdefault(tool, int(before.group(1)))
    ratio_target(a, out)
    return out


_RATES = ("rate", "roi", "churn")


def _fits(tool: str, n: Num) -> bool:
    """A stated value must look like the KPI: no currency for a rate, no % for an amount."""
    is_rate = any(r in tool for r in _RATES) and tool not in ("cost_per_lead",)
    if is_rate:
        return n.unit in (None, "%") or (tool == "marketing_roi" and n.unit == "ratio")
    if tool == "clv_cac_ratio":
        return n.unit in (None, "ratio")
    return n.unit in (None, "currency", "months", "days")


def _names_a_field(words: str) -> bool:
    """'ROI if revenue is 0': the number belongs to the field named in between, not to the KPI."""
    return any(len(c) > 3 and " " not in c and w.startswith(c) for w in words.split() if w not in _PERIOD_WORDS
               for c in _ALL_CUES)


# 'churn mensuel de 6 %': a period qualifies the KPI, it does not name one of its fields
_PERIOD_WORDS = frozenset({"mensuel", "mensuelle", "monthly", "annuel", "annuelle", "yearly", "annual",
                           "trimestriel", "trimestrielle", "quarterly"})


def _named_after(a: Analysis, idx: int, tool: str) -> bool:
    """True when another KPI's name directly follows number `idx`."""
    m = re.search(rf"#{idx}\b\s*", a.norm)
    if not m:
        return False
    return any(s == m.end() and other != tool for other, s, _ in a.mentions)


def _field_cue_follows(a: Analysis, idx: int) -> bool:
    """'velocity: 50 opportunities' is not a velocity value: the number is followed by a field word."""
    pos = a.tokens.positions.get(idx)
    if pos is None or pos + 1 >= len(a.tokens.words):
        return False
    following = [w for w in a.tokens.words[pos + 1:pos + 3] if w not in ("of", "de", "d'", "en", "in")][:1]
    return any(len(c) > 3 and " " not in c and w.startswith(c) for w in following for c in _ALL_CUES) or (
        bool(following) and following[0] in ("ads", "pub"))


_ALL_CUES = frozenset(c for cues in FIELD_CUES.values() for c in cues) - {"marketing", "cost", "cout", "campagne"}
_RATIO_TARGET = re.compile(r"\bratio (?:de |of )?#(\d+)|#(\d+) ratio")


def ratio_target(a: Analysis, stated: dict[str, int]) -> None:
    """'for a 3:1 ratio', 'un ratio de 3 pour 1': the CLV:CAC target when CLV or CAC is in the question."""
    if "clv_cac_ratio" in stated or not {"clv_simple", "customer_acquisition_cost", "clv_cac_ratio"} & set(a.kpis):
        return
    m = _RATIO_TARGET.search(a.norm)
    if m:
        idx = int(m.group(1) or m.group(2))
        if idx not in stated.values():
            stated["clv_cac_ratio"] = idx
