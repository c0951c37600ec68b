"""Score the offline engine on the labelled conversations of offline_questions.yaml."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.offline.engine import OfflineEngine
from assistant.session import Session
from knowledge.types import Retriever

QUESTIONS = Path(__file__).with_name("offline_questions.yaml")


@dataclass
class TurnResult:
    """One scored turn: what was expected, what came back, and why it failed (empty when it passed)."""

    case: str
    question: str
    expected: dict[str, Any]
    got: dict[str, Any]
    seconds: float
    problems: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0  # CPU time of the process for this answer: what a loaded machine does not inflate

    @property
    def ok(self) -> bool:
        """True when intent, tool and value all match."""
        return not self.problems


def load_cases(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    """The labelled conversations."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def _close(a: float | None, b: float | None) -> bool:
    if a is None and b is None:  # an expected 'undefined' (e.g. CAC with 0 customers) matches an undefined result
        return True
    return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=1e-3, abs_tol=1e-3)


def score_turn(case: str, turn: dict[str, Any], reply: Any, intent: str, seconds: float) -> TurnResult:
    """Compare one reply with its labels."""
    last = reply.tool_calls[-1] if reply.tool_calls else None
    got = {"intent": intent, "tool": last.name if last else None, "value": last.result.get("value") if last else None,
           "language": reply.language}
    if last is not None and last.name == "what_if":
        got["kpi_value"] = last.result.get("details", {}).get("new_value")
    problems = []
    wanted = turn["intent"] if isinstance(turn["intent"], list) else [turn["intent"]]
    if intent not in wanted:
        problems.append(f"intent {intent} (expected {'/'.join(wanted)})")
    if got["tool"] != turn.get("tool"):
        problems.append(f"tool {got['tool']} (expected {turn.get('tool')})")
    elif "value" in turn and not _close(got["value"], turn["value"]):
        problems.append(f"value {got['value']} (expected {turn['value']})")
    elif "kpi_value" in turn and not _close(got.get("kpi_value"), turn["kpi_value"]):
        problems.append(f"kpi_value {got.get('kpi_value')} (expected {turn['kpi_value']})")
    return TurnResult(case=case, question=turn["q"], expected=turn, got=got, seconds=seconds, problems=problems)


def run_eval(retriever: Retriever, cases: list[dict[str, Any]] | None = None) -> list[TurnResult]:
    """Play every conversation in a fresh session; one result per labelled turn."""
    engine = OfflineEngine(retriever)
    results = []
    for case in cases or load_cases():
        session = Session()
        for turn in case["turns"]:
            start, cpu = time.perf_counter(), time.process_time()
            reply = engine.answer(turn["q"], session)
            seconds = time.perf_counter() - start
            intent = session.state["offline"]["last_intent"]
            result = score_turn(case["id"], turn, reply, intent, seconds)
            result.cpu_seconds = time.process_time() - cpu
            results.append(result)
    return results


def accuracy(results: list[TurnResult]) -> float:
    """Share of turns where intent, tool and value all match."""
    return sum(r.ok for r in results) / len(results) if results else 0.0


def failures_report(results: list[TurnResult]) -> str:
    """One line per failed turn."""
    return "\n".join(f"{r.case}: {r.question!r} -> {'; '.join(r.problems)}" for r in results if not r.ok)
