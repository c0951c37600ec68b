"""Test doubles for the LLM agent: a scripted tool-calling chat model and a small retriever over the real entries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from knowledge.types import Hit


def tool_turn(name: str, args: dict[str, Any], call_id: str = "call_1", content: str = "") -> AIMessage:
    """A model turn that calls one tool."""
    return AIMessage(content=content, tool_calls=[{"name": name, "args": args, "id": call_id, "type": "tool_call"}])


class ScriptedChatModel(BaseChatModel):
    """Returns the scripted messages one per call (LangChain's fake pattern) and records what it was sent."""

    responses: list[Any]  # AIMessages; an exception is raised at its turn, like a failing client
    calls: list[list[BaseMessage]] = Field(default_factory=list)
    bound_tools: list[Any] = Field(default_factory=list)
    tool_choices: list[Any] = Field(default_factory=list)  # the tool_choice of each bind, in order

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
        self.bound_tools = list(tools)
        self.tool_choices.append(kwargs.get("tool_choice"))
        return self

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        self.calls.append(list(messages))
        if len(self.calls) > len(self.responses):
            raise AssertionError(f"the model was called {len(self.calls)} times, script has {len(self.responses)}")
        response = self.responses[len(self.calls) - 1]
        if isinstance(response, Exception):
            raise response
        return ChatResult(generations=[ChatGeneration(message=response)])


# Two entries written for the tests (the curated base is another module's, and changes while it is written).
ENTRIES = {
    "cac-definition": ("Customer acquisition cost", "Coût d'acquisition client",
                       "CAC is marketing spend divided by new customers over the same period.",
                       "Le CAC est la dépense marketing divisée par les nouveaux clients de la même période."),
    "clv-cac-ratio": ("CLV to CAC ratio", "Ratio CLV / CAC",
                      "A CLV at least 3 times the CAC is the usual target for a healthy acquisition.",
                      "Une CLV d'au moins 3 fois le CAC est la cible habituelle d'une acquisition saine."),
}
SOURCE = "Les 5 KPI marketing essentiels (001)"


class ListRetriever:
    """Word-overlap search over a few fixed entries: a Retriever the tests control, recording every query."""

    def __init__(self, entries: dict[str, tuple[str, str, str, str]] = ENTRIES) -> None:
        self.entries = entries
        self.queries: list[tuple[str, str, str | None]] = []

    def _hit(self, entry_id: str, lang: str, score: float) -> Hit:
        title_en, title_fr, text_en, text_fr = self.entries[entry_id]
        return Hit(id=entry_id, title=title_fr if lang == "fr" else title_en,
                   text=text_fr if lang == "fr" else text_en, source=SOURCE, score=score)

    def search(self, query: str, k: int = 5, lang: str = "en", *, kpi: str | None = None, **_: Any) -> list[Hit]:
        self.queries.append((query, lang, kpi))
        words = {w for w in query.lower().split() if len(w) > 2}
        scored = []
        for entry_id, texts in self.entries.items():
            score = sum(w in " ".join(texts).lower() for w in words)
            if score:
                scored.append((score, entry_id))
        scored.sort(key=lambda se: -se[0])
        return [self._hit(i, lang, float(s)) for s, i in scored[:k]]

    def get(self, entry_id: str, lang: str = "en") -> Hit | None:
        return self._hit(entry_id, lang, 1.0) if entry_id in self.entries else None
