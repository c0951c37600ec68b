"""Engine replies → chat messages (Gradio's messages format). Pure: no Gradio import, unit-tested."""

from __future__ import annotations

import json
from typing import Any

from assistant.reply import Reply, SourceRef, ToolCall
from assistant.ui.render import format_value
from assistant.ui.texts import t
from tools.base import fmt
from tools.registry import ToolInputError, get_tool

Message = dict[str, Any]


def tool_title(name: str, lang: str) -> str:
    """The tool's title in `lang`, or its id when it is not in the registry."""
    try:
        return get_tool(name).title(lang)
    except ToolInputError:
        return name


def _inputs_line(arguments: dict[str, Any]) -> str:
    def shown(value: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return fmt(value)
        return json.dumps(value, ensure_ascii=False)

    return ", ".join(f"{k} = {shown(v)}" for k, v in arguments.items() if v is not None)


def tool_step_message(call: ToolCall, lang: str, index: int = 0) -> Message:
    """One tool run as a collapsible step: the title names the tool and its result; the body holds the
    inputs, the formula with the numbers and the result."""
    result = call.result or {}
    value = format_value(result.get("value"), result.get("unit", ""), lang)
    body = [f"**{t('inputs', lang)}**: {_inputs_line(call.arguments)}"]
    if result.get("formula"):
        body.append(f"**{t('formula', lang)}**: `{result['formula']}`")
    body.append(f"**{t('result', lang)}**: {value}")
    for warning in result.get("warnings") or []:
        text = warning.get(lang) or warning.get("en", "") if isinstance(warning, dict) else str(warning)
        body.append(f"⚠️ {text}")
    return {
        "role": "assistant",
        "content": "\n\n".join(body),
        "metadata": {"title": f"🧮 {tool_title(call.name, lang)} → {value}", "status": "done",
                     "id": f"tool-{index}"},
    }


def sources_markdown(sources: list[SourceRef], lang: str) -> str:
    """The sources listed under an answer (empty when none)."""
    if not sources:
        return ""
    items = "\n".join(f"{i}. **{s.title}** — {s.source}" for i, s in enumerate(sources, 1))
    return f"**{t('sources', lang)}**\n\n{items}"


def engine_label(engine: str, lang: str) -> str:
    """Which engine answered, as the user reads it."""
    return t("engine_llm", lang) if engine == "llm" else t("engine_offline", lang)


def answer_message(reply: Reply, lang: str) -> Message:
    """The answer itself, with its notices shown above it, its sources under it and the engine that answered."""
    parts = [f"> ℹ️ **{t('notices', lang)}**: {n}" for n in reply.notices]
    parts.append(reply.answer)
    # An engine may already list its sources in the answer; list under it only those it did not name.
    sources = sources_markdown([s for s in reply.sources if s.title not in reply.answer], lang)
    if sources:
        parts.append(sources)
    parts.append(f"<sub>{t('answered_by', lang)} {engine_label(reply.engine, lang)}</sub>")
    return {"role": "assistant", "content": "\n\n".join(parts)}


def reply_to_messages(reply: Reply, lang: str | None = None) -> list[Message]:
    """A whole engine reply as chat messages: one collapsible step per tool run, then the answer.

    `lang` is the interface language for the labels; the reply's own language is used when not given, so the
    labels follow the user's language like the answer does.
    """
    lang = lang or reply.language
    steps = [tool_step_message(call, lang, i) for i, call in enumerate(reply.tool_calls)]
    return [*steps, answer_message(reply, lang)]
