"""Misspelt words corrected towards the reader's vocabulary ('aquisition', 'custmers', 'conversoin').

Only words of six letters or more that are not known and sit within one or two edits of a known word are
changed; the vocabulary is every word of the declarations and of the reader's lexicon, so a new alias is
automatically a correction target too. A common English or French word (pyspellchecker's frequency lists, shipped
in its wheel) is never changed: '140 employer leads' is not '140 employés leads'.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz, process
from spellchecker import SpellChecker

from assistant.reader.vocab import known_words
from knowledge.language import strip_accents

_WORD = re.compile(r"(?<![#\w'])[a-z][a-z-]{5,}")


@functools.cache
def _vocabulary() -> tuple[str, ...]:
    return tuple(sorted(known_words()))


COMMON = 300  # occurrences in pyspellchecker's frequency list above which a word is a real, common one


@functools.cache
def _common_words() -> frozenset[str]:
    """Folded English and French words of six letters or more that are common ('employer', 'conversation')."""
    return frozenset(strip_accents(w).lower() for lang in ("en", "fr")
                     for w, n in SpellChecker(language=lang, distance=1).word_frequency.dictionary.items()
                     if n >= COMMON and len(w) >= 6)


@functools.lru_cache(maxsize=8192)
def _fix(word: str) -> str:
    vocab = _vocabulary()
    if word in known_words() or word in _common_words():
        return word
    best = process.extractOne(word, vocab, scorer=fuzz.ratio, score_cutoff=86)
    return best[0] if best else word


def correct(folded: str) -> str:
    """The folded text with misspelt key words replaced by the known word they are closest to."""
    return _WORD.sub(lambda m: _fix(m.group(0)), folded)
