"""Tools first: when the reader is sure of a calculation, the agent puts it in the conversation before the model speaks.

The offline engine reads the question (assistant/reader) and answers it on a scratch copy of the session; its
calculation counts as sure when it made exactly one tool call (a calculator, or `kpi_health` judging a value the user
stated), asked nothing back, and accounted for every figure the user gave: used as an input, as a part of a derived
input (delivered = sent − bounced, spend = ads + freelance), or named in its read-back as left out ("4 people in the
team") when the question names no other KPI. The figures it left out go to the model with the result, so the model
can calculate again with one of them; a figure neither used nor named (a what-if's "25 %" read as something else)
means the reading may be wrong, and the model calls the tools itself. The figures are the reader's: dates, years
and quarters are not figures, "2k" is 2 000, "aucun client" is 0. Everything the agent needs from the reader goes
through `read_turn`.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.numbers_check import known_values
from assistant.reader.reading import Reading as ReaderReading
from assistant.reader.reading import read
from assistant.reply import Reply
from assistant.session import Session
from tools.registry import get_tool

log = logging.getLogger(__name__)

# Registry tools that are not calculations of a KPI from the user's figures.
_NOT_CALCULATORS = frozenset({"kpi_health"})
_JUDGE = "kpi_health"


class Answerer(Protocol):
    """The offline engine's interface, as the reader uses it."""

    def answer(self, question: str, session: Session) -> Reply:
        """One turn."""
        ...


@dataclass(frozen=True)
class SureCalculation:
    """A calculation the reader is sure of: the tool, its validated inputs and the result contract."""

    tool: str
    inputs: dict[str, Any]
    result: dict[str, Any]
    left_out: tuple[str, ...] = ()  # figures of the question the reader named as not used ("4 dans l'équipe")


@dataclass
class Reading:
    """What the reader made of a question: a sure calculation, calculators it thought of, whether it asked back."""

    sure: SureCalculation | None = None
    calculators: list[str] = field(default_factory=list)  # the KPIs it computed (a what-if's KPI, not what_if)
    calls: list[str] = field(default_factory=list)  # the tools it called, in order
    asked_back: bool = False
    figures: list[float] = field(default_factory=list)
    # The reader asked for a missing input of the KPI the question names, every figure given used: nothing to
    # calculate until the user gives it (a model computes with a figure it makes up: blind LLM cases l018, l036).
    sure_ask: bool = False
    intent: str | None = None  # the offline engine's intent ('explain', 'guidance'...): a definition is looked up

    @property
    def needs_calculation(self) -> bool:
        """The user's figures call for a calculator: the reader ran one, or two figures or more were given."""
        return not self.asked_back and (bool(self.calculators) or len(self.figures) >= 2)


def user_figures(question: str) -> list[float]:
    """The figures of a question that could be a calculator's inputs, as the reader reads them (dates left out)."""
    return _figures(read(question))


def _figures(r: ReaderReading) -> list[float]:
    return [f.num.value for f in r.figures if not f.num.implicit]


def _inner_tool(name: str, arguments: dict[str, Any]) -> str:
    return str(arguments.get("tool") or arguments.get("kpi") or name)


def _all_used(figures: list[float], call_inputs: dict[str, Any], result: dict[str, Any],
              accounted: list[float] = ()) -> bool:
    """Whether every figure is an input, a what-if's change, or `accounted` for (a derived input's part, a figure
    the read-back names as left out)."""
    values = known_values(data=[call_inputs, result.get("inputs", {})]) + list(accounted)
    details = result.get("details") or {}
    old, new = details.get("old_input"), details.get("new_input")
    if isinstance(old, int | float) and isinstance(new, int | float) and old:
        values.append(100 * abs(new - old) / abs(old))  # "cut the budget by 20 %" is the what-if's change
    return all(any(abs(abs(f) - abs(v)) <= 1e-6 * max(1.0, abs(f)) for v in values) for f in figures)


def read_turn(question: str, session: Session, engine: Answerer | None) -> Reading:
    """The reader's view of one question, from the offline engine run on a scratch copy of the session."""
    read_once = read(question)  # the question is read here once; the helpers below take this reading
    reading = Reading(figures=_figures(read_once))
    if engine is None:
        return reading
    scratch = Session(id=session.id, messages=list(session.messages), state=copy.deepcopy(session.state),
                      dataset=session.dataset)
    try:
        reply = engine.answer(question, scratch)
    except Exception:  # the reader is an aid: without it the model calls the tools itself
        log.exception("offline reading failed")
        return reading
    reading.intent = scratch.state.get("offline", {}).get("last_intent")
    pending = scratch.state.get("offline", {}).get("pending")
    reading.asked_back = bool(pending)
    reading.sure_ask = _sure_ask(read_once, pending, reply, reading.figures)
    calls = [c for c in reply.tool_calls if c.name not in _NOT_CALCULATORS]
    reading.calculators = list(dict.fromkeys(_inner_tool(c.name, c.arguments) for c in reply.tool_calls))
    reading.calls = [c.name for c in calls]
    # One calculation, or a judgement of a value the user stated (kpi_health alone): the call to put first.
    sure_call = calls[0] if len(calls) == 1 else None
    if not calls and len(reply.tool_calls) == 1 and reply.tool_calls[0].name == _JUDGE:
        sure_call = reply.tool_calls[0]
    if sure_call is None or reading.asked_back:
        return reading
    read_back = reply.reading
    left_out = tuple(read_back.unused) if read_back else ()
    if left_out and _another_kpi_named(read_once, _inner_tool(sure_call.name, sure_call.arguments)):
        return reading  # figures left out and another KPI named ("CAC and cost per lead"): the model calculates
    accounted = [p for i in (read_back.inputs if read_back else []) for p in i.parts]
    accounted += [f for text in left_out for f in user_figures(text)]
    result = sure_call.result
    if result.get("value") is not None and _all_used(reading.figures, sure_call.arguments, result, accounted):
        reading.sure = SureCalculation(sure_call.name, _explicit(sure_call.arguments), result, left_out)
    return reading


def _another_kpi_named(r: ReaderReading, tool: str) -> bool:
    """The question names a KPI other than `tool` with words of its own ('taux de clic' names the ad CTR and the
    email click rate at once: one KPI said, not two)."""
    names = [m for m in r.mentions if m.target[0] == "kpi" and m.target[1] in r.kpis
             and get_tool(m.target[1]).is_calculator]  # 'notre cible' names no KPI to compute (solve_for's word)
    family = {tool, *get_tool(tool).kpi.variants} | {k for k in r.kpis if tool in get_tool(k).kpi.variants}
    own = {(m.start, m.end) for m in names if m.target[1] in family}  # 'la CLV' names every CLV calculator
    # a KPI's name that is also the words of one of this calculator's inputs ('churn mensuel 2,5 %' in a CLV) is
    # that input, not another KPI asked
    own |= {(m.start, m.end) for m in r.mentions if m.target[:2] == ("field", tool)}
    return any(m.target[1] != tool and (m.start, m.end) not in own for m in names)


def _sure_ask(r: ReaderReading, pending: dict[str, Any] | None, reply: Reply, figures: list[float]) -> bool:
    """The reader asked for an input of the KPI the question names, after using every figure given."""
    if not pending or pending.get("intent") != "compute" or not pending.get("inputs") or not figures:
        return False
    if pending.get("tool") not in r.kpis or r.has("advise") or r.has("health"):
        return False  # 'my CAC is high, 4 000 € spent: what should I do?' wants advice a model can give
    accounted = [p for i in (reply.reading.inputs if reply.reading else []) for p in i.parts]
    # a figure no word ties to this calculator ('site got 14,000 visits' beside a CAC) is not its missing input
    fields = get_tool(pending["tool"]).input_model.model_fields
    accounted += [f.num.value for f in r.figures if not any(a.target[:2] == ("field", pending["tool"])
                                                          and a.target[2] in fields for a in f.attachments)]
    return _all_used(figures, pending["inputs"], {}, accounted)


def _explicit(arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments without empty values (the model reads fewer tokens; the defaults are the same)."""
    return {k: v for k, v in arguments.items() if v is not None and v != {} and v != []}


def sure_calculation(question: str, session: Session, engine: Answerer | None) -> SureCalculation | None:
    """The (tool id, validated inputs, result) the reader is sure of, or None."""
    return read_turn(question, session, engine).sure
