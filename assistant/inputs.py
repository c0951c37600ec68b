"""What comes from outside (CLI, chat, API, MCP, the data tab): cleaned and bounded before any work is done.

Every entry point calls `clean_question` on a question and `parse_json_object` on a JSON text, so no path is
uncapped and a refusal always reads the same: one bilingual message naming the field, never a traceback.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from tools.base import Text

# ANSI/VT escape sequences are removed whole: stripping only ESC would leave "[31m", read as the figure 31.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"          # CSI: colours, cursor moves (ESC [ ... final byte)
    r"|\x9b[0-?]*[ -/]*[@-~]"            # the same with the one-byte C1 introducer
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks (ended by BEL or ESC \)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"    # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"                 # any other escape (ESC c, ESC 7, charset selections)
)
# Control characters (C0 but tab and newlines, DEL, C1), and invisible format characters that can hide or
# reorder text: bidi overrides and isolates, zero-width characters, the byte-order mark.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       r"\u2066-\u2069\ufeff\ufff9-\ufffb]")
_SPACES = re.compile(r"[ \t]+")

# A JSON text nested deeper than this is refused (real calculator inputs are 3 levels deep at most); the check
# runs before parsing, so a 50 000-deep text costs one linear scan and never reaches a recursive parser.
MAX_JSON_DEPTH = 32
MAX_JSON_CHARS = 100_000
# Python refuses to print an int of more than 4 300 digits; any figure past 30 digits is a typo or an attack.
MAX_INT_DIGITS = 30


class InputRefused(ValueError):
    """Input refused before any work: the field it is about and a message in French and English."""

    def __init__(self, field: str, text: Text):
        super().__init__(f"{field}: {text.en}")
        self.field = field
        self.text = text

    def message(self, lang: str | None = None) -> str:
        """'field: why' in `lang`; both languages when the user's language is not known yet."""
        if lang == "fr":
            return f"{self.field} : {self.text.fr}"
        if lang == "en":
            return f"{self.field}: {self.text.en}"
        return f"{self.field}: {self.text.en} / {self.text.fr}"

    def payload(self, lang: str | None = None) -> dict[str, str]:
        """The API's error object: {"error": message, "field": name}."""
        return {"error": self.message(lang), "field": self.field}


@functools.cache
def _configured_max_chars() -> int:
    from assistant.config import load_settings

    return load_settings().question_max_chars


_TYPE_NAMES = {dict: ("an object", "un objet"), list: ("a list", "une liste"), bool: ("a boolean", "un booléen"),
               int: ("a number", "un nombre"), float: ("a number", "un nombre"), type(None): ("null", "null"),
               str: ("text", "du texte")}


def _got(value: Any) -> Text:
    en, fr = _TYPE_NAMES.get(type(value), (type(value).__name__, type(value).__name__))
    return Text(en=en, fr=fr)


def strip_controls(text: str) -> str:
    """The text without terminal escapes, control and invisible format characters (tabs and newlines kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub(" ", text))


def clean_question(text: Any, lang: str | None = None, *, max_chars: int | None = None,
                   field: str = "question") -> str:
    """A question ready to read: text only, control characters and terminal escapes removed, spaces tidied,
    at most `max_chars` characters (default: the `question_max_chars` setting). Raises InputRefused."""
    limit = max_chars or _configured_max_chars()
    if not isinstance(text, str):
        got = _got(text)
        raise InputRefused(field, Text(en=f"must be text (got {got.en})", fr=f"doit être du texte (reçu : {got.fr})"))
    # Refuse a huge input before even cleaning it: the cap is what protects the reader, so nothing runs first.
    if len(text) > 4 * limit:
        raise _too_long(field, limit, len(text))
    cleaned = "\n".join(_SPACES.sub(" ", line).strip() for line in strip_controls(text).split("\n")).strip()
    if not cleaned:
        raise InputRefused(field, Text(en="required (type a question)", fr="obligatoire (écrivez une question)"))
    if len(cleaned) > limit:
        raise _too_long(field, limit, len(cleaned))
    return cleaned


def _too_long(field: str, limit: int, got: int) -> InputRefused:
    return InputRefused(field, Text(
        en=f"at most {limit:,} characters (got {got:,}); shorten it or split it into several questions",
        fr=f"{limit:,} caractères au plus (reçu : {got:,}) ; raccourcissez-la ou posez plusieurs questions"
        .replace(",", "\u202f")))


# Tokens of a JSON text that matter to its cost: strings (skipped whole; the closing quote is optional so an
# unterminated one is consumed once and the scan stays linear), brackets, and runs of digits outside strings.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]|\d+')


def json_problem(text: str, max_depth: int = MAX_JSON_DEPTH, max_digits: int = MAX_INT_DIGITS) -> Text | None:
    """Why a JSON text would be costly or crash a parser (too deep, a number too long), or None; one linear scan
    that never parses (Python's json raises RecursionError past ~1 000 levels, ValueError past 4 300 digits)."""
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                return Text(en=f"nested more than {max_depth} levels deep",
                            fr=f"imbriqué sur plus de {max_depth} niveaux")
        elif token in "]}":
            depth -= 1
        elif token[0].isdigit() and len(token) > max_digits:
            return Text(en=f"a number of {len(token)} digits is out of range (at most {max_digits})",
                        fr=f"un nombre de {len(token)} chiffres est hors limites ({max_digits} au plus)")
    return None


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when the JSON text opens more than `limit` nested arrays/objects (strings are skipped)."""
    problem = json_problem(text, limit, max_digits=10**9)
    return problem is not None


def parse_json_value(text: str, field: str, *, max_chars: int = MAX_JSON_CHARS) -> Any:
    """Any JSON value from text, bounded in size, nesting depth and integer length; InputRefused otherwise."""
    if len(text) > max_chars:
        raise InputRefused(field, Text(en=f"at most {max_chars:,} characters of JSON (got {len(text):,})",
                                       fr=f"{max_chars:,} caractères de JSON au plus (reçu : {len(text):,})"))
    problem = json_problem(text)
    if problem is not None:
        raise InputRefused(field, problem)
    try:
        return json.loads(text)
    except InputRefused:
        raise
    except json.JSONDecodeError as err:
        raise InputRefused(field, Text(
            en=f"not valid JSON ({err.msg}, line {err.lineno} column {err.colno})",
            fr=f"JSON invalide ({err.msg}, ligne {err.lineno} colonne {err.colno})")) from None
    except (ValueError, RecursionError) as err:
        raise InputRefused(field, Text(en=f"not valid JSON ({err})", fr=f"JSON invalide ({err})")) from None


def parse_json_object(text: Any, field: str, *, max_chars: int = MAX_JSON_CHARS) -> dict[str, Any]:
    """A JSON object from text (or an object already parsed), bounded in size, depth and integer length."""
    if isinstance(text, dict):
        check_value(text, field)
        return text
    if not isinstance(text, str):
        got = _got(text)
        raise InputRefused(field, Text(en=f"must be a JSON object (got {got.en})",
                                       fr=f"doit être un objet JSON (reçu : {got.fr})"))
    data = parse_json_value(text, field, max_chars=max_chars)
    if not isinstance(data, dict):
        got = _got(data)
        raise InputRefused(field, Text(en=f"must be a JSON object of field: value pairs (got {got.en})",
                                       fr=f"doit être un objet JSON de paires champ : valeur (reçu : {got.fr})"))
    return data


def _too_deep(field: str) -> InputRefused:
    return InputRefused(field, Text(en=f"nested more than {MAX_JSON_DEPTH} levels deep",
                                    fr=f"imbriqué sur plus de {MAX_JSON_DEPTH} niveaux"))


def _too_many_digits(field: str, digits: int) -> InputRefused:
    return InputRefused(field, Text(en=f"a number of {digits} digits is out of range (at most {MAX_INT_DIGITS})",
                                    fr=f"un nombre de {digits} chiffres est hors limites ({MAX_INT_DIGITS} au plus)"))


def int_too_long(value: Any) -> bool:
    """True for an int too long to be a figure (checked without converting it to text, which may fail)."""
    return isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_DIGITS * 3.33


def check_value(value: Any, field: str, depth: int = 0) -> None:
    """An already-parsed value (from an HTTP or MCP body): refuse deep nesting and over-long integers."""
    if depth > MAX_JSON_DEPTH:
        raise _too_deep(field)
    if int_too_long(value):
        raise _too_many_digits(field, int(value.bit_length() * 0.30103) + 1)  # str() fails past 4 300 digits
    if isinstance(value, dict):
        for key, item in value.items():
            check_value(item, f"{field}.{key}" if depth == 0 else field, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_value(item, field, depth + 1)


def bounded_int(value: Any, field: str, low: int, high: int) -> int:
    """A whole number in [low, high] (a digit string is accepted; booleans, null and decimals are not)."""
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", value):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        got = _got(value)
        raise InputRefused(field, Text(en=f"must be a whole number from {low} to {high} (got {got.en})",
                                       fr=f"doit être un nombre entier de {low} à {high} (reçu : {got.fr})"))
    if int_too_long(value) or not low <= value <= high:
        shown = value if not int_too_long(value) else "…"
        raise InputRefused(field, Text(en=f"must be from {low} to {high} (got {shown})",
                                       fr=f"doit être compris entre {low} et {high} (reçu : {shown})"))
    return value


def one_of(value: Any, field: str, choices: tuple[str, ...]) -> str:
    """One of a few fixed words (e.g. a language), or InputRefused listing them."""
    if isinstance(value, str) and value.strip() in choices:
        return value.strip()
    shown = Text(en=repr(value)[:40], fr=repr(value)[:40]) if isinstance(value, str) else _got(value)
    listed = ", ".join(choices)
    raise InputRefused(field, Text(en=f"must be one of {listed} (got {shown.en})",
                                   fr=f"doit être l'une des valeurs {listed} (reçu : {shown.fr})"))
