"""A question as tokens: folded words with their French and English stems, number placeholders and punctuation.

Everything the reader matches (KPI names, field words, intent cues) is matched on these tokens, so a declared
word written "dépensé" matches "depense", "dépenses" and "Dépensés": accents are folded and both Snowball
stemmers (PyStemmer, already used by the lexical index) reduce inflections. Function words ("de", "the", "l'")
are kept as tokens but skipped when a multi-word phrase is matched, so "coût d'acquisition" also matches
"coût de l'acquisition".
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace

import Stemmer

from knowledge.language import normalize

# Short function words of both languages: skipped inside phrases and when measuring distance to a number.
FUNCTION_WORDS = frozenset("""
a an the of to in on at by for from with and or is are was were be been it its this that my our your their
le la les l' un une des du de d' au aux en et ou est sont etait mon ma mes notre nos votre vos son sa ses leur
leurs ce cet cette ces j' qu' que qui c' n' s' m' t' y tout toute tous toutes all whole entire
se ont ai avons avez ete il ils elle elles on nous vous je tu we i they you he she has have had like
d l j qu n s c ne
""".split())  # the last line: elisions typed without their apostrophe ('taux d ouverture', 'j ai')
# Words that join two clauses: a figure's words stay on its side of them ('250 € et un client' is not 250 clients).
CONJUNCTIONS = frozenset("and et but mais puis then while whereas alors tandis plus if si when quand because car since "
                         "parce lorsque".split())
# 'e-commerce' is one word, 'npai/rebonds' two ('/' between words is 'or')
_TOKEN = re.compile(r"#\d+|[a-z]+'(?=[a-z])|[a-z0-9]+(?:-[a-z0-9]+)*|[€$£%]|->|→|[,;.:!?()/=+\-—–]")
# A conjunction that is the first word of a comparison when these words follow it: 'plus de 25 €' (more than).
_COMPARED = {"plus": frozenset({"de", "d'", "que", "qu'"})}
PUNCT = frozenset(",;.!?()—–-")  # a lone dash ("30 purchases - conversion?") ends a clause too
_local = threading.local()


def _stemmers() -> tuple[Stemmer.Stemmer, Stemmer.Stemmer]:
    # PyStemmer objects are not thread-safe: one pair per thread (Gradio answers from a thread pool).
    pair = getattr(_local, "stemmers", None)
    if pair is None:
        pair = _local.stemmers = (Stemmer.Stemmer("french"), Stemmer.Stemmer("english"))
    return pair


def stems(word: str) -> tuple[str, str]:
    """(French stem, English stem) of a folded word."""
    fr, en = _stemmers()
    return fr.stemWord(word), en.stemWord(word)


@dataclass(frozen=True)
class Token:
    """One token: its folded text, its stems, and the number it stands for (placeholders only)."""

    text: str
    stem_fr: str
    stem_en: str
    num: int | None = None
    comparative: bool = False  # 'plus' in 'pas plus de 25 €', 'plus que': a comparison, not 'A plus B'

    @property
    def is_function(self) -> bool:
        """A short function word ('de', 'the', "l'")."""
        return self.text in FUNCTION_WORDS

    @property
    def is_punct(self) -> bool:
        """Punctuation that ends a clause."""
        return self.text in PUNCT

    @property
    def ends_clause(self) -> bool:
        """Punctuation or a conjunction: the limit of a figure's words."""
        return self.text in PUNCT or (self.text in CONJUNCTIONS and not self.comparative)

    @property
    def is_content(self) -> bool:
        """A word that can name something (not a number, function word, symbol or punctuation)."""
        return self.num is None and not self.is_function and self.text[0].isalnum()

    def matches(self, word: Token, lang: str | None = None) -> bool:
        """True when this token is a form of `word`: same folded text, or the same stem in the word's language
        (either language when it has none)."""
        if self.text == word.text:
            return True
        if self.is_function:  # 'someone like me' names no likes: a function word only matches itself
            return False
        if len(word.text) <= 3 or len(self.text) <= 3:  # 'ca', 'h', 'pub': exact (or plural) only
            return self.text in (word.text + "s", word.text + "es") or word.text in (self.text + "s",)
        if self.text.endswith("ing") != word.text.endswith("ing") and lang != "fr":
            return False  # a gerund is not a noun of the same stem ('shopping' is not 'shops', 'branding' not 'brand')
        if any(_AGENT.search(a.text) and b.text.endswith(_PARTICIPLE) for a, b in ((self, word), (word, self))):
            return False  # a doer or a quality is not the participle ('influencer', 'acceptable')
        if lang == "fr":
            return self.stem_fr == word.stem_fr
        if lang == "en":
            return self.stem_en == word.stem_en
        return self.stem_fr == word.stem_fr or self.stem_en == word.stem_en


# A doer or a quality is not the participle of its stem: 'influencer' is not 'influenced', 'acceptable' not 'accepté'
_AGENT = re.compile(r"[^e]ers?$|eurs?$|euses?$|[ai]bles?$")  # not 'fees'
_PARTICIPLE = ("ed", "e", "es", "ee", "ees")  # folded: 'influenced', 'influencé(e)(s)'


def token(text: str, num: int | None = None) -> Token:
    """A token for folded text."""
    if num is not None or not text[0].isalpha():
        return Token(text, text, text, num)
    fr, en = stems(text.rstrip("'"))
    return Token(text, fr, en)


@dataclass
class Tokens:
    """The tokens of a question, and where each number placeholder sits."""

    items: list[Token]
    positions: dict[int, int] = field(default_factory=dict)  # number index -> token index

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> Token:
        return self.items[i]

    @property
    def words(self) -> list[str]:
        """The folded texts."""
        return [t.text for t in self.items]


_CONTRACTIONS = ((re.compile(r"\b(what|it|that|there|here|who|how|where|he|she)'s\b"), r"\1 is"),
                 (re.compile(r"n't\b"), " not"), (re.compile(r"'re\b"), " are"), (re.compile(r"\bi'm\b"), "i am"),
                 (re.compile(r"'ve\b"), " have"), (re.compile(r"'ll\b"), " will"), (re.compile(r"'d\b"), " would"),
                 (re.compile(r"\b([a-z]+)s'(?=\s)"), r"\1s"),  # 'customers' lifetime': a plural possessive
                 (re.compile(r"\b([a-z]+)'s\b"), r"\1"))  # "a customer's lifetime value": the possessive goes


def expand_contractions(folded: str) -> str:
    """English contractions written out ('what's' -> 'what is'): French elisions (l', d', qu') are kept."""
    for rx, repl in _CONTRACTIONS:
        folded = rx.sub(repl, folded)
    return folded


def tokenize(folded: str) -> Tokens:
    """Tokens of folded text in which numbers are '#i' placeholders."""
    folded = expand_contractions(folded)
    items: list[Token] = []
    positions: dict[int, int] = {}
    for m in _TOKEN.finditer(folded):
        text = m.group(0)
        if text.startswith("#"):
            positions[int(text[1:])] = len(items)
            items.append(token(text, int(text[1:])))
        else:
            items.append(token(text))
    for k, t in enumerate(items):
        if t.text in _COMPARED and k + 1 < len(items) and items[k + 1].text in _COMPARED[t.text]:
            items[k] = replace(t, comparative=True)
    return Tokens(items, positions)


def phrase_tokens(phrase: str) -> tuple[tuple[Token, ...], str | None]:
    """The content tokens of a declared phrase (all of them when it has only function words: 'at', 'à'), and the
    side of the figure it must be on: 'à #' precedes the figure ('left'), '# each' follows it ('right')."""
    side = None
    if "#" in phrase:
        side = "left" if phrase.strip().endswith("#") else "right"
        phrase = phrase.replace("#", " ")
    toks = tokenize(normalize(phrase)).items
    return tuple(toks), side
