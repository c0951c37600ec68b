"""Who is asking: the logged-in user, else the browser's own id, else the API client's own id — never a shared one.

The browser id is a random 128-bit value kept (encrypted) in the browser's localStorage. It scopes plans and the
chat to one browser; it is NOT authentication: whoever holds it acts as that browser. Teams use a login
(users file or a trusted proxy header, assistant.users), and then plans belong to the user."""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

_BROWSER_ID = re.compile(r"^[0-9a-f]{32}$")
USER_PREFIX = "user:"


def new_browser_id() -> str:
    """A fresh random browser id."""
    return secrets.token_hex(16)


def valid_browser_id(value: Any) -> str | None:
    """The value if it is a well-formed browser id, else None."""
    return value if isinstance(value, str) and _BROWSER_ID.match(value) else None


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def owner_of(browser_id: Any, request: Any) -> str:
    """The owner of plans and sessions for this request.

    "user:<name>" when a login is configured; else the browser id; else (an API client that skipped the page-load
    event) an id derived from that client's own Gradio session; else a fresh id that nobody else will ever have."""
    username = getattr(request, "username", None)
    if isinstance(username, str) and username:
        return USER_PREFIX + username
    if valid := valid_browser_id(browser_id):
        return valid
    session_hash = getattr(request, "session_hash", None)
    if isinstance(session_hash, str) and session_hash:
        return _digest("client", session_hash)
    return new_browser_id()


def session_id_of(owner: str, browser_id: Any, request: Any) -> str:
    """The chat session of this browser (or API client) for this owner: a user on two browsers has two chats."""
    if not owner.startswith(USER_PREFIX):
        return owner  # the browser / client id is already per browser
    scope = valid_browser_id(browser_id) or getattr(request, "session_hash", None) or new_browser_id()
    return _digest(owner, str(scope))
