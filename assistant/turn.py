"""One LLM turn's runtime context (what the middleware and the tools read), its deadline and its bookkeeping."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from assistant.prompts import Lang
from assistant.session import Session


class TurnDeadlineExceeded(TimeoutError):
    """The turn ran past its wall-clock deadline (retries and tool steps included)."""


class NoToolResult(RuntimeError):
    """The user's figures called for a calculation and the model gave none, even when a tool call was required."""


@dataclass
class TurnContext:
    """The agent's runtime context for one turn (LangGraph's `context`): read by the middleware and the tools."""

    session: Session
    lang: Lang
    calculators: list[str]  # offered this turn, best first
    deadline: float  # time.monotonic() value
    needs_tool: bool = False  # the user's figures call for a calculation
    required_tool: str | None = None  # the tool a required call names, when the model answered without one
    search: bool = True
    changes: bool = True  # offer what-if and solve: the question changes a figure or sets a target
    prompt_tokens: int = 2500  # most prompt tokens per model call (assistant.prompt_budget)
    timeout: float = 30.0  # per request, never past the deadline
    max_retries: int = 2
    retry_openai_errors: bool = True  # the agent retries (the OpenAI client does not), within the deadline
    cancel: threading.Event = field(default_factory=threading.Event)
    model_calls: int = 0
    forced: bool = False

    def remaining(self) -> float:
        """Seconds left before the deadline."""
        return self.deadline - time.monotonic()

    def check(self) -> None:
        """Raise when the turn was abandoned or its deadline passed."""
        if self.cancel.is_set() or self.remaining() <= 0:
            raise TurnDeadlineExceeded("the turn's deadline passed")


@dataclass
class TurnRecord:
    """A turn in flight: the id of its question in the conversation memory and, after a failure, what replaces it.

    When the LLM fails, the offline answer is written to the memory in place of the failed turn's messages. If the
    agent's thread is still running (the deadline abandoned it), the thread writes it when it stops, so the two
    never write the memory at once.
    """

    question_id: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    finished: bool = False
    replacement: tuple[str, str] | None = None  # (question, answer) to record instead
    extra: dict[str, Any] = field(default_factory=dict)
