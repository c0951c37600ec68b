"""Each event's identity and session. The page-load event (the only one that reads the browser's id from its
localStorage) records which browser a page's Gradio session belongs to, in the database; every later event of that
page, on whichever replica it lands, finds the browser — and so the owner and the stored session — from it."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import gradio as gr

from assistant.db import DatabaseError
from assistant.identity import new_browser_id, owner_of, session_id_of, valid_browser_id
from assistant.session import Session
from assistant.session_store import SessionStore

log = logging.getLogger(__name__)
_CACHED_PAGES = 4096  # page -> browser pairs remembered per process (they never change once recorded)


@dataclass
class Scope:
    """The browser-id component, the store of sessions, and who each event is for."""

    browser: gr.BrowserState
    sessions: SessionStore
    _pages: OrderedDict = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def browser_of(self, request: Any) -> str | None:
        """The browser id recorded for this page's Gradio session (None for an API client: it has no page)."""
        page = getattr(request, "session_hash", None)
        if not isinstance(page, str) or not page:
            return None
        with self._lock:
            if page in self._pages:
                self._pages.move_to_end(page)
                return self._pages[page]
        browser = self.sessions.browser_of_page(page)
        if browser is not None:
            self._remember(page, browser)
        return browser

    def _remember(self, page: str, browser: str) -> None:
        with self._lock:
            self._pages[page] = browser
            while len(self._pages) > _CACHED_PAGES:
                self._pages.popitem(last=False)

    def owner(self, request: Any) -> str:
        """Whose plans and session (see assistant.identity.owner_of)."""
        return owner_of(self.browser_of(request), request)

    def open(self, request: Any) -> Session:
        """The caller's session as stored (a new one on first use or after it expired)."""
        browser = self.browser_of(request)
        owner = owner_of(browser, request)
        return self.sessions.open(session_id_of(owner, browser, request), owner)

    def save(self, session: Session) -> None:
        """Store the session after the event changed it."""
        self.sessions.save(session)

    def page_load(self, browser_id: Any, request: gr.Request) -> tuple[str, list]:
        """On page load: the browser's id (created on its first visit), recorded for this page, and the chat it had
        before the reload."""
        browser = valid_browser_id(browser_id) or new_browser_id()
        page = getattr(request, "session_hash", None)
        try:
            if isinstance(page, str) and page:
                browser = self.sessions.record_page(page, browser)  # the first record of a page wins
                self._remember(page, browser)
            return browser, self.open(request).history
        except DatabaseError:  # the page still works; the chat starts empty and plans show once the database is back
            log.exception("could not record the page or restore its chat")
            return browser, []
