"""Engine replies → chat messages (Gradio's messages format). Pure: no Gradio import, unit-tested."""

from __future__ import annotations

from typing import Any

from assistant.reply import Reply, SourceRef
from assistant.ui.steps import tool_step_message, tool_title
from assistant.ui.texts import t
from tools.sources import source_text

__all__ = ["Message", "answer_message", "engine_label", "reply_to_messages", "sources_markdown",
           "tool_step_message", "tool_title"]

Message = dict[str, Any]


def sources_markdown(sources: list[SourceRef], lang: str) -> str:
    """The sources listed under an answer (empty when none): the entry's title and the article's, no file name."""
    if not sources:
        return ""
    items = "\n".join(f"{i}. **{s.title}** — {source_text(s.source, lang)}" for i, s in enumerate(sources, 1))
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
