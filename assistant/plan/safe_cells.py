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


# A piece of a cell starts after a separator any reader may split on, or after a quote a reader with another
# separator leaves in the text; spaces and quotes may come before the trigger.
_PIECE_START = re.compile(r'(^|[,;\t|\r\n"])([\s"]*)(?=[=+\-@])')


def csv_safe_text(text: str) -> str:
    """The text with a single quote before every trigger that could start a cell, whatever separator the reader
    picks: 'x;=1+1' becomes "x;'=1+1", so opened with ';' the second cell is the text '=1+1, not a formula.

    (Quoting the whole cell, as `safe_text` does, only protects the first piece: read with ';', "'x;=1+1" still
    gives a cell '=1+1'.)
    """
    return _PIECE_START.sub(lambda m: m.group(1) + m.group(2) + "'", text)
