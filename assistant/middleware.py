"""The agent's middleware: the turn's tools and prompt, tools first, retries within the deadline, no secrets.

`TurnPolicy` wraps every model call of a turn (LangChain's `wrap_model_call`):
- sends the turn's system prompt and the schemas of the tools offered this turn (`assistant.tool_schemas`), with
  the earlier turns reduced to their questions and answers;
- when the user's figures call for a calculation and the model answered without any tool result, asks again with
  a tool call required (the named tool, which every OpenAI-compatible server accepts, where some refuse
  `tool_choice="required"`); if there is still none, the turn fails (`NoToolResult`) and is answered offline;
- retries rate limits, server errors and timeouts itself, each request's timeout cut to what is left of the turn's
  deadline, so a hung or slow server costs the deadline and no more;
- scrubs the API key from what the model wrote before it enters the conversation.
It also wraps tool calls: the turn's language for the results, an unknown tool name answered with the offered ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ModelRequest, ModelResponse
from langchain.agents.middleware.types import hook_config
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage, ToolMessage

from assistant.adapter import model_view
from assistant.headline import headline
from assistant.prompt_budget import fit
from assistant.prompts import system_prompt
from assistant.reply import ToolCall
from assistant.secrets import scrub_data
from assistant.tool_schemas import turn_schemas
from assistant.turn import NoToolResult, TurnContext, TurnDeadlineExceeded

log = logging.getLogger(__name__)
HISTORY_TURNS = 4  # earlier turns sent back to the model: enough for follow-ups, bounded in tokens
_MAX_WAIT = 10.0  # longest pause before a retry, whatever Retry-After says


def compact_history(messages: Sequence[AnyMessage], turns: int = HISTORY_TURNS) -> list[AnyMessage]:
    """The current turn in full; before it, the last `turns` turns as question and final answer only."""
    starts = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    if not starts:
        return list(messages)
    current = starts[-1]
    earlier: list[AnyMessage] = []
    for n, start in enumerate(starts[:-1]):
        end = starts[n + 1]
        answer = next((m for m in reversed(messages[start:end])
                       if isinstance(m, AIMessage) and not m.tool_calls and m.text.strip()), None)
        if answer is not None:
            earlier += [HumanMessage(messages[start].text), AIMessage(answer.text)]
    return earlier[-2 * turns:] + list(messages[current:])


def has_tool_result(messages: Sequence[AnyMessage]) -> bool:
    """Whether the current turn (after its question) holds a successful calculator result."""
    starts = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    current = messages[starts[-1]:] if starts else messages
    return any(isinstance(m, ToolMessage) and isinstance(m.artifact, dict) and "result" in m.artifact
               for m in current)


def tried_a_tool(messages: Sequence[AnyMessage]) -> bool:
    """Whether the model called any tool in the current turn (even one that failed)."""
    starts = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    current = messages[starts[-1]:] if starts else messages
    return any(isinstance(m, ToolMessage) for m in current)


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _retryable(exc: BaseException) -> bool:
    import openai

    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(exc, openai.APIConnectionError)  # a timeout is one


def _scrubbed(message: AIMessage) -> AIMessage:
    content = scrub_data(message.content)
    calls = [{**c, "args": scrub_data(c["args"])} for c in message.tool_calls]
    if content == message.content and calls == message.tool_calls:
        return message
    return message.model_copy(update={"content": content, "tool_calls": calls})


class TurnPolicy(AgentMiddleware):
    """The turn's prompt and tools, tools first, retries within the deadline, secrets scrubbed."""

    def __init__(self, *, openai_compatible: bool) -> None:
        super().__init__()
        self.openai_compatible = openai_compatible

    def wrap_model_call(self, request: ModelRequest, handler: Callable[[ModelRequest], ModelResponse]) -> Any:
        """One model step of the turn (possibly two requests: a tool call required after an answer without one)."""
        ctx: TurnContext = request.runtime.context
        has_data = ctx.session.dataset is not None
        system = SystemMessage(system_prompt(ctx.lang))
        fitted = fit(system, compact_history(request.messages), ctx.calculators,
                     lambda calcs: turn_schemas(calcs, search=ctx.search, data=has_data, changes=ctx.changes),
                     ctx.prompt_tokens, keep=[ctx.required_tool] if ctx.required_tool else [])
        request = request.override(system_message=system, messages=fitted.messages, tools=fitted.tools)
        response = self._call(request, handler, ctx)
        response = _end_on_repeat(response, request.messages, ctx.lang)
        if (ctx.needs_tool and not ctx.forced and ctx.required_tool and not _calls_tools(response)
                and not has_tool_result(request.messages) and not tried_a_tool(request.messages)):
            ctx.forced = True
            log.info("answer without a tool result for a calculation: asking again with %s required",
                     ctx.required_tool)
            response = self._call(request.override(tool_choice=ctx.required_tool), handler, ctx)
            if not _calls_tools(response):
                raise NoToolResult("the model gave no tool call even when one was required")
        return response

    def _call(self, request: ModelRequest, handler: Callable[[ModelRequest], ModelResponse],
              ctx: TurnContext) -> ModelResponse:
        attempt = 0
        while True:
            ctx.check()
            settings = dict(request.model_settings)
            if self.openai_compatible:
                settings["timeout"] = max(0.5, min(ctx.timeout, ctx.remaining()))
            ctx.model_calls += 1
            try:
                response = handler(request.override(model_settings=settings))
            except Exception as exc:
                if not (self.openai_compatible and ctx.retry_openai_errors and _retryable(exc)):
                    raise
                attempt += 1
                wait = min(_retry_after(exc) or 0.5 * 2 ** (attempt - 1), _MAX_WAIT)
                if attempt > ctx.max_retries or ctx.remaining() <= wait + 0.5:
                    raise  # out of retries, or of time for one: the error says why the turn failed
                log.info("LLM request failed (%s), retry %d in %.1f s", type(exc).__name__, attempt, wait)
                if ctx.cancel.wait(wait):
                    raise TurnDeadlineExceeded("the turn was abandoned") from exc
                continue
            ctx.check()  # an answer that came after the deadline is not used
            return _scrub_response(response)

    def wrap_tool_call(self, request: Any, handler: Callable[[Any], Any]) -> Any:
        """One tool run: unknown names answered with the offered tools; results in the turn's language."""
        ctx: TurnContext = request.runtime.context
        ctx.check()
        call = request.tool_call
        if request.tool is None:
            offered = ", ".join(s["function"]["name"] for s in turn_schemas(
                ctx.calculators, search=ctx.search, data=ctx.session.dataset is not None, changes=ctx.changes))
            return ToolMessage(f"Error: {call['name']} is not a valid tool, try one of [{offered}].",
                               tool_call_id=call["id"], name=call["name"], status="error")
        done = _answered(request.state, call)
        if done is not None:  # a small model copies the call it sees above instead of answering: point at the result
            return ToolMessage(f"Already calculated in this conversation: {done}. Do not call it again: answer the "
                               "user now from that result.", tool_call_id=call["id"], name=call["name"])
        result = handler(request)
        if isinstance(result, ToolMessage) and isinstance(result.artifact, dict) and "result" in result.artifact:
            return result.model_copy(update={"content": model_view(result.artifact["result"], ctx.lang)})
        return result


def _same_arguments(tool: str, a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two argument sets are the same input of `tool` once validated (defaults filled, 50 == 50.0)."""
    from tools.registry import get_tool

    try:
        model = get_tool(tool).input_model
        return model.model_validate(a).model_dump() == model.model_validate(b).model_dump()
    except Exception:  # not a registry tool, or arguments it refuses: not a repeat of a call that ran
        return False


def _answered(state: Any, call: dict[str, Any]) -> str | None:
    """The result line of a call with the same tool and arguments already answered in the current turn, or None."""
    messages = state.get("messages", []) if isinstance(state, dict) else getattr(state, "messages", [])
    starts = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    for message in messages[starts[-1] if starts else 0:]:
        artifact = message.artifact if isinstance(message, ToolMessage) else None
        if (isinstance(artifact, dict) and artifact.get("tool") == call["name"]
                and isinstance(artifact.get("arguments"), dict) and isinstance(call.get("args"), dict)
                and _same_arguments(call["name"], artifact["arguments"], call["args"])):
            result = artifact.get("result") or {}
            return str(result.get("formula") or result.get("value"))
    return None


def _end_on_repeat(response: Any, messages: Sequence[AnyMessage], lang: str) -> Any:
    """A response that only repeats calls already answered in this turn ends the turn: its answer is their results.

    A small model shown the reader's call and result tends to copy the call rather than write the answer (the local
    1.5B did on most tools-first turns); asking it again costs a model call and it copied again. The results' lines
    (title, value, formula, and a verdict with its rule's source) are the answer then.
    """
    messages_out = response.result if isinstance(response, ModelResponse) else [response]
    last = messages_out[-1] if messages_out else None
    if not isinstance(last, AIMessage) or not last.tool_calls or last.text.strip():
        return response
    state = {"messages": list(messages)}
    if not all(_answered(state, call) is not None for call in last.tool_calls):
        return response
    starts = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    calls = [ToolCall(name=a["tool"], arguments=a["arguments"], result=a["result"])
             for m in messages[starts[-1] if starts else 0:]
             if isinstance(m, ToolMessage) and isinstance(a := m.artifact, dict)
             and {"tool", "arguments", "result"} <= a.keys()]
    text = results_answer(calls, lang)
    if not text:  # nothing to state: the tool call goes ahead and the model is told to answer
        return response
    log.info("the model repeated a call already answered: the results are the answer")
    answer = AIMessage(content=text, id=last.id)
    if isinstance(response, ModelResponse):
        response.result = [*messages_out[:-1], answer]
        return response
    return answer


def results_answer(calls: Sequence[ToolCall], lang: str) -> str:
    """The tools' results as the answer: each result line with its formula, and each verdict with its source."""
    return "\n\n".join(t for t in [headline("", calls, lang), *(verdict_line(c, lang) for c in calls)] if t)


def echoes_tools(text: str) -> bool:
    """An answer that is only JSON — the tool call and result copied as text, as the local 0.5B model writes."""
    import json

    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return False
    for line in lines:
        try:
            if not isinstance(json.loads(line), dict | list):
                return False
        except ValueError:
            return False
    return True


def verdict_line(call: ToolCall, lang: str) -> str:
    """The tool's verdict with its rule's source, as the offline answers write it ('' without one)."""
    from assistant.offline.compose import verdict_text
    from tools.base import KpiResult

    if not call.result.get("verdict"):
        return ""
    try:
        return verdict_text(KpiResult.model_validate(call.result), lang)
    except Exception:  # a result of another shape (the user's data): its lines say enough
        return ""


def _calls_tools(response: Any) -> bool:
    messages = response.result if isinstance(response, ModelResponse) else [response]
    return any(isinstance(m, AIMessage) and (m.tool_calls or m.invalid_tool_calls) for m in messages)


def _scrub_response(response: Any) -> Any:
    if isinstance(response, AIMessage):
        return _scrubbed(response)
    if isinstance(response, ModelResponse):
        response.result = [_scrubbed(m) if isinstance(m, AIMessage) else m for m in response.result]
    return response


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

