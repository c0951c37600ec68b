"""Every number in an LLM answer must come from the user, a tool result or a cited entry: find the ones that don't.

A number is read every way it could be meant ("1,200" is 1200 in English and 1.2 in French), because the
answer, the user and the entries may each use either locale. A mention matches a known value when the value
rounds to it at the precision written ("14.3" and "14,29" both match 14.2857). Bare integers up to 10 with no
unit are counting words ("2 options", "step 3"), not figures, and are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_SPACES = " \u00a0\u202f"
_NUMBER = re.compile(
    rf"""(?<![\w.,])(?P<sign>[-−]\s?)?(?P<body>
        \d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:[.,]\d+)?   # 1 200 / 1 200,50
      | \d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?             # 1,200 / 1,200.50
      | \d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?             # 1.200 / 1.200,50
      | \d+(?:[.,]\d+)?                              # 1200 / 14.29 / 14,29
    )(?P<suffix>[kK]|\s?[MB]\b|\s?(?:k€|K€))?""",
    re.VERBOSE,
)
_UNIT_AFTER = re.compile(rf"^[{_SPACES}]?(?:%|€|\$|£|EUR|USD|GBP|CHF|CAD|AUD|eur|pts?|points|x\b|×)")
_UNIT_BEFORE = re.compile(r"(?:€|\$|£)\s?$")
_LIST_MARKER = re.compile(r"^\s*$")
# Citations ([cac-definition]) and file names (003-b2b.md) carry digits that are not figures.
_NOT_FIGURES = re.compile(r"\[[\w-]+\]|\b[\w-]+\.(?:md|txt|pdf|ya?ml|csv|xlsx)\b|https?://\S+")
_MULTIPLIERS = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9}


@dataclass(frozen=True)
class Reading:
    """One way a mention can be read: its value and the half-width of the rounding it allows."""

    value: float
    tolerance: float


@dataclass(frozen=True)
class Mention:
    """A number as written in a text, with every plausible reading."""

    text: str
    readings: tuple[Reading, ...]
    parts: tuple[Reading, ...]  # "1 200" may also be two numbers, "1" and "200"
    trivial: bool  # a bare small integer: a counting word, not a figure


def _reading(integer: str, decimals: str, multiplier: float) -> Reading:
    value = float(f"{integer}.{decimals}" if decimals else integer) * multiplier
    return Reading(value, 0.5 * 10 ** -len(decimals) * multiplier + 1e-9)


def _readings(body: str, multiplier: float) -> list[Reading]:
    """All readings of a number body, grouped or not, in either locale."""
    compact = re.sub(f"[{_SPACES}]", "", body)
    seps = [c for c in compact if c in ".,"]
    if not seps:
        return [_reading(compact, "", multiplier)]
    out = []
    last = max(compact.rfind("."), compact.rfind(","))
    head, tail = compact[:last], compact[last + 1:]
    if len(set(seps)) == 2 or len(seps) == 1:
        # The last separator as the decimal mark, the others (if any) as grouping.
        out.append(_reading(re.sub(r"[.,]", "", head), tail, multiplier))
    if len(set(seps)) == 1 and all(len(g) == 3 for g in compact.split(seps[0])[1:]):
        # Every separator as grouping: "1,200" in English, "1.200" in French.
        out.append(_reading(compact.replace(seps[0], ""), "", multiplier))
    return out


def find_numbers(text: str) -> list[Mention]:
    """Every number mentioned in `text`, in order."""
    text = _NOT_FIGURES.sub(" ", text)
    found = []
    for m in _NUMBER.finditer(text):
        after = text[m.end():]
        if after[:1].isalpha() and not m.group("suffix") and not _UNIT_AFTER.match(after):
            continue  # ordinals and codes: 2nd, 1er, 3e, 4G
        suffix = (m.group("suffix") or "").strip().rstrip("€")
        multiplier = _MULTIPLIERS.get(suffix, 1.0)
        body = m.group("body")
        readings = _readings(body, multiplier)
        groups = re.split(f"[{_SPACES}]", body)
        parts = tuple(r for g in groups for r in _readings(g, 1.0)) if len(groups) > 1 else ()
        line_start = text[: m.start()].rsplit("\n", 1)[-1]
        is_list_marker = _LIST_MARKER.match(line_start) is not None and re.match(r"[.)]\s", after) is not None
        has_unit = bool(suffix or _UNIT_AFTER.match(after) or _UNIT_BEFORE.search(text[: m.start()]))
        small_int = re.fullmatch(r"\d+", body) is not None and int(body) <= 10
        found.append(Mention(m.group(0).strip(), tuple(readings), parts,
                             trivial=is_list_marker or (small_int and not has_unit)))
    return found


def _walk(data: Any, values: list[float], texts: list[str]) -> None:
    if isinstance(data, bool) or data is None:
        return
    if isinstance(data, int | float):
        values.append(float(data))
    elif isinstance(data, str):
        texts.append(data)
    elif isinstance(data, dict):
        for v in data.values():
            _walk(v, values, texts)
    elif isinstance(data, list | tuple):
        for v in data:
            _walk(v, values, texts)


def with_numbers_in_words(texts: Iterable[str]) -> list[str]:
    """The texts, and again each one whose numbers are written in words, with digits ('trois mille euros' is the
    user's 3 000)."""
    from assistant.reader.numbers import words_to_digits

    texts = list(texts)
    return texts + [w for t in texts for lang in ("fr", "en") if (w := words_to_digits(t, lang)) != t]


def known_values(texts: Iterable[str] = (), data: Iterable[Any] = ()) -> list[float]:
    """Every value the answer may state: numbers in the texts (all readings and parts) and in the data."""
    values: list[float] = []
    all_texts = with_numbers_in_words(texts)
    for item in data:
        _walk(item, values, all_texts)
    for text in all_texts:
        for mention in find_numbers(text):
            values.extend(r.value for r in mention.readings + mention.parts)
    return values


def _matches(reading: Reading, values: list[float]) -> bool:
    # Signs are not compared: "a 20 % drop" states the what-if delta -20.
    return any(abs(abs(reading.value) - abs(v)) <= reading.tolerance for v in values)


def unverified_numbers(answer: str, texts: Iterable[str] = (), data: Iterable[Any] = ()) -> list[str]:
    """The numbers of `answer` (as written, once each) that no text or data value accounts for."""
    values = known_values(texts, data)
    flagged: list[str] = []
    for mention in find_numbers(answer):
        if mention.trivial or mention.text in flagged:
            continue
        if any(_matches(r, values) for r in mention.readings):
            continue
        if mention.parts and all(_matches(p, values) for p in mention.parts):
            continue
        flagged.append(mention.text)
    return flagged
