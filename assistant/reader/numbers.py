"""Numbers in a question, in French or English notation: 1 200 €, 1.200,50 €, $1,200.50, 15k, 2,1 %, quinze.

Separators are read with babel (each notation parsed with a locale that uses it), currencies with price-parser,
number words with text2num's alpha2digit. What is left to this module is finding the spans and their unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from price_parser import Price
from text_to_num import alpha2digit

_SPACE = "[ \u00a0\u202f]"
_CUR = (r"(?:€|\${_SPACE}?(?:can|ca|us)\b|us\$|c\$|\$|£|eur\b|euros?\b|usd\b|(?:us{_SPACE}|canadian{_SPACE})?dollars?\b"
        r"|bucks\b|balles\b|gbp\b|pounds?\b|quid\b|livres{_SPACE}sterling\b|chf\b|francs?(?:{_SPACE}suisses?)?\b"
        r"|cad\b|aud\b|k€|m€|k\$|m\$)").replace("{_SPACE}", _SPACE)
_NUMBER = re.compile(
    rf"""
    (?<![\w.,#°])(?<![\w][-'])
    (?P<sign>[-−](?=[$€£]?\d))?
    (?P<times>[x×](?=\d))?
    (?P<pre>c\$|ca\$|a\$|us\$|[$€£]|(?:eur|usd|gbp|chf|cad|aud){_SPACE})?{_SPACE}?
    (?P<num>
        \d{{1,3}}(?:{_SPACE}\d{{3}})+(?:[.,]\d+)?      # 1 200 / 1 200,50
      | \d{{1,3}}(?:\.\d{{3}})+,\d+                    # 1.200,50
      | \d{{1,3}}(?:,\d{{3}})+\.\d+                    # 1,200.50
      | \d{{1,3}}(?:[.,]\d{{3}})+(?![\d])              # 1.200 / 1,200 (thousands)
      | \d+(?:[.,]\d+)?                                # 15 / 2,1 / 3.5
    )
    (?![\w.,]*[a-z]\d)                                 # not an id such as 4g7
    (?P<scale>{_SPACE}?(?:k(?![a-z])|m(?=€|\$|{_SPACE}?(?:€|\$|eur))|(?-i:M)(?![a-z])|md(?=€)|mds?(?=€)|bn\b
        |{_SPACE}(?:millions?|milliards?|billions?|thousand|mille|million)\b))?
    (?P<post>{_SPACE}?(?:{_CUR}|%|pts?\b))?
    (?P<ratio>{_SPACE}?:{_SPACE}?1\b(?!{_SPACE}?\d|[.,]\d)|{_SPACE}?[x×](?![a-z]))?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SCALES = {"k": 1e3, "thousand": 1e3, "mille": 1e3, "m": 1e6, "million": 1e6, "millions": 1e6, "md": 1e9,
           "mds": 1e9, "milliard": 1e9, "milliards": 1e9, "bn": 1e9, "billion": 1e9, "billions": 1e9}
_ISO = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "balles": "EUR", "$": "USD", "usd": "USD",
        "dollar": "USD", "dollars": "USD", "bucks": "USD", "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP",
        "quid": "GBP", "livres sterling": "GBP", "chf": "CHF", "franc": "CHF", "francs": "CHF", "franc suisse": "CHF",
        "francs suisses": "CHF", "cad": "CAD", "c$": "CAD", "ca$": "CAD", "$ca": "CAD", "$can": "CAD",
        "canadian dollar": "CAD", "canadian dollars": "CAD", "aud": "AUD", "a$": "AUD", "us$": "USD", "$us": "USD",
        "us dollars": "USD"}
_DURATION = re.compile(r"^\s*(?P<u>mois|months?|jours?|days?|ans?\b|ann[ée]es?|years?|semaines?|weeks?"
                       r"|h\b|heures?|hours?)", re.IGNORECASE)
_PER_PERIOD = re.compile(r"^\s*(?:a|an|per|par|/|each|every|chaque)\s*"
                         r"(?:year|yr|month|week|day|quarter|an|ann[ée]e|mois|semaine|jour|trimestre)\b", re.IGNORECASE)
_PERCENT_WORDS = re.compile(r"\b(?:pour\s?cent|pourcents?|per\s?cent|percent)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Num:
    """One number found in the text, with what its notation says about it."""

    value: float
    unit: str | None  # "currency", "%", "ratio", "months", "days", "years", "hours", "weeks" or None
    currency: str | None
    start: int
    end: int
    text: str
    implicit: bool = False  # 'aucun client', 'no customers': a zero said in words, counts only next to its noun

    @property
    def is_integer(self) -> bool:
        """True for a whole count (15, 1 200), false for 2.5 or 80,50."""
        return float(self.value).is_integer()


def _locale_for(raw: str) -> tuple[str, str]:
    """The digits with one kind of grouping, and a babel locale whose symbols are exactly those."""
    compact = re.sub(_SPACE, "", raw)
    if compact != raw:  # space-grouped: French style, decimal comma or point
        return (compact, "en_US") if "." in compact else (raw.replace(" ", "\u202f").replace("\u00a0", "\u202f"),
                                                          "fr_FR")
    if "," in raw and "." in raw:
        return raw, ("de_DE" if raw.rfind(",") > raw.rfind(".") else "en_US")
    if "," in raw:
        head, _, tail = raw.partition(",")
        thousands = re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw) and head != "0"
        return (raw, "en_US") if thousands else (raw, "fr_FR")
    if "." in raw:
        thousands = re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", raw) or (
            re.fullmatch(r"\d{1,3}\.\d{3}", raw) and not raw.startswith("0"))
        return (raw, "de_DE") if thousands else (raw, "en_US")
    return raw, "en_US"


def parse_number(raw: str) -> float:
    """'1 200,50' -> 1200.5, '1,200.50' -> 1200.5, '1.200' -> 1200, '2,1' -> 2.1 (babel does the reading)."""
    digits, locale = _locale_for(raw)
    try:
        return float(parse_decimal(digits, locale=locale, strict=False))
    except NumberFormatError:
        return float(Decimal(re.sub(r"[^\d.]", "", digits.replace(",", "."))))


def _currency(span: str, written: str = "") -> str | None:
    """The ISO code of the currency written with a number: the words we know first ('dollars', 'CHF', 'C$'),
    then price-parser's reading of the whole span."""
    word = re.sub(f"{_SPACE}+", " ", written.strip().lower())
    for key in (word, word.replace(" ", "")):
        if key in _ISO:
            return _ISO[key]
    found = Price.fromstring(span).currency
    if found is None:
        return None
    return _ISO.get(found.strip().lower().rstrip("."), _ISO.get(found.strip()[-1:]))


def _unit(m: re.Match, text: str) -> tuple[str | None, str | None]:
    pre, post = (m.group("pre") or ""), (m.group("post") or "").strip().lower()
    if m.group("ratio") and _PER_PERIOD.match(text[m.end():]):
        return None, None  # '3x a year', '4x par mois': how often, a count per period, not a ratio
    if m.group("ratio") or m.group("times"):
        return "ratio", None
    if post == "%":
        return "%", None
    if pre or (post and post not in ("pt", "pts")):
        return "currency", _currency(m.group(0), pre.strip() + post) or "EUR"
    if post in ("pt", "pts"):
        return "points", None
    d = _DURATION.match(text[m.end():])
    if d:
        u = d.group("u").lower()
        for key, unit in (("mois", "months"), ("month", "months"), ("j", "days"), ("day", "days"),
                          ("an", "years"), ("year", "years"), ("sem", "weeks"), ("week", "weeks"), ("h", "hours")):
            if u.startswith(key):
                return unit, None
    return None, None


_COST_NOTHING = re.compile(r"\b(cost|costs|costed)\s+(?:us\s+|me\s+)?nothing\b|\bn'a\s+rien\s+(co[uû]t[ée])",
                           re.IGNORECASE)


_SCALE_WORDS = ((re.compile(r"(\d)\s*(?:billions?|milliards?)\b", re.IGNORECASE), "bn"),
                (re.compile(r"(\d)\s*millions?\b", re.IGNORECASE), "M"),
                (re.compile(r"(\d)\s*(?:thousand|mille)\b", re.IGNORECASE), "k"))


def words_to_digits(text: str, lang: str) -> str:
    """'quinze clients' -> '15 clients', 'vingt pour cent' -> '20 %', 'cost nothing' -> 'cost 0 €' (alpha2digit)."""
    text = _PERCENT_WORDS.sub("%", text)
    text = _TWICE.sub(lambda m: {"deux fois": "2 fois", "une fois": "1 fois", "once": "1 time"}.get(
        m.group(0).lower(), "2 times"), text)
    text = _COST_NOTHING.sub(lambda m: f"{m.group(1)} 0 €" if m.group(1) else f"a {m.group(2)} 0 €", text)
    # '1 billion', '2 millions': alpha2digit would turn the scale word alone into digits ('1 1000000000' then reads
    # as 1 100), so digits followed by a scale word become the short forms the number pattern reads
    for rx, short in _SCALE_WORDS:
        text = rx.sub(lambda m, short=short: m.group(1) + short, text)
    # 'per thousand impressions', 'le moins cher aux mille': a unit of the CPM, not a figure
    text = _PER_THOUSAND.sub(lambda m: m.group(1) + m.group(2) + _KEEP, text)
    text = _SEPT_MONTH.sub(lambda m: m.group(1) + m.group(2) + _KEEP, text)  # 'au 1er sept': September, not 7
    text = _ONE_IN_N.sub(_as_percent, text)  # before alpha2digit, which reads 'quatre, un projet' as a list
    # alpha2digit leaves numbers under 3 in words (so 'un' stays an article): 'deux commandes par an' is 2 orders
    text = _TWO_OF.sub(lambda m: "2 " + m.group(2), text)
    text = _N_TO_ONE.sub(lambda m: f"{_small(m.group(1) or m.group(2))}:1", text)  # 'a three-to-one ratio' is 3:1
    try:
        text = alpha2digit(text, lang)
    except Exception:  # noqa: BLE001 - an odd phrase must never stop number reading; digits still work
        pass
    return text.replace(_KEEP, "")


# 'on en signe une sur quatre', 'we close one in four': a rate said as a fraction of small numbers, with no noun after
_SMALL = {"un": 1, "une": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4, "cinq": 5,
          "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10}
_SMALL_NUM = r"\d{1,2}|" + "|".join(_SMALL)
_ONE_IN_N = re.compile(rf"\b({_SMALL_NUM})\s+(?:sur|in|out of)\s+({_SMALL_NUM})\b"
                       r"(?=\s*(?:[,.;:!?)]|$|et\b|and\b|mais\b|but\b|en g[ée]n[ée]ral\b|in general\b|usually\b"
                       r"|d'habitude\b|en moyenne\b|on average\b|typically\b|roughly\b|environ\b))", re.IGNORECASE)
_TWO_OF = re.compile(r"\b(deux|two)\s+(commandes?|achats?|visites?|séances?|seances?|sessions?|rendez-vous|ventes?"
                     r"|orders?|purchases?|visits?|bookings?|réservations?|reservations?|factures?|invoices?"
                     r"|projets?|projects?|contrats?|contracts?|renouvellements?|renewals?)\b", re.IGNORECASE)
# 'three-to-one', 'trois pour un', '3-to-1' (digits with spaces, 'from 3 to 1', may be a range)
_N_TO_ONE = re.compile(r"\b(?:(two|three|four|five|six|deux|trois|quatre|cinq)[- ](?:to|pour|contre)[- ](?:one|un)"
                       r"|(\d{1,2}(?:[.,]\d)?)-(?:to|pour|contre)-1)\b", re.IGNORECASE)
_SEPT_MONTH = re.compile(r"(\b\d{1,2}(?:er|e|eme|ème)?\s+)(sept)\b(?!\s*[%€$£])", re.IGNORECASE)


def _small(word: str) -> str:
    names = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5}
    return str(names.get(word.lower(), word))


def _as_percent(m: re.Match) -> str:
    part, whole = (int(g) if g.isdigit() else _SMALL[g.lower()] for g in m.groups())
    if not 0 < part < whole:
        return m.group(0)
    return f"{round(part / whole * 100, 4):g} %"


# 'billed twice a year', 'renouvelé une fois par an': how often, a figure
_TWICE = re.compile(r"\btwice\b|\bdeux fois\b(?= (?:par|l'|dans))|\bonce\b(?= (?:a|an|per|every|each)\b)"
                    r"|\bune fois\b(?= (?:par|l'|dans|chaque|tous)\b)", re.IGNORECASE)
_KEEP = "zqxkeep"  # glued to a word, it is no longer a number word; removed right after
_PER_THOUSAND = re.compile(r"\b((?:per|a|every|par|pour|aux|au)\s+)(thousand|mille)\b", re.IGNORECASE)


_MONTH = (r"(?:janv(?:ier)?|fevr(?:ier)?|f[ée]vr(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|sept(?:embre)?"
          r"|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?|january|february|march|april|may|june|july|august"
          r"|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\.?")
# Dates are not figures: '1er janvier', 'January 1st', 'mars 2024', 'Q3 2024', '15/03/2024', 'in 2024'.
_DATES = re.compile(
    rf"\b\d{{1,2}}(?:er|st|nd|rd|th|e|eme|ème)?\s+{_MONTH}(?:\s+\d{{4}})?\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b(?!\s*(?:[%€$£]|k\b)|[ \u00a0\u202f]\d{{3}}\b|[.,]\d)"
    rf"|\b{_MONTH}\s+\d{{4}}\b"
    r"|\b(?:q|t|s|h)[1-4]\s*[-/]?\s*\d{4}\b|\b\d{4}\s*[-/]?\s*(?:q|t|s|h)[1-4]\b"
    r"|\b\d{1,2}(?:er|re|e|eme|ème|st|nd|rd|th)\s+(?:trimestre|semestre|quarter|mois|month|semaine|week|année|year)\b"
    r"|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"
    r"|\b(?:19|20)\d{2}\s*[-/]\s*(?:19|20)?\d{2}\b",
    re.IGNORECASE)
_YEAR_AFTER = re.compile(r"^\s*(?:[,;:.)]|$|-|to\b|a\b|et\b|and\b|we\b|on\b|nous\b|j'|i\b|(?:customer\s+)?cohorts?\b"
                         r"|cohortes?\b)", re.IGNORECASE)
_YEAR_BEFORE_WORDS = re.compile(r"(?:\ben|\bin|since|depuis|annee|year|fin|end of|debut|started|start|began|ended"
                                r"|exercice|fiscal|bilan|rapport|report|cohorte|cohort|saison|season|until|jusqu'en|avant|before|after|apres|durant|during)\s*$",
                                re.IGNORECASE)
# A zero said in words: 'aucun client', 'zéro vente', 'no customers', 'pas de leads', 'not a single sale'.
_ZERO = re.compile(r"\b(?:aucun|aucune|zero|zéro|pas de|pas d'|pas un seul|pas une seule|not a single|no|nul|nulle"
                   r"|none of the|0 nouveaux?)\s+(?=[a-zà-ÿ])"
                   r"(?!(?:more|less|fewer|higher|lower|later|longer|earlier|greater|bigger|over|under|above|below"
                   r"|plus|moins)\b)", re.IGNORECASE)  # 'no more than 25 €' is a bound, not a zero


def _date_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _DATES.finditer(text)]


# An ordinal is a rank, not a quantity: 'une 2e fois', 'their 3rd order', 'le 1er achat', 'a 2nd visit'. A bare 'e'
# only after a determiner ('une 2e fois', 'au 3e trimestre'): '300e sur bing' is euros typed in a hurry.
_ORDINAL = re.compile(r"(?:er|re|ère|ere|eme|ème|nd|rd|th|st)\s+[a-zà-ÿ]", re.IGNORECASE)
_BARE_E = re.compile(r"e\s+[a-zà-ÿ]", re.IGNORECASE)
_DETERMINER = re.compile(r"\b(?:la|le|une|un|sa|son|leur|notre|votre|ma|mon|au|du|chaque|the|a|their|our|my|his|her)"
                         r"\s*$", re.IGNORECASE)


def _is_year(value: float, raw: str, unit: str | None, text: str, m: re.Match) -> bool:
    """'in 2024', 'Started 2024 with...', '2024 :' — a year, not a count ('2024 visitors' stays a count)."""
    if unit is not None or not re.fullmatch(r"(?:19|20)\d{2}", raw):
        return False
    return bool(_YEAR_BEFORE_WORDS.search(text[:m.start()]) or _YEAR_AFTER.match(text[m.end():]))


def extract_numbers(text: str, lang: str = "en") -> tuple[tuple[Num, ...], str]:
    """Every number in `text` (number words converted first), and the converted text the spans refer to.

    Dates are left out; a zero said in words ('aucun client') is a number marked `implicit`.
    """
    converted = words_to_digits(text, lang)
    dates = _date_spans(converted)
    found: list[Num] = []
    for m in _ZERO.finditer(converted):
        found.append(Num(value=0.0, unit=None, currency=None, start=m.start(), end=m.end() - 1,
                         text=m.group(0).strip(), implicit=True))
    for m in _NUMBER.finditer(converted):
        if any(s <= m.start("num") < e for s, e in dates):
            continue
        raw = m.group("num")
        value = parse_number(raw)
        scale = (m.group("scale") or "").strip().lower()
        post = (m.group("post") or "").strip().lower()
        if not scale and post in ("k€", "m€", "k$", "m$"):
            scale = post[0]
        if scale:
            value *= _SCALES.get(scale, 1)
        if m.group("sign"):
            value = -value
        unit, currency = _unit(m, converted)
        if unit is None and not scale and "." not in raw and "," not in raw and m.end() == m.end("num") \
                and (_ORDINAL.match(converted, m.end()) or (_BARE_E.match(converted, m.end())
                                                             and _DETERMINER.search(converted[:m.start()]))):
            continue  # 'au moins une 2e fois', 'their 3rd order': a rank, not a figure
        if _is_year(value, raw, unit, converted, m):
            continue  # "en 2024", "in 2025", "Started 2024 with": a date, not a figure
        found.append(Num(value=round(value, 10), unit=unit, currency=currency, start=m.start(), end=m.end(),
                         text=m.group(0).strip()))
    found.sort(key=lambda n: n.start)
    return tuple(_shared_units(_same_dollar(found), converted)), converted


def _same_dollar(found: list[Num]) -> list[Num]:
    """'6 000 $ CA de budget … 75 $ par élève': a bare '$' in a message that names one other dollar is that one."""
    others = {n.currency for n in found if n.currency in ("CAD", "AUD")}
    if len(others) != 1:
        return found
    other = others.pop()
    return [replace(n, currency=other) if n.currency == "USD" and not re.search(
        r"us|dollar|bucks", n.text, re.IGNORECASE) else n for n in found]


_JOINED = re.compile(r"^\s*,?\s*(?:and|et|or|ou|to|à|-|–)\s*$", re.IGNORECASE)
_COMMA = re.compile(r"^\s*,\s*$")
_SHARED = ("years", "months", "days", "weeks", "hours", "%")


def _shared_units(found: list[Num], text: str) -> list[Num]:
    """'2 and 3 years', '2, 3 ou 4 ans', '5-10 %': the numbers of an enumeration share its last unit."""
    out = list(found)
    chained = False  # a comma joins only inside an enumeration already closed by 'and' ('2, 3 and 4 years')
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        between = text[a.end:b.start]
        if a.unit is None and not a.implicit and b.unit in _SHARED and (
                _JOINED.match(between) or (chained and _COMMA.match(between))):
            out[i] = Num(value=a.value, unit=b.unit, currency=None, start=a.start, end=a.end, text=a.text)
            chained = True
        else:
            chained = False
    return out
