"""The offline engine: rules, the KPI tools and the knowledge base, no LLM. The default engine and the fallback."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from assistant.offline import actions, compare, explain, guidance, health, solve, whatif
from assistant.offline.compose import Turn
from assistant.offline.context import FIELD_OF_KPI, Ctx, stated_values
from assistant.offline.intents import analyse, classify
from assistant.offline.memory import Memory
from assistant.offline.slots import map_numbers, missing_required
from assistant.reply import Reply
from assistant.session import Session
from knowledge.types import Retriever

Handler = Callable[[Ctx], Any]
log = logging.getLogger(__name__)
FAILED = ("Sorry, I could not handle that question offline. Try rephrasing it with the KPI and your figures "
          "(e.g. spend and new customers), or connect an LLM (KPI_LLM_BASE_URL or OPENAI_API_KEY).",
          "Désolé, je n'ai pas su traiter cette question hors ligne. Reformulez-la avec le KPI et vos chiffres "
          "(p. ex. dépenses et nouveaux clients), ou connectez un LLM (KPI_LLM_BASE_URL ou OPENAI_API_KEY).")


def _followup(ctx: Ctx) -> None:
    """The user answers the question the engine asked: fill the missing inputs and finish the calculation."""
    pending = ctx.mem.pending
    if pending["intent"] == "health":
        health.health_followup(ctx)
        return
    tool_id, inputs = pending["tool"], dict(pending["inputs"])
    missing = pending["missing"]
    skip = set(ctx.stated.values())
    found, _, _ = map_numbers(tool_id, ctx.a.nums, ctx.a.tokens, skip, only=set(missing))
    inputs.update(found)
    extra = pending.get("extra") or {}
    if pending["intent"] == "solve":
        still = [f for f in missing_required(tool_id, inputs) if f != extra["field"]]
        if still:
            actions.ask_missing(ctx, "solve", tool_id, inputs, still, extra)
            return
        solve.run_solve(ctx, tool_id, inputs, extra["field"], extra["target"])
        return
    actions.finish(ctx, pending["intent"], tool_id, inputs)


def remember_stated(ctx: Ctx) -> None:
    """KPI values the user states ('my CLV is 800 €') are kept for later turns, whatever this turn does."""
    for kpi, idx in ctx.stated.items():
        n = ctx.a.nums[idx]
        ctx.mem.remember_kpi(kpi, n.value, n.currency if n.unit == "currency" else n.unit)
        if kpi in FIELD_OF_KPI:
            ctx.mem.remember_fields({FIELD_OF_KPI[kpi]: n.value})


HANDLERS: dict[str, Handler] = {
    "greeting": guidance.greeting,
    "out_of_scope": guidance.out_of_scope,
    "explain": explain.explain,
    "select": guidance.select,
    "plan": guidance.plan,
    "guidance": guidance.guidance,
    "compute": actions.compute,
    "note": actions.note,
    "health": health.health,
    "what_if": whatif.what_if,
    "solve": solve.solve,
    "compare": compare.compare,
    "followup": _followup,
}


class OfflineEngine:
    """Answers KPI questions in French and English with rules, the registry's tools and the knowledge base."""

    name = "offline"

    def __init__(self, retriever: Retriever | None):
        self.retriever = retriever

    def answer(self, question: str, session: Session) -> Reply:
        """One turn: read the question, pick the intent, run tools, compose a cited answer; memory in session."""
        mem = Memory(session)
        a = analyse(question, mem.lang or "en")
        stated = stated_values(a)
        intent = classify(a, has_pending=mem.pending is not None, has_last=mem.last is not None, stated=stated,
                          remembered_kpi=mem.last_kpi is not None)
        if intent != "followup" and intent not in ("greeting",):
            mem.clear_pending()
        ctx = Ctx(a=a, mem=mem, turn=Turn(lang=a.lang), retriever=self.retriever, stated=stated)
        if intent not in ("solve", "what_if"):  # a solve's "at 3" is a target, not the user's figure
            remember_stated(ctx)
        session.add("user", question)
        try:
            HANDLERS[intent](ctx)
        except Exception as exc:  # a rule bug must cost one answer, not the conversation
            log.exception("offline engine failed on %r", question)
            ctx.turn.blocks = [FAILED[1] if a.lang == "fr" else FAILED[0]]
            ctx.turn.notices.append(f"offline engine error: {type(exc).__name__}")
            mem.clear_pending()
        reply = ctx.turn.reply()
        if not reply.answer:
            guidance.guidance(ctx)
            reply = ctx.turn.reply()
        mem.lang = a.lang
        if a.nums:
            mem.figures_question = question
        session.state["offline"]["last_intent"] = intent
        session.add("assistant", reply.answer)
        return reply

    def stream(self, question: str, session: Session) -> Iterator[dict[str, Any]]:
        """The same turn as events: one {'type': 'tool'} per tool run, then {'type': 'reply'}."""
        reply = self.answer(question, session)
        for call in reply.tool_calls:
            yield {"type": "tool", "call": call}
        yield {"type": "reply", "reply": reply}
