"""Per-session state: the conversation and what each engine remembers. One object per user session."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Message(BaseModel):
    """One turn of the conversation."""

    role: Literal["user", "assistant"]
    content: str


class Session(BaseModel):
    """A user's session: messages, the figures they gave, engine state, and their uploaded data."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    messages: list[Message] = Field(default_factory=list)
    # Engine-owned state (e.g. the offline engine's remembered figures and pending question), keyed by engine.
    state: dict[str, Any] = Field(default_factory=dict)
    # The user's uploaded data (a KPI table built by assistant.dataset), if any.
    dataset: Any = None

    def add(self, role: Literal["user", "assistant"], content: str) -> None:
        """Append a turn."""
        self.messages.append(Message(role=role, content=content))
