"""The LLM agent's words: system prompts (one per language), the user's language, and bilingual notices."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from knowledge.language import detect_language as _detect
from tools.base import Text

Lang = Literal["fr", "en"]
PROMPTS_DIR = Path(__file__).parent / "prompts"

def detect_language(text: str, default: Lang = "en") -> Lang:
    """'fr' or 'en' for a user's message: the product's one detector (knowledge.language)."""
    return _detect(text, default)  # type: ignore[return-value]


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
    "no_tool_result": Text(
        en="Answered offline because the LLM gave a result without running a calculator, even when asked to.",
        fr="Réponse hors ligne : le LLM a donné un résultat sans passer par un calculateur, même après relance."),
    "deadline": Text(en="Answered offline because the LLM did not finish within {deadline} s.",
                     fr="Réponse hors ligne : le LLM n'a pas conclu en {deadline} s."),
    "unverified_verdicts": Text(
        en="Check these judgements: no calculator or health rule gave them in this answer: {sentences}.",
        fr="Vérifiez ces jugements : aucun calculateur ni aucune règle de santé ne les a donnés ici : {sentences}."),
    "unretrieved_citations": Text(
        en="These cited entries were not looked up in this answer and are not sources: {ids}.",
        fr="Ces fiches citées n'ont pas été consultées pour cette réponse et ne sont pas des sources : {ids}."),
    "impossible_actions": Text(
        en="The assistant cannot do this; it only calculates, searches its knowledge base and reads your uploaded "
           "data, and nothing was changed: {phrases}.",
        fr="L'assistant ne peut pas faire cela ; il calcule, cherche dans sa base de connaissances et lit vos "
           "données importées, et rien n'a été modifié : {phrases}."),
    "unverified_inputs": Text(
        en="Check these inputs: the calculation used figures you did not give: {inputs}.",
        fr="Vérifiez ces entrées : le calcul a utilisé des chiffres que vous n'avez pas donnés : {inputs}."),
    "unverified_numbers": Text(
        en="Check these figures: they come from no tool result, no figure you gave and no cited entry: {numbers}.",
        fr="Vérifiez ces chiffres : ils ne viennent ni d'un outil, ni de vos données, ni d'une fiche citée : "
           "{numbers}."),
}


def notice(key: str, lang: Lang, **values: object) -> str:
    """One notice in `lang`, with its placeholders filled."""
    return NOTICES[key].get(lang).format(**values)
