"""Each event's stored session, read and written so that a passing database failure costs memory, never the answer."""

from __future__ import annotations

import logging
from typing import Any

from assistant.db import DatabaseError
from assistant.session import Session

log = logging.getLogger(__name__)


def open_session(scope: Any, request: Any) -> Session:
    """The caller's stored session; a passing database failure costs the memory of earlier turns, not the answer."""
    try:
        return scope.open(request)
    except DatabaseError:
        log.exception("could not open the session; answering without memory")
        return Session()


def keep_session(scope: Any, session: Session, shown: list) -> None:
    """Store the session with the chat as the page shows it (restored on reload)."""
    session.history = list(shown)
    try:
        scope.save(session)
    except DatabaseError:
        log.exception("could not save the session")
