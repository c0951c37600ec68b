"""Picks the engine for each turn: the LLM agent when configured, else the offline engine; the offline engine also
answers any turn the LLM fails, with a visible notice. A turn always ends in a Reply, never an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.tools import BaseTool

from assistant.agent import (
    LlmEngine,
    LlmNotConfigured,
    MalformedAnswer,
    NoToolResult,
    TurnDeadlineExceeded,
    remember_turn,
)
from assistant.config import Settings
from assistant.prefill import Reading, read_turn
from assistant.prompts import Lang, detect_language, notice
from assistant.reply import Reply
from assistant.session import Session
from knowledge.types import Retriever

log = logging.getLogger(__name__)
# Intents the offline engine answers even with an LLM configured: a SMART objective or a target drafted by the tools
# from the user's figures and the sourced ranges, which a model would only reword (and might misstate).
DRAFTED_OFFLINE = frozenset({"objective", "target"})


class Engine(Protocol):
    """What the app and the CLI call."""

    def answer(self, question: str, session: Session) -> Reply:
        """One turn."""
        ...

    def stream(self, question: str, session: Session) -> Iterator[dict[str, Any]]:
        """One turn as events: `token`, `tool`, then `reply`."""
        ...


def _status(exc: BaseException) -> int | None:
    return getattr(exc, "status_code", None)


def failure_kind(exc: BaseException) -> str:
    """The notice key for an LLM failure (see `assistant.prompts.NOTICES`)."""
    import httpx
    import openai
    from langchain.agents.middleware.model_call_limit import ModelCallLimitExceededError
    from langchain_core.exceptions import OutputParserException
    from langgraph.errors import GraphRecursionError

    # Order matters: APITimeoutError is an APIConnectionError, RateLimitError an APIStatusError.
    kinds: list[tuple[tuple[type[BaseException], ...], str]] = [
        ((LlmNotConfigured,), "not_configured"),
        ((TurnDeadlineExceeded,), "deadline"),
        ((NoToolResult,), "no_tool_result"),
        ((openai.APITimeoutError, httpx.TimeoutException, TimeoutError), "timeout"),
        ((openai.RateLimitError,), "rate_limit"),
        ((openai.AuthenticationError, openai.PermissionDeniedError), "auth"),
        ((openai.APIConnectionError, httpx.TransportError, ConnectionError), "connection"),
        ((ModelCallLimitExceededError, GraphRecursionError), "step_limit"),
        ((MalformedAnswer, OutputParserException, openai.APIResponseValidationError, ValueError), "malformed"),
    ]
    for types, kind in kinds:
        if isinstance(exc, types):
            return kind
    if isinstance(exc, openai.APIStatusError):
        return "server_error" if exc.status_code >= 500 else "rejected"
    return "unexpected"


def failure_notice(exc: BaseException, lang: Lang, settings: Settings) -> str:
    """The user-facing reason, in `lang`. Never the exception's message: a server may echo part of the key."""
    return notice(failure_kind(exc), lang, status=_status(exc) or "?", steps=settings.llm_max_steps,
                  error=type(exc).__name__, deadline=f"{settings.llm_turn_deadline:g}")


class RoutedEngine:
    """The LLM agent (when active) with the offline engine as fallback, or the offline engine alone."""

    def __init__(self, settings: Settings, llm: LlmEngine | None, offline: Engine | None,
                 offline_error: BaseException | None = None):
        self.settings = settings
        self.llm = llm
        self.offline = offline
        self._offline_error = offline_error

    @property
    def name(self) -> str:
        """'llm' or 'offline': the engine that answers first."""
        return "llm" if self.llm is not None else "offline"

    def _reading(self, question: str, session: Session) -> Reading:
        """The offline reader's view of the turn, made once: it decides whether the tools draft the answer, and the
        LLM agent starts from it (tools first)."""
        return read_turn(question, session, self.offline)

    @staticmethod
    def _drafted(reading: Reading) -> bool:
        """A turn whose answer is a deterministic draft from the user's figures (a SMART objective, a target from
        the sourced ranges), or a question back for the one figure the named KPI still needs: the offline engine
        writes it whichever engine is configured, and says so; the LLM's memory gets the turn."""
        return reading.intent in DRAFTED_OFFLINE or reading.sure_ask

    def _drafted_offline(self, question: str, session: Session) -> bool:
        """Whether the tools draft this turn's answer (see `_drafted`)."""
        return self.llm is not None and self._drafted(self._reading(question, session))

    def _drafted_answer(self, question: str, session: Session) -> Reply:
        reply = self._offline_answer(question, session, None)
        self.llm.record_offline_turn(question, session, reply)  # type: ignore[union-attr]
        return reply

    def answer(self, question: str, session: Session) -> Reply:
        """One turn; an LLM failure is answered offline with a notice."""
        if self.llm is None:
            return self._offline_answer(question, session, None)
        reading = self._reading(question, session)
        if self._drafted(reading):
            return self._drafted_answer(question, session)
        try:
            return self.llm.answer(question, session, reading=reading)
        except Exception as exc:  # any LLM failure: the user still gets an answer
            failure = exc
        # Outside the except block, so that a log of an offline failure does not chain the LLM error (which may
        # quote the API key, as OpenAI's 401 does).
        return self._fallback(question, session, failure)

    def stream(self, question: str, session: Session) -> Iterator[dict[str, Any]]:
        """One turn as events. After a failure mid-stream, the final `reply` (offline) replaces any tokens shown."""
        if self.llm is None:
            yield from self._offline_stream(question, session)
            return
        reading = self._reading(question, session)
        if self._drafted(reading):
            yield {"type": "reply", "reply": self._drafted_answer(question, session)}
            return
        try:
            yield from self.llm.stream(question, session, reading=reading)
            return
        except Exception as exc:  # any LLM failure: the user still gets an answer
            failure = exc
        yield {"type": "reply", "reply": self._fallback(question, session, failure)}

    def recompute(self, tool: str, inputs: dict[str, Any], session: Session, lang: Lang | None = None,
                  said: str = "") -> Reply:
        """A read-back the user corrected, calculated again by the offline engine (the calculation is deterministic,
        whichever engine answered the question), as a turn of the conversation: `said` is the user's side of it.
        The LLM's memory gets the turn too, so a follow-up knows the corrected figures."""
        if self.offline is None or not hasattr(self.offline, "recompute"):
            raise self._offline_error or RuntimeError("no offline engine")
        if said:
            session.add("user", said)
        reply = self.offline.recompute(tool, inputs, session, lang)
        if self.llm is not None:
            remember_turn(session, said, reply, add_messages=False)
            self.llm.record_offline_turn(said, session, reply)
        return reply

    def forget_expired(self, session_ids: list[str]) -> None:
        """Sessions that expired: the LLM's memory of their conversations goes with them."""
        if self.llm is not None:
            self.llm.forget_all(session_ids)

    def forget(self, session: Session) -> None:
        """The conversation cleared (the chat's trash icon, 'New conversation'): the LLM's memory of it goes too;
        the offline engine's lives in the session, which the caller clears."""
        if self.llm is not None:
            self.llm.forget(session.id)

    def _fallback(self, question: str, session: Session, exc: Exception) -> Reply:
        # INFO, not WARNING: the user already sees the reason as a notice; the type and status are for operators.
        log.info("LLM turn failed (%s, HTTP %s); answering offline", type(exc).__name__, _status(exc))
        reply = self._offline_answer(question, session, exc)
        if self.llm is not None:
            self.llm.record_offline_turn(question, session, reply)
        return reply

    def _offline_answer(self, question: str, session: Session, llm_failure: Exception | None) -> Reply:
        try:
            if self.offline is None:
                raise self._offline_error or RuntimeError("no offline engine")
            before = len(session.messages)
            reply = self.offline.answer(question, session)
        except Exception as exc:  # the last resort must still answer
            log.exception("offline engine failed")
            lang = detect_language(question)
            text = notice("offline_unavailable", lang, error=type(exc).__name__)
            first = [failure_notice(llm_failure, lang, self.settings)] if llm_failure else []
            return Reply(answer=text, language=lang, engine="offline", notices=[*first, text])
        if llm_failure is not None:  # in the language the offline engine answered in
            why = failure_notice(llm_failure, reply.language, self.settings)
            reply = reply.model_copy(update={"notices": [why, *reply.notices]})
        remember_turn(session, question, reply, add_messages=len(session.messages) == before)
        return reply

    def _offline_stream(self, question: str, session: Session) -> Iterator[dict[str, Any]]:
        try:
            if self.offline is None:
                raise self._offline_error or RuntimeError("no offline engine")
            before = len(session.messages)
            for event in self.offline.stream(question, session):
                if event.get("type") == "reply":
                    remember_turn(session, question, event["reply"], add_messages=len(session.messages) == before)
                yield event
        except Exception:  # the offline engine failed mid-stream: answer with what the non-streaming path gives
            log.exception("offline stream failed")
            yield {"type": "reply", "reply": self._offline_answer(question, session, None)}


def _load_offline(retriever: Retriever | None) -> tuple[Engine | None, BaseException | None]:
    try:
        from assistant.offline.engine import OfflineEngine

        return OfflineEngine(retriever), None
    except Exception as exc:  # reported on each turn through the reply's notices, never as a crash
        log.exception("offline engine unavailable")
        return None, exc


def build_engine(settings: Settings, retriever: Retriever | None, chat_model: BaseChatModel | None = None, *,
                 offline: Engine | None = None, extra_tools: Sequence[BaseTool] = (),
                 checkpointer: Any = None) -> RoutedEngine:
    """The engine for these settings: the LLM agent when `settings.active_engine == "llm"`, else offline.

    `extra_tools` are tools that read the turn's session from the agent's runtime context (the data tab's tool).
    The offline engine is also the LLM agent's reader (see `assistant.prefill`).
    """
    error = None
    if offline is None:
        offline, error = _load_offline(retriever)
    llm = (LlmEngine(settings, retriever, chat_model, reader=offline, extra_tools=extra_tools,
                     checkpointer=checkpointer)
           if settings.active_engine == "llm" else None)
    return RoutedEngine(settings, llm, offline, error)
