"""Per-session state: the conversation and what each engine remembers. One object per user session.

Everything but `dataset` is plain JSON, so a session lives in the database between requests (see
assistant.session_store) and any replica of the app can continue it."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_KEPT_MESSAGES = 200  # turns kept per session (engines read the last few; the chat shows the rest after a reload)


class Message(BaseModel):
    """One turn of the conversation."""

    role: Literal["user", "assistant"]
    content: str


class Session(BaseModel):
    """A user's session: messages, the figures they gave, engine state, and their uploaded data."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    # Whose session it is: "user:<name>" when logged in, else the browser's (or API client's) own id.
    owner: str = ""
    messages: list[Message] = Field(default_factory=list)
    # Engine-owned state (e.g. the offline engine's remembered figures and pending question), keyed by engine.
    state: dict[str, Any] = Field(default_factory=dict)
    # The chat as the page shows it (tool steps, sources), restored when the page is reloaded.
    history: list[dict[str, Any]] = Field(default_factory=list)
    # The user's uploaded data (a KPI table built by assistant.dataset), if any: rebuilt from the stored upload.
    dataset: Any = Field(default=None, exclude=True)

    def add(self, role: Literal["user", "assistant"], content: str) -> None:
        """Append a turn."""
        self.messages.append(Message(role=role, content=content))

    def trimmed(self) -> Session:
        """The session with at most MAX_KEPT_MESSAGES messages and history entries (the newest)."""
        self.messages = self.messages[-MAX_KEPT_MESSAGES:]
        self.history = self.history[-MAX_KEPT_MESSAGES:]
        return self
