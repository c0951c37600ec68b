"""The LLM agent: one LangChain `create_agent` over the chat model, the typed calculators, the knowledge and the data.

One agent serves every turn and every user: what depends on the turn (language, offered calculators, deadline, the
session's data) is its runtime context (`assistant.turn.TurnContext`), read by the middleware and the tools. The
conversation lives in a LangGraph checkpointer keyed by the session id (`assistant.memory`).

A turn: the reader reads the question (`assistant.prefill`); a calculation it is sure of goes into the
conversation as a tool call already made, so the model writes the answer in one call; the model is offered the
few calculators the question needs (`assistant.tool_selection`); its answer is checked (`assistant.answer_check`)
and what it claims without support is flagged in the notices. The engine raises on LLM failure (timeout, HTTP
errors, step limit, no calculation where one was needed, past the deadline); `assistant.router` then answers
offline with a notice and records that answer in the memory in place of the failed turn.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from langchain.agents import create_agent
from langchain.agents.middleware import ModelCallLimitMiddleware
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, BaseMessage, HumanMessage, RemoveMessage, ToolMessage
from langchain_core.tools import BaseTool

from assistant.adapter import build_tools, model_view, search_hits
from assistant.answer_check import Findings, check_answer, states_verdict
from assistant.config import Settings
from assistant.headline import headline
from assistant.middleware import RetryMalformedToolCalls, TurnPolicy, echoes_tools, results_answer, verdict_line
from assistant.prefill import Answerer, Reading, read_turn, user_figures
from assistant.prompts import Lang, detect_language, notice, system_prompt
from assistant.providers import DUMMY_KEY, LlmNotConfigured, build_chat_model
from assistant.reply import Reply, SourceRef, ToolCall
from assistant.secrets import StreamScrubber, scrub, scrub_data
from assistant.session import Session
from assistant.tool_schemas import SEARCH_NAME
from assistant.tool_selection import select_calculators
from assistant.tracing import turn_config
from assistant.turn import NoToolResult, TurnContext, TurnDeadlineExceeded, TurnRecord
from knowledge.types import Retriever

log = logging.getLogger(__name__)

__all__ = ["DUMMY_KEY", "LlmEngine", "LlmNotConfigured", "MalformedAnswer", "NoToolResult", "TurnDeadlineExceeded",
           "build_chat_model", "remember_turn"]
_REMEMBERED_RESULTS = 30
_GRACE = 2.0  # seconds past the deadline before an unresponsive turn is abandoned
_PREFILL_ID = "reader_"
LOOKED_UP = frozenset({"explain", "guidance"})  # offline intents whose answer is in the knowledge base


class MalformedAnswer(RuntimeError):
    """The model finished without a usable answer."""


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
    used = state.setdefault("calculators", [])
    used.extend(str(c.arguments.get("tool") or c.name) for c in reply.tool_calls)
    del used[:-5]


def _tool_call(message: ToolMessage) -> ToolCall | None:
    artifact = message.artifact
    if isinstance(artifact, dict) and {"tool", "arguments", "result"} <= artifact.keys():
        return ToolCall(name=artifact["tool"], arguments=artifact["arguments"], result=artifact["result"])
    return None


def _hits(message: ToolMessage) -> dict[str, dict[str, Any]]:
    artifact = message.artifact
    if isinstance(artifact, list):
        return {h["id"]: h for h in artifact if isinstance(h, dict) and "id" in h}
    return {}


def final_answer(messages: Sequence[BaseMessage]) -> str:
    """The text of the last model message, or MalformedAnswer."""
    for message in reversed(messages):
        if isinstance(message, AIMessage):
            text = message.text.strip()
            if not text or message.tool_calls or message.invalid_tool_calls:
                break
            return text
    raise MalformedAnswer("the model gave no final answer")


def prefill_messages(reading: Reading, lang: Lang) -> list[AnyMessage]:
    """The reader's sure calculation as a tool call already made and its result, or nothing."""
    sure = reading.sure
    if sure is None:
        return []
    call_id = f"{_PREFILL_ID}{uuid.uuid4().hex[:8]}"
    content = model_view(sure.result, lang)
    if sure.left_out:  # the model may calculate again if one of these belongs to the calculation
        content = content[:-1] + ',"not_used":' + json.dumps(list(sure.left_out), ensure_ascii=False) + "}"
    return [
        AIMessage(content="", tool_calls=[{"name": sure.tool, "args": sure.inputs, "id": call_id,
                                           "type": "tool_call"}]),
        ToolMessage(content, tool_call_id=call_id, name=sure.tool,
                    artifact={"tool": sure.tool, "arguments": sure.inputs, "result": sure.result}),
    ]


def findings_notices(findings: Findings, lang: Lang) -> list[str]:
    """One notice per kind of unsupported claim."""
    out = []
    if findings.numbers:
        out.append(notice("unverified_numbers", lang, numbers=", ".join(findings.numbers)))
    if findings.verdicts:
        out.append(notice("unverified_verdicts", lang, sentences=" / ".join(f"“{v}”" for v in findings.verdicts)))
    if findings.citations:
        out.append(notice("unretrieved_citations", lang, ids=", ".join(f"[{c}]" for c in findings.citations)))
    if findings.actions:
        out.append(notice("impossible_actions", lang, phrases=" / ".join(f"“{a}”" for a in findings.actions)))
    if findings.inputs:
        out.append(notice("unverified_inputs", lang, inputs=", ".join(findings.inputs)))
    return out



def _unstated_verdicts(written: str, calls: Sequence[ToolCall], lang: str) -> list[str]:
    """The tools' verdicts (with their rule's source) the model did not write: a weak model may answer 'Je suis
    content que vous ayez trouvé ce KPI.' after a 'good'."""
    out = []
    for call in calls:
        verdict = call.result.get("verdict")
        if isinstance(verdict, dict) and not states_verdict(written, str(verdict.get("level"))):
            out.append(verdict_line(call, lang))
    return out

class LlmEngine:
    """Answers one turn with the LLM agent. Raises on LLM failure; the router falls back to the offline engine."""

    def __init__(self, settings: Settings, retriever: Retriever | None, chat_model: BaseChatModel | None = None,
                 *, reader: Answerer | None = None, extra_tools: Sequence[BaseTool] = (),
                 checkpointer: Any = None):
        self.settings = settings
        self.retriever = retriever
        self.reader = reader  # the offline engine, until the new reader lands (see assistant.prefill)
        self.extra_tools = list(extra_tools)  # tools that read the session from the runtime context
        self._chat_model = chat_model
        self._checkpointer = checkpointer
        self._agent: Any = None
        self._build_lock = threading.Lock()
        self._session_locks: dict[str, threading.Lock] = {}
        self._records: dict[str, TurnRecord] = {}

    def __repr__(self) -> str:
        return f"LlmEngine(model={self.settings.llm_model!r}, base_url={self.settings.llm_base_url!r})"

    @property
    def chat_model(self) -> BaseChatModel:
        """The chat model, built on first use so that a missing configuration is a turn-level failure."""
        if self._chat_model is None:
            self._chat_model = build_chat_model(self.settings)
        return self._chat_model

    @property
    def agent(self) -> Any:
        """The one agent, built on first use."""
        with self._build_lock:
            if self._agent is None:
                from assistant.memory import open_checkpointer

                if self._checkpointer is None:
                    self._checkpointer = open_checkpointer(self.settings)
                openai_compatible = type(self.chat_model).__module__.startswith(("langchain_openai", "assistant"))
                self._agent = create_agent(
                    self.chat_model, build_tools(self.retriever, self.extra_tools), system_prompt=system_prompt("en"),
                    middleware=[TurnPolicy(openai_compatible=openai_compatible), RetryMalformedToolCalls(),
                                ModelCallLimitMiddleware(run_limit=self.settings.llm_max_steps, exit_behavior="error")],
                    context_schema=TurnContext, checkpointer=self._checkpointer,
                )
            return self._agent

    def _prepare(self, question: str, session: Session, reading: Reading | None = None
                 ) -> tuple[TurnContext, dict[str, Any], dict[str, Any], TurnRecord, list[AnyMessage]]:
        import time

        # A question without words ("CAC 4000 50") keeps the conversation's language.
        earlier = next((m.content for m in reversed(session.messages) if m.role == "user"), "")
        lang = detect_language(question, default=detect_language(earlier) if earlier else "en")
        if reading is None:  # the router passes the one it made; alone, the agent reads the question itself
            reading = read_turn(question, session, self.reader)
        used = session.state.get("llm", {}).get("calculators", [])
        calculators = select_calculators(question, lang, retriever=self.retriever,
                                         sure=reading.sure.tool if reading.sure else None,
                                         reader=reading.calculators, earlier=used,
                                         limit=self.settings.llm_tools_per_turn)
        required = next((c for c in reading.calls if c in calculators or c in ("what_if", "solve_for")), None)
        ctx = TurnContext(
            session=session, lang=lang, calculators=calculators,
            deadline=time.monotonic() + self.settings.llm_turn_deadline,
            needs_tool=reading.needs_calculation and reading.sure is None,
            required_tool=required or (calculators[0] if calculators else None),
            search=self.retriever is not None, timeout=self.settings.llm_timeout,
            prompt_tokens=self.settings.llm_prompt_tokens,
            changes=bool(set(reading.calls) & {"what_if", "solve_for"}) or bool(used),
            max_retries=self.settings.llm_max_retries,
        )
        record = TurnRecord(question_id=f"q_{uuid.uuid4().hex}")
        prefill = prefill_messages(reading, lang) or self._search_first(reading, question, lang)
        inputs = {"messages": [HumanMessage(question, id=record.question_id), *prefill]}
        config = {"configurable": {"thread_id": session.id},
                  # The model-call limit is the precise stop; the recursion limit a backstop (~5 graph steps a call).
                  "recursion_limit": 6 * self.settings.llm_max_steps + 10,
                  **turn_config(self.settings, session.id, lang)}
        return ctx, inputs, config, record, prefill

    def _search_first(self, reading: Reading, question: str, lang: Lang) -> list[AnyMessage]:
        """A definition or advice question: the knowledge search already made, so even a weak model answers from
        the entries and cites what was retrieved (it may still search again)."""
        if self.retriever is None or reading.intent not in LOOKED_UP:
            return []
        content, hits = search_hits(self.retriever, question, lang)
        if not hits:
            return []
        call_id = f"{_PREFILL_ID}{uuid.uuid4().hex[:8]}"
        return [AIMessage(content="", tool_calls=[{"name": SEARCH_NAME, "args": {"query": question}, "id": call_id,
                                                   "type": "tool_call"}]),
                ToolMessage(content, tool_call_id=call_id, name=SEARCH_NAME, artifact=hits)]

    def answer(self, question: str, session: Session, reading: Reading | None = None) -> Reply:
        """One turn, without streaming."""
        reply = None
        for event in self.stream(question, session, tokens=False, reading=reading):
            if event["type"] == "reply":
                reply = event["reply"]
        if reply is None:  # pragma: no cover - stream always ends with a reply or raises
            raise MalformedAnswer("no reply")
        return reply

    def stream(self, question: str, session: Session, *, tokens: bool = True,
               reading: Reading | None = None) -> Iterator[dict[str, Any]]:
        """One turn, streamed: a `tool` event per KPI run, `token` events, then the `reply` (`reading`: the
        offline reader's view of the turn when the caller already made it)."""
        agent = self.agent
        ctx, inputs, config, record, prefill = self._prepare(question, session, reading)
        self._records[session.id] = record
        for message in prefill:
            call = _tool_call(message) if isinstance(message, ToolMessage) else None
            if call is not None:
                yield {"type": "tool", "call": call}
        scrubber = StreamScrubber()
        final: dict[str, Any] = {}
        modes = ["messages", "updates", "values"] if tokens else ["updates", "values"]
        for mode, payload in self._run(agent, inputs, config, ctx, record, session, modes):
            if mode == "values":
                final = payload
            elif mode == "messages":
                chunk, meta = payload
                if tokens and isinstance(chunk, AIMessage) and meta.get("langgraph_node") == "model" and chunk.text:
                    shown = scrubber.feed(chunk.text)
                    if shown:
                        yield {"type": "token", "text": shown}
            elif mode == "updates":
                for update in payload.values():
                    for message in update.get("messages", []) if isinstance(update, dict) else []:
                        call = _tool_call(message) if isinstance(message, ToolMessage) else None
                        if call is not None:
                            yield {"type": "tool", "call": call}
        rest = scrubber.flush()
        if tokens and rest:
            yield {"type": "token", "text": rest}
        reply = self._finish(question, session, ctx, final.get("messages", []), record.question_id)
        self._records.pop(session.id, None)
        yield {"type": "reply", "reply": reply}

    def _run(self, agent: Any, inputs: dict[str, Any], config: dict[str, Any], ctx: TurnContext,
             record: TurnRecord, session: Session, modes: list[str]) -> Iterator[tuple[str, Any]]:
        """The agent's events, read from a worker thread so that the turn ends at its deadline whatever happens."""
        events: queue.Queue[tuple[str, Any]] = queue.Queue()
        lock = self._session_locks.setdefault(session.id, threading.Lock())

        def work() -> None:
            try:
                if not lock.acquire(timeout=max(0.1, ctx.remaining())):  # the session's previous turn still runs
                    raise TurnDeadlineExceeded("the previous turn of this session is still running")
                try:
                    for item in agent.stream(inputs, config, context=ctx, durability="exit", stream_mode=modes):
                        if ctx.cancel.is_set():
                            break
                        events.put(("event", item))
                finally:
                    self._settle(record, config)
                    lock.release()
                events.put(("done", None))
            except BaseException as exc:  # handed to the caller's thread, which raises it
                events.put(("error", exc))

        threading.Thread(target=work, name=f"llm-turn-{session.id[:8]}", daemon=True).start()
        try:
            while True:
                try:
                    kind, item = events.get(timeout=max(0.05, ctx.remaining() + _GRACE))
                except queue.Empty:
                    raise TurnDeadlineExceeded(f"no answer within {self.settings.llm_turn_deadline:g} s") from None
                if kind == "error":
                    raise item
                if kind == "done":
                    return
                yield item
        finally:
            ctx.cancel.set()  # the turn is over for the caller: the worker stops at its next step

    def _settle(self, record: TurnRecord, config: dict[str, Any]) -> None:
        """The worker is done: write the offline answer in place of the failed turn, if one was given meanwhile."""
        with record.lock:
            record.finished = True
            replacement = record.replacement
        if replacement is not None:
            self._replace_turn(record, config, *replacement)
        try:
            from assistant.memory import keep_latest

            keep_latest(self._checkpointer, config["configurable"]["thread_id"])
        except Exception:  # the memory is an aid: a failed clean-up costs space, not the answer
            log.exception("could not prune the conversation memory")

    def record_offline_turn(self, question: str, session: Session, reply: Reply) -> None:
        """After a failed turn, the offline answer goes into the conversation memory in place of the failed turn."""
        record = self._records.pop(session.id, None) or TurnRecord(question_id="")
        config = {"configurable": {"thread_id": session.id}}
        with record.lock:
            record.replacement = (question, scrub(reply.answer))
            if not record.finished and record.question_id:
                return  # the worker still runs; it writes the replacement when it stops (see `_settle`)
        try:
            self._replace_turn(record, config, question, scrub(reply.answer))
        except Exception:  # the memory is an aid: the user has the answer
            log.exception("could not record the offline answer in the conversation memory")

    def forget_all(self, session_ids: Sequence[str]) -> None:
        """Delete the conversation memory of sessions that expired (the session store's sweep)."""
        for session_id in session_ids:
            self.forget(session_id)

    def forget(self, session_id: str) -> None:
        """Delete the conversation memory of a session (its checkpointer thread): the chat was cleared."""
        self._records.pop(session_id, None)
        with self._build_lock:
            if self._checkpointer is None:
                from assistant.memory import open_checkpointer

                self._checkpointer = open_checkpointer(self.settings)
            saver = self._checkpointer
        saver.delete_thread(session_id)

    def _replace_turn(self, record: TurnRecord, config: dict[str, Any], question: str, answer: str) -> None:
        agent = self.agent
        messages = agent.get_state(config).values.get("messages", []) if record.question_id else []
        ids = [m.id for m in messages]
        start = ids.index(record.question_id) if record.question_id in ids else len(ids)
        removals = [RemoveMessage(id=i) for i in ids[start:] if i]
        agent.update_state(config, {"messages": [*removals, HumanMessage(question), AIMessage(answer)]},
                           as_node="model")

    def _finish(self, question: str, session: Session, ctx: TurnContext, messages: Sequence[BaseMessage],
                question_id: str) -> Reply:
        ids = [m.id for m in messages]
        start = ids.index(question_id) if question_id in ids else len(messages)
        turn, before = list(messages[start:]), list(messages[:start])
        written = scrub(final_answer(turn))
        calls = [c for m in turn if isinstance(m, ToolMessage) and (c := _tool_call(m)) is not None]
        if ctx.needs_tool and not calls:
            raise NoToolResult("the user's figures called for a calculation and no tool gave a result")
        # The tool's value, from the tool, when the model did not write it (the check below flags what it wrote).
        if calls and echoes_tools(written):  # a copy of the call and result as JSON: the results are the answer
            log.info("the model answered with JSON only: the tools' results are the answer")
            written = results_answer(calls, ctx.lang)
        top = headline(written, calls[-2:], ctx.lang)
        top = "\n\n".join(t for t in [top, *_unstated_verdicts(written, calls[-2:], ctx.lang)] if t)
        answer = f"{top}\n\n{written}" if top else written
        hits: dict[str, dict[str, Any]] = {}
        for m in turn:
            if isinstance(m, ToolMessage):
                hits.update(_hits(m))
        earlier = [c.result for m in before if isinstance(m, ToolMessage) and (c := _tool_call(m)) is not None]
        earlier += session.state.get("llm", {}).get("tool_results", [])
        # Figures of the user's uploaded file (sums, ratios of sums, anomaly baselines) are theirs, never flagged.
        figures = getattr(session.dataset, "figures", None)
        data_figures = [figures()] if callable(figures) else []
        user_texts = [m.text for m in [*before, *turn] if isinstance(m, HumanMessage)]
        user_texts += [m.content for m in session.messages if m.role == "user"]
        retrieved = {i: f"{h.get('title', '')} {h.get('source', '')} {h.get('text', '')}" for i, h in hits.items()}
        findings = check_answer(written, user_texts=user_texts, tool_results=[c.result for c in calls],
                                earlier_results=[*earlier[-_REMEMBERED_RESULTS:], *data_figures], retrieved=retrieved,
                                calculated=bool(calls), figures_given=bool(user_figures(question)),
                                model_calls=[(c.name, c.arguments) for m in turn if isinstance(m, ToolMessage)
                                             and not str(m.tool_call_id).startswith(_PREFILL_ID)
                                             and (c := _tool_call(m)) is not None])
        cited = [hits[i] for i in hits if f"[{i}]" in answer or i in answer]
        reply = Reply(
            answer=answer, language=ctx.lang, engine="llm",
            tool_calls=[ToolCall.model_validate(scrub_data(c.model_dump())) for c in calls],
            sources=[SourceRef(id=h["id"], title=h["title"], source=h["source"]) for h in cited],
            notices=[scrub(n) for n in findings_notices(findings, ctx.lang)],
        )
        remember_turn(session, question, reply)
        return reply
