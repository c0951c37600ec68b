"""Spreadsheet formula-injection guard: text a spreadsheet would run as a formula is neutralized, numbers stay numbers.

A cell is dangerous when its text starts with = + - @, a tab or a carriage return (after optional spaces), or when
such a character follows a separator (; , | tab, line break): opened with another separator, that part becomes a
cell of its own.
"""

from __future__ import annotations

import math
import re
from numbers import Real

_TRIGGERS = "=+-@\t\r"
_AFTER_SEPARATOR = re.compile(r"[;,|\t\r\n]\s*[=+\-@]")


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet could interpret this text as a formula."""
    if not text:
        return False
    stripped = text.lstrip(" ")
    return (stripped[:1] in _TRIGGERS and stripped != "") or text[:1] in "\t\r" or bool(_AFTER_SEPARATOR.search(text))


def safe_text(text: str) -> str:
    """The text, prefixed with a single quote when it is dangerous (the OWASP CSV-injection defence)."""
    return "'" + text if is_dangerous(text) else text


def is_number(value: object) -> bool:
    """A real, finite number (bools are not numbers here)."""
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(float(value))


def safe_value(value: object) -> object:
    """Numbers unchanged, None as empty text, anything else as neutralized text."""
    if is_number(value):
        return value
    if value is None:
        return ""
    return safe_text(str(value))
