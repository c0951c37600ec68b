"""A small, independent checker: every figure in an answer must come from the user, a tool result or a cited entry.

Deliberately separate from the engine's own number reader, so that a bug there cannot hide a bug here. A mention
is read in both locales ("1,200" may be 1200 or 1.2) and matches a known value when that value rounds to it at
the precision written ("14,29" matches 14.2857).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from assistant.numbers_check import with_numbers_in_words

_MENTION = re.compile(r"(?<![\w.,])-?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|(?<![\w.,])-?\d+(?:[.,]\d+)*")
# Citation markers, file names and the "× 100" that turns a ratio into a percentage in a formula are not figures.
_NOT_FIGURES = re.compile(r"\[\d+\]|\b\w+\.(?:txt|md|pdf)\b|[×x*]\s?100\b")


def readings(raw: str) -> list[tuple[float, float]]:
    """(value, tolerance) for every way the mention can be read."""
    compact = re.sub(r"[ \u00a0\u202f]", "", raw)
    out = []
    for dec in (".", ","):
        other = "," if dec == "." else "."
        text = compact.replace(other, "")
        if text.count(dec) > 1:
            continue
        try:
            value = float(text.replace(dec, "."))
        except ValueError:
            continue
        decimals = len(text.split(dec)[1]) if dec in text else 0
        out.append((value, 0.5 * 10 ** -decimals + 1e-9))
    return out


def _walk(data: Any, values: list[float]) -> None:
    if isinstance(data, bool) or data is None:
        return
    if isinstance(data, (int, float)):
        values.append(float(data))
    elif isinstance(data, str):
        values.extend(v for m in _MENTION.finditer(data) for v, _ in readings(m.group(0)))
    elif isinstance(data, dict):
        for v in data.values():
            _walk(v, values)
    elif isinstance(data, (list, tuple)):
        for v in data:
            _walk(v, values)


def known(texts: Iterable[str], data: Iterable[Any]) -> list[float]:
    """Every number in the given texts and JSON-like data."""
    values: list[float] = []
    for t in with_numbers_in_words(texts):
        _walk(t, values)
    for d in data:
        _walk(d, values)
    return values


def unexplained(answer: str, texts: Iterable[str], data: Iterable[Any]) -> list[str]:
    """Figures of the answer that match nothing the user said, no tool result and no cited entry."""
    values = known(texts, data)
    cleaned = _NOT_FIGURES.sub(" ", answer)
    bad = []
    for m in _MENTION.finditer(cleaned):
        ok = any(abs(abs(v) - abs(r)) <= tol or abs(v - r) <= tol for r, tol in readings(m.group(0)) for v in values)
        if not ok:
            bad.append(m.group(0))
    return bad
