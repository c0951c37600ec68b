"""What an LLM answer may claim: numbers, verdicts and citations only from tools, and no action it cannot take.

`check_answer` returns what it found unsupported; the agent turns each kind into a notice beside the answer:
- a number no user figure, tool result or cited entry accounts for (`numbers_check`); when no calculation ran in
  the turn, a user's figure is no alibi for a number the answer presents as another KPI's value ("your CAC is
  75 €" when 75 € was the basket);
- a verdict ("healthy", "sain", "alerte"...) on a KPI or a figure when no tool gave one this turn, or one that
  contradicts the tool's level; a sentence citing an entry retrieved this turn may state that entry's benchmark;
- an entry id cited in brackets that was not retrieved in this turn;
- a claim to have acted ("I wrote the file", "j'ai supprimé vos plans"): the assistant only calculates, searches
  its knowledge base and reads the user's uploaded data;
- an input the model passed to a calculator that no user figure or tool result accounts for ("new_customers = 40"
  when the user gave no customer count): the result is right for figures the user never gave.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from assistant.numbers_check import find_numbers, known_values, unverified_numbers
from assistant.secrets import REDACTED

# A sentence ends at . ! ? followed by a space or the end ("4.9" and "2,5" stay inside), or at a line break.
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+(?:[.!?]+|$)", re.MULTILINE)
_CITATION = re.compile(r"\[([a-z0-9][a-z0-9_.\-]*[a-z0-9])\](?!\()", re.IGNORECASE)

# Verdict words by level; multi-word phrases first. Accents and case are folded before matching.
_VERDICTS: dict[str, tuple[str, ...]] = {
    "good": ("on track", "tres bien", "healthy", "good", "great", "excellent", "solid", "strong", "sain", "saine",
             "sains", "saines", "bon", "bonne", "bons", "bonnes", "satisfaisant", "satisfaisante", "solide",
             "performant", "performante", "rentable", "profitable"),
    "watch": ("to watch", "keep an eye", "room for improvement", "could be better", "a surveiller",
              "peut mieux faire", "borderline", "acceptable", "mediocre", "perfectible", "watch"),
    "alert": ("too high", "too low", "red flag", "trop eleve", "trop elevee", "trop bas", "trop basse",
              "pas rentable", "unhealthy", "bad", "poor", "weak", "worrying", "concerning", "alarming", "critical",
              "alert", "unprofitable", "dangerous", "problematic", "alerte", "mauvais", "mauvaise", "faible",
              "inquietant", "inquietante", "preoccupant", "preoccupante", "critique", "alarmant", "alarmante",
              "insuffisant", "insuffisante", "problematique", "dangereux", "malsain"),
}
_SECOND_PERSON = frozenset({"you", "your", "yours", "vous", "votre", "vos", "tu", "ton", "ta", "tes", "mon", "ma",
                            "mes", "my", "our", "notre", "nos"})
# 'plus' negates ('n'est plus rentable'), except in a superlative or a comparison ('la plus faible', 'plus de 3')
_NEGATION = re.compile(r"\b(not|isn't|isnt|aren't|no longer|n'est pas|ne sont pas|pas|jamais|never"
                       r"|(?<!la )(?<!le )(?<!les )(?<!des )plus(?!\s+(?:de|que|d')\b))\b")
_FLIP = {"good": "alert", "alert": "good", "watch": "watch"}
# Words that make a sentence about a KPI (with the registry's acronyms and titles, see `_kpi_terms`).
_KPI_WORDS = ("rate", "ratio", "cost", "value", "return", "taux", "cout", "valeur", "retour", "delai", "payback",
              "churn", "attrition", "retention", "roi", "roas", "cac", "clv", "ltv", "cpl", "cpc", "cpm", "ctr",
              "aov", "arpu", "velocity", "velocite", "panier", "basket", "marge", "margin", "engagement")

_ACTION_VERBS_EN = (r"wrote|written|saved|deleted|removed|erased|wiped|sent|emailed|mailed|exported|uploaded|"
                    r"downloaded|installed|booked|scheduled|published|posted|launched|paused|stopped|cancell?ed|"
                    r"purchased|bought|ordered|transferred|paid|submitted|shared|stored|renamed|moved|"
                    r"overwritten|overwrote|modified|edited|created|contacted|notified|dropped|reset")
_ACTION_VERBS_FR = (r"écrit|ecrit|enregistré|enregistre|sauvegardé|sauvegarde|supprimé|supprime|effacé|efface|"
                    r"envoyé|envoye|exporté|exporte|téléchargé|telecharge|téléversé|installé|réservé|reserve|"
                    r"programmé|programme|publié|publie|posté|lancé|lance|arrêté|annulé|annule|acheté|achete|"
                    r"commandé|transféré|payé|paye|soumis|partagé|partage|stocké|renommé|déplacé|modifié|modifie|"
                    r"créé|cree|contacté|prévenu|vidé|réinitialisé")
_ACTION_INF_EN = (r"write|save|delete|remove|erase|send|email|export|upload|download|install|book|schedule|"
                  r"publish|post|launch|pause|stop|cancel|purchase|buy|order|transfer|pay|submit|share|store|rename|"
                  r"move|modify|edit|create|contact|notify")
_ACTION_INF_FR = (r"écrire|enregistrer|sauvegarder|supprimer|effacer|envoyer|exporter|télécharger|installer|réserver|"
                  r"programmer|publier|poster|lancer|arrêter|annuler|acheter|commander|transférer|payer|soumettre|"
                  r"partager|stocker|renommer|déplacer|modifier|créer|contacter|prévenir")
# Things outside the conversation an action would change.
_OBJECTS = (r"files?|fichiers?|plans?|e-?mails?|mails?|messages?|reports?|rapports?|documents?|spreadsheets?|"
            r"tableurs?|sheets?|database|base de données|accounts?|comptes?|campaigns?|campagnes?|budgets?|ads?|pubs?|"
            r"data|données|crm|folders?|dossiers?|disks?|disques?|servers?|serveurs?|orders?|commandes?|invoices?|"
            r"factures?|calendars?|agendas?|meetings?|rendez-vous|websites?|sites?|settings|paramètres|exports?|"
            r"uploads?|history|historique|records?|entries|entrées|contacts?|leads?|customers list|liste")
_ACTION_CLAIMS = [
    re.compile(rf"\b(?:i|we)(?:'ve| have| just| already|'ll| will)*\s+(?:{_ACTION_VERBS_EN}|{_ACTION_INF_EN})\b"
               rf"(?:\W+\w+){{0,5}}?\W+(?:{_OBJECTS})\b", re.IGNORECASE),
    re.compile(rf"\b(?:j'ai|j’ai|nous avons|on a)\s+(?:déjà\s+|bien\s+)?(?:{_ACTION_VERBS_FR})e?s?\b"
               rf"(?:\W+\w+){{0,5}}?\W+(?:{_OBJECTS})\b", re.IGNORECASE),
    re.compile(rf"\b(?:je|nous)\s+(?:vais|viens de|venons de|allons)\s+(?:{_ACTION_INF_FR})\b"
               rf"(?:\W+\w+){{0,5}}?\W+(?:{_OBJECTS})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_OBJECTS})\b(?:\W+\w+){{0,3}}?\W+(?:has|have) been\s+(?:{_ACTION_VERBS_EN})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_OBJECTS})\b(?:\W+\w+){{0,3}}?\W+(?:a|ont) été\s+(?:{_ACTION_VERBS_FR})e?s?\b", re.IGNORECASE),
]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


@cache
def _kpi_terms() -> frozenset[str]:
    """Words naming a KPI: generic ones, plus every registry acronym ('CAC', 'ROAS'...)."""
    from tools.registry import all_tools

    terms = set(_KPI_WORDS)
    for spec in all_tools():
        for title in (spec.title_en, spec.title_fr):
            terms.update(_fold(a) for a in re.findall(r"\b[A-Z]{2,5}\b", title))
    return frozenset(terms)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _fold(text))


@dataclass
class Findings:
    """What an answer claims without support. Empty lists: nothing to flag."""

    numbers: list[str] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.numbers or self.verdicts or self.citations or self.actions or self.inputs)


def tool_verdicts(results: Iterable[dict[str, Any]]) -> set[str]:
    """The verdict levels the tools gave (a calculator's own verdict, kpi_health's, a what-if's new one, a funnel's
    weakest step)."""
    levels = set()
    for result in results:
        verdict = result.get("verdict") if isinstance(result, dict) else None
        if isinstance(verdict, dict) and verdict.get("level"):
            levels.add(verdict["level"])
        details = result.get("details") if isinstance(result, dict) else None
        if isinstance(details, dict) and isinstance(details.get("new_verdict"), str):
            levels.add(details["new_verdict"])
        if isinstance(details, dict) and details.get("weakest_step"):
            levels.add("alert")  # a funnel's weakest step, named by the calculator ('the weakest step: …')
    return levels


def _verdict_level(folded: str) -> str | None:
    for level, words in _VERDICTS.items():
        for word in words:
            match = re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", folded)
            if match:
                negated = _NEGATION.search(folded[max(0, match.start() - 25): match.start()])
                return _FLIP[level] if negated else level
    return None


def states_verdict(answer: str, level: str) -> bool:
    """Whether a sentence of the answer gives this verdict level ('2,8 % est bon', 'your CAC is too high')."""
    return any(_verdict_level(_fold(m.group(0))) == level for m in _SENTENCE.finditer(answer))


def _quotes(sentence: str, texts: Sequence[str]) -> bool:
    """Whether the sentence is mostly words of `texts` (it quotes cited entries, their titles or sources)."""
    words = [w for w in _words(sentence) if len(w) >= 3]
    if len(words) < 3:
        return False
    vocabulary = {w for t in texts for w in _words(t)}
    return sum(w in vocabulary for w in words) >= 0.7 * len(words)


def unsupported_verdicts(answer: str, levels: set[str], cited: Sequence[str] = (),
                         cited_texts: Sequence[str] = (), figures_given: bool = True) -> list[str]:
    """Sentences judging the user's KPI or a figure without a tool verdict of that level (quoted, shortened).

    A judging sentence is one with a verdict word and a figure, or words to the user ("your CAC is healthy"), or a
    KPI name when the user gave figures this turn ("CAC est sain"); "CTR is a good indicator" in a definition is
    not one. A sentence citing an entry retrieved this turn (`[id]`), or quoting one, may state its judgement.
    """
    flagged = []
    terms = _kpi_terms()
    for match in _SENTENCE.finditer(answer):
        sentence = match.group(0).strip()
        folded = _fold(sentence)
        level = _verdict_level(folded)
        if level is None:
            continue
        words = set(_words(sentence))
        judges = (any(not m.trivial for m in find_numbers(sentence)) or bool(words & _SECOND_PERSON)
                  or (figures_given and bool(words & terms)))
        if not judges or level in levels:
            continue
        if any(f"[{c}]" in sentence for c in cited) or _quotes(sentence, cited_texts):
            continue
        flagged.append(sentence if len(sentence) <= 90 else sentence[:87] + "…")
    return flagged


def uncited_ids(answer: str, retrieved: Iterable[str]) -> list[str]:
    """Ids cited in brackets that were not retrieved this turn, once each."""
    known = set(retrieved)
    out: list[str] = []
    for match in _CITATION.finditer(answer):
        cited = match.group(1)
        if cited in known or cited.isdigit() or f"[{cited}]" == REDACTED or cited in out:
            continue
        out.append(cited)
    return out


def action_claims(answer: str) -> list[str]:
    """Phrases where the answer says it did (or will do) something outside the conversation."""
    found = []
    for pattern in _ACTION_CLAIMS:
        for match in pattern.finditer(answer):
            phrase = match.group(0).strip()
            if phrase not in found:
                found.append(phrase)
    return found


def _context_terms(text: str, start: int, end: int) -> set[str]:
    """KPI words around a number in its clause: up to four words before it, two after."""
    before = re.split(r"[,;:()\n]|\.\s", text[:start])[-1]
    after = re.split(r"[,;:()\n]|\.\s", text[end:])[0]
    words = _words(before)[-4:] + _words(after)[:3]
    return set(words) & _kpi_terms()


def relabelled_user_figures(answer: str, user_texts: Sequence[str]) -> list[str]:
    """Numbers the answer gives as a KPI's value that the user gave as something else ('CAC: 75 €' for a 75 € basket).

    Only meaningful when no calculation ran in the turn: a tool result would otherwise account for the value.
    """
    user_mentions = []
    for text in user_texts:
        for m in _iter_numbers(text):
            user_mentions.append((m, _context_terms(text, m[1], m[2])))
    flagged = []
    for mention, start, end in _iter_numbers(answer):
        if mention.trivial:
            continue
        around = _context_terms(answer, start, end)
        same = [terms for (um, _s, _e), terms in user_mentions
                if any(abs(r.value - u.value) <= r.tolerance for r in mention.readings for u in um.readings)]
        if same and around and not any(around <= terms for terms in same):
            flagged.append(mention.text)
    return flagged


def _iter_numbers(text: str) -> list[tuple[Any, int, int]]:
    """(mention, start, end) for every number of `text`, positions found by searching each mention in order."""
    out, pos = [], 0
    for mention in find_numbers(text):
        at = text.find(mention.text, pos)
        if at < 0:
            continue
        out.append((mention, at, at + len(mention.text)))
        pos = at + len(mention.text)
    return out


# What a what-if or a solve computes or aims at ('new_value' after a 20 % cut): not a figure the user must have given.
_DERIVED_ARGS = frozenset({"new_value", "target"})


def _numeric_args(tool: str, args: dict[str, Any], prefix: str = "") -> list[tuple[str, float]]:
    """(name, value) of every number passed to a tool, nested inputs included, defaults left out."""
    from tools.registry import get_tool

    try:
        fields = get_tool(tool).input_model.model_fields
    except Exception:  # not a registry tool (the knowledge search, the user's data): no figures to check
        return []
    out = []
    for name, value in args.items():
        if name in _DERIVED_ARGS or isinstance(value, bool):
            continue
        if isinstance(value, dict) and name == "inputs" and isinstance(args.get("tool"), str):
            out += _numeric_args(args["tool"], value, prefix=f"{args['tool']}.")
        elif isinstance(value, int | float) and value != 0 and (name not in fields or value != fields[name].default):
            out.append((prefix + name, float(value)))
    return out


def invented_inputs(calls: Sequence[tuple[str, dict[str, Any]]], user_texts: Sequence[str],
                    results: Sequence[dict[str, Any]]) -> list[str]:
    """'new_customers = 40' — inputs of the model's own calls that no user figure or tool result accounts for."""
    # a result's own inputs and formula echo the call's arguments: only what tools computed counts
    values = known_values(user_texts, [{"value": r.get("value"), "details": r.get("details")}
                                       if isinstance(r, dict) and "tool" in r else r for r in results])
    flagged = []
    for tool, args in calls:
        for name, value in _numeric_args(tool, args):
            if not any(abs(abs(value) - abs(v)) <= max(0.005, 1e-6 * abs(v)) for v in values):
                item = f"{name} = {value:g}"
                if item not in flagged:
                    flagged.append(item)
    return flagged


def check_answer(answer: str, *, user_texts: Sequence[str], tool_results: Sequence[dict[str, Any]],
                 earlier_results: Sequence[dict[str, Any]] = (), retrieved: dict[str, str] | None = None,
                 calculated: bool = True, figures_given: bool = True,
                 model_calls: Sequence[tuple[str, dict[str, Any]]] = ()) -> Findings:
    """Everything `answer` claims without support. `retrieved` maps this turn's entry ids to their text;
    `figures_given` says whether the user gave figures this turn; `model_calls` are the (tool, arguments) the model
    chose itself (the reader's calls are the user's figures)."""
    retrieved = retrieved or {}
    cited = [i for i in retrieved if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", answer)]
    numbers = unverified_numbers(answer, texts=[*user_texts, *(retrieved[i] for i in cited)],
                                 data=[*tool_results, *earlier_results])
    if not calculated:
        numbers += [n for n in relabelled_user_figures(answer, user_texts) if n not in numbers]
    return Findings(
        numbers=numbers,
        verdicts=unsupported_verdicts(answer, tool_verdicts(tool_results), cited, [retrieved[i] for i in cited],
                                      figures_given),
        citations=uncited_ids(answer, retrieved),
        actions=action_claims(answer),
        inputs=invented_inputs(model_calls, user_texts, [*tool_results, *earlier_results]),
    )
