"""Fix common misspellings of the words the engine keys on ("conversoin", "aquisition", "custmers")."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

# Only words the matchers depend on; a misspelt word elsewhere in the sentence does no harm and is left alone.
# Real words close to a key word are listed as themselves so they are not "corrected" ('rentabilise' is not
# 'rentable', a health cue).
VOCABULARY = sorted(set("""
conversion conversions acquisition acquisitions retention fidelisation fidelite customer customers client clients
visiteurs visitors visiteur visitor depense depenses depensé spent spend budget revenue revenus chiffre affaires
healthy sante rentable profitable indicateurs indicateur metrics metric lifetime valeur engagement impressions
clics clicks commandes orders panier basket abonnes subscribers prospects qualified qualifies pipeline velocity
velocite opportunities opportunites churn attrition payback marketing campaign campagne expliquer explique explain
calculate calculer calcule compute difference definition formula formule investment investissement choisir choose
recommend recommande suivre track measure mesurer average moyenne moyen margin marge purchase purchases achats
achete repeat reachat returning reviennent delivered delivres ouvertures opens leads conversion dashboard
tableau entonnoir funnel awareness notoriete objective objectif weather recette recipe bonjour hello
rentabilise rentabiliser rentabilisee rentabilite rentabilisation
""".split()))
_WORD = re.compile(r"[a-z][a-z-]{4,}")
_VOCAB_SET = frozenset(VOCABULARY)


@lru_cache(maxsize=4096)
def _fix(word: str) -> str:
    if word in _VOCAB_SET:
        return word
    best = process.extractOne(word, VOCABULARY, scorer=fuzz.ratio, score_cutoff=84)
    return best[0] if best else word


def correct_typos(norm: str) -> str:
    """The normalised text with words of 5+ letters close to a known key word replaced by it."""
    return _WORD.sub(lambda m: _fix(m.group(0)), norm)
