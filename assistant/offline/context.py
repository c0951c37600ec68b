"""The per-turn context every handler receives, and the one place tools are run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.offline.compose import Turn, t
from assistant.offline.intents import Analysis
from assistant.offline.memory import Memory
from assistant.offline.slots import cast_inputs
from knowledge.types import Hit, Retriever
from tools.base import KpiResult
from tools.registry import ToolInputError, run_tool

META_TOOLS = frozenset({"what_if", "solve_for", "kpi_health"})
# A KPI's value is also an input of other tools under a field name ("CAC 80" fills clv_cac_ratio.cac).
FIELD_OF_KPI = {"customer_acquisition_cost": "cac", "clv_simple": "clv", "clv_b2b": "clv", "clv_margin_churn": "clv",
                "average_order_value": "average_basket"}
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

    def run(self, tool_id: str, inputs: dict[str, Any]) -> KpiResult | None:
        """Run a registry tool and record the call; on bad input, say why (field and rule) and return None."""
        try:
            result = run_tool(tool_id, cast_inputs(tool_id, inputs) if tool_id not in META_TOOLS else inputs)
        except ToolInputError as err:
            self.turn.say(t("tool_error", self.lang, msg=str(err)))
            return None
        self.turn.record(result)
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


def stated_values(a: Analysis) -> dict[str, int]:
    """KPI values given directly: 'my CAC is 80 €', 'un CAC de 80 €', '80 € de CAC' -> {tool: number index}."""
    out: dict[str, int] = {}
    for tool, start, end in a.mentions:
        after = re.match(_LINK + r"\s*#(\d+)", a.norm[end:])
        if after and len(after.group(0)) <= 40:
            idx = int(after.group(1))
            if idx not in out.values() and not _field_cue_follows(a, idx):
                out.setdefault(tool, idx)
                continue
        before = re.search(r"#(\d+)\s*(?:de |d'|of |as |comme )(?:mon |ma |my |notre |our |le |la |un |une "
                           r"|a )?$", a.norm[:start])
        if before and int(before.group(1)) not in out.values():
            out.setdefault(tool, int(before.group(1)))
    return out


def _field_cue_follows(a: Analysis, idx: int) -> bool:
    """'CAC with 1 200 € spend' is not a CAC value: the number is followed by a field word."""
    pos = a.tokens.positions.get(idx)
    if pos is None or pos + 1 >= len(a.tokens.words):
        return False
    nxt = a.tokens.words[pos + 1]
    return bool(re.match(r"(?:client|customer|visit|lead|clic|click|depens|spend|budget|vente|sale|achat|order"
                         r"|commande|impression|prospect|abonn|heure|hour)", nxt))
