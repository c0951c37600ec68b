"""The per-turn context every handler receives, and the one place tools are run."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from assistant.offline.compose import Turn, t
from assistant.offline.memory import Memory
from assistant.offline.selection import read_situation
from assistant.reader.fill import kinds_of
from assistant.reader.intent import Guess
from assistant.reader.reading import Reading
from assistant.selection.profile import implied, rules
from knowledge.language import normalize
from knowledge.types import Hit, Retriever
from tools.base import KpiResult
from tools.registry import ToolInputError, get_tool, run_tool

META_TOOLS = frozenset({"what_if", "solve_for", "kpi_health"})

_NEGATION_REACH = 2  # tokens between 'not' / 'pas' and the word it denies


def cast_inputs(tool_id: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """Counts as int (the tools' models want integers for counts)."""
    kinds = kinds_of(tool_id)
    return {k: int(v) if kinds.get(k) == "count" and isinstance(v, float) and v.is_integer() else v
            for k, v in inputs.items()}


@dataclass
class Ctx:
    """What a handler works with: the question as read, memory, the answer being built, the retriever."""

    a: Reading
    mem: Memory
    turn: Turn
    retriever: Retriever | None
    guess: Guess | None = None
    used: set[int] = field(default_factory=set)  # figures of the message this turn's calculations used
    said_segment: bool = False  # the answer said which segment the business implies

    @property
    def lang(self) -> str:
        """The user's language for this turn."""
        return self.turn.lang

    @property
    def stated(self) -> dict[str, int]:
        """KPI values stated in the question ('my CAC is 80 €'): KPI -> number index."""
        return self.a.stated

    @property
    def segment(self) -> str | None:
        """'B2B' / 'B2C' when the user said so in this conversation, or when the business the question names
        implies it ('mon restaurant' sells to consumers: the selection rules' segment of its business model)."""
        if self.a.has("b2b"):
            return "B2B"
        if self.a.has("b2c"):
            return "B2C"
        return self.mem.facts.get("segment") or self._implied_segment[1]

    @cached_property
    def _implied_segment(self) -> tuple[str | None, str | None]:
        """(business model, segment it implies) from the question's words."""
        profile = implied(read_situation(normalize(self.a.question)))
        return profile.model, profile.segment

    def rule_segment(self) -> str | None:
        """The segment a health rule is applied for; when only the business implies it, the answer says so once."""
        segment = self.segment
        model, by_model = self._implied_segment
        said = self.a.has("b2b") or self.a.has("b2c") or self.mem.facts.get("segment_by") is None
        if segment and not said and by_model == segment and not self.said_segment:
            self.said_segment = True
            title = rules()["models"][model]["title"][self.lang]
            self.turn.say(t("segment_implied", self.lang, business=title, segment=segment))
        return segment

    @property
    def period(self) -> str | None:
        """'month' / 'quarter' / 'year' when the question (or the conversation) says which period figures cover."""
        for p in ("month", "quarter", "year"):
            if self.a.has(p):
                return p
        return self.mem.facts.get("period")

    @property
    def phase(self) -> str | None:
        """'launch' or 'awareness' when the user says so ('the goal was direct sales, not awareness' does not): a
        negative ROI is then expected, not an alert."""
        negations = [n.end for n in self.a.cues("negated")]
        for p in ("launch", "awareness"):
            if any(not any(0 <= m.start - end <= _NEGATION_REACH for end in negations) for m in self.a.cues(p)):
                return p
        return self.mem.facts.get("phase")

    @property
    def currency(self) -> str | None:
        """The currency the user wrote amounts in this turn (first one found), else the conversation's, if any."""
        return next((n.currency for n in self.a.nums if n.unit == "currency" and n.currency),
                    None) or self.mem.facts.get("currency")

    def remember_context(self) -> None:
        """Context words of this turn kept for the next ones ('B2B', 'par mois', 'lancement', '$')."""
        explicit = self.a.has("b2b") or self.a.has("b2c") or self.mem.facts.get("segment")
        for key, value in (("segment", self.segment), ("period", self.period), ("phase", self.phase),
                           ("currency", self.currency)):
            if value:
                self.mem.facts[key] = value
        if self.segment and not explicit:
            self.mem.facts["segment_by"] = self._implied_segment[0]  # the business implies it; no one said it
        elif self.a.has("b2b") or self.a.has("b2c"):
            self.mem.facts.pop("segment_by", None)

    def run(self, tool_id: str, inputs: dict[str, Any]) -> KpiResult | None:
        """Run a registry tool and record the call; on bad input, say why (field and rule) and return None."""
        if tool_id not in META_TOOLS:
            fields = get_tool(tool_id).input_model.model_fields
            if "currency" in fields and "currency" not in inputs and self.currency:
                inputs = {**inputs, "currency": self.currency}  # "$1,200": the result is in USD, not EUR
            if "segment" in fields and inputs.get("segment") is None and self.segment:
                inputs = {**inputs, "segment": self.rule_segment()}  # lets the B2B / B2C health rules apply
            if "phase" in fields and inputs.get("phase") in (None, "standard") and self.phase:
                inputs = {**inputs, "phase": self.phase}  # a launch's or an awareness campaign's negative ROI
            inputs = cast_inputs(tool_id, inputs)
        try:
            result = run_tool(tool_id, inputs)
        except ToolInputError as err:
            from assistant.offline.wording import readable

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
