"""The offline engine: the reader, the KPI tools and the knowledge base, no LLM. The default engine and the fallback.

A turn: clean the question (assistant.inputs), read it once (assistant.reader), find the intent from the nearest
example questions and the question's structure (decide.py), run the handler, which calls the registry's tools
and cites knowledge entries. Every answer says how the figures were read; nothing it states comes from
anywhere else than the user, a tool or a cited entry.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from assistant.inputs import InputRefused, clean_question
from assistant.offline import calc, compare, explain, guidance, judge, objective, solve, whatif
from assistant.offline.compose import Turn, t
from assistant.offline.context import Ctx
from assistant.offline.decide import decide
from assistant.offline.memory import Memory
from assistant.reader.intent import IntentModel, default_model
from assistant.reader.reading import read
from assistant.reply import Reply
from assistant.session import Session
from knowledge.language import detect_language
from knowledge.types import Retriever
from tools.registry import ToolInputError, get_tool

Handler = Callable[[Ctx], Any]
log = logging.getLogger(__name__)
FAILED = ("Sorry, I could not handle that question offline. Try rephrasing it with the KPI and your figures "
          "(e.g. spend and new customers), or connect an LLM (KPI_LLM_BASE_URL or OPENAI_API_KEY).",
          "Désolé, je n'ai pas su traiter cette question hors ligne. Reformulez-la avec le KPI et vos chiffres "
          "(p. ex. dépenses et nouveaux clients), ou connectez un LLM (KPI_LLM_BASE_URL ou OPENAI_API_KEY).")

HANDLERS: dict[str, Handler] = {
    "greeting": guidance.greeting,
    "out_of_scope": guidance.out_of_scope,
    "explain": explain.explain,
    "select": guidance.select,
    "plan": guidance.plan,
    "guidance": guidance.guidance,
    "objective": objective.objective,
    "target": objective.target,
    "compute": calc.compute,
    "note": calc.note,
    "health": judge.judge,
    "what_if": whatif.what_if,
    "solve": solve.solve,
    "compare": compare.compare,
    "followup": calc.followup,
}

_MODEL: IntentModel | None = None
_MODEL_LOCK = threading.Lock()


def shared_intent_model() -> IntentModel:
    """The process's intent model (example vectors loaded once, from the embedding cache when warm)."""
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            _MODEL = default_model()
        return _MODEL


class OfflineEngine:
    """Answers KPI questions in French and English with the reader, the registry's tools and the knowledge base."""

    name = "offline"

    def __init__(self, retriever: Retriever | None, intents: IntentModel | None = None):
        """`intents` defaults to the shared model over the shipped sentence encoder."""
        self.retriever = retriever
        self._intents = intents

    @property
    def intents(self) -> IntentModel:
        """The intent model (built on first use)."""
        if self._intents is None:
            self._intents = shared_intent_model()
        return self._intents

    def answer(self, question: str, session: Session) -> Reply:
        """One turn: read the question, pick the intent, run tools, compose a cited answer; memory in session."""
        mem = Memory(session)
        try:
            question = clean_question(question)
        except InputRefused as err:
            lang = detect_language(question[:2000], mem.lang or "en")
            return Reply(answer=err.message(lang), language=lang, engine="offline")  # type: ignore[arg-type]
        a = read(question, mem.lang or "en")
        guess = self.intents.guess(question)
        intent = decide(a, guess, mem)
        if intent not in ("followup", "greeting"):
            mem.clear_pending()
        ctx = Ctx(a=a, mem=mem, turn=Turn(lang=a.lang), retriever=self.retriever, guess=guess)
        ctx.remember_context()
        for kpi, idx in a.stated.items():  # 'my CLV is 800 €' is kept whatever this turn does
            if intent not in ("solve", "what_if"):  # a solve's 'at 3' is a target, not the user's figure
                n = a.nums[idx]
                mem.remember_kpi(kpi, n.value, n.currency if n.unit == "currency" else n.unit, stated=True)
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
        if a.figures and intent not in ("select", "plan", "out_of_scope", "greeting"):
            mem.add_message(question)
        session.state["offline"]["last_intent"] = intent
        session.add("assistant", reply.answer)
        return reply

    def recompute(self, tool: str, inputs: dict[str, Any], session: Session, lang: str | None = None) -> Reply:
        """The calculation of a read-back the user corrected (values or the field they go to), as a new turn:
        the same calculator, verdict and pitfall as a question, and the conversation's memory follows it."""
        mem = Memory(session)
        lang = lang or mem.lang or "en"
        a = read("", lang)
        ctx = Ctx(a=a, mem=mem, turn=Turn(lang=lang), retriever=self.retriever)
        mem.clear_pending()
        try:
            spec = get_tool(tool)
        except ToolInputError as err:
            return Reply(answer=err.message(lang), language=lang, engine="offline")  # type: ignore[arg-type]
        if not spec.is_calculator:
            ctx.turn.say(t("tool_error", lang, msg=tool))
        else:
            calc.recalculate(ctx, tool, inputs)
        reply = ctx.turn.reply()
        session.add("assistant", reply.answer)
        return reply

    def stream(self, question: str, session: Session) -> Iterator[dict[str, Any]]:
        """The same turn as events: one {'type': 'tool'} per tool run, then {'type': 'reply'}."""
        reply = self.answer(question, session)
        for call in reply.tool_calls:
            yield {"type": "tool", "call": call}
        yield {"type": "reply", "reply": reply}
