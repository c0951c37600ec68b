"""The LLM agent's words: system prompts (one per language), the user's language, and bilingual notices."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

from tools.base import Text

Lang = Literal["fr", "en"]
PROMPTS_DIR = Path(__file__).parent / "prompts"

# Frequent French function words and marketing words; English ones as counterweight. A question is a few words
# long, so a library trained on long texts is no better here, and this keeps the agent free of a model download.
_FR_WORDS = frozenset(
    "le la les un une des du de est et mon ma mes notre nos votre vos je j nous vous il elle ce cet cette quel "
    "quelle quels quelles combien pourquoi comment est-ce que qu sur avec pour dans par pas ne sont ai avons "
    "coût client clients dépenses chiffre affaires taux fidélisation bonjour merci mois année été sais bon "
    "bonne mauvais sain calculer calcule quoi au aux ou où".split()
)
_EN_WORDS = frozenset(
    "the a an is are and my our your i we you it this that what which how why much many of for with in on by "
    "not do does did cost customer customers spend spent revenue rate hello thanks month year healthy good bad "
    "calculate compute to".split()
)
_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüœ'-]+")


def detect_language(text: str, default: Lang = "en") -> Lang:
    """'fr' or 'en' for a user's message, by counting common words; accents tip a tie to French."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    tokens = [part for w in words for part in w.split("'") if part]
    fr = sum(t in _FR_WORDS for t in tokens)
    en = sum(t in _EN_WORDS for t in tokens)
    if fr == en:
        return "fr" if re.search(r"[àâçéèêëîïôùûœ]", text.lower()) else default
    return "fr" if fr > en else "en"


@cache
def system_prompt(lang: Lang) -> str:
    """The system prompt in the user's language (the rules are the same in both)."""
    return (PROMPTS_DIR / f"system_{lang}.md").read_text(encoding="utf-8").strip()


# Why a turn was answered offline, and what the number check found. Keys are stable; the router picks one.
NOTICES: dict[str, Text] = {
    "timeout": Text(en="Answered offline because the LLM timed out.",
                    fr="Réponse hors ligne : le LLM n'a pas répondu à temps."),
    "rate_limit": Text(en="Answered offline because the LLM server is rate-limiting requests (HTTP 429).",
                       fr="Réponse hors ligne : le serveur du LLM limite les requêtes (HTTP 429)."),
    "server_error": Text(en="Answered offline because the LLM server failed (HTTP {status}).",
                         fr="Réponse hors ligne : le serveur du LLM est en erreur (HTTP {status})."),
    "auth": Text(en="Answered offline because the LLM server refused the API key (HTTP {status}).",
                 fr="Réponse hors ligne : le serveur du LLM a refusé la clé d'API (HTTP {status})."),
    "rejected": Text(en="Answered offline because the LLM server rejected the request (HTTP {status}).",
                     fr="Réponse hors ligne : le serveur du LLM a rejeté la requête (HTTP {status})."),
    "connection": Text(en="Answered offline because the LLM server could not be reached.",
                       fr="Réponse hors ligne : le serveur du LLM est injoignable."),
    "malformed": Text(en="Answered offline because the LLM returned a malformed answer.",
                      fr="Réponse hors ligne : le LLM a renvoyé une réponse mal formée."),
    "step_limit": Text(en="Answered offline because the LLM did not finish within {steps} steps.",
                       fr="Réponse hors ligne : le LLM n'a pas conclu en {steps} étapes."),
    "not_configured": Text(en="Answered offline because no LLM is configured (set OPENAI_API_KEY or "
                              "OPENAI_BASE_URL).",
                           fr="Réponse hors ligne : aucun LLM n'est configuré (définissez OPENAI_API_KEY ou "
                              "OPENAI_BASE_URL)."),
    "unexpected": Text(en="Answered offline because of an unexpected error in the LLM agent ({error}).",
                       fr="Réponse hors ligne : erreur inattendue dans l'agent LLM ({error})."),
    "offline_unavailable": Text(
        en="The offline engine could not answer either ({error}). Please try again or rephrase.",
        fr="Le moteur hors ligne n'a pas pu répondre non plus ({error}). Réessayez ou reformulez."),
    "unverified_numbers": Text(
        en="Check these figures: they come from no tool result, no figure you gave and no cited entry: {numbers}.",
        fr="Vérifiez ces chiffres : ils ne viennent ni d'un outil, ni de vos données, ni d'une fiche citée : "
           "{numbers}."),
}


def notice(key: str, lang: Lang, **values: object) -> str:
    """One notice in `lang`, with its placeholders filled."""
    return NOTICES[key].get(lang).format(**values)
