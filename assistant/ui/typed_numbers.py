"""Numbers typed in a form, read the way the UI's language writes them.

A browser's number field drops what it does not know: "1 200,50" typed into one arrived as 120050. The forms take
text instead, read here: in French "1 200,50", "1.200,50" and "1200,5" are 1200.5; in English "1,200.50" and
"1200.5" are. What could be read two ways in the UI's language ("1,5" in English) is refused with the way to write
it, never guessed.
"""

from __future__ import annotations

import re

from babel.numbers import format_decimal

from tools.registry import ToolInputError

_NOISE = re.compile(r"[\s\u00a0\u202f\u2009€$£%]|(?i:eur|usd|gbp|chf)")
_FR_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")
_EN_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")


def parse_number(text: str, lang: str, field: str = "") -> float:
    """The number `text` means in `lang`; ToolInputError (both languages, naming `field`) when it is not one."""
    raw = text.strip()
    body = _NOISE.sub("", raw).replace("−", "-")
    sign = -1.0 if body.startswith("-") else 1.0
    body = body.lstrip("+-")
    value: str | None = None
    if re.fullmatch(r"\d+(\.\d+)?", body) and not (lang == "fr" and re.fullmatch(r"\d{1,3}\.\d{3}", body)):
        value = body  # plain digits, or a decimal point (read in either language)
    elif lang == "fr" and re.fullmatch(r"\d+(,\d+)?", body) and not re.fullmatch(r"\d{1,3},\d{3}", body):
        value = body.replace(",", ".")
    elif lang == "fr" and _FR_GROUPED.fullmatch(body):
        value = body.replace(".", "").replace(",", ".")
    elif lang != "fr" and _EN_GROUPED.fullmatch(body):
        value = body.replace(",", "")
    if value is None:
        name = f"{field}: " if field else ""
        if lang == "fr" and re.fullmatch(r"\d{1,3},\d{3}", body):
            whole, frac = body.split(",")
            short = f"{whole},{frac.rstrip('0') or '0'}"
            en = f"{name}'{raw}' reads two ways: write {whole} {frac} for thousands, {short} for a decimal"
            fr = (f"{name}« {raw} » se lit de deux façons : écrivez {whole} {frac} pour des milliers, {short} pour "
                  "un décimal")
        elif lang != "fr" and re.fullmatch(r"\d+,\d+", body):
            en = f"{name}'{raw}' reads two ways in English: write {body.replace(',', '.')} for a decimal"
            fr = f"{name}« {raw} » se lit de deux façons en anglais : écrivez {body.replace(',', '.')} pour un décimal"
        else:
            example_en, example_fr = "1,200.50", "1 200,50"
            en = f"{name}'{raw}' is not a number (write it like {example_en})"
            fr = f"{name}« {raw} » n'est pas un nombre (écrivez-le comme {example_fr})"
        raise ToolInputError(en, field=field or None, message_fr=fr)
    return sign * float(value)


def format_number(value: float | int | None, lang: str) -> str:
    """A default value as the form shows it ('0,5' in French); empty for None."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.######", locale="fr_FR" if lang == "fr" else "en_US")
