"""Validation problems as one readable line per field, in English or French (the rule named, the value echoed)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

# pydantic error type -> French wording of the rule; `{x}` is the limit from the error's context.
_FR = {
    "greater_than_equal": "doit être supérieur ou égal à {x}",
    "greater_than": "doit être strictement supérieur à {x}",
    "less_than_equal": "doit être inférieur ou égal à {x}",
    "less_than": "doit être strictement inférieur à {x}",
    "int_parsing": "doit être un nombre entier",
    "int_from_float": "doit être un nombre entier, sans décimales",
    "int_type": "doit être un nombre entier",
    "float_parsing": "doit être un nombre",
    "float_type": "doit être un nombre",
    "finite_number": "doit être un nombre fini (ni NaN ni infini)",
    "bool_parsing": "doit être oui ou non (true / false)",
    "bool_type": "doit être oui ou non (true / false)",
    "string_pattern_mismatch": "n'a pas le format attendu",
    "literal_error": "doit être l'une des valeurs : {x}",
    "list_type": "doit être une liste",
    "dict_type": "doit être un objet (champ : valeur)",
    "too_short": "contient trop peu d'éléments",
    "too_long": "contient trop d'éléments",
    "string_too_long": "doit contenir au plus {max_length} caractères",
    "cell_too_long": "{max_length} caractères au plus",
    "figure_out_of_range": "un nombre de plus de {digits} chiffres est hors limites ; écrivez un chiffre plus petit",
    # the tools' own rules (PydanticCustomError types)
    "too_small": "doit valoir 0 ou au moins 0,000001",
    "bool_not_number": "doit être un nombre, pas vrai/faux",
    "number_too_long": "un nombre d'environ {digits} chiffres est hors limites",
    "part_exceeds_whole": "doit être au moins égal à {part} ({got})",
    "rate_range": "{kpi} est un taux : il doit être compris entre 0 et 100 %",
    "negative": "{kpi} ne peut pas être négatif",
    "new_exceeds_end": "ne peut pas dépasser customers_end ({end}) : les nouveaux clients font partie des "
                       "clients de fin",
    "kept_exceeds_start": "est trop petit : customers_end − new_customers ({kept}) ne peut pas dépasser "
                          "customers_start ({start})",
}


def _limit(e: dict[str, Any]) -> str:
    ctx = e.get("ctx") or {}
    for key in ("ge", "gt", "le", "lt", "expected", "pattern"):
        if key in ctx:
            x = ctx[key]
            return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)
    return ""


def _rule(e: dict[str, Any], lang: str) -> str:
    kind = e["type"]
    if kind == "extra_forbidden":
        return "champ inconnu" if lang == "fr" else "unknown field"
    if kind == "missing":
        return "obligatoire" if lang == "fr" else "required"
    if lang == "fr" and kind in _FR:
        rule = _FR[kind].format(x=_limit(e), **(e.get("ctx") or {}))
    elif lang == "fr":  # the tools' own rules: their English text, flagged as the reason
        rule = "valeur refusée : " + str(e["msg"]).removeprefix("Value error, ")
    else:
        rule = str(e["msg"]).removeprefix("Value error, ")
    if kind == "number_too_long":
        return rule
    got = "reçu" if lang == "fr" else "got"
    return f"{rule} ({got} {shown(e.get('input'))})"


def shown(value: Any, limit: int = 60) -> str:
    """The refused value as the user typed it, cut short: repr() of a 5 000-digit int raises, a 40 kB text floods."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"<a number of about {int(value.bit_length() * 0.30103) + 1} digits>"
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}…"


def _loc_part(part: Any) -> str:
    """A field name as written, or quoted when it is odd (an unknown key holding a newline or 5 kB of text)."""
    text = str(part)
    return text if re.fullmatch(r"[\w-]{1,60}", text) else shown(text, 40)


def describe(err: ValidationError, lang: str = "en") -> tuple[str, str | None]:
    """'field: rule (got value)' for each problem, joined; and the first field named."""
    parts, first = [], None
    for e in err.errors():
        loc = ".".join(_loc_part(p) for p in e["loc"]) or "input"
        first = first or loc
        parts.append(f"{loc} : {_rule(e, lang)}" if lang == "fr" else f"{loc}: {_rule(e, lang)}")
    return "; ".join(parts), first
