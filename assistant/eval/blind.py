"""Score any engine on a blind question set (format: /work/blind/FORMAT.md, copied in eval/BLIND_FORMAT.md).

A turn is *fully right* when the answer used the expected calculator and gave the expected value (within 0.1 %),
the expected verdict when one is labelled, answered in the user's language, and stated no figure that comes from
neither the user, a tool result nor a cited entry. The scorer reads only the reply (tool calls, answer, sources),
never the engine's internals, so the same set scores the offline engine and the LLM agent.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.eval.llm_eval import answering_calls
from assistant.eval.provenance import unexplained
from assistant.reply import Reply, ToolCall
from assistant.session import Session

EVAL_DIR = Path(__file__).parent
META = {"what_if", "solve_for", "kpi_health"}
NO_CALCULATION = {"define", "choose_kpis", "plan", "advice", "decline", "ask_missing", "greeting"}
# Independent of the product's detector on purpose: a few frequent words per language.
_FR = set("le la les des du un une est et pour vous votre vos pas que qui sur avec dans ce cette mais ou au aux "
          "sont être avez nous je".split())
_EN = set("the a an is and for you your not that which on with in this but or are be have we of to it".split())


@dataclass
class BlindResult:
    """One scored turn."""

    case: str
    question: str
    kind: str
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    invented: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Fully right."""
        return not self.problems


def load_blind(path: Path) -> list[dict[str, Any]]:
    """The cases of a blind set."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def text_language(text: str) -> str | None:
    """'fr' or 'en' by frequent words, None when too short to tell."""
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", text.lower())
    fr, en = sum(w in _FR for w in words), sum(w in _EN for w in words)
    if fr + en < 3:
        return None
    return "fr" if fr > en else "en"


def _close(a: Any, b: Any) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-3, abs_tol=1e-2)
    except (TypeError, ValueError):
        return False


def _verdict(reply: Reply) -> str | None:
    levels = [c.result["verdict"]["level"] for c in reply.tool_calls if c.result.get("verdict")]
    return levels[-1] if levels else None


def _calculated(reply: Reply) -> list[ToolCall]:
    return [c for c in reply.tool_calls if c.result.get("value") is not None]


# For an engine that reports its intent (the offline engine does): answers with no calculation to check are
# checked on what the engine understood instead.
INTENTS_OF_KIND = {"define": {"explain", "guidance"}, "choose_kpis": {"select"}, "plan": {"plan", "select"},
                   "advice": {"guidance", "explain", "select"}, "decline": {"out_of_scope", "greeting"}}


def _asked(reply: Reply) -> list[str]:
    problems = []
    if _calculated(reply):
        problems.append(f"computed {[c.name for c in _calculated(reply)]} instead of asking")
    if "?" not in reply.answer:
        problems.append("asked nothing")
    return problems


def _no_calculation(kind: str, reply: Reply, intent: str | None) -> list[str]:
    problems = []
    stray = [c.name for c in _calculated(reply) if c.name not in ("kpi_health",)]
    if kind == "decline" and stray:
        problems.append(f"computed {stray} on an out-of-scope question")
    if intent is not None and kind in INTENTS_OF_KIND and intent not in INTENTS_OF_KIND[kind]:
        problems.append(f"understood as {intent} (expected {'/'.join(sorted(INTENTS_OF_KIND[kind]))})")
    return problems


def _calculated_right(exp: dict[str, Any], reply: Reply) -> list[str]:
    calc, problems = exp["calculator"], []
    calls = answering_calls(reply, calc)
    if not calls:
        problems.append(f"calculator {[c.name for c in reply.tool_calls] or 'none'} (expected {calc})")
    elif exp["kind"] == "compare":
        want = sorted(float(v) for v in exp.get("values", []))
        got = sorted(float(v) for _, v in calls if v is not None)
        if len(got) < len(want) or not all(any(_close(w, g) for g in got) for w in want):
            problems.append(f"values {got} (expected {want})")
    elif "value" in exp and not any(_close(v, exp["value"]) for _, v in calls):
        problems.append(f"value {[v for _, v in calls]} (expected {exp['value']})")
    if exp.get("verdict") and _verdict(reply) != exp["verdict"]:
        problems.append(f"verdict {_verdict(reply)} (expected {exp['verdict']})")
    return problems


def score(case: str, lang: str, turn: dict[str, Any], reply: Reply, said: list[str], cited_texts: list[str],
          seconds: float, intent: str | None = None) -> BlindResult:
    """Compare one reply with its labels (`intent`: what the engine says it understood, when it says)."""
    exp = turn["expect"]
    kind = exp["kind"]
    res = BlindResult(case=case, question=turn["q"], kind=kind, seconds=seconds)
    if kind == "ask_missing":
        res.problems += _asked(reply)
    elif kind in NO_CALCULATION or not exp.get("calculator"):
        res.problems += _no_calculation(kind, reply, intent)
    else:
        res.problems += _calculated_right(exp, reply)
    if reply.language != lang:
        res.problems.append(f"reply language {reply.language} (expected {lang})")
    seen = text_language(re.sub(r"`[^`]*`|\[[^\]]*\]|\([^)]*\)", " ", reply.answer))
    if seen and seen != lang:
        res.problems.append(f"answer text reads as {seen}")
    data = [c.result for c in reply.tool_calls] + [c.arguments for c in reply.tool_calls]
    if reply.reading is not None:  # how the engine read the user's figures ('3,2k€' is 3 200)
        data.append(reply.reading.model_dump())
    res.invented = unexplained(reply.answer, said + cited_texts + [s.source for s in reply.sources], data)
    if res.invented:
        res.problems.append(f"figures from nowhere {res.invented}")
    return res


def run_blind(answer: Callable[[str, Session], Reply], cases: list[dict[str, Any]],
              cited: Callable[[Reply], list[str]] | None = None,
              intent: Callable[[Session], str | None] | None = None) -> list[BlindResult]:
    """Play every case in a fresh session through `answer`; one result per turn."""
    results = []
    for case in cases:
        session, said = Session(), []
        for turn in case["turns"]:
            said.append(turn["q"])
            start = time.perf_counter()
            reply = answer(turn["q"], session)
            seconds = time.perf_counter() - start
            results.append(score(case["id"], case["lang"], turn, reply, said, cited(reply) if cited else [], seconds,
                                 intent(session) if intent else None))
    return results


def summary(results: list[BlindResult]) -> str:
    """Fully-right share, by kind, and the invented figures."""
    ok = sum(r.ok for r in results)
    lines = [f"fully right {ok}/{len(results)} ({ok / len(results):.1%}); "
             f"invented figures in {sum(bool(r.invented) for r in results)} answers"]
    kinds = sorted({r.kind for r in results})
    lines.append("  by kind: " + ", ".join(
        f"{k} {sum(r.ok for r in results if r.kind == k)}/{sum(r.kind == k for r in results)}" for k in kinds))
    return "\n".join(lines)


def failures(results: list[BlindResult]) -> str:
    """One line per turn that is not fully right."""
    return "\n".join(f"{r.case}: {r.question!r} -> {'; '.join(r.problems)}" for r in results if not r.ok)
