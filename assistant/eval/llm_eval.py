"""Score replies on a blind LLM set (`llm_blind.yaml`, format in its header): right calculator and value, and what
the answer claims without support, audited from the reply alone.

A reply is right when:
- calculate / judge / what_if / solve / compare: a tool of the reply computed the expected KPI with the expected
  value (a what-if's new KPI value, a solve's found input, a judged value), the answer states that value, and the
  expected verdict (when labelled) is a tool's verdict;
- define / choose_kpis / plan / advice / decline: no calculator ran;
- ask_missing: no result of that calculator and the answer asks a question.
The audit re-checks the answer against the reply's own tool results and cited sources (not the agent's internal
bookkeeping) and counts what it finds that no notice flagged: the unflagged invented numbers, verdicts, citations
and action claims.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.answer_check import action_claims, tool_verdicts, uncited_ids, unsupported_verdicts
from assistant.headline import states_value
from assistant.numbers_check import unverified_numbers
from assistant.prefill import user_figures
from assistant.prompts import NOTICES
from assistant.reply import Reply, ToolCall

BLIND_SET = Path(__file__).with_name("llm_blind.yaml")
SINGLE_KPI = ("calculate", "judge", "what_if", "solve")
_FLAG_KEYS = {"numbers": "unverified_numbers", "verdicts": "unverified_verdicts",
              "citations": "unretrieved_citations", "actions": "impossible_actions", "inputs": "unverified_inputs"}


def load_blind(path: Path = BLIND_SET) -> list[dict[str, Any]]:
    """The cases of a blind set."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def _close(a: Any, b: Any) -> bool:
    return isinstance(a, int | float) and isinstance(b, int | float) and math.isclose(
        float(a), float(b), rel_tol=1e-3, abs_tol=1e-3)


def weakest_step_rate(result: dict[str, Any]) -> Any:
    """A funnel's weakest step rate: the calculator's answer to 'where do I lose the most people, at what rate?'."""
    return ((result.get("details") or {}).get("weakest_step") or {}).get("rate_pct")


def answering_calls(reply: Reply, calculator: str) -> list[tuple[ToolCall, Any]]:
    """(call, value) for the calls that answer with `calculator`'s value: the calculator itself (and a funnel's
    weakest step), or a meta tool run on it (a what-if's new value, a solve's answer, a health check's value)."""
    out: list[tuple[ToolCall, Any]] = []
    for c in reply.tool_calls:
        value = c.result.get("value")
        if c.name == calculator:
            out.append((c, value))
            if (weakest := weakest_step_rate(c.result)) is not None:
                out.append((c, weakest))  # 'à quelle étape je perds le plus, avec quel taux ?'
        elif c.name == "what_if" and c.arguments.get("tool") == calculator:
            out.append((c, (c.result.get("details") or {}).get("new_value", value)))
        elif c.name == "solve_for" and c.arguments.get("tool") == calculator:
            out.append((c, value))
        elif c.name == "kpi_health" and c.arguments.get("kpi") == calculator:
            out.append((c, value))
    return out


def computed_values(reply: Reply, calculator: str) -> list[float]:
    """The values the reply's tools computed for `calculator` (a what-if's new value, a solve's answer...)."""
    return [v for _, v in answering_calls(reply, calculator) if isinstance(v, int | float)]


def flagged_kinds(notices: list[str], lang: str) -> set[str]:
    """Which kinds of unsupported claim the reply's notices flag."""
    kinds = set()
    for kind, key in _FLAG_KEYS.items():
        prefix = NOTICES[key].get(lang).split("{")[0][:40]
        if any(n.startswith(prefix) for n in notices):
            kinds.add(kind)
    return kinds


@dataclass
class Scored:
    """One scored case."""

    case: str
    kind: str
    right: bool
    why: str = ""
    audit: dict[str, list[str]] = field(default_factory=dict)  # unflagged findings by kind
    flagged: set[str] = field(default_factory=set)


def score(case: dict[str, Any], question: str, reply: Reply, source_texts: dict[str, str]) -> Scored:
    """Right or wrong (with why), and the audit, for one single-turn case."""
    expect = case["turns"][-1]["expect"]
    kind, calculator = expect["kind"], expect.get("calculator")
    right, why = _right(kind, calculator, expect, reply)
    flagged = flagged_kinds(reply.notices, reply.language)
    cited = {s.id: source_texts.get(s.id, "") for s in reply.sources}
    results = [c.result for c in reply.tool_calls]
    found = {
        # the read-back's inputs are the reader's (a derived 'delivered = 5 000 − 200 = 4 800' included)
        "numbers": unverified_numbers(reply.answer, texts=[question, *cited.values()],
                                      data=[*results, *(c.arguments for c in reply.tool_calls),
                                            reply.reading.model_dump() if reply.reading else {}]),
        # a rule's source is quoted as written ('… savoir si tu es dans la bonne direction' is a title, not a verdict)
        "verdicts": unsupported_verdicts(reply.answer, tool_verdicts(results), list(cited),
                                         [*cited.values(), *(f"{s.title} {s.source}" for s in reply.sources),
                                          *(r["verdict"]["source"] for r in results if r.get("verdict"))],
                                         bool(user_figures(question))),
        "citations": uncited_ids(reply.answer, cited),
        "actions": action_claims(reply.answer),
    }
    audit = {k: v for k, v in found.items() if v and k not in flagged}
    return Scored(case["id"], kind, right, why, audit, flagged)


def _right(kind: str, calculator: str | None, expect: dict[str, Any], reply: Reply) -> tuple[bool, str]:
    tools = [c.name for c in reply.tool_calls]
    if kind == "ask_missing":
        done = computed_values(reply, calculator or "")
        if done:
            return False, f"computed {done} instead of asking"
        return ("?" in reply.answer, "" if "?" in reply.answer else "asked nothing")
    if calculator is None or "value" not in expect and "values" not in expect:
        return (not tools, "" if not tools else f"ran {tools}")
    wanted = expect.get("values") or [expect["value"]]
    values = computed_values(reply, calculator)
    for target in wanted:
        if not any(_close(v, target) for v in values):
            return False, f"{calculator}={target} not computed (tools {tools}, values {values})"
        if not states_value(reply.answer, target):
            return False, f"{target} not stated in the answer"
    verdict = expect.get("verdict")
    if verdict and verdict not in tool_verdicts([c.result for c in reply.tool_calls]):
        return False, f"verdict {verdict} not given by a tool"
    return True, ""
