"""The reader's vocabulary, compiled once from the KPI declarations (tools/kpis/*.yaml) and lexicon.yaml.

Each phrase points at one target: a KPI ('kpi', tool), one of its inputs or auxiliary figures ('field', tool,
name), a cue of the reader's own lexicon ('cue', name) or a noun that counts something no calculator uses
('other', what). Matching is linear in the question: at each token only the phrases starting with that word
(by folded text or by either stem) are tried.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.reader.text import Token, Tokens, phrase_tokens
from tools.registry import all_tools

LEXICON = Path(__file__).with_name("lexicon.yaml")
Target = tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    """One declared phrase and what it names; `rank` is its place in its list (earlier words count more)."""

    tokens: tuple[Token, ...]
    target: Target
    rank: int
    side: str | None = None  # where the figure must be: 'left' of it for 'à #', 'right' for '# each'
    specific: float = 1.0  # 1 for a word only one kind of input has ('lost'), less for one many share ('customers')
    lang: str | None = None  # a word of one language's list matches by that language's stem ('fine' is not 'finit')


@dataclass(frozen=True)
class Mention:
    """A phrase found in the question: token span [start, end) and what it names."""

    start: int
    end: int
    target: Target
    rank: int
    length: int  # content words matched: a longer phrase is more specific
    side: str | None = None
    specific: float = 1.0


@functools.cache
def lexicon() -> dict:
    """The reader's own words: intent cues, change verbs, nouns of things no calculator counts."""
    return yaml.safe_load(LEXICON.read_text(encoding="utf-8"))


def _phrases_for(words: tuple[str, ...], target: Target, lang: str | None = None, first_rank: int = 0) -> list[Phrase]:
    out = []
    for rank, w in enumerate(words, start=first_rank):
        toks, side = phrase_tokens(w)
        if sum(t.is_content for t in toks) >= 2:  # loose phrase: leading/trailing function words are optional
            while toks and not toks[0].is_content:
                toks = toks[1:]
            while toks and not toks[-1].is_content:
                toks = toks[:-1]
        if toks:
            out.append(Phrase(toks, target, rank, side, lang=lang))
    return out


def _phrases_by_lang(en: tuple[str, ...], fr: tuple[str, ...], target: Target) -> list[Phrase]:
    """English phrases first (their ranks first), each matched by its own language's stems."""
    return _phrases_for(tuple(en), target, "en") + _phrases_for(tuple(fr), target, "fr", len(en))


@functools.cache
def vocabulary() -> dict[str, list[Phrase]]:
    """Every phrase, indexed by each form of its first token (text, French stem, English stem)."""
    phrases: list[Phrase] = []
    for spec in all_tools():
        decl = spec.kpi
        phrases += _phrases_by_lang(decl.names.en, decl.names.fr, ("kpi", spec.id))
        # numeric inputs, auxiliary figures, and declared inputs said in words (a lead's criteria)
        for name in dict.fromkeys((*spec.kinds(), *decl.aux, *decl.fields)):
            words = spec.words(name)
            phrases += _phrases_by_lang(words.en, words.fr, ("field", spec.id, name))
    for cue, words in lexicon()["cues"].items():
        phrases += _phrases_by_lang(words.get("en", ()), words.get("fr", ()), ("cue", cue))
    for what, words in lexicon()["other_counts"].items():
        phrases += _phrases_by_lang(words.get("en", ()), words.get("fr", ()), ("other", what))
    phrases = _with_specificity(phrases)
    index: dict[str, list[Phrase]] = {}
    for p in phrases:
        first = p.tokens[0]
        stems = {"fr": {"fr:" + first.stem_fr}, "en": {"en:" + first.stem_en}}.get(
            p.lang, {"fr:" + first.stem_fr, "en:" + first.stem_en})
        for key in {first.text, *stems}:
            index.setdefault(key, []).append(p)
    return index


def _with_specificity(phrases: list[Phrase]) -> list[Phrase]:
    """A field word shared by many kinds of input says less about which one a figure is ('customers': new,
    total, at the start...) than a word only one has ('lost', 'churned')."""
    names: dict[tuple[str, ...], set[str]] = {}
    for p in phrases:
        if p.target[0] == "field":
            names.setdefault(tuple(t.stem_en for t in p.tokens), set()).add(_meaning(p.target))
    out = []
    for p in phrases:
        n = len(names.get(tuple(t.stem_en for t in p.tokens), ())) if p.target[0] == "field" else 1
        specific = 1.0 if n <= 2 else (0.85 if n <= 4 else 0.7)
        out.append(Phrase(p.tokens, p.target, p.rank, p.side, specific, p.lang))
    return out


def _meaning(target: Target) -> str:
    """What an input means across calculators: its glossary entry when it uses one (marketing spend, ad spend and
    an ROI's cost are one meaning: money spent), else the input itself."""
    from tools.declaration import glossary
    from tools.registry import get_tool

    decl = get_tool(target[1]).kpi
    own = decl.fields.get(target[2]) or decl.aux.get(target[2])
    entry = (own.glossary if own else None) or (target[2] if target[2] in glossary() else None)
    return entry or f"{target[1]}.{target[2]}"


def known_words() -> frozenset[str]:
    """Folded words of every phrase (what the typo fixer corrects towards)."""
    return frozenset(t.text for plist in vocabulary().values() for p in plist for t in p.tokens if len(t.text) >= 5)


def _match_at(toks: Tokens, i: int, phrase: Phrase) -> int | None:
    """End index (exclusive) when `phrase` matches from token i.

    A phrase of two content words or more matches loosely: its own function words are optional and up to two
    others may stand between its words ('coût d'acquisition' ~ 'coût de l'acquisition'). A phrase with one content
    word matches exactly ('en fait' is not 'fait').
    """
    loose = sum(t.is_content for t in phrase.tokens) >= 2
    j = i
    for k, want in enumerate(phrase.tokens):
        if want.is_function and loose:
            if j < len(toks) and toks[j].text == want.text:
                j += 1
            continue
        if k and loose:  # between words of a phrase: skip function words and apostrophes, at most two
            skipped = 0
            while j < len(toks) and toks[j].is_function and skipped < 2:
                j += 1
                skipped += 1
        if j >= len(toks) or toks[j].num is not None or not toks[j].matches(want, phrase.lang):
            return None
        j += 1
    return j


def _glued_if_bare(toks: Tokens, m: Mention) -> bool:
    """'à #', 'at #': a phrase of function words only names something only right next to its figure (the verb 'a'
    of 'à Genève a dépensé 3 600 €' and the article of "what's a customer's value" are not 'à')."""
    if m.side is None or not all(toks[k].is_function for k in range(m.start, m.end)):
        return True
    k = m.end if m.side == "left" else m.start - 1
    while 0 <= k < len(toks) and toks[k].text in "€$£":
        k += 1 if m.side == "left" else -1
    return 0 <= k < len(toks) and toks[k].num is not None


def find_mentions(toks: Tokens) -> list[Mention]:
    """Every declared phrase in the question (overlaps allowed; callers pick what they need)."""
    index = vocabulary()
    found: dict[tuple[int, Target], Mention] = {}
    for i, tok in enumerate(toks.items):
        if tok.num is not None or tok.is_punct:
            continue
        seen: set[int] = set()
        for key in (tok.text, "fr:" + tok.stem_fr, "en:" + tok.stem_en):
            for p in index.get(key, ()):
                if id(p) in seen:
                    continue
                seen.add(id(p))
                end = _match_at(toks, i, p)
                if end is None:
                    continue
                m = Mention(i, end, p.target, p.rank, len(p.tokens), p.side, p.specific)
                if not _glued_if_bare(toks, m):
                    continue
                old = found.get((i, p.target))
                if old is None or (m.length, -m.rank) > (old.length, -old.rank):
                    found[(i, p.target)] = m
    return sorted(found.values(), key=lambda m: (m.start, -m.length))


def kpi_mentions(mentions: list[Mention]) -> list[Mention]:
    """KPI names, longest first where they overlap ('taux de clic email' over 'taux de clic'), in text order."""
    names = sorted((m for m in mentions if m.target[0] == "kpi"), key=lambda m: (-(m.end - m.start), m.start))
    kept: list[Mention] = []
    for m in names:  # the same words may name several calculators ('retention'): all are kept
        if all(m.end <= k.start or m.start >= k.end or (m.start, m.end) == (k.start, k.end) for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


@functools.cache
def _phrases_of(words: tuple[str, ...]) -> tuple[Phrase, ...]:
    return tuple(_phrases_for(words, ("says",)))


def says(toks: Tokens, words: tuple[str, ...]) -> bool:
    """True when one of these phrases occurs in the question."""
    phrases = _phrases_of(words)
    return any(_match_at(toks, i, p) is not None for i in range(len(toks)) for p in phrases)
