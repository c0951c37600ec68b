"""The one language detector of the product (French / English) and the text normalisation every matcher shares.

Used for questions (chat, CLI, API, data tab, LLM agent) and for user documents, so they never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Short, frequent words that exist in only one of the two languages. Marketing jargon (KPI, CAC, ROI, leads,
# funnel...) is shared by both, so it is deliberately absent: it says nothing about the user's language.
_FR = frozenset("""
le la les un une des du de d l au aux et ou est sont suis es ai as avons avez ont mon ma mes ton ta tes notre nos
votre vos je tu il elle nous vous ils elles ce cet cette ces qui que quoi quel quelle quels quelles comment
combien pourquoi pour par avec sans sur dans mais donc si ne pas plus moins tres trop bien bon bonne mauvais
c j qu n s m t y en fait faire faut peux peut veux voudrais merci bonjour salut chiffre affaires
taux cout couts depense depenses visiteurs achats ventes quels mois annee semaine entreprise
est-ce sain correct calcule calculer explique expliquer aide moi toi lequel laquelle choisir suivre j'ai c'est
""".split())
_EN = frozenset("""
the an of and or is are am was were be been my your our their his her its i you we they he she it this that
these those what which who how why when where much many for with without in at to from but so if not no more
less very too good bad healthy well do does did can could would should will please thanks thank hello hi hey
customers customer visitors sales revenue spend spent month year week business calculate compute explain help
choose track which is it's i'm i've what's got get have has
""".split())
_FR_HINT = re.compile(r"[àâçéèêëîïôûùœ]|\b(?:qu'|j'|c'|l'|d'|n'|est-ce)", re.IGNORECASE)
_WORD = re.compile(r"[a-zà-ÿœ'-]+", re.IGNORECASE)


def strip_accents(text: str) -> str:
    """'Dépensé' -> 'Depense': accents are dropped so users who type without them still match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe")


@lru_cache(maxsize=1024)
def normalize(text: str) -> str:
    """Lower case, no accents, typographic apostrophes and dashes unified, spaces collapsed."""
    t = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = strip_accents(t).lower()
    return re.sub(r"\s+", " ", t).strip()


def detect_language(text: str, default: str = "en") -> str:
    """'fr' or 'en': stop-word votes plus French accents and elisions; `default` (the session's) on a tie."""
    lowered = text.lower().replace("\u2019", "'")
    words = [strip_accents(w).strip("'-") for w in _WORD.findall(lowered)]
    fr = sum(1 for w in words if w in _FR or w.split("'")[0] + "'" in ("qu'", "j'", "c'", "l'", "d'", "n'"))
    en = sum(1 for w in words if w in _EN)
    fr += 2 * len(_FR_HINT.findall(lowered))
    if fr > en:
        return "fr"
    if en > fr:
        return "en"
    return default if default in ("fr", "en") else "en"
