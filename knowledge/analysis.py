"""Text analysis for the lexical index: accent folding, FR/EN stopwords, Snowball stemming, FR<->EN KPI synonyms."""

from __future__ import annotations

import re
import threading
import unicodedata

import Stemmer

_WORD = re.compile(r"[a-z0-9]+")

# Short function words only: content words such as "client" or "taux" must stay searchable.
_STOP_FR = """au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me
meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos
votre vous est sont etre ete avoir ai as avons avez ont fait faire comme plus tres bien si tout tous toute toutes
quel quelle quels quelles quoi dont cela ca ceci celle celui ils elles ni car donc or alors aussi peut peux doit
dois sans sous chez entre vers ainsi""".split()
_STOP_EN = """a an the and or but if of to in on at by for with from as is are was were be been being it its this
that these those there here i you he she we they me my your our their them his her do does did doing have has had
having not no so than too very can could should would will shall may might must what which who whom whose how when
where why all any each both few more most other some such only own same just into about over under again further then
once up down out off am""".split()
STOPWORDS = frozenset(_STOP_FR + _STOP_EN)

# A small bilingual glossary of KPI vocabulary: a French question should find the English wording and back.
# Each group lists equivalent phrasings (folded, i.e. lower case without accents).
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("cac", "cout d acquisition client", "customer acquisition cost", "cout d acquisition", "acquisition cost"),
    ("clv", "ltv", "cltv", "valeur vie client", "customer lifetime value", "lifetime value", "valeur a vie"),
    ("roi", "retour sur investissement", "return on investment"),
    ("roas", "return on ad spend", "retour sur depenses publicitaires"),
    ("churn", "attrition", "desabonnement", "churn rate", "taux d attrition"),
    ("retention", "fidelisation", "fidelite", "loyalty", "taux de retention", "retention rate"),
    ("taux de conversion", "conversion rate"),
    ("lead", "prospect", "leads", "prospects"),
    ("mql", "marketing qualified lead", "lead qualifie marketing"),
    ("sql", "sales qualified lead", "lead qualifie commercial"),
    ("ctr", "click through rate", "taux de clic"),
    ("cpc", "cost per click", "cout par clic"),
    ("cpm", "cost per mille", "cout pour mille", "cout par mille"),
    ("cpl", "cost per lead", "cout par lead", "cout par prospect"),
    ("aov", "panier moyen", "average order value", "average basket"),
    ("vanity metric", "metrique de vanite", "indicateur de vanite", "vanity metrics"),
    ("dashboard", "tableau de bord"),
    ("funnel", "tunnel", "entonnoir"),
    ("payback", "delai de recuperation", "retour sur cac"),
    ("open rate", "taux d ouverture"),
    ("engagement rate", "taux d engagement"),
    ("sales cycle", "cycle de vente"),
    ("kpi", "kpis", "indicateur cle de performance", "key performance indicator", "indicateur cle", "indicateur",
     "indicateurs", "indicator", "indicators"),
    ("stage", "etape", "phase"),
    ("awareness", "notoriete"),
    ("benchmark", "reference", "seuil", "threshold"),
    ("pitfall", "piege", "erreur", "mistake"),
    ("case study", "etude de cas", "cas client"),
    ("action plan", "plan d action"),
    ("objective", "objectif", "goal"),
    ("customer", "client"),
)


def fold(text: str) -> str:
    """Lower case, accents removed ("Coût" -> "cout"); words are then split on anything not a letter or digit."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded words without stopwords (single letters dropped, numbers kept)."""
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


_local = threading.local()


def _stemmer(lang: str) -> Stemmer.Stemmer:
    # PyStemmer objects are not thread-safe, and the app searches from several threads: one pair per thread.
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {"fr": Stemmer.Stemmer("french"), "en": Stemmer.Stemmer("english")}
    return stemmers["fr" if lang == "fr" else "en"]


def stem(tokens: list[str], lang: str) -> list[str]:
    """Snowball stems of `tokens` in `lang` ('fr' or 'en')."""
    return _stemmer(lang).stemWords(tokens)


def detect_lang(text: str) -> str:
    """'fr' or 'en' for a user document: the product's one detector, on the document's opening."""
    from knowledge.language import detect_language

    return detect_language(text[:20000], "fr")


_FR_ONLY = frozenset(_STOP_FR) - frozenset(_STOP_EN)
_EN_ONLY = frozenset(_STOP_EN) - frozenset(_STOP_FR)


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(phrase)}\b")


_SYNONYM_PATTERNS = tuple((group, tuple(_phrase_pattern(p) for p in group)) for group in SYNONYM_GROUPS)


def raw_words(text: str) -> list[str]:
    """Every folded word, stopwords and single letters included (glossary phrases need them)."""
    return _WORD.findall(fold(text))


def expansions(folded: str) -> list[str]:
    """The other phrasings of every glossary term found in `folded` (a space-joined string of raw words)."""
    return [
        phrase
        for group, patterns in _SYNONYM_PATTERNS
        if any(p.search(folded) for p in patterns)
        for phrase in group
        if not _phrase_pattern(phrase).search(folded)
    ]


def acronyms_for_terms(folded: str) -> list[str]:
    """One-word equivalents (CLV, CAC, ROI) of the multi-word glossary terms spelled out in `folded`.

    A spelled-out term ("customer lifetime value") is precise, and the entries mostly use its acronym, so the
    acronym deserves the weight of the user's own words; a single common word ("client") does not.
    """
    return [
        phrase
        for group, patterns in _SYNONYM_PATTERNS
        if any(" " in term and p.search(folded) for term, p in zip(group, patterns, strict=True))
        for phrase in group
        if " " not in phrase and not _phrase_pattern(phrase).search(folded)
    ]


# Words a user puts in a question to ask for a kind of entry ("how do I calculate", "what is a good ...").
# They are added to each record's lexical tokens from its `kind`, in both languages.
KIND_WORDS: dict[str, str] = {
    "definition": "definition definir mean meaning signifie formula formule calculate calculer calcul compute",
    "formula": "formula formule calculate calculer calcul compute",
    "benchmark": "benchmark threshold seuil reference repere target cible good bon healthy sain",
    "pitfall": "pitfall mistake erreur piege trap wrong",
    "correction": "correction mistake erreur wrong faux",
    "case": "case study etude cas results resultats",
    "example": "example exemple",
    "tool": "tool outil software logiciel",
    "selection": "choose choisir select selection",
    "method": "method methode steps etapes",
}


# What kind of entry a question asks for, from its wording ("what is X" wants a definition). The words added
# are the KIND_WORDS of that kind, so the lexical index can favour entries of that kind.
_INTENTS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), kind) for pattern, kind in (
    (r"^(what is|what s|what are|what does|define|definition|meaning|qu est ce qu|c est quoi|que (veut dire|signifie)"
     r"|definir|definition)\b|\b(mean|means|signifie)\b", "definition"),
    (r"\b(how (do|to|can|should) (i |we |you )?(calculate|compute|measure)|calculer|calcule|formula|formule)\b",
     "formula"),
    (r"\b(benchmarks?|thresholds?|healthy|typical|normal|good|bon|bonne|sain|seuils?|reperes?|target|cible)\b"
     r"|^(?=.*\b(combien|how (much|high|low))\b)(?=.*\b(doit|devrait|should)\b)", "benchmark"),
    (r"\b(mistakes?|pitfalls?|wrong|errors?|erreurs?|pieges?|traps?)\b", "pitfall"),
))


def intent_words(folded: str) -> list[str]:
    """KIND_WORDS of every kind of entry the question's wording asks for."""
    return [word for pattern, kind in _INTENTS if pattern.search(folded) for word in KIND_WORDS[kind].split()]
