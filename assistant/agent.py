"""The LLM agent: LangChain's `create_agent` over any OpenAI-compatible chat model, the registry and the knowledge.

The engine raises on LLM failure (timeout, HTTP errors, step limit, empty answer); `assistant.router` turns those
into an offline answer with a notice. Tool errors never raise: they go back to the model (see `adapter`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain.agents import create_agent
from langchain.agents.middleware import AgentMiddleware, ModelCallLimitMiddleware
from langchain.agents.middleware.types import hook_config
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool
from pydantic import SecretStr

from assistant.adapter import Layout, add_tools, build_tools
from assistant.config import Settings
from assistant.numbers_check import unverified_numbers
from assistant.prompts import Lang, detect_language, notice, system_prompt
from assistant.reply import Reply, SourceRef, ToolCall
from assistant.session import Session
from knowledge.types import Retriever

log = logging.getLogger(__name__)

ExtraTools = Callable[[Session], Sequence[BaseTool]]
# A local server ignores the key, but the OpenAI client refuses to start without one.
DUMMY_KEY = "not-needed"
HISTORY_MESSAGES = 8  # earlier turns sent back to the model: enough for follow-ups, bounded in tokens
_REMEMBERED_RESULTS = 30


class LlmNotConfigured(RuntimeError):
    """No API key and no base URL: there is no LLM to call."""


class MalformedAnswer(RuntimeError):
    """The model finished without a usable answer."""


def build_chat_model(settings: Settings) -> BaseChatModel:
    """`ChatOpenAI` for the configured server; a base URL alone is enough (a dummy key is sent)."""
    from langchain_openai import ChatOpenAI  # imported here: the offline path never loads the OpenAI client

    if not settings.llm_configured:
        raise LlmNotConfigured("set OPENAI_API_KEY or OPENAI_BASE_URL")
    key = settings.llm_api_key if settings.llm_api_key and settings.llm_api_key.get_secret_value() else None
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url or None,
        api_key=key or SecretStr(DUMMY_KEY),
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        temperature=settings.llm_temperature,
    )


class RetryMalformedToolCalls(AgentMiddleware):
    """A tool call whose arguments are not valid JSON goes back to the model as an error, instead of ending the turn.

    `create_agent` ends the loop when an answer has no parsable tool call; the next model call answers each broken
    call with an error message, so the model can retry. The model-call limit still bounds the retries.
    """

    @hook_config(can_jump_to=["model"])
    def after_model(self, state: dict[str, Any], runtime: Any) -> dict[str, Any] | None:
        """Jump back to the model when the last answer holds only malformed tool calls."""
        last = state["messages"][-1] if state.get("messages") else None
        if isinstance(last, AIMessage) and last.invalid_tool_calls and not last.tool_calls:
            return {"jump_to": "model"}
        return None


@dataclass
class TurnLog:
    """What happened during one turn: the messages the agent added, the tool runs and the hits retrieved."""

    messages: list[BaseMessage] = field(default_factory=list)
    tool_calls: list[ToolCall] = field(default_factory=list)
    hits: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, message: BaseMessage) -> ToolCall | None:
        """Record one message; the ToolCall when it is a successful KPI run."""
        self.messages.append(message)
        if not isinstance(message, ToolMessage):
            return None
        artifact = message.artifact
        if isinstance(artifact, dict) and {"tool", "arguments", "result"} <= artifact.keys():
            call = ToolCall(name=artifact["tool"], arguments=artifact["arguments"], result=artifact["result"])
            self.tool_calls.append(call)
            return call
        if isinstance(artifact, list):
            self.hits.update({h["id"]: h for h in artifact if isinstance(h, dict) and "id" in h})
        return None

    def final_answer(self) -> str:
        """The text of the last model message, or MalformedAnswer."""
        for message in reversed(self.messages):
            if isinstance(message, AIMessage):
                text = message.text.strip()
                if not text or message.tool_calls or message.invalid_tool_calls:
                    break
                return text
        raise MalformedAnswer("the model gave no final answer")


def cited_ids(answer: str, candidates: Sequence[str]) -> list[str]:
    """The entry ids among `candidates` that the answer mentions."""
    return [i for i in candidates if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", answer)]


def remember_turn(session: Session, question: str, reply: Reply, *, add_messages: bool = True) -> None:
    """Keep the turn in the session: its messages (unless the engine that answered already added them) and its tool
    results, which later answers may quote."""
    if add_messages:
        session.add("user", question)
        session.add("assistant", reply.answer)
    state = session.state.setdefault("llm", {})
    results = state.setdefault("tool_results", [])
    results.extend(call.result for call in reply.tool_calls)
    del results[:-_REMEMBERED_RESULTS]


class LlmEngine:
    """Answers one turn with the LLM agent. Raises on LLM failure; the router falls back to the offline engine."""

    def __init__(self, settings: Settings, retriever: Retriever | None, chat_model: BaseChatModel | None = None,
                 *, layout: Layout = "dispatcher", extra_tools: ExtraTools | None = None):
        self.settings = settings
        self.retriever = retriever
        self.layout = layout
        # The hook for per-session tools (the data tab's dataset tool): called with the session when it has data.
        self.extra_tools = extra_tools
        self._chat_model = chat_model
        self._agents: dict[tuple[str, tuple[str, ...]], Any] = {}
        self._base_tools: dict[str, list[BaseTool]] = {}

    def __repr__(self) -> str:
        return f"LlmEngine(model={self.settings.llm_model!r}, base_url={self.settings.llm_base_url!r})"

    @property
    def chat_model(self) -> BaseChatModel:
        """The chat model, built on first use so that a missing configuration is a turn-level failure."""
        if self._chat_model is None:
            self._chat_model = build_chat_model(self.settings)
        return self._chat_model

    def _tools(self, session: Session, lang: Lang) -> list[BaseTool]:
        if lang not in self._base_tools:  # built once per language: the dispatcher reads every registry schema
            self._base_tools[lang] = build_tools(self.retriever, self.layout, lang=lang)
        extra = self.extra_tools(session) if self.extra_tools and session.dataset is not None else ()
        return add_tools(self._base_tools[lang], extra)

    def _agent(self, lang: Lang, tools: list[BaseTool], shared: bool = True) -> Any:
        def build() -> Any:
            return create_agent(
                self.chat_model, tools, system_prompt=system_prompt(lang),
                middleware=[RetryMalformedToolCalls(),
                            ModelCallLimitMiddleware(run_limit=self.settings.llm_max_steps, exit_behavior="error")],
            )

        if not shared:  # per-session tools close over one user's data: such an agent is never reused by another
            return build()
        key = (lang, tuple(t.name for t in tools))
        if key not in self._agents:
            self._agents[key] = build()
        return self._agents[key]

    def _start(self, question: str, session: Session) -> tuple[Lang, Any, dict[str, Any], dict[str, Any]]:
        # A question without words ("CAC 4000 50") keeps the conversation's language.
        earlier = next((m.content for m in reversed(session.messages) if m.role == "user"), "")
        lang = detect_language(question, default=detect_language(earlier) if earlier else "en")
        tools = self._tools(session, lang)
        agent = self._agent(lang, tools, shared=len(tools) == len(self._base_tools[lang]))
        history: list[AnyMessage] = [
            HumanMessage(m.content) if m.role == "user" else AIMessage(m.content)
            for m in session.messages[-HISTORY_MESSAGES:]
        ]
        inputs = {"messages": [*history, HumanMessage(question)]}
        # The model-call limit is the precise stop; the recursion limit is a backstop (about 5 graph steps per call).
        config = {"recursion_limit": 6 * self.settings.llm_max_steps + 10}
        return lang, agent, inputs, config

    def answer(self, question: str, session: Session) -> Reply:
        """One turn, without streaming."""
        lang, agent, inputs, config = self._start(question, session)
        result = agent.invoke(inputs, config)
        turn = TurnLog()
        for message in result["messages"][len(inputs["messages"]):]:
            turn.add(message)
        return self._finish(question, session, lang, turn)

    def stream(self, question: str, session: Session) -> Iterator[dict[str, Any]]:
        """One turn, streamed: `token` events, a `tool` event per KPI run, then the `reply`."""
        lang, agent, inputs, config = self._start(question, session)
        turn = TurnLog()
        for mode, payload in agent.stream(inputs, config, stream_mode=["messages", "updates"]):
            if mode == "messages":
                chunk, meta = payload
                if isinstance(chunk, AIMessage) and meta.get("langgraph_node") == "model" and chunk.text:
                    yield {"type": "token", "text": chunk.text}
                continue
            for update in payload.values():
                for message in update.get("messages", []) if isinstance(update, dict) else []:
                    call = turn.add(message)
                    if call is not None:
                        yield {"type": "tool", "call": call}
        yield {"type": "reply", "reply": self._finish(question, session, lang, turn)}

    def _finish(self, question: str, session: Session, lang: Lang, turn: TurnLog) -> Reply:
        answer = turn.final_answer()
        cited = [turn.hits[i] for i in cited_ids(answer, list(turn.hits))]
        earlier = session.state.get("llm", {}).get("tool_results", [])
        user_texts = [m.content for m in session.messages if m.role == "user"] + [question]
        # Figures of the user's uploaded file (sums, ratios of sums, anomaly baselines) are theirs, never flagged.
        figures = getattr(session.dataset, "figures", None)
        flagged = unverified_numbers(answer, texts=user_texts + [h["text"] for h in cited],
                                     data=[c.result for c in turn.tool_calls] + list(earlier)
                                     + ([figures()] if callable(figures) else []))
        notices = [notice("unverified_numbers", lang, numbers=", ".join(flagged))] if flagged else []
        reply = Reply(
            answer=answer, language=lang, engine="llm", tool_calls=turn.tool_calls,
            sources=[SourceRef(id=h["id"], title=h["title"], source=h["source"]) for h in cited],
            notices=notices,
        )
        remember_turn(session, question, reply)
        return reply
