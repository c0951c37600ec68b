"""Secrets never reach a user or a log: the API keys are scrubbed from answers, notices, stream tokens and log records.

A server may write the caller's key into its text (an echo, a prompt injection, an error page); the OpenAI SDK's 401
quotes it. Every configured key is registered here once, and `scrub` replaces it, and any `Bearer ...` /
`Authorization: ...` value, with a marker. Logging is covered by a record factory that scrubs each record's message
and exception text as it is made, whichever handler or library logs it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from typing import Any

REDACTED = "[redacted]"
# Shorter values (e.g. the dummy key sent to local servers) are not secrets and would scrub ordinary words.
_MIN_SECRET = 8
_AUTH_VALUE = re.compile(r"(?i)\b(bearer|authorization:?|x-api-key:?|api[_-]key[\"']?\s*[:=])\s*[\"']?[\w.\-~+/=]{8,}")
_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False


def register_secret(value: str | None) -> None:
    """Scrub `value` from everything from now on (no-op for empty or short values)."""
    if value and len(value) >= _MIN_SECRET:
        with _lock:
            _secrets.add(value)
        install_log_scrubber()


def scrub(text: str) -> str:
    """`text` without any registered secret nor any Authorization / Bearer value."""
    if not text:
        return text
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return _AUTH_VALUE.sub(lambda m: f"{m.group(1)} {REDACTED}", text)


def scrub_data(data: Any) -> Any:
    """A copy of `data` (dicts, lists, strings) with every string scrubbed."""
    if isinstance(data, str):
        return scrub(data)
    if isinstance(data, dict):
        return {k: scrub_data(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return type(data)(scrub_data(v) for v in data)
    return data


class StreamScrubber:
    """Scrubs a text that arrives in pieces: holds back the tail that could be the start of a secret."""

    def __init__(self) -> None:
        self._pending = ""

    def _hold(self) -> int:
        return max((len(s) for s in _secrets), default=0)  # no secret registered: nothing to hold back

    def feed(self, piece: str) -> str:
        """The part of the text so far that is safe to show."""
        text = scrub(self._pending + piece)
        keep = self._hold()
        if keep == 0:
            self._pending = ""
            return text
        if len(text) <= keep:
            self._pending = text
            return ""
        self._pending = text[-keep:]
        return text[:-keep]

    def flush(self) -> str:
        """What is left at the end of the stream."""
        text, self._pending = scrub(self._pending), ""
        return text


def scrub_all(texts: Iterable[str]) -> list[str]:
    """Each text scrubbed."""
    return [scrub(t) for t in texts]


def install_log_scrubber() -> None:
    """Scrub every log record from now on (idempotent). Messages and exception texts are rendered then scrubbed."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
        previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if not _secrets:
            return record
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call: leave it to the handler's own error path
            return record
        record.msg, record.args = scrub(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(factory)
